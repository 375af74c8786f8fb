import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import { promisify } from 'node:util';
import { createConnection } from 'node:net';
import type { Logger } from '@app/logging';
import { closeConnection, connectClient } from '@app/temporal-client/connection';
import { devServerSearchAttributeArgs } from '@app/temporal-client/search-attributes';
import { hasExited, pipeLines, sleep, stopChild, trackChild } from './child-process';
import type { ProvisionedBinary } from './provision';

export interface TemporalDevServerOptions {
  cli: ProvisionedBinary;
  port: number;
  /** Web UI port; absent for a headless server (tests). */
  uiPort?: number;
  /** SQLite file that keeps workflows and timers across restarts; absent keeps them in memory (tests). */
  dbFilename?: string;
  namespace: string;
  /** The server's own log level (its lines go through our logger). */
  logLevel?: 'debug' | 'info' | 'warn' | 'error';
  log: Logger;
}

interface Stoppable {
  stop(): Promise<void>;
}

/**
 * `temporal server start-dev`, with the search attributes the workflows use registered at launch.
 * On the `sdk-download` route (no binary could be provisioned) the Temporal SDK fetches and runs it.
 */
export class TemporalDevServer {
  private child?: ChildProcess;
  private sdkServer?: Stoppable;
  private stopping = false;

  constructor(private readonly options: TemporalDevServerOptions) {}

  get address(): string {
    return `127.0.0.1:${this.options.port}`;
  }

  get uiUrl(): string | undefined {
    return this.options.uiPort ? `http://127.0.0.1:${this.options.uiPort}` : undefined;
  }

  get pid(): number | undefined {
    return this.child?.pid;
  }

  async start(): Promise<void> {
    this.stopping = false;
    const { cli, port, uiPort, dbFilename, namespace, log } = this.options;
    if (dbFilename) await mkdir(dirname(dbFilename), { recursive: true });
    const args = [
      '--ip', '127.0.0.1',
      '--port', String(port),
      '--namespace', namespace,
      ...(uiPort ? ['--ui-port', String(uiPort), ...(await optionalFlags(cli.path, ['--ui-disable-news-fetch']))] : ['--headless']),
      ...(dbFilename ? ['--db-filename', dbFilename] : []),
      ...devServerSearchAttributeArgs(),
    ];
    if (!cli.path) {
      this.sdkServer = await startThroughSdk(this.options);
    } else {
      const child = spawn(cli.path, ['server', 'start-dev', ...args, '--log-level', this.options.logLevel ?? 'warn', '--log-format', 'json'], {
        stdio: ['ignore', 'pipe', 'pipe'],
        detached: true,
      });
      this.child = child;
      trackChild(child, 'SIGINT');
      // While it stops, its workers complain that the frontend went away: not worth a line each.
      const muted = () => this.stopping;
      pipeLines(child.stdout, log, 'info', muted);
      pipeLines(child.stderr, log, 'warn', muted);
      child.once('exit', (code, signal) => log.info('Temporal dev server exited', { code, signal }));
    }
    await this.waitUntilReady();
    log.info('Temporal dev server is up', { address: this.address, ui: this.uiUrl, dbFilename: dbFilename ?? '(in memory)', pid: this.child?.pid });
  }

  async stop(): Promise<void> {
    this.stopping = true;
    if (this.child) await stopChild(this.child, 'SIGINT', 20_000, this.options.log);
    this.child = undefined;
    await this.sdkServer?.stop();
    this.sdkServer = undefined;
  }

  private async waitUntilReady(): Promise<void> {
    const deadline = Date.now() + 90_000;
    let lastError: unknown;
    while (Date.now() < deadline) {
      if (this.child && hasExited(this.child)) {
        throw new Error(
          `the Temporal dev server exited at start (code ${this.child.exitCode}); see its log lines above. Is port ${this.options.port} (or the UI port) taken?`,
        );
      }
      try {
        // A gRPC client only once the port listens: failed connects leave channels behind.
        await portOpen(this.options.port);
        const connection = await connectClient({ address: this.address, namespace: this.options.namespace, taskQueue: '-' });
        try {
          await connection.workflowService.describeNamespace({ namespace: this.options.namespace });
          return;
        } finally {
          await closeConnection(connection);
        }
      } catch (error) {
        lastError = error;
        await sleep(200);
      }
    }
    throw new Error(`the Temporal dev server did not answer within 90 s: ${String(lastError)}`);
  }
}

async function startThroughSdk(options: TemporalDevServerOptions): Promise<Stoppable> {
  options.log.warn('no Temporal CLI binary was provisioned; letting the Temporal SDK download one (needs internet)');
  const { TestWorkflowEnvironment } = await import('@temporalio/testing');
  const env = await TestWorkflowEnvironment.createLocal({
    server: {
      executable: { type: 'cached-download' },
      ip: '127.0.0.1',
      port: options.port,
      namespace: options.namespace,
      ui: Boolean(options.uiPort),
      uiPort: options.uiPort,
      dbFilename: options.dbFilename,
      extraArgs: devServerSearchAttributeArgs(),
    },
  });
  return { stop: () => env.teardown() };
}

function portOpen(port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const socket = createConnection({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      resolve();
    });
    socket.once('error', (error) => {
      socket.destroy();
      reject(error);
    });
  });
}

/** Flags newer CLIs have and older ones (the `go install` fallback, v1.5.1) refuse: passed only where known. */
async function optionalFlags(cliPath: string | undefined, flags: string[]): Promise<string[]> {
  if (!cliPath) return [];
  try {
    const { stdout } = await promisify(execFile)(cliPath, ['server', 'start-dev', '--help'], { timeout: 30_000 });
    return flags.filter((flag) => stdout.includes(flag));
  } catch {
    return [];
  }
}
