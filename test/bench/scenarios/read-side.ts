import { readPositiveInt } from '@app/config';
import { createDataSource, rebuildProjections } from '@app/persistence';
import { Pool } from 'pg';
import { NOMINATOR } from '../fixture';
import { SETTINGS } from '../options';
import { loadCast, Random, seedCases, type Cast, type FreeOfficial } from '../read-side-seed';
import type { BenchContext, Figure, Scenario, Side } from '../scenario';
import { scaled, since } from '../scenario';
import { median, percentile } from '../stats';

/** The two sizes, in cases in the read model (the other scenarios' cases count). */
const SIZES = [readPositiveInt(SETTINGS, 'BENCH_READ_CASES_SMALL', 10_000), readPositiveInt(SETTINGS, 'BENCH_READ_CASES_LARGE', 100_000)];
/** Rounds per size (SELECT 1, then the product's requests), each giving a p50 and a p95. */
const ROUNDS = readPositiveInt(SETTINGS, 'BENCH_READ_ROUNDS', 5);
/** Requests per route per round. */
const REQUESTS = readPositiveInt(SETTINGS, 'BENCH_READ_REQUESTS', 40);
/** The share of seeded cases that begin recently (and so may still be open), as a percentage. */
const RECENT_PERCENT = readPositiveInt(SETTINGS, 'BENCH_READ_RECENT_PERCENT', 35);
/** How many cases one closed walk stands for (1: every case walked on its own). */
const REUSE = readPositiveInt(SETTINGS, 'BENCH_READ_REUSE', 4);

const ROUTES = [
  { key: 'list', label: 'pipeline list (GET /cases)' },
  { key: 'filtered', label: "pipeline list, a department's open cases" },
  { key: 'pipeline', label: 'pipeline summary (GET /pipeline)' },
  { key: 'inbox', label: 'inbox, Home Affairs (GET /inbox)' },
  { key: 'headInbox', label: 'inbox, a department head' },
  { key: 'timeline', label: 'case timeline (GET /cases/:id)' },
] as const;
type Route = (typeof ROUTES)[number]['key'];

const tag = (size: number): string => (size % 1000 === 0 ? `${size / 1000}k` : String(size));
const keyOf = (route: Route, size: number, p: 'p50' | 'p95'): string => `${route}${tag(size)}_${p}`;

/** A p95 at the large size is held to 20 ms; the rest are reported, each with its ratio to SELECT 1. */
const FIGURES: Figure[] = SIZES.flatMap((size, i) =>
  ROUTES.flatMap((route) =>
    (['p50', 'p95'] as const).map(
      (p): Figure => ({
        key: keyOf(route.key, size, p),
        label: `read side at ${tag(size)} cases, ${route.label} ${p}`,
        unit: 'ms',
        target: p === 'p95' && i === SIZES.length - 1 ? { kind: 'at_most', value: 20 } : { kind: 'reported' },
      }),
    ),
  ),
);

/** What a round requests: the paths, and who asks. */
interface Targets {
  head: string;
  department: string;
  caseIds: string[];
}

/** The scenario's state across blocks: the seeded sizes stay (the events are immutable), the database grows. */
const state: { rng: Random; cast?: Cast; free?: FreeOfficial[]; now: number; grown: Map<number, Record<string, number>> } = {
  rng: new Random(20_260_801),
  now: Date.now(),
  grown: new Map(),
};

const say = (text: string): void => {
  process.stdout.write(`${text}\n`);
};

/** One GET timed to the last byte of the answer (not its parsing), as the caller's token; the body parsed after. */
async function timedGet(context: BenchContext, user: string, path: string): Promise<{ ms: number; body: unknown }> {
  const token = context.api.tokens.get(user);
  if (!token) throw new Error(`${user} is not signed in`);
  const start = performance.now();
  const response = await fetch(`${context.api.baseUrl}/api/v1${path}`, { headers: { accept: 'application/json', authorization: `Bearer ${token}` } });
  const text = await response.text();
  const ms = since(start);
  if (!response.ok) throw new Error(`GET ${path}: ${response.status} ${text.slice(0, 300)}`);
  return { ms, body: JSON.parse(text) as unknown };
}

function pathOf(route: Route, targets: Targets, rng: Random): string {
  switch (route) {
    case 'list':
      return '/cases';
    case 'filtered':
      return `/cases?department=${encodeURIComponent(targets.department)}&open=true`;
    case 'pipeline':
      return '/pipeline';
    case 'inbox':
    case 'headInbox':
      return '/inbox';
    case 'timeline':
      return `/cases/${encodeURIComponent(rng.pick(targets.caseIds))}`;
  }
}

/** `count` SELECT 1 round trips over the pool, one at a time: p50 and p95. */
async function selectOne(pool: Pool, count: number): Promise<{ p50: number; p95: number }> {
  const samples: number[] = [];
  for (let i = 0; i < count; i += 1) {
    const start = performance.now();
    await pool.query('SELECT 1');
    samples.push(since(start));
  }
  return { p50: percentile(samples, 50), p95: percentile(samples, 95) };
}

/** One round of the product: `count` requests per route, the routes interleaved; p50 and p95 per route, and the inboxes' sizes. */
async function productRound(context: BenchContext, targets: Targets, count: number): Promise<{ values: Record<Route, { p50: number; p95: number }>; items: Record<string, number> }> {
  const samples = Object.fromEntries(ROUTES.map((r) => [r.key, [] as number[]])) as Record<Route, number[]>;
  const items: Record<string, number> = {};
  for (let i = 0; i < count; i += 1) {
    for (const { key } of ROUTES) {
      const user = key === 'headInbox' ? targets.head : NOMINATOR;
      const { ms, body } = await timedGet(context, user, pathOf(key, targets, state.rng));
      samples[key].push(ms);
      if (key === 'inbox' || key === 'headInbox') items[key] = (body as unknown[]).length;
      if (key === 'list' || key === 'filtered') items[key] = (body as { total: number }).total;
    }
  }
  const values = Object.fromEntries(ROUTES.map((r) => [r.key, { p50: percentile(samples[r.key], 50), p95: percentile(samples[r.key], 95) }])) as Record<Route, { p50: number; p95: number }>;
  return { values, items };
}

/** What the rounds ask for at the current size: the department with the most open cases and its head, and cases to open. */
async function targetsOf(context: BenchContext, db: Pool): Promise<Targets> {
  const [{ rows: busiest }, { rows: sample }] = await Promise.all([
    db.query<{ unit_id: string }>(
      `SELECT s.sending_unit_id AS unit_id FROM secondment.case_summary s JOIN secondment.org_unit u ON u.id = s.sending_unit_id
        WHERE s.closed_at IS NULL AND u.kind = 'department' GROUP BY 1 ORDER BY count(*) DESC LIMIT 1`,
    ),
    db.query<{ case_id: string }>(`SELECT case_id FROM secondment.case_summary ORDER BY random() LIMIT 1000`),
  ]);
  const department = busiest[0]?.unit_id;
  if (!department) throw new Error('no department has an open case');
  return { department, head: await context.province.headOf(department), caseIds: sample.map((row) => row.case_id) };
}

/** The database grown to `size` cases, once: the warm-up grows it to the first size, the block goes on from there. */
async function grownTo(context: BenchContext, db: Pool, size: number): Promise<Record<string, number>> {
  let values = state.grown.get(size);
  if (!values) {
    values = await growTo(context, db, size);
    state.grown.set(size, values);
  }
  return values;
}

/**
 * Grows the database to `size` cases: events made by the decider, stored directly, then the read
 * models rebuilt from all the events (timed: it is the product's rebuild).
 */
async function growTo(context: BenchContext, db: Pool, size: number): Promise<Record<string, number>> {
  if (!state.cast) {
    state.cast = await loadCast(db);
    // Officials with no open case, handed out by the bench: a recent case names one, so that nobody has two open cases.
    const wanted = Math.min(context.province.available.department + context.province.available.commune, Math.ceil((SIZES[SIZES.length - 1] * RECENT_PERCENT) / 100));
    const names = new Map([...state.cast.officials.values()].flat().map((o) => [o.id, o]));
    const units = new Map(state.cast.units.map((u) => [u.id, u]));
    state.free = context.province.take(wanted, ['commune', 'department']).map((o) => ({ official: names.get(o.id)!, unit: units.get(o.unitId)! }));
  }
  const [{ count: before }] = (await db.query<{ count: number }>(`SELECT count(*)::int AS count FROM secondment.case_summary`)).rows;
  const seeded = await seedCases(db, state.cast, state.rng, Math.max(0, size - before), state.free!, state.now, RECENT_PERCENT / 100, REUSE);
  const dataSource = createDataSource(context.databaseUrl, 2);
  await dataSource.initialize();
  let rebuilt: Awaited<ReturnType<typeof rebuildProjections>>;
  try {
    rebuilt = await rebuildProjections(dataSource);
  } finally {
    await dataSource.destroy();
  }
  const [{ open }] = (await db.query<{ open: number }>(`SELECT count(*) FILTER (WHERE closed_at IS NULL)::int AS open FROM secondment.case_summary`)).rows;
  const t = tag(size);
  say(
    `    ${t}: seeded ${seeded.cases} cases (${seeded.events} events; ${seeded.walks} walks in ${(seeded.walkMs / 1000).toFixed(1)} s, stored in ${(seeded.insertMs / 1000).toFixed(1)} s); ` +
      `rebuilt ${rebuilt.cases} cases from ${rebuilt.events} events in ${(rebuilt.ms / 1000).toFixed(1)} s; ${open} open`,
  );
  return {
    [`cases${t}`]: rebuilt.cases,
    [`open${t}`]: open,
    [`seedSeconds${t}`]: Math.round((seeded.walkMs + seeded.insertMs) / 100) / 10,
    [`rebuildSeconds${t}`]: Math.round(rebuilt.ms / 100) / 10,
  };
}

/**
 * The read side. Product: the pipeline list (default paging, and one department's open cases), the
 * pipeline summary, the inbox of Home Affairs and of a department head, and a case's timeline, each
 * a GET through the API as a province-wide user (Home Affairs, which nominates), at two sizes of
 * the database (10k and 100k cases by default), the larger grown from the smaller. Baseline: a
 * SELECT 1 round trip over a pg pool from the bench to the same PostgreSQL. The cases are seeded
 * untimed, once per size, as events made by the domain's decider (realistic stages, forms and units
 * across the province's departments and communes), and the read models are rebuilt from them.
 *
 * One block per side (maxBlocks): the seeding only grows, so the sizes cannot take turns across the
 * bench's blocks. Inside the product's block each size runs BENCH_READ_ROUNDS rounds, SELECT 1 and
 * then the product in turn (a line each), and a figure is the median of the rounds' p50s or p95s.
 * The product's warm-up seeds the first size and runs a short round on it. Each seeded size adds
 * its counts to the block: cases, open cases, seconds seeding and rebuilding, inbox items.
 */
export const readSide: Scenario = {
  id: 'read-side',
  title: 'read side',
  measures: `list, pipeline, inboxes and a timeline through the API at ${SIZES.map(tag).join(' and ')} cases vs a SELECT 1 round trip to the same PostgreSQL`,
  figures: FIGURES,
  maxBlocks: 1,
  // It hands out the officials left after the other scenarios, for its open cases: it needs none of its own.
  officialsPerBlock: () => ({ department: 0, any: 0 }),

  async block(side: Side, context: BenchContext, scale: number): Promise<Record<string, number>> {
    // SELECT 1's pool, of the size of the API's; the bench's own reads and writes go through it too, never while timed.
    const pool = new Pool({ connectionString: context.databaseUrl, max: 10 });
    try {
      const requests = scaled(REQUESTS, scale);
      if (side === 'baseline') {
        const rounds = Array.from({ length: scale < 1 ? 1 : ROUNDS }, () => 0);
        const measured: { p50: number; p95: number }[] = [];
        for (const _ of rounds) measured.push(await selectOne(pool, requests * ROUTES.length));
        const p50 = median(measured.map((m) => m.p50));
        const p95 = median(measured.map((m) => m.p95));
        return Object.fromEntries(FIGURES.map((f) => [f.key, f.key.endsWith('_p50') ? p50 : p95]));
      }
      if (scale < 1) {
        // The warm-up: the routes at the first size (seeded here, so the block starts from it).
        await grownTo(context, pool, SIZES[0]);
        const { values } = await productRound(context, await targetsOf(context, pool), requests);
        return Object.fromEntries(SIZES.flatMap((size) => ROUTES.flatMap((r) => (['p50', 'p95'] as const).map((p) => [keyOf(r.key, size, p), values[r.key][p]]))));
      }
      const values: Record<string, number> = {};
      for (const size of SIZES) {
        Object.assign(values, await grownTo(context, pool, size));
        const targets = await targetsOf(context, pool);
        const rounds: Awaited<ReturnType<typeof productRound>>[] = [];
        for (let round = 1; round <= ROUNDS; round += 1) {
          const baseline = await selectOne(pool, requests * ROUTES.length);
          const started = performance.now();
          const measured = await productRound(context, targets, requests);
          rounds.push(measured);
          const shown = ROUTES.map((r) => `${r.key} ${measured.values[r.key].p50.toFixed(1)}/${measured.values[r.key].p95.toFixed(1)}`).join(', ');
          say(`    ${tag(size)} round ${round}: SELECT 1 ${baseline.p50.toFixed(2)}/${baseline.p95.toFixed(2)} ms; ${shown} ms (p50/p95, ${(since(started) / 1000).toFixed(1)} s)`);
        }
        for (const route of ROUTES) {
          for (const p of ['p50', 'p95'] as const) values[keyOf(route.key, size, p)] = median(rounds.map((r) => r.values[route.key][p]));
        }
        const last = rounds[rounds.length - 1].items;
        values[`inboxItems${tag(size)}`] = last.inbox;
        values[`headInboxItems${tag(size)}`] = last.headInbox;
      }
      return values;
    } finally {
      await pool.end();
    }
  },
};
