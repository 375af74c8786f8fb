import { Injectable, Logger } from '@nestjs/common';
import { readTemporalConfig, type TemporalConfig } from '@app/config';
import { assertSearchAttributes, closeConnection, connectClient, ensureNotificationSchedule } from '@app/temporal-client';
import { bundleWorkflows, connectWorker, workerSettings } from '@app/temporal-worker';
import { NativeConnection, Worker, type WorkerOptions } from '@temporalio/worker';
import { CaseActivitiesService } from './activities/case.activities';
import { NotificationActivitiesService } from './activities/notification.activities';

/** Binds a provider's methods, so Temporal can call them as plain functions. */
function activitiesOf<T extends object>(provider: T, names: (keyof T)[]): Record<string, (...args: never[]) => unknown> {
  const bound: Record<string, (...args: never[]) => unknown> = {};
  for (const name of names) {
    const method = provider[name];
    if (typeof method !== 'function') throw new Error(`activity ${String(name)} is not a method`);
    bound[String(name)] = (method as (...args: never[]) => unknown).bind(provider);
  }
  return bound;
}

/**
 * Creates and runs the Temporal worker. `run()` resolves once the worker has shut down (on SIGINT
 * or SIGTERM, handled by the Temporal runtime, or on `shutdown()`), after in-flight tasks finish.
 */
@Injectable()
export class TemporalWorkerRunner {
  private readonly logger = new Logger(TemporalWorkerRunner.name);
  private worker?: Worker;
  private connection?: NativeConnection;
  private shutdownRequested = false;

  constructor(
    private readonly caseActivities: CaseActivitiesService,
    private readonly notificationActivities: NotificationActivitiesService,
  ) {}

  /** With `schedule`, also starts the digest schedule of the task queue (joining it if it runs). */
  async create(config: TemporalConfig = readTemporalConfig(), options: { schedule?: boolean } = {}): Promise<Worker> {
    const client = await connectClient(config);
    try {
      await assertSearchAttributes(client, config.namespace);
      if (options.schedule) this.logger.log({ msg: 'digest schedule running', workflowId: await ensureNotificationSchedule(client, config.namespace, config.taskQueue) });
    } finally {
      await closeConnection(client);
    }
    const bundlePath = process.env.WORKFLOW_BUNDLE_PATH?.trim();
    const started = Date.now();
    const workflowSource: Pick<WorkerOptions, 'workflowBundle'> = {
      workflowBundle: bundlePath ? { codePath: bundlePath } : await bundleWorkflows(),
    };
    this.logger.log({ msg: 'workflow code ready', prebuilt: Boolean(bundlePath), ms: Date.now() - started });
    const connection = await connectWorker(config);
    this.connection = connection;
    try {
      this.worker = await Worker.create({
        connection,
        namespace: config.namespace,
        taskQueue: config.taskQueue,
        ...workflowSource,
        activities: {
          ...activitiesOf(this.caseActivities, ['recordEvents']),
          ...activitiesOf(this.notificationActivities, ['composeDigests']),
        },
        ...workerSettings(),
      });
    } catch (error) {
      await connection.close();
      throw error;
    }
    // The cache's size is logged as the SDK settled it (WORKER_MAX_CACHED_WORKFLOWS, or its default from the heap limit).
    this.logger.log({ msg: 'worker ready', address: config.address, namespace: config.namespace, taskQueue: config.taskQueue, maxCachedWorkflows: this.worker.options.maxCachedWorkflows });
    return this.worker;
  }

  async run(config?: TemporalConfig): Promise<void> {
    const worker = this.worker ?? (await this.create(config));
    try {
      // A stop asked for while the worker was still starting (bundling, connecting) is honoured here:
      // a created worker must still run to release its connection, so it runs and stops at once.
      if (this.shutdownRequested) await worker.runUntil(Promise.resolve());
      else await worker.run();
    } finally {
      await this.connection?.close();
      this.logger.log({ msg: 'worker stopped' });
    }
  }

  shutdown(): void {
    this.shutdownRequested = true;
    if (this.worker && this.worker.getState() === 'RUNNING') this.worker.shutdown();
  }
}
