import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { readLogLevel } from '@app/config';
import { createLogger, JsonNestLogger } from '@app/logging';
import { DefaultLogger, Runtime, type LogEntry } from '@temporalio/worker';
import { DispatcherService } from './delivery/dispatcher.service';
import { TemporalWorkerRunner } from './temporal-worker.runner';
import { WorkerModule } from './worker.module';

async function main(): Promise<void> {
  const level = readLogLevel();
  const sdkLog = createLogger('worker.temporal-sdk', { level });
  const sdkLevel = level === 'fatal' ? 'ERROR' : level === 'trace' ? 'TRACE' : (level.toUpperCase() as 'ERROR' | 'WARN' | 'INFO' | 'DEBUG');
  // The SDK's own messages in our JSON lines. Its runtime also turns SIGINT/SIGTERM into a graceful worker shutdown.
  Runtime.install({
    logger: new DefaultLogger(sdkLevel, (entry: LogEntry) => {
      const method = entry.level === 'ERROR' ? 'error' : entry.level === 'WARN' ? 'warn' : entry.level === 'INFO' ? 'info' : 'debug';
      sdkLog[method](entry.message, entry.meta);
    }),
  });
  const app = await NestFactory.createApplicationContext(WorkerModule, { logger: new JsonNestLogger('worker') });
  const runner = app.get(TemporalWorkerRunner);
  const dispatcher = app.get(DispatcherService);
  // The runtime stops a running worker on these signals; this also covers one that arrives while it starts.
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => runner.shutdown());
  try {
    await runner.create(undefined, { schedule: dispatcher.config.schedule });
    if (dispatcher.config.dispatch) dispatcher.start();
    await runner.run();
  } finally {
    await app.close();
  }
}

main().catch((error: unknown) => {
  createLogger('worker').fatal('worker failed', { err: error });
  process.exit(1);
});
