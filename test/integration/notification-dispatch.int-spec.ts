import { DataSource } from 'typeorm';
import { readNotificationConfig, type NotificationConfig } from '@app/config';
import type { CaseRules } from '@app/domain';
import { verifyWebhook } from '@app/notifications';
import { CaseStore, createDataSource, DeliveriesRepository, NotificationsRepository, ProvinceRulesRepository } from '@app/persistence';
import type { DispatchPoint } from '../../apps/worker/src/delivery/dispatcher';
import { NotificationDispatcher } from '../../apps/worker/src/delivery/dispatcher';
import { EmailChannel, messageIdOf } from '../../apps/worker/src/delivery/email.channel';
import { WebhookChannel } from '../../apps/worker/src/delivery/webhook.channel';
import { createTestDatabase, queryRows, type TestDatabase } from '../support/database';
import { demoActor, startHttpReceiver, startSmtpServer, StoredCase, type TestHttpReceiver, type TestSmtpServer } from '../support/notifications';
import { CASE_PROJECTIONS } from '../../apps/worker/src/case-projections';

/** A dispatcher stopped at a point of its work, as a crash would stop it: nothing after runs, nothing is cleaned up. */
class Crash extends Error {}

const LEASE_MS = 4_000;

/**
 * The dispatcher against a real SMTP server and a real HTTP receiver: what arrives, in which
 * language, signed how; retries, dead letters and replays; and a crash at each point of the work.
 */
describe('notification dispatch over SMTP and webhooks', () => {
  let database: TestDatabase;
  let dataSource: DataSource;
  let store: CaseStore;
  let deliveries: DeliveriesRepository;
  let rules: CaseRules;
  let smtp: TestSmtpServer;
  let receiver: TestHttpReceiver;
  let config: NotificationConfig;
  let seq = 0;

  beforeAll(async () => {
    database = await createTestDatabase();
    dataSource = createDataSource(database.url, 6);
    await dataSource.initialize();
    store = new CaseStore(dataSource, CASE_PROJECTIONS);
    deliveries = new DeliveriesRepository(dataSource);
    rules = await new ProvinceRulesRepository(dataSource).current();
    [smtp, receiver] = await Promise.all([startSmtpServer(), startHttpReceiver()]);
    config = readNotificationConfig({
      SMTP_URL: smtp.url,
      MAIL_FROM: 'Sở Nội vụ tỉnh Đắk Lắk <thongbao@sonoivu.daklak.example>',
      PUBLIC_URL: 'https://bietphai.daklak.example',
      NOTIFY_LEASE_MS: String(LEASE_MS),
      WEBHOOK_TIMEOUT_MS: '3000',
      SMTP_TIMEOUT_MS: '3000',
      NOTIFY_MAX_ATTEMPTS: '3',
      NOTIFY_BACKOFF_BASE_MS: '1',
      NOTIFY_BACKOFF_MAX_MS: '5',
      NOTIFY_BATCH_SIZE: '50',
    });
  });

  afterAll(async () => {
    await Promise.all([smtp?.close(), receiver?.close()]);
    await dataSource?.destroy();
    await database?.drop();
  });

  const sql = <T = Record<string, unknown>>(text: string, params: unknown[] = []) => queryRows<T>(database.url, text, params);
  const at = (minutes: number) => new Date(Date.UTC(2026, 2, 2, 2, 0) + minutes * 60_000).toISOString();

  function dispatcher(options: { at?: (point: DispatchPoint) => void; smtpUrl?: string | undefined } = {}): NotificationDispatcher {
    const own = { ...config, smtpUrl: 'smtpUrl' in options ? options.smtpUrl : config.smtpUrl };
    return new NotificationDispatcher(deliveries, { email: new EmailChannel(own), webhook: new WebhookChannel(own) }, own, { at: options.at });
  }

  /** Ticks until the outbox has nothing due (retries after backoff included). */
  async function drain(d = dispatcher()): Promise<void> {
    for (let round = 0; round < 50; round += 1) {
      const due = await sql<{ n: number }>(`SELECT count(*)::int AS n FROM secondment.delivery WHERE status IN ('pending', 'sending')`);
      if (due[0].n === 0) return;
      await d.tick();
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    throw new Error('the outbox did not drain');
  }

  async function approvedCase(): Promise<StoredCase> {
    seq += 1;
    const c = new StoredCase(store, `HS-DISPATCH-${seq}`);
    await c.propose(rules, at(0), '2026-04-01');
    await c.run({ type: 'approve', actor: demoActor('gd.taichinh'), comment: 'Đồng ý', at: at(60) });
    return c;
  }

  const mailsFor = (caseId: string) => smtp.received.filter((m) => m.mail.subject?.includes(caseId));

  it('delivers each message to its recipient, in their language, with the case and a link, and marks it delivered', async () => {
    await sql(`UPDATE secondment.user_account SET language = 'en' WHERE id = 'snv.quyetdinh'`);
    try {
      const c = await approvedCase();
      await drain();
      const mails = mailsFor(c.caseId);
      const to = (address: string) => mails.filter((m) => m.envelopeTo.includes(address));
      expect(mails.map((m) => m.envelopeTo).flat().sort()).toEqual(
        ['gd.noivu', 'gd.taichinh', 'hr.taichinh', 'snv.quyetdinh', 'snv.thamdinh'].map((u) => `${u}@daklak.example`),
      );
      const head = to('gd.taichinh@daklak.example')[0].mail;
      expect(head.from?.value).toEqual([{ name: 'Sở Nội vụ tỉnh Đắk Lắk', address: 'thongbao@sonoivu.daklak.example' }]);
      expect(head.to && 'text' in head.to ? head.to.text : '').toContain('Lê Văn Cường');
      expect(head.text).toContain('Nguyễn Văn An');
      expect(head.text).toContain('Xã Cư Bao');
      expect(head.text).toContain(`https://bietphai.daklak.example/cases/${c.caseId}`);
      expect(head.html).toContain('lang="vi"');
      expect(head.headers.get('auto-submitted')).toBe('auto-generated');
      const english = to('snv.quyetdinh@daklak.example')[0].mail;
      expect(english.headers.get('content-language')).toBe('en');
      expect(english.text).toContain('Home Affairs appraisal');
      const vietnamese = to('snv.thamdinh@daklak.example')[0].mail;
      expect(vietnamese.headers.get('content-language')).toBe('vi');
      expect(vietnamese.text).toContain('Sở Nội vụ thẩm định');
      const statuses = await sql<{ status: string; attempts: number }>(
        `SELECT d.status, d.attempts FROM secondment.delivery d JOIN secondment.notification n ON n.id = d.notification_id WHERE n.case_id = $1`,
        [c.caseId],
      );
      expect(statuses).toHaveLength(5);
      expect(statuses.every((s) => s.status === 'delivered' && s.attempts === 1)).toBe(true);
    } finally {
      await sql(`UPDATE secondment.user_account SET language = 'vi' WHERE id = 'snv.quyetdinh'`);
    }
  });

  it('carries a stable Message-ID made from the delivery key', async () => {
    const c = await approvedCase();
    await drain();
    const mail = mailsFor(c.caseId).find((m) => m.envelopeTo.includes('hr.taichinh@daklak.example'))!;
    expect(`<${mail.mail.messageId?.replace(/^<|>$/g, '')}>`).toBe(messageIdOf(`case:${c.caseId}:v2:hr.taichinh:email`, config.mailFrom));
    expect(mail.mail.messageId).toContain('@sonoivu.daklak.example');
  });

  it('without a mail server, email is written to the log and recorded as logged, never as sent', async () => {
    const c = await approvedCase();
    await drain(dispatcher({ smtpUrl: undefined }));
    expect(mailsFor(c.caseId)).toEqual([]);
    const statuses = await sql<{ status: string }>(
      `SELECT DISTINCT d.status FROM secondment.delivery d JOIN secondment.notification n ON n.id = d.notification_id WHERE n.case_id = $1`,
      [c.caseId],
    );
    expect(statuses).toEqual([{ status: 'logged' }]);
  });

  it('retries a mail server that says "try later" and dead-letters one that refuses for good, at once', async () => {
    const c = await approvedCase();
    smtp.refuseNext(2, 451);
    await drain();
    expect(mailsFor(c.caseId)).toHaveLength(5);
    const retried = await sql<{ attempts: number }>(
      `SELECT d.attempts FROM secondment.delivery d JOIN secondment.notification n ON n.id = d.notification_id WHERE n.case_id = $1 AND d.attempts > 1`,
      [c.caseId],
    );
    expect(retried.length).toBeGreaterThan(0);

    const refused = await approvedCase();
    smtp.refuseNext(1, 550);
    await drain();
    const dead = await sql<{ attempts: number; last_error: string }>(
      `SELECT d.attempts, d.last_error FROM secondment.delivery d JOIN secondment.notification n ON n.id = d.notification_id WHERE n.case_id = $1 AND d.status = 'dead'`,
      [refused.caseId],
    );
    expect(dead).toHaveLength(1);
    expect(dead[0]).toMatchObject({ attempts: 1 });
    expect(dead[0].last_error).toMatch(/SMTP 550/);
    expect(mailsFor(refused.caseId)).toHaveLength(4);
  });

  describe('webhooks', () => {
    let subscription: { id: string; secret: string };

    beforeAll(async () => {
      subscription = await deliveries.subscribe({ url: receiver.url, events: ['StageApproved'], description: 'Hệ thống quản lý hồ sơ cán bộ', createdBy: 'gd.noivu' });
    });

    afterAll(async () => {
      await deliveries.unsubscribe(subscription.id, 'gd.noivu');
    });

    const hooksFor = (caseId: string) => receiver.received.filter((r) => r.body.includes(`"caseId":"${caseId}"`));

    it('posts the event signed with HMAC-SHA256 under the subscription secret, with its delivery key', async () => {
      const c = await approvedCase();
      await drain();
      const [hook] = hooksFor(c.caseId);
      expect(hooksFor(c.caseId)).toHaveLength(1);
      expect(verifyWebhook(subscription.secret, hook.body, hook.headers['x-secondment-signature'] as string)).toBe(true);
      expect(verifyWebhook('another-secret-another-secret-another', hook.body, hook.headers['x-secondment-signature'] as string)).toBe(false);
      expect(verifyWebhook(subscription.secret, hook.body.replace('Đồng ý', 'Không'), hook.headers['x-secondment-signature'] as string)).toBe(false);
      expect(hook.headers['x-secondment-delivery']).toBe(`case:${c.caseId}:v2:webhook:${subscription.id}`);
      expect(hook.headers['x-secondment-event']).toBe('StageApproved');
      const body = JSON.parse(hook.body) as { id: string; type: string; case: { officialName: string }; event: { data: { comment: string } } };
      expect(body).toMatchObject({ id: `case:${c.caseId}:v2:webhook:${subscription.id}`, type: 'StageApproved', case: { officialName: 'Nguyễn Văn An' }, event: { data: { comment: 'Đồng ý' } } });
    });

    it('retries a failing receiver with backoff, dead-letters it after the last attempt, and delivers on replay', async () => {
      receiver.answer(500);
      try {
        const c = await approvedCase();
        await drain();
        expect(hooksFor(c.caseId)).toHaveLength(config.maxAttempts);
        const [dead] = await sql<{ id: string; status: string; attempts: number; last_error: string }>(
          `SELECT id::text, status, attempts, last_error FROM secondment.delivery WHERE dedupe_key = $1`,
          [`case:${c.caseId}:v2:webhook:${subscription.id}`],
        );
        expect(dead).toMatchObject({ status: 'dead', attempts: config.maxAttempts });
        expect(dead.last_error).toMatch(/HTTP 500/);
        expect((await deliveries.list({ status: 'dead', limit: 100, offset: 0 })).items.map((d) => d.id)).toContain(dead.id);

        receiver.answer(200);
        const replayed = await deliveries.replay(dead.id, 'gd.noivu');
        expect(replayed).toMatchObject({ status: 'pending', attempts: 0, replayedBy: 'gd.noivu' });
        expect(await deliveries.replay(dead.id, 'gd.noivu')).toBeNull();
        await drain();
        expect((await deliveries.get(dead.id))?.status).toBe('delivered');
        const bodies = new Set(hooksFor(c.caseId).map((h) => h.body));
        // Every attempt carried the same body and key, so the receiver can tell them for one.
        expect(bodies.size).toBe(1);
        expect(new Set(hooksFor(c.caseId).map((h) => h.headers['x-secondment-delivery'])).size).toBe(1);
      } finally {
        receiver.answer(200);
      }
    });
  });

  describe('a dispatcher that dies at each point of its work', () => {
    let subscription: { id: string; secret: string };

    beforeAll(async () => {
      subscription = await deliveries.subscribe({ url: receiver.url, events: ['StageApproved'], description: null, createdBy: 'gd.noivu' });
    });

    afterAll(async () => {
      await deliveries.unsubscribe(subscription.id, 'gd.noivu');
    });

    async function crashAt(point: DispatchPoint) {
      const c = await approvedCase();
      const dying = dispatcher({
        at: (reached) => {
          if (reached === point) throw new Crash(point);
        },
      });
      await expect(dying.tick()).rejects.toThrow(Crash);
      // Another dispatcher finds the work once the dead one's leases run out.
      await new Promise((resolve) => setTimeout(resolve, LEASE_MS + 200));
      await drain();
      const keys = await sql<{ dedupe_key: string; status: string }>(
        `SELECT d.dedupe_key, d.status FROM secondment.delivery d LEFT JOIN secondment.notification n ON n.id = d.notification_id
          WHERE n.case_id = $1 OR d.payload -> 'case' ->> 'caseId' = $1`,
        [c.caseId],
      );
      const mails = mailsFor(c.caseId);
      const hooks = receiver.received.filter((r) => r.body.includes(`"caseId":"${c.caseId}"`));
      return { c, keys, mails, hooks };
    }

    it('after claiming: nothing was sent, so everything is sent once by the next dispatcher', async () => {
      const { keys, mails, hooks } = await crashAt('claimed');
      expect(keys).toHaveLength(6);
      expect(keys.every((k) => k.status === 'delivered')).toBe(true);
      expect(mails).toHaveLength(5);
      expect(new Set(mails.map((m) => m.mail.messageId)).size).toBe(5);
      expect(hooks).toHaveLength(1);
    });

    it('after sending, before marking: the one window; the repeat carries the same Message-ID and delivery key', async () => {
      const { keys, mails, hooks } = await crashAt('sent');
      expect(keys.every((k) => k.status === 'delivered')).toBe(true);
      // Every message went out twice (sent, then sent again after the lost mark), each time as the same message.
      const ids = mails.map((m) => m.mail.messageId);
      expect(mails).toHaveLength(10);
      expect(new Set(ids).size).toBe(5);
      expect(ids.every((id) => ids.filter((other) => other === id).length === 2)).toBe(true);
      expect(hooks).toHaveLength(2);
      expect(new Set(hooks.map((h) => h.headers['x-secondment-delivery'])).size).toBe(1);
      expect(hooks[0].body).toBe(hooks[1].body);
    });

    it('after marking: the work is done and recorded; nothing is sent again', async () => {
      const { keys, mails, hooks } = await crashAt('marked');
      expect(keys.every((k) => k.status === 'delivered')).toBe(true);
      expect(mails).toHaveLength(5);
      expect(hooks).toHaveLength(1);
    });
  });

  it('a mark the database cannot take just after the send (PostgreSQL restarting) is tried again: each message goes out once', async () => {
    const c = await approvedCase();
    let refused = 0;
    // The real outbox, whose marks are refused three times as a dropped connection would refuse them.
    const flaky = Object.create(deliveries) as DeliveriesRepository;
    flaky.markDone = async (...args) => {
      if (refused < 3) {
        refused += 1;
        throw Object.assign(new Error('Connection terminated unexpectedly'), { code: 'ECONNRESET' });
      }
      return deliveries.markDone(...args);
    };
    const own = { ...config };
    await new NotificationDispatcher(flaky, { email: new EmailChannel(own), webhook: new WebhookChannel(own) }, own).tick();
    expect(refused).toBe(3);
    await drain();
    const mails = mailsFor(c.caseId);
    expect(mails).toHaveLength(5);
    expect(new Set(mails.map((m) => m.mail.messageId)).size).toBe(5);
  });

  it('many dispatchers at once share the outbox: every message goes out exactly once', async () => {
    const made: StoredCase[] = [];
    for (let i = 0; i < 6; i += 1) made.push(await approvedCase());
    const pool = Array.from({ length: 4 }, () => dispatcher());
    for (let round = 0; round < 20; round += 1) await Promise.all(pool.map((d) => d.tick()));
    for (const c of made) {
      const mails = mailsFor(c.caseId);
      expect(mails).toHaveLength(5);
      expect(new Set(mails.map((m) => m.mail.messageId)).size).toBe(5);
    }
  });

  it('the digests: a weekly one to Home Affairs of terms ending and steps overdue, a daily one of held messages; each made once', async () => {
    const notifications = new NotificationsRepository(dataSource);
    await sql(`UPDATE secondment.user_account SET notify_mode = 'digest' WHERE id = 'hr.taichinh'`);
    try {
      const c = await approvedCase();
      const held = await sql<{ held_for_digest: boolean }>(`SELECT held_for_digest FROM secondment.notification WHERE case_id = $1 AND user_id = 'hr.taichinh'`, [c.caseId]);
      expect(held).toEqual([{ held_for_digest: true }]);
      const cutoff = at(24 * 60);
      expect(await notifications.composeDailyDigests('2026-03-03', cutoff)).toBe(1);
      expect(await notifications.composeDailyDigests('2026-03-03', cutoff)).toBe(0);
      // The appraisal opened on 2 March with ten working days: overdue on a day well after.
      expect(await notifications.composeWeeklyDigest('2026-04-06', 90, '2026-04-06T00:00:00.000Z')).toBe(3);
      expect(await notifications.composeWeeklyDigest('2026-04-06', 90, '2026-04-06T00:00:00.000Z')).toBe(0);
      await drain();
      const daily = smtp.received.filter((m) => m.envelopeTo.includes('hr.taichinh@daklak.example') && m.mail.text?.includes(c.caseId) && !m.mail.subject?.includes(c.caseId));
      expect(daily).toHaveLength(1);
      const weekly = smtp.received.filter((m) => m.envelopeTo.includes('gd.noivu@daklak.example') && m.mail.text?.includes(c.caseId) && !m.mail.subject?.includes(c.caseId));
      expect(weekly).toHaveLength(1);
      expect(weekly[0].mail.text).toContain('https://bietphai.daklak.example/pipeline');
    } finally {
      await sql(`UPDATE secondment.user_account SET notify_mode = 'each' WHERE id = 'hr.taichinh'`);
    }
  });
});
