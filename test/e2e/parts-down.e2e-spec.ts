import { randomBytes } from 'node:crypto';
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { createLogger } from '@app/logging';
import { seedDemoDataAt } from '@app/persistence/demo/demo-data';
import { runMigrations } from '@app/persistence/migrate';
import request from 'supertest';
import { EmbeddedPostgres } from '../../infra/postgres';
import { login, vnToday } from '../support/api-client';
import { startApi, uniqueTaskQueue, useTestEnvironment } from '../support/apps';
import { createTestDatabase, queryRows } from '../support/database';
import { freePort } from '../support/ports';
import { testEnv } from '../support/test-env';

/**
 * When Temporal or PostgreSQL cannot be reached, a request gets 503 problem+json naming the part,
 * never a 500, and the API keeps running to answer the retry.
 */
describe('requests while a part is down (real servers)', () => {
  it('answers 503 naming Temporal when the Temporal server cannot be reached, and stores nothing', async () => {
    const db = await createTestDatabase();
    useTestEnvironment({ databaseUrl: db.url, taskQueue: uniqueTaskQueue('down'), temporalAddress: `127.0.0.1:${await freePort()}` });
    const api = await startApi();
    try {
      const token = await login(api.url, 'hr.taichinh');
      const response = await request(api.url)
        .post('/api/v1/cases')
        .set('Authorization', `Bearer ${token}`)
        .send({ form: 'secondment', officialId: 'cc-0001', receivingUnitId: 'xa-cu-bao', position: 'Kế toán', plannedStart: vnToday(), reason: 'Temporal vắng mặt' })
        .expect(503);
      expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(response.body).toMatchObject({ type: '/problems/temporal-unavailable', status: 503, instance: '/api/v1/cases' });
      expect(await queryRows(db.url, 'SELECT count(*)::int AS n FROM secondment.domain_event')).toEqual([{ n: 0 }]);
    } finally {
      await api.close();
      await db.drop();
    }
  });

  it('answers 503 naming the database while PostgreSQL is stopped, and recovers by itself when it is back', async () => {
    const folder = await mkdtemp(join(testEnv('tmpDir'), 'down-'));
    await chmod(folder, 0o755);
    const postgres = new EmbeddedPostgres({
      dataDir: join(folder, 'postgres'),
      port: await freePort(),
      database: 'secondment',
      password: randomBytes(8).toString('hex'),
      durable: false,
      log: createLogger('down-spec', { level: 'fatal' }),
    });
    await postgres.start();
    await runMigrations(postgres.url);
    await seedDemoDataAt(postgres.url);
    useTestEnvironment({ databaseUrl: postgres.url, taskQueue: uniqueTaskQueue('down') });
    const api = await startApi();
    try {
      const token = await login(api.url, 'snv.thamdinh');
      const read = () => request(api.url).get('/api/v1/cases/HS-2026-NONE0000').set('Authorization', `Bearer ${token}`);
      await read().expect(404);
      await postgres.stop();
      const response = await read().expect(503);
      expect(response.body).toMatchObject({ type: '/problems/database-unavailable', status: 503 });
      await postgres.start();
      // The session was kept in PostgreSQL: the same token works once the database is back.
      await read().expect(404);
    } finally {
      await api.close();
      await postgres.stop();
      await rm(folder, { recursive: true, force: true });
    }
  });
});
