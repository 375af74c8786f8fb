import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { promisify } from 'node:util';
import { DEMO_PASSWORD } from '@app/persistence';
import { projectRoot } from '@app/config/project-root';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { freePort } from '../support/ports';
import { testEnv } from '../support/test-env';

const API_ENTRY = join(projectRoot(), 'dist', 'apps', 'api', 'src', 'main.js');

/**
 * Passwords never reach the logs: the built API, run as production runs it, logging everything it
 * can (LOG_LEVEL=trace: every request's queries with their parameters, Nest's and TypeORM's lines),
 * while people sign in with wrong passwords, a right one, and a malformed body holding a password.
 * Neither password, nor the token handed out, appears in a single line of its output.
 */
describe('sign-in and the logs (the built API)', () => {
  let db: TestDatabase;
  let child: ChildProcess;
  let url: string;
  const lines: string[] = [];

  beforeAll(async () => {
    // The spec runs the built API, so it builds first (incremental, like the stack's spec).
    await promisify(execFile)(join(projectRoot(), 'node_modules', '.bin', 'nest'), ['build'], { cwd: projectRoot(), timeout: 180_000 });
    if (!existsSync(API_ENTRY)) throw new Error(`${API_ENTRY} is missing after the build`);
    db = await createTestDatabase();
    const port = await freePort();
    url = `http://127.0.0.1:${port}`;
    child = spawn(process.execPath, [API_ENTRY], {
      env: {
        ...process.env,
        DATABASE_URL: db.url,
        TEMPORAL_ADDRESS: testEnv('temporalAddress'),
        AUTH_SECRET: 'a-secret-for-the-logs-spec-at-least-32-characters',
        HOST: '127.0.0.1',
        PORT: String(port),
        LOG_LEVEL: 'trace',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    createInterface({ input: child.stdout! }).on('line', (line) => lines.push(line));
    createInterface({ input: child.stderr! }).on('line', (line) => lines.push(line));
    for (let i = 0; i < 600; i += 1) {
      if (lines.some((line) => line.includes('"msg":"API listening"'))) return;
      if (child.exitCode !== null) break;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    throw new Error(`the API did not start:\n${lines.slice(-30).join('\n')}`);
  });

  afterAll(async () => {
    if (child && child.exitCode === null) {
      await new Promise((resolve) => {
        child.once('exit', resolve);
        child.kill('SIGTERM');
      });
    }
    await db?.drop();
  });

  it('logs no password and no token, at the most verbose level', async () => {
    const wrong = 'Sai-Mat-Khau-7q!Zx<script>';
    const login = (body: string) => fetch(`${url}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });

    expect((await login(JSON.stringify({ username: 'gd.taichinh', password: wrong }))).status).toBe(401);
    expect((await login(JSON.stringify({ username: 'khong.ton.tai', password: wrong }))).status).toBe(401);
    expect((await login(`{"username":"gd.taichinh","password":"${wrong}",`)).status).toBe(400);
    expect((await login(JSON.stringify({ username: 'gd.taichinh', password: wrong, extra: true }))).status).toBe(400);
    const signedIn = await login(JSON.stringify({ username: 'gd.taichinh', password: DEMO_PASSWORD }));
    expect(signedIn.status).toBe(200);
    const { token } = (await signedIn.json()) as { token: string };
    const meResponse = await fetch(`${url}/api/v1/me`, { headers: { authorization: `Bearer ${token}` } });
    expect(meResponse.status).toBe(200);
    expect((await fetch(`${url}/api/v1/auth/logout`, { method: 'POST', headers: { authorization: `Bearer ${token}` } })).status).toBe(200);

    // The requests were logged at this level (the queries they ran), so the output is the one to search.
    await waitFor(() => lines.some((line) => line.includes('secondment.login_failure')) && lines.some((line) => line.includes('revoked_at = clock_timestamp()')));
    const output = lines.join('\n');
    expect(output).not.toContain(wrong);
    expect(output).not.toContain(JSON.stringify(wrong).slice(1, -1));
    expect(output).not.toContain(DEMO_PASSWORD);
    expect(output).not.toContain(token);
  });
});

async function waitFor(condition: () => boolean): Promise<void> {
  for (let i = 0; i < 100 && !condition(); i += 1) await new Promise((resolve) => setTimeout(resolve, 100));
  expect(condition()).toBe(true);
}
