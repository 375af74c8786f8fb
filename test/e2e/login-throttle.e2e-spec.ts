import { DEMO_PASSWORD } from '@app/persistence';
import request from 'supertest';
import { type ApiStack, startApiStack } from '../support/api-client';
import { queryRows } from '../support/database';

/**
 * Password guessing is slowed for every API instance at once: after LOGIN_MAX_FAILURES failed
 * sign-ins for one username within LOGIN_WINDOW_MINUTES, further tries get 429 with Retry-After,
 * even with the right password, until the window has passed.
 */
describe('sign-in throttling (real API and PostgreSQL)', () => {
  let stack: ApiStack;
  const signIn = (username: string, password: string) => request(stack.api.url).post('/api/v1/auth/login').send({ username, password });

  beforeAll(async () => {
    process.env.LOGIN_MAX_FAILURES = '3';
    stack = await startApiStack('login-throttle');
  });

  afterAll(async () => {
    delete process.env.LOGIN_MAX_FAILURES;
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
});
