import { DEMO_PASSWORD } from '@app/persistence';
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

/** Signs in a demo account and returns its bearer token. */
export async function login(url: string, username: string, password = DEMO_PASSWORD): Promise<string> {
  const response = await request(url).post('/api/v1/auth/login').send({ username, password });
  if (response.status !== 200) throw new Error(`login ${username}: ${response.status} ${JSON.stringify(response.body)}`);
  return (response.body as { token: string }).token;
}

/** Tokens of every demo account, signed in once. */
export async function loginAll(url: string, usernames: readonly string[]): Promise<Record<string, string>> {
  const tokens = await Promise.all(usernames.map((username) => login(url, username)));
  return Object.fromEntries(usernames.map((username, i) => [username, tokens[i]]));
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
