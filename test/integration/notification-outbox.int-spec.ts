import { DataSource } from 'typeorm';
import { addWorkingDays, endOfLocalDay, handle, localDateOf, SYSTEM_ACTOR, type CaseEvent, type CaseRules } from '@app/domain';
import { CaseStore, createDataSource, DeliveriesRepository, EventVersionConflictError, ProvinceRulesRepository } from '@app/persistence';
import { createTestDatabase, queryRows, type TestDatabase } from '../support/database';
import { demoActor, StoredCase } from '../support/notifications';
import { CASE_PROJECTIONS } from '../../apps/worker/src/case-projections';

interface NotificationRow {
  user_id: string;
  kind: string;
  route_id: string;
  mandatory: boolean;
  dedupe_key: string;
  held_for_digest: boolean;
  event_version: number;
  facts: { actions: string[]; asDeputyOf: string | null; case: { caseId: string; officialName: string } };
}

/**
 * The outbox is written in the transaction that stores the events, by the routes in the database:
 * who hears of each step, with which channels, and nothing when the events are not stored.
 */
describe('notification outbox, written with the events', () => {
  let database: TestDatabase;
  let dataSource: DataSource;
  let store: CaseStore;
  let rules: CaseRules;
  let seq = 0;

  beforeAll(async () => {
    database = await createTestDatabase();
    dataSource = createDataSource(database.url, 4);
    await dataSource.initialize();
    store = new CaseStore(dataSource, CASE_PROJECTIONS);
    rules = await new ProvinceRulesRepository(dataSource).current();
  });

  afterAll(async () => {
    await dataSource?.destroy();
    await database?.drop();
  });

  const sql = <T = Record<string, unknown>>(text: string, params: unknown[] = []) => queryRows<T>(database.url, text, params);
  const notificationsOf = (caseId: string, version?: number) =>
    sql<NotificationRow>(
      `SELECT user_id, kind, route_id, mandatory, dedupe_key, held_for_digest, event_version, facts FROM secondment.notification
        WHERE case_id = $1 AND ($2::int IS NULL OR event_version = $2) ORDER BY event_version, user_id`,
      [caseId, version ?? null],
    );
  const emailsOf = (caseId: string) =>
    sql<{ target: string; dedupe_key: string; status: string }>(
      `SELECT d.target, d.dedupe_key, d.status FROM secondment.delivery d JOIN secondment.notification n ON n.id = d.notification_id WHERE n.case_id = $1 ORDER BY d.target`,
      [caseId],
    );
  const who = (rows: NotificationRow[]) => rows.map((r) => `${r.user_id}:${r.kind}`);

  const at = (offsetMinutes: number) => new Date(Date.UTC(2026, 2, 2, 2, 0) + offsetMinutes * 60_000).toISOString(); // Monday 2 March 2026, 09:00 in Hà Nội

  async function proposed(): Promise<StoredCase> {
    seq += 1;
    const c = new StoredCase(store, `HS-OUTBOX-${seq}`);
    await c.propose(rules, at(0), '2026-04-01');
    return c;
  }

  it('a nomination is heard by the head it now waits for, with an email; the proposer hears nothing of their own act', async () => {
    const c = await proposed();
    const rows = await notificationsOf(c.caseId);
    expect(who(rows)).toEqual(['gd.taichinh:step_opened']);
    expect(rows[0]).toMatchObject({ route_id: 'step-opened', mandatory: false, dedupe_key: `case:${c.caseId}:v1:gd.taichinh`, held_for_digest: false });
    expect(rows[0].facts.actions).toEqual(['approve', 'reject', 'returnForChanges']);
    expect(rows[0].facts.case).toMatchObject({ caseId: c.caseId, officialName: 'Nguyễn Văn An' });
    expect(await emailsOf(c.caseId)).toEqual([{ target: 'gd.taichinh@daklak.example', dedupe_key: `case:${c.caseId}:v1:gd.taichinh:email`, status: 'pending' }]);
  });

  it('an approval is heard by the proposer (the decision) and by every Home Affairs officer (the next step)', async () => {
    const c = await proposed();
    await c.run({ type: 'approve', actor: demoActor('gd.taichinh'), at: at(60) });
    expect(who(await notificationsOf(c.caseId, 2))).toEqual([
      'gd.noivu:step_opened',
      'hr.taichinh:decision_taken',
      'snv.quyetdinh:step_opened',
      'snv.thamdinh:step_opened',
    ]);
  });

  it('a return for changes is heard once by the proposer, as a decision, though the case now also waits for them', async () => {
    const c = await proposed();
    await c.run({ type: 'returnForChanges', reason: 'Bổ sung biên bản gặp công chức', actor: demoActor('gd.taichinh'), at: at(60) });
    const rows = await notificationsOf(c.caseId, 2);
    expect(who(rows)).toEqual(['hr.taichinh:decision_taken']);
  });

  it('the events and their messages stand or fall together: a refused write leaves no message, a repeated one adds none', async () => {
    const c = await proposed();
    const count = async () => (await sql<{ n: number }>(`SELECT count(*)::int AS n FROM secondment.notification`))[0].n;
    const { events } = handle({ type: 'approve', actor: demoActor('gd.taichinh'), at: at(60) }, c.state);
    // Another writer took version 2 first: the approval is refused whole, and no one hears of it.
    const withdrawal: CaseEvent[] = [{ type: 'CaseWithdrawn', data: { stage: 'department_review', reason: 'Rút đề xuất' }, actor: demoActor('hr.taichinh'), at: at(30), requestId: null }];
    await store.record({ caseId: c.caseId, fromVersion: 1, events: withdrawal });
    const before = await count();
    await expect(store.record({ caseId: c.caseId, fromVersion: 1, events })).rejects.toThrow(EventVersionConflictError);
    expect(await count()).toBe(before);
    expect(who(await notificationsOf(c.caseId, 2)).filter((w) => w.endsWith('step_opened') || w.startsWith('hr.taichinh'))).toEqual([]);
    // The first approval, stored, then retried (an activity retried after its commit): heard once.
    const d = await proposed();
    const approval = handle({ type: 'approve', actor: demoActor('gd.taichinh'), at: at(60) }, d.state).events;
    await store.record({ caseId: d.caseId, fromVersion: 1, events: approval });
    const heard = await notificationsOf(d.caseId, 2);
    expect(heard.length).toBeGreaterThan(0);
    expect(await store.record({ caseId: d.caseId, fromVersion: 1, events: approval })).toEqual({ version: 2, inserted: false });
    expect(await notificationsOf(d.caseId, 2)).toEqual(heard);
  });

  it('a quiet recipient gets the message in the inbox but no email; a missed deadline still mails them', async () => {
    await sql(`UPDATE secondment.user_account SET notify_mode = 'digest' WHERE id = 'snv.thamdinh'`);
    try {
      const c = await proposed();
      await c.run({ type: 'approve', actor: demoActor('gd.taichinh'), at: at(60) });
      const opened = (await notificationsOf(c.caseId, 2)).find((r) => r.user_id === 'snv.thamdinh')!;
      expect(opened).toMatchObject({ kind: 'step_opened', held_for_digest: true });
      expect((await emailsOf(c.caseId)).map((e) => e.target)).not.toContain('snv.thamdinh@daklak.example');

      // The appraisal's deadline passes: Home Affairs, and the superior of those it waits for, hear at once.
      const state = c.state!;
      const deadline = addWorkingDays(localDateOf(state.stageOpenedAt), rules.deadlines.home_affairs_appraisal.workingDays, rules.calendar);
      const timerKey = `deadline:home_affairs_appraisal:v${state.stageOpenedVersion}:1`;
      await c.run({ type: 'fireTimer', key: timerKey, actor: SYSTEM_ACTOR, at: new Date(endOfLocalDay(deadline)).toISOString() });
      const missed = await notificationsOf(c.caseId, 3);
      expect(who(missed)).toEqual(['gd.noivu:deadline_missed', 'snv.quyetdinh:deadline_missed', 'snv.thamdinh:deadline_missed']);
      expect(missed.every((r) => r.mandatory && !r.held_for_digest)).toBe(true);
      expect((await emailsOf(c.caseId)).filter((e) => e.dedupe_key.includes(':v3:')).map((e) => e.target)).toContain('snv.thamdinh@daklak.example');
    } finally {
      await sql(`UPDATE secondment.user_account SET notify_mode = 'each' WHERE id = 'snv.thamdinh'`);
    }
  });

  it('the routes are data: a disabled route sends nothing, an edited audience reaches the people it names', async () => {
    await sql(`UPDATE secondment.notification_route SET enabled = false WHERE id = 'step-opened'`);
    await sql(`UPDATE secondment.notification_route SET audience = audience || '[{"role": "party_secretariat"}]'::jsonb WHERE id = 'decision-to-proposer'`);
    try {
      const c = await proposed();
      expect(await notificationsOf(c.caseId, 1)).toEqual([]);
      await c.run({ type: 'approve', actor: demoActor('gd.taichinh'), at: at(60) });
      expect(who(await notificationsOf(c.caseId, 2))).toEqual(['hr.taichinh:decision_taken', 'vp.tinhuy:decision_taken']);
    } finally {
      await sql(`UPDATE secondment.notification_route SET enabled = true WHERE id = 'step-opened'`);
      await sql(`UPDATE secondment.notification_route SET audience = audience - 1 WHERE id = 'decision-to-proposer'`);
    }
  });

  it('a broken route is refused loudly, and the transition with it: nothing is stored half-told', async () => {
    await sql(`UPDATE secondment.notification_route SET audience = '[{"party": "everyone"}]'::jsonb WHERE id = 'step-opened'`);
    seq += 1;
    const c = new StoredCase(store, `HS-OUTBOX-${seq}`);
    try {
      await expect(c.propose(rules, at(0), '2026-04-01')).rejects.toThrow(/notification route step-opened is not valid: audience\[0\]/);
      expect(await sql(`SELECT 1 FROM secondment.domain_event WHERE case_id = $1`, [c.caseId])).toEqual([]);
    } finally {
      await sql(`UPDATE secondment.notification_route SET audience = '[{"party": "awaited"}]'::jsonb WHERE id = 'step-opened'`);
    }
  });

  it("a deputy under a delegation in force hears of the step as well, marked as the delegator's deputy", async () => {
    await sql(
      `INSERT INTO secondment.delegation (id, delegator_id, deputy_id, starts_on, ends_on, reason) VALUES ('dl-outbox', 'gd.taichinh', 'pgd.taichinh', '2026-03-01', '2026-03-31', 'Đi công tác')`,
    );
    try {
      const c = await proposed();
      const rows = await notificationsOf(c.caseId, 1);
      expect(who(rows)).toEqual(['gd.taichinh:step_opened', 'pgd.taichinh:step_opened']);
      expect(rows[1].facts.asDeputyOf).toBe('Lê Văn Cường');
    } finally {
      await sql(`UPDATE secondment.delegation SET revoked_at = now() WHERE id = 'dl-outbox'`);
    }
  });

  it('a webhook subscription gets one delivery per event it asks for, with the case essentials and the event', async () => {
    const deliveries = new DeliveriesRepository(dataSource);
    const all = await deliveries.subscribe({ url: 'http://127.0.0.1:9/all', events: null, description: null, createdBy: 'gd.noivu' });
    const some = await deliveries.subscribe({ url: 'http://127.0.0.1:9/approvals', events: ['StageApproved'], description: null, createdBy: 'gd.noivu' });
    try {
      const c = await proposed();
      await c.run({ type: 'approve', actor: demoActor('gd.taichinh'), at: at(60) });
      const hooks = await sql<{ dedupe_key: string; target: string; payload: { type: string; case: { caseId: string }; event: { version: number; actor: { id: string } } } }>(
        `SELECT dedupe_key, target, payload FROM secondment.delivery WHERE channel = 'webhook' AND payload -> 'case' ->> 'caseId' = $1 ORDER BY (payload -> 'event' ->> 'version')::int, target`,
        [c.caseId],
      );
      expect(hooks.map((h) => [h.dedupe_key, h.target, h.payload.type])).toEqual([
        [`case:${c.caseId}:v1:webhook:${all.id}`, 'http://127.0.0.1:9/all', 'CaseProposed'],
        [`case:${c.caseId}:v2:webhook:${all.id}`, 'http://127.0.0.1:9/all', 'StageApproved'],
        [`case:${c.caseId}:v2:webhook:${some.id}`, 'http://127.0.0.1:9/approvals', 'StageApproved'],
      ]);
      expect(hooks[1].payload.event).toMatchObject({ version: 2, actor: { id: 'gd.taichinh' } });
      // The proposal's rules snapshot is not sent to other systems, only its version.
      expect(JSON.stringify(hooks[0].payload)).not.toContain('calendar');
    } finally {
      await deliveries.unsubscribe(all.id, 'gd.noivu');
      await deliveries.unsubscribe(some.id, 'gd.noivu');
    }
  });
});
