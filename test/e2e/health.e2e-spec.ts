import request from 'supertest';
import { type RunningApi, startApi, uniqueTaskQueue, useTestEnvironment } from '../support/apps';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { freePort } from '../support/ports';

describe('GET /health (real PostgreSQL and Temporal dev server)', () => {
  let db: TestDatabase;

  beforeEach(async () => {
    db = await createTestDatabase();
  });

  afterEach(async () => {
    await db.drop();
  });

  async function withApi(temporalAddress: string | undefined, check: (api: RunningApi) => Promise<void>): Promise<void> {
    useTestEnvironment({ databaseUrl: db.url, taskQueue: uniqueTaskQueue('health'), temporalAddress });
    const api = await startApi();
    try {
      await check(api);
    } finally {
      await api.close();
    }
  }

  it('answers 200 with both parts up', async () => {
    await withApi(undefined, async (api) => {
      const response = await request(api.url).get('/health').expect(200);
      expect(response.body).toEqual({
        status: 'up',
        checks: { database: { status: 'up', latencyMs: expect.any(Number) }, temporal: { status: 'up', latencyMs: expect.any(Number) } },
      });
    });
  });

  it('answers 503 naming Temporal when the Temporal server cannot be reached, and starts anyway', async () => {
    const closedPort = await freePort();
    await withApi(`127.0.0.1:${closedPort}`, async (api) => {
      const response = await request(api.url).get('/health').expect(503);
      expect(response.body.status).toBe('down');
      expect(response.body.checks.database.status).toBe('up');
      expect(response.body.checks.temporal).toMatchObject({ status: 'down', error: expect.any(String) });
    });
  });

  it('answers 503 naming the database when PostgreSQL loses it', async () => {
    await withApi(undefined, async (api) => {
      await request(api.url).get('/health').expect(200);
      await db.drop();
      const response = await request(api.url).get('/health').expect(503);
      expect(response.body.checks.temporal.status).toBe('up');
      expect(response.body.checks.database).toMatchObject({ status: 'down', error: expect.stringMatching(/terminat|does not exist|connection/i) });
    });
  });
});
