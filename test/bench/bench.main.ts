import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_PORTS, readPort, readPostgresUrl, readTemporalConfig } from '@app/config';
import { createLogger } from '@app/logging';
import { embeddedPostgres } from '@app/infra/project-database';
import { Stack } from '@app/infra/stack';
import { freePort } from '../support/ports';
import { Baseline } from './baseline';
import { Province } from './fixture';
import { BenchApi } from './http';
import { readOptions } from './options';
import { figureResults, line, num, writeResults, type Blocks, type FigureResult } from './report';
import type { BenchContext, Scenario, Side } from './scenario';
import { caseStart } from './scenarios/case-start';
import { humanStep } from './scenarios/human-step';
import { projectionLag } from './scenarios/projection-lag';
import { readSide } from './scenarios/read-side';
import { writeAmplification } from './scenarios/write-amplification';
import { workerMemory } from './scenarios/worker-memory';

/** Every scenario, in the order they run. A later one (read side, projection lag, …) is one more module here. */
const SCENARIOS: readonly Scenario[] = [humanStep, caseStart, projectionLag, writeAmplification, workerMemory, readSide];

const say = (text: string): void => {
  process.stdout.write(`${text}\n`);
};

/**
 * `npm run bench`: starts the stack as `npm start` does (a fresh temporary DATA_DIR and free ports,
 * or DATABASE_URL / TEMPORAL_ADDRESS when given), a baseline worker beside it, and runs each
 * scenario in alternating blocks (baseline, product, …) after a discarded warm-up pair. Prints a
 * line per figure and writes bench-<timestamp>.json and .md. Stops everything at the end, on a
 * failure, and on Ctrl-C.
 */
async function main(): Promise<number> {
  // The parts log their warnings and errors only: the bench's own lines are what a run is read for.
  process.env.LOG_LEVEL ??= 'warn';
  const log = createLogger('bench');
  const options = readOptions(process.argv.slice(2), process.env, SCENARIOS.map((s) => s.id));
  const scenarios = SCENARIOS.filter((s) => options.scenarios.includes(s.id));
  const startedAt = new Date();

  const dataDir = process.env.BENCH_DATA_DIR?.trim() || (await mkdtemp(join(tmpdir(), 'secondment-bench-')));
  // The postgres user (PostgreSQL refuses to run as root) must be able to enter it.
  await chmod(dataDir, 0o755);
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    DATA_DIR: dataDir,
    PORT: String(await freePort()),
    PG_PORT: String(await freePort()),
    TEMPORAL_PORT: String(await freePort()),
    TEMPORAL_UI_PORT: String(await freePort()),
  };
  const stack = new Stack(env);
  let baseline: Baseline | undefined;
  let stopping: Promise<void> | undefined;
  const stopAll = (): Promise<void> =>
    (stopping ??= (async () => {
      await baseline?.stop().catch((error: unknown) => log.error('stopping the baseline worker failed', { err: error }));
      await stack.stop().catch((error: unknown) => log.error('stopping the stack failed', { err: error }));
      if (!process.env.BENCH_DATA_DIR?.trim()) await rm(dataDir, { recursive: true, force: true }).catch(() => undefined);
    })());
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      say(`\n${signal}: stopping the baseline worker and the stack`);
      void stopAll().finally(() => process.exit(130));
    });
  }

  try {
    say(`bench: starting the stack (data in ${dataDir})`);
    const urls = await stack.start();
    const databaseUrl = env.DATABASE_URL?.trim()
      ? readPostgresUrl(env, 'DATABASE_URL')
      : (await embeddedPostgres({ dataDir, port: readPort(env, 'PG_PORT', DEFAULT_PORTS.postgres) }, log)).url;
    const temporal = { ...readTemporalConfig(env), address: urls.temporalAddress };
    baseline = await Baseline.start(temporal, log.child('baseline-worker'));
    const api = new BenchApi(`http://127.0.0.1:${env.PORT}`);
    const province = await Province.prepare(api, databaseUrl);
    const context: BenchContext = { api, baseline, province, sizes: options.sizes, log, databaseUrl, temporal, env };

    const needed = { department: 0, any: 0 };
    for (const s of scenarios) {
      const perBlock = s.officialsPerBlock(options.sizes);
      const blocks = Math.min(options.blocks, s.maxBlocks ?? options.blocks) + options.warmup;
      needed.department += Math.ceil(perBlock.department * blocks);
      needed.any += Math.ceil(perBlock.any * blocks);
    }
    const free = province.available;
    say(
      `bench: stack up; ${free.department + free.commune} officials free to nominate (${free.department} in departments), the scenarios need about ${needed.department + needed.any} (${needed.department} in departments)`,
    );
    if (needed.department > free.department) throw new Error(`the sizes need ${needed.department} officials of departments and the province has ${free.department}: lower BENCH_* sizes or BENCH_BLOCKS`);
    if (needed.department + needed.any > free.department + free.commune) {
      throw new Error(`the sizes need ${needed.department + needed.any} officials and the province has ${free.department + free.commune}: lower BENCH_* sizes or BENCH_BLOCKS`);
    }

    const results: FigureResult[] = [];
    const raw: Record<string, Blocks> = {};
    for (const scenario of scenarios) {
      say(`\n${scenario.title}: ${scenario.measures}`);
      const blocks: Blocks = { baseline: [], product: [] };
      const run = async (side: Side, label: string, scale: number): Promise<Record<string, number>> => {
        const started = performance.now();
        const values = await scenario.block(side, context, scale);
        const extra = Object.keys(values).filter((key) => !scenario.figures.some((f) => f.key === key));
        const shown = [
          ...scenario.figures.filter((f) => f.key in values).map((f) => `${f.key} ${num(values[f.key])}${f.unit === '/s' ? '/s' : ` ${f.unit}`}`),
          ...extra.map((key) => `${key} ${values[key]}`),
        ].join(', ');
        say(`  ${label} ${side.padEnd(8)} ${shown}   (${((performance.now() - started) / 1000).toFixed(1)} s)`);
        return values;
      };
      // A scenario whose figures are all the product's alone runs no baseline blocks.
      const withBaseline = scenario.figures.some((f) => !f.productOnly);
      const count = Math.min(options.blocks, scenario.maxBlocks ?? options.blocks);
      if (options.warmup > 0) {
        if (withBaseline) await run('baseline', 'warm-up', options.warmup);
        await run('product', 'warm-up', options.warmup);
      }
      for (let i = 1; i <= count; i += 1) {
        if (withBaseline) blocks.baseline.push(await run('baseline', `block ${i}`, 1));
        blocks.product.push(await run('product', `block ${i}`, 1));
      }
      raw[scenario.id] = blocks;
      const scenarioResults = figureResults(scenario, blocks);
      for (const result of scenarioResults) say(`  ${line(result)}`);
      results.push(...scenarioResults);
    }

    const meta = {
      startedAt: startedAt.toISOString(),
      seconds: Math.round((Date.now() - startedAt.getTime()) / 1000),
      scenarios: options.scenarios,
      blocks: options.blocks,
      warmup: options.warmup,
      sizes: options.sizes,
      stack: { temporal: env.TEMPORAL_ADDRESS?.trim() ? 'external' : 'embedded dev server', database: env.DATABASE_URL?.trim() ? 'external' : 'embedded' },
      blockValues: raw,
      machine: { node: process.version, platform: process.platform, arch: process.arch, cpus: (await import('node:os')).cpus().length },
    };
    const stamp = startedAt.toISOString().replace(/[:.]/g, '-');
    const files = await writeResults(options.resultsDir, stamp, results, meta);
    say(`\nsummary (${results.filter((r) => r.met === true).length} of ${results.filter((r) => r.met !== null).length} targets met):`);
    for (const result of results) say(`  ${line(result)}`);
    say(`\nresults: ${files.join(', ')}`);
    return 0;
  } catch (error) {
    log.fatal('the bench failed', { err: error });
    say(`bench failed: ${error instanceof Error ? error.message : String(error)}`);
    return 1;
  } finally {
    await stopAll();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    createLogger('bench').fatal('the bench failed', { err: error });
    process.exit(1);
  },
);
