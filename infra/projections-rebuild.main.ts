import { redactUrl } from '@app/config';
import { createLogger } from '@app/logging';
import { createDataSource, rebuildProjections } from '@app/persistence';
import { openProjectDatabase } from './project-database';

/**
 * `npm run projections:rebuild`: rebuilds every read model from the events (DATABASE_URL, or the
 * embedded database). Safe while the stack runs: the rebuild is one transaction.
 */
async function main(): Promise<void> {
  const log = createLogger('projections');
  const database = await openProjectDatabase(process.env, log);
  try {
    const dataSource = createDataSource(database.url);
    await dataSource.initialize();
    try {
      const report = await rebuildProjections(dataSource);
      log.info('read models rebuilt from the events', { database: redactUrl(database.url), ...report });
    } finally {
      await dataSource.destroy();
    }
  } finally {
    await database.close();
  }
}

main().catch((error: unknown) => {
  createLogger('projections').fatal('rebuild failed', { err: error });
  process.exit(1);
});
