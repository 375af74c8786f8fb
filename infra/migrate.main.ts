import { readDatabaseConfig, redactUrl } from '@app/config';
import { createLogger } from '@app/logging';
import { runMigrations } from '@app/persistence/migrate';

/** `npm run migrate`: applies pending migrations to DATABASE_URL (for deployments; `npm start` does it itself). */
async function main(): Promise<void> {
  const { url } = readDatabaseConfig();
  const applied = await runMigrations(url);
  createLogger('migrate').info('migrations applied', { database: redactUrl(url), applied });
}

main().catch((error: unknown) => {
  createLogger('migrate').fatal('migration failed', { err: error });
  process.exit(1);
});
