import { caseSummaryOf, type CaseState } from '@app/domain';
import { MigrationInterface, QueryRunner } from 'typeorm';

/** Open cases backfilled per statement. */
const BATCH = 500;

/**
 * The inbox on the case list: whom each case waits for (case_summary.awaits, the domain's
 * `awaitedBy`: roles by unit, users, province-wide roles) and, while it waits for anyone, the facts
 * of the case the rules read (inbox_facts). An inbox reads the open cases filed under the caller's
 * keys off a GIN index of the open cases, and judges them by their facts, instead of reading every
 * open case's whole state. The open cases are backfilled from their stored state by the domain's
 * own projection, a batch per statement; a closed case awaits nobody and keeps the defaults. (Should
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
      )) as { caseId: string; state: CaseState }[];
      if (rows.length === 0) break;
      const awaiting = rows.flatMap(({ caseId, state }) => {
        const { awaits, inboxFacts } = caseSummaryOf(state);
        return awaits.length > 0 ? [{ case_id: caseId, awaits, inbox_facts: inboxFacts }] : [];
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
