import { homedir } from 'node:os';
import { isAbsolute, join, resolve } from 'node:path';
import { projectRoot } from '@app/config/project-root';

/** Where the stack keeps its state: `.data/` in the project (git-ignored) unless DATA_DIR says otherwise. */
export function dataDir(env: NodeJS.ProcessEnv = process.env): string {
  const configured = env.DATA_DIR?.trim();
  if (configured) return isAbsolute(configured) ? configured : resolve(projectRoot(), configured);
  return join(projectRoot(), '.data');
}

/** Provisioned binaries are cached outside the repo, so fresh clones and CI reuse them. */
export function cacheDir(env: NodeJS.ProcessEnv = process.env): string {
  const configured = env.SECONDMENT_CACHE_DIR?.trim();
  if (configured) return resolve(configured);
  const xdg = env.XDG_CACHE_HOME?.trim();
  return join(xdg ? resolve(xdg) : join(homedir(), '.cache'), 'secondment-engine');
}
