import {
  addDays,
  DomainError,
  decide,
  endOfLocalDay,
  evolve,
  localDateOf,
  nextTimer,
  startOfLocalDay,
  SYSTEM_ACTOR,
  type Actor,
  type CaseCommand,
  type CommandOf,
  type CommandType,
  type CaseEvent,
  type CaseForm,
  type CaseTimer,
  type CaseRules,
  type CaseState,
  type LocalDate,
  type Official,
  type Unit,
} from '@app/domain';
import type { Pool } from 'pg';

/**
 * The read side's data: cases made by the domain's own decider, walked from a proposal through the
 * stages by the people who take each step (heads, Home Affairs, the Party secretariat, the
 * receiving leaders), with the timers fired when they fall due, up to now. Each case is a list of
 * valid events; the bench stores them as they are and rebuilds the read models from them.
 */

const DAY = 24 * 60 * 60 * 1000;
const YEAR = 365 * DAY;
const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/** Everyone a case can name or be acted on by, from the stack's province. */
export interface Cast {
  rules: CaseRules;
  units: Unit[];
  officials: Map<string, Official[]>;
  heads: Map<string, Actor>;
  leaders: Map<string, Actor>;
  hr: Map<string, Actor>;
  homeAffairs: Actor[];
  party: Actor;
}

/** A deterministic generator (mulberry32), so two runs seed the same spread. */
export class Random {
  constructor(private seed: number) {}
  next(): number {
    this.seed = (this.seed + 0x6d2b79f5) | 0;
    let t = this.seed;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }
  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)];
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
}

/** Reads the province: its departments and communes with their officials, the accounts that act, the current rules. */
export async function loadCast(db: Pool): Promise<Cast> {
  const [{ rows: ruleRows }, { rows: unitRows }, { rows: officialRows }, { rows: accountRows }] = await Promise.all([
    db.query<{ version: number; rules: CaseRules }>(`SELECT version, rules FROM secondment.province_rules ORDER BY version DESC LIMIT 1`),
    db.query<{ id: string; name: string; kind: 'department' | 'commune' }>(`SELECT id, name, kind FROM secondment.org_unit ORDER BY id`),
    db.query<{ id: string; full_name: string; title: string | null; unit_id: string }>(`SELECT id, full_name, title, unit_id FROM secondment.official ORDER BY id`),
    db.query<{ id: string; display_name: string; role: Actor['role']; unit_id: string | null }>(
      `SELECT id, display_name, role, unit_id FROM secondment.user_account WHERE disabled_at IS NULL ORDER BY id`,
    ),
  ]);
  if (!ruleRows[0]) throw new Error('the province has no rules yet');
  const officials = new Map<string, Official[]>();
  for (const row of officialRows) {
    const list = officials.get(row.unit_id) ?? [];
    list.push({ id: row.id, name: row.full_name, ...(row.title ? { title: row.title } : {}) });
    officials.set(row.unit_id, list);
  }
  const units = unitRows.filter((u) => (officials.get(u.id)?.length ?? 0) > 0);
  const byRole = (role: string) => new Map(accountRows.filter((a) => a.role === role && a.unit_id).map((a) => [a.unit_id!, actorOf(a)]));
  const heads = byRole('department_head');
  const leaders = byRole('commune_leader');
  const hr = byRole('hr_officer');
  // Units with no account of their own get a made-up one: events name an actor, not an account.
  for (const unit of units) {
    const slug = unit.id.slice(0, 40);
    if (unit.kind === 'department' && !heads.has(unit.id)) heads.set(unit.id, { id: `gd.${slug}`, name: `Giám đốc ${unit.name}`, role: 'department_head', unitId: unit.id });
    if (unit.kind === 'commune' && !leaders.has(unit.id)) leaders.set(unit.id, { id: `ct.${slug}`, name: `Chủ tịch UBND ${unit.name}`, role: 'commune_leader', unitId: unit.id });
    if (!hr.has(unit.id)) hr.set(unit.id, { id: `tccb.${slug}`, name: `Cán bộ tổ chức ${unit.name}`, role: 'hr_officer', unitId: unit.id });
  }
  const homeAffairs = accountRows.filter((a) => a.role === 'home_affairs_officer').map(actorOf);
  const party = accountRows.filter((a) => a.role === 'party_secretariat').map(actorOf)[0] ?? { id: 'vp.tinhuy', name: 'Văn phòng Tỉnh ủy', role: 'party_secretariat' };
  if (homeAffairs.length === 0) throw new Error('the province has no Home Affairs account');
  return { rules: { ...ruleRows[0].rules, version: ruleRows[0].version }, units: units.map(({ id, name, kind }) => ({ id, name, kind })), officials, heads, leaders, hr, homeAffairs, party };
}

function actorOf(row: { id: string; display_name: string; role: Actor['role']; unit_id: string | null }): Actor {
  return { id: row.id, name: row.display_name, role: row.role, ...(row.unit_id ? { unitId: row.unit_id } : {}) };
}

/** The case's walk: its state and events so far, each step judged by the decider. */
class Walk {
  state: CaseState | null = null;
  readonly events: CaseEvent[] = [];
  /** The plan for the stage opened at a version: what happens there, and after how long. */
  private readonly plans = new Map<number, { choice: number; days: number }>();

  constructor(readonly rng: Random) {}

  apply(command: CaseCommand): void {
    const events = decide(command, this.state);
    for (const event of events) this.state = evolve(this.state, event);
    this.events.push(...events);
  }

  /** Fires a timer that has fallen due, as the workflow does. */
  fire(timer: CaseTimer): void {
    this.apply({ type: 'fireTimer', key: timer.key, actor: SYSTEM_ACTOR, at: new Date(timer.at).toISOString() });
  }

  /** The plan of the current stage, drawn once: a choice in [0, 1) and a number of days. */
  plan(minDays: number, maxDays: number): { choice: number; days: number } {
    const version = this.state!.stageOpenedVersion;
    let plan = this.plans.get(version);
    if (!plan) {
      plan = { choice: this.rng.next(), days: this.rng.int(minDays, maxDays) };
      this.plans.set(version, plan);
    }
    return plan;
  }
}

/** An office-hours instant `days` after the local day of `from` (09:00–16:00 in Hà Nội). */
function officeTime(from: number | string, days: number, rng: Random): number {
  const day = addDays(localDateOf(from), days);
  return startOfLocalDay(day) + (9 + rng.int(0, 6)) * 60 * 60 * 1000 + rng.int(0, 59) * 60 * 1000;
}

const documentId = (rng: Random): string => `sha256:${rng.int(0, 0xffffffff).toString(16).padStart(8, '0')}${rng.int(0, 0xffffffff).toString(16).padStart(8, '0')}`;
const local = (at: number): LocalDate => localDateOf(at);
const iso = (at: number): string => new Date(at).toISOString();

/** A command without its time, which the step gives it. */
type Unstamped = { [T in CommandType]: Omit<CommandOf<T>, 'at'> }[CommandType];

interface Step {
  at: number;
  command: CaseCommand;
}

/** The next human step of the case, when the people involved take it; null when the case waits for a timer. */
function nextStep(walk: Walk, cast: Cast, proposer: Actor): Step | null {
  const s = walk.state!;
  const rng = walk.rng;
  const head = s.sendingUnit.kind === 'department' ? cast.heads.get(s.sendingUnit.id)! : cast.leaders.get(s.sendingUnit.id)!;
  const receiver = s.receivingUnit.kind === 'commune' ? cast.leaders.get(s.receivingUnit.id)! : cast.heads.get(s.receivingUnit.id)!;
  const homeAffairs = cast.homeAffairs.find((a) => a.id !== proposer.id) ?? cast.homeAffairs[0];
  const opened = s.stageOpenedAt;
  const step = (days: number, command: Unstamped): Step => {
    const at = officeTime(opened, days, rng);
    return { at, command: { ...command, at: iso(at) } };
  };
  switch (s.stage) {
    case 'proposed': {
      const { days } = walk.plan(2, 10);
      return step(days, { type: 'resubmit', changes: { position: `${s.position} (bổ sung)` }, comment: 'Đã bổ sung hồ sơ', actor: proposer });
    }
    case 'department_review':
    case 'home_affairs_appraisal': {
      const review = s.stage === 'department_review';
      const { choice, days } = walk.plan(1, review ? 9 : 16);
      const actor = review ? head : homeAffairs;
      // A case returned once is approved or rejected the second time.
      const returned = s.approvals.length === 0 && walk.events.some((e) => e.type === 'ReturnedForChanges');
      if (choice < 0.04) return step(days, { type: 'reject', reason: 'Không đáp ứng yêu cầu vị trí việc làm', actor });
      if (choice < 0.1 && !returned) return step(days, { type: 'returnForChanges', reason: 'Bổ sung văn bản thống nhất giữa hai cơ quan', actor });
      if (choice < 0.12) return step(days, { type: 'withdraw', reason: 'Đơn vị rút đề xuất', actor: proposer });
      return step(days, { type: 'approve', comment: review ? 'Đồng ý cử đi' : 'Đủ điều kiện, trình Thường trực Tỉnh ủy', actor });
    }
    case 'party_committee_approval': {
      const { choice, days } = walk.plan(5, 25);
      const at = officeTime(opened, days, rng);
      const opinion = choice < 0.03 ? 'disagree' : 'agree';
      return {
        at,
        command: {
          type: 'recordPartyOpinion',
          documentNumber: `${rng.int(100, 999)}-CV/TU`,
          documentDate: local(at),
          opinion,
          ...(opinion === 'disagree' ? { comment: 'Chưa phù hợp quy hoạch cán bộ' } : {}),
          actor: cast.party,
          at: iso(at),
        },
      };
    }
    case 'awaiting_decision': {
      const { choice, days } = walk.plan(1, 8);
      if (choice < 0.03) return step(days, { type: 'reject', reason: 'Không ban hành quyết định', actor: homeAffairs });
      const at = officeTime(opened, days, rng);
      const decisionDate = local(at);
      const attachments: Extract<CaseCommand, { type: 'issueDecision' }>['attachments'] = [
        { kind: 'units_agreement', documentId: documentId(rng), name: 'Văn bản thống nhất giữa hai cơ quan' },
        { kind: 'meeting_record', documentId: documentId(rng), name: 'Biên bản gặp công chức' },
      ];
      if (s.form === 'rotation') attachments.push({ kind: 'health_certificate', documentId: documentId(rng), name: 'Giấy chứng nhận sức khỏe', issuedOn: addDays(decisionDate, -20) });
      return {
        at,
        command: {
          type: 'issueDecision',
          decisionNumber: `${rng.int(1000, 9999)}/QĐ-UBND`,
          decisionDate,
          signer: { name: 'Hồ Kỳ Minh', title: 'Phó Chủ tịch UBND tỉnh' },
          effectiveDate: addDays(decisionDate, rng.int(7, 20)),
          attachments,
          actor: homeAffairs,
          at: iso(at),
        },
      };
    }
    case 'decision_issued': {
      const { choice } = walk.plan(0, 0);
      if (choice < 0.02) return step(2, { type: 'revokeDecision', documentNumber: `${rng.int(1000, 9999)}/QĐ-UBND`, documentDate: local(officeTime(opened, 2, rng)), reason: 'Công chức xin thôi việc', actor: homeAffairs });
      const effective = s.decision!.effectiveDate;
      const at = startOfLocalDay(effective) + 8.5 * 60 * 60 * 1000;
      return { at, command: { type: 'confirmArrival', arrivedOn: effective, assignedWork: `Phụ trách ${s.position.toLowerCase()}`, actor: receiver, at: iso(at) } };
    }
    case 'posted':
      return null;
    case 'serving':
    case 'ending': {
      const steps: Step[] = [];
      const dues = walk.events.filter((e) => e.type === 'EvaluationDue');
      if (dues.length > s.evaluations.length) {
        const due = dues[s.evaluations.length];
        const at = officeTime(due.at, 5 + (s.evaluations.length % 4) * 7, rng);
        steps.push({ at, command: { type: 'recordEvaluation', period: `Năm thứ ${s.evaluations.length + 1}`, rating: rng.pick(['excellent', 'good', 'good', 'satisfactory'] as const), actor: receiver, at: iso(at) } });
      }
      if (s.stage === 'ending' && !s.endDecision) {
        const { choice, days } = walk.plan(5, 60);
        // Some ends are decided only after the term has run out (the case shows as overdue meanwhile).
        const at = choice < 0.06 ? endOfLocalDay(s.termEnd!) + days * DAY : officeTime(opened, days, rng);
        const decisionDate = local(at);
        if (choice > 0.9 && s.form !== 'reinforcement' && s.extensions.length === 0) {
          steps.push({
            at,
            command: { type: 'extend', decisionNumber: `${rng.int(100, 999)}/QĐ-UBND`, decisionDate, by: { months: 6, days: 0 }, reason: 'Đơn vị tiếp nhận chưa tuyển được người', legalBasisOverride: 'Nghị quyết HĐND tỉnh về tăng cường cán bộ cho cơ sở', actor: head, at: iso(at) },
          });
        } else {
          steps.push({ at, command: { type: 'decideEnd', decisionNumber: `${rng.int(100, 999)}/QĐ-${s.sendingUnit.kind === 'department' ? 'S' : 'UBND'}`, decisionDate, actor: head, at: iso(at) } });
        }
      }
      if (s.stage === 'ending' && s.termCompleted) {
        const at = officeTime(startOfLocalDay(s.termEnd!), walk.rng.int(1, 5), rng);
        steps.push({
          at,
          command: { type: 'confirmReturn', returnedOn: local(at), placement: { position: s.official.title ?? 'Chuyên viên', unitName: s.sendingUnit.name }, actor: cast.hr.get(s.sendingUnit.id)!, at: iso(at) },
        });
      }
      return steps.sort((a, b) => a.at - b.at)[0] ?? null;
    }
    default:
      return null;
  }
}

/** The term a proposal names, by form (a transfer has none; a rotation takes the default). */
function termOf(form: CaseForm, rng: Random): { months: number; days: number } | undefined {
  if (form === 'secondment') return { months: rng.pick([6, 12, 12, 24, 24, 30]), days: 0 };
  if (form === 'reinforcement') return { months: rng.pick([3, 4, 6]), days: 0 };
  return undefined;
}

export interface SeededCase {
  caseId: string;
  events: CaseEvent[];
  open: boolean;
}

/**
 * One case of `official` (from `sendingUnit`), proposed at `proposedAt` and walked up to `now`: the
 * people act after a few days at each step (sometimes late, so deadlines pass), a few cases are
 * returned, rejected, withdrawn or revoked, a transfer closes on arrival, a term runs its course
 * and the official comes back. Throws if the decider refuses a step: the walk must stay valid.
 */
export function walkCase(cast: Cast, rng: Random, official: Official, sendingUnit: Unit, proposedAt: number, now: number): SeededCase {
  const form: CaseForm = rng.pick(['secondment', 'secondment', 'secondment', 'secondment', 'reinforcement', 'reinforcement', 'rotation', 'transfer']);
  const communes = cast.units.filter((u) => u.kind === 'commune' && u.id !== sendingUnit.id);
  const departments = cast.units.filter((u) => u.kind === 'department' && u.id !== sendingUnit.id);
  const receivingUnit = form === 'transfer' && rng.chance(0.4) ? rng.pick(departments) : rng.pick(communes);
  // The sending unit's HR officer proposes, or Home Affairs (a commune's leader may too, but then no one could review it but a deputy).
  const proposer = rng.chance(0.25) ? rng.pick(cast.homeAffairs) : cast.hr.get(sendingUnit.id)!;
  const year = local(proposedAt).slice(0, 4);
  const caseId = `HS-${year}-${Array.from({ length: 8 }, () => CROCKFORD[rng.int(0, 31)]).join('')}`;
  const walk = new Walk(rng);
  const term = termOf(form, rng);
  walk.apply({
    type: 'propose',
    caseId,
    form,
    official,
    sendingUnit,
    receivingUnit,
    position: rng.pick(['Công chức Tài chính – Kế toán', 'Công chức Địa chính – Xây dựng', 'Công chức Văn phòng – Thống kê', 'Công chức Tư pháp – Hộ tịch', 'Phó Chủ tịch UBND']),
    plannedStart: addDays(local(proposedAt), 45),
    ...(term ? { term } : {}),
    reason: 'Bổ sung nhân lực cho cơ sở sau sắp xếp đơn vị hành chính',
    rules: cast.rules,
    actor: proposer,
    at: iso(proposedAt),
  });
  // Whatever comes first, a step or a timer, until neither comes by now. (pendingTimers is the costly
  // part of a walk, so each round asks for the next timer once.)
  for (let guard = 0; guard < 200 && walk.state!.stage !== 'closed'; guard += 1) {
    const step = nextStep(walk, cast, proposer);
    const timer = nextTimer(walk.state);
    if (timer && timer.at <= now && (!step || timer.at < step.at)) {
      walk.fire(timer);
      continue;
    }
    if (!step || step.at > now) break;
    try {
      walk.apply(step.command);
    } catch (error) {
      if (error instanceof DomainError) throw new Error(`seeding ${caseId}: ${step.command.type} at ${walk.state!.stage} refused: ${error.message}`, { cause: error });
      throw error;
    }
  }
  return { caseId, events: walk.events, open: walk.state!.stage !== 'closed' };
}

/**
 * Stores cases' events as the event store does (one row per event, versions from 1), many cases
 * per statement as one JSON array of rows (an array parameter per column makes PostgreSQL parse
 * every payload twice, escaped and then as JSON). The read models are not touched: the rebuild makes them.
 */
export async function insertEvents(db: Pool, cases: readonly SeededCase[]): Promise<number> {
  const rows = cases.flatMap((c) => c.events.map((event, i) => ({ case_id: c.caseId, version: i + 1, type: event.type, payload: event.data, actor: event.actor, occurred_at: event.at })));
  await db.query(
    `INSERT INTO secondment.domain_event (case_id, version, type, payload, actor, occurred_at)
     SELECT case_id, version, type, payload, actor, occurred_at
       FROM jsonb_to_recordset($1::jsonb) AS e(case_id text, version int, type text, payload jsonb, actor jsonb, occurred_at timestamptz)`,
    [JSON.stringify(rows)],
  );
  return rows.length;
}

/** An official with no open case, and their unit: a recent case may name them. */
export interface FreeOfficial {
  official: Official;
  unit: Unit;
}

export interface SeedReport {
  cases: number;
  events: number;
  /** Cases still open now. */
  open: number;
  /** Cases walked through the decider (the others are twins of closed ones). */
  walks: number;
  /** Milliseconds walking the cases through the decider, and storing their events. */
  walkMs: number;
  insertMs: number;
}

/** Cases per INSERT statement (about a dozen events each). */
const SEED_BATCH = 2000;

/**
 * Seeds `count` cases. A share (`recentShare`) begin in the last three and a half years, each
 * naming an official from `free` (handed out once; one whose case has closed by now goes back),
 * so that an official has at most one open case; the rest began four and a half to nine and a half
 * years ago, are closed, and name any official of the province, weighted by the size of their unit.
 * A walk that ends closed stands for `reuse` cases, each with its own id and another official of
 * the same unit (the walk never looks at who the official is): walking is the costly part, the
 * decider's timers and working-day calendar. Walking the next batch overlaps storing the previous one.
 */
export async function seedCases(db: Pool, cast: Cast, rng: Random, count: number, free: FreeOfficial[], now: number, recentShare: number, reuse: number): Promise<SeedReport> {
  const everyone = cast.units.flatMap((unit) => cast.officials.get(unit.id)!.map((official) => ({ official, unit })));
  const report: SeedReport = { cases: 0, events: 0, open: 0, walks: 0, walkMs: 0, insertMs: 0 };
  let storing: Promise<void> = Promise.resolve();
  for (let done = 0; done < count; ) {
    const started = performance.now();
    const batch: SeededCase[] = [];
    while (batch.length < SEED_BATCH && done < count) {
      const recent = free.length > 0 && rng.chance(recentShare);
      const who = recent ? free.pop()! : rng.pick(everyone);
      const proposedAt = recent ? now - rng.next() * 3.5 * YEAR : now - (4.5 + rng.next() * 5) * YEAR;
      const seeded = walkCase(cast, rng, who.official, who.unit, Math.floor(proposedAt), now);
      report.walks += 1;
      if (recent && !seeded.open) free.unshift(who);
      const copies = seeded.open ? [seeded] : [seeded, ...Array.from({ length: Math.min(reuse, count - done) - 1 }, () => twinOf(seeded, rng, cast.officials.get(who.unit.id)!))];
      for (const c of copies) {
        if (c.open) report.open += 1;
        report.events += c.events.length;
        batch.push(c);
        done += 1;
      }
    }
    report.cases += batch.length;
    report.walkMs += performance.now() - started;
    await storing;
    storing = (async () => {
      const at = performance.now();
      await insertEvents(db, batch);
      report.insertMs += performance.now() - at;
    })();
  }
  await storing;
  return report;
}

/** The same closed case for another official of its unit, under a new id. */
function twinOf(seeded: SeededCase, rng: Random, officials: readonly Official[]): SeededCase {
  const [proposed, ...rest] = seeded.events;
  if (proposed.type !== 'CaseProposed') throw new Error('a case begins with its proposal');
  const caseId = `${proposed.data.caseId.slice(0, 8)}${Array.from({ length: 8 }, () => CROCKFORD[rng.int(0, 31)]).join('')}`;
  return { caseId, open: false, events: [{ ...proposed, data: { ...proposed.data, caseId, official: rng.pick(officials) } }, ...rest] };
}
