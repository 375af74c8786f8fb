import { MigrationInterface, QueryRunner } from 'typeorm';

/** Open cases backfilled per statement. */
const BATCH = 500;

/** The fields of a stored case state (`case_summary.state`) the backfill reads. */
interface StoredState {
  stage: string;
  sendingUnit: { id: string; kind: string };
  receivingUnit: { id: string; kind: string };
  official: { id: string };
  proposer: { id: string };
  endDecision: unknown;
  termCompleted: boolean;
  firedTimers: string[];
  evaluations: unknown[];
}

/**
 * Whom an open case awaited under the rules of this migration's time (the domain's `awaitedBy` and
 * its action table then), frozen here: a migration is history, and later changes of the live rules
 * do not rewrite it (the projections' rebuild writes the column by the rules of its day). The inbox
 * keys of every party some awaited action was open to, sorted.
 */
function awaitsOf(s: StoredState): string[] {
  const sendingHead = [`department_head:${s.sendingUnit.id}`, ...(s.sendingUnit.kind === 'commune' ? [`commune_leader:${s.sendingUnit.id}`] : [])];
  const sendingHr = [`hr_officer:${s.sendingUnit.id}`];
  const receivingLeader = [`commune_leader:${s.receivingUnit.id}`, ...(s.receivingUnit.kind === 'department' ? [`department_head:${s.receivingUnit.id}`] : [])];
  const keys: string[] = [];
  switch (s.stage) {
    case 'proposed': // resubmit: the proposer or the sending unit's HR
      keys.push(`user:${s.proposer.id}`, ...sendingHr);
      break;
    case 'department_review': // approve, reject, return for changes: the sending head
      keys.push(...sendingHead);
      break;
    case 'home_affairs_appraisal': // the same, by Home Affairs
      keys.push('home_affairs_officer');
      break;
    case 'party_committee_approval': // the party's opinion
      keys.push('party_secretariat');
      break;
    case 'awaiting_decision': // issue the decision: the sending head or Home Affairs
      keys.push(...sendingHead, 'home_affairs_officer');
      break;
    case 'decision_issued': // confirm the arrival: the receiving unit's leader
      keys.push(...receivingLeader);
      break;
    case 'serving':
    case 'ending':
      // An evaluation fallen due and not recorded: the receiving unit's leader.
      if (s.firedTimers.filter((key) => key.startsWith('evaluation:')).length > s.evaluations.length) keys.push(...receivingLeader);
      // Extend or decide the end, while undecided: the sending head or Home Affairs.
      if (s.stage === 'ending' && s.endDecision === null) keys.push(...sendingHead, 'home_affairs_officer');
      // Confirm the return once the term is completed: the sending unit's HR or head.
      if (s.stage === 'ending' && s.termCompleted) keys.push(...sendingHr, ...sendingHead);
      break;
  }
  return [...new Set(keys)].sort();
}

/** The facts of a case its inbox rules read (the domain's `caseFactsOf` at this migration's time). */
function inboxFactsOf(s: StoredState): object {
  return {
    stage: s.stage,
    sendingUnit: { id: s.sendingUnit.id, kind: s.sendingUnit.kind },
    receivingUnit: { id: s.receivingUnit.id, kind: s.receivingUnit.kind },
    official: { id: s.official.id },
    proposer: { id: s.proposer.id },
    endDecision: s.endDecision,
    termCompleted: s.termCompleted,
    firedTimers: s.firedTimers,
    evaluations: s.evaluations,
  };
}

/**
 * The inbox on the case list: whom each case waits for (case_summary.awaits, the domain's
 * `awaitedBy`: roles by unit, users, province-wide roles) and, while it waits for anyone, the facts
 * of the case the rules read (inbox_facts). An inbox reads the open cases filed under the caller's
 * keys off a GIN index of the open cases, and judges them by their facts, instead of reading every
 * open case's whole state. The open cases are backfilled from their stored state by the rules of
 * the time (`awaitsOf`, `inboxFactsOf`), a batch per statement; a closed case awaits nobody and keeps the defaults. (Should
 * the rules change whom a case awaits, the projections' rebuild writes both columns anew.)
 */
export class InboxAwaits1764691200000 implements MigrationInterface {
  name = 'InboxAwaits1764691200000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE secondment.case_summary ADD COLUMN awaits text[] NOT NULL DEFAULT '{}', ADD COLUMN inbox_facts jsonb`);
    for (let after = ''; ; ) {
      const rows = (await db.query(
        `SELECT case_id AS "caseId", state FROM secondment.case_summary WHERE closed_at IS NULL AND case_id > $1 ORDER BY case_id LIMIT ${BATCH}`,
        [after],
      )) as { caseId: string; state: StoredState }[];
      if (rows.length === 0) break;
      const awaiting = rows.flatMap(({ caseId, state }) => {
        const awaits = awaitsOf(state);
        return awaits.length > 0 ? [{ case_id: caseId, awaits, inbox_facts: inboxFactsOf(state) }] : [];
      });
      if (awaiting.length > 0) {
        await db.query(
          `UPDATE secondment.case_summary c SET awaits = a.awaits, inbox_facts = a.inbox_facts
             FROM jsonb_to_recordset($1::jsonb) AS a(case_id text, awaits text[], inbox_facts jsonb) WHERE c.case_id = a.case_id`,
          [JSON.stringify(awaiting)],
        );
      }
      after = rows[rows.length - 1].caseId;
    }
    // Only the open cases, and written through (no pending list): the inbox reads it on every request.
    await db.query(`CREATE INDEX case_summary_awaits_idx ON secondment.case_summary USING gin (awaits) WITH (fastupdate = off) WHERE closed_at IS NULL`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP INDEX secondment.case_summary_awaits_idx`);
    await db.query(`ALTER TABLE secondment.case_summary DROP COLUMN inbox_facts, DROP COLUMN awaits`);
  }
}
