import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** The folder holding the project's package.json, found from this file in the sources or in dist/. */
export function projectRoot(from: string = __dirname): string {
  let dir = from;
  for (;;) {
    const manifest = join(dir, 'package.json');
    if (existsSync(manifest) && existsSync(join(dir, 'nest-cli.json'))) return dir;
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`no project root (package.json beside nest-cli.json) above ${from}`);
    dir = parent;
  }
}

/**
 * The tsconfig `paths` as exact-prefix aliases ("@app/domain" → "<root>/libs/domain/src"). The one
 * source of truth for aliases, shared by the workflow bundler and Jest.
 */
export function tsconfigAliases(root: string = projectRoot()): Record<string, string> {
  const tsconfig = JSON.parse(readFileSync(join(root, 'tsconfig.json'), 'utf8')) as {
    compilerOptions?: { paths?: Record<string, string[]> };
  };
  const aliases: Record<string, string> = {};
  for (const [pattern, targets] of Object.entries(tsconfig.compilerOptions?.paths ?? {})) {
    if (pattern.endsWith('/*') || targets.length === 0) continue;
    aliases[pattern] = join(root, targets[0]);
  }
  return aliases;
}
