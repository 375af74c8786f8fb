import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import request from 'supertest';
import { apiTypesOf, previewApiDocument, WEB_API_TYPES } from '../../infra/openapi';
import { type RunningApi, startApi, uniqueTaskQueue, useTestEnvironment } from '../support/apps';
import { createTestDatabase, type TestDatabase } from '../support/database';

/**
 * The web's types of the API are generated from a document built without a database (the app in
 * preview mode, infra/openapi.ts). This proves that document is exactly what the running API serves
 * at /api/docs-json, and that the committed types are those of the served document.
 */
describe('the OpenAPI document the web types are generated from (real API, PostgreSQL and Temporal)', () => {
  let db: TestDatabase;
  let api: RunningApi;
  let served: unknown;

  beforeAll(async () => {
    db = await createTestDatabase();
    useTestEnvironment({ databaseUrl: db.url, taskQueue: uniqueTaskQueue('openapi') });
    api = await startApi();
    served = (await request(api.url).get('/api/docs-json').expect(200)).body;
  });

  afterAll(async () => {
    await api?.close();
    await db?.drop();
  });

  it('is the document GET /api/docs-json serves', async () => {
    const built = JSON.parse(JSON.stringify(await previewApiDocument())) as unknown;
    expect(built).toEqual(served);
  });

  it('gives the committed web types (apps/web/src/generated/api.d.ts)', async () => {
    const committed = readFileSync(join(__dirname, '..', '..', WEB_API_TYPES), 'utf8');
    expect(await apiTypesOf(served as never)).toBe(committed);
  });
});
