import { readPositiveInt } from '@app/config';
import { Client } from 'pg';
import { approve, casesAtReview, type AtReview } from '../fixture';
import type { BenchContext, Scenario, Side } from '../scenario';
import { counted, scaled } from '../scenario';
import { mapConcurrently, median, percentile } from '../stats';
import { SETTINGS } from '../options';


/** Approvals per block (BENCH_LAG_APPROVALS); each needs an official of a department. */
const APPROVALS = readPositiveInt(SETTINGS, 'BENCH_LAG_APPROVALS', 150);
/** Approvals in flight (BENCH_LAG_CONCURRENCY); the bench's concurrency unless set. */
const CONCURRENCY = SETTINGS.BENCH_LAG_CONCURRENCY?.trim() ? readPositiveInt(SETTINGS, 'BENCH_LAG_CONCURRENCY', 1) : undefined;

/**
 * The watcher's pause between two polls. A poll bounds each commit to the interval since the one
 * before, so the interval (this pause and the poll itself: `pollMs`) is the measure's resolution;
 * with no pause the watcher would keep a PostgreSQL backend busy on a machine the product shares.
 */
const POLL_PAUSE_MS = 1;

/** How long after the last answer the watcher waits for a case it has not seen yet before it calls the run broken. */
const GRACE_MS = 30_000;

/** How long the block waits for the dispatcher to work through the approvals' emails. */
const EMAIL_WAIT_MS = 60_000;

/** Epoch milliseconds as float8 (microseconds kept): pg would round a timestamptz to a JS Date's milliseconds. */
const epochMs = (column: string) => `(extract(epoch FROM ${column}) * 1000)::float8`;

/**
 * Polls the read model (secondment.case_summary) on a connection of its own until every case shows
 * a version past the one it had, and records when each first did. A row visible to a statement was
 * committed before the statement's snapshot, taken at its start, and was not visible to the poll
 * before: so its commit lies between the two polls' `statement_timestamp()`, and the later one,
 * recorded as the moment it was seen, is late by at most one poll interval.
 */
class ReadModelWatcher {
  /** Case id → epoch ms of the first poll that saw its new version. */
  readonly seen = new Map<string, number>();
  /** Epoch ms of every poll. */
  readonly polls: number[] = [];
  private readonly pending: Map<string, number>;
  private deadline = Number.POSITIVE_INFINITY;
  private running?: Promise<void>;

  constructor(
    private readonly db: Client,
    cases: readonly AtReview[],
  ) {
    this.pending = new Map(cases.map((c) => [c.caseId, c.version]));
  }

  start(): void {
    const running = this.loop();
    // Its failure is reported by finish(); until then it must not count as unhandled.
    running.catch(() => undefined);
    this.running = running;
  }

  /** Waits until every case was seen, at most GRACE_MS from now. */
  async finish(): Promise<void> {
    this.deadline = Date.now() + GRACE_MS;
    await this.running;
    if (this.pending.size > 0) throw new Error(`${this.pending.size} approved cases never showed their new version in the read model within ${GRACE_MS / 1000} s of the last answer`);
  }

  private async loop(): Promise<void> {
    while (this.pending.size > 0 && Date.now() < this.deadline) {
      const ids = [...this.pending.keys()];
      const { rows } = await this.db.query<{ at: number; seen: string[] }>(
        `SELECT ${epochMs('statement_timestamp()')} AS at,
                array(SELECT s.case_id FROM unnest($1::text[], $2::int[]) AS p(id, v)
                        JOIN secondment.case_summary s ON s.case_id = p.id AND s.version > p.v) AS seen`,
        [ids, ids.map((id) => this.pending.get(id))],
      );
      const [{ at, seen }] = rows;
      this.polls.push(at);
      for (const id of seen) {
        this.seen.set(id, at);
        this.pending.delete(id);
      }
      await new Promise((resolve) => setTimeout(resolve, POLL_PAUSE_MS));
    }
  }
}

/**
 * The email deliveries the approvals' notifications queued (the one part fed asynchronously: the
 * in-app notifications are written in the events' transaction), once the dispatcher has worked
 * through them: milliseconds from the outbox row to its delivery (or, with no SMTP_URL, its line in the log).
 */
async function emailLags(db: Client, cases: readonly AtReview[]): Promise<number[]> {
  const query = `SELECT d.status, ${epochMs('d.delivered_at - d.created_at')} AS lag
                   FROM unnest($1::text[], $2::int[]) AS p(id, v)
                   JOIN secondment.notification n ON n.case_id = p.id AND n.event_version = p.v + 1
                   JOIN secondment.delivery d ON d.notification_id = n.id AND d.channel = 'email'`;
  const args = [cases.map((c) => c.caseId), cases.map((c) => c.version)];
  const deadline = Date.now() + EMAIL_WAIT_MS;
  for (;;) {
    const { rows } = await db.query<{ status: string; lag: number | null }>(query, args);
    const open = rows.filter((r) => r.status === 'pending' || r.status === 'sending');
    if (open.length === 0) return rows.filter((r) => r.lag !== null).map((r) => r.lag!);
    if (Date.now() > deadline) throw new Error(`${open.length} of the approvals' email deliveries were still not sent ${EMAIL_WAIT_MS / 1000} s after the run`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

/**
 * Projection lag: how long after a decision is accepted it is visible in the read model. Department
 * heads' approvals go through the API (BENCH_LAG_APPROVALS of them, BENCH_LAG_CONCURRENCY or the
 * bench's concurrency in flight) while a watcher on its own connection polls secondment.case_summary
 * for each case's new version (ReadModelWatcher: when it first saw it, within one poll interval).
 *
 * "Accepted" is the moment the workflow took the decision: the event's `occurred_at`, the clock of
 * the workflow task that ran the Update handler (set by the Temporal server, on the same machine as
 * PostgreSQL unless TEMPORAL_ADDRESS points elsewhere, when clock skew enters the figure). So the lag
 * covers the rest of that task, the local activity that stores the events, and its transaction
 * (events, read models, outbox) up to the commit. The read model is written in the events'
 * transaction: it is never behind the event store, and the in-app notifications neither.
 *
 * Extra counts place the lag in the round trip, p50 of each leg: request sent → accepted
 * (`requestP50`), accepted → event row inserted (`toInsertP50`, the event's `recorded_at`, PostgreSQL's
 * clock_timestamp() at the insert), inserted → visible (`toVisibleP50`, `toVisibleP99`: the
 * transaction and its commit, on PostgreSQL's clock alone), visible → answer received (`toAnswerP50`);
 * `pollMs` is the watcher's median poll interval. `email…` counts the one part fed asynchronously:
 * the approvals' emails, from their outbox row to the dispatcher's delivery. The product alone; there
 * is no baseline. Three blocks at most (maxBlocks): each approval takes an official of a department,
 * the kind the province has fewest of (about 2,400, most of them the human step's).
 */
export const projectionLag: Scenario = {
  id: 'projection-lag',
  title: 'projection lag',
  measures: 'decision accepted (the event’s occurred_at) → its new version first seen in the read model by a polling connection, approvals through the API at the bench’s concurrency',
  figures: [
    { key: 'p50', label: 'projection lag p50', unit: 'ms', target: { kind: 'reported' }, productOnly: true },
    { key: 'p99', label: 'projection lag p99', unit: 'ms', target: { kind: 'at_most', value: 100 }, productOnly: true },
  ],
  maxBlocks: 3,
  officialsPerBlock: () => ({ department: APPROVALS, any: 0 }),

  async block(side: Side, context: BenchContext, scale: number): Promise<Record<string, number>> {
    if (side === 'baseline') throw new Error('projection lag has no baseline');
    const cases = await casesAtReview(context.api, context.province, scaled(APPROVALS, scale));
    const db = new Client({ connectionString: context.databaseUrl });
    await db.connect();
    try {
      const watcher = new ReadModelWatcher(db, cases);
      watcher.start();
      const tally = { failed: 0 };
      // When each request left and its answer came, on this machine's clock, to place the lag in the whole round trip.
      const sent = new Map<string, number>();
      const answered = new Map<string, number>();
      await mapConcurrently(cases, CONCURRENCY ?? context.sizes.concurrency, async (item) => {
        sent.set(item.caseId, wallClock());
        await counted(() => approve(context.api, item), tally);
        answered.set(item.caseId, wallClock());
      });
      await watcher.finish();

      const { rows } = await db.query<{ id: string; occurred: number; recorded: number }>(
        `SELECT e.case_id AS id, ${epochMs('e.occurred_at')} AS occurred, ${epochMs('e.recorded_at')} AS recorded
           FROM unnest($1::text[], $2::int[]) AS p(id, v) JOIN secondment.domain_event e ON e.case_id = p.id AND e.version = p.v + 1`,
        [cases.map((c) => c.caseId), cases.map((c) => c.version)],
      );
      if (rows.length !== cases.length) throw new Error(`${cases.length - rows.length} approved cases have no event after the version they were at`);
      const seen = (id: string) => watcher.seen.get(id)!;
      const lags = rows.map((r) => seen(r.id) - r.occurred);
      const intervals = watcher.polls.slice(1).map((at, i) => at - watcher.polls[i]);
      const emails = await emailLags(db, cases);
      const p50 = (values: number[]) => round(percentile(values, 50));
      return {
        p50: percentile(lags, 50),
        p99: percentile(lags, 99),
        // The round trip in four legs (p50 each): request sent → accepted, accepted → event row inserted, inserted → visible (also p99), visible → answer received.
        requestP50: p50(rows.map((r) => r.occurred - sent.get(r.id)!)),
        toInsertP50: p50(rows.map((r) => r.recorded - r.occurred)),
        toVisibleP50: p50(rows.map((r) => seen(r.id) - r.recorded)),
        toVisibleP99: round(percentile(rows.map((r) => seen(r.id) - r.recorded), 99)),
        toAnswerP50: p50(rows.map((r) => answered.get(r.id)! - seen(r.id))),
        pollMs: round(intervals.length > 0 ? median(intervals) : 0),
        emailsPerApproval: round(emails.length / cases.length),
        ...(emails.length > 0 ? { emailP50: Math.round(percentile(emails, 50)), emailP99: Math.round(percentile(emails, 99)) } : {}),
        failed: tally.failed,
      };
    } finally {
      await db.end();
    }
  },
};

/** Epoch milliseconds with the sub-millisecond part Date.now() drops. */
function wallClock(): number {
  return performance.timeOrigin + performance.now();
}

/** Two decimals, for the extra counts a block prints as they are. */
function round(value: number): number {
  return Math.round(value * 100) / 100;
}
