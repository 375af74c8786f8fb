import { ConfigError, readPositiveInt } from '@app/config';
import { SETTINGS } from '../options';
import type { BenchContext, Figure, Scenario, Side } from '../scenario';
import { since } from '../scenario';
import type { MemorySample } from '../worker-memory-process';
import { BaselineWorkload, ProductWorkload, type Workload } from '../worker-memory-workload';

/**
 * The sizes (BENCH_MEMORY_SMALL, BENCH_MEMORY_LARGE): open cases the worker holds at the first and
 * at the second reading. They name the figures, so they are read when the bench loads its scenarios.
 */
const SMALL = readPositiveInt(SETTINGS, 'BENCH_MEMORY_SMALL', 1_000);
const LARGE = readPositiveInt(SETTINGS, 'BENCH_MEMORY_LARGE', 10_000);
if (LARGE < SMALL) throw new ConfigError('BENCH_MEMORY_LARGE', `must be at least BENCH_MEMORY_SMALL (${SMALL})`, String(LARGE));

/** 1 MB = 10^6 bytes. */
const MB = 1e6;

const CACHES = [
  { key: 'Default', label: "the worker's default cache" },
  { key: 'All', label: 'a cache holding them all' },
] as const;

const count = (n: number): string => n.toLocaleString('en');

const figures: Figure[] = [SMALL, LARGE].flatMap((n, i) =>
  CACHES.map((cache) => ({
    key: `${i === 0 ? 'small' : 'large'}${cache.key}`,
    label: `worker RSS per open case, ${count(n)} cases, ${cache.label}`,
    unit: 'MB',
    target: { kind: 'at_most', value: 1 } as const,
  })),
);

/** Resident bytes per workflow held, above the worker's own with none. */
const perCase = (sample: MemorySample, idle: MemorySample, n: number): number => (sample.rss - idle.rss) / n / MB;

function expectCached(sample: MemorySample, n: number, side: Side): void {
  const expected = Math.min(n, sample.cacheSize);
  if (sample.cached !== expected) {
    throw new Error(`the ${side} worker holds ${sample.cached} workflows after ${n} were queried, and its cache of ${sample.cacheSize} should hold ${expected}`);
  }
}

/**
 * Worker memory: what an open case waiting on its timer costs the worker that holds it. Product: the
 * built worker (dist/apps/worker) holding case workflows at department review, each waiting on its
 * deadline timer; baseline: the raw-Temporal worker holding trivial workflows waiting on a timer
 * (benchWaitingWorkflow), both with WORKER_SETTINGS. The zero point is the same worker holding none.
 *
 * A block starts BENCH_MEMORY_LARGE workflows on a task queue of the scenario's own (untimed, with a
 * worker of the side running, stopped after; worker-memory-workload.ts). Then, once with the SDK's
 * default cache and once with WORKER_MAX_CACHED_WORKFLOWS = BENCH_MEMORY_LARGE, a fresh worker
 * process (its resident set is the worker's alone) is read idle, then after a query to each of the
 * first BENCH_MEMORY_SMALL workflows (the worker replays each to answer and keeps it in its cache;
 * the worker's own count of cached workflows is checked), then after a query to each of the rest.
 * Each reading follows a full garbage collection of every heap of the process (the main thread's and
 * the workflow threads': the worker runs with --expose-gc and a probe, worker-memory-probe.ts) and
 * 3 s of settling. The figure is (VmRSS − VmRSS idle) ÷ open cases: with the default cache at
 * BENCH_MEMORY_LARGE, the cost per open case of a worker that keeps only some of them in memory.
 * The block terminates its workflows at its end, so no later scenario finds them. Linux only (VmRSS
 * from /proc).
 *
 * Besides the figures a block reports: `defaultCache` (the SDK's default size, from the V8 heap
 * limit), `idleMb` (the zero point), and with the cache holding all, `marginalKb` (the resident bytes
 * of one more case between the two readings, without the first workflows' one-off costs),
 * `workflowHeapKb` and `mainHeapKb` (the live heap per case in the workflow threads and in the main
 * thread; the rest is native: the SDK's core, the allocator), `openedPerS` and `replayedPerS` (how
 * fast the workflows were started, and replayed into the cache).
 *
 * One block, and no warm-up: a block pair takes from a quarter of an hour to an hour on a small
 * machine (10,000 workflows started, replayed twice and terminated per side, bound by the Temporal
 * server), and a warm-up would warm nothing, as every block starts fresh worker processes. A
 * resident set after a full collection does not vary the way a latency does; the two readings of
 * BENCH_MEMORY_SMALL cases (both caches hold them all) show how much it does.
 */
export const workerMemory: Scenario = {
  id: 'worker-memory',
  title: 'worker memory',
  measures: `resident memory per open case waiting on its timer (at ${count(SMALL)} and ${count(LARGE)}, default cache and one holding all) vs trivial timer-waiting workflows on a raw-Temporal worker`,
  figures,
  maxBlocks: 1,
  officialsPerBlock: () => ({ department: 0, any: 0 }),

  async block(side: Side, context: BenchContext, scale: number): Promise<Record<string, number>> {
    // The warm-up pair is skipped (see above).
    if (scale < 1) return {};
    const workload: Workload = side === 'product' ? await ProductWorkload.prepare(context, LARGE) : await BaselineWorkload.prepare(context, LARGE);
    const values: Record<string, number> = { openedPerS: Math.round(workload.openedPerSecond) };
    try {
      for (const cache of CACHES) {
        const worker = await workload.startWorker(cache.key === 'All' ? LARGE : undefined);
        try {
          const idle = await worker.measure();
          await workload.load(workload.workflowIds.slice(0, SMALL));
          const atSmall = await worker.measure();
          expectCached(atSmall, SMALL, side);
          const loading = performance.now();
          await workload.load(workload.workflowIds.slice(SMALL, LARGE));
          const loadedPerS = (LARGE - SMALL) / (since(loading) / 1000);
          const atLarge = await worker.measure();
          expectCached(atLarge, LARGE, side);
          values[`small${cache.key}`] = perCase(atSmall, idle, SMALL);
          values[`large${cache.key}`] = perCase(atLarge, idle, LARGE);
          if (cache.key === 'Default') {
            values.defaultCache = idle.cacheSize;
            values.idleMb = Math.round(idle.rss / MB);
          } else {
            values.replayedPerS = Math.round(loadedPerS);
            // One more case's bytes, and where they are (see above).
            if (LARGE > SMALL) values.marginalKb = Math.round((atLarge.rss - atSmall.rss) / (LARGE - SMALL) / 1e3);
            values.workflowHeapKb = Math.round((atLarge.workflowHeap - idle.workflowHeap) / LARGE / 1e3);
            values.mainHeapKb = Math.round((atLarge.mainHeap - idle.mainHeap) / LARGE / 1e3);
          }
        } finally {
          await worker.stop();
        }
      }
    } finally {
      await workload.close();
    }
    return values;
  },
};
