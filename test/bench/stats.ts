/** The statistics the benchmark reports: percentiles of samples, and medians and spreads across blocks. */

/** The p-th percentile (0–100) of `values`, by linear interpolation between the closest ranks. */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) throw new Error('no values');
  if (p < 0 || p > 100) throw new Error(`percentile ${p} is outside 0–100`);
  const sorted = [...values].sort((a, b) => a - b);
  const rank = (p / 100) * (sorted.length - 1);
  const low = Math.floor(rank);
  const high = Math.ceil(rank);
  return sorted[low] + (sorted[high] - sorted[low]) * (rank - low);
}

export function median(values: readonly number[]): number {
  return percentile(values, 50);
}

/** A figure across blocks: its median, its range, and its interquartile range. */
export interface Summary {
  median: number;
  min: number;
  max: number;
  q1: number;
  q3: number;
  n: number;
}

export function summarise(values: readonly number[]): Summary {
  return {
    median: median(values),
    min: Math.min(...values),
    max: Math.max(...values),
    q1: percentile(values, 25),
    q3: percentile(values, 75),
    n: values.length,
  };
}

/** product ÷ baseline per block pair (block i of the product with block i of the baseline). */
export function pairedRatios(product: readonly number[], baseline: readonly number[]): number[] {
  if (product.length !== baseline.length) throw new Error(`${product.length} product blocks and ${baseline.length} baseline blocks do not pair`);
  return product.map((value, i) => value / baseline[i]);
}

/**
 * What a figure is held to: a ratio to its baseline (at most or at least), an absolute bound on the
 * product's figure, or nothing (`reported`: the figure is measured and shown, with no verdict).
 */
export type Target = { kind: 'ratio_at_most' | 'ratio_at_least' | 'at_most'; value: number } | { kind: 'reported' };

/** Whether the median meets the target (the ratio's median for a ratio target, the product's for an absolute one); null when only reported. */
export function meets(target: Target, value: number): boolean | null {
  if (target.kind === 'reported') return null;
  return target.kind === 'ratio_at_least' ? value >= target.value : value <= target.value;
}

export function describeTarget(target: Target, unit = ''): string {
  if (target.kind === 'reported') return 'reported';
  if (target.kind === 'ratio_at_most') return `≤ ${target.value}×`;
  if (target.kind === 'ratio_at_least') return `≥ ${target.value}×`;
  return `≤ ${target.value}${unit ? ` ${unit}` : ''}`;
}

/** Runs `fn` over `items` with at most `concurrency` calls in flight; results in the items' order. */
export async function mapConcurrently<T, R>(items: readonly T[], concurrency: number, fn: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const lanes = Array.from({ length: Math.max(1, Math.min(concurrency, items.length)) }, async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await fn(items[i], i);
    }
  });
  await Promise.all(lanes);
  return results;
}
