import type { TemporalConfig } from '@app/config';
import type { Logger } from '@app/logging';
import type { Baseline } from './baseline';
import type { Province } from './fixture';
import { HttpError, type BenchApi } from './http';
import type { Target } from './stats';

export type Side = 'baseline' | 'product';

/** One figure a scenario reports: measured on both sides (or on the product only), and its target. */
export interface Figure {
  key: string;
  label: string;
  unit: string;
  target: Target;
  /** Measured on the product only (no baseline in the same run): the baseline's blocks carry no value for it. */
  productOnly?: boolean;
}

/** What a scenario runs against: the API, the baseline, the province's officials, and the sizes asked for. */
export interface BenchContext {
  api: BenchApi;
  baseline: Baseline;
  province: Province;
  sizes: Sizes;
  log: Logger;
  /** The stack's PostgreSQL (the embedded one, or DATABASE_URL). */
  databaseUrl: string;
  /** The stack's Temporal (the dev server it started, or TEMPORAL_ADDRESS); `taskQueue` is the product worker's. */
  temporal: TemporalConfig;
  /** The environment the stack was started with (DATA_DIR, ports, …), for a scenario that starts a process of its own. */
  env: NodeJS.ProcessEnv;
}

export interface Sizes {
  /** Concurrent requests (or updates, or starts) in the throughput runs. */
  concurrency: number;
  /** Approvals timed one at a time (p50, p99) per block. */
  approvalsSequential: number;
  /** Approvals at `concurrency` per block. */
  approvalsConcurrent: number;
  /** Single nominations (POST /cases) at `concurrency` per block. */
  nominations: number;
  /** Nominations in the one batch request per block. */
  batch: number;
}

/**
 * A scenario: what it measures on each side, one block at a time. The bench runs it in alternating
 * blocks (baseline, product, baseline, …) after a warm-up pair it discards; `scale` < 1 shrinks the
 * warm-up. A block prepares what it needs untimed, and returns the value of each figure.
 */
export interface Scenario {
  id: string;
  title: string;
  /** One line: what the product side measures, and against what baseline. */
  measures: string;
  figures: Figure[];
  /**
   * At most this many blocks per side, whatever BENCH_BLOCKS asks: for a scenario whose block takes
   * minutes and whose figure varies little between blocks (its doc says why). Unset: BENCH_BLOCKS.
   */
  maxBlocks?: number;
  /**
   * Officials a product block needs at `scale` 1, so the bench can check there are enough before it
   * starts: `department` ones (approvals need a department head), and `any` (communes' first).
   */
  officialsPerBlock(sizes: Sizes): { department: number; any: number };
  /**
   * The value of each figure (by key); a block may add counts that are no figure, such as
   * `failed` (requests answered 503 in a throughput run), which are printed and kept in the JSON.
   */
  block(side: Side, context: BenchContext, scale: number): Promise<Record<string, number>>;
}

/** Milliseconds since `start` (from performance.now()). */
export function since(start: number): number {
  return performance.now() - start;
}

/** `n` scaled for a warm-up block, at least 1. */
export function scaled(n: number, scale: number): number {
  return Math.max(1, Math.round(n * scale));
}

/**
 * Runs one timed request; a 503 (the product did not confirm in time, ACTION_TIMEOUT_MS) is counted
 * as a failure rather than ending the run, so an overloaded block still reports what it did.
 * Any other error ends the run: the bench's own setup is wrong.
 */
export async function counted(call: () => Promise<void>, tally: { failed: number }): Promise<boolean> {
  try {
    await call();
    return true;
  } catch (error) {
    if (error instanceof HttpError && error.status === 503) {
      tally.failed += 1;
      return false;
    }
    throw error;
  }
}
