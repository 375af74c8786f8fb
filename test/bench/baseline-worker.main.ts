import { join } from 'node:path';
import { readLogLevel, readTemporalConfig } from '@app/config';
import { createLogger } from '@app/logging';
import { projectRoot } from '@app/config/project-root';
import { bundleWorkflows, connectWorker, workerSettings } from '@app/temporal-worker';
import { DefaultLogger, Runtime, Worker, type LogEntry } from '@temporalio/worker';

/**
 * The baseline's worker: a raw Temporal worker running test/bench/baseline.workflow.ts on its own
 * task queue (TEMPORAL_TASK_QUEUE), with the product worker's settings (workerSettings: WORKER_SETTINGS
 * and WORKER_MAX_CACHED_WORKFLOWS, the SDK's defaults otherwise), in its own process like the product's
 * worker. It tells its parent (`process.send`) once it polls, and stops on SIGTERM after the tasks it holds.
 */
async function main(): Promise<void> {
  const log = createLogger('bench.baseline-worker');
  const level = readLogLevel();
  Runtime.install({
    logger: new DefaultLogger(level === 'fatal' || level === 'error' ? 'ERROR' : level === 'warn' ? 'WARN' : 'INFO', (entry: LogEntry) => {
      const method = entry.level === 'ERROR' ? 'error' : entry.level === 'WARN' ? 'warn' : 'info';
      log[method](entry.message, entry.meta);
    }),
  });
  const config = readTemporalConfig();
  // A bundle built beforehand (the worker-memory scenario builds one, so that no bundling shows in the worker's memory).
  const bundlePath = process.env.BASELINE_WORKFLOW_BUNDLE_PATH?.trim();
  const workflowBundle = bundlePath ? { codePath: bundlePath } : await bundleWorkflows(join(projectRoot(), 'test', 'bench', 'baseline.workflow.ts'));
  const connection = await connectWorker(config);
  try {
    const worker = await Worker.create({
      connection,
      namespace: config.namespace,
      taskQueue: config.taskQueue,
      workflowBundle,
      ...workerSettings(),
    });
    const running = worker.run();
    process.send?.({ ready: true });
    await running;
  } finally {
    await connection.close();
  }
}

main().catch((error: unknown) => {
  createLogger('bench.baseline-worker').fatal('baseline worker failed', { err: error });
  process.exit(1);
});
