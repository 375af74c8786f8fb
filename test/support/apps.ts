import { randomBytes } from 'node:crypto';
import type { INestApplication, INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { createApiApp } from '../../apps/api/src/bootstrap';
import { TemporalWorkerRunner } from '../../apps/worker/src/temporal-worker.runner';
import { WorkerModule } from '../../apps/worker/src/worker.module';
import { testEnv } from './test-env';

/** A task queue of the spec's own, so workers of other spec files never take its tasks. */
export function uniqueTaskQueue(prefix: string): string {
  return `${prefix}-${randomBytes(4).toString('hex')}`;
}

/**
 * Points the apps' configuration (read from the environment, as in production) at this spec's
 * database, the test Temporal server and its task queue.
 */
export function useTestEnvironment(options: { databaseUrl: string; taskQueue: string; temporalAddress?: string }): void {
  process.env.DATABASE_URL = options.databaseUrl;
  process.env.TEMPORAL_ADDRESS = options.temporalAddress ?? testEnv('temporalAddress');
  process.env.TEMPORAL_NAMESPACE = 'default';
  process.env.TEMPORAL_TASK_QUEUE = options.taskQueue;
  process.env.WORKFLOW_BUNDLE_PATH = testEnv('workflowBundlePath');
  process.env.AUTH_SECRET ??= 'spec-secret-that-is-at-least-32-characters-long';
}

export interface RunningApi {
  app: INestApplication;
  url: string;
  close(): Promise<void>;
}

export async function startApi(): Promise<RunningApi> {
  const app = await createApiApp();
  await app.listen(0, '127.0.0.1');
  return { app, url: (await app.getUrl()).replace('[::1]', '127.0.0.1'), close: () => app.close() };
}

export interface RunningWorker {
  context: INestApplicationContext;
  stop(): Promise<void>;
}

/** The real worker module (activities as Nest providers), started in this process. */
export async function startWorker(): Promise<RunningWorker> {
  const context = await NestFactory.createApplicationContext(WorkerModule, { logger: false });
  const runner = context.get(TemporalWorkerRunner);
  try {
    await runner.create();
  } catch (error) {
    await context.close();
    throw error;
  }
  const running = runner.run();
  return {
    context,
    stop: async () => {
      runner.shutdown();
      await running;
      await context.close();
    },
  };
}
