import { execFile } from 'node:child_process';
import { mkdir, readdir, rename, rm } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import type { Logger } from '@app/logging';
import { cacheDir } from './paths';
import { aptInstall, builtIntoCache, everyOnPath, explicitBinary, ProvisioningError, type ProvisionedBinary } from './provision';

const run = promisify(execFile);

/**
 * pgbench, for the write-amplification baseline of `npm run bench`: the embedded PostgreSQL ships
 * no client tools. Debian installs each major version's programs under `/usr/lib/postgresql/<major>/bin`
 * and puts pg_wrapper on PATH as `pgbench`. Up to PostgreSQL 15 (Debian 12) pgbench comes with the
 * server package, `postgresql-<major>`, not with `postgresql-client`.
 */
export const PGBENCH = { envVar: 'PGBENCH_PATH', debianPackage: 'postgresql-client', versionedRoot: '/usr/lib/postgresql' } as const;

const NAME = 'pgbench (the write-amplification baseline)';

/** `pgbench (PostgreSQL) 15.18 (Debian 15.18-0+deb12u1)` → `15.18`. */
async function versionOf(path: string): Promise<string> {
  const { stdout } = await run(path, ['--version'], { timeout: 30_000 });
  return /\(PostgreSQL\)\s+(\S+)/.exec(stdout)?.[1] ?? stdout.trim();
}

/** A candidate's version if it runs: pg_wrapper's `pgbench` is on PATH even where no major version carries the program. */
async function runs(path: string): Promise<string | undefined> {
  try {
    return await versionOf(path);
  } catch {
    return undefined;
  }
}

/** The major versions in a folder of `<major>` (or `postgresql-<major>`) entries, newest first. */
async function majors(dir: string, prefix = ''): Promise<string[]> {
  const entries = await readdir(dir).catch(() => [] as string[]);
  return entries
    .map((entry) => new RegExp(`^${prefix}(\\d+)$`).exec(entry)?.[1])
    .filter((major): major is string => major !== undefined)
    .sort((a, b) => Number(b) - Number(a));
}

/** `pgbench` on PATH, then Debian's versioned programs, newest first: the first that runs. */
async function onMachine(env: NodeJS.ProcessEnv): Promise<ProvisionedBinary | undefined> {
  const versioned = (await majors(PGBENCH.versionedRoot)).map((major) => join(PGBENCH.versionedRoot, major, 'bin', 'pgbench'));
  for (const path of [...(await everyOnPath('pgbench', env)), ...versioned]) {
    const version = await runs(path);
    if (version) return { name: NAME, path, route: 'path', version, cached: true };
  }
  return undefined;
}

/** Where the server package's pgbench is unpacked, per major version. */
const extractedDir = (env: NodeJS.ProcessEnv, major: string) => join(cacheDir(env), 'apt', `postgresql-${major}`);
const extractedBinary = (major: string) => join('usr', 'lib', 'postgresql', major, 'bin', 'pgbench');

/** A pgbench unpacked into the cache before, that runs (it needs the client's libpq). */
async function inCache(env: NodeJS.ProcessEnv): Promise<ProvisionedBinary | undefined> {
  for (const major of await majors(join(cacheDir(env), 'apt'), 'postgresql-')) {
    const path = join(extractedDir(env, major), extractedBinary(major));
    const version = await runs(path);
    if (version) return { name: NAME, path, route: 'apt-download', version, cached: true };
  }
  return undefined;
}

/**
 * Takes pgbench out of Debian's server package of the client's major version, downloaded with
 * `apt-get download` and unpacked into the cache with `dpkg-deb -x`: nothing is installed, so no
 * second PostgreSQL cluster is created or started on the machine.
 */
async function fromServerPackage(env: NodeJS.ProcessEnv, log: Logger): Promise<ProvisionedBinary | undefined> {
  const [major] = await majors(PGBENCH.versionedRoot);
  if (!major) return undefined;
  const pkg = `postgresql-${major}`;
  const built = await builtIntoCache(NAME, 'apt-download', pkg, extractedDir(env, major), extractedBinary(major), log, async (tmp) => {
    log.info('taking pgbench out of the Debian server package, unpacked into the cache', { package: pkg });
    await run('apt-get', ['download', pkg], { cwd: tmp, env, timeout: 10 * 60_000, maxBuffer: 16 * 1024 * 1024 });
    const [deb] = (await readdir(tmp)).filter((file) => file.endsWith('.deb'));
    if (!deb) throw new Error(`apt-get download ${pkg} left no .deb`);
    // The package holds the whole server; only pgbench is kept.
    const unpacked = join(tmp, 'unpacked');
    await run('dpkg-deb', ['-x', join(tmp, deb), unpacked], { timeout: 5 * 60_000 });
    await mkdir(dirname(join(tmp, extractedBinary(major))), { recursive: true });
    await rename(join(unpacked, extractedBinary(major)), join(tmp, extractedBinary(major)));
    await rm(unpacked, { recursive: true, force: true });
    await rm(join(tmp, deb));
  });
  if (!built?.path) return undefined;
  const version = await runs(built.path);
  return version ? { ...built, version } : undefined;
}

/**
 * pgbench: the one `PGBENCH_PATH` names, else `pgbench` on PATH or Debian's
 * `/usr/lib/postgresql/<major>/bin/pgbench`, else one unpacked into the cache before; else, where a
 * PostgreSQL client is installed, the program unpacked from the server package of its major version
 * (no root needed); else Debian's `postgresql-client` is installed (as root or through password-less
 * sudo), then the same. Once per machine. A pgbench of an older major version runs the builtin
 * scripts against a newer server.
 */
export async function provisionPgbench(log: Logger, env: NodeJS.ProcessEnv = process.env): Promise<ProvisionedBinary> {
  const explicit = await explicitBinary(NAME, PGBENCH.envVar, env, versionOf);
  if (explicit) return explicit;
  const found = (await onMachine(env)) ?? (await inCache(env)) ?? (await fromServerPackage(env, log));
  if (found) return found;
  await aptInstall([PGBENCH.debianPackage], { missing: 'no pgbench on PATH or under /usr/lib/postgresql', envVar: PGBENCH.envVar }, log, env);
  const installed = await onMachine(env);
  if (installed) return { ...installed, route: 'apt', cached: false };
  const extracted = await fromServerPackage(env, log);
  if (extracted) return extracted;
  throw new ProvisioningError(
    `neither "${PGBENCH.debianPackage}" nor Debian's server package of its version carried a pgbench that runs: install the "postgresql-<major>" package or set ${PGBENCH.envVar}`,
  );
}
