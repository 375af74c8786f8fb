import { DataSource } from 'typeorm';
import { withDataSource } from './data-source';
import { APP_SCHEMA } from './schema';

/** Any fixed number shared by every process that migrates this schema. */
const MIGRATION_LOCK_KEY = 7_364_210_001;

/**
 * Applies pending migrations under a PostgreSQL advisory lock, so two processes starting at once
 * (two workers, an API and the stack) cannot race. Returns the names of the migrations applied.
 */
export function runMigrations(url: string): Promise<string[]> {
  return withDataSource(url, migrateWith);
}

export async function migrateWith(dataSource: DataSource): Promise<string[]> {
  const lock = dataSource.createQueryRunner();
  await lock.connect();
  try {
    await lock.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
    await lock.query(`CREATE SCHEMA IF NOT EXISTS ${APP_SCHEMA}`);
    const applied = await dataSource.runMigrations({ transaction: 'each' });
    return applied.map((migration) => migration.name);
  } finally {
    await lock.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY]).catch(() => undefined);
    await lock.release();
  }
}
