import { join } from 'node:path';
import { Client } from 'pg';
import { DEFAULT_PORTS, readPort, readPostgresUrl } from '@app/config';
import type { Logger } from '@app/logging';
import { runMigrations } from '@app/persistence/migrate';
import { dataDir as defaultDataDir } from './paths';
import { EmbeddedPostgres } from './postgres';
import { localSecret } from './secrets';

/** The project's embedded PostgreSQL, as `npm start` runs it: its cluster and password under `dataDir`. */
export async function embeddedPostgres({ dataDir, port }: { dataDir: string; port: number }, log: Logger): Promise<EmbeddedPostgres> {
  return new EmbeddedPostgres({
    dataDir: join(dataDir, 'postgres'),
    port,
    database: 'secondment',
    password: await localSecret(dataDir, 'postgres-password'),
    log: log.child('postgres'),
  });
}

async function reachable(url: string): Promise<boolean> {
  const client = new Client({ connectionString: url, connectionTimeoutMillis: 3_000 });
  try {
    await client.connect();
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

/**
 * For one-off commands (migrate, projections:rebuild): DATABASE_URL when given; otherwise the
 * embedded database, used where it runs (the stack is up) or started for the command and stopped after.
 */
export async function openProjectDatabase(env: NodeJS.ProcessEnv, log: Logger): Promise<{ url: string; close(): Promise<void> }> {
  if (env.DATABASE_URL?.trim()) return { url: readPostgresUrl(env, 'DATABASE_URL'), close: () => Promise.resolve() };
  const postgres = await embeddedPostgres({ dataDir: defaultDataDir(env), port: readPort(env, 'PG_PORT', DEFAULT_PORTS.postgres) }, log);
  if (await reachable(postgres.url)) return { url: postgres.url, close: () => Promise.resolve() };
  log.info('starting the embedded PostgreSQL for this command');
  await postgres.start();
  try {
    await runMigrations(postgres.url);
  } catch (error) {
    await postgres.stop();
    throw error;
  }
  return { url: postgres.url, close: () => postgres.stop() };
}
