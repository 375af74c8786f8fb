/**
 * When to try a failed delivery again: exponential backoff from `baseMs`, doubled per attempt, capped
 * at `maxMs`, with up to a fifth of jitter so that many failed deliveries do not return together.
 */
export function retryDelayMs(attempt: number, baseMs: number, maxMs: number, random: () => number = Math.random): number {
  const exponential = Math.min(maxMs, baseMs * 2 ** Math.max(0, attempt - 1));
  return Math.round(exponential * (0.8 + 0.2 * random()));
}
