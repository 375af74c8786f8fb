import { readWorkerConfig, type Env } from '@app/config';
import type { WorkerOptions } from '@temporalio/worker';

/**
 * The worker settings beyond the SDK's defaults, shared by the product worker and the benchmark's
 * baseline worker (test/bench), so that a baseline is measured with the same settings as the product.
 */
export const WORKER_SETTINGS = {
  shutdownGraceTime: '10 seconds',
} as const satisfies Partial<WorkerOptions>;

/**
 * WORKER_SETTINGS with what the environment sets (readWorkerConfig: the workflow cache's size), for
 * a worker about to be created; unset, the SDK's default stands.
 */
export function workerSettings(env: Env = process.env): Partial<WorkerOptions> {
  const { maxCachedWorkflows } = readWorkerConfig(env);
  return { ...WORKER_SETTINGS, ...(maxCachedWorkflows === undefined ? {} : { maxCachedWorkflows }) };
}
