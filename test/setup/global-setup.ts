import './register-paths';
import { randomBytes } from 'node:crypto';
import { chmod, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createLogger } from '@app/logging';
import { bundleWorkflows } from '@app/temporal-worker/workflow-bundle';
import { EmbeddedPostgres } from '../../infra/postgres';
import { provisionChromium } from '../../infra/chromium';
import { provisionAll } from '../../infra/provision';
import { TemporalDevServer } from '../../infra/temporal-dev-server';
import { seedSpecProvince } from '../support/fixture-officials';
import { freePort } from '../support/ports';
import { TEST_ENV } from '../support/test-env';

export const TEMPLATE_DATABASE = 'secondment_template';

/**
 * Once per `jest` run: the real PostgreSQL (a throwaway cluster, migrations applied once to a
 * template database that each spec file copies), the real Temporal dev server (in memory), the
 * time-skipping test server binary, and the workflow bundle that every test worker reuses.
 */
export default async function globalSetup(): Promise<void> {
  const started = Date.now();
  const log = createLogger('test-setup', { level: process.env.LOG_LEVEL === undefined ? 'warn' : undefined });
  const tmp = await mkdtemp(join(tmpdir(), 'secondment-test-'));
  // The postgres user (PostgreSQL refuses to run as root) must be able to enter it.
  await chmod(tmp, 0o755);

  const { temporalCli, testServer } = await provisionAll(log);
  // The browser specs drive Debian's Chromium; installed here once per machine when missing.
  const chromium = await provisionChromium(log);

  const postgres = new EmbeddedPostgres({
    dataDir: join(tmp, 'postgres'),
    port: await freePort(),
    database: TEMPLATE_DATABASE,
    password: randomBytes(16).toString('hex'),
    durable: false,
    log: log.child('postgres'),
  });
  const temporal = new TemporalDevServer({ cli: temporalCli, port: await freePort(), namespace: 'default', logLevel: 'error', log: log.child('temporal') });

  const [bundle] = await Promise.all([
    bundleWorkflows(),
    // Every spec database is a copy of this template: migrated, with the demo province and its accounts,
    // and the pool of fixture officials the specs nominate (test/support/fixture-officials.ts).
    postgres.start().then(() => seedSpecProvince(postgres.url)),
    temporal.start(),
  ]);
  const bundlePath = join(tmp, 'workflow-bundle.js');
  await writeFile(bundlePath, bundle.code);

  globalThis.__SECONDMENT_TEST_PARTS__ = { postgres, temporal, tmp };
  process.env[TEST_ENV.postgresAdminUrl] = postgres.urlFor('postgres');
  process.env[TEST_ENV.templateDatabase] = TEMPLATE_DATABASE;
  process.env[TEST_ENV.temporalAddress] = temporal.address;
  process.env[TEST_ENV.workflowBundlePath] = bundlePath;
  process.env[TEST_ENV.tmpDir] = tmp;
  process.env[TEST_ENV.chromiumPath] = chromium.path!;
  if (testServer.path) process.env[TEST_ENV.testServerPath] = testServer.path;
  log.info('real parts up', { seconds: (Date.now() - started) / 1000, temporalCli: temporalCli.route, testServer: testServer.route });
}

declare global {
  var __SECONDMENT_TEST_PARTS__: { postgres: EmbeddedPostgres; temporal: TemporalDevServer; tmp: string } | undefined;
}
