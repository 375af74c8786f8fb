import { execFile } from 'node:child_process';
import { cpus } from 'node:os';
import { promisify } from 'node:util';
import { readPositiveInt } from '@app/config';
import type { Logger } from '@app/logging';
import { Client } from 'pg';
import { provisionPgbench } from '@app/infra/pgbench';
import type { BenchContext, Scenario, Side } from '../scenario';
import { counted, scaled, since } from '../scenario';
import { mapConcurrently } from '../stats';
import { approve, casesAtReview } from '../fixture';
import { SETTINGS } from '../options';

const run = promisify(execFile);

/** Approvals per product block (BENCH_WRITE_APPROVALS), at the bench's concurrency. */
const APPROVALS = readPositiveInt(SETTINGS, 'BENCH_WRITE_APPROVALS', 100);
/** Seconds of pgbench per baseline block (BENCH_PGBENCH_SECONDS). */
const PGBENCH_SECONDS = readPositiveInt(SETTINGS, 'BENCH_PGBENCH_SECONDS', 10);
/** pgbench's scale factor (BENCH_PGBENCH_SCALE): 100,000 accounts each, so the clients' updates rarely meet on a row. */
const PGBENCH_SCALE = readPositiveInt(SETTINGS, 'BENCH_PGBENCH_SCALE', 10);
/** pgbench's own database on the stack's server, beside the product's. */
const PGBENCH_DATABASE = 'bench_pgbench';

/**
 * PostgreSQL's backends publish their table counters at most once a second, and an idle one within
 * 10 s (PGSTAT_IDLE_INTERVAL): counters unchanged this long hold every write made before.
 */
const QUIET_MS = 11_000;
/** At most this long for the counters to settle; the product writing all the while would spoil the measure. */
const QUIET_LIMIT_MS = 120_000;
/** pgbench's backends publish theirs as they exit: a short settle after it ends is enough. */
const PGBENCH_QUIET_MS = 2_000;

/** Rows inserted, updated and deleted, per table, as pg_stat_user_tables counts them. */
type Writes = Map<string, { ins: number; upd: number; del: number }>;

interface Snapshot {
  writes: Writes;
  /** pg_current_wal_lsn(), as text. */
  lsn: string;
}

/**
 * The WAL between two positions by table, in bytes per unit of work: each record (full-page images
 * included) counted to the table whose block it changes first, an index's or TOAST table's counted
 * to its table; `wal.other` is the rest (commit records, the catalog, as autovacuum's analyze writes
 * it, other databases, page headers). Read with pg_walinspect (PostgreSQL 16 and later, as a
 * superuser), installed in pgbench's database so that the product's stays as migrations leave it;
 * where it cannot be, nothing.
 */
async function walByTable(db: Client, schema: string, pgbenchDb: Client, from: string, to: string, units: number): Promise<Record<string, number>> {
  try {
    const { rows: relations } = await db.query<{ database: string; node: string; table: string }>(
      `SELECT (SELECT oid FROM pg_database WHERE datname = current_database())::text AS database, c.relfilenode::text AS node,
              coalesce(toast_owner.relname, owner.relname, c.relname) AS table
         FROM pg_class c
         LEFT JOIN pg_index i ON i.indexrelid = c.oid
         LEFT JOIN pg_class owner ON owner.oid = i.indrelid OR owner.reltoastrelid = c.oid
         LEFT JOIN pg_class toast_owner ON toast_owner.reltoastrelid = owner.oid
         JOIN pg_namespace n ON n.oid = coalesce(toast_owner.relnamespace, owner.relnamespace, c.relnamespace)
        WHERE n.nspname = $1 AND c.relfilenode <> 0`,
      [schema],
    );
    const tableOf = new Map(relations.map((r) => [`${r.database}/${r.node}`, r.table]));
    await pgbenchDb.query(`CREATE EXTENSION IF NOT EXISTS pg_walinspect`);
    const { rows } = await pgbenchDb.query<{ database: string; node: string; bytes: string }>(
      `SELECT reldatabase::text AS database, relfilenode::text AS node, sum(record_length) AS bytes
         FROM (SELECT DISTINCT ON (start_lsn) reldatabase, relfilenode, record_length
                 FROM pg_get_wal_block_info($1::pg_lsn, $2::pg_lsn, false) ORDER BY start_lsn, block_id) AS first_block
        GROUP BY 1, 2`,
      [from, to],
    );
    const bytes: Record<string, number> = {};
    for (const row of rows) {
      const table = tableOf.get(`${row.database}/${row.node}`);
      if (table) bytes[table] = (bytes[table] ?? 0) + Number(row.bytes);
    }
    const attributed = Object.values(bytes).reduce((sum, b) => sum + b, 0);
    const perUnit: Record<string, number> = {};
    for (const [table, b] of Object.entries(bytes).sort(([, a], [, b_]) => b_ - a)) perUnit[`wal.${table}`] = Math.round(b / units);
    perUnit['wal.other'] = Math.round(((await walBytes(pgbenchDb, from, to)) - attributed) / units);
    return perUnit;
  } catch {
    return {};
  }
}

/** Two decimals, for the extra counts a block prints as they are. */
const round = (value: number) => Math.round(value * 100) / 100;

const total = (writes: Writes) => [...writes.values()].reduce((sum, w) => sum + w.ins + w.upd + w.del, 0);

async function snapshot(db: Client, schema: string): Promise<Snapshot> {
  const { rows } = await db.query<{ table: string; ins: string; upd: string; del: string; lsn: string }>(
    `SELECT relname AS table, n_tup_ins AS ins, n_tup_upd AS upd, n_tup_del AS del, pg_current_wal_lsn()::text AS lsn
       FROM pg_stat_user_tables WHERE schemaname = $1`,
    [schema],
  );
  return { writes: new Map(rows.map((r) => [r.table, { ins: Number(r.ins), upd: Number(r.upd), del: Number(r.del) }])), lsn: rows[0]?.lsn ?? '0/0' };
}

/** The schema's counters once no write has moved them for `quietMs`. */
async function settled(db: Client, schema: string, quietMs: number): Promise<Snapshot> {
  const started = Date.now();
  let last = await snapshot(db, schema);
  let changedAt = Date.now();
  for (;;) {
    await new Promise((resolve) => setTimeout(resolve, 500));
    const next = await snapshot(db, schema);
    if (total(next.writes) !== total(last.writes)) {
      last = next;
      changedAt = Date.now();
    } else if (Date.now() - changedAt >= quietMs) {
      return next;
    }
    if (Date.now() - started > QUIET_LIMIT_MS) throw new Error(`the ${schema} tables kept being written for ${QUIET_LIMIT_MS / 1000} s: something besides the bench writes to them`);
  }
}

/** after − before, per table, only the tables written to. */
function delta(before: Writes, after: Writes): Writes {
  const changed: Writes = new Map();
  for (const [table, a] of after) {
    const b = before.get(table) ?? { ins: 0, upd: 0, del: 0 };
    const d = { ins: a.ins - b.ins, upd: a.upd - b.upd, del: a.del - b.del };
    if (d.ins || d.upd || d.del) changed.set(table, d);
  }
  return changed;
}

async function walBytes(db: Client, from: string, to: string): Promise<number> {
  const { rows } = await db.query<{ bytes: string }>(`SELECT pg_wal_lsn_diff($2::pg_lsn, $1::pg_lsn) AS bytes`, [from, to]);
  return Number(rows[0].bytes);
}

/** libpq's environment for a postgres:// URL, for pgbench (the URL's password stays out of its arguments). */
function libpqEnv(url: string, database: string): NodeJS.ProcessEnv {
  const parsed = new URL(url);
  return {
    ...process.env,
    PGHOST: parsed.hostname,
    PGPORT: parsed.port || '5432',
    PGUSER: decodeURIComponent(parsed.username),
    PGPASSWORD: decodeURIComponent(parsed.password),
    PGDATABASE: database,
    ...(parsed.searchParams.get('sslmode') ? { PGSSLMODE: parsed.searchParams.get('sslmode')! } : {}),
  };
}

interface Pgbench {
  path: string;
  env: NodeJS.ProcessEnv;
  url: string;
}

let pgbenchReady: Promise<Pgbench> | undefined;

/**
 * Once per run: pgbench provisioned (infra/pgbench.ts), its database created on the stack's server
 * when missing, and its tables initialised at PGBENCH_SCALE (pgbench -i drops and refills them).
 */
function preparePgbench(context: BenchContext, log: Logger): Promise<Pgbench> {
  return (pgbenchReady ??= (async () => {
    const binary = await provisionPgbench(log, process.env);
    const admin = new Client({ connectionString: context.databaseUrl });
    await admin.connect();
    try {
      const { rowCount } = await admin.query(`SELECT 1 FROM pg_database WHERE datname = $1`, [PGBENCH_DATABASE]);
      if (!rowCount) await admin.query(`CREATE DATABASE ${PGBENCH_DATABASE}`);
    } finally {
      await admin.end();
    }
    const env = libpqEnv(context.databaseUrl, PGBENCH_DATABASE);
    await run(binary.path!, ['-i', '-q', '-s', String(PGBENCH_SCALE)], { env, timeout: 10 * 60_000, maxBuffer: 16 * 1024 * 1024 });
    const url = new URL(context.databaseUrl);
    url.pathname = `/${PGBENCH_DATABASE}`;
    return { path: binary.path!, env, url: url.toString() };
  })());
}

/**
 * pgbench's builtin simple-update (per transaction: an UPDATE of pgbench_accounts, a SELECT of it, an
 * INSERT into pgbench_history) at the bench's concurrency for PGBENCH_SECONDS, with pgbench's own
 * vacuum skipped (-n; the product gets none either). Rows written per transaction are counted from
 * the same counters as the product's, not assumed.
 */
async function baselineBlock(context: BenchContext, scale: number): Promise<Record<string, number>> {
  const pgbench = await preparePgbench(context, context.log.child('pgbench'));
  const seconds = scaled(PGBENCH_SECONDS, scale);
  const clients = context.sizes.concurrency;
  const db = new Client({ connectionString: pgbench.url });
  await db.connect();
  try {
    // Settled too: the first block's comes right after pgbench -i, whose backend may still be publishing its rows.
    const before = await settled(db, 'public', PGBENCH_QUIET_MS);
    const { stdout } = await run(pgbench.path, ['-n', '-b', 'simple-update', '-c', String(clients), '-j', String(Math.min(clients, cpus().length)), '-T', String(seconds)], {
      env: pgbench.env,
      timeout: (seconds + 120) * 1000,
      maxBuffer: 16 * 1024 * 1024,
    });
    const after = await settled(db, 'public', PGBENCH_QUIET_MS);
    const tps = Number(/^tps = ([\d.]+) \(without initial connection time\)/m.exec(stdout)?.[1]);
    const transactions = Number(/^number of transactions actually processed: (\d+)/m.exec(stdout)?.[1]);
    if (!(tps > 0) || !(transactions > 0)) throw new Error(`pgbench printed no rate: ${stdout.slice(-600)}`);
    const rowsPerTx = total(delta(before.writes, after.writes)) / transactions;
    const walPerTx = (await walBytes(db, before.lsn, after.lsn)) / transactions;
    return {
      rowWrites: rowsPerTx * tps,
      tps: round(tps),
      rowsPerTx: round(rowsPerTx),
      walBytesPerTx: Math.round(walPerTx),
      ...(await walByTable(db, 'public', db, before.lsn, after.lsn, transactions)),
    };
  } finally {
    await db.end();
  }
}

/**
 * The product: `approvals` department heads' approvals through the API at the bench's concurrency,
 * between two settled readings of the secondment schema's counters (and the WAL position): every row
 * an approval makes the product write, in its transaction and after (the API's idempotency record,
 * the dispatcher's work on the outbox), divided by the cases it moved on.
 */
async function productBlock(context: BenchContext, scale: number): Promise<Record<string, number>> {
  const cases = await casesAtReview(context.api, context.province, scaled(APPROVALS, scale));
  const pgbench = await preparePgbench(context, context.log.child('pgbench'));
  const db = new Client({ connectionString: context.databaseUrl });
  const pgbenchDb = new Client({ connectionString: pgbench.url });
  await db.connect();
  await pgbenchDb.connect();
  try {
    const before = await settled(db, 'secondment', QUIET_MS);
    const tally = { failed: 0 };
    const started = performance.now();
    await mapConcurrently(cases, context.sizes.concurrency, (item) => counted(() => approve(context.api, item), tally));
    const perSecond = cases.length / (since(started) / 1000);
    const after = await settled(db, 'secondment', QUIET_MS);

    const { rows } = await db.query<{ moved: string }>(
      `SELECT count(*) AS moved FROM unnest($1::text[], $2::int[]) AS p(id, v) JOIN secondment.case_summary s ON s.case_id = p.id AND s.version > p.v`,
      [cases.map((c) => c.caseId), cases.map((c) => c.version)],
    );
    const approved = Number(rows[0].moved);
    if (approved !== cases.length) throw new Error(`${cases.length - approved} of ${cases.length} approvals never took effect`);
    const writes = delta(before.writes, after.writes);
    const rowsPerApproval = total(writes) / approved;
    const walPerApproval = (await walBytes(db, before.lsn, after.lsn)) / approved;
    // Which rows an approval writes, table by table: `<table>.ins 1` is one row inserted per approval.
    const perTable: Record<string, number> = {};
    for (const [table, w] of [...writes].sort(([a], [b]) => a.localeCompare(b))) {
      for (const op of ['ins', 'upd', 'del'] as const) if (w[op]) perTable[`${table}.${op}`] = round(w[op] / approved);
    }
    return {
      rowWrites: rowsPerApproval * perSecond,
      approvalsPerSecond: round(perSecond),
      rowsPerApproval: round(rowsPerApproval),
      walBytesPerApproval: Math.round(walPerApproval),
      failed: tally.failed,
      ...perTable,
      ...(await walByTable(db, 'secondment', pgbenchDb, before.lsn, after.lsn, approved)),
    };
  } finally {
    await db.end();
    await pgbenchDb.end();
  }
}

/**
 * Write amplification: what an approval costs PostgreSQL, next to what the same server does under a
 * plain write workload. Baseline: pgbench's builtin simple-update on the same server, in a database
 * of its own (`bench_pgbench`), at the bench's concurrency. Product: rows written per approval ×
 * approvals/s (BENCH_WRITE_APPROVALS per block), the rows counted by pg_stat_user_tables over the
 * secondment schema. The figure is row writes/s; its ratio, the product's share of pgbench's rate,
 * is only reported. Extra counts: approvals/s, rows and WAL bytes per approval (from
 * pg_current_wal_lsn(), the whole server's; nothing else writes meanwhile), `<table>.<ins|upd|del>`,
 * the rows an approval writes in each table, and `wal.<table>`, its WAL bytes by table, indexes
 * included (walByTable); pgbench's tps, and the same per transaction. WAL is no figure: the
 * full-page images swing it with the checkpoints (pgbench's from about 0.4 to 6 kB a transaction
 * between blocks of one run). A product block waits twice for the counters to settle (QUIET_MS), and
 * rows per approval hardly vary: three blocks at most.
 */
export const writeAmplification: Scenario = {
  id: 'write-amplification',
  title: 'write amplification',
  measures: 'rows written per approval × approvals/s at the bench’s concurrency vs pgbench simple-update on the same PostgreSQL (row writes/s)',
  figures: [
    { key: 'rowWrites', label: 'write amplification, row writes/s', unit: '/s', target: { kind: 'reported' } },
  ],
  maxBlocks: 3,
  officialsPerBlock: () => ({ department: APPROVALS, any: 0 }),

  block(side: Side, context: BenchContext, scale: number): Promise<Record<string, number>> {
    return side === 'baseline' ? baselineBlock(context, scale) : productBlock(context, scale);
  },
};
