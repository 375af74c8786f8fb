import type { WorkerOptions } from '@temporalio/worker';

/**
 * The worker settings beyond the SDK's defaults, shared by the product worker and the benchmark's
 * baseline worker (test/bench), so that a baseline is measured with the same settings as the product.
 */
export const WORKER_SETTINGS = {
  shutdownGraceTime: '10 seconds',
} as const satisfies Partial<WorkerOptions>;
