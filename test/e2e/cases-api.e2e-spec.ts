import request from 'supertest';
import { queryRows } from '../support/database';
import { type ApiStack, loginAll, pdf, startApiStack, vnDay, vnToday } from '../support/api-client';

/**
 * A secondment walked from nomination to return through the HTTP API, each step by the person who
 * holds that authority, against the real API, worker, PostgreSQL and Temporal dev server.
 */
describe('cases API: the happy path by the right roles', () => {
  let stack: ApiStack;
  let tokens: Record<string, string>;
  const USERS = ['hr.taichinh', 'gd.taichinh', 'snv.thamdinh', 'snv.quyetdinh', 'vp.tinhuy', 'ct.cubao', 'an.nguyenvan', 'thanhtra', 'gd.nnmt'] as const;

  beforeAll(async () => {
    stack = await startApiStack('cases-api');
    tokens = await loginAll(stack.api.url, USERS);
  });

  afterAll(async () => {
    await stack?.close();
  });

  const as = (user: (typeof USERS)[number]) => ({
    get: (path: string) => request(stack.api.url).get(`/api/v1${path}`).set('Authorization', `Bearer ${tokens[user]}`),
    post: (path: string) => request(stack.api.url).post(`/api/v1${path}`).set('Authorization', `Bearer ${tokens[user]}`),
  });

  /** Timers fire in the workflow after the action returns: read the case until it shows what is awaited. */
  async function until(caseId: string, done: (body: { stage: string; state: { termStarted: boolean; termCompleted: boolean; overdue: boolean } }) => boolean) {
    for (let i = 0; i < 100; i += 1) {
      const response = await as('snv.thamdinh').get(`/cases/${caseId}`).expect(200);
      if (done(response.body as never)) return response.body as unknown;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    throw new Error(`case ${caseId} never reached the awaited state`);
  }

  it('nominates, reviews, approves, decides, posts, ends and returns, recording who did each step', async () => {
    const nominated = await as('hr.taichinh')
      .post('/cases')
      .send({
        form: 'secondment',
        officialId: 'cc-0001',
        receivingUnitId: 'xa-cu-bao',
        position: 'Công chức Tài chính – Kế toán',
        plannedStart: vnDay(-60),
        term: { months: 1 },
        reason: 'Xã thiếu công chức tài chính – kế toán sau sắp xếp',
      })
      .expect(201);
    const caseId = nominated.body.caseId as string;
    expect(caseId).toMatch(/^HS-\d{4}-[0-9A-Z]{8}$/);
    expect(nominated.body).toMatchObject({ stage: 'department_review', sendingUnitId: 'so-tai-chinh', receivingUnitName: 'Xã Cư Bao', officialName: 'Nguyễn Văn An' });

    // The head's inbox holds it, with the review actions.
    const inbox = await as('gd.taichinh').get('/inbox').expect(200);
    expect(inbox.body).toEqual([expect.objectContaining({ caseId, actions: [{ action: 'approve' }, { action: 'reject' }, { action: 'returnForChanges' }] })]);

    await as('gd.taichinh').post(`/cases/${caseId}/approve`).send({ comment: 'Đồng ý' }).expect(200);
    await as('snv.thamdinh').post(`/cases/${caseId}/approve`).send({}).expect(200);
    const opinion = await as('vp.tinhuy')
      .post(`/cases/${caseId}/record-party-opinion`)
      .send({ documentNumber: '125-TB/TU', documentDate: vnToday(), opinion: 'agree' })
      .expect(200);
    expect(opinion.body.stage).toBe('awaiting_decision');

    const agreement = await as('hr.taichinh').post('/documents').field('kind', 'units_agreement').attach('file', pdf('thong nhat'), 'Văn bản thống nhất.pdf').expect(201);
    const meeting = await as('hr.taichinh').post('/documents').field('kind', 'meeting_record').attach('file', pdf('bien ban'), 'bien-ban.pdf').expect(201);
    expect(agreement.body).toMatchObject({ mediaType: 'application/pdf', kind: 'units_agreement', documentId: expect.stringMatching(/^sha256:[0-9a-f]{64}$/) });

    const decided = await as('snv.quyetdinh')
      .post(`/cases/${caseId}/issue-decision`)
      .send({
        decisionNumber: '1234/QĐ-UBND',
        decisionDate: vnDay(-60),
        signer: { name: 'Nguyễn Thị Mai', title: 'Giám đốc Sở Nội vụ' },
        effectiveDate: vnDay(-60),
        attachments: [
          { kind: 'units_agreement', documentId: agreement.body.documentId, name: 'Văn bản thống nhất' },
          { kind: 'meeting_record', documentId: meeting.body.documentId, name: 'Biên bản gặp công chức' },
        ],
      })
      .expect(200);
    expect(decided.body).toMatchObject({ stage: 'decision_issued', decisionNumber: '1234/QĐ-UBND', effectiveDate: vnDay(-60) });

    // The commune leader sees the incoming case and confirms arrival.
    const communeInbox = await as('ct.cubao').get('/inbox').expect(200);
    expect((communeInbox.body as { caseId: string }[]).map((item) => item.caseId)).toEqual([caseId]);
    await as('ct.cubao').post(`/cases/${caseId}/confirm-arrival`).send({ arrivedOn: vnDay(-60) }).expect(200);

    // The term started 60 days ago and ended a month later with no decision: overdue, awaiting the end.
    await until(caseId, (body) => body.state.termStarted && body.state.overdue);
    await as('gd.taichinh').post(`/cases/${caseId}/decide-end`).send({ decisionNumber: '88/QĐ-STC', decisionDate: vnToday() }).expect(200);
    await until(caseId, (body) => body.state.termCompleted);

    const returned = await as('hr.taichinh')
      .post(`/cases/${caseId}/confirm-return`)
      .send({ returnedOn: vnToday(), placement: { position: 'Chuyên viên phòng Quản lý ngân sách', unitName: 'Sở Tài chính' } })
      .expect(200);
    expect(returned.body).toMatchObject({ stage: 'closed', outcome: 'returned' });

    // The timeline names every actor, role, reason and document.
    const humanSteps = (returned.body.timeline as { type: string; actor: { id: string; role: string }; documentNumber: string | null }[]).filter((e) => e.actor.role !== 'system');
    expect(humanSteps.map((e) => [e.type, e.actor.id, e.actor.role, e.documentNumber])).toEqual([
      ['CaseProposed', 'hr.taichinh', 'hr_officer', null],
      ['StageApproved', 'gd.taichinh', 'department_head', null],
      ['StageApproved', 'snv.thamdinh', 'home_affairs_officer', null],
      ['PartyOpinionRecorded', 'vp.tinhuy', 'party_secretariat', '125-TB/TU'],
      ['DecisionIssued', 'snv.quyetdinh', 'home_affairs_officer', '1234/QĐ-UBND'],
      ['ArrivalConfirmed', 'ct.cubao', 'commune_leader', null],
      ['EndDecided', 'gd.taichinh', 'department_head', '88/QĐ-STC'],
      ['ReturnConfirmed', 'hr.taichinh', 'hr_officer', null],
      ['CaseClosed', 'hr.taichinh', 'hr_officer', null],
    ]);

    // Every event is in PostgreSQL, in order, with its actor; the read model is at the same version.
    const events = await queryRows<{ version: number; type: string }>(stack.db.url, 'SELECT version, type FROM secondment.domain_event WHERE case_id = $1 ORDER BY version', [caseId]);
    expect(events.map((e) => e.version)).toEqual(events.map((_, i) => i + 1));
    const [summary] = await queryRows<{ version: number }>(stack.db.url, 'SELECT version FROM secondment.case_summary WHERE case_id = $1', [caseId]);
    expect(summary.version).toBe(events.length);

    // The official sees their own case; the auditor reads it; the head of another department may not.
    await as('an.nguyenvan').get(`/cases/${caseId}`).expect(200);
    const audited = await as('thanhtra').get(`/cases/${caseId}`).expect(200);
    expect(audited.body.actions).toEqual([]);
    const other = await as('gd.nnmt').get(`/cases/${caseId}`).expect(403);
    expect(other.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(other.body).toMatchObject({ type: '/problems/forbidden', status: 403, rule: 'out_of_scope', messages: { vi: expect.any(String), en: expect.any(String) } });

    // The documents attached to the decision are readable by those in scope, and not by others.
    const file = await as('ct.cubao').get(`/documents/${agreement.body.documentId}`).expect(200);
    expect(Buffer.from(file.body as Buffer).subarray(0, 5).toString()).toBe('%PDF-');
    await as('gd.nnmt').get(`/documents/${agreement.body.documentId}`).expect(403);
  });
});
