import request from 'supertest';
import { startApi } from '../support/apps';
import { type ApiStack, login, startApiStack } from '../support/api-client';
import { eventAndCaseCounts } from '../support/database';

/**
 * What reaches the API before any route: malformed JSON, an oversized or deeply nested body, an
 * unknown route. Each gets a problem+json answer like every other error, never an HTML page or a
 * 500. And what every answer carries: helmet's security headers, and no CORS unless CORS_ORIGINS
 * opens it to named origins.
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

  it('answers an oversized body on every kind of route with 413 and changes nothing: a nomination, an action, a sign-in, an upload over DOCUMENT_MAX_BYTES', async () => {
    const before = await eventAndCaseCounts(stack.db.url);
    const big = 'x'.repeat(2 * 1024 * 1024 + 1);
    for (const [path, auth] of [
      ['/api/v1/cases', true],
      ['/api/v1/cases/HS-2026-7K3M9Q2X/approve', true],
      ['/api/v1/auth/login', false],
    ] as const) {
      const call = request(stack.api.url).post(path).set('Content-Type', 'application/json');
      if (auth) call.set('Authorization', `Bearer ${token}`);
      const response = await call.send(JSON.stringify({ reason: big, username: 'x', password: big }));
      expect({ path, status: response.status, type: (response.body as { type?: string }).type }).toEqual({ path, status: 413, type: '/problems/too-large' });
      expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    }
    const upload = await request(stack.api.url)
      .post('/api/v1/documents')
      .set('Authorization', `Bearer ${token}`)
      .field('kind', 'other')
      .attach('file', Buffer.concat([Buffer.from('%PDF-1.4\n'), Buffer.alloc(10 * 1024 * 1024 + 1, 0x20)]), 'lon.pdf');
    expect({ status: upload.status, type: (upload.body as { type?: string }).type }).toEqual({ status: 413, type: '/problems/too-large' });
    expect(await eventAndCaseCounts(stack.db.url)).toEqual(before);
  });

  it('answers a deeply nested body with 400, not a crash', async () => {
    const depth = 50_000;
    const response = await request(stack.api.url)
      .post('/api/v1/batch/nominations')
      .set('Authorization', `Bearer ${token}`)
      .set('Content-Type', 'application/json')
      .send(`{"nominations":${'['.repeat(depth)}${']'.repeat(depth)}}`);
    expect(response.status).toBe(400);
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(response.body).toMatchObject({ type: '/problems/validation-failed', errors: [expect.objectContaining({ rule: 'maxDepth', field: expect.stringMatching(/^nominations\[0\]/) })] });
    await request(stack.api.url).get('/api/v1/me').set('Authorization', `Bearer ${token}`).expect(200);
  });

  it('sets the security headers (helmet) on API answers, errors and the web UI alike', async () => {
    for (const path of ['/api/v1/me', '/api/v1/nowhere', '/health', '/', '/api/docs-json']) {
      const response = await request(stack.api.url).get(path).set('Authorization', `Bearer ${token}`);
      const headers = response.headers;
      expect({
        path,
        csp: headers['content-security-policy'],
        nosniff: headers['x-content-type-options'],
        frame: headers['x-frame-options'],
        hsts: headers['strict-transport-security'],
        corp: headers['cross-origin-resource-policy'],
        coop: headers['cross-origin-opener-policy'],
        poweredBy: headers['x-powered-by'],
      }).toEqual({
        path,
        csp: expect.stringContaining("script-src 'self'"),
        nosniff: 'nosniff',
        frame: 'DENY',
        hsts: expect.stringMatching(/^max-age=\d+/),
        corp: 'same-origin',
        coop: 'same-origin',
        poweredBy: undefined,
      });
      expect(headers['content-security-policy']).toContain("frame-ancestors 'none'");
      expect(headers['content-security-policy']).toContain("object-src 'none'");
      expect(headers['content-security-policy']).not.toContain('unsafe-inline');
      expect(headers['content-security-policy']).not.toContain('upgrade-insecure-requests');
    }
    // The OpenAPI page writes inline styles (Swagger UI): it alone may, and still runs no inline script.
    const docs = await request(stack.api.url).get('/api/docs').redirects(1);
    expect(docs.status).toBe(200);
    expect(docs.headers['content-security-policy']).toContain("style-src 'self' 'unsafe-inline'");
    expect(docs.headers['content-security-policy']).toContain("script-src 'self'");
    expect(docs.headers['content-security-policy']).not.toMatch(/script-src[^;]*unsafe-inline/);
  });

  it('keeps CORS closed by default: no Access-Control-Allow-Origin for a foreign origin, its preflight refused', async () => {
    const foreign = 'https://evil.example';
    const simple = await request(stack.api.url).get('/api/v1/me').set('Origin', foreign).set('Authorization', `Bearer ${token}`);
    expect(simple.headers['access-control-allow-origin']).toBeUndefined();
    const preflight = await request(stack.api.url)
      .options('/api/v1/cases')
      .set('Origin', foreign)
      .set('Access-Control-Request-Method', 'POST')
      .set('Access-Control-Request-Headers', 'authorization,content-type');
    expect(preflight.status).toBeGreaterThanOrEqual(400);
    expect(preflight.headers['access-control-allow-origin']).toBeUndefined();
    expect(preflight.headers['access-control-allow-methods']).toBeUndefined();
    expect(preflight.headers['access-control-allow-headers']).toBeUndefined();
  });

  it('opens CORS to the origins CORS_ORIGINS names, and to no other', async () => {
    process.env.CORS_ORIGINS = 'https://cong.daklak.example, http://localhost:5173';
    const open = await startApi();
    delete process.env.CORS_ORIGINS;
    try {
      const preflight = await request(open.url)
        .options('/api/v1/cases')
        .set('Origin', 'https://cong.daklak.example')
        .set('Access-Control-Request-Method', 'POST')
        .set('Access-Control-Request-Headers', 'authorization,content-type,idempotency-key');
      expect(preflight.status).toBe(204);
      expect(preflight.headers['access-control-allow-origin']).toBe('https://cong.daklak.example');
      expect(preflight.headers['access-control-allow-headers']).toMatch(/idempotency-key/i);
      expect(preflight.headers['access-control-allow-credentials']).toBeUndefined();
      const allowed = await request(open.url).get('/api/v1/me').set('Origin', 'http://localhost:5173').set('Authorization', `Bearer ${token}`).expect(200);
      expect(allowed.headers['access-control-allow-origin']).toBe('http://localhost:5173');
      const other = await request(open.url).get('/api/v1/me').set('Origin', 'https://evil.example').set('Authorization', `Bearer ${token}`);
      expect(other.headers['access-control-allow-origin']).toBeUndefined();
      const otherPreflight = await request(open.url).options('/api/v1/cases').set('Origin', 'https://evil.example').set('Access-Control-Request-Method', 'POST');
      expect(otherPreflight.headers['access-control-allow-origin']).toBeUndefined();
    } finally {
      await open.close();
    }
  });
});
