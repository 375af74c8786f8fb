import { Client, Connection } from '@temporalio/client';
import request from 'supertest';
import { type RunningApi, type RunningWorker, startApi, startWorker, uniqueTaskQueue, useTestEnvironment } from '../support/apps';
import { createTestDatabase, queryRows, type TestDatabase } from '../support/database';
import { testEnv } from '../support/test-env';

/**
 * The thin slice through the real parts: HTTP → API → Temporal dev server → worker → activity →
 * PostgreSQL, and back through a TypeORM read and a workflow query.
 */
describe('probe slice (API, worker, PostgreSQL, Temporal dev server)', () => {
  let db: TestDatabase;
  let api: RunningApi;
  let worker: RunningWorker;
  let connection: Connection;

  beforeAll(async () => {
    db = await createTestDatabase();
    useTestEnvironment({ databaseUrl: db.url, taskQueue: uniqueTaskQueue('probe') });
    worker = await startWorker();
    api = await startApi();
    connection = await Connection.connect({ address: testEnv('temporalAddress') });
  });

  afterAll(async () => {
    await api?.close();
    await worker?.stop();
    await connection?.close();
    await db?.drop();
  });

  it('starts a workflow whose activity stores exactly one event, and reads it back', async () => {
    const created = await request(api.url).post('/api/v1/probes').send({ message: 'Kiểm tra kết nối' }).expect(201);
    const { probeId, workflowId } = created.body as { probeId: string; workflowId: string };
    expect(created.body.events).toEqual([
      expect.objectContaining({ caseId: probeId, version: 1, type: 'ProbeRecorded', payload: { message: 'Kiểm tra kết nối' } }),
    ]);

    const rows = await queryRows(db.url, 'SELECT case_id, version, type, payload, actor FROM secondment.domain_event');
    expect(rows).toEqual([
      { case_id: probeId, version: 1, type: 'ProbeRecorded', payload: { message: 'Kiểm tra kết nối' }, actor: { id: 'anonymous', kind: 'user' } },
    ]);

    const read = await request(api.url).get(`/api/v1/probes/${probeId}`).expect(200);
    expect(read.body).toMatchObject({
      probeId,
      workflowId,
      events: [{ caseId: probeId, version: 1, type: 'ProbeRecorded' }],
      workflowState: { probeId, status: 'recorded', recorded: { probeId, version: 1 } },
    });

    const description = await new Client({ connection }).workflow.getHandle(workflowId).describe();
    expect(description.status.name).toBe('COMPLETED');
    expect(description.taskQueue).toBe(process.env.TEMPORAL_TASK_QUEUE);
  });

  it('gives a retry with the same Idempotency-Key the first result and no second event', async () => {
    const key = `key-${Date.now()}`;
    const first = await request(api.url).post('/api/v1/probes').set('Idempotency-Key', key).send({ message: 'một lần' }).expect(201);
    const again = await request(api.url).post('/api/v1/probes').set('Idempotency-Key', key).send({ message: 'một lần' }).expect(201);
    expect(again.body.probeId).toBe(first.body.probeId);
    expect(again.body.events).toEqual(first.body.events);
    const rows = await queryRows(db.url, 'SELECT count(*)::int AS n FROM secondment.domain_event WHERE case_id = $1', [first.body.probeId]);
    expect(rows).toEqual([{ n: 1 }]);
  });

  it('lets the Temporal visibility store filter probes by the CaseStage search attribute', async () => {
    const created = await request(api.url).post('/api/v1/probes').send({ message: 'tìm kiếm' }).expect(201);
    const client = new Client({ connection });
    const deadline = Date.now() + 15_000;
    let found: string[] = [];
    // Visibility is eventually consistent, even on the dev server.
    while (Date.now() < deadline && !found.includes(created.body.workflowId)) {
      found = [];
      for await (const execution of client.workflow.list({ query: `CaseStage = 'probe' AND TaskQueue = '${process.env.TEMPORAL_TASK_QUEUE}'` })) {
        found.push(execution.workflowId);
      }
      if (!found.includes(created.body.workflowId)) await new Promise((resolve) => setTimeout(resolve, 200));
    }
    expect(found).toContain(created.body.workflowId);
  });

  it('refuses a bad body with problem+json naming each field and rule, and stores nothing', async () => {
    const before = await queryRows(db.url, 'SELECT count(*)::int AS n FROM secondment.domain_event');
    const response = await request(api.url).post('/api/v1/probes').send({ message: '', extra: true }).expect(400);
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(response.body).toMatchObject({ type: '/problems/validation-failed', status: 400, instance: '/api/v1/probes' });
    expect(response.body.errors).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ field: 'message', rule: 'minLength' }),
        expect.objectContaining({ field: 'extra', rule: 'unknown-field' }),
      ]),
    );
    const after = await queryRows(db.url, 'SELECT count(*)::int AS n FROM secondment.domain_event');
    expect(after).toEqual(before);
  });

  it('answers 404 problem+json for a probe that does not exist', async () => {
    const response = await request(api.url).get('/api/v1/probes/probe-nonexistent').expect(404);
    expect(response.body).toMatchObject({ type: '/problems/not-found', status: 404 });
  });

  it('serves the OpenAPI document with the probe and health operations', async () => {
    const response = await request(api.url).get('/api/docs-json').expect(200);
    expect(response.body.openapi).toMatch(/^3\./);
    expect(Object.keys(response.body.paths)).toEqual(expect.arrayContaining(['/health', '/api/v1/probes', '/api/v1/probes/{probeId}']));
  });
});
