import { DEMO_PASSWORD } from '@app/persistence';
import request from 'supertest';
import { startApi } from '../support/apps';
import { type ApiStack, startApiStack } from '../support/api-client';
import { queryRows } from '../support/database';

/**
 * Password guessing is slowed for every API instance at once: after LOGIN_MAX_FAILURES failed
 * sign-ins for one username, or LOGIN_MAX_FAILURES_PER_ADDRESS from one address under any names,
 * within LOGIN_WINDOW_MINUTES, further tries get 429 with Retry-After, even with the right
 * password, until the window has passed. The API here trusts one proxy (TRUST_PROXY=1), so each
 * request says its address in X-Forwarded-For: the tries by name come from addresses of their own.
 */
describe('sign-in throttling (real API and PostgreSQL)', () => {
  let stack: ApiStack;
  let nextAddress = 1;
  const signIn = (username: string, password: string, address = `198.51.100.${nextAddress++}`) =>
    request(stack.api.url).post('/api/v1/auth/login').set('X-Forwarded-For', address).send({ username, password });
  const failuresFrom = async (address: string) =>
    (await queryRows<{ n: number }>(stack.db.url, `SELECT count(*)::int AS n FROM secondment.login_failure WHERE address = $1`, [address]))[0].n;

  beforeAll(async () => {
    process.env.LOGIN_MAX_FAILURES = '3';
    process.env.LOGIN_MAX_FAILURES_PER_ADDRESS = '4';
    process.env.TRUST_PROXY = '1';
    stack = await startApiStack('login-throttle');
  });

  afterAll(async () => {
    delete process.env.LOGIN_MAX_FAILURES;
    delete process.env.LOGIN_MAX_FAILURES_PER_ADDRESS;
    delete process.env.TRUST_PROXY;
    await stack?.close();
  });

  it('refuses a name after too many failures, leaves other names alone, and lets it in again once the window has passed', async () => {
    for (let i = 0; i < 3; i += 1) await signIn('gd.taichinh', `wrong-${i}`).expect(401);
    expect(await queryRows(stack.db.url, `SELECT count(*)::int AS n FROM secondment.login_failure WHERE username = 'gd.taichinh'`)).toEqual([{ n: 3 }]);

    const refused = await signIn('GD.TaiChinh', DEMO_PASSWORD).expect(429);
    expect(refused.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
    expect(Number(refused.headers['retry-after'])).toBeLessThanOrEqual(15 * 60);
    expect(refused.body).toMatchObject({ status: 429, type: '/problems/too-many-sign-in-attempts', messages: { vi: expect.stringContaining('3 lần'), en: expect.any(String) } });
    // The refusal opened no session.
    expect(await queryRows(stack.db.url, `SELECT count(*)::int AS n FROM secondment.user_session WHERE user_id = 'gd.taichinh'`)).toEqual([{ n: 0 }]);

    // Another name is not affected.
    await signIn('hr.taichinh', DEMO_PASSWORD).expect(200);

    // Once the failures are older than the window, the right password works and clears them.
    await queryRows(stack.db.url, `UPDATE secondment.login_failure SET failed_at = failed_at - interval '16 minutes' WHERE username = 'gd.taichinh'`);
    await signIn('gd.taichinh', DEMO_PASSWORD).expect(200);
    expect(await queryRows(stack.db.url, `SELECT count(*)::int AS n FROM secondment.login_failure WHERE username = 'gd.taichinh'`)).toEqual([{ n: 0 }]);
  });

  it('throttles an unknown name the same way, so it tells nothing about which names exist', async () => {
    const unknown = [];
    for (let i = 0; i < 3; i += 1) unknown.push((await signIn('khong.ton.tai', 'x').expect(401)).body as { type: string });
    expect(unknown.every((body) => body.type === '/problems/unauthenticated')).toBe(true);
    await signIn('khong.ton.tai', 'x').expect(429);
  });

  it('refuses an address after too many failures under any names, even with a right password; other addresses and the names are not affected', async () => {
    const address = '203.0.113.7';
    for (const name of ['an.nguyenvan', 'thanhtra', 'khong.co.1', 'khong.co.2']) await signIn(name, 'doan-mo', address).expect(401);
    expect(await failuresFrom(address)).toBe(4);

    const refused = await signIn('hr.nnmt', DEMO_PASSWORD, address).expect(429);
    expect(refused.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
    expect(Number(refused.headers['retry-after'])).toBeLessThanOrEqual(15 * 60);
    expect(refused.body).toMatchObject({ status: 429, type: '/problems/too-many-sign-in-attempts', limit: 'address', messages: { vi: expect.stringContaining('địa chỉ này'), en: expect.stringContaining('from this address') } });
    expect(await queryRows(stack.db.url, `SELECT count(*)::int AS n FROM secondment.user_session WHERE user_id = 'hr.nnmt'`)).toEqual([{ n: 0 }]);

    // The same account from elsewhere, and the names tried, are not refused: each of them failed once.
    await signIn('hr.nnmt', DEMO_PASSWORD, '203.0.113.8').expect(200);
    await signIn('thanhtra', DEMO_PASSWORD, '203.0.113.9').expect(200);

    // Once the failures are older than the window, the address is let in again.
    await queryRows(stack.db.url, `UPDATE secondment.login_failure SET failed_at = failed_at - interval '16 minutes' WHERE address = $1`, [address]);
    await signIn('hr.nnmt', DEMO_PASSWORD, address).expect(200);
  });

  it("does not let a right password reset the address's count, so an account of one's own cannot hide guessing at others", async () => {
    const address = '203.0.113.20';
    for (const name of ['gd.nnmt', 'ct.eakar', 'vp.tinhuy']) await signIn(name, 'doan-mo', address).expect(401);
    await signIn('snv.quyetdinh', DEMO_PASSWORD, address).expect(200);
    await signIn('ct.cubao', 'doan-mo', address).expect(401);
    expect(await failuresFrom(address)).toBe(4);
    expect((await signIn('ct.cubao', DEMO_PASSWORD, address).expect(429)).body).toMatchObject({ limit: 'address' });
  });

  it('counts against the connection, not X-Forwarded-For, where no proxy is trusted (the default)', async () => {
    delete process.env.TRUST_PROXY;
    const direct = await startApi();
    process.env.TRUST_PROXY = '1';
    try {
      await request(direct.url).post('/api/v1/auth/login').set('X-Forwarded-For', '192.0.2.55').send({ username: 'gia.mao', password: 'x' }).expect(401);
      const rows = await queryRows<{ address: string }>(stack.db.url, `SELECT address FROM secondment.login_failure WHERE username = 'gia.mao'`);
      expect(rows).toHaveLength(1);
      expect(rows[0].address).toMatch(/^(::ffff:)?127\.0\.0\.1$/);
    } finally {
      await direct.close();
    }
  });
});
