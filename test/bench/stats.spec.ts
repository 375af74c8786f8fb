import { mapConcurrently, meets, median, pairedRatios, percentile, summarise } from './stats';

describe('benchmark statistics', () => {
  it('percentiles interpolate between the closest ranks; the median of an even count is the mean of the middle two', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(percentile([10], 99)).toBe(10);
    const hundred = Array.from({ length: 100 }, (_, i) => i + 1);
    expect(percentile(hundred, 50)).toBeCloseTo(50.5);
    expect(percentile(hundred, 99)).toBeCloseTo(99.01);
    expect(percentile(hundred, 0)).toBe(1);
    expect(percentile(hundred, 100)).toBe(100);
    expect(() => percentile([], 50)).toThrow('no values');
  });

  it('summarises blocks by median, range and quartiles, and pairs ratios block by block', () => {
    expect(summarise([5, 1, 3, 2, 4])).toEqual({ median: 3, min: 1, max: 5, q1: 2, q3: 4, n: 5 });
    expect(pairedRatios([12, 20], [10, 10])).toEqual([1.2, 2]);
    expect(() => pairedRatios([1], [1, 2])).toThrow('do not pair');
  });

  it('judges ratio and absolute targets', () => {
    expect(meets({ kind: 'ratio_at_most', value: 1.3 }, 1.3)).toBe(true);
    expect(meets({ kind: 'ratio_at_most', value: 1.3 }, 1.31)).toBe(false);
    expect(meets({ kind: 'ratio_at_least', value: 0.5 }, 0.49)).toBe(false);
    expect(meets({ kind: 'at_most', value: 30 }, 12)).toBe(true);
    expect(meets({ kind: 'reported' }, 12)).toBeNull();
  });

  it('runs at most the given number of calls at once, keeping the order of results', async () => {
    let inFlight = 0;
    let most = 0;
    const results = await mapConcurrently([1, 2, 3, 4, 5, 6, 7], 3, async (n) => {
      inFlight += 1;
      most = Math.max(most, inFlight);
      await Promise.resolve();
      inFlight -= 1;
      return n * 2;
    });
    expect(results).toEqual([2, 4, 6, 8, 10, 12, 14]);
    expect(most).toBe(3);
  });
});
