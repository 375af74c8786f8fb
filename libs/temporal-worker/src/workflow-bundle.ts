import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { bundleWorkflowCode, type BundleOptions, type WorkflowBundleWithSourceMap } from '@temporalio/worker';
import { createLogger } from '@app/logging';
import { projectRoot } from '@app/config/project-root';

/**
 * Packages that must never reach workflow code: they do I/O or carry Node built-ins, and a workflow
 * that imports them is not deterministic. Temporal's bundler already refuses Node built-ins.
 */
export const FORBIDDEN_IN_WORKFLOWS: readonly RegExp[] = [
  /^@nestjs(\/|$)/,
  /^typeorm(\/|$)/,
  /^pg(\/|$)/,
  /^pg-[a-z-]+$/,
  /^@temporalio\/(client|worker|activity|testing)(\/|$)/,
  /^@app\/(persistence|config|logging|temporal-client|temporal-worker|infra)(\/|$)/,
];

interface ResolveData {
  request: string;
  contextInfo: { issuer: string };
}
interface Compiler {
  hooks: {
    normalModuleFactory: {
      tap(name: string, fn: (factory: { hooks: { beforeResolve: { tap(name: string, fn: (data: ResolveData) => void): void } } }) => void): void;
    };
  };
}

/** A webpack plugin that fails the bundle when workflow code imports a forbidden package. */
class ForbiddenImportsPlugin {
  apply(compiler: Compiler): void {
    compiler.hooks.normalModuleFactory.tap('ForbiddenImportsPlugin', (factory) => {
      factory.hooks.beforeResolve.tap('ForbiddenImportsPlugin', (data) => {
        if (FORBIDDEN_IN_WORKFLOWS.some((pattern) => pattern.test(data.request))) {
          throw new Error(
            `workflow code must stay deterministic: "${data.request}" imported by ${data.contextInfo.issuer || 'the entry'} ` +
              'is not allowed in a workflow bundle (no Node built-ins, Nest, TypeORM, database or Temporal client code)',
          );
        }
      });
    });
  }
}

/**
 * The tsconfig `paths` as exact-prefix aliases ("@app/domain" → "<root>/libs/domain/src"). The one
 * source of truth for aliases, the workflow bundler's (Jest reads the same paths in jest.config.js).
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

export function workflowBundleOptions(
  workflowsPath: string = join(projectRoot(), 'workflows', 'index.ts'),
): BundleOptions {
  const aliases = tsconfigAliases();
  return {
    workflowsPath,
    webpackConfigHook: (config) => {
      config.resolve = { ...config.resolve, alias: { ...(config.resolve?.alias as object | undefined), ...aliases } };
      config.plugins = [...(config.plugins ?? []), new ForbiddenImportsPlugin()];
      return config;
    },
  };
}

/** Where `npm run build` writes the workflow bundle, which the stack hands its worker. */
export const PREBUILT_WORKFLOW_BUNDLE = join(projectRoot(), 'dist', 'workflow-bundle.js');

export class WorkflowBundleError extends Error {
  constructor(readonly problems: string[]) {
    super(`the workflow code did not bundle:\n${problems.join('\n')}`);
    this.name = 'WorkflowBundleError';
  }
}

/**
 * Bundles the workflow code once (a few seconds); workers then start from the bundle. A failure
 * throws with webpack's own error lines (which import, from which file), not only a pointer to them.
 */
export async function bundleWorkflows(workflowsPath?: string): Promise<WorkflowBundleWithSourceMap> {
  const problems: string[] = [];
  const keep = (message: string): void => {
    for (const block of message.split(/\n(?=ERROR in )/)) {
      if (block.startsWith('ERROR in ')) problems.push(block.replace(/\n\s*@ .*$/gm, '').replace(/\n+webpack .*$/s, '').trim());
    }
  };
  const bundlerLog = createLogger('workflow-bundler');
  const logger = {
    log: (level: string, message: string, meta?: Record<string, unknown>) => (level === 'ERROR' ? keep(message) : bundlerLog.debug(message, meta)),
    trace: (message: string, meta?: Record<string, unknown>) => bundlerLog.trace(message, meta),
    debug: (message: string, meta?: Record<string, unknown>) => bundlerLog.debug(message, meta),
    info: (message: string, meta?: Record<string, unknown>) => bundlerLog.debug(message, meta),
    warn: (message: string, meta?: Record<string, unknown>) => bundlerLog.warn(message, meta),
    error: (message: string) => keep(message),
  };
  try {
    return await bundleWorkflowCode({ ...workflowBundleOptions(workflowsPath), logger });
  } catch (error) {
    if (problems.length > 0) throw new WorkflowBundleError(problems);
    throw error;
  }
}
