import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Figure, Scenario, Side } from './scenario';
import { describeTarget, meets, pairedRatios, summarise, type Summary } from './stats';

/** The values of one scenario's figures, block by block, per side (warm-up excluded). */
export type Blocks = Record<Side, Record<string, number>[]>;

export interface FigureResult {
  scenario: string;
  figure: string;
  label: string;
  unit: string;
  target: string;
  product: Summary & { blocks: number[] };
  /** Absent for a figure with no baseline (`productOnly`). */
  baseline?: Summary & { blocks: number[] };
  /** product ÷ baseline, per block pair; absent with no baseline. */
  ratio?: Summary & { blocks: number[] };
  /** The value the target judges: the ratio's median (when there is a baseline and the target is not absolute), else the product's. */
  judged: number;
  /** Whether the target is met; null for a figure that is only reported. */
  met: boolean | null;
}

export function figureResults(scenario: Scenario, blocks: Blocks): FigureResult[] {
  return scenario.figures.map((figure: Figure) => {
    const valueOf = (values: Record<string, number>, side: Side): number => {
      const value = values[figure.key];
      if (typeof value !== 'number' || Number.isNaN(value)) throw new Error(`scenario ${scenario.id} gave no ${side} value for ${figure.key}`);
      return value;
    };
    const product = blocks.product.map((values) => valueOf(values, 'product'));
    const product_ = { ...summarise(product), blocks: product };
    let baseline_: FigureResult['baseline'];
    let ratio_: FigureResult['ratio'];
    if (!figure.productOnly) {
      const baseline = blocks.baseline.map((values) => valueOf(values, 'baseline'));
      const ratios = pairedRatios(product, baseline);
      baseline_ = { ...summarise(baseline), blocks: baseline };
      ratio_ = { ...summarise(ratios), blocks: ratios };
    }
    const judged = figure.target.kind === 'at_most' || !ratio_ ? product_.median : ratio_.median;
    return {
      scenario: scenario.id,
      figure: figure.key,
      label: figure.label,
      unit: figure.unit,
      target: describeTarget(figure.target, figure.unit),
      product: product_,
      ...(baseline_ ? { baseline: baseline_, ratio: ratio_ } : {}),
      judged,
      met: meets(figure.target, judged),
    };
  });
}

/** Three significant digits or so: 0.123, 12.3, 1234. */
export function num(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  const abs = Math.abs(value);
  return abs >= 100 ? value.toFixed(0) : abs >= 10 ? value.toFixed(1) : abs >= 1 ? value.toFixed(2) : value.toFixed(3);
}

const withUnit = (value: number, unit: string) => (unit === '/s' ? `${num(value)}/s` : `${num(value)} ${unit}`);

/** The line a scenario prints per figure: medians, the ratio, the target, and whether it is met. */
export function line(result: FigureResult): string {
  const verdict = result.met === null ? 'reported' : result.met ? 'met' : 'missed';
  const product = `product ${withUnit(result.product.median, result.unit)} (blocks ${num(result.product.min)}–${num(result.product.max)})`;
  if (!result.baseline || !result.ratio) return `${result.label}: ${product}, no baseline (target ${result.target}) — ${verdict}`;
  const ratio = `ratio ${num(result.ratio.median)} (blocks ${num(result.ratio.min)}–${num(result.ratio.max)})`;
  return `${result.label}: ${product}, baseline ${withUnit(result.baseline.median, result.unit)}, ${ratio} (target ${result.target}) — ${verdict}`;
}

const range = (s: Summary | undefined, unit = '') => (s ? `${num(s.median)}${unit} (${num(s.min)}–${num(s.max)})` : '—');

export function markdown(results: FigureResult[], meta: Record<string, unknown>): string {
  const rows = results.map((r) =>
    [r.label, r.unit, range(r.product), range(r.baseline), range(r.ratio, '×'), r.target, r.met === null ? 'reported' : r.met ? 'met' : '**missed**'].join(' | '),
  );
  return [
    `# Benchmark ${String(meta.startedAt)}`,
    '',
    `Medians across ${String(meta.blocks)} blocks per side (warm-up excluded), with the range over the blocks in parentheses.`,
    'The ratio is product ÷ baseline, computed per block pair; a ratio target is judged on its median, an absolute target on the product median.',
    '',
    '| figure | unit | product | baseline | ratio | target | |',
    '|---|---|---|---|---|---|---|',
    ...rows.map((row) => `| ${row} |`),
    '',
    '```json',
    JSON.stringify({ ...meta, blockValues: undefined }, null, 2),
    '```',
    '',
  ].join('\n');
}

/** Writes bench-<timestamp>.json and .md into `dir`; returns their paths. */
export async function writeResults(dir: string, stamp: string, results: FigureResult[], meta: Record<string, unknown>): Promise<string[]> {
  await mkdir(dir, { recursive: true });
  const json = join(dir, `bench-${stamp}.json`);
  const md = join(dir, `bench-${stamp}.md`);
  await writeFile(json, JSON.stringify({ ...meta, results }, null, 2) + '\n');
  await writeFile(md, markdown(results, meta));
  return [json, md];
}
