import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import type { Logger } from '@app/logging';
import { aptInstall, explicitBinary, isExecutable, ProvisioningError, type ProvisionedBinary } from './provision';

const run = promisify(execFile);

/** Debian's package: what the browser specs drive through playwright-core. No test tool may download a browser here. */
export const CHROMIUM = { envVar: 'CHROMIUM_PATH', debianPackage: 'chromium', path: '/usr/bin/chromium' } as const;

async function versionOf(path: string): Promise<string> {
  const { stdout } = await run(path, ['--version'], { timeout: 30_000 });
  return stdout.trim().replace(/^Chromium\s+/, '').split(/\s+/)[0] ?? 'unknown';
}

/**
 * A headless Chromium for the browser specs: the one `CHROMIUM_PATH` names, else Debian's
 * `/usr/bin/chromium`, installed from Debian's packages when missing (once per machine).
 */
export async function provisionChromium(log: Logger, env: NodeJS.ProcessEnv = process.env): Promise<ProvisionedBinary> {
  const name = 'Chromium (headless, for the browser specs)';
  const explicit = await explicitBinary(name, CHROMIUM.envVar, env, versionOf);
  if (explicit) return explicit;
  if (await isExecutable(CHROMIUM.path)) return { name, path: CHROMIUM.path, route: 'path', version: await versionOf(CHROMIUM.path), cached: true };
  await aptInstall([CHROMIUM.debianPackage], { missing: `no Chromium at ${CHROMIUM.path}`, envVar: CHROMIUM.envVar }, log, env);
  if (!(await isExecutable(CHROMIUM.path))) throw new ProvisioningError(`the "${CHROMIUM.debianPackage}" package left no ${CHROMIUM.path}`);
  return { name, path: CHROMIUM.path, route: 'apt', version: await versionOf(CHROMIUM.path), cached: false };
}
