import request from 'supertest';
import { type RunningApi, type RunningWorker, startApi, startWorker } from '../support/apps';
import { queryRows, eventAndCaseCounts } from '../support/database';
import { type ApiClient, type ApiStack, expectProblem, login, NON_EMPTY, pdf, signIn, startApiStack, vnDay, vnToday } from '../support/api-client';
import { act, decisionBody, newCase, nominate as nominateCase, nominationBody, uploadDocument } from '../support/case-walk';

/**
 * Everything the API refuses, through the real HTTP API, worker, PostgreSQL and Temporal dev
 * server: every refusal is problem+json with both languages and the extension that says why, and
 * a refused change leaves no event behind. Then Idempotency-Key (replays, reuse, concurrency,
 * retries after a refusal), two conflicting actions racing on one case, and the 503 when the
 * workflow does not answer in time (last: it stops the stack's worker).
 */
describe('cases API: refusals, idempotency, races and timeouts', () => {
  let stack: ApiStack;
  let api: ApiClient;
  /** Started by the timeout test; stopped in afterAll if it is still running. */
  let extraApi: RunningApi | undefined;
  let replacementWorker: RunningWorker | undefined;

  beforeAll(async () => {
    stack = await startApiStack('cases-refusals');
    // The timeout test stops the stack's worker itself; stack.close() stops it again. Make stop idempotent.
    const worker = stack.worker;
    const stop = worker.stop;
    let stopping: Promise<void> | undefined;
    worker.stop = () => (stopping ??= stop());
    api = await signIn(stack.api.url);
  });

  afterAll(async () => {
    await extraApi?.close().catch(() => undefined);
    await replacementWorker?.stop();
    await stack?.close();
  });

  const as = (user: string, url?: string) => api.as(user, url);

  /** The fields named by a validation problem's errors. */
  function errorFields(response: request.Response): string[] {
    return (response.body as { errors?: { field: string }[] }).errors?.map((e) => e.field) ?? [];
  }

  interface EventRow {
    version: number;
    type: string;
    actor_id: string;
    request_id: string | null;
  }

  async function eventsOf(caseId: string): Promise<EventRow[]> {
    return queryRows<EventRow>(
      stack.db.url,
      `SELECT version, type, actor->>'id' AS actor_id, request_id FROM secondment.domain_event WHERE case_id = $1 ORDER BY version`,
      [caseId],
    );
  }

  const counts = () => eventAndCaseCounts(stack.db.url);

  /** Runs a refused request and proves the case's event stream did not change. */
  async function refusedOn(caseId: string, send: () => Promise<request.Response>): Promise<request.Response> {
    const before = await eventsOf(caseId);
    expect(before.length).toBeGreaterThan(0);
    const response = await send();
    expect(await eventsOf(caseId)).toEqual(before);
    return response;
  }

  /** Runs a refused request that would have created a case and proves no case and no event appeared. */
  async function refusedCreation(send: () => Promise<request.Response>): Promise<request.Response> {
    const before = await counts();
    const response = await send();
    expect(await counts()).toEqual(before);
    return response;
  }

  /** Given: a secondment of a fresh fixture official (nominationBody with `overrides`) at department review. */
  const nominate = (overrides: Record<string, unknown> = {}, by = 'hr.taichinh') => nominateCase(api, overrides, by);

  /** An approval that must be taken, leaving the case at `stage`. */
  const approve = (caseId: string, by: string, stage: string) => act(api, by, caseId, 'approve', {}, stage);

  /** Given: a secondment of a fresh fixture official at Home Affairs appraisal. */
  const atAppraisal = (overrides: Record<string, unknown> = {}, by = 'hr.taichinh') => newCase(api, 'home_affairs_appraisal', { nomination: overrides, proposer: by });

  /** Given: a secondment waiting for its decision. */
  const awaitingDecision = () => newCase(api, 'awaiting_decision');

  // -------------------------------------------------------------------------------------------
  describe('400: the request is not valid', () => {
    it('refuses an unknown field in a body, naming it', async () => {
      const caseId = await nominate();
      const response = await refusedOn(caseId, () => as('gd.taichinh').post(`/cases/${caseId}/approve`).send({ comment: 'x', extra: 1 }));
      expectProblem(response, 400, 'validation-failed', { field: 'extra', instance: `/api/v1/cases/${caseId}/approve` });
      expect(response.body.errors).toEqual([expect.objectContaining({ field: 'extra', rule: 'unknown-field', message: NON_EMPTY })]);
    });

    it('refuses a date that is not on the calendar, naming the date field', async () => {
      const nomination = await refusedCreation(() => as('hr.taichinh').post('/cases').send(nominationBody({ plannedStart: '2026-02-30' })));
      expectProblem(nomination, 400, 'validation-failed', { field: 'plannedStart' });
      expect(nomination.body.errors).toEqual([expect.objectContaining({ field: 'plannedStart', rule: 'localDate' })]);

      const caseId = await awaitingDecision();
      const decision = await refusedOn(caseId, () =>
        as('snv.quyetdinh')
          .post(`/cases/${caseId}/issue-decision`)
          .send(decisionBody({ decisionNumber: '1/QĐ-UBND', decisionDate: '2026-02-30', effectiveDate: vnToday(), attachments: [] })),
      );
      expectProblem(decision, 400, 'validation-failed', { field: 'decisionDate' });
      expect(decision.body.errors).toEqual([expect.objectContaining({ field: 'decisionDate', rule: 'localDate' })]);
    });

    it('refuses a missing required field, naming it', async () => {
      const { reason: _reason, ...withoutReason } = nominationBody();
      const nomination = await refusedCreation(() => as('hr.taichinh').post('/cases').send(withoutReason));
      expectProblem(nomination, 400, 'validation-failed', { field: 'reason' });
      const fields = errorFields(nomination);
      expect(fields.length).toBeGreaterThan(0);
      expect(new Set(fields)).toEqual(new Set(['reason']));

      const caseId = await nominate();
      const rejection = await refusedOn(caseId, () => as('gd.taichinh').post(`/cases/${caseId}/reject`).send({}));
      expectProblem(rejection, 400, 'validation-failed', { field: 'reason' });
      expect(rejection.body.errors).toEqual(expect.arrayContaining([expect.objectContaining({ field: 'reason' })]));
    });

    it('refuses a form that is not one of the four', async () => {
      const response = await refusedCreation(() => as('hr.taichinh').post('/cases').send(nominationBody({ form: 'vacation' })));
      expectProblem(response, 400, 'validation-failed', { field: 'form' });
      expect(response.body.errors).toEqual([expect.objectContaining({ field: 'form', rule: 'isIn' })]);
    });

    it('refuses an official or a receiving unit that does not exist, naming the field', async () => {
      const official = await refusedCreation(() => as('hr.taichinh').post('/cases').send(nominationBody({ officialId: 'cc-9999' })));
      expectProblem(official, 400, 'validation-failed', { field: 'officialId', rule: 'exists' });
      expect(official.body.errors).toEqual([expect.objectContaining({ field: 'officialId', rule: 'exists' })]);

      const unit = await refusedCreation(() => as('hr.taichinh').post('/cases').send(nominationBody({ receivingUnitId: 'xa-khong-co' })));
      expectProblem(unit, 400, 'validation-failed', { field: 'receivingUnitId', rule: 'exists' });
      expect(unit.body.errors).toEqual([expect.objectContaining({ field: 'receivingUnitId', rule: 'exists' })]);
    });

    it('refuses an official who does not belong to the sending unit', async () => {
      // cc-0005 works at so-nong-nghiep-moi-truong; hr.taichinh sends from so-tai-chinh.
      const response = await refusedCreation(() => as('hr.taichinh').post('/cases').send(nominationBody({ officialId: 'cc-0005' })));
      expectProblem(response, 400, 'validation-failed', { field: 'officialId', rule: 'in_sending_unit' });
      expect(response.body.errors).toEqual([expect.objectContaining({ field: 'officialId', rule: 'in_sending_unit' })]);
    });

    it('refuses bad query parameters on the case list, naming each', async () => {
      for (const [query, field] of [
        ['pageSize=0', 'pageSize'],
        ['pageSize=501', 'pageSize'],
        ['page=abc', 'page'],
        ['stage=nonsense', 'stage'],
        ['form=vacation', 'form'],
        ['sort=bogus', 'sort'],
        ['termEndsBefore=2026-13-01', 'termEndsBefore'],
        ['open=maybe', 'open'],
      ] as const) {
        const response = await as('snv.thamdinh').get(`/cases?${query}`);
        expectProblem(response, 400, 'validation-failed', { field });
        const fields = errorFields(response);
        expect(fields.length).toBeGreaterThan(0);
        expect(new Set(fields)).toEqual(new Set([field]));
      }
      // The same list with good parameters is fine.
      const fine = await as('snv.thamdinh').get('/cases?pageSize=1&stage=department_review&sort=-proposedAt').expect(200);
      expect(fine.body.items.length).toBeLessThanOrEqual(1);
    });

    it('refuses an Idempotency-Key that is not 1 to 200 visible ASCII characters', async () => {
      const caseId = await nominate();
      for (const key of ['two words', 'k'.repeat(201), 'khóa']) {
        const response = await refusedOn(caseId, () => as('gd.taichinh').post(`/cases/${caseId}/approve`).set('Idempotency-Key', key).send({}));
        expectProblem(response, 400, 'validation-failed', { field: 'Idempotency-Key' });
        expect(response.body.errors).toEqual([expect.objectContaining({ field: 'Idempotency-Key' })]);
      }
      const nomination = await refusedCreation(() => as('hr.taichinh').post('/cases').set('Idempotency-Key', 'a b').send(nominationBody()));
      expectProblem(nomination, 400, 'validation-failed', { field: 'Idempotency-Key' });
    });
  });

  // -------------------------------------------------------------------------------------------
  describe('401: not signed in', () => {
    it('refuses a request without Authorization, with WWW-Authenticate', async () => {
      const caseId = await nominate();
      const response = await refusedOn(caseId, () => request(stack.api.url).post(`/api/v1/cases/${caseId}/approve`).send({}));
      expectProblem(response, 401, 'unauthenticated');
      expect(response.headers['www-authenticate']).toMatch(/^Bearer\b/);
      const read = await request(stack.api.url).get(`/api/v1/cases/${caseId}`);
      expectProblem(read, 401, 'unauthenticated');
      expect(read.headers['www-authenticate']).toMatch(/^Bearer\b/);
    });

    it('refuses a malformed Authorization header', async () => {
      const caseId = await nominate();
      for (const header of ['Bearer', 'Bearer short', `Basic ${Buffer.from('gd.taichinh:Demo@2026').toString('base64')}`, `Bearer ${api.tokens['gd.taichinh']} extra`, api.tokens['gd.taichinh']]) {
        const response = await refusedOn(caseId, () => request(stack.api.url).post(`/api/v1/cases/${caseId}/approve`).set('Authorization', header).send({}));
        expectProblem(response, 401, 'unauthenticated');
        expect(response.headers['www-authenticate']).toMatch(/^Bearer\b/);
      }
    });

    it('refuses a token once its session is logged out', async () => {
      const caseId = await nominate();
      const token = await login(stack.api.url, 'gd.taichinh');
      await request(stack.api.url).get('/api/v1/me').set('Authorization', `Bearer ${token}`).expect(200);
      const logout = await request(stack.api.url).post('/api/v1/auth/logout').set('Authorization', `Bearer ${token}`).expect(200);
      expect(logout.body).toEqual({ sessionsEnded: 1 });
      const response = await refusedOn(caseId, () => request(stack.api.url).post(`/api/v1/cases/${caseId}/approve`).set('Authorization', `Bearer ${token}`).send({}));
      expectProblem(response, 401, 'unauthenticated');
      expect(response.headers['www-authenticate']).toMatch(/^Bearer\b/);
      // The other sessions of the account still work.
      await as('gd.taichinh').get(`/cases/${caseId}`).expect(200);
    });

    it('refuses a wrong password and an unknown username with the same 401', async () => {
      const wrong = await request(stack.api.url).post('/api/v1/auth/login').send({ username: 'gd.taichinh', password: 'Sai@2026' });
      expectProblem(wrong, 401, 'unauthenticated');
      expect(wrong.headers['www-authenticate']).toMatch(/^Bearer\b/);
      expect(wrong.body.token).toBeUndefined();
      const unknown = await request(stack.api.url).post('/api/v1/auth/login').send({ username: 'khong.co.ai', password: 'Demo@2026' });
      expectProblem(unknown, 401, 'unauthenticated');
      expect(unknown.headers['www-authenticate']).toMatch(/^Bearer\b/);
      // Nothing tells the two apart.
      const { instance: _a, ...wrongBody } = wrong.body;
      const { instance: _b, ...unknownBody } = unknown.body;
      expect(unknownBody).toEqual(wrongBody);
    });
  });

  // -------------------------------------------------------------------------------------------
  describe('403: not allowed', () => {
    it('refuses the head of another department (out of scope)', async () => {
      const caseId = await nominate();
      const response = await refusedOn(caseId, () => as('gd.nnmt').post(`/cases/${caseId}/approve`).send({}));
      expectProblem(response, 403, 'forbidden', { rule: 'out_of_scope' });
    });

    it('refuses HR approving at department review (not authorised)', async () => {
      const caseId = await nominate();
      const response = await refusedOn(caseId, () => as('hr.taichinh').post(`/cases/${caseId}/approve`).send({}));
      expectProblem(response, 403, 'forbidden', { rule: 'not_authorised' });
    });

    it('refuses the official acting on their own case', async () => {
      const caseId = await nominate({ officialId: 'cc-0001' });
      // an.nguyenvan is cc-0001: the case is theirs to read, not to act on.
      await as('an.nguyenvan').get(`/cases/${caseId}`).expect(200);
      const response = await refusedOn(caseId, () => as('an.nguyenvan').post(`/cases/${caseId}/approve`).send({}));
      expectProblem(response, 403, 'forbidden', { rule: 'own_case' });
      const withdrawal = await refusedOn(caseId, () => as('an.nguyenvan').post(`/cases/${caseId}/withdraw`).send({ reason: 'Tôi không muốn đi' }));
      expectProblem(withdrawal, 403, 'forbidden', { rule: 'own_case' });
    });

    it('refuses the auditor acting (read only)', async () => {
      const caseId = await nominate();
      const detail = await as('thanhtra').get(`/cases/${caseId}`).expect(200);
      expect(detail.body.actions).toEqual([]);
      const approval = await refusedOn(caseId, () => as('thanhtra').post(`/cases/${caseId}/approve`).send({}));
      expectProblem(approval, 403, 'forbidden', { rule: 'not_authorised' });
      const withdrawal = await refusedOn(caseId, () => as('thanhtra').post(`/cases/${caseId}/withdraw`).send({ reason: 'Kiểm tra' }));
      expectProblem(withdrawal, 403, 'forbidden', { rule: 'not_authorised' });
      const nomination = await refusedCreation(() => as('thanhtra').post('/cases').send(nominationBody({ sendingUnitId: 'so-tai-chinh' })));
      expectProblem(nomination, 403, 'forbidden', { rule: 'not_authorised' });
    });
  });

  // -------------------------------------------------------------------------------------------
  describe('404: not found', () => {
    it('answers 404 for an unknown case, on a read and on an action', async () => {
      const unknown = 'HS-2026-ZZZZZZZZ';
      const read = await as('snv.thamdinh').get(`/cases/${unknown}`);
      expectProblem(read, 404, 'not-found', { instance: `/api/v1/cases/${unknown}` });
      const before = await counts();
      const action = await as('snv.thamdinh').post(`/cases/${unknown}/approve`).send({});
      expectProblem(action, 404, 'not-found');
      expect(await counts()).toEqual(before);
      expect(await eventsOf(unknown)).toEqual([]);
    });

    it('answers 404 for an unknown document', async () => {
      const missing = await as('hr.taichinh').get(`/documents/sha256:${'0'.repeat(64)}`);
      expectProblem(missing, 404, 'not-found');
      const malformed = await as('hr.taichinh').get('/documents/not-a-document');
      expectProblem(malformed, 404, 'not-found');
    });
  });

  // -------------------------------------------------------------------------------------------
  describe('409: the case is not at a stage that allows the action', () => {
    it('refuses confirm-arrival at department review, naming the current stage', async () => {
      const caseId = await nominate();
      const response = await refusedOn(caseId, () => as('ct.cubao').post(`/cases/${caseId}/confirm-arrival`).send({ arrivedOn: vnToday() }));
      expectProblem(response, 409, 'wrong-stage', { stage: 'department_review' });
    });

    it('refuses any action on a closed case, naming the stage closed', async () => {
      const caseId = await nominate();
      const rejected = await as('gd.taichinh').post(`/cases/${caseId}/reject`).send({ reason: 'Sở đang thiếu người' });
      expect({ status: rejected.status, stage: rejected.body.stage }).toEqual({ status: 200, stage: 'closed' });
      const approval = await refusedOn(caseId, () => as('gd.taichinh').post(`/cases/${caseId}/approve`).send({}));
      expectProblem(approval, 409, 'wrong-stage', { stage: 'closed' });
      const withdrawal = await refusedOn(caseId, () => as('hr.taichinh').post(`/cases/${caseId}/withdraw`).send({ reason: 'Rút' }));
      expectProblem(withdrawal, 409, 'wrong-stage', { stage: 'closed' });
    });
  });

  // -------------------------------------------------------------------------------------------
  describe('422: a legal rule refuses the action', () => {
    it('refuses a Home Affairs officer approving the case they proposed (separation of duties)', async () => {
      const caseId = await atAppraisal({ sendingUnitId: 'so-tai-chinh' }, 'snv.thamdinh');
      const response = await refusedOn(caseId, () => as('snv.thamdinh').post(`/cases/${caseId}/approve`).send({}));
      expectProblem(response, 422, 'rule-violated', { rule: 'separation_of_duties', legalBasis: NON_EMPTY });
      // Another officer may.
      await approve(caseId, 'snv.quyetdinh', 'party_committee_approval');
    });

    it('refuses a secondment longer than the cap without a specific legal basis', async () => {
      const response = await refusedCreation(() => as('hr.taichinh').post('/cases').send(nominationBody({ term: { months: 40 } })));
      expectProblem(response, 422, 'rule-violated', { rule: 'secondment_term_cap', legalBasis: NON_EMPTY, field: 'term' });
      // With a specific legal basis the same term is accepted.
      const caseId = await nominate({ term: { months: 40 }, legalBasisOverride: 'Luật Thanh tra 2022, Điều 30' });
      expect(caseId).toMatch(/^HS-\d{4}-[0-9A-Z]{8}$/);
    });

    it('refuses a decision without the required dossier', async () => {
      const caseId = await awaitingDecision();
      const decision = { decisionNumber: '1234/QĐ-UBND', decisionDate: vnToday(), effectiveDate: vnDay(7) };
      const none = await refusedOn(caseId, () => as('snv.quyetdinh').post(`/cases/${caseId}/issue-decision`).send(decisionBody({ ...decision, attachments: [] })));
      expectProblem(none, 422, 'rule-violated', { rule: 'decision_dossier', legalBasis: NON_EMPTY, field: 'attachments' });

      const agreement = await uploadDocument(as('hr.taichinh'), 'units_agreement', pdf(`thong nhat ${caseId}`), 'thong-nhat.pdf');
      const half = await refusedOn(caseId, () =>
        as('snv.quyetdinh')
          .post(`/cases/${caseId}/issue-decision`)
          .send(decisionBody({ ...decision, attachments: [{ kind: 'units_agreement', documentId: agreement.documentId, name: 'Văn bản thống nhất' }] })),
      );
      expectProblem(half, 422, 'rule-violated', { rule: 'decision_dossier' });
      expect(half.body.messages.en).toContain('meeting_record');
    });
  });

  // -------------------------------------------------------------------------------------------
  describe('Accept-Language', () => {
    it('answers in Vietnamese by default and in English when asked', async () => {
      const caseId = await nominate();
      const vi = await as('gd.nnmt').post(`/cases/${caseId}/approve`).send({});
      expectProblem(vi, 403, 'forbidden');
      expect(vi.body.title).toBe('Không có quyền');
      expect(vi.body.detail).toBe(vi.body.messages.vi);

      const en = await as('gd.nnmt').post(`/cases/${caseId}/approve`).set('Accept-Language', 'en').send({});
      expectProblem(en, 403, 'forbidden');
      expect(en.body.title).toBe('Not allowed');
      expect(en.body.detail).toBe(en.body.messages.en);
      expect(en.body.messages).toEqual(vi.body.messages);

      const stage = await as('ct.cubao').post(`/cases/${caseId}/confirm-arrival`).set('Accept-Language', 'en-GB,en;q=0.9,vi;q=0.5').send({ arrivedOn: vnToday() });
      expectProblem(stage, 409, 'wrong-stage', { stage: 'department_review' });
      expect(stage.body.title).toBe('The case is not at a stage that allows this');
      expect(stage.body.detail).toBe(stage.body.messages.en);

      const preferVi = await as('ct.cubao').post(`/cases/${caseId}/confirm-arrival`).set('Accept-Language', 'en;q=0.4,vi').send({ arrivedOn: vnToday() });
      expect(preferVi.body.detail).toBe(preferVi.body.messages.vi);

      const validation = await as('hr.taichinh').post('/cases').set('Accept-Language', 'en').send(nominationBody({ form: 'vacation' }));
      expectProblem(validation, 400, 'validation-failed');
      expect(validation.body.title).toBe('The request is not valid');
      const validationVi = await as('hr.taichinh').post('/cases').send(nominationBody({ form: 'vacation' }));
      expect(validationVi.body.title).toBe('Yêu cầu không hợp lệ');
      expect(validationVi.body.detail).toContain('form');
      expect(await eventsOf(caseId)).toHaveLength(1);
    });
  });

  // -------------------------------------------------------------------------------------------
  describe('Idempotency-Key', () => {
    async function proposedCount(officialId: string): Promise<number> {
      const [row] = await queryRows<{ n: number }>(
        stack.db.url,
        `SELECT count(*)::int AS n FROM secondment.domain_event WHERE type = 'CaseProposed' AND payload->'official'->>'id' = $1`,
        [officialId],
      );
      return row.n;
    }

    async function summaries(caseId: string): Promise<number> {
      const [row] = await queryRows<{ n: number }>(stack.db.url, 'SELECT count(*)::int AS n FROM secondment.case_summary WHERE case_id = $1', [caseId]);
      return row.n;
    }

    it('replays a nomination sent twice with the same key: one case, one CaseProposed', async () => {
      const before = await proposedCount('cc-0006');
      const body = nominationBody({ officialId: 'cc-0006', receivingUnitId: 'xa-ea-kar' });
      // Home Affairs proposes for the department (it names the sending unit).
      const first = await as('snv.thamdinh').post('/cases').set('Idempotency-Key', 'nomination-cc-0006-1').send({ ...body, sendingUnitId: 'so-nong-nghiep-moi-truong' });
      expect(first.status).toBe(201);
      expect(first.headers['idempotent-replayed']).toBeUndefined();
      const second = await as('snv.thamdinh').post('/cases').set('Idempotency-Key', 'nomination-cc-0006-1').send({ ...body, sendingUnitId: 'so-nong-nghiep-moi-truong' });
      expect(second.status).toBe(201);
      expect(second.headers['idempotent-replayed']).toBe('true');
      expect(second.body.caseId).toBe(first.body.caseId);
      expect(second.body).toEqual(first.body);
      expect(await proposedCount('cc-0006')).toBe(before + 1);
      expect(await summaries(first.body.caseId as string)).toBe(1);
      expect((await eventsOf(first.body.caseId as string)).map((e) => e.type)).toEqual(['CaseProposed']);
    });

    it('replays an approval sent twice with the same key: one StageApproved, identical bodies', async () => {
      const caseId = await nominate();
      const first = await as('gd.taichinh').post(`/cases/${caseId}/approve`).set('Idempotency-Key', `approve-${caseId}`).send({ comment: 'Đồng ý' });
      expect({ status: first.status, stage: first.body.stage }).toEqual({ status: 200, stage: 'home_affairs_appraisal' });
      const second = await as('gd.taichinh').post(`/cases/${caseId}/approve`).set('Idempotency-Key', `approve-${caseId}`).send({ comment: 'Đồng ý' });
      expect(second.status).toBe(200);
      expect(second.headers['idempotent-replayed']).toBe('true');
      expect(second.body).toEqual(first.body);
      const events = await eventsOf(caseId);
      expect(events.map((e) => e.type)).toEqual(['CaseProposed', 'StageApproved']);
    });

    it('refuses the same key with a different request (422) and changes nothing', async () => {
      const caseId = await nominate();
      await as('gd.taichinh').post(`/cases/${caseId}/approve`).set('Idempotency-Key', `reuse-${caseId}`).send({ comment: 'Đồng ý' }).expect(200);
      const otherComment = await refusedOn(caseId, () => as('gd.taichinh').post(`/cases/${caseId}/approve`).set('Idempotency-Key', `reuse-${caseId}`).send({ comment: 'Khác' }));
      expectProblem(otherComment, 422, 'idempotency-key-reused', { field: 'Idempotency-Key' });
      const otherRoute = await refusedOn(caseId, () => as('gd.taichinh').post(`/cases/${caseId}/reject`).set('Idempotency-Key', `reuse-${caseId}`).send({ reason: 'x' }));
      expectProblem(otherRoute, 422, 'idempotency-key-reused');
      const nomination = await refusedCreation(() => as('gd.taichinh').post('/cases').set('Idempotency-Key', `reuse-${caseId}`).send(nominationBody()));
      expectProblem(nomination, 422, 'idempotency-key-reused');
      expect((await eventsOf(caseId)).map((e) => e.type)).toEqual(['CaseProposed', 'StageApproved']);

      // Nomination: the same key with another official (each nominationBody() names a fresh one) is refused, and no second case appears.
      const first = await as('hr.taichinh').post('/cases').set('Idempotency-Key', `nomination-reuse-${caseId}`).send(nominationBody()).expect(201);
      const reused = await refusedCreation(() => as('hr.taichinh').post('/cases').set('Idempotency-Key', `nomination-reuse-${caseId}`).send(nominationBody()));
      expectProblem(reused, 422, 'idempotency-key-reused');
      expect(await summaries(first.body.caseId as string)).toBe(1);
    });

    it('keeps keys per caller: another person may use the same key for their own request', async () => {
      const caseId = await nominate();
      const key = `shared-${caseId}`;
      await as('gd.taichinh').post(`/cases/${caseId}/approve`).set('Idempotency-Key', key).send({}).expect(200);
      const appraisal = await as('snv.thamdinh').post(`/cases/${caseId}/approve`).set('Idempotency-Key', key).send({});
      expect({ status: appraisal.status, stage: appraisal.body.stage }).toEqual({ status: 200, stage: 'party_committee_approval' });
      expect(appraisal.headers['idempotent-replayed']).toBeUndefined();
      expect((await eventsOf(caseId)).map((e) => [e.type, e.actor_id])).toEqual([
        ['CaseProposed', 'hr.taichinh'],
        ['StageApproved', 'gd.taichinh'],
        ['StageApproved', 'snv.thamdinh'],
      ]);
    });

    it('has one effect for two concurrent requests with the same key', async () => {
      const before = await proposedCount('cc-0007');
      const body = { ...nominationBody({ officialId: 'cc-0007', receivingUnitId: 'phuong-buon-ma-thuot' }), sendingUnitId: 'so-xay-dung' };
      const send = () => as('snv.quyetdinh').post('/cases').set('Idempotency-Key', 'concurrent-nomination-cc-0007').send(body);
      const [a, b] = await Promise.all([send(), send()]);
      expect([a.status, b.status]).toEqual([201, 201]);
      expect(b.body.caseId).toBe(a.body.caseId);
      const caseId = a.body.caseId as string;
      expect(await proposedCount('cc-0007')).toBe(before + 1);
      expect(await summaries(caseId)).toBe(1);

      // The same for an action: three concurrent withdrawals with one key close the case once.
      const withdraw = () => as('snv.thamdinh').post(`/cases/${caseId}/withdraw`).set('Idempotency-Key', `concurrent-withdraw-${caseId}`).send({ reason: 'Đổi người' });
      const [c, d, e] = await Promise.all([withdraw(), withdraw(), withdraw()]);
      expect([c.status, d.status, e.status]).toEqual([200, 200, 200]);
      expect([c.body.stage, d.body.stage, e.body.stage]).toEqual(['closed', 'closed', 'closed']);
      expect((await eventsOf(caseId)).map((x) => x.type)).toEqual(['CaseProposed', 'CaseWithdrawn', 'CaseClosed']);

      const approved = await nominate();
      const approveOnce = () => as('gd.taichinh').post(`/cases/${approved}/approve`).set('Idempotency-Key', `concurrent-approve-${approved}`).send({ comment: 'Đồng ý' });
      const [f, g] = await Promise.all([approveOnce(), approveOnce()]);
      expect([f.status, g.status]).toEqual([200, 200]);
      expect([f.body.stage, g.body.stage]).toEqual(['home_affairs_appraisal', 'home_affairs_appraisal']);
      expect((await eventsOf(approved)).map((x) => x.type)).toEqual(['CaseProposed', 'StageApproved']);
    });

    it('evaluates a retry after a refusal again instead of replaying it', async () => {
      const caseId = await nominate();
      const key = `after-refusal-${caseId}`;
      await as('gd.taichinh').post(`/cases/${caseId}/return-for-changes`).send({ reason: 'Bổ sung lý do' }).expect(200);

      // Home Affairs approves too early: the case is back with its proposer.
      const early = await refusedOn(caseId, () => as('snv.thamdinh').post(`/cases/${caseId}/approve`).set('Idempotency-Key', key).send({ comment: 'Đồng ý' }));
      expectProblem(early, 409, 'wrong-stage', { stage: 'proposed' });
      const again = await refusedOn(caseId, () => as('snv.thamdinh').post(`/cases/${caseId}/approve`).set('Idempotency-Key', key).send({ comment: 'Đồng ý' }));
      expectProblem(again, 409, 'wrong-stage', { stage: 'proposed' });
      expect(again.headers['idempotent-replayed']).toBeUndefined();

      await as('hr.taichinh').post(`/cases/${caseId}/resubmit`).send({ changes: { reason: 'Xã thiếu công chức; đã bổ sung' } }).expect(200);
      await approve(caseId, 'gd.taichinh', 'home_affairs_appraisal');

      // Now the same request with the same key is taken, once.
      const later = await as('snv.thamdinh').post(`/cases/${caseId}/approve`).set('Idempotency-Key', key).send({ comment: 'Đồng ý' });
      expect({ status: later.status, stage: later.body.stage }).toEqual({ status: 200, stage: 'party_committee_approval' });
      expect(later.headers['idempotent-replayed']).toBeUndefined();
      const replay = await as('snv.thamdinh').post(`/cases/${caseId}/approve`).set('Idempotency-Key', key).send({ comment: 'Đồng ý' });
      expect(replay.status).toBe(200);
      expect(replay.headers['idempotent-replayed']).toBe('true');
      expect((await eventsOf(caseId)).map((e) => [e.type, e.actor_id])).toEqual([
        ['CaseProposed', 'hr.taichinh'],
        ['ReturnedForChanges', 'gd.taichinh'],
        ['ProposalResubmitted', 'hr.taichinh'],
        ['StageApproved', 'gd.taichinh'],
        ['StageApproved', 'snv.thamdinh'],
      ]);
    });
  });

  // -------------------------------------------------------------------------------------------
  describe('two conflicting actions at once', () => {
    it('takes exactly one of approve and reject at appraisal; the other gets 409', async () => {
      const outcomes: string[] = [];
      for (let round = 0; round < 5; round += 1) {
        const caseId = await atAppraisal();
        const before = await eventsOf(caseId);
        const [approval, rejection] = await Promise.all([
          as('snv.thamdinh').post(`/cases/${caseId}/approve`).send({ comment: 'Đồng ý' }),
          as('snv.quyetdinh').post(`/cases/${caseId}/reject`).send({ reason: 'Không đủ điều kiện' }),
        ]);
        expect([approval.status, rejection.status].sort()).toEqual([200, 409]);
        const added = (await eventsOf(caseId)).slice(before.length);
        if (approval.status === 200) {
          outcomes.push('approved');
          expect(approval.body.stage).toBe('party_committee_approval');
          expectProblem(rejection, 409, 'wrong-stage', { stage: 'party_committee_approval' });
          expect(added.map((e) => [e.type, e.actor_id])).toEqual([['StageApproved', 'snv.thamdinh']]);
        } else {
          outcomes.push('rejected');
          expect(rejection.body.stage).toBe('closed');
          expectProblem(approval, 409, 'wrong-stage', { stage: 'closed' });
          expect(added.map((e) => [e.type, e.actor_id])).toEqual([
            ['CaseRejected', 'snv.quyetdinh'],
            ['CaseClosed', 'snv.quyetdinh'],
          ]);
        }
        const [summary] = await queryRows<{ version: number; stage: string }>(stack.db.url, 'SELECT version, stage FROM secondment.case_summary WHERE case_id = $1', [caseId]);
        expect(summary).toEqual({ version: before.length + added.length, stage: outcomes.at(-1) === 'approved' ? 'party_committee_approval' : 'closed' });
      }
      expect(outcomes).toHaveLength(5);
    });

    it('takes exactly one of two approvals by two officers at appraisal', async () => {
      for (let round = 0; round < 5; round += 1) {
        const caseId = await atAppraisal();
        const [a, b] = await Promise.all([
          as('snv.thamdinh').post(`/cases/${caseId}/approve`).send({}),
          as('snv.quyetdinh').post(`/cases/${caseId}/approve`).send({}),
        ]);
        expect([a.status, b.status].sort()).toEqual([200, 409]);
        const loser = a.status === 409 ? a : b;
        expectProblem(loser, 409, 'wrong-stage', { stage: 'party_committee_approval' });
        const winner = a.status === 200 ? 'snv.thamdinh' : 'snv.quyetdinh';
        expect((await eventsOf(caseId)).map((e) => [e.type, e.actor_id])).toEqual([
          ['CaseProposed', 'hr.taichinh'],
          ['StageApproved', 'gd.taichinh'],
          ['StageApproved', winner],
        ]);
      }
    });
  });

  // -------------------------------------------------------------------------------------------
  // LAST: stops the stack's worker, then starts another.
  describe('a workflow that does not answer in time', () => {
    const previousTimeout = process.env.ACTION_TIMEOUT_MS;
    /** A second API whose actions wait 1.5 s for the workflow (the configuration is read at start-up). */
    let fast: RunningApi;
    let caseId: string;
    const approvalKey = 'timeout-approval';
    const nominationKey = 'timeout-nomination';
    /** A fresh fixture official's nomination: the one case of that official here. */
    const nomination = nominationBody({ receivingUnitId: 'xa-ea-kar' });

    beforeAll(async () => {
      caseId = await nominate();
      await stack.worker.stop();
      process.env.ACTION_TIMEOUT_MS = '1500';
      extraApi = await startApi();
      fast = extraApi;
    });

    afterAll(async () => {
      if (previousTimeout === undefined) delete process.env.ACTION_TIMEOUT_MS;
      else process.env.ACTION_TIMEOUT_MS = previousTimeout;
      await extraApi?.close();
      extraApi = undefined;
    });

    it('answers 503 workflow-timeout to an action while no worker runs, and stores nothing', async () => {
      const timedOut = await refusedOn(caseId, () =>
        as('gd.taichinh', fast.url).post(`/cases/${caseId}/approve`).set('Idempotency-Key', approvalKey).send({ comment: 'Đồng ý' }),
      );
      expectProblem(timedOut, 503, 'workflow-timeout', { instance: `/api/v1/cases/${caseId}/approve` });
      expect(timedOut.body.messages.en).toContain('Idempotency-Key');
      expect(timedOut.headers['idempotent-replayed']).toBeUndefined();
    });

    it('answers 503 workflow-timeout to a nomination while no worker runs, and stores nothing', async () => {
      const timedOut = await refusedCreation(() =>
        as('hr.taichinh', fast.url).post('/cases').set('Idempotency-Key', nominationKey).send(nomination),
      );
      expectProblem(timedOut, 503, 'workflow-timeout', { instance: '/api/v1/cases' });
    });

    it('takes the retries with the same keys once a worker runs again, each with one effect', async () => {
      replacementWorker = await startWorker();

      const retried = await as('gd.taichinh').post(`/cases/${caseId}/approve`).set('Idempotency-Key', approvalKey).send({ comment: 'Đồng ý' });
      expect({ status: retried.status, stage: retried.body.stage }).toEqual({ status: 200, stage: 'home_affairs_appraisal' });
      expect(retried.headers['idempotent-replayed']).toBeUndefined();
      const again = await as('gd.taichinh').post(`/cases/${caseId}/approve`).set('Idempotency-Key', approvalKey).send({ comment: 'Đồng ý' }).expect(200);
      expect(again.headers['idempotent-replayed']).toBe('true');
      expect((await eventsOf(caseId)).map((e) => [e.type, e.actor_id])).toEqual([
        ['CaseProposed', 'hr.taichinh'],
        ['StageApproved', 'gd.taichinh'],
      ]);

      const proposed = await as('hr.taichinh').post('/cases').set('Idempotency-Key', nominationKey).send(nomination);
      expect({ status: proposed.status, stage: proposed.body.stage, officialId: proposed.body.officialId }).toEqual({ status: 201, stage: 'department_review', officialId: nomination.officialId });
      const replayed = await as('hr.taichinh').post('/cases').set('Idempotency-Key', nominationKey).send(nomination).expect(201);
      expect(replayed.body.caseId).toBe(proposed.body.caseId);
      expect((await eventsOf(proposed.body.caseId as string)).map((e) => e.type)).toEqual(['CaseProposed']);
      const [cases] = await queryRows<{ n: number }>(stack.db.url, `SELECT count(*)::int AS n FROM secondment.case_summary WHERE official_id = $1 AND receiving_unit_id = 'xa-ea-kar'`, [nomination.officialId]);
      expect(cases.n).toBe(1);
    });
  });
});
