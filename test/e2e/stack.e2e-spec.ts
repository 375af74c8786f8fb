import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { chmod, mkdtemp } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { createInterface } from 'node:readline';
import { Client, Connection } from '@temporalio/client';
import { readTemporalConfig } from '@app/config';
import { localDateOf } from '@app/domain';
import { DEMO_PASSWORD } from '@app/persistence/demo/demo-data';
import { projectRoot } from '@app/config/project-root';
import { CaseClient, closeConnection } from '@app/temporal-client';
import { webRoot } from '../../apps/api/src/web/web-ui';
import { freePort } from '../support/ports';
import { testEnv } from '../support/test-env';

interface Up {
  pids: Record<string, number>;
  api: string;
  temporalUi: string;
  temporalAddress: string;
}

const STACK_ENTRY = join(projectRoot(), 'dist', 'infra', 'stack.main.js');
const REBUILD_ENTRY = join(projectRoot(), 'dist', 'infra', 'projections-rebuild.main.js');

/** What the stack's "demo province seeded" line reported. */
function seeded(lines: string[]): { accountsCreated: number; demoPassword?: string } | undefined {
  const line = lines.find((l) => l.includes('"demo province seeded"'));
  if (!line) return undefined;
  const { accountsCreated, demoPassword } = JSON.parse(line) as { accountsCreated: number; demoPassword?: string };
  return demoPassword === undefined ? { accountsCreated } : { accountsCreated, demoPassword };
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Starts the built stack the way `npm start` does, and resolves once it reports itself up. */
function startStack(env: NodeJS.ProcessEnv): Promise<{ child: ChildProcess; up: Up; lines: string[] }> {
  const child = spawn(process.execPath, [STACK_ENTRY], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  const lines: string[] = [];
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`stack not up within 180 s:\n${lines.slice(-30).join('\n')}`)), 180_000);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`stack exited with ${code} before it was up:\n${lines.slice(-30).join('\n')}`));
    });
    createInterface({ input: child.stderr }).on('line', (line) => lines.push(line));
    createInterface({ input: child.stdout }).on('line', (line) => {
      lines.push(line);
      if (!line.includes('"msg":"stack is up"')) return;
      clearTimeout(timer);
      child.removeAllListeners('exit');
      resolve({ child, up: JSON.parse(line) as Up, lines });
    });
  });
}

function stopStack(child: ChildProcess): Promise<number | null> {
  return new Promise((resolve) => {
    child.once('exit', (code) => resolve(code));
    child.kill('SIGINT');
  });
}

/**
 * `npm start` end to end, on its embedded defaults but with free ports and a temporary data
 * folder: up and healthy, the slice through the real parts, the Web UI listing its workflow, Ctrl-C
 * leaving no process behind, and a second start finding the data of the first.
 */
describe('the stack (npm start)', () => {
  let env: NodeJS.ProcessEnv;

  beforeAll(async () => {
    // The spec runs the built stack, so it builds first: incremental, a few seconds after `npm test`'s own build.
    await promisify(execFile)(join(projectRoot(), 'node_modules', '.bin', 'nest'), ['build'], { cwd: projectRoot(), timeout: 180_000 });
    if (!existsSync(STACK_ENTRY)) throw new Error(`${STACK_ENTRY} is missing after the build`);
    // The web UI is built by `npm run build` (which `npm test` runs first); rebuilding it here would race the browser specs that serve it.
    if (!existsSync(join(webRoot(), 'index.html'))) throw new Error(`the web UI is not built at ${webRoot()}: run npm run build (npm test does)`);
    const dataDir = await mkdtemp(join(testEnv('tmpDir'), 'stack-'));
    // mkdtemp makes it 700; the postgres user must be able to enter it, as it can a project folder.
    await chmod(dataDir, 0o755);
    const { DATABASE_URL: _db, TEMPORAL_ADDRESS: _ta, TEMPORAL_TASK_QUEUE: _tq, WORKFLOW_BUNDLE_PATH: _wb, TEMPORAL_NAMESPACE: _ns, ...inherited } = process.env;
    env = {
      ...inherited,
      DATA_DIR: dataDir,
      PORT: String(await freePort()),
      PG_PORT: String(await freePort()),
      TEMPORAL_PORT: String(await freePort()),
      TEMPORAL_UI_PORT: String(await freePort()),
      LOG_LEVEL: 'info',
    };
  });

  it('comes up healthy with the demo accounts, walks a case over HTTP, stops cleanly on SIGINT and keeps its data for the next start', async () => {
    const first = await startStack(env);
    const api = `http://127.0.0.1:${env.PORT}/api/v1`;
    const call = async (token: string, method: string, path: string, body?: object) => {
      const response = await fetch(`${api}${path}`, {
        method,
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: body ? JSON.stringify(body) : undefined,
      });
      return { status: response.status, body: (await response.json()) as Record<string, unknown> };
    };
    const login = async (username: string) => {
      const response = await fetch(`${api}/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password: DEMO_PASSWORD }) });
      expect(response.status).toBe(200);
      return ((await response.json()) as { token: string }).token;
    };
    let caseId: string;
    let headToken: string;
    try {
      const health = await fetch(`http://127.0.0.1:${env.PORT}/health`);
      expect(health.status).toBe(200);
      expect(await health.json()).toMatchObject({ status: 'up', checks: { database: { status: 'up' }, temporal: { status: 'up' } } });
      // The first start seeded the demo province and said so.
      expect(seeded(first.lines)).toEqual({ accountsCreated: 14, demoPassword: DEMO_PASSWORD });
      // The API serves the web UI (built by `npm test`/`npm start`), whose sign-in page lists the seeded accounts.
      const page = await fetch(`http://127.0.0.1:${env.PORT}/cases/HS-2026-7K3M9Q2X`);
      expect(page.status).toBe(200);
      expect(await page.text()).toContain('<div id="app"></div>');
      const demo = (await (await fetch(`${api}/auth/demo-accounts`)).json()) as { enabled: boolean; password: string; accounts: unknown[] };
      expect(demo).toMatchObject({ enabled: true, password: DEMO_PASSWORD });
      expect(demo.accounts).toHaveLength(14);
      // … and generated the registry, whose gap Home Affairs sees at once: the field's proportions, about two thirds short.
      const generated = first.lines.find((line) => line.includes('"demo registry generated"'));
      expect((JSON.parse(generated ?? '{}') as { officials?: number }).officials).toBeGreaterThan(9_000);
      const gap = await call(await login('snv.thamdinh'), 'GET', '/gap');
      const totals = gap.body.totals as { communes: number; shortCommunes: number; shortage: number; overCommunes: number; surplus: number };
      expect(gap.status).toBe(200);
      expect(totals.shortCommunes / totals.communes).toBeCloseTo(64 / 97, 1);
      expect(totals.shortage).toBeGreaterThan(totals.surplus);
      expect((gap.body.summary as { vi: string }).vi).toContain(`${totals.shortCommunes} xã, phường thiếu ${totals.shortage} người`);
      // … gets suggestions for the shortest commune in its shortest field, and nominates the first in one call.
      const snv = await login('snv.thamdinh');
      const worst = (gap.body.communes as { unitId: string }[])[0];
      const detail = await call(snv, 'GET', `/gap/communes/${worst.unitId}`);
      const field = (detail.body.fields as { fieldId: string; balance: number }[]).reduce((a, b) => (b.balance < a.balance ? b : a));
      const suggested = await call(snv, 'GET', `/gap/communes/${worst.unitId}/candidates?fieldId=${field.fieldId}`);
      const [best] = suggested.body.candidates as { officialId: string; unitId: string; reasons: unknown[] }[];
      expect(best.reasons.length).toBeGreaterThan(0);
      const fromSuggestion = await call(snv, 'POST', `/gap/communes/${worst.unitId}/candidates/${best.officialId}/nominate`, {});
      expect(fromSuggestion.status).toBe(201);
      expect(fromSuggestion.body).toMatchObject({ officialId: best.officialId, sendingUnitId: best.unitId, receivingUnitId: worst.unitId, stage: 'department_review' });

      // A nomination by the department's HR officer, approved by its head, on the stack's own worker.
      const hrToken = await login('hr.taichinh');
      headToken = await login('gd.taichinh');
      const nominated = await call(hrToken, 'POST', '/cases', {
        form: 'secondment',
        officialId: 'cc-0002',
        receivingUnitId: 'xa-cu-bao',
        position: 'Công chức Tài chính – Kế toán',
        plannedStart: localDateOf(Date.now()),
        reason: 'qua toàn bộ hệ thống',
      });
      expect(nominated.status).toBe(201);
      caseId = nominated.body.caseId as string;
      const approved = await call(headToken, 'POST', `/cases/${caseId}/approve`, { comment: 'Đồng ý' });
      expect(approved).toMatchObject({ status: 200, body: { stage: 'home_affairs_appraisal', version: 2 } });

      // The Web UI serves, and its API lists the case's workflow.
      expect((await fetch(first.up.temporalUi)).status).toBe(200);
      const workflowId = `case:${caseId}`;
      const listed = await pollUntil(async () => {
        const response = await fetch(`${first.up.temporalUi}/api/v1/namespaces/default/workflows?query=${encodeURIComponent(`WorkflowId="${workflowId}"`)}`);
        const body = (await response.json()) as { executions?: { execution: { workflowId: string } }[] };
        return body.executions?.map((e) => e.execution.workflowId) ?? [];
      }, (ids) => ids.includes(workflowId));
      expect(listed).toContain(workflowId);

      // `npm run projections:rebuild` finds the running embedded database by itself and rebuilds from the events.
      const rebuild = await promisify(execFile)(process.execPath, [REBUILD_ENTRY], { env, timeout: 60_000 });
      const report = rebuild.stdout
        .split('\n')
        .filter((line) => line.startsWith('{'))
        .map((line) => JSON.parse(line) as { msg: string; cases?: number; events?: number })
        .find((entry) => entry.msg === 'read models rebuilt from the events');
      // The nomination from a suggestion (one event) and the walked case (two).
      expect(report).toMatchObject({ cases: 2, events: 3 });
    } finally {
      const code = await stopStack(first.child);
      expect(code).toBe(0);
    }
    // Nothing left running: not the API, the worker, Temporal nor PostgreSQL.
    const pids = Object.entries(first.up.pids).filter(([, pid]) => typeof pid === 'number');
    expect(pids.map(([name]) => name).sort()).toEqual(['api', 'postgres', 'stack', 'temporal', 'worker']);
    expect(pids.filter(([, pid]) => alive(pid))).toEqual([]);

    const second = await startStack(env);
    try {
      expect(second.lines.join('\n')).not.toContain('creating the PostgreSQL cluster');
      expect(seeded(second.lines)).toEqual({ accountsCreated: 0 });
      // The session and the case survived the restart (PostgreSQL and Temporal's file); the workflow still answers.
      const read = await call(headToken, 'GET', `/cases/${caseId}`);
      expect(read).toMatchObject({ status: 200, body: { caseId, stage: 'home_affairs_appraisal', version: 2 } });
      const connection = await Connection.connect({ address: second.up.temporalAddress });
      try {
        const view = await new CaseClient(new Client({ connection }), readTemporalConfig(env).taskQueue).read(caseId);
        expect(view).toMatchObject({ storedVersion: 2, state: { stage: 'home_affairs_appraisal', version: 2 } });
      } finally {
        await closeConnection(connection);
      }
    } finally {
      expect(await stopStack(second.child)).toBe(0);
    }
  });

  it.each([
    ['PG_PORT', 'abc', 'PG_PORT="abc": must be a whole number from 0 to 65535'],
    ['DATABASE_URL', 'mysql://db/secondment', 'DATABASE_URL="mysql://db/secondment": must start with postgres:// or postgresql://'],
    ['SMTP_URL', 'smtp:/mailer:s3cret@mail.example', 'SMTP_URL="***@mail.example": must be smtp://[user:password@]host[:port] or smtps://…'],
  ])('refuses %s=%s before starting anything, naming the variable and the rule', async (name, value, message) => {
    const child = spawn(process.execPath, [STACK_ENTRY], { env: { ...env, [name]: value }, stdio: ['ignore', 'pipe', 'pipe'] });
    const lines: string[] = [];
    createInterface({ input: child.stdout }).on('line', (line) => lines.push(line));
    const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
    expect(code).toBe(1);
    const fatal = lines.map((line) => JSON.parse(line) as { level: string; msg: string; err?: { message: string } }).find((entry) => entry.level === 'fatal');
    expect(fatal).toMatchObject({ msg: 'the stack failed to start', err: { message } });
    expect(lines.join('\n')).not.toMatch(/PostgreSQL is up|Temporal dev server is up/);
  });

  it('fails to start with a message naming the part, and leaves nothing running, when the API port is taken', async () => {
    const blocker = createServer(() => undefined);
    await new Promise<void>((resolve) => blocker.listen(Number(env.PORT), '127.0.0.1', resolve));
    try {
      const child = spawn(process.execPath, [STACK_ENTRY], { env, stdio: ['ignore', 'pipe', 'pipe'] });
      const lines: string[] = [];
      createInterface({ input: child.stdout }).on('line', (line) => lines.push(line));
      createInterface({ input: child.stderr }).on('line', (line) => lines.push(line));
      const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
      const output = lines.join('\n');
      expect(code).toBe(1);
      expect(output).toContain('the api exited while the stack was starting');
      expect(output).toMatch(new RegExp(`EADDRINUSE.*127\\.0\\.0\\.1:${env.PORT}`));
      const started = lines
        .filter((line) => line.startsWith('{'))
        .map((line) => JSON.parse(line) as { msg?: string; pid?: number })
        .filter((entry) => entry.msg === 'PostgreSQL is up' || entry.msg === 'Temporal dev server is up')
        .map((entry) => entry.pid as number);
      expect(started).toHaveLength(2);
      expect(started.filter(alive)).toEqual([]);
    } finally {
      blocker.close();
    }
  });
});

async function pollUntil<T>(read: () => Promise<T>, done: (value: T) => boolean, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let value = await read();
  while (!done(value) && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 250));
    value = await read();
  }
  return value;
}

