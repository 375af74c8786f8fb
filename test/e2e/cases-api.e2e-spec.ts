import { queryRows } from '../support/database';
import { useApiStack, vnDay, vnToday, waitForCase } from '../support/api-client';
import { decisionBody, endDecisionBody, nominationBody, partyOpinionBody, uploadDossier } from '../support/case-walk';

/**
 * A secondment walked from nomination to return through the HTTP API, each step by the person who
 * holds that authority, against the real API, worker, PostgreSQL and Temporal dev server.
 */
describe('cases API: the happy path by the right roles', () => {
  const { stack, api } = useApiStack('cases-api');

  const as = (user: string) => api.as(user);

  it('nominates, reviews, approves, decides, posts, ends and returns, recording who did each step', async () => {
    const nominated = await as('hr.taichinh')
      .post('/cases')
      .send(nominationBody({ officialId: 'cc-0001', plannedStart: vnDay(-60), term: { months: 1 } }))
      .expect(201);
    const caseId = nominated.body.caseId as string;
    expect(caseId).toMatch(/^HS-\d{4}-[0-9A-Z]{8}$/);
    expect(nominated.body).toMatchObject({ stage: 'department_review', sendingUnitId: 'so-tai-chinh', receivingUnitName: 'Xã Cư Bao', officialName: 'Nguyễn Văn An' });

    // The head's inbox holds it, with the review actions.
    const inbox = await as('gd.taichinh').get('/inbox').expect(200);
    expect(inbox.body).toEqual([expect.objectContaining({ caseId, actions: [{ action: 'approve' }, { action: 'reject' }, { action: 'returnForChanges' }] })]);

    await as('gd.taichinh').post(`/cases/${caseId}/approve`).send({ comment: 'Đồng ý' }).expect(200);
    await as('snv.thamdinh').post(`/cases/${caseId}/approve`).send({}).expect(200);
    const opinion = await as('vp.tinhuy').post(`/cases/${caseId}/record-party-opinion`).send(partyOpinionBody('125-TB/TU')).expect(200);
    expect(opinion.body.stage).toBe('awaiting_decision');

    const dossier = await uploadDossier(as('hr.taichinh'), 'cases-api');
    expect(dossier.agreement).toMatchObject({ mediaType: 'application/pdf', kind: 'units_agreement', documentId: expect.stringMatching(/^sha256:[0-9a-f]{64}$/) });

    const decided = await as('snv.quyetdinh')
      .post(`/cases/${caseId}/issue-decision`)
      .send(decisionBody({ decisionNumber: '1234/QĐ-UBND', decisionDate: vnDay(-60), effectiveDate: vnDay(-60), attachments: dossier.attachments }))
      .expect(200);
    expect(decided.body).toMatchObject({ stage: 'decision_issued', decisionNumber: '1234/QĐ-UBND', effectiveDate: vnDay(-60) });

    // The commune leader sees the incoming case and confirms arrival.
    const communeInbox = await as('ct.cubao').get('/inbox').expect(200);
    expect((communeInbox.body as { caseId: string }[]).map((item) => item.caseId)).toEqual([caseId]);
    await as('ct.cubao').post(`/cases/${caseId}/confirm-arrival`).send({ arrivedOn: vnDay(-60) }).expect(200);

    // The term started 60 days ago and ended a month later with no decision: overdue, awaiting the end.
    await waitForCase(api, caseId, (view) => view.state.termStarted && view.state.overdue);
    await as('gd.taichinh').post(`/cases/${caseId}/decide-end`).send(endDecisionBody('88/QĐ-STC')).expect(200);
    await waitForCase(api, caseId, (view) => view.state.termCompleted);

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
    const file = await as('ct.cubao').get(`/documents/${dossier.agreement.documentId}`).expect(200);
    expect(Buffer.from(file.body as Buffer).subarray(0, 5).toString()).toBe('%PDF-');
    await as('gd.nnmt').get(`/documents/${dossier.agreement.documentId}`).expect(403);
  });
});
