/**
 * Backoff for failed deliveries: the base delay doubled per attempt, capped, with up to a fifth of
 * jitter taken off so that many failures do not come back together.
 */
import { retryDelayMs } from './retry';

const BASE = 30_000;
const MAX = 60 * 60_000;
/** No jitter: random() at its top gives the full delay. */
const full = () => 1;
/** The most jitter: random() at its bottom takes a fifth off. */
const least = () => 0;

describe('retryDelayMs', () => {
  it.each([
    [1, 30_000],
    [2, 60_000],
    [3, 120_000],
    [4, 240_000],
    [5, 480_000],
    [6, 960_000],
    [7, 1_920_000],
  ])('waits the base doubled per attempt: attempt %i → %i ms', (attempt, ms) => {
    expect(retryDelayMs(attempt, BASE, MAX, full)).toBe(ms);
  });

  it('doubles from one attempt to the next', () => {
    for (let attempt = 1; attempt < 7; attempt += 1) {
      expect(retryDelayMs(attempt + 1, BASE, MAX, full)).toBe(2 * retryDelayMs(attempt, BASE, MAX, full));
    }
  });

  it('never waits longer than the cap', () => {
    expect(retryDelayMs(8, BASE, MAX, full)).toBe(MAX);
    expect(retryDelayMs(20, BASE, MAX, full)).toBe(MAX);
    expect(retryDelayMs(3, BASE, 100_000, full)).toBe(100_000);
    expect(retryDelayMs(2, BASE, 100_000, full)).toBe(60_000);
  });

  it('treats attempt 0 or less as the first', () => {
    expect(retryDelayMs(0, BASE, MAX, full)).toBe(BASE);
    expect(retryDelayMs(-3, BASE, MAX, full)).toBe(BASE);
  });

  it.each([1, 3, 8, 12])('keeps the jitter within 80%% and 100%% of the delay (attempt %i)', (attempt) => {
    const delay = retryDelayMs(attempt, BASE, MAX, full);
    for (const r of [0, 0.1, 0.25, 0.5, 0.75, 0.999]) {
      const jittered = retryDelayMs(attempt, BASE, MAX, () => r);
      expect(jittered).toBeGreaterThanOrEqual(Math.floor(0.8 * delay));
      expect(jittered).toBeLessThanOrEqual(delay);
    }
    expect(retryDelayMs(attempt, BASE, MAX, least)).toBe(0.8 * delay);
  });

  it('takes the jitter from the random source given', () => {
    expect(retryDelayMs(1, BASE, MAX, () => 0.5)).toBe(27_000);
    expect(retryDelayMs(2, BASE, MAX, () => 0.5)).toBe(54_000);
    expect(retryDelayMs(20, BASE, MAX, () => 0.5)).toBe(0.9 * MAX);
  });

  it('returns whole milliseconds', () => {
    expect(Number.isInteger(retryDelayMs(1, 1_001, MAX, () => 0.333))).toBe(true);
  });

  it('stays within the bounds with the default random source', () => {
    for (let i = 0; i < 200; i += 1) {
      const delay = retryDelayMs(4, BASE, MAX);
      expect(delay).toBeGreaterThanOrEqual(0.8 * 240_000);
      expect(delay).toBeLessThanOrEqual(240_000);
    }
  });
});
