import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { DELIVERY_HEADER, EVENT_HEADER, SIGNATURE_HEADER, verifyWebhook } from '@app/notifications';
import request from 'supertest';
import { DispatcherService } from '../../apps/worker/src/delivery/dispatcher.service';
import { expectProblem, NON_EMPTY, useApiStack } from '../support/api-client';
import { act, nominate } from '../support/case-walk';
import { queryRows } from '../support/database';
import { nextOfficial } from '../support/fixture-officials';

/**
 * Notifications through the real HTTP API, worker, PostgreSQL and Temporal dev server: each
 * person's inbox (filled in the transaction of the event, rendered in their language), their
 * preferences, the webhook subscriptions of Home Affairs, and the outbox operators watch and
 * replay. The dispatcher is the worker's own, driven one round at a time (no background loop).
 */
describe('notifications through the HTTP API', () => {
  /** The dispatcher reads these when the worker module is made: set before the stack starts, restored after. */
  const ENV: Record<string, string | undefined> = { NOTIFY_MAX_ATTEMPTS: '1', NOTIFY_BATCH_SIZE: '100', SMTP_URL: undefined };
  const saved: Record<string, string | undefined> = {};
  beforeAll(() => {
    for (const [name, value] of Object.entries(ENV)) {
      saved[name] = process.env[name];
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  });
  afterAll(() => {
    for (const [name, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  });

  const { stack, api } = useApiStack('notifications-api');

  const as = (user: string) => api.as(user);
  /** PATCH is not among the client's verbs. */
  const patch = (user: string, path: string) => request(api.url).patch(`/api/v1${path}`).set('Authorization', `Bearer ${api.tokens[user]}`);

  interface Message {
    id: string;
    kind: string;
    caseId: string | null;
    mandatory: boolean;
    occurredAt: string;
    readAt: string | null;
    subject: string;
    text: string;
    link: string;
  }
  interface Inbox {
    items: Message[];
    total: number;
    unread: number;
  }

  async function inbox(user: string, query = ''): Promise<Inbox> {
    return (await as(user).get(`/notifications${query}`).expect(200)).body as Inbox;
  }

  /** Every message of `user` about `caseId` (the inbox holds other cases' too). */
  async function messagesAbout(user: string, caseId: string): Promise<Message[]> {
    return (await inbox(user, '?limit=100')).items.filter((m) => m.caseId === caseId);
  }

  const ISO = expect.stringMatching(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);

  // ---------------------------------------------------------------------------------------------
  describe('the inbox', () => {
    /** The official the inbox's case is about: a fixture official of Sở Tài chính. */
    const official = nextOfficial();
    let caseId: string;

    beforeAll(async () => {
      caseId = await nominate(api, { officialId: official.id });
    });

    it("after a nomination, the head's inbox has a step_opened message in Vietnamese naming the case and the official, linking to it; the proposer has none", async () => {
      const [message, ...others] = await messagesAbout('gd.taichinh', caseId);
      expect(others).toHaveLength(0);
      expect(message).toEqual({
        id: expect.stringMatching(/^\d+$/),
        kind: 'step_opened',
        caseId,
        mandatory: false,
        occurredAt: ISO,
        readAt: null,
        subject: expect.stringContaining(caseId),
        text: NON_EMPTY,
        link: expect.stringMatching(new RegExp(`/cases/${caseId}$`)),
      });
      expect(message.subject).toContain(official.name);
      expect(message.subject).toContain('Hồ sơ chờ Ông/Bà xử lý');
      expect(message.text).toContain('Hồ sơ đang chờ Ông/Bà xử lý ở bước “thủ trưởng sở xem xét”.');
      expect(message.text).toContain(official.name);
      expect(message.text).toContain(message.link);
      // The language is the account's, not the request's.
      const english = await as('gd.taichinh').get('/notifications?limit=100').set('Accept-Language', 'en').expect(200);
      expect((english.body as Inbox).items.find((m) => m.id === message.id)?.subject).toBe(message.subject);

      // The proposer acted: no message about their own nomination.
      expect(await messagesAbout('hr.taichinh', caseId)).toEqual([]);
    });

    it('after the head approves, the proposer hears of the decision and Home Affairs of the step; the head hears nothing of their own approval', async () => {
      await act(api, 'gd.taichinh', caseId, 'approve', {}, 'home_affairs_appraisal');

      const proposer = await messagesAbout('hr.taichinh', caseId);
      expect(proposer).toEqual([expect.objectContaining({ kind: 'decision_taken', caseId, readAt: null, link: expect.stringMatching(new RegExp(`/cases/${caseId}$`)) })]);
      expect(proposer[0].subject).toContain(official.name);
      expect(proposer[0].text).toContain('Lê Văn Cường');

      for (const officer of ['snv.thamdinh', 'snv.quyetdinh', 'gd.noivu']) {
        const messages = await messagesAbout(officer, caseId);
        expect({ officer, kinds: messages.map((m) => m.kind) }).toEqual({ officer, kinds: ['step_opened'] });
        expect(messages[0].text).toContain('“Sở Nội vụ thẩm định”');
      }

      // The head still has only the message that asked for the approval.
      expect((await messagesAbout('gd.taichinh', caseId)).map((m) => m.kind)).toEqual(['step_opened']);
      // People the case does not concern hear nothing.
      for (const bystander of ['hr.nnmt', 'gd.nnmt', 'ct.eakar', 'thanhtra']) expect(await messagesAbout(bystander, caseId)).toEqual([]);
    });

    it("switching a user's language to English renders their inbox (old messages too) in English", async () => {
      const before = (await messagesAbout('snv.thamdinh', caseId))[0];
      const changed = await patch('snv.thamdinh', '/me/preferences').send({ language: 'en' }).expect(200);
      expect(changed.body).toEqual({ language: 'en', email: 'snv.thamdinh@daklak.example', notifyMode: 'each' });
      try {
        const after = (await messagesAbout('snv.thamdinh', caseId))[0];
        expect(after.id).toBe(before.id);
        expect(after.subject).toContain('[Secondment]');
        expect(after.subject).toContain('Awaiting your action');
        expect(after.text).toContain('The case awaits your action at “Home Affairs appraisal”.');
        expect(after.link).toBe(before.link);
        expect(after.subject).not.toBe(before.subject);
        expect((await as('snv.thamdinh').get('/me').expect(200)).body).toMatchObject({ language: 'en' });
        expect((await as('snv.thamdinh').get('/me/preferences').expect(200)).body).toEqual({ language: 'en', email: 'snv.thamdinh@daklak.example', notifyMode: 'each' });
        // Someone else's inbox stays Vietnamese.
        expect((await messagesAbout('snv.quyetdinh', caseId))[0].subject).toContain('Hồ sơ chờ Ông/Bà xử lý');
      } finally {
        await patch('snv.thamdinh', '/me/preferences').send({ language: 'vi' }).expect(200);
      }
      expect((await messagesAbout('snv.thamdinh', caseId))[0].subject).toBe(before.subject);
    });

    it('filters unread, counts total and unread, pages newest first, marks one read (twice is fine) and all read', async () => {
      const user = 'gd.taichinh';
      await as(user).post('/notifications/read-all').expect(200);
      expect(await inbox(user, '?unread=true')).toEqual({ items: [], total: 0, unread: 0 });
      const all = (await inbox(user)).total;
      expect(all).toBeGreaterThanOrEqual(1);

      const first = await nominate(api);
      const second = await nominate(api, { officialId: 'cc-0001' });

      const unread = await inbox(user, '?unread=true');
      expect(unread).toEqual({ items: [expect.objectContaining({ caseId: second, readAt: null }), expect.objectContaining({ caseId: first, readAt: null })], total: 2, unread: 2 });
      expect(await inbox(user, '?unread=false')).toMatchObject({ total: all + 2, unread: 2 });
      expect(await inbox(user)).toMatchObject({ total: all + 2, unread: 2 });
      // Newest first; limit and offset page through the same order.
      const page = await inbox(user, '?limit=1&offset=1');
      expect(page).toEqual({ items: [expect.objectContaining({ caseId: first })], total: all + 2, unread: 2 });
      expect((await inbox(user, `?offset=${all + 2}`)).items).toEqual([]);

      const [newest, older] = unread.items;
      await as(user).post(`/notifications/${older.id}/read`).expect(204);
      const readOnce = (await inbox(user, '?limit=100')).items.find((m) => m.id === older.id)!;
      expect(readOnce.readAt).toEqual(ISO);
      await as(user).post(`/notifications/${older.id}/read`).expect(204);
      // Reading again keeps the first time.
      expect((await inbox(user, '?limit=100')).items.find((m) => m.id === older.id)?.readAt).toBe(readOnce.readAt);
      expect(await inbox(user, '?unread=true')).toEqual({ items: [expect.objectContaining({ id: newest.id })], total: 1, unread: 1 });
      expect(await inbox(user)).toMatchObject({ total: all + 2, unread: 1 });

      expect((await as(user).post('/notifications/read-all').expect(200)).body).toEqual({ marked: 1 });
      expect((await as(user).post('/notifications/read-all').expect(200)).body).toEqual({ marked: 0 });
      expect(await inbox(user, '?unread=true')).toEqual({ items: [], total: 0, unread: 0 });
      expect((await inbox(user, '?limit=100')).items.every((m) => m.readAt !== null)).toBe(true);
    });

    it("someone else's message is 404 (and stays unread), as is a message that does not exist", async () => {
      const caseOfOther = await nominate(api);
      const [theirs] = await messagesAbout('gd.taichinh', caseOfOther);
      expect(theirs.readAt).toBeNull();

      for (const other of ['hr.taichinh', 'snv.thamdinh', 'thanhtra']) {
        expectProblem(await as(other).post(`/notifications/${theirs.id}/read`), 404, 'not-found');
      }
      for (const id of ['999999999', 'abc', '0', '1e3', '99999999999999999999999']) {
        expectProblem(await as('gd.taichinh').post(`/notifications/${id}/read`), 404, 'not-found');
      }
      expect((await messagesAbout('gd.taichinh', caseOfOther))[0].readAt).toBeNull();
      // Another user's read-all leaves this message alone too.
      await as('hr.taichinh').post('/notifications/read-all').expect(200);
      expect((await messagesAbout('gd.taichinh', caseOfOther))[0].readAt).toBeNull();
    });

    it('refuses a bad query with 400 naming the field and the rule', async () => {
      const cases: [string, string, string][] = [
        ['?limit=0', 'limit', 'min'],
        ['?limit=101', 'limit', 'max'],
        ['?limit=ten', 'limit', 'isInt'],
        ['?offset=-1', 'offset', 'min'],
        ['?unread=yes', 'unread', 'isBoolean'],
        ['?page=2', 'page', 'unknown-field'],
      ];
      for (const [query, field, rule] of cases) {
        const response = await as('gd.taichinh').get(`/notifications${query}`);
        expectProblem(response, 400, 'validation-failed', { field });
        expect({ query, errors: response.body.errors }).toEqual({ query, errors: expect.arrayContaining([expect.objectContaining({ field, rule })]) });
      }
    });

    it('needs a session', async () => {
      expectProblem(await request(api.url).get('/api/v1/notifications'), 401, 'unauthenticated');
      expectProblem(await request(api.url).patch('/api/v1/me/preferences').send({ language: 'en' }), 401, 'unauthenticated');
    });
  });

  // ---------------------------------------------------------------------------------------------
  describe('preferences', () => {
    const user = 'ct.cubao';
    const DEFAULTS = { language: 'vi', email: 'ct.cubao@daklak.example', notifyMode: 'each' };

    const stored = async () =>
      (await queryRows(stack.db.url, `SELECT language, email, notify_mode AS "notifyMode" FROM secondment.user_account WHERE id = $1`, [user]))[0];

    it('reads them, and refuses bad changes with 400 naming the field and the rule, changing nothing', async () => {
      expect((await as(user).get('/me/preferences').expect(200)).body).toEqual(DEFAULTS);
      const cases: [Record<string, unknown>, string, string][] = [
        [{ email: 'not-an-email' }, 'email', 'isEmail'],
        [{ email: 'lan dang@daklak.gov.vn' }, 'email', 'isEmail'],
        [{ email: `${'a'.repeat(250)}@daklak.gov.vn` }, 'email', 'maxLength'],
        [{ email: 42 }, 'email', 'isString'],
        [{ notifyMode: 'weekly' }, 'notifyMode', 'isIn'],
        [{ notifyMode: null }, 'notifyMode', 'isIn'],
        [{ language: 'fr' }, 'language', 'isIn'],
        [{ language: null }, 'language', 'isIn'],
        [{ phone: '0912345678' }, 'phone', 'unknown-field'],
        [{ language: 'en', timezone: 'Asia/Ho_Chi_Minh' }, 'timezone', 'unknown-field'],
      ];
      for (const [body, field, rule] of cases) {
        const response = await patch(user, '/me/preferences').send(body);
        expectProblem(response, 400, 'validation-failed', { field });
        expect({ body, errors: response.body.errors }).toEqual({ body, errors: expect.arrayContaining([expect.objectContaining({ field, rule })]) });
      }
      expect(await stored()).toEqual(DEFAULTS);
    });

    it('changes only the fields given; null removes the email address', async () => {
      expect((await patch(user, '/me/preferences').send({ notifyMode: 'digest', email: null }).expect(200)).body).toEqual({ language: 'vi', email: null, notifyMode: 'digest' });
      expect((await patch(user, '/me/preferences').send({ email: 'lan.dang@daklak.gov.vn' }).expect(200)).body).toEqual({ language: 'vi', email: 'lan.dang@daklak.gov.vn', notifyMode: 'digest' });
      expect((await patch(user, '/me/preferences').send({}).expect(200)).body).toEqual({ language: 'vi', email: 'lan.dang@daklak.gov.vn', notifyMode: 'digest' });
      expect((await as(user).get('/me/preferences').expect(200)).body).toEqual({ language: 'vi', email: 'lan.dang@daklak.gov.vn', notifyMode: 'digest' });
      expect(await stored()).toEqual({ language: 'vi', email: 'lan.dang@daklak.gov.vn', notifyMode: 'digest' });
      await patch(user, '/me/preferences').send(DEFAULTS).expect(200);
      expect(await stored()).toEqual(DEFAULTS);
    });

    it("the OpenAPI document says deadline and term-end reminders go out even in 'digest' mode", async () => {
      const docs = await request(api.url).get('/api/docs-json').expect(200);
      const operation = docs.body.paths['/api/v1/me/preferences'].patch;
      expect(operation.description).toMatch(/deadline and term-end reminders.*even in 'digest' mode/);
      const webhooks = docs.body.paths['/api/v1/webhooks'].post;
      expect(webhooks.description).toContain('x-secondment-signature');
      expect(webhooks.description).toContain('x-secondment-delivery');
    });
  });

  // ---------------------------------------------------------------------------------------------
  describe('webhook subscriptions', () => {
    const VALID = { url: 'https://data.daklak.example/hooks/secondment', events: ['DecisionIssued'], description: 'Cổng dữ liệu tỉnh' };

    const subscriptionRows = async () => (await queryRows<{ n: number }>(stack.db.url, 'SELECT count(*)::int AS n FROM secondment.webhook_subscription'))[0].n;

    it('are for Home Affairs officers only: anyone else gets 403 not_authorised, and nothing is stored', async () => {
      const before = await subscriptionRows();
      for (const user of ['gd.taichinh', 'hr.taichinh', 'ct.cubao', 'vp.tinhuy', 'thanhtra', 'an.nguyenvan']) {
        expectProblem(await as(user).post('/webhooks').send(VALID), 403, 'forbidden', { rule: 'not_authorised' });
        // Refused before the body is read: a bad body is 403 too, not 400.
        expectProblem(await as(user).post('/webhooks').send({ url: 'ftp://nowhere' }), 403, 'forbidden', { rule: 'not_authorised' });
        expectProblem(await as(user).get('/webhooks'), 403, 'forbidden', { rule: 'not_authorised' });
        expectProblem(await as(user).delete('/webhooks/wh-anything'), 403, 'forbidden', { rule: 'not_authorised' });
      }
      expect(await subscriptionRows()).toBe(before);
    });

    it('refuses a bad body with 400 naming the field and the rule', async () => {
      const before = await subscriptionRows();
      const cases: [Record<string, unknown>, string, string][] = [
        [{ ...VALID, url: 'ftp://data.daklak.example/hooks' }, 'url', 'isUrl'],
        [{ ...VALID, url: 'not a url' }, 'url', 'isUrl'],
        [{ ...VALID, url: `https://data.daklak.example/${'a'.repeat(2000)}` }, 'url', 'maxLength'],
        [{ events: ['DecisionIssued'] }, 'url', 'isString'],
        [{ ...VALID, events: ['DecisionIssued', 'NoSuchEvent'] }, 'events', 'isIn'],
        [{ ...VALID, events: 'DecisionIssued' }, 'events', 'isArray'],
        [{ ...VALID, events: [] }, 'events', 'arrayMinSize'],
        [{ ...VALID, events: ['DecisionIssued', 'DecisionIssued'] }, 'events', 'arrayUnique'],
        [{ ...VALID, description: 'x'.repeat(501) }, 'description', 'maxLength'],
        [{ ...VALID, secret: 'chosen-by-me' }, 'secret', 'unknown-field'],
      ];
      for (const [body, field, rule] of cases) {
        const response = await as('snv.quyetdinh').post('/webhooks').send(body);
        expectProblem(response, 400, 'validation-failed', { field });
        expect({ body, errors: response.body.errors }).toEqual({ body, errors: expect.arrayContaining([expect.objectContaining({ field, rule })]) });
      }
      expect(await subscriptionRows()).toBe(before);
    });

    it('201 returns the subscription with its secret, once; the list never shows it; DELETE stops it (then 404)', async () => {
      const created = await as('snv.quyetdinh').post('/webhooks').send(VALID).expect(201);
      expect(created.body).toEqual({
        id: expect.stringMatching(/^wh-[0-9a-f-]{36}$/),
        url: VALID.url,
        events: ['DecisionIssued'],
        description: 'Cổng dữ liệu tỉnh',
        createdBy: 'snv.quyetdinh',
        createdAt: ISO,
        disabledAt: null,
        secret: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/),
      });
      const everything = await as('gd.noivu').post('/webhooks').send({ url: 'http://localhost:9/all' }).expect(201);
      expect(everything.body).toMatchObject({ url: 'http://localhost:9/all', events: null, description: null, createdBy: 'gd.noivu' });
      expect(everything.body.secret).not.toBe(created.body.secret);

      const listed = await as('snv.thamdinh').get('/webhooks').expect(200);
      const mine = (listed.body as Record<string, unknown>[]).find((s) => s.id === created.body.id);
      const { secret: _secret, ...withoutSecret } = created.body;
      expect(mine).toEqual(withoutSecret);
      for (const subscription of listed.body as Record<string, unknown>[]) expect(subscription).not.toHaveProperty('secret');
      expect(JSON.stringify(listed.body)).not.toContain(created.body.secret);

      await as('snv.thamdinh').delete(`/webhooks/${created.body.id}`).expect(204);
      await as('gd.noivu').delete(`/webhooks/${everything.body.id}`).expect(204);
      expectProblem(await as('snv.thamdinh').delete(`/webhooks/${created.body.id}`), 404, 'not-found');
      expectProblem(await as('snv.thamdinh').delete('/webhooks/wh-no-such-subscription'), 404, 'not-found');
      const after = (await as('snv.quyetdinh').get('/webhooks').expect(200)).body as { id: string; disabledAt: string | null }[];
      expect(after.find((s) => s.id === created.body.id)?.disabledAt).toEqual(ISO);
      expect(after.find((s) => s.id === everything.body.id)?.disabledAt).toEqual(ISO);
      const [row] = await queryRows(stack.db.url, 'SELECT disabled_by FROM secondment.webhook_subscription WHERE id = $1', [created.body.id]);
      expect(row).toEqual({ disabled_by: 'snv.thamdinh' });
    });
  });

  // ---------------------------------------------------------------------------------------------
  describe('the delivery outbox', () => {
    interface Delivery {
      id: string;
      dedupeKey: string;
      channel: string;
      target: string;
      status: string;
      attempts: number;
      lastError: string | null;
      deadAt: string | null;
      deliveredAt: string | null;
      replayedAt: string | null;
      replayedBy: string | null;
      caseId: string | null;
    }

    /** A receiver of webhooks: answers `answer` and keeps every request as it came. */
    let server: Server;
    let answer = 500;
    const received: { headers: IncomingHttpHeaders; body: string }[] = [];

    beforeAll(async () => {
      server = createServer((req, res) => {
        let body = '';
        req.setEncoding('utf8');
        req.on('data', (chunk: string) => (body += chunk));
        req.on('end', () => {
          received.push({ headers: req.headers, body });
          res.statusCode = answer;
          res.end();
        });
      });
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    });
    afterAll(async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    });

    const hookUrl = () => `http://127.0.0.1:${(server.address() as AddressInfo).port}/secondment`;

    async function deliveries(user: string, query = ''): Promise<{ items: Delivery[]; total: number }> {
      return (await as(user).get(`/deliveries${query}`).expect(200)).body as { items: Delivery[]; total: number };
    }

    /** The worker's dispatcher, worked until the outbox has nothing due (no background loop). */
    async function drain(): Promise<void> {
      const dispatcher = stack.worker.context.get(DispatcherService).create();
      for (let round = 0; round < 50; round += 1) if ((await dispatcher.tick()) === 0) return;
      throw new Error('the outbox never drained');
    }

    it('is readable by Home Affairs officers and the auditor only, filtered and paged; bad filters are 400', async () => {
      for (const user of ['ct.cubao', 'gd.taichinh', 'hr.taichinh', 'vp.tinhuy', 'an.nguyenvan']) {
        expectProblem(await as(user).get('/deliveries'), 403, 'forbidden', { rule: 'not_authorised' });
      }
      const forAuditor = await deliveries('thanhtra', '?channel=email&limit=100');
      expect(forAuditor.total).toBeGreaterThan(0);
      expect(forAuditor.items.every((d) => d.channel === 'email')).toBe(true);
      // Every message so far made an email to its recipient's address (the demo accounts have one).
      const messages = await queryRows<{ n: number }>(stack.db.url, `SELECT count(*)::int AS n FROM secondment.notification n JOIN secondment.user_account u ON u.id = n.user_id WHERE NOT n.held_for_digest AND u.email IS NOT NULL`);
      expect(forAuditor.total).toBe(messages[0].n);
      const pending = await deliveries('snv.thamdinh', '?status=pending&channel=email');
      expect(pending.total).toBe(forAuditor.total);
      expect(pending.items).toHaveLength(Math.min(20, pending.total));
      expect(pending.items[0]).toEqual(expect.objectContaining({ channel: 'email', status: 'pending', attempts: 0, lastError: null, target: expect.stringMatching(/@/) }));
      const paged = await deliveries('gd.noivu', '?channel=email&limit=1&offset=1');
      expect(paged).toEqual({ items: [forAuditor.items[1]], total: forAuditor.total });
      expect(await deliveries('thanhtra', '?status=dead')).toEqual({ items: [], total: 0 });

      for (const [query, field] of [
        ['?status=failed', 'status'],
        ['?channel=sms', 'channel'],
        ['?limit=500', 'limit'],
        ['?offset=-5', 'offset'],
      ]) {
        expectProblem(await as('thanhtra').get(`/deliveries${query}`), 400, 'validation-failed', { field });
      }
    });

    it('replays only for Home Affairs: 403 for others, 404 for no such delivery, 409 not-dead-lettered for one that is not dead', async () => {
      const { items } = await deliveries('snv.thamdinh', '?status=pending&limit=1');
      const pending = items[0];
      for (const user of ['thanhtra', 'ct.cubao', 'gd.taichinh']) {
        expectProblem(await as(user).post(`/deliveries/${pending.id}/replay`), 403, 'forbidden', { rule: 'not_authorised' });
      }
      for (const id of ['999999999', 'nope']) expectProblem(await as('snv.thamdinh').post(`/deliveries/${id}/replay`), 404, 'not-found');
      const conflict = await as('snv.thamdinh').post(`/deliveries/${pending.id}/replay`);
      expectProblem(conflict, 409, 'not-dead-lettered', { rule: 'not_dead_lettered', deliveryStatus: 'pending' });
      expect(conflict.body.messages.vi).toContain('đang chờ gửi');
      expect(conflict.body.messages.en).toContain('only a dead-lettered delivery can be replayed');
      const [row] = await queryRows(stack.db.url, 'SELECT status, replayed_at FROM secondment.delivery WHERE id = $1', [pending.id]);
      expect(row).toEqual({ status: 'pending', replayed_at: null });
    });

    it('a webhook that fails is dead-lettered; replayed once the receiver is back, it is delivered, signed, with its dedupe key', async () => {
      const dispatcher = stack.worker.context.get(DispatcherService);
      expect(dispatcher.config).toMatchObject({ maxAttempts: 1, batchSize: 100, smtpUrl: undefined });

      const subscription = await as('snv.quyetdinh').post('/webhooks').send({ url: hookUrl(), events: ['CaseProposed'], description: 'Máy nhận thử' }).expect(201);
      const secret = subscription.body.secret as string;
      const caseId = await nominate(api, { officialId: 'cc-0003' });
      // One event the subscription wants, one it does not.
      await act(api, 'gd.taichinh', caseId, 'approve', {}, 'home_affairs_appraisal');
      const dedupeKey = `case:${caseId}:v1:webhook:${subscription.body.id}`;

      const queued = (await deliveries('snv.thamdinh', '?channel=webhook&status=pending&limit=100')).items.filter((d) => d.target === hookUrl());
      expect(queued).toEqual([expect.objectContaining({ dedupeKey, caseId, status: 'pending', attempts: 0 })]);

      answer = 500;
      await drain();
      expect(received).toHaveLength(1);
      const dead = (await deliveries('thanhtra', '?status=dead&channel=webhook&limit=100')).items;
      expect(dead).toEqual([
        expect.objectContaining({ id: queued[0].id, dedupeKey, caseId, status: 'dead', attempts: 1, lastError: expect.stringContaining('HTTP 500'), deadAt: ISO, deliveredAt: null }),
      ]);
      // The emails of the same round went to the log (no mail server here).
      expect(await deliveries('thanhtra', '?status=pending')).toEqual({ items: [], total: 0 });
      expect((await deliveries('thanhtra', '?status=logged&channel=email')).total).toBeGreaterThan(0);

      answer = 200;
      const key = `replay-${queued[0].id}`;
      const replayed = await as('snv.thamdinh').post(`/deliveries/${queued[0].id}/replay`).set('Idempotency-Key', key).expect(200);
      expect(replayed.body).toEqual(
        expect.objectContaining({ id: queued[0].id, dedupeKey, status: 'pending', attempts: 0, deadAt: null, replayedAt: ISO, replayedBy: 'snv.thamdinh', lastError: expect.stringContaining('HTTP 500') }),
      );
      // A retry with the same key gets the same answer and replays nothing more.
      const again = await as('snv.thamdinh').post(`/deliveries/${queued[0].id}/replay`).set('Idempotency-Key', key).expect(200);
      expect(again.headers['idempotent-replayed']).toBe('true');
      expect(again.body).toEqual(replayed.body);

      await drain();
      expect(received).toHaveLength(2);
      const delivered = (await deliveries('snv.thamdinh', '?channel=webhook&status=delivered&limit=100')).items.find((d) => d.id === queued[0].id);
      expect(delivered).toEqual(expect.objectContaining({ status: 'delivered', attempts: 1, lastError: null, deliveredAt: ISO, replayedBy: 'snv.thamdinh' }));

      for (const { headers, body } of received) {
        expect(verifyWebhook(secret, body, headers[SIGNATURE_HEADER] as string)).toBe(true);
        expect(verifyWebhook('another-secret-of-at-least-32-characters', body, headers[SIGNATURE_HEADER] as string)).toBe(false);
        expect(headers[DELIVERY_HEADER]).toBe(dedupeKey);
        expect(headers[EVENT_HEADER]).toBe('CaseProposed');
        expect(JSON.parse(body)).toMatchObject({ id: dedupeKey, type: 'CaseProposed', case: { caseId, officialName: 'Hoàng Văn Công' }, event: { version: 1, actor: { id: 'hr.taichinh' } } });
      }
      // The same body both times: a receiver folds the repeat by the delivery header.
      expect(received[1].body).toBe(received[0].body);

      // Delivered now: no second replay.
      expectProblem(await as('snv.thamdinh').post(`/deliveries/${queued[0].id}/replay`), 409, 'not-dead-lettered', { deliveryStatus: 'delivered' });
      await as('snv.quyetdinh').delete(`/webhooks/${subscription.body.id}`).expect(204);
    });
  });
});
