import { sleep } from '../../infra/child-process';

/** What a request finally got, after its retries. */
export interface Answer {
  status: number;
  body: Record<string, unknown>;
  contentType: string;
  /** Tries it took: 1 when the first one was answered for good. */
  attempts: number;
}

/** Why a try was tried again, counted over the run. */
export interface RetryCounts {
  /** No answer: connection refused or reset (the API down or killed mid-request), or no answer in time. */
  network: number;
  /** 503: a part the API needs is down or slow; the problem names it. */
  unavailable: number;
  /** Other 5xx (a 500 is a bug: it is counted and not retried). */
  otherServerError: number;
}

const RETRY_PAUSE_MS = 250;
/** A request still unanswered for good after this long fails the run. */
const GIVE_UP_MS = 240_000;
const TRY_TIMEOUT_MS = 60_000;

/**
 * A client as a well-behaved caller writes one: every write carries an Idempotency-Key, and a try
 * with no answer, or answered 502/503/504, is sent again with the same key and body until it gets
 * an answer for good. It counts what is in flight (so a kill can be timed mid-request), the retries
 * and every answer for good with its time (so recovery after a fault can be read off).
 */
export class RetryingClient {
  inFlight = 0;
  readonly retries: RetryCounts = { network: 0, unavailable: 0, otherServerError: 0 };
  /** Times (epoch ms) at which a write was answered 2xx, in order. */
  readonly successes: number[] = [];
  /** 5xx answers other than 502/503/504: each a product bug. */
  readonly serverErrors: string[] = [];

  constructor(
    private readonly apiUrl: string,
    private readonly tokens: Readonly<Record<string, string>>,
  ) {}

  async write(user: string, path: string, body: object, key: string): Promise<Answer> {
    const started = Date.now();
    let attempts = 0;
    for (;;) {
      attempts += 1;
      this.inFlight += 1;
      try {
        const response = await fetch(`${this.apiUrl}/api/v1${path}`, {
          method: 'POST',
          headers: { authorization: `Bearer ${this.tokens[user]}`, 'content-type': 'application/json', 'idempotency-key': key },
          body: JSON.stringify(body),
          signal: AbortSignal.timeout(TRY_TIMEOUT_MS),
        });
        const text = await response.text();
        if ([502, 503, 504].includes(response.status)) {
          this.retries.unavailable += 1;
        } else {
          if (response.status >= 500) {
            this.retries.otherServerError += 1;
            this.serverErrors.push(`${response.status} POST ${path}: ${text.slice(0, 300)}`);
          }
          if (response.status < 300) this.successes.push(Date.now());
          return { status: response.status, body: parse(text), contentType: response.headers.get('content-type') ?? '', attempts };
        }
      } catch {
        this.retries.network += 1;
      } finally {
        this.inFlight -= 1;
      }
      if (Date.now() - started > GIVE_UP_MS) throw new Error(`POST ${path} (key ${key}) had no answer for good after ${attempts} tries in ${GIVE_UP_MS / 1000} s`);
      await sleep(RETRY_PAUSE_MS);
    }
  }

  /** One GET, no retry: what the API answers right now (status 0: no answer). */
  async read(user: string, path: string): Promise<Omit<Answer, 'attempts'>> {
    try {
      const response = await fetch(`${this.apiUrl}/api/v1${path}`, { headers: { authorization: `Bearer ${this.tokens[user]}` }, signal: AbortSignal.timeout(10_000) });
      return { status: response.status, body: parse(await response.text()), contentType: response.headers.get('content-type') ?? '' };
    } catch {
      return { status: 0, body: {}, contentType: '' };
    }
  }

  /** The first answer for good at or after `since`, as milliseconds after it; waits for one. */
  async firstSuccessAfter(since: number, timeoutMs = 120_000): Promise<number> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const at = this.successes.find((time) => time >= since);
      if (at !== undefined) return at - since;
      if (Date.now() > deadline) throw new Error(`no write succeeded within ${timeoutMs / 1000} s of ${new Date(since).toISOString()}`);
      await sleep(20);
    }
  }
}

function parse(text: string): Record<string, unknown> {
  try {
    const value: unknown = JSON.parse(text);
    return value !== null && typeof value === 'object' ? (value as Record<string, unknown>) : { value };
  } catch {
    return { text };
  }
}

/** Runs `work` for each item with at most `concurrency` at once; the first failure is rethrown once all settle. */
export async function eachLimited<T>(items: readonly T[], concurrency: number, work: (item: T, index: number) => Promise<void>): Promise<void> {
  let next = 0;
  const failures: unknown[] = [];
  const lane = async () => {
    while (next < items.length) {
      const index = next++;
      await work(items[index], index).catch((error: unknown) => failures.push(error));
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, lane));
  if (failures.length > 0) throw failures[0];
}
