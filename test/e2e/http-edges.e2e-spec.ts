import request from 'supertest';
import { type ApiStack, login, startApiStack } from '../support/api-client';

/**
 * What reaches the API before any route: malformed JSON, an oversized body, an unknown route. Each
 * gets a problem+json answer like every other error, never an HTML page or a 500.
 */
describe('HTTP edges (real API)', () => {
  let stack: ApiStack;
  let token: string;

  beforeAll(async () => {
    stack = await startApiStack('http-edges');
    token = await login(stack.api.url, 'hr.taichinh');
  });

  afterAll(async () => {
    await stack?.close();
  });

  it('answers malformed JSON with 400 problem+json', async () => {
    const response = await request(stack.api.url)
      .post('/api/v1/cases')
      .set('Authorization', `Bearer ${token}`)
      .set('Content-Type', 'application/json')
      .send('{"form": "secondment",')
      .expect(400);
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(response.body).toMatchObject({ status: 400, type: '/problems/bad-request', messages: { vi: expect.any(String), en: expect.any(String) } });
  });

  it('answers a body over the limit with 413 problem+json, and takes a batch of 1,000 nominations (MAX_NOMINATIONS_PER_BATCH)', async () => {
    const huge = { nominations: [{ reason: 'x'.repeat(3 * 1024 * 1024) }] };
    const response = await request(stack.api.url).post('/api/v1/batch/nominations').set('Authorization', `Bearer ${token}`).send(huge).expect(413);
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(response.body).toMatchObject({ status: 413, type: '/problems/too-large' });

    // 1,000 nominations of a realistic size (about 500 kB) fit: the body is read and judged (here refused whole for the unknown officials).
    const nominations = Array.from({ length: 1000 }, (_, i) => ({
      form: 'secondment',
      officialId: `cc-khong-co-${i}`,
      receivingUnitId: 'xa-cu-bao',
      position: 'Công chức Tài chính – Kế toán ngân sách xã',
      plannedStart: '2027-01-04',
      reason: 'Xã thiếu công chức tài chính – kế toán sau sắp xếp đơn vị hành chính cấp xã năm 2025',
    }));
    const batch = await request(stack.api.url).post('/api/v1/batch/nominations').set('Authorization', `Bearer ${token}`).send({ nominations }).expect(422);
    expect(batch.body).toMatchObject({ type: '/problems/batch-refused' });
    expect((batch.body as { results: unknown[] }).results).toHaveLength(1000);
  });

  it('answers an unknown route with 404 problem+json', async () => {
    const response = await request(stack.api.url).get('/api/v1/nowhere').set('Authorization', `Bearer ${token}`).expect(404);
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(response.body).toMatchObject({ status: 404, type: '/problems/http-404' });
  });
});
