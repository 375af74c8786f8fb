import { join } from 'node:path';
import { ConfigError, readPositiveInt, type Env } from '@app/config';
import { projectRoot } from '@app/config/project-root';
import type { Sizes } from './scenario';

export interface BenchOptions {
  scenarios: string[];
  blocks: number;
  /** The warm-up pair's size as a fraction of a block (0: no warm-up). */
  warmup: number;
  sizes: Sizes;
  resultsDir: string;
}

/**
 * The environment with the command line over it: every `--name=value` is read as BENCH_NAME (dashes
 * become underscores), and wins over the environment's.
 */
export function withArgv(argv: readonly string[], environment: Env): Env {
  const env: Env = { ...environment };
  for (const arg of argv) {
    const match = /^--([a-z][a-z0-9-]*)=(.*)$/.exec(arg);
    if (!match) throw new ConfigError('argv', `expected --name=value, got ${arg}`, arg);
    env[`BENCH_${match[1].replace(/-/g, '_').toUpperCase()}`] = match[2];
  }
  return env;
}

/** This run's settings (environment and command line), where a scenario reads its own options: `readPositiveInt(SETTINGS, 'BENCH_READ_ROUNDS', 5)`. */
export const SETTINGS: Env = withArgv(process.argv.slice(2), process.env);

/** Options from the environment (BENCH_BLOCKS=5) or the command line (`--blocks=5`, which wins). */
export function readOptions(argv: readonly string[], environment: Env, known: readonly string[]): BenchOptions {
  const env = withArgv(argv, environment);
  const scenarios = (env.BENCH_SCENARIOS?.trim() || known.join(','))
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  for (const id of scenarios) if (!known.includes(id)) throw new ConfigError('BENCH_SCENARIOS', `unknown scenario ${id} (known: ${known.join(', ')})`, id);
  const warmup = Number(env.BENCH_WARMUP ?? '0.2');
  if (!(warmup >= 0 && warmup <= 1)) throw new ConfigError('BENCH_WARMUP', 'must be a fraction of a block, from 0 to 1', env.BENCH_WARMUP);
  const blocks = readPositiveInt(env, 'BENCH_BLOCKS', 5);
  return {
    scenarios,
    blocks,
    warmup,
    sizes: {
      concurrency: readPositiveInt(env, 'BENCH_CONCURRENCY', 50),
      approvalsSequential: readPositiveInt(env, 'BENCH_APPROVALS_SEQUENTIAL', 100),
      approvalsConcurrent: readPositiveInt(env, 'BENCH_APPROVALS_CONCURRENT', 200),
      nominations: readPositiveInt(env, 'BENCH_NOMINATIONS', 100),
      batch: readPositiveInt(env, 'BENCH_BATCH', 1000),
    },
    resultsDir: env.BENCH_RESULTS_DIR?.trim() || join(projectRoot(), '.bench-results'),
  };
}
