import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import type { Logger } from '@app/logging';
import { isExecutable, ProvisioningError, type ProvisionedBinary } from './provision';

const run = promisify(execFile);

/** Debian's package: what the browser specs drive through playwright-core. No test tool may download a browser here. */
export const CHROMIUM = { envVar: 'CHROMIUM_PATH', debianPackage: 'chromium', path: '/usr/bin/chromium' } as const;

async function versionOf(path: string): Promise<string> {
  const { stdout } = await run(path, ['--version'], { timeout: 30_000 });
  return stdout.trim().replace(/^Chromium\s+/, '').split(/\s+/)[0] ?? 'unknown';
}

/** Root runs apt-get itself; anyone else may if sudo asks for no password. */
async function aptPrefix(): Promise<string[] | undefined> {
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
 * A headless Chromium for the browser specs: the one `CHROMIUM_PATH` names, else Debian's
 * `/usr/bin/chromium`, installed from Debian's packages when missing (once per machine).
 */
export async function provisionChromium(log: Logger, env: NodeJS.ProcessEnv = process.env): Promise<ProvisionedBinary> {
  const name = 'Chromium (headless, for the browser specs)';
  const explicit = env[CHROMIUM.envVar]?.trim();
  if (explicit) {
    if (!(await isExecutable(explicit))) throw new ProvisioningError(`${CHROMIUM.envVar}=${explicit}: not an executable file`);
    return { name, path: explicit, route: 'env', version: await versionOf(explicit), cached: true };
  }
  if (await isExecutable(CHROMIUM.path)) return { name, path: CHROMIUM.path, route: 'path', version: await versionOf(CHROMIUM.path), cached: true };
  const prefix = await aptPrefix();
  if (!prefix) {
    throw new ProvisioningError(
      `no Chromium at ${CHROMIUM.path}, and apt-get cannot run here (not root, no password-less sudo): install Debian's "${CHROMIUM.debianPackage}" package or set ${CHROMIUM.envVar}`,
    );
  }
  log.info('installing Chromium from Debian packages', { package: CHROMIUM.debianPackage });
  const aptEnv = { ...env, DEBIAN_FRONTEND: 'noninteractive' };
  const apt = async (args: string[]) => {
    const [command = 'apt-get', ...rest] = [...prefix, 'apt-get', ...args];
    await run(command, rest, { env: aptEnv, timeout: 20 * 60_000, maxBuffer: 64 * 1024 * 1024 });
  };
  try {
    await apt(['update', '-qq']);
    await apt(['install', '-y', '-qq', '--no-install-recommends', CHROMIUM.debianPackage]);
  } catch (error) {
    throw new ProvisioningError(`apt-get could not install "${CHROMIUM.debianPackage}": ${(error as Error).message.split('\n')[0]}`);
  }
  if (!(await isExecutable(CHROMIUM.path))) throw new ProvisioningError(`the "${CHROMIUM.debianPackage}" package left no ${CHROMIUM.path}`);
  return { name, path: CHROMIUM.path, route: 'path', version: await versionOf(CHROMIUM.path), cached: false };
}
