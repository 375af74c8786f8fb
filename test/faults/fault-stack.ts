import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { createLogger, type Logger } from '@app/logging';
import { projectRoot } from '@app/config/project-root';
import { PREBUILT_WORKFLOW_BUNDLE } from '@app/temporal-worker';
import { hasExited, pipeLines, sleep, stopChild, trackChild, waitForExit } from '../../infra/child-process';
import { EmbeddedPostgres } from '../../infra/postgres';
import { provisionTemporalCli } from '../../infra/provision';
import { TemporalDevServer } from '../../infra/temporal-dev-server';
import { seedSpecProvince } from '../support/fixture-officials';
import { startSmtpServer, type TestSmtpServer } from '../support/notifications';
import { freePort } from '../support/ports';

export const TASK_QUEUE = 'faults';

/**
 * The built worker or API (`npm run build`'s dist) as a child process of its own, as `npm start`
 * runs it. An exit nobody asked for is counted and restarted after half a second, as the stack
 * does; a part killed on purpose stays down until `restart()`.
 */
export class AppProcess {
  private child?: ChildProcess;
  private down = true;
  /** Exits that were not a deliberate kill (each followed by a restart). */
  unexpectedExits = 0;

  constructor(
    readonly name: 'worker' | 'api',
    private readonly env: NodeJS.ProcessEnv,
    private readonly log: Logger,
  ) {}

  get pid(): number | undefined {
    return this.child?.pid;
  }

  start(): void {
    this.down = false;
    const entry = join(projectRoot(), 'dist', 'apps', this.name, 'src', 'main.js');
    const child = spawn(process.execPath, ['--enable-source-maps', entry], { env: this.env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    this.child = child;
    trackChild(child, 'SIGKILL');
    pipeLines(child.stdout, this.log, 'info');
    pipeLines(child.stderr, this.log, 'warn');
    child.once('exit', (code, signal) => {
      if (this.down || this.child !== child) return;
      this.unexpectedExits += 1;
      this.log.warn(`${this.name} exited by itself; restarting`, { code, signal });
      setTimeout(() => {
        if (!this.down && this.child === child) this.start();
      }, 500);
    });
  }

  /** kill -9, and wait until it is gone. */
  async kill(): Promise<void> {
    this.down = true;
    const child = this.child;
    if (!child || hasExited(child)) return;
    child.kill('SIGKILL');
    await waitForExit(child);
  }

  async stop(): Promise<void> {
    this.down = true;
    if (this.child) await stopChild(this.child, 'SIGTERM', 20_000, this.log);
  }
}

/**
 * The real parts of the fault suite, each a process of its own, each one the suite can kill and
 * start again: PostgreSQL (embedded, its data in `dir`), the Temporal dev server keeping its state
 * in a file, the worker and the API from dist, and a real SMTP server in this process that keeps
 * every message it is given.
 */
export class FaultStack {
  readonly log: Logger;
  readonly apiUrl: string;
  private constructor(
    readonly postgres: EmbeddedPostgres,
    readonly temporal: TemporalDevServer,
    readonly smtp: TestSmtpServer,
    readonly worker: AppProcess,
    readonly api: AppProcess,
    readonly mailFrom: string,
    apiPort: number,
    log: Logger,
  ) {
    this.apiUrl = `http://127.0.0.1:${apiPort}`;
    this.log = log;
  }

  get databaseUrl(): string {
    return this.postgres.url;
  }

  /** Every part's log lines (the apps' own JSON lines among them) go to `logFile`, not the test's output. */
  static async start(dir: string, logFile: string): Promise<FaultStack> {
    await mkdir(dirname(logFile), { recursive: true });
    const sink = createWriteStream(logFile);
    const log = createLogger('faults', { level: 'warn', sink });
    const cli = await provisionTemporalCli(log.child('provision'));
    const postgres = new EmbeddedPostgres({
      dataDir: join(dir, 'postgres'),
      port: await freePort(),
      database: 'secondment',
      password: randomBytes(12).toString('hex'),
      durable: true,
      log: log.child('postgres'),
    });
    const temporal = new TemporalDevServer({
      cli,
      port: await freePort(),
      dbFilename: join(dir, 'temporal', 'temporal.db'),
      namespace: 'default',
      logLevel: 'error',
      log: log.child('temporal'),
    });
    const [smtp] = await Promise.all([
      startSmtpServer(),
      postgres.start().then(() => seedSpecProvince(postgres.url)),
      temporal.start(),
    ]);
    const apiPort = await freePort();
    const mailFrom = 'Hệ thống biệt phái <no-reply@faults.example>';
    const { DATABASE_URL: _d, TEMPORAL_ADDRESS: _t, TEMPORAL_TASK_QUEUE: _q, WORKFLOW_BUNDLE_PATH: _w, ...inherited } = process.env;
    const env: NodeJS.ProcessEnv = {
      ...inherited,
      LOG_LEVEL: 'warn',
      DATABASE_URL: postgres.url,
      TEMPORAL_ADDRESS: temporal.address,
      TEMPORAL_NAMESPACE: 'default',
      TEMPORAL_TASK_QUEUE: TASK_QUEUE,
      WORKFLOW_BUNDLE_PATH: PREBUILT_WORKFLOW_BUNDLE,
      AUTH_SECRET: randomBytes(32).toString('hex'),
      HOST: '127.0.0.1',
      PORT: String(apiPort),
      SMTP_URL: smtp.url,
      MAIL_FROM: mailFrom,
      // A delivery whose worker died mid-send is taken over after the lease: short enough for the run, long
      // enough to cover a mark retried through the PostgreSQL restart (and longer than the send timeouts).
      SMTP_TIMEOUT_MS: '4000',
      WEBHOOK_TIMEOUT_MS: '4000',
      NOTIFY_LEASE_MS: '20000',
      NOTIFY_POLL_MS: '200',
      NOTIFY_BACKOFF_BASE_MS: '500',
      NOTIFY_BACKOFF_MAX_MS: '4000',
      // The suite starts the digest schedule itself, due seconds away, to see a timer fire across the Temporal kill.
      NOTIFY_SCHEDULE: 'false',
    };
    const stack = new FaultStack(postgres, temporal, smtp, new AppProcess('worker', env, log.child('worker')), new AppProcess('api', env, log.child('api')), mailFrom, apiPort, log);
    stack.worker.start();
    stack.api.start();
    await stack.waitForApi();
    return stack;
  }

  /** Until the API answers HTTP at all (GET /health: 200, or 503 while a part it needs is down). */
  async waitForApi(timeoutMs = 90_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    let last = '';
    while (Date.now() < deadline) {
      try {
        const response = await fetch(`${this.apiUrl}/health`, { signal: AbortSignal.timeout(2_000) });
        await response.arrayBuffer();
        return;
      } catch (error) {
        last = error instanceof Error ? error.message : String(error);
      }
      await sleep(100);
    }
    throw new Error(`the API did not answer within ${timeoutMs} ms: ${last}`);
  }

  /** Kills the Temporal dev server with SIGKILL (no chance to flush or say goodbye). */
  async killTemporal(): Promise<void> {
    const pid = this.temporal.pid;
    if (pid === undefined) throw new Error('the Temporal dev server is not running');
    process.kill(-pid, 'SIGKILL');
    await waitForPid(pid);
  }

  async stop(): Promise<void> {
    await this.api.stop().catch(() => undefined);
    await this.worker.stop().catch(() => undefined);
    await this.temporal.stop().catch(() => undefined);
    await this.postgres.stop().catch(() => undefined);
    await this.smtp.close().catch(() => undefined);
  }
}

async function waitForPid(pid: number): Promise<void> {
  for (;;) {
    try {
      process.kill(pid, 0);
    } catch {
      return;
    }
    await sleep(50);
  }
}
