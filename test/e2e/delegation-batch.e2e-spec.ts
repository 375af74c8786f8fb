import { randomUUID } from 'node:crypto';
import { queryRows, eventAndCaseCounts } from '../support/database';
import { expectProblem, useApiStack, vnDay, vnToday } from '../support/api-client';
import { decisionBody, type DecisionAttachment, nominate as nominateCase, nominationBody, partyOpinionBody, uploadDossier } from '../support/case-walk';
import { nextOfficial } from '../support/fixture-officials';

/**
 * Delegation (an approver hands their approvals to a deputy for a date range) and the batch routes
 * (many nominations, approvals or one decision in one request), through the real HTTP API, worker,
 * PostgreSQL and Temporal dev server. Every refusal is checked against the database: nothing moved.
 */
describe('delegations and batches through the HTTP API', () => {
  const { stack, api } = useApiStack('delegation-batch');

  const GD = { id: 'gd.taichinh', name: 'Lê Văn Cường' };

  /** Officials added to the registry for this spec: 30 more people in Sở Tài chính. */
  const FAMILY = ['Nguyễn', 'Trần', 'Lê', 'Phạm', 'Hoàng', 'Huỳnh', 'Phan', 'Vũ', 'Võ', 'Đặng', 'Bùi', 'Đỗ', 'Hồ', 'Ngô', 'Dương'];
  const MIDDLE = ['Văn', 'Thị', 'Minh', 'Quốc', 'Thanh', 'Ngọc'];
  const GIVEN = ['Anh', 'Bảo', 'Chi', 'Dũng', 'Giang', 'Hà', 'Hải', 'Hạnh', 'Hiếu', 'Hòa', 'Hùng', 'Khánh', 'Lan', 'Linh', 'Long', 'Mai', 'Nam', 'Nga', 'Phúc', 'Quân', 'Sơn', 'Tâm', 'Thảo', 'Thắng', 'Trang', 'Trí', 'Tú', 'Tuấn', 'Vân', 'Yến'];
  const EXTRA_OFFICIALS = Array.from({ length: 30 }, (_, i) => ({
    id: `cc-b${String(i + 1).padStart(3, '0')}`,
    name: `${FAMILY[i % FAMILY.length]} ${MIDDLE[i % MIDDLE.length]} ${GIVEN[i]}`,
    title: 'Chuyên viên',
    unitId: 'so-tai-chinh',
  }));
  /** The other officials for the later batches (so the counts of each part stay clear). */
  const MORE_OFFICIALS = Array.from({ length: 20 }, (_, i) => ({
    id: `cc-c${String(i + 1).padStart(3, '0')}`,
    name: `${FAMILY[(i + 3) % FAMILY.length]} ${MIDDLE[(i + 1) % MIDDLE.length]} ${GIVEN[(i + 7) % GIVEN.length]}`,
    title: 'Kế toán viên',
    unitId: 'so-tai-chinh',
  }));

  beforeAll(async () => {
    for (const official of [...EXTRA_OFFICIALS, ...MORE_OFFICIALS]) {
      await queryRows(stack.db.url, 'INSERT INTO secondment.official (id, full_name, title, unit_id) VALUES ($1, $2, $3, $4)', [official.id, official.name, official.title, official.unitId]);
    }
  });

  const as = (user: string) => api.as(user);

  /** A valid nomination of `officialId` (nominationBody), with `extra` fields. */
  const nomination = (officialId: string, extra: Record<string, unknown> = {}) => nominationBody({ officialId, ...extra });

  /** One nomination by `user`; returns the case id (the case is at department review). */
  const nominate = (officialId: string, user = 'hr.taichinh') => nominateCase(api, { officialId }, user);

  interface EventRow {
    case_id: string;
    version: number;
    type: string;
    actor: Record<string, unknown>;
    payload: Record<string, unknown>;
  }

  async function events(caseIds: string[]): Promise<EventRow[]> {
    return queryRows<EventRow>(stack.db.url, 'SELECT case_id, version, type, actor, payload FROM secondment.domain_event WHERE case_id = ANY($1::text[]) ORDER BY case_id, version', [caseIds]);
  }

  /** Events per case, for proving a refused request changed nothing. */
  async function eventCounts(caseIds: string[]): Promise<Record<string, number>> {
    const rows = await events(caseIds);
    return Object.fromEntries(caseIds.map((id) => [id, rows.filter((row) => row.case_id === id).length]));
  }

  const totals = () => eventAndCaseCounts(stack.db.url);

  async function delegationRows(): Promise<number> {
    const [row] = await queryRows<{ n: number }>(stack.db.url, 'SELECT count(*)::int AS n FROM secondment.delegation');
    return row.n;
  }

  /** Ends every delegation gd.taichinh gave that has not ended, so the next test starts with none in force. */
  async function revokeAllOfGd(): Promise<void> {
    const given = await as('gd.taichinh').get('/delegations').expect(200);
    for (const d of given.body as { id: string; delegator: { id: string }; revokedAt: string | null }[]) {
      if (d.delegator.id === 'gd.taichinh' && d.revokedAt === null) await as('gd.taichinh').delete(`/delegations/${d.id}`).expect(200);
    }
  }

  /** One field of every element of a response array. */
  function pluck(list: unknown, key: string): unknown[] {
    return (list as Record<string, unknown>[]).map((item) => item[key]);
  }

  // ===========================================================================================
  describe('delegation', () => {
    let reviewCase: string;

    it('before any delegation the deputy (role official) neither sees nor approves the department’s cases', async () => {
      reviewCase = await nominate('cc-0001');
      const me = await as('pgd.taichinh').get('/me').expect(200);
      expect(me.body).toMatchObject({ id: 'pgd.taichinh', role: 'official', personId: 'cc-0004', actingFor: [] });

      const list = await as('pgd.taichinh').get('/cases').expect(200);
      expect(pluck(list.body.items, 'caseId')).not.toContain(reviewCase);
      expect(list.body.total).toBe(0);
      const inbox = await as('pgd.taichinh').get('/inbox').expect(200);
      expect(inbox.body).toEqual([]);
      await as('pgd.taichinh').get(`/cases/${reviewCase}`).expect(403);

      const refused = await as('pgd.taichinh').post(`/cases/${reviewCase}/approve`).send({}).expect(403);
      expect(refused.headers['content-type']).toMatch(/^application\/problem\+json/);
      expectProblem(refused, 403, 'forbidden', { rule: 'out_of_scope' });
      expect(await eventCounts([reviewCase])).toEqual({ [reviewCase]: 1 });
    });

    it('gd.taichinh delegates to pgd.taichinh: listed for both, shown in the deputy’s /me, inbox and list; the approval records both names', async () => {
      const created = await as('gd.taichinh')
        .post('/delegations')
        .send({ deputy: 'pgd.taichinh', startsOn: vnToday(), endsOn: vnDay(10), reason: 'Đi công tác Hà Nội' })
        .expect(201);
      expect(created.body).toMatchObject({
        id: expect.stringMatching(/^[0-9a-f-]{36}$/),
        delegator: { id: 'gd.taichinh', displayName: 'Lê Văn Cường', role: 'department_head', unit: { id: 'so-tai-chinh' } },
        deputy: { id: 'pgd.taichinh', displayName: 'Phạm Minh Châu', role: 'official', personId: 'cc-0004' },
        startsOn: vnToday(),
        endsOn: vnDay(10),
        reason: 'Đi công tác Hà Nội',
        revokedAt: null,
        active: true,
      });
      const id = created.body.id as string;
      const rows = await queryRows<{ delegator_id: string; deputy_id: string; starts_on: string; ends_on: string; revoked_at: Date | null }>(
        stack.db.url,
        `SELECT delegator_id, deputy_id, to_char(starts_on, 'YYYY-MM-DD') AS starts_on, to_char(ends_on, 'YYYY-MM-DD') AS ends_on, revoked_at FROM secondment.delegation WHERE id = $1`,
        [id],
      );
      expect(rows).toEqual([{ delegator_id: 'gd.taichinh', deputy_id: 'pgd.taichinh', starts_on: vnToday(), ends_on: vnDay(10), revoked_at: null }]);

      for (const user of ['gd.taichinh', 'pgd.taichinh'] as const) {
        const listed = await as(user).get('/delegations').expect(200);
        expect(listed.body).toEqual(expect.arrayContaining([expect.objectContaining({ id, active: true, delegator: expect.objectContaining({ id: 'gd.taichinh' }), deputy: expect.objectContaining({ id: 'pgd.taichinh' }) })]));
      }
      // Someone else does not see it.
      const other = await as('gd.nnmt').get('/delegations').expect(200);
      expect(pluck(other.body, 'id')).not.toContain(id);

      const me = await as('pgd.taichinh').get('/me').expect(200);
      expect(me.body.actingFor).toEqual([
        { delegationId: id, delegator: expect.objectContaining({ id: 'gd.taichinh', displayName: 'Lê Văn Cường', role: 'department_head' }), startsOn: vnToday(), endsOn: vnDay(10) },
      ]);
      // The delegator acts as themselves only.
      const gdMe = await as('gd.taichinh').get('/me').expect(200);
      expect(gdMe.body.actingFor).toEqual([]);

      // The department's cases are now visible and awaiting the deputy.
      const list = await as('pgd.taichinh').get('/cases').expect(200);
      expect(pluck(list.body.items, 'caseId')).toContain(reviewCase);
      const inbox = await as('pgd.taichinh').get('/inbox').expect(200);
      const item = (inbox.body as { caseId: string; actions: unknown[] }[]).find((i) => i.caseId === reviewCase);
      expect(item).toBeDefined();
      expect(item!.actions).toEqual([
        { action: 'approve', onBehalfOf: GD },
        { action: 'reject', onBehalfOf: GD },
        { action: 'returnForChanges', onBehalfOf: GD },
      ]);
      const detail = await as('pgd.taichinh').get(`/cases/${reviewCase}`).expect(200);
      expect(detail.body.actions).toEqual(expect.arrayContaining([{ action: 'approve', onBehalfOf: GD }]));

      const approved = await as('pgd.taichinh').post(`/cases/${reviewCase}/approve`).send({ comment: 'Đồng ý (ký thay)' }).expect(200);
      expect(approved.body).toMatchObject({ caseId: reviewCase, stage: 'home_affairs_appraisal' });

      const stored = (await events([reviewCase])).filter((e) => e.type === 'StageApproved');
      expect(stored).toHaveLength(1);
      expect(stored[0].actor).toMatchObject({ id: 'pgd.taichinh', name: 'Phạm Minh Châu', role: 'department_head', unitId: 'so-tai-chinh', onBehalfOf: GD });
      expect(stored[0].payload).toMatchObject({ stage: 'department_review', nextStage: 'home_affairs_appraisal', comment: 'Đồng ý (ký thay)' });

      const timeline = (approved.body.timeline as { type: string; actor: Record<string, unknown> }[]).filter((e) => e.type === 'StageApproved');
      expect(timeline).toEqual([expect.objectContaining({ actor: { id: 'pgd.taichinh', name: 'Phạm Minh Châu', role: 'department_head', onBehalfOf: GD } })]);
    });

    it('a deputy cannot act through the delegation on a case about themselves', async () => {
      const ownCase = await nominate('cc-0004');
      // The case is theirs to see (it is about them), but it waits for nothing from them.
      await as('pgd.taichinh').get(`/cases/${ownCase}`).expect(200);
      const inbox = await as('pgd.taichinh').get('/inbox').expect(200);
      expect(pluck(inbox.body, 'caseId')).not.toContain(ownCase);
      const detail = await as('pgd.taichinh').get(`/cases/${ownCase}`).expect(200);
      expect(pluck(detail.body.actions, 'action')).not.toContain('approve');

      const refused = await as('pgd.taichinh').post(`/cases/${ownCase}/approve`).send({}).expect(403);
      expectProblem(refused, 403, 'forbidden', { rule: 'own_case' });
      expect(await eventCounts([ownCase])).toEqual({ [ownCase]: 1 });

      // The head, who delegated, still approves it as themselves.
      const byHead = await as('gd.taichinh').post(`/cases/${ownCase}/approve`).send({}).expect(200);
      expect(byHead.body.stage).toBe('home_affairs_appraisal');
    });

    it('revoking: only the delegator may, an unknown id is 404, and a revoked delegation gives no authority', async () => {
      const given = await as('gd.taichinh').get('/delegations').expect(200);
      const active = (given.body as { id: string; active: boolean }[]).filter((d) => d.active);
      expect(active).toHaveLength(1);
      const id = active[0].id;
      const pending = await nominate(nextOfficial().id);

      const byOther = await as('gd.nnmt').delete(`/delegations/${id}`).expect(403);
      expectProblem(byOther, 403, 'forbidden', { rule: 'not_the_delegator' });
      const byDeputy = await as('pgd.taichinh').delete(`/delegations/${id}`).expect(403);
      expectProblem(byDeputy, 403, 'forbidden', { rule: 'not_the_delegator' });
      const [still] = await queryRows<{ revoked_at: Date | null }>(stack.db.url, 'SELECT revoked_at FROM secondment.delegation WHERE id = $1', [id]);
      expect(still.revoked_at).toBeNull();

      expectProblem(await as('gd.taichinh').delete(`/delegations/${randomUUID()}`).expect(404), 404, 'not-found');
      expectProblem(await as('gd.taichinh').delete('/delegations/khong-co').expect(404), 404, 'not-found');

      const revoked = await as('gd.taichinh').delete(`/delegations/${id}`).expect(200);
      expect(revoked.body).toMatchObject({ id, active: false, revokedAt: expect.any(String) });
      const [row] = await queryRows<{ revoked_at: Date | null; revoked_by: string | null }>(stack.db.url, 'SELECT revoked_at, revoked_by FROM secondment.delegation WHERE id = $1', [id]);
      expect(row.revoked_at).not.toBeNull();
      expect(row.revoked_by).toBe('gd.taichinh');

      const me = await as('pgd.taichinh').get('/me').expect(200);
      expect(me.body.actingFor).toEqual([]);
      const inbox = await as('pgd.taichinh').get('/inbox').expect(200);
      expect(inbox.body).toEqual([]);
      const list = await as('pgd.taichinh').get('/cases').expect(200);
      expect(pluck(list.body.items, 'caseId')).not.toContain(pending);
      const refused = await as('pgd.taichinh').post(`/cases/${pending}/approve`).send({}).expect(403);
      expectProblem(refused, 403, 'forbidden');
      expect(await eventCounts([pending])).toEqual({ [pending]: 1 });
    });

    it('a delegation that has not started yet gives no authority and is not in the deputy’s /me', async () => {
      const pending = await nominate('cc-0003');
      const created = await as('gd.taichinh')
        .post('/delegations')
        .send({ deputy: 'pgd.taichinh', startsOn: vnDay(1), endsOn: vnDay(5), reason: 'Nghỉ phép' })
        .expect(201);
      expect(created.body).toMatchObject({ startsOn: vnDay(1), endsOn: vnDay(5), active: false, revokedAt: null });
      const listed = await as('pgd.taichinh').get('/delegations').expect(200);
      expect(listed.body).toEqual(expect.arrayContaining([expect.objectContaining({ id: created.body.id, active: false })]));

      const me = await as('pgd.taichinh').get('/me').expect(200);
      expect(me.body.actingFor).toEqual([]);
      const refused = await as('pgd.taichinh').post(`/cases/${pending}/approve`).send({}).expect(403);
      expectProblem(refused, 403, 'forbidden');
      expect(await eventCounts([pending])).toEqual({ [pending]: 1 });
      await revokeAllOfGd();
    });

    it('a delegation ends by itself: one in the past cannot be created, and one that ended yesterday gives no authority', async () => {
      const before = await delegationRows();
      const past = await as('gd.taichinh').post('/delegations').send({ deputy: 'pgd.taichinh', startsOn: vnDay(-5), endsOn: vnDay(-1), reason: 'Đã qua' }).expect(400);
      expectProblem(past, 400, 'validation-failed', { field: 'endsOn' });
      expect(past.body.errors).toEqual([expect.objectContaining({ field: 'endsOn', rule: 'not_in_past' })]);
      expect(await delegationRows()).toBe(before);

      const expiredId = randomUUID();
      await queryRows(stack.db.url, 'INSERT INTO secondment.delegation (id, delegator_id, deputy_id, starts_on, ends_on, reason) VALUES ($1, $2, $3, $4, $5, $6)', [
        expiredId,
        'gd.taichinh',
        'pgd.taichinh',
        vnDay(-10),
        vnDay(-1),
        'Đi công tác (đã kết thúc)',
      ]);
      // Not cc-0001 again: the first test's case of Nguyễn Văn An is still open.
      const pending = await nominate(nextOfficial().id);
      const me = await as('pgd.taichinh').get('/me').expect(200);
      expect(me.body.actingFor).toEqual([]);
      const inbox = await as('pgd.taichinh').get('/inbox').expect(200);
      expect(inbox.body).toEqual([]);
      const refused = await as('pgd.taichinh').post(`/cases/${pending}/approve`).send({}).expect(403);
      expectProblem(refused, 403, 'forbidden');
      expect(await eventCounts([pending])).toEqual({ [pending]: 1 });
      // An ended delegation is no longer listed for either of them.
      for (const user of ['gd.taichinh', 'pgd.taichinh'] as const) {
        const listed = await as(user).get('/delegations').expect(200);
        expect(pluck(listed.body, 'id')).not.toContain(expiredId);
      }

      // The last day is included: one that ends today is still in force.
      const lastDay = await as('gd.taichinh').post('/delegations').send({ deputy: 'pgd.taichinh', startsOn: vnDay(-3), endsOn: vnToday(), reason: 'Hôm nay là ngày cuối' }).expect(201);
      expect(lastDay.body.active).toBe(true);
      const meNow = await as('pgd.taichinh').get('/me').expect(200);
      expect(pluck(meNow.body.actingFor, 'delegationId')).toEqual([lastDay.body.id]);
      await revokeAllOfGd();
    });

    it('refuses delegations from non-approvers and with a bad deputy or range, storing nothing', async () => {
      const before = await delegationRows();
      const body = { deputy: 'pgd.taichinh', startsOn: vnToday(), endsOn: vnDay(5), reason: 'Đi công tác' };
      for (const user of ['hr.taichinh', 'an.nguyenvan', 'pgd.taichinh', 'thanhtra'] as const) {
        const refused = await as(user).post('/delegations').send({ ...body, deputy: 'gd.taichinh' }).expect(403);
        expectProblem(refused, 403, 'forbidden', { rule: 'not_an_approver' });
      }
      const unknown = await as('gd.taichinh').post('/delegations').send({ ...body, deputy: 'khong.ton.tai' }).expect(400);
      expectProblem(unknown, 400, 'validation-failed', { field: 'deputy' });
      expect(unknown.body.errors).toEqual([expect.objectContaining({ field: 'deputy', rule: 'exists' })]);
      const self = await as('gd.taichinh').post('/delegations').send({ ...body, deputy: 'gd.taichinh' }).expect(400);
      expectProblem(self, 400, 'validation-failed', { field: 'deputy' });
      expect(self.body.errors).toEqual([expect.objectContaining({ field: 'deputy', rule: 'not_self' })]);
      const backwards = await as('gd.taichinh').post('/delegations').send({ ...body, startsOn: vnDay(5), endsOn: vnDay(2) }).expect(400);
      expectProblem(backwards, 400, 'validation-failed', { field: 'endsOn' });
      expect(backwards.body.errors).toEqual([expect.objectContaining({ field: 'endsOn', rule: 'not_before_start' })]);
      const malformed = await as('gd.taichinh').post('/delegations').send({ ...body, endsOn: '2026-02-30' }).expect(400);
      expectProblem(malformed, 400, 'validation-failed', { field: 'endsOn' });
      expect(await delegationRows()).toBe(before);
    });
  });

  // ===========================================================================================
  describe('batch nomination', () => {
    it('nominates 30 officials in one request: one case and one CaseProposed event each', async () => {
      const before = await totals();
      const response = await as('hr.taichinh')
        .post('/batch/nominations')
        .send({ nominations: EXTRA_OFFICIALS.map((o) => nomination(o.id)) })
        .expect(200);
      expect(response.body.done).toBe(30);
      expect(response.body.refused).toBe(0);
      const results = response.body.results as { index: number; caseId: string; status: string; stage: string; version: number }[];
      expect(results).toHaveLength(30);
      results.forEach((result, i) => expect(result).toMatchObject({ index: i, status: 'done', stage: 'department_review', version: 1, caseId: expect.stringMatching(/^HS-\d{4}-[0-9A-Z]{8}$/) }));
      const caseIds = results.map((r) => r.caseId);
      expect(new Set(caseIds).size).toBe(30);

      const summaries = await queryRows<{ case_id: string; official_id: string; official_name: string; stage: string; proposer_id: string }>(
        stack.db.url,
        'SELECT case_id, official_id, official_name, stage, proposer_id FROM secondment.case_summary WHERE case_id = ANY($1::text[])',
        [caseIds],
      );
      expect(summaries).toHaveLength(30);
      for (const [i, caseId] of caseIds.entries()) {
        expect(summaries.find((s) => s.case_id === caseId)).toEqual({
          case_id: caseId,
          official_id: EXTRA_OFFICIALS[i].id,
          official_name: EXTRA_OFFICIALS[i].name,
          stage: 'department_review',
          proposer_id: 'hr.taichinh',
        });
      }
      const stored = await events(caseIds);
      expect(stored).toHaveLength(30);
      for (const event of stored) {
        expect(event).toMatchObject({ version: 1, type: 'CaseProposed', actor: { id: 'hr.taichinh', role: 'hr_officer' } });
      }
      const after = await totals();
      expect(after).toEqual({ cases: before.cases + 30, events: before.events + 30 });

      // The head's inbox holds them all.
      const inbox = await as('gd.taichinh').get('/inbox').expect(200);
      expect(pluck(inbox.body, 'caseId')).toEqual(expect.arrayContaining(caseIds));
    });

    it('by default one unknown official refuses the whole batch: every item’s status, and no case anywhere', async () => {
      const before = await totals();
      const nominations = MORE_OFFICIALS.slice(0, 5).map((o) => nomination(o.id));
      nominations.splice(2, 0, nomination('cc-khong-co'));
      const refused = await as('hr.taichinh').post('/batch/nominations').send({ nominations }).expect(422);
      expect(refused.headers['content-type']).toMatch(/^application\/problem\+json/);
      expectProblem(refused, 422, 'batch-refused', { rule: 'batch_refused' });
      const results = refused.body.results as { index: number; caseId: string; status: string; problem?: Record<string, unknown> }[];
      expect(results).toHaveLength(6);
      expect(results.map((r) => r.status)).toEqual(['not_attempted', 'not_attempted', 'refused', 'not_attempted', 'not_attempted', 'not_attempted']);
      expect(results.map((r) => r.index)).toEqual([0, 1, 2, 3, 4, 5]);
      results.filter((r) => r.status === 'not_attempted').forEach((r) => expect(r.problem).toBeUndefined());
      expect(results[2].problem).toMatchObject({ type: '/problems/validation-failed', status: 400, field: 'nominations[2].officialId' });
      expect(results[2].problem!.rule).toBe('exists');

      expect(await totals()).toEqual(before);
      const stored = await queryRows(stack.db.url, 'SELECT case_id FROM secondment.case_summary WHERE case_id = ANY($1::text[])', [results.map((r) => r.caseId)]);
      expect(stored).toEqual([]);
      await Promise.all(results.map((r) => as('hr.taichinh').get(`/cases/${r.caseId}`).expect(404)));
    });

    it('by default one official named twice refuses the whole batch', async () => {
      const before = await totals();
      const ids = [MORE_OFFICIALS[0].id, MORE_OFFICIALS[1].id, MORE_OFFICIALS[0].id];
      const refused = await as('hr.taichinh').post('/batch/nominations').send({ nominations: ids.map((id) => nomination(id)) }).expect(422);
      expectProblem(refused, 422, 'batch-refused');
      const results = refused.body.results as { index: number; status: string; problem?: Record<string, unknown> }[];
      expect(results.map((r) => [r.index, r.status])).toEqual([
        [0, 'not_attempted'],
        [1, 'not_attempted'],
        [2, 'refused'],
      ]);
      expect(results[2].problem).toMatchObject({ type: '/problems/validation-failed', status: 400, rule: 'duplicate_in_batch', field: 'nominations[2].officialId' });
      expect(await totals()).toEqual(before);
    });

    it('with proceedWithoutRefused the good nominations are started and the bad ones refused', async () => {
      const before = await totals();
      const nominations = [
        nomination(MORE_OFFICIALS[0].id),
        nomination('cc-khong-co'),
        nomination(MORE_OFFICIALS[1].id),
        nomination(MORE_OFFICIALS[0].id),
        nomination('cc-0005'), // of another department
        nomination(MORE_OFFICIALS[2].id),
      ];
      const response = await as('hr.taichinh').post('/batch/nominations').send({ nominations, proceedWithoutRefused: true }).expect(200);
      expect(response.body).toMatchObject({ done: 3, refused: 3 });
      const results = response.body.results as { index: number; caseId: string; status: string; problem?: Record<string, unknown> }[];
      expect(results.map((r) => r.status)).toEqual(['done', 'refused', 'done', 'refused', 'refused', 'done']);
      expect(results[1].problem).toMatchObject({ status: 400, rule: 'exists', field: 'nominations[1].officialId' });
      expect(results[3].problem).toMatchObject({ status: 400, rule: 'duplicate_in_batch', field: 'nominations[3].officialId' });
      expect(results[4].problem).toMatchObject({ status: 400, rule: 'in_sending_unit', field: 'nominations[4].officialId' });

      const done = results.filter((r) => r.status === 'done').map((r) => r.caseId);
      const refusedIds = results.filter((r) => r.status === 'refused').map((r) => r.caseId);
      const summaries = await queryRows<{ case_id: string; official_id: string }>(stack.db.url, 'SELECT case_id, official_id FROM secondment.case_summary WHERE case_id = ANY($1::text[]) ORDER BY official_id', [
        [...done, ...refusedIds],
      ]);
      expect(summaries.map((s) => s.official_id)).toEqual([MORE_OFFICIALS[0].id, MORE_OFFICIALS[1].id, MORE_OFFICIALS[2].id]);
      expect((await events(done)).map((e) => e.type)).toEqual(['CaseProposed', 'CaseProposed', 'CaseProposed']);
      expect(await totals()).toEqual({ cases: before.cases + 3, events: before.events + 3 });
    });

    it('refuses a malformed batch with the path of the field', async () => {
      const before = await totals();
      const bad = await as('hr.taichinh')
        .post('/batch/nominations')
        .send({ nominations: [nomination(MORE_OFFICIALS[3].id), nomination(MORE_OFFICIALS[4].id, { plannedStart: 'ngày mai' })] })
        .expect(400);
      expectProblem(bad, 400, 'validation-failed');
      expect(bad.body.errors).toEqual(expect.arrayContaining([expect.objectContaining({ field: 'nominations[1].plannedStart' })]));
      expectProblem(await as('hr.taichinh').post('/batch/nominations').send({ nominations: [] }).expect(400), 400, 'validation-failed', { field: 'nominations' });
      expect(await totals()).toEqual(before);
    });
  });

  // ===========================================================================================
  describe('batch approve', () => {
    let good: string[];
    let atAppraisal: string;
    let returned: string;
    let otherDepartment: string;

    beforeAll(async () => {
      const batch = await as('hr.taichinh')
        .post('/batch/nominations')
        .send({ nominations: MORE_OFFICIALS.slice(5, 13).map((o) => nomination(o.id)) })
        .expect(200);
      expect(batch.body.done).toBe(8);
      good = (batch.body.results as { caseId: string }[]).map((r) => r.caseId);
      atAppraisal = await nominate(MORE_OFFICIALS[13].id);
      returned = await nominate(MORE_OFFICIALS[19].id);
      await Promise.all([
        as('gd.taichinh').post(`/cases/${atAppraisal}/approve`).send({}).expect(200),
        as('gd.taichinh').post(`/cases/${returned}/return-for-changes`).send({ reason: 'Bổ sung văn bản thống nhất' }).expect(200),
      ]);
      otherDepartment = await nominate('cc-0005', 'hr.nnmt');
    });

    it('one case at the wrong stage refuses the batch (409 in its problem) and changes nothing', async () => {
      const all = [...good, returned];
      const before = await eventCounts(all);
      const refused = await as('gd.taichinh').post('/batch/approve').send({ caseIds: all, comment: 'Đồng ý theo danh sách' }).expect(422);
      expectProblem(refused, 422, 'batch-refused', { rule: 'batch_refused' });
      const results = refused.body.results as { caseId: string; status: string; problem?: Record<string, unknown> }[];
      expect(results.map((r) => r.caseId)).toEqual(all);
      expect(results.slice(0, good.length).every((r) => r.status === 'not_attempted' && r.problem === undefined)).toBe(true);
      expect(results[good.length]).toMatchObject({ caseId: returned, status: 'refused', problem: { type: '/problems/wrong-stage', status: 409, stage: 'proposed' } });
      expect(await eventCounts(all)).toEqual(before);
      const stages = await queryRows<{ stage: string }>(stack.db.url, 'SELECT DISTINCT stage FROM secondment.case_summary WHERE case_id = ANY($1::text[])', [good]);
      expect(stages).toEqual([{ stage: 'department_review' }]);
    });

    it('one case out of scope (another department), at another reviewer’s step, or unknown refuses the batch (403 / 404 in its problem)', async () => {
      const missing = 'HS-2026-ZZZZZZZZ';
      const all = [good[0], otherDepartment, good[1], missing, atAppraisal];
      const before = await eventCounts(all);
      const refused = await as('gd.taichinh').post('/batch/approve').send({ caseIds: all }).expect(422);
      const results = refused.body.results as { caseId: string; status: string; problem?: Record<string, unknown> }[];
      expect(results.map((r) => [r.caseId, r.status])).toEqual([
        [good[0], 'not_attempted'],
        [otherDepartment, 'refused'],
        [good[1], 'not_attempted'],
        [missing, 'refused'],
        [atAppraisal, 'refused'],
      ]);
      expect(results[1].problem).toMatchObject({ type: '/problems/forbidden', status: 403, rule: 'out_of_scope' });
      expect(results[3].problem).toMatchObject({ type: '/problems/not-found', status: 404 });
      // The appraisal is Home Affairs' step: the head is not authorised there.
      expect(results[4].problem).toMatchObject({ type: '/problems/forbidden', status: 403, rule: 'not_authorised' });
      expect(await eventCounts(all)).toEqual(before);
    });

    it('the reasons inside a refused batch speak the caller’s language, like every other problem', async () => {
      const caseIds = [good[0], otherDepartment];
      const before = await eventCounts(caseIds);
      const vi = await as('gd.taichinh').post('/batch/approve').send({ caseIds }).expect(422);
      expect(vi.body.title).toBe('Danh sách có hồ sơ không thực hiện được');
      const viProblem = (vi.body.results as { problem?: Record<string, unknown> }[])[1].problem!;
      expect(viProblem).toMatchObject({ status: 403, rule: 'out_of_scope', title: 'Không có quyền', detail: `Hồ sơ ${otherDepartment} không thuộc phạm vi của bạn.` });

      const en = await as('gd.taichinh').post('/batch/approve').set('Accept-Language', 'en').send({ caseIds }).expect(422);
      expect(en.body.title).toBe('Some cases of the batch are refused');
      const enProblem = (en.body.results as { problem?: Record<string, unknown> }[])[1].problem!;
      expect(enProblem).toMatchObject({ status: 403, rule: 'out_of_scope', title: 'Not allowed', detail: `Case ${otherDepartment} is outside your scope.` });
      expect(await eventCounts(caseIds)).toEqual(before);
    });

    it('refuses a malformed batch (a case named twice, no cases) before looking at any case', async () => {
      const before = await eventCounts(good);
      const twice = await as('gd.taichinh').post('/batch/approve').send({ caseIds: [good[0], good[1], good[0]] }).expect(400);
      expectProblem(twice, 400, 'validation-failed', { field: 'caseIds' });
      expect(twice.body.errors).toEqual([expect.objectContaining({ field: 'caseIds', rule: 'arrayUnique' })]);
      expectProblem(await as('gd.taichinh').post('/batch/approve').send({ caseIds: [] }).expect(400), 400, 'validation-failed', { field: 'caseIds' });
      expect(await eventCounts(good)).toEqual(before);
    });

    it('with proceedWithoutRefused the good cases are approved, each with its own StageApproved event', async () => {
      const bad = [returned, otherDepartment];
      const badBefore = await eventCounts(bad);
      const response = await as('gd.taichinh')
        .post('/batch/approve')
        .send({ caseIds: [...good.slice(0, 6), ...bad], comment: 'Đồng ý theo danh sách', proceedWithoutRefused: true })
        .expect(200);
      expect(response.body).toMatchObject({ done: 6, refused: 2 });
      const results = response.body.results as { caseId: string; status: string; stage?: string; version?: number; problem?: Record<string, unknown> }[];
      for (const result of results.slice(0, 6)) expect(result).toMatchObject({ status: 'done', stage: 'home_affairs_appraisal', version: 2 });
      expect(results[6]).toMatchObject({ caseId: returned, status: 'refused', problem: { status: 409, stage: 'proposed' } });
      expect(results[7]).toMatchObject({ caseId: otherDepartment, status: 'refused', problem: { status: 403 } });

      const stored = await events(good.slice(0, 6));
      for (const caseId of good.slice(0, 6)) {
        const approvals = stored.filter((e) => e.case_id === caseId && e.type === 'StageApproved');
        expect(approvals).toHaveLength(1);
        expect(approvals[0]).toMatchObject({ version: 2, actor: { id: 'gd.taichinh', role: 'department_head' }, payload: { stage: 'department_review', comment: 'Đồng ý theo danh sách' } });
      }
      expect(await eventCounts(bad)).toEqual(badBefore);
    });

    it('a deputy approves a batch under the delegation, each event naming both people', async () => {
      const created = await as('gd.taichinh').post('/delegations').send({ deputy: 'pgd.taichinh', startsOn: vnToday(), endsOn: vnDay(3), reason: 'Họp tại tỉnh' }).expect(201);
      try {
        const response = await as('pgd.taichinh').post('/batch/approve').send({ caseIds: good.slice(6) }).expect(200);
        expect(response.body).toMatchObject({ done: 2, refused: 0 });
        const approvals = (await events(good.slice(6))).filter((e) => e.type === 'StageApproved');
        expect(approvals).toHaveLength(2);
        for (const approval of approvals) expect(approval.actor).toMatchObject({ id: 'pgd.taichinh', role: 'department_head', unitId: 'so-tai-chinh', onBehalfOf: GD });
      } finally {
        await as('gd.taichinh').delete(`/delegations/${created.body.id}`).expect(200);
      }
    });
  });

  // ===========================================================================================
  describe('batch issue-decision', () => {
    let ready: string[];
    let notReady: string;
    let attachments: DecisionAttachment[];

    const decision = () => decisionBody({ decisionNumber: '2468/QĐ-UBND', decisionDate: vnToday(), effectiveDate: vnDay(30), attachments });

    beforeAll(async () => {
      // Four cases walked to awaiting_decision, concurrently.
      const batch = await as('hr.taichinh')
        .post('/batch/nominations')
        .send({ nominations: MORE_OFFICIALS.slice(14, 18).map((o) => nomination(o.id)) })
        .expect(200);
      ready = (batch.body.results as { caseId: string }[]).map((r) => r.caseId);
      expect((await as('gd.taichinh').post('/batch/approve').send({ caseIds: ready }).expect(200)).body.done).toBe(4);
      expect((await as('snv.thamdinh').post('/batch/approve').send({ caseIds: ready }).expect(200)).body.done).toBe(4);
      const opinions = await Promise.all(
        ready.map((caseId, i) =>
          as('vp.tinhuy')
            .post(`/cases/${caseId}/record-party-opinion`)
            .send(partyOpinionBody(`${130 + i}-TB/TU`))
            .expect(200),
        ),
      );
      expect(opinions.map((o) => (o.body as { stage: string }).stage)).toEqual(['awaiting_decision', 'awaiting_decision', 'awaiting_decision', 'awaiting_decision']);
      notReady = await nominate(MORE_OFFICIALS[18].id);

      // The dossier uploaded once, reused for every case.
      attachments = (await uploadDossier(as('snv.quyetdinh'), 'lo')).attachments;
    });

    it('one case not awaiting the decision refuses the batch and nothing is decided', async () => {
      const all = [...ready, notReady];
      const before = await eventCounts(all);
      const refused = await as('snv.quyetdinh').post('/batch/issue-decision').send({ ...decision(), caseIds: all }).expect(422);
      expectProblem(refused, 422, 'batch-refused');
      const results = refused.body.results as { caseId: string; status: string; problem?: Record<string, unknown> }[];
      expect(results.map((r) => r.status)).toEqual(['not_attempted', 'not_attempted', 'not_attempted', 'not_attempted', 'refused']);
      expect(results[4].problem).toMatchObject({ type: '/problems/wrong-stage', status: 409, stage: 'department_review' });
      expect(await eventCounts(all)).toEqual(before);
    });

    it('records one decision number for several cases, one DecisionIssued each; the Idempotency-Key retry replays it with no new events', async () => {
      const key = `batch-decision-${randomUUID()}`;
      const body = { ...decision(), caseIds: ready };
      const first = await as('snv.quyetdinh').post('/batch/issue-decision').set('Idempotency-Key', key).send(body).expect(200);
      expect(first.headers['idempotent-replayed']).toBeUndefined();
      expect(first.body).toMatchObject({ done: 4, refused: 0 });
      expect((first.body.results as { caseId: string }[]).map((r) => r.caseId)).toEqual(ready);
      for (const result of first.body.results as unknown[]) expect(result).toMatchObject({ status: 'done', stage: 'decision_issued' });

      const stored = await events(ready);
      const decisions = stored.filter((e) => e.type === 'DecisionIssued');
      expect(decisions).toHaveLength(4);
      expect(new Set(decisions.map((e) => e.case_id))).toEqual(new Set(ready));
      for (const event of decisions) {
        expect(event.actor).toMatchObject({ id: 'snv.quyetdinh', role: 'home_affairs_officer' });
        expect(event.payload).toMatchObject({ decisionNumber: '2468/QĐ-UBND', decisionDate: vnToday(), effectiveDate: vnDay(30), attachments: expect.arrayContaining([expect.objectContaining({ documentId: attachments[0].documentId })]) });
      }
      const summaries = await queryRows<{ decision_number: string; stage: string }>(stack.db.url, 'SELECT DISTINCT decision_number, stage FROM secondment.case_summary WHERE case_id = ANY($1::text[])', [ready]);
      expect(summaries).toEqual([{ decision_number: '2468/QĐ-UBND', stage: 'decision_issued' }]);
      const countsAfter = await eventCounts(ready);

      const retry = await as('snv.quyetdinh').post('/batch/issue-decision').set('Idempotency-Key', key).send(body).expect(200);
      expect(retry.headers['idempotent-replayed']).toBe('true');
      expect(retry.body).toEqual(first.body);
      expect(await eventCounts(ready)).toEqual(countsAfter);

      // The same key for a different request is refused.
      const reused = await as('snv.quyetdinh')
        .post('/batch/issue-decision')
        .set('Idempotency-Key', key)
        .send({ ...body, decisionNumber: '2469/QĐ-UBND' })
        .expect(422);
      expectProblem(reused, 422, 'idempotency-key-reused');
      expect(await eventCounts(ready)).toEqual(countsAfter);

      // The cases show the decision.
      const details = await Promise.all(ready.map((caseId) => as('snv.quyetdinh').get(`/cases/${caseId}`).expect(200)));
      for (const detail of details) expect(detail.body).toMatchObject({ stage: 'decision_issued', decisionNumber: '2468/QĐ-UBND', effectiveDate: vnDay(30) });
    });
  });
});
