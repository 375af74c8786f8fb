import { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import { DataSource } from 'typeorm';
import { readNotificationConfig } from '@app/config';
import { addDays, localDateOf, startOfLocalDay, type Actor, type CaseRules, type CommandPayloads, type HumanCommandType, type LocalDate } from '@app/domain';
import { DECISION_ATTACHMENTS } from '@app/domain/testing/case-fixtures';
import { CaseStore, createDataSource, DeliveriesRepository, DEMO_OFFICIALS, DEMO_UNITS, NotificationsRepository, ProvinceRulesRepository } from '@app/persistence';
import { CaseClient } from '@app/temporal-client/case-client';
import { registerSearchAttributes } from '@app/temporal-client/search-attributes';
import { notificationScheduleWorkflowId } from '@app/workflows/notification-schedule.contracts';
import { CaseActivitiesService } from '../../apps/worker/src/activities/case.activities';
import { NotificationDispatcher } from '../../apps/worker/src/delivery/dispatcher';
import { EmailChannel } from '../../apps/worker/src/delivery/email.channel';
import { NotificationActivitiesService } from '../../apps/worker/src/activities/notification.activities';
import { WebhookChannel } from '../../apps/worker/src/delivery/webhook.channel';
import { uniqueTaskQueue } from '../support/apps';
import { createTestDatabase, queryRows, type TestDatabase } from '../support/database';
import { demoActor, eventually, startSmtpServer, type TestSmtpServer } from '../support/notifications';
import { testEnv } from '../support/test-env';
import { CASE_PROJECTIONS } from '../../apps/worker/src/case-projections';

/**
 * Reminders under the time-skipping server, through the real worker activities, PostgreSQL and an
 * SMTP server: over a simulated 36-month term each reminder is recorded and mailed once, on its
 * date; an extension moves the ones not yet sent. And the digest schedule's Mondays.
 */
describe('term reminders and digests over simulated months', () => {
  let env: TestWorkflowEnvironment;
  let database: TestDatabase;
  let dataSource: DataSource;
  let smtp: TestSmtpServer;
  let dispatcher: NotificationDispatcher;
  let rules: CaseRules;
  let seq = 0;

  beforeAll(async () => {
    env = await TestWorkflowEnvironment.createTimeSkipping({ server: { executable: { type: 'existing-path', path: testEnv('testServerPath') } } });
    await registerSearchAttributes(env.connection, 'default');
    database = await createTestDatabase();
    dataSource = createDataSource(database.url, 4);
    await dataSource.initialize();
    rules = await new ProvinceRulesRepository(dataSource).current();
    smtp = await startSmtpServer();
    const config = readNotificationConfig({ SMTP_URL: smtp.url, PUBLIC_URL: 'https://bietphai.daklak.example' });
    dispatcher = new NotificationDispatcher(new DeliveriesRepository(dataSource), { email: new EmailChannel(config), webhook: new WebhookChannel(config) }, config);
  });

  afterAll(async () => {
    await smtp?.close();
    await dataSource?.destroy();
    await database?.drop();
    await env?.teardown();
  });

  const sql = <T = Record<string, unknown>>(text: string, params: unknown[] = []) => queryRows<T>(database.url, text, params);

  async function withWorker(body: (taskQueue: string) => Promise<void>): Promise<void> {
    const taskQueue = uniqueTaskQueue('reminders');
    const caseActivities = new CaseActivitiesService(new CaseStore(dataSource, CASE_PROJECTIONS));
    const notificationActivities = new NotificationActivitiesService(new NotificationsRepository(dataSource));
    const worker = await Worker.create({
      connection: env.nativeConnection,
      taskQueue,
      workflowBundle: { codePath: testEnv('workflowBundlePath') },
      activities: {
        recordEvents: (input: Parameters<CaseActivitiesService['recordEvents']>[0]) => caseActivities.recordEvents(input),
        composeDigests: (input: Parameters<NotificationActivitiesService['composeDigests']>[0]) => notificationActivities.composeDigests(input),
      },
    });
    try {
      await worker.runUntil(body(taskQueue));
    } finally {
      // A case a failed spec leaves open would hold its timers on a queue nobody polls, and the test
      // server skips time only when every workflow is idle: end them, so later specs still skip.
      for (const caseId of started.splice(0)) {
        await env.client.workflow
          .getHandle(`case:${caseId}`)
          .terminate('spec finished')
          .catch(() => undefined);
      }
    }
  }

  /** The cases a spec started, ended after it whatever its outcome. */
  const started: string[] = [];

  const today = async (): Promise<LocalDate> => localDateOf(await env.currentTimeMs());
  async function skipTo(instant: number): Promise<void> {
    const now = await env.currentTimeMs();
    if (instant > now) await env.sleep(instant - now);
  }

  /** Sends what is due now (simulated day), and returns the mails that went out in this round. */
  async function dispatchNow(): Promise<typeof smtp.received> {
    const before = smtp.received.length;
    while ((await dispatcher.tick()) > 0);
    return smtp.received.slice(before);
  }

  /** A case of the demo province through to its term, with a workflow on `taskQueue`. */
  async function serving(taskQueue: string, term?: { months: number; days: number }) {
    seq += 1;
    const caseId = `HS-REMIND-${taskQueue}-${seq}`;
    started.push(caseId);
    const cases = new CaseClient(env.client, taskQueue);
    let request = 0;
    const act = <T extends HumanCommandType>(type: T, actor: Actor, payload: CommandPayloads[T]) => {
      request += 1;
      return cases.act(caseId, type, { requestId: `${caseId}-${request}`, actor, payload });
    };
    const official = DEMO_OFFICIALS[0];
    const unit = (id: string) => DEMO_UNITS.find((u) => u.id === id)!;
    const start = await today();
    await cases.propose(
      caseId,
      {
        requestId: `${caseId}-propose`,
        actor: demoActor('hr.taichinh'),
        form: 'secondment',
        official: { id: official.id, name: official.name, title: official.title },
        sendingUnit: unit('so-tai-chinh'),
        receivingUnit: unit('xa-cu-bao'),
        position: 'Kế toán ngân sách xã',
        plannedStart: addDays(start, 14),
        ...(term ? { term } : {}),
        reason: 'Xã Cư Bao thiếu công chức tài chính – kế toán sau sắp xếp',
      },
      rules,
    );
    await act('approve', demoActor('gd.taichinh'), { comment: 'Đồng ý' });
    await act('approve', demoActor('snv.thamdinh'), {});
    await act('recordPartyOpinion', demoActor('vp.tinhuy'), { documentNumber: '512-CV/TU', documentDate: start, opinion: 'agree' });
    const decided = await act('issueDecision', demoActor('snv.quyetdinh'), {
      decisionNumber: '2345/QĐ-UBND',
      decisionDate: start,
      signer: { name: 'Hồ Kỳ Minh', title: 'Phó Chủ tịch Thường trực UBND tỉnh' },
      effectiveDate: addDays(start, 7),
      attachments: [...DECISION_ATTACHMENTS],
    });
    await act('confirmArrival', demoActor('ct.cubao'), { arrivedOn: await today() });
    await skipTo(startOfLocalDay(decided.state.decision!.effectiveDate) + 60_000);
    const view = await cases.read(caseId);
    expect(view.state.stage).toBe('serving');
    return { caseId, act, termEnd: view.state.termEnd!, cases };
  }

  const REMINDED = ['an.nguyenvan', 'ct.cubao', 'gd.noivu', 'gd.taichinh', 'hr.taichinh', 'snv.quyetdinh', 'snv.thamdinh'];

  const termEndingOf = (caseId: string) =>
    sql<{ user_id: string; days_before: number; term_end: string; day: string; dedupe_key: string }>(
      `SELECT user_id, dedupe_key, (facts -> 'event' -> 'data' ->> 'daysBefore')::int AS days_before, facts -> 'event' -> 'data' ->> 'termEnd' AS term_end,
              to_char(occurred_at AT TIME ZONE 'Asia/Ho_Chi_Minh', 'YYYY-MM-DD') AS day
         FROM secondment.notification WHERE case_id = $1 AND kind = 'term_ending' ORDER BY occurred_at, user_id`,
      [caseId],
    );

  it('over a 36-month term, each reminder is recorded and mailed once, on its date, to everyone the route names', async () => {
    await withWorker(async (taskQueue) => {
      const { caseId, termEnd } = await serving(taskQueue);
      await dispatchNow();
      for (const daysBefore of [90, 30, 7]) {
        const due = addDays(termEnd, -daysBefore);
        // The day before: not yet.
        await skipTo(startOfLocalDay(due) - 60_000);
        expect((await termEndingOf(caseId)).filter((r) => r.days_before === daysBefore)).toEqual([]);
        await dispatchNow();
        // The day itself: once to each.
        await skipTo(startOfLocalDay(due) + 60_000);
        const rows = await eventually(async () => {
          const found = (await termEndingOf(caseId)).filter((r) => r.days_before === daysBefore);
          expect(found.map((r) => r.user_id)).toEqual(REMINDED);
          return found;
        });
        expect(rows.every((r) => r.day === due && r.term_end === termEnd)).toBe(true);
        const keys = new Set(rows.map((r) => `${r.dedupe_key}:email`));
        const mails = (await dispatchNow()).filter((m) => keys.has(m.mail.headers.get('x-secondment-delivery') as string));
        expect(mails.map((m) => m.envelopeTo[0]).sort()).toEqual(REMINDED.map((u) => `${u}@daklak.example`));
      }
      // To the end of the term and past it: no reminder again.
      await skipTo(startOfLocalDay(addDays(termEnd, 3)));
      // The end-or-extend decision did not come: the overdue notice went to Home Affairs and the sending department.
      await eventually(async () => {
        const overdue = await sql<{ user_id: string }>(`SELECT user_id FROM secondment.notification WHERE case_id = $1 AND kind = 'term_overdue' ORDER BY user_id`, [caseId]);
        expect(overdue.map((r) => r.user_id)).toEqual(['gd.noivu', 'gd.taichinh', 'hr.taichinh', 'snv.quyetdinh', 'snv.thamdinh']);
      });
      expect(await termEndingOf(caseId)).toHaveLength(3 * REMINDED.length);
      const keys = await sql<{ n: number; distinct: number }>(
        `SELECT count(*)::int AS n, count(DISTINCT d.dedupe_key)::int AS distinct FROM secondment.delivery d JOIN secondment.notification n ON n.id = d.notification_id
          WHERE n.case_id = $1 AND n.kind = 'term_ending' AND d.status = 'delivered'`,
        [caseId],
      );
      expect(keys).toEqual([{ n: 3 * REMINDED.length, distinct: 3 * REMINDED.length }]);
    });
  });

  it('an extension moves the reminders to the new end; the old ones not yet sent never go out', async () => {
    await withWorker(async (taskQueue) => {
      const { caseId, termEnd: firstEnd, act } = await serving(taskQueue, { months: 24, days: 0 });
      await skipTo(startOfLocalDay(addDays(firstEnd, -60)));
      const extended = await act('extend', demoActor('gd.taichinh'), { decisionNumber: '120/QĐ-UBND', decisionDate: await today(), by: { months: 12, days: 0 }, reason: 'Xã còn thiếu người' });
      const newEnd = extended.state.termEnd!;
      await skipTo(startOfLocalDay(addDays(newEnd, -1)));
      const sent = await eventually(async () => {
        const found = await termEndingOf(caseId);
        expect(found).toHaveLength(4 * REMINDED.length);
        return found;
      });
      const byReminder = [...new Set(sent.map((r) => `${r.term_end}:${r.days_before}:${r.day}`))];
      expect(byReminder).toEqual([`${firstEnd}:90:${addDays(firstEnd, -90)}`, `${newEnd}:90:${addDays(newEnd, -90)}`, `${newEnd}:30:${addDays(newEnd, -30)}`, `${newEnd}:7:${addDays(newEnd, -7)}`]);
      expect(sent).toHaveLength(4 * REMINDED.length);
      // The official and the proposer heard of the extension itself.
      const extension = await sql<{ user_id: string }>(
        `SELECT user_id FROM secondment.notification WHERE case_id = $1 AND facts -> 'event' ->> 'type' = 'TermExtended' ORDER BY user_id`,
        [caseId],
      );
      expect(extension.map((r) => r.user_id)).toEqual(['an.nguyenvan', 'hr.taichinh']);
    });
  });

  it('the digest schedule makes one weekly digest each Monday and skips no day', async () => {
    await withWorker(async (taskQueue) => {
      const workflowId = notificationScheduleWorkflowId(taskQueue);
      const handle = await env.client.workflow.start('notificationScheduleWorkflow', {
        workflowId,
        taskQueue,
        args: [{ hour: 7, weeklyOn: 1, horizonDays: 90 }],
      });
      try {
        const start = await today();
        await skipTo(startOfLocalDay(addDays(start, 15)) + 8 * 60 * 60_000);
        const mondays = Array.from({ length: 15 }, (_, i) => addDays(start, i + 1)).filter((d) => new Date(`${d}T00:00:00Z`).getUTCDay() === 1);
        await eventually(async () => {
          const weekly = await sql<{ day: string; n: number }>(
            `SELECT facts ->> 'day' AS day, count(*)::int AS n FROM secondment.notification
              WHERE kind = 'weekly_digest' AND facts ->> 'day' > $1 GROUP BY 1 ORDER BY 1`,
            [start],
          );
          expect(weekly.map((w) => w.day)).toEqual(mondays);
          expect(weekly.every((w) => w.n === 3)).toBe(true);
        });
      } finally {
        await handle.terminate('spec finished');
      }
    });
  });
});
