import { DEMO_ACCOUNTS, DEMO_PASSWORD } from '@app/persistence';
import { addDays, localDateOf, type LocalDate } from '@app/domain';
import request from 'supertest';
import { type RunningApi, type RunningWorker, startApi, startWorker, uniqueTaskQueue, useTestEnvironment } from './apps';
import { createTestDatabase, type TestDatabase } from './database';

/** The running API, worker, a fresh database (demo province seeded) and the dev server, for one spec file. */
export interface ApiStack {
  db: TestDatabase;
  api: RunningApi;
  worker: RunningWorker;
  close(): Promise<void>;
}

export async function startApiStack(prefix: string): Promise<ApiStack> {
  const db = await createTestDatabase();
  useTestEnvironment({ databaseUrl: db.url, taskQueue: uniqueTaskQueue(prefix) });
  const worker = await startWorker();
  const api = await startApi();
  return {
    db,
    api,
    worker,
    close: async () => {
      await api.close();
      await worker.stop();
      await db.drop();
    },
  };
}

/** The username of every demo account (libs/persistence/src/demo/demo-data.ts), in the order they are seeded. */
export const DEMO_USERNAMES: readonly string[] = DEMO_ACCOUNTS.map((account) => account.username);

/** Signs in a demo account and returns its bearer token. */
export async function login(url: string, username: string, password = DEMO_PASSWORD): Promise<string> {
  const response = await request(url).post('/api/v1/auth/login').send({ username, password });
  if (response.status !== 200) throw new Error(`login ${username}: ${response.status} ${JSON.stringify(response.body)}`);
  return (response.body as { token: string }).token;
}

/** Tokens of the given accounts, each signed in once. */
export async function loginAll(url: string, usernames: readonly string[]): Promise<Record<string, string>> {
  const tokens = await Promise.all(usernames.map((username) => login(url, username)));
  return Object.fromEntries(usernames.map((username, i) => [username, tokens[i]]));
}

/** Requests to /api/v1 that carry `Authorization: Bearer <token>`; `path` is relative to /api/v1. */
export interface AuthorizedRequests {
  get(path: string): request.Test;
  post(path: string): request.Test;
  delete(path: string): request.Test;
}

/** Requests to the API at `url` with one bearer token. */
export function withBearer(url: string, token: string): AuthorizedRequests {
  return {
    get: (path) => request(url).get(`/api/v1${path}`).set('Authorization', `Bearer ${token}`),
    post: (path) => request(url).post(`/api/v1${path}`).set('Authorization', `Bearer ${token}`),
    delete: (path) => request(url).delete(`/api/v1${path}`).set('Authorization', `Bearer ${token}`),
  };
}

/** The API as the signed-in demo accounts see it. */
export interface ApiClient {
  readonly url: string;
  /** Bearer tokens by username; a spec that ends a session puts a fresh token here. */
  readonly tokens: Record<string, string>;
  /** Requests as `username` (to another API, started on the same database, when `url` is given). */
  as(username: string, url?: string): AuthorizedRequests;
  /** Requests with any token (another session of an account). */
  withToken(token: string, url?: string): AuthorizedRequests;
}

/** Signs in every demo account (or those given) at the API at `url`, once, and returns the client that acts as them. */
export async function signIn(url: string, usernames: readonly string[] = DEMO_USERNAMES): Promise<ApiClient> {
  const tokens = await loginAll(url, usernames);
  return {
    url,
    tokens,
    as: (username, other = url) => {
      const token = tokens[username];
      if (token === undefined) throw new Error(`${username} is not signed in (not a demo account?)`);
      return withBearer(other, token);
    },
    withToken: (token, other = url) => withBearer(other, token),
  };
}

/** A spec file's stack and its client, filled in by the beforeAll of useApiStack. */
export interface ApiSpec {
  stack: ApiStack;
  api: ApiClient;
}

/**
 * Gives a spec file its own stack with every demo account signed in: started in beforeAll, closed
 * in afterAll. Call it first in the describe; the objects it returns are filled in when its
 * beforeAll runs, so use them in hooks and tests (hooks declared after it run once it is up).
 */
export function useApiStack(prefix: string): ApiSpec {
  const stack = {} as ApiStack;
  const api = {} as ApiClient;
  beforeAll(async () => {
    Object.assign(stack, await startApiStack(prefix));
    Object.assign(api, await signIn(stack.api.url));
  });
  afterAll(async () => {
    await stack.close?.();
  });
  return { stack, api };
}

/** What GET /cases/:id answers, as far as the specs read it. */
export interface CaseView {
  caseId: string;
  stage: string;
  outcome: string | null;
  state: { termStarted: boolean; termCompleted: boolean; overdue: boolean; termEnd: string | null; endDecision: unknown };
  timers: { key: string; at: string; event: string }[];
  actions: { action: string; onBehalfOf?: unknown }[];
  timeline: { type: string; actor: { id: string; role: string } }[];
}

/** No timer of the case is due any more: those due have fired in the workflow. */
export function noTimerDue(view: CaseView): boolean {
  return view.timers.every((timer) => Date.parse(timer.at) > Date.now());
}

/**
 * Timers fire in the workflow after the action returns: reads GET /cases/:id (as the auditor, who
 * reads every case) every 100 ms until `ready` holds, for up to 20 s; returns that read.
 */
export async function waitForCase(api: ApiClient, caseId: string, ready: (view: CaseView) => boolean): Promise<CaseView> {
  let last: CaseView | undefined;
  for (let i = 0; i < 200; i += 1) {
    const response = await api.as('thanhtra').get(`/cases/${caseId}`).expect(200);
    last = response.body as CaseView;
    if (ready(last)) return last;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`case ${caseId} never reached the awaited state: ${JSON.stringify({ stage: last?.stage, state: last?.state, timers: last?.timers })}`);
}

/** Matches any string with something visible in it. */
export const NON_EMPTY = expect.stringMatching(/\S/);

/**
 * The response is a problem (RFC 9457) as the API writes every refusal: the status, problem+json,
 * `type` /problems/<slug>, a title and detail, the message in both languages, and the given
 * extensions (rule, field, stage…).
 */
export function expectProblem(response: request.Response, status: number, slug: string, extensions: Record<string, unknown> = {}): void {
  expect({ status: response.status, body: response.body }).toMatchObject({ status, body: { type: `/problems/${slug}` } });
  expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
  expect(response.body).toMatchObject({ type: `/problems/${slug}`, status, title: NON_EMPTY, detail: NON_EMPTY, messages: { vi: NON_EMPTY, en: NON_EMPTY }, ...extensions });
}

/** Today in Vietnam, and days around it. */
export function vnToday(): LocalDate {
  return localDateOf(new Date().toISOString());
}
export function vnDay(offset: number): LocalDate {
  return addDays(vnToday(), offset);
}

/** A minimal valid PDF (the document store checks content, not names). */
export function pdf(text: string): Buffer {
  return Buffer.from(`%PDF-1.4\n% ${text}\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n`, 'utf8');
}
