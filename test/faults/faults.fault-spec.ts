import { randomBytes } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from '@temporalio/client';
import { addDays, localDateOf, startOfLocalDay } from '@app/domain';
import { DEFAULT_DIGEST_SCHEDULE } from '@app/notifications';
import { DEMO_PASSWORD } from '@app/persistence/demo/demo-data';
import { rebuildProjections } from '@app/persistence/cases/rebuild-projections';
import { withDataSource } from '@app/persistence/data-source';
import { projectRoot } from '@app/config/project-root';
import { closeConnection, connectClient, ensureNotificationSchedule } from '@app/temporal-client';
import { notificationScheduleWorkflowId } from '../../workflows/notification-schedule.contracts';
import { messageIdOf } from '../../apps/worker/src/delivery/email.channel';
import { caseWorkflowId } from '../../workflows/case.contracts';
import { sleep } from '../../infra/child-process';
import { queryRows } from '../support/database';
import { FIXTURE_OFFICIALS } from '../support/fixture-officials';
import { FaultStack, TASK_QUEUE } from './fault-stack';
import { eachLimited, RetryingClient } from './load';

/**
 * Faults under load, through the real parts in separate processes: while 210 cases walk through
 * the HTTP API (nomination, the department's approval, Home Affairs' appraisal, the Party
 * committee's opinion), the worker is killed with SIGKILL, the API is killed with SIGKILL
 * mid-request, the Temporal dev server is killed with SIGKILL and started again on its file, and
 * PostgreSQL is stopped and started again. The clients retry with their Idempotency-Key, as a
 * well-behaved client does. Then: every case is where it should be, its events unique and
 * contiguous, every notification sent exactly once, and the read models equal a fresh rebuild.
 */

const DEPARTMENTS = [
  { unitId: 'so-tai-chinh', hr: 'hr.taichinh', head: 'gd.taichinh' },
  { unitId: 'so-nong-nghiep-moi-truong', hr: 'hr.nnmt', head: 'gd.nnmt' },
] as const;
const USERS = [...DEPARTMENTS.flatMap((d) => [d.hr, d.head]), 'snv.thamdinh', 'vp.tinhuy'];
/** Cases in flight at once. */
const CONCURRENCY = 16;
const FINAL_STAGE = 'awaiting_decision';

interface Step {
  user: string;
  path: (caseId: string) => string;
  body: () => object;
  status: number;
  stage: string;
}

interface CaseRun {
  official: string;
  unitId: string;
  hr: string;
  head: string;
  caseId?: string;
  stage?: string;
}

interface FaultRecord {
  fault: string;
  /** The moment of the fault (epoch ms). */
  at: number;
  /** How long the part was down: the kill (or stop) until it was started again and answering. */
  downMs: number;
  /** From the part's return to the first write answered 2xx after it. */
  recoveryMs: number;
  note?: string;
}

const vnToday = () => localDateOf(new Date().toISOString());
const HOUR_MS = 60 * 60 * 1000;
/** How far ahead the digest schedule's timer is set before the Temporal kill: about when the server is back. */
const TIMER_AHEAD_MS = 15_000;

/** An event's time in a history, as epoch milliseconds. */
function eventMs(event: { eventTime?: { seconds?: unknown; nanos?: number | null } | null }): number {
  return Number(event.eventTime?.seconds ?? 0) * 1000 + Math.floor((event.eventTime?.nanos ?? 0) / 1e6);
}
/** Where the report and the parts' log lines go (git-ignored). */
const RESULTS = join(projectRoot(), '.test-results');

describe('faults under load: nothing lost, nothing doubled (real processes, SIGKILL)', () => {
  let dir: string;
  let stack: FaultStack;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'secondment-faults-'));
    // The postgres user must be able to enter it when the suite runs as root.
    await chmod(dir, 0o755);
    stack = await FaultStack.start(dir, join(RESULTS, 'faults-parts.log'));
  });

  afterAll(async () => {
    await stack?.stop();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('walks 210 cases through a worker kill, an API kill mid-request, a Temporal kill and a PostgreSQL restart, and loses and doubles nothing', async () => {
    const tokens: Record<string, string> = {};
    for (const user of USERS) {
      const response = await fetch(`${stack.apiUrl}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: user, password: DEMO_PASSWORD }) });
      expect(response.status).toBe(200);
      tokens[user] = ((await response.json()) as { token: string }).token;
    }
    const client = new RetryingClient(stack.apiUrl, tokens);
    const run = randomBytes(3).toString('hex');

    const cases: CaseRun[] = DEPARTMENTS.flatMap((d) =>
      FIXTURE_OFFICIALS.filter((o) => o.unitId === d.unitId).map((o) => ({ official: o.id, unitId: d.unitId, hr: d.hr, head: d.head })),
    );
    expect(cases.length).toBeGreaterThanOrEqual(200);
    const stepsOf = (c: CaseRun): Step[] => [
      {
        user: c.hr,
        path: () => '/cases',
        body: () => ({
          form: 'secondment',
          officialId: c.official,
          receivingUnitId: 'xa-cu-bao',
          position: 'Công chức Tài chính – Kế toán',
          plannedStart: addDays(vnToday(), 30),
          reason: 'Xã thiếu công chức sau sắp xếp',
        }),
        status: 201,
        stage: 'department_review',
      },
      { user: c.head, path: (id) => `/cases/${id}/approve`, body: () => ({ comment: 'Đồng ý' }), status: 200, stage: 'home_affairs_appraisal' },
      { user: 'snv.thamdinh', path: (id) => `/cases/${id}/approve`, body: () => ({ comment: 'Thẩm định đạt' }), status: 200, stage: 'party_committee_approval' },
      { user: 'vp.tinhuy', path: (id) => `/cases/${id}/record-party-opinion`, body: () => ({ documentNumber: '125-TB/TU', documentDate: vnToday(), opinion: 'agree' }), status: 200, stage: FINAL_STAGE },
    ];
    const totalSteps = cases.length * 4;
    let stepsDone = 0;
    const unexpected: string[] = [];

    const load = eachLimited(cases, CONCURRENCY, async (c, index) => {
      const steps = stepsOf(c);
      for (const [n, step] of steps.entries()) {
        const answer = await client.write(step.user, step.path(c.caseId ?? ''), step.body(), `faults-${run}-${index}-${n}`);
        const stage = (answer.body.stage as string | undefined) ?? '';
        if (answer.status !== step.status || stage !== step.stage) {
          unexpected.push(`case ${index} (${c.official}) step ${n}: expected ${step.status} at ${step.stage}, got ${answer.status} ${JSON.stringify(answer.body).slice(0, 400)}`);
          return;
        }
        if (n === 0) c.caseId = answer.body.caseId as string;
        c.stage = stage;
        stepsDone += 1;
      }
    });
    const loadDone = load.then(
      () => true,
      () => false,
    );

    const atProgress = async (share: number) => {
      while (stepsDone < share * totalSteps) {
        if (await Promise.race([loadDone, sleep(50).then(() => undefined)])) throw new Error(`the load ended before ${share * 100} % of its steps: ${unexpected.slice(0, 3).join('; ')}`);
      }
    };
    const faults: FaultRecord[] = [];

    // 1. The worker, killed with SIGKILL while it holds workflow tasks and local activities, then started again.
    await atProgress(0.12);
    let at = Date.now();
    await stack.worker.kill();
    await sleep(2_000);
    stack.worker.start();
    let back = Date.now();
    faults.push({ fault: 'worker SIGKILL', at, downMs: back - at, recoveryMs: await client.firstSuccessAfter(back) });

    // 2. The API, killed with SIGKILL while requests are in flight; the clients retry them with their keys.
    await atProgress(0.3);
    while (client.inFlight < 3) await sleep(5);
    const inFlightAtKill = client.inFlight;
    at = Date.now();
    await stack.api.kill();
    await sleep(1_000);
    stack.api.start();
    await stack.waitForApi();
    back = Date.now();
    faults.push({ fault: 'API SIGKILL', at, downMs: back - at, recoveryMs: await client.firstSuccessAfter(back), note: `${inFlightAtKill} requests in flight at the kill` });

    // 3. The Temporal dev server, killed with SIGKILL and started again on the same file. The case
    // timers fall on day boundaries, so none falls due within the run; to see a pending timer fire
    // across the kill, the digest schedule (a product workflow that sleeps until its hour, then makes
    // the digests) is started first with its hour set seconds ahead, and the kill follows once the
    // server holds its timer.
    await atProgress(0.5);
    const temporalConnection = await connectClient({ address: stack.temporal.address, namespace: 'default', taskQueue: TASK_QUEUE });
    const schedule = new Client({ connection: temporalConnection, namespace: 'default' }).workflow.getHandle(notificationScheduleWorkflowId(TASK_QUEUE));
    const dueAt = Date.now() + TIMER_AHEAD_MS;
    const hour = (dueAt - startOfLocalDay(localDateOf(new Date(dueAt).toISOString()))) / HOUR_MS;
    await ensureNotificationSchedule(temporalConnection, 'default', TASK_QUEUE, { ...DEFAULT_DIGEST_SCHEDULE, hour });
    const timerDeadline = Date.now() + 10_000;
    while (!(await schedule.fetchHistory()).events?.some((e) => e.timerStartedEventAttributes)) {
      if (Date.now() > timerDeadline) throw new Error('the digest schedule set no timer within 10 s');
      await sleep(50);
    }
    await closeConnection(temporalConnection);
    at = Date.now();
    await stack.killTemporal();
    await sleep(3_000);
    await stack.temporal.start();
    back = Date.now();
    faults.push({ fault: 'Temporal SIGKILL', at, downMs: back - at, recoveryMs: await client.firstSuccessAfter(back) });
    const temporalKilledAt = at;
    const temporalBackAt = back;

    // 4. PostgreSQL stopped (fast shutdown: connections cut, open transactions rolled back) and started again.
    await atProgress(0.7);
    at = Date.now();
    await stack.postgres.stop();
    // Meanwhile the API answers 503 problem+json naming the database, and keeps running.
    let whileDown: Awaited<ReturnType<RetryingClient['read']>> | undefined;
    for (let i = 0; i < 50 && whileDown?.status !== 503; i += 1) {
      whileDown = await client.read('snv.thamdinh', '/cases/HS-2026-NONE0000');
      if (whileDown.status !== 503) await sleep(100);
    }
    await sleep(4_000);
    await stack.postgres.start();
    back = Date.now();
    // It recovers by itself: the same token, the same read, answered again once the database is back.
    let readBack = await client.read('snv.thamdinh', '/cases/HS-2026-NONE0000');
    while (readBack.status !== 404 && Date.now() - back < 60_000) {
      await sleep(50);
      readBack = await client.read('snv.thamdinh', '/cases/HS-2026-NONE0000');
    }
    const readRecoveryMs = Date.now() - back;
    faults.push({ fault: 'PostgreSQL stop/start', at, downMs: back - at, recoveryMs: await client.firstSuccessAfter(back), note: `reads answered again ${readRecoveryMs} ms after the start` });

    await load.catch(() => undefined);
    expect(unexpected).toEqual([]);
    expect(client.serverErrors).toEqual([]);
    expect(whileDown).toMatchObject({ status: 503, body: { type: '/problems/database-unavailable', status: 503 } });
    expect(whileDown?.contentType).toMatch(/^application\/problem\+json/);
    expect(readBack.status).toBe(404);

    // Every case started reached its stage, in the answers and in the read model; no case more.
    const caseIds = cases.map((c) => c.caseId!);
    expect(cases.filter((c) => c.stage !== FINAL_STAGE)).toEqual([]);
    const summaries = await queryRows<{ case_id: string; stage: string }>(stack.databaseUrl, 'SELECT case_id, stage FROM secondment.case_summary ORDER BY case_id');
    expect(summaries).toEqual([...caseIds].sort().map((id) => ({ case_id: id, stage: FINAL_STAGE })));

    // Events: each case's versions are 1..n, and every case has the same events in the same order.
    const streams = await queryRows<{ case_id: string; versions: number[]; types: string[]; requests: number }>(
      stack.databaseUrl,
      `SELECT case_id, array_agg(version ORDER BY version) AS versions, array_agg(type ORDER BY version) AS types,
              count(DISTINCT request_id)::int AS requests
         FROM secondment.domain_event GROUP BY case_id ORDER BY case_id`,
    );
    expect(streams.map((s) => s.case_id)).toEqual([...caseIds].sort());
    const gaps = streams.filter((s) => s.versions.some((v, i) => v !== i + 1));
    expect(gaps).toEqual([]);
    const expectedTypes = ['CaseProposed', 'StageApproved', 'StageApproved', 'PartyOpinionRecorded'];
    const doubledEvents = streams.filter((s) => JSON.stringify(s.types) !== JSON.stringify(expectedTypes));
    expect(doubledEvents).toEqual([]);

    const connection = await connectClient({ address: stack.temporal.address, namespace: 'default', taskQueue: TASK_QUEUE });
    // The timer the server held when it was killed fired after its return, and the digests it woke were made.
    const scheduleHistory = (await new Client({ connection, namespace: 'default' }).workflow.getHandle(notificationScheduleWorkflowId(TASK_QUEUE)).fetchHistory()).events ?? [];
    const timerStarted = scheduleHistory.find((e) => e.timerStartedEventAttributes);
    const timerFired = scheduleHistory.find((e) => e.timerFiredEventAttributes?.timerId === timerStarted?.timerStartedEventAttributes?.timerId);
    const digestsMade = scheduleHistory.find((e) => e.activityTaskCompletedEventAttributes && timerFired && eventMs(e) >= eventMs(timerFired));
    const heldTimer = {
      setBeforeTheKill: timerStarted !== undefined && eventMs(timerStarted) < temporalKilledAt,
      firedAfterTheReturn: timerFired !== undefined && eventMs(timerFired) >= temporalBackAt,
      digestsMade: digestsMade !== undefined,
    };
    const timerLateMs = timerFired ? eventMs(timerFired) - dueAt : undefined;

    // Temporal: every case's workflow runs on, waiting on the timer of its stage's deadline, which
    // the restarted server still holds (its history shows it started and neither fired nor cancelled).
    const timers: { caseId: string; status: string; pending: number; firesAt?: string; nextTimerAt?: string }[] = [];
    try {
      const temporal = new Client({ connection, namespace: 'default' });
      const nextTimerAt = new Map(
        (await queryRows<{ case_id: string; at: string }>(stack.databaseUrl, `SELECT case_id, to_char(next_timer_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS') AS at FROM secondment.case_summary`)).map((r) => [r.case_id, r.at]),
      );
      await eachLimited(caseIds, 8, async (caseId) => {
        const handle = temporal.workflow.getHandle(caseWorkflowId(caseId));
        const [description, history] = await Promise.all([handle.describe(), handle.fetchHistory()]);
        const started = new Map<string, number>();
        for (const event of history.events ?? []) {
          const start = event.timerStartedEventAttributes;
          if (start?.timerId) {
            const seconds = Number(event.eventTime?.seconds ?? 0) * 1000 + Math.floor((event.eventTime?.nanos ?? 0) / 1e6);
            started.set(start.timerId, seconds + Number(start.startToFireTimeout?.seconds ?? 0) * 1000);
          }
          const ended = event.timerFiredEventAttributes?.timerId ?? event.timerCanceledEventAttributes?.timerId;
          if (ended) started.delete(ended);
        }
        const fires = [...started.values()];
        timers.push({
          caseId,
          status: description.status.name,
          pending: fires.length,
          firesAt: fires[0] === undefined ? undefined : new Date(fires[0]).toISOString().slice(0, 16),
          nextTimerAt: nextTimerAt.get(caseId)?.slice(0, 16),
        });
      });
    } finally {
      await closeConnection(connection);
    }
    const timerProblems = timers.filter((t) => t.status !== 'RUNNING' || t.pending !== 1 || t.firesAt === undefined || t.nextTimerAt === undefined || Math.abs(Date.parse(t.firesAt) - Date.parse(t.nextTimerAt)) > 120_000);
    expect(timerProblems).toEqual([]);

    // Notifications: every one written once, every email delivered, each message received once.
    const drainedBy = Date.now() + 120_000;
    let pending = -1;
    while (pending !== 0 && Date.now() < drainedBy) {
      [{ n: pending }] = await queryRows<{ n: number }>(stack.databaseUrl, `SELECT count(*)::int AS n FROM secondment.delivery WHERE status IN ('pending', 'sending')`);
      if (pending !== 0) await sleep(250);
    }
    expect(pending).toBe(0);
    const doubledNotifications = await queryRows(
      stack.databaseUrl,
      `SELECT user_id, case_id, event_version, kind, count(*)::int AS n FROM secondment.notification GROUP BY 1, 2, 3, 4 HAVING count(*) > 1`,
    );
    const perCase = await queryRows<{ sending_unit_id: string; n: number; cases: number }>(
      stack.databaseUrl,
      `SELECT s.sending_unit_id, per.n, count(*)::int AS cases FROM secondment.case_summary s
         JOIN (SELECT case_id, count(*)::int AS n FROM secondment.notification GROUP BY case_id) per USING (case_id)
        GROUP BY 1, 2 ORDER BY 1, 2`,
    );
    const deliveries = await queryRows<{ dedupe_key: string; status: string; attempts: number }>(stack.databaseUrl, `SELECT dedupe_key, status, attempts FROM secondment.delivery WHERE channel = 'email'`);
    const doubledDeliveries = await queryRows(stack.databaseUrl, `SELECT notification_id, channel, count(*)::int AS n FROM secondment.delivery GROUP BY 1, 2 HAVING count(*) > 1`);
    const received = new Map<string, number>();
    for (const message of stack.smtp.received) {
      const id = message.mail.messageId ?? '';
      received.set(id, (received.get(id) ?? 0) + 1);
    }
    const notDelivered = deliveries.filter((d) => d.status !== 'delivered');
    const neverReceived = deliveries.filter((d) => d.status === 'delivered' && !received.has(messageIdOf(d.dedupe_key, stack.mailFrom)));
    // SMTP has no two-phase commit: a message the server accepted just before the worker was killed,
    // before its delivery was marked, is sent again once its lease lapses. Only those may arrive twice,
    // and under the same Message-ID, which mail clients fold into one. Any other repeat is a doubling.
    const retaken = new Set(deliveries.filter((d) => d.attempts > 1).map((d) => messageIdOf(d.dedupe_key, stack.mailFrom)));
    const receivedTwice = [...received].filter(([, n]) => n > 1);
    const resentAfterKill = receivedTwice.filter(([id, n]) => n === 2 && retaken.has(id));
    const doubledEmails = receivedTwice.filter(([id, n]) => !(n === 2 && retaken.has(id)));
    const [{ n: notifications }] = await queryRows<{ n: number }>(stack.databaseUrl, 'SELECT count(*)::int AS n FROM secondment.notification');

    // The read models equal a rebuild from the events.
    const snapshot = () =>
      Promise.all([
        queryRows(stack.databaseUrl, 'SELECT to_jsonb(s) AS row FROM secondment.case_summary s ORDER BY case_id'),
        queryRows(stack.databaseUrl, 'SELECT to_jsonb(m) AS row FROM secondment.official_move m ORDER BY official_id, case_id'),
      ]);
    const live = await snapshot();
    const rebuilt = await withDataSource(stack.databaseUrl, (dataSource) => rebuildProjections(dataSource));
    expect(rebuilt.cases).toBe(cases.length);
    expect(await snapshot()).toEqual(live);

    const lost = notDelivered.length + neverReceived.length + (cases.length - summaries.length);
    const doubled = doubledNotifications.length + doubledDeliveries.length + doubledEmails.length + doubledEvents.length;
    const report = {
      cases: cases.length,
      steps: totalSteps,
      faults: faults.map((f) => ({ ...f, at: new Date(f.at).toISOString() })),
      retries: client.retries,
      heldTimer: { ...heldTimer, lateMs: timerLateMs },
      unexpectedExits: { worker: stack.worker.unexpectedExits, api: stack.api.unexpectedExits },
      events: streams.reduce((sum, s) => sum + s.versions.length, 0),
      notifications,
      notificationsPerCase: perCase,
      emails: { deliveries: deliveries.length, received: stack.smtp.received.length, notDelivered: notDelivered.length, neverReceived: neverReceived.length, resentAfterKill: resentAfterKill.length, doubled: doubledEmails.length },
      lost,
      doubled,
    };
    mkdirSync(RESULTS, { recursive: true });
    writeFileSync(join(RESULTS, 'faults.json'), `${JSON.stringify(report, null, 2)}\n`);
    process.stdout.write(
      [
        '',
        `faults: ${report.cases} cases, ${report.steps} steps under load, ${faults.length} faults injected (1 of each kind), lost = ${lost}, doubled = ${doubled}`,
        ...faults.map((f) => `  ${f.fault.padEnd(22)} down ${String(f.downMs).padStart(6)} ms, first write after it back in ${String(f.recoveryMs).padStart(6)} ms${f.note ? ` (${f.note})` : ''}`),
        `  retries: ${client.retries.network} with no answer, ${client.retries.unavailable} answered 503; ${report.events} events, ${notifications} notifications, ${deliveries.length} emails delivered, ${stack.smtp.received.length} received`,
        `  a timer held across the Temporal kill (the digest schedule's, set ${TIMER_AHEAD_MS / 1000} s ahead): fired ${timerLateMs ?? '(never)'} ms after it was due, ${heldTimer.firedAfterTheReturn ? 'after' : 'NOT after'} the server's return; digests made: ${heldTimer.digestsMade}`,
        `  ${resentAfterKill.length} emails in flight when the worker was killed were sent again under the same Message-ID (SMTP cannot say whether they arrived)`,
        '',
      ].join('\n'),
    );

    expect(heldTimer).toEqual({ setBeforeTheKill: true, firedAfterTheReturn: true, digestsMade: true });
    expect(doubledNotifications).toEqual([]);
    expect(doubledDeliveries).toEqual([]);
    // Each department's cases had the same people to tell at each step: one count per department.
    expect(perCase.map((p) => p.sending_unit_id)).toEqual(DEPARTMENTS.map((d) => d.unitId).sort());
    expect(notDelivered).toEqual([]);
    expect(neverReceived).toEqual([]);
    expect(doubledEmails).toEqual([]);
    // At most the dispatcher's one batch in flight at the kill (NOTIFY_BATCH_SIZE, 20 by default).
    expect(resentAfterKill.length).toBeLessThanOrEqual(20);
    expect(lost).toBe(0);
    expect(doubled).toBe(0);
  });
});
