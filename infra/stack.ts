import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { DEFAULT_PORTS, readBoolean, readNotificationConfig, readPort, readPostgresUrl, readTemporalConfig, redactUrl, type TemporalConfig } from '@app/config';
import { createLogger, type Logger } from '@app/logging';
import { withDataSource } from '@app/persistence/data-source';
import { DEMO_PASSWORD, seedDemoDataAt } from '@app/persistence/demo/demo-data';
import { seedDemoProvince } from '@app/persistence/registry/demo-province';
import { runMigrations } from '@app/persistence/migrate';
import { assertSearchAttributes, closeConnection, connectClient } from '@app/temporal-client';
import { PREBUILT_WORKFLOW_BUNDLE } from '@app/temporal-worker';
import { projectRoot } from '@app/config/project-root';
import { pipeLines, sleep, stopChild, trackChild } from './child-process';
import { dataDir as defaultDataDir } from './paths';
import { EmbeddedPostgres } from './postgres';
import { embeddedPostgres } from './project-database';
import { provisionTemporalCli } from './provision';
import { localSecret } from './secrets';
import { TemporalDevServer } from './temporal-dev-server';

export interface StackUrls {
  pids: Record<string, number | undefined>;
  api: string;
  docs: string;
  temporalUi?: string;
  temporalAddress: string;
  database: string;
}

interface Settings {
  dataDir: string;
  apiPort: number;
  /** DATABASE_URL when given: no embedded PostgreSQL. */
  databaseUrl?: string;
  postgresPort: number;
  temporal: TemporalConfig;
  /** TEMPORAL_ADDRESS given: no dev server. */
  temporalExternal: boolean;
  temporalPort: number;
  temporalUiPort: number;
  seedDemo: boolean;
  /** Generate the demo province (about 100 communes, 30 departments, 9,000 officials) on the first start. */
  seedProvince: boolean;
}

function readSettings(env: NodeJS.ProcessEnv): Settings {
  const databaseUrl = env.DATABASE_URL?.trim() ? readPostgresUrl(env, 'DATABASE_URL') : undefined;
  // The worker's notification settings are checked here too, so a bad SMTP_URL stops the start, not the worker in a loop.
  readNotificationConfig(env);
  return {
    dataDir: defaultDataDir(env),
    apiPort: readPort(env, 'PORT', DEFAULT_PORTS.api),
    databaseUrl,
    postgresPort: readPort(env, 'PG_PORT', DEFAULT_PORTS.postgres),
    temporal: readTemporalConfig(env),
    temporalExternal: Boolean(env.TEMPORAL_ADDRESS?.trim()),
    temporalPort: readPort(env, 'TEMPORAL_PORT', DEFAULT_PORTS.temporal),
    temporalUiPort: readPort(env, 'TEMPORAL_UI_PORT', DEFAULT_PORTS.temporalUi),
    // Demo accounts with a published password belong on the embedded database only, unless asked for.
    seedDemo: readBoolean(env, 'SEED_DEMO', databaseUrl === undefined),
    seedProvince: readBoolean(env, 'SEED_PROVINCE', readBoolean(env, 'SEED_DEMO', databaseUrl === undefined)),
  };
}

interface Supervised {
  name: 'worker' | 'api';
  entry: string;
  child?: ChildProcess;
  restarts: number;
}

/**
 * `npm start`: PostgreSQL (embedded unless DATABASE_URL), migrations, the Temporal dev server
 * (unless TEMPORAL_ADDRESS), then the worker and the API as child processes, restarted if they die.
 * SIGINT or SIGTERM stops everything in order: API, worker, Temporal, PostgreSQL.
 */
export class Stack {
  private readonly log: Logger;
  private postgres?: EmbeddedPostgres;
  private temporal?: TemporalDevServer;
  private readonly apps: Supervised[] = [];
  private stopping = false;
  /** Until the stack is up, a part that dies fails the start; after, the worker and the API are restarted. */
  private up = false;
  private startFailure?: Error;
  private childEnv: NodeJS.ProcessEnv = {};

  constructor(private readonly env: NodeJS.ProcessEnv = process.env) {
    this.log = createLogger('stack');
  }

  async start(): Promise<StackUrls> {
    const env = this.env;
    // Every setting is read and checked before anything starts: a bad one names itself and changes nothing.
    const settings = readSettings(env);
    const { dataDir, apiPort } = settings;
    await mkdir(dataDir, { recursive: true });

    // PostgreSQL and Temporal do not depend on each other: start them side by side.
    // Both settle before a failure is thrown, so `stop()` then finds everything that did start.
    const [database, temporal] = await Promise.allSettled([this.startDatabase(settings), this.startTemporal(settings)]);
    if (database.status === 'rejected') throw database.reason;
    if (temporal.status === 'rejected') throw temporal.reason;
    const databaseUrl = database.value;
    const temporalAddress = temporal.value;

    this.throwIfStopping();
    this.childEnv = {
      ...env,
      DATABASE_URL: databaseUrl,
      TEMPORAL_ADDRESS: temporalAddress,
      AUTH_SECRET: env.AUTH_SECRET?.trim() || (await localSecret(dataDir, 'auth-secret')),
      PORT: String(apiPort),
      // The worker loads the bundle `npm run build` made rather than bundling at every start.
      ...(env.WORKFLOW_BUNDLE_PATH?.trim() || !existsSync(PREBUILT_WORKFLOW_BUNDLE) ? {} : { WORKFLOW_BUNDLE_PATH: PREBUILT_WORKFLOW_BUNDLE }),
      // The sign-in page lists the demo accounts only where the stack seeded them.
      SHOW_DEMO_ACCOUNTS: env.SHOW_DEMO_ACCOUNTS?.trim() || String(settings.seedDemo),
    };
    const dist = join(projectRoot(), 'dist');
    for (const name of ['worker', 'api'] as const) {
      const entry = join(dist, 'apps', name, 'src', 'main.js');
      if (!existsSync(entry)) throw new Error(`${entry} is missing: build first (npm run build)`);
      const app: Supervised = { name, entry, restarts: 0 };
      this.apps.push(app);
      this.spawnApp(app);
    }
    const publicUrl = env.PUBLIC_URL?.trim() || `http://localhost:${apiPort}`;
    await this.waitForHealth(`http://127.0.0.1:${apiPort}/health`);
    this.up = true;
    return {
      pids: {
        stack: process.pid,
        postgres: this.postgres?.pid,
        temporal: this.temporal?.pid,
        worker: this.apps.find((app) => app.name === 'worker')?.child?.pid,
        api: this.apps.find((app) => app.name === 'api')?.child?.pid,
      },
      api: publicUrl,
      docs: `${publicUrl}/api/docs`,
      temporalUi: this.temporal?.uiUrl,
      temporalAddress,
      database: redactUrl(databaseUrl),
    };
  }

  private async startDatabase({ dataDir, databaseUrl: external, postgresPort, seedDemo, seedProvince }: Settings): Promise<string> {
    let databaseUrl = external;
    if (!databaseUrl) {
      this.postgres = await embeddedPostgres({ dataDir, port: postgresPort }, this.log);
      await this.postgres.start();
      databaseUrl = this.postgres.url;
    }
    this.throwIfStopping();
    const applied = await runMigrations(databaseUrl);
    this.log.info('database schema up to date', { applied });
    if (seedDemo) {
      const created = await seedDemoDataAt(databaseUrl);
      this.log.info('demo province seeded', { accountsCreated: created.length, demoPassword: created.length > 0 ? DEMO_PASSWORD : undefined });
    }
    if (seedProvince) {
      const added = await withDataSource(databaseUrl, (dataSource) => seedDemoProvince(dataSource));
      this.log.info('demo registry generated', added);
    }
    return databaseUrl;
  }

  private async startTemporal({ dataDir, temporal: config, temporalExternal, temporalPort, temporalUiPort }: Settings): Promise<string> {
    if (temporalExternal) {
      // Any other cluster must already have the search attributes: check now, with a clear message.
      const client = await connectClient(config);
      try {
        await assertSearchAttributes(client, config.namespace);
      } finally {
        await closeConnection(client);
      }
      return config.address;
    }
    const cli = await provisionTemporalCli(this.log.child('provision'));
    this.log.info('Temporal CLI', { path: cli.path ?? '(downloaded by the SDK)', route: cli.route, version: cli.version });
    this.throwIfStopping();
    this.temporal = new TemporalDevServer({
      cli,
      port: temporalPort,
      uiPort: temporalUiPort,
      dbFilename: join(dataDir, 'temporal', 'temporal.db'),
      namespace: config.namespace,
      log: this.log.child('temporal'),
    });
    await this.temporal.start();
    return this.temporal.address;
  }

  async stop(): Promise<void> {
    if (this.stopping) return;
    this.stopping = true;
    this.log.info('stopping: API, worker, Temporal, PostgreSQL');
    const api = this.apps.find((app) => app.name === 'api')?.child;
    const worker = this.apps.find((app) => app.name === 'worker')?.child;
    if (api) await stopChild(api, 'SIGTERM', 15_000, this.log.child('api'));
    // The worker finishes the tasks it holds before it exits; Temporal keeps the rest.
    if (worker) await stopChild(worker, 'SIGTERM', 30_000, this.log.child('worker'));
    await this.temporal?.stop();
    await this.postgres?.stop();
    this.log.info('stopped');
  }

  private spawnApp(app: Supervised): void {
    const log = this.log.child(app.name);
    const child = spawn(process.execPath, ['--enable-source-maps', app.entry], {
      env: this.childEnv,
      stdio: ['ignore', 'pipe', 'pipe'],
      // Its own process group: a terminal's Ctrl-C reaches only the stack, which stops the parts in order.
      detached: true,
    });
    app.child = child;
    trackChild(child, 'SIGTERM');
    // The apps already log JSON lines; pass them through untouched.
    child.stdout?.pipe(process.stdout);
    pipeLines(child.stderr, log, 'warn');
    child.once('exit', (code, signal) => {
      if (this.stopping) return;
      if (!this.up) {
        log.error(`${app.name} exited while the stack was starting`, { code, signal });
        this.startFailure ??= new Error(`the ${app.name} exited while the stack was starting (code ${code}, signal ${signal}); see its log lines above`);
        return;
      }
      app.restarts += 1;
      const delay = Math.min(30_000, 500 * 2 ** Math.min(app.restarts, 6));
      log.error(`${app.name} exited unexpectedly; restarting`, { code, signal, restarts: app.restarts, inMs: delay });
      setTimeout(() => {
        if (!this.stopping) this.spawnApp(app);
      }, delay);
    });
  }

  private throwIfStopping(): void {
    if (this.stopping) throw new Error('stopped while starting');
  }

  private async waitForHealth(url: string): Promise<void> {
    const deadline = Date.now() + 120_000;
    let last = '';
    while (Date.now() < deadline) {
      this.throwIfStopping();
      if (this.startFailure) throw this.startFailure;
      try {
        const response = await fetch(url, { signal: AbortSignal.timeout(3_000) });
        last = `${response.status} ${await response.text()}`;
        if (response.ok) return;
      } catch (error) {
        last = error instanceof Error ? error.message : String(error);
      }
      await sleep(300);
    }
    throw new Error(`the API was not healthy within 120 s at ${url}: ${last}`);
  }
}
