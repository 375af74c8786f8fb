import { createHmac, randomBytes } from 'node:crypto';
import { hashPassword } from '@app/persistence';
import request from 'supertest';
import { expectProblem, login, useApiStack } from '../support/api-client';
import { queryRows } from '../support/database';

/**
 * Bearer tokens through the real API and PostgreSQL. A token is 32 random bytes the API hands out
 * once; the database keeps only its HMAC under AUTH_SECRET, with its expiry and revocation, and
 * every request looks it up. So every token that is not a live session of an enabled account gets
 * 401 problem+json: expired, altered, guessed, the stored HMAC itself, a JWT of any kind (the API
 * takes none), logged out, ended by logout-all, of a disabled or a deleted account. The product has
 * no refresh tokens: a sign-in gives one session token, and signing in again is the only renewal;
 * the logged-out and logout-all'd tokens of another user are the nearest thing, and are tried.
 */
describe('bearer tokens (real API and PostgreSQL)', () => {
  const { stack } = useApiStack('tokens');
  const secret = () => process.env.AUTH_SECRET!;
  const hmac = (token: string, key = secret()) => createHmac('sha256', key).update(token).digest('hex');
  const me = (token: string) => request(stack.api.url).get('/api/v1/me').set('Authorization', `Bearer ${token}`);
  const base64url = (value: object | string) => Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)).toString('base64url');

  /** 401 problem+json, with the Bearer challenge. */
  function expectUnauthenticated(response: request.Response, what: string): void {
    expect({ what, status: response.status }).toEqual({ what, status: 401 });
    expectProblem(response, 401, 'unauthenticated');
    expect(response.headers['www-authenticate']).toBe('Bearer realm="secondment"');
  }

  it('takes a live token, and only from the Authorization header', async () => {
    const token = await login(stack.api.url, 'gd.taichinh');
    expect((await me(token).expect(200)).body).toMatchObject({ username: 'gd.taichinh' });
    expectUnauthenticated(await request(stack.api.url).get('/api/v1/me'), 'no header');
    expectUnauthenticated(await request(stack.api.url).get(`/api/v1/me?access_token=${token}`), 'in the query string');
    expectUnauthenticated(await request(stack.api.url).get('/api/v1/me').set('Cookie', `token=${token}; session=${token}`), 'in a cookie');
    expectUnauthenticated(await request(stack.api.url).get('/api/v1/me').set('Authorization', `Basic ${base64url(`gd.taichinh:${token}`)}`), 'as Basic');
  });

  it('refuses an expired session at once, whatever is left of the token', async () => {
    const token = await login(stack.api.url, 'hr.taichinh');
    await me(token).expect(200);
    const [row] = await queryRows<{ n: number }>(
      stack.db.url,
      `UPDATE secondment.user_session SET expires_at = clock_timestamp() - interval '1 second' WHERE token_hash = $1 RETURNING 1 AS n`,
      [hmac(token)],
    );
    expect(row).toEqual({ n: 1 });
    expectUnauthenticated(await me(token), 'expired');
    // The account itself still signs in.
    await me(await login(stack.api.url, 'hr.taichinh')).expect(200);
  });

  it('refuses guessed, altered and forged tokens, and the stored HMAC itself', async () => {
    const token = await login(stack.api.url, 'snv.thamdinh');
    const flipped = `${token.slice(0, -1)}${token.endsWith('A') ? 'B' : 'A'}`;
    expectUnauthenticated(await me(flipped), 'one character changed');
    expectUnauthenticated(await me(randomBytes(32).toString('base64url')), 'random');
    expectUnauthenticated(await me(`${token}x`), 'longer');
    expectUnauthenticated(await me(token.slice(0, 30)), 'shorter');
    // Someone with a copy of the database holds HMACs, not tokens.
    expectUnauthenticated(await me(hmac(token)), 'the stored HMAC');
    // A row planted with an HMAC under another key (a database writer without AUTH_SECRET) opens nothing.
    const planted = randomBytes(32).toString('base64url');
    await queryRows(stack.db.url, `INSERT INTO secondment.user_session (token_hash, user_id, expires_at) VALUES ($1, 'snv.thamdinh', clock_timestamp() + interval '1 hour')`, [
      hmac(planted, 'another-secret-that-is-at-least-32-characters'),
    ]);
    expectUnauthenticated(await me(planted), 'HMAC under another key');
    await me(token).expect(200);
  });

  it('takes no JWT: alg none, a forged signature, or even one signed with AUTH_SECRET', async () => {
    const claims = { sub: 'snv.thamdinh', username: 'snv.thamdinh', role: 'home_affairs_officer', iat: Math.floor(Date.now() / 1000), exp: Math.floor(Date.now() / 1000) + 3600 };
    const unsigned = `${base64url({ alg: 'none', typ: 'JWT' })}.${base64url(claims)}.`;
    const sign = (key: string) => {
      const body = `${base64url({ alg: 'HS256', typ: 'JWT' })}.${base64url(claims)}`;
      return `${body}.${createHmac('sha256', key).update(body).digest('base64url')}`;
    };
    for (const [what, jwt] of [
      ['alg none', unsigned],
      ['alg none, no dot', unsigned.slice(0, -1)],
      ['forged signature', sign('guessed-key')],
      ['signed with AUTH_SECRET', sign(secret())],
      ['signed with an empty key', sign('')],
    ] as const) {
      expectUnauthenticated(await me(jwt), what);
      expectUnauthenticated(await request(stack.api.url).post('/api/v1/cases').set('Authorization', `Bearer ${jwt}`).send({}), `${what}, on a change`);
    }
  });

  it('ends a logged-out token and every token of a logout-all, for good; other sessions and people keep theirs', async () => {
    const [first, second, third, other] = await Promise.all([
      login(stack.api.url, 'ct.cubao'),
      login(stack.api.url, 'ct.cubao'),
      login(stack.api.url, 'ct.cubao'),
      login(stack.api.url, 'ct.buonmathuot'),
    ]);
    await request(stack.api.url).post('/api/v1/auth/logout').set('Authorization', `Bearer ${first}`).expect(200, { sessionsEnded: 1 });
    expectUnauthenticated(await me(first), 'logged out');
    expectUnauthenticated(await request(stack.api.url).post('/api/v1/auth/logout').set('Authorization', `Bearer ${first}`), 'logged out, logging out again');
    expectUnauthenticated(await request(stack.api.url).post('/api/v1/auth/logout-all').set('Authorization', `Bearer ${first}`), 'logged out, logging out everywhere');
    await me(second).expect(200);

    // Every live session of the account: these two, and the one the spec's client opened for it.
    await request(stack.api.url).post('/api/v1/auth/logout-all').set('Authorization', `Bearer ${second}`).expect(200, { sessionsEnded: 3 });
    expectUnauthenticated(await me(second), 'logout-all, the caller');
    expectUnauthenticated(await me(third), 'logout-all, another session');
    // Another person's session is theirs: neither logout touched it, and their ended tokens do not work for anyone.
    await me(other).expect(200);
    for (const ended of [first, second, third]) {
      expectUnauthenticated(await request(stack.api.url).get('/api/v1/inbox').set('Authorization', `Bearer ${ended}`), 'ended token, another route');
    }
    const revoked = await queryRows<{ why: string }>(stack.db.url, `SELECT revoked_why AS why FROM secondment.user_session WHERE user_id = 'ct.cubao' ORDER BY revoked_why`);
    expect(revoked).toEqual([{ why: 'logout' }, { why: 'logout-all' }, { why: 'logout-all' }, { why: 'logout-all' }]);
  });

  it('refuses a disabled account’s token on its next request, and a deleted account’s token', async () => {
    const token = await login(stack.api.url, 'vp.tinhuy');
    await me(token).expect(200);
    await queryRows(stack.db.url, `UPDATE secondment.user_account SET disabled_at = clock_timestamp() WHERE id = 'vp.tinhuy'`);
    try {
      expectUnauthenticated(await me(token), 'disabled');
      expectUnauthenticated(await request(stack.api.url).post('/api/v1/auth/login').send({ username: 'vp.tinhuy', password: 'Demo@2026' }), 'disabled, signing in');
    } finally {
      await queryRows(stack.db.url, `UPDATE secondment.user_account SET disabled_at = NULL WHERE id = 'vp.tinhuy'`);
    }

    // An account of its own, removed: the database keeps no session of an account that is gone (the key refuses it), and its token is nobody's.
    const password = `Tam-thoi-${randomBytes(6).toString('hex')}`;
    await queryRows(stack.db.url, `INSERT INTO secondment.user_account (id, username, display_name, role, password_hash) VALUES ('tam.thoi', 'tam.thoi', 'Tạm thời', 'auditor', $1)`, [
      await hashPassword(password),
    ]);
    const temporary = await login(stack.api.url, 'tam.thoi', password);
    await me(temporary).expect(200);
    await expect(queryRows(stack.db.url, `DELETE FROM secondment.user_account WHERE id = 'tam.thoi'`)).rejects.toThrow(/foreign key/);
    await queryRows(stack.db.url, `DELETE FROM secondment.user_session WHERE user_id = 'tam.thoi'`);
    await queryRows(stack.db.url, `DELETE FROM secondment.user_account WHERE id = 'tam.thoi'`);
    expectUnauthenticated(await me(temporary), 'deleted');
  });
});
