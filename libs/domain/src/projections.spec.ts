/** Read-model rows as pure functions of a walked case's state and events. */
import type { Actor } from './case';
import { caseSummaryOf, officialMoveOf, timelineEntry, type CaseSummaryRow, type OfficialMoveRow } from './projections';
import {
  ACTORS,
  act,
  AT,
  confirmReturnCommand,
  correctDecisionCommand,
  decideEndCommand,
  extendCommand,
  fire,
  issueDecisionCommand,
  OFFICIAL,
  TRANSFER,
  TWO_YEARS,
  walkTo,
  type Walked,
} from './testing/case-fixtures';

const SUMMARY_OF_A_NEW_CASE: CaseSummaryRow = {
  caseId: 'bp-2025-0001',
  version: 1,
  form: 'secondment',
  stage: 'department_review',
  outcome: null,
  officialId: 'cc-048213',
  officialName: 'Nguyễn Văn An',
  officialNameKey: 'nguyen van an',
  sendingUnitId: 'so-tai-chinh',
  sendingUnitName: 'Sở Tài chính',
  receivingUnitId: 'phuong-hai-chau',
  receivingUnitName: 'Phường Hải Châu',
  position: 'Kế toán ngân sách phường',
  proposerId: 'u-hr-tc-1',
  proposerName: 'Trần Thị Bình',
  proposedAt: AT.propose,
  stageOpenedAt: AT.propose,
  stageDeadline: '2025-09-22',
  escalationLevel: 0,
  decisionNumber: null,
  decisionDate: null,
  effectiveDate: null,
  termEnd: null,
  overdue: false,
  nextTimerAt: '2025-09-22T17:00:00.000Z',
  closedAt: null,
  awaits: ['department_head:so-tai-chinh'],
  inboxFacts: {
    stage: 'department_review',
    sendingUnit: { id: 'so-tai-chinh', kind: 'department' },
    receivingUnit: { id: 'phuong-hai-chau', kind: 'commune' },
    official: { id: 'cc-048213' },
    proposer: { id: 'u-hr-tc-1' },
    endDecision: null,
    termCompleted: false,
    firedTimers: [],
    evaluations: [],
  },
};

function completedAndReturned(): Walked {
  const ended = act(walkTo('ending'), decideEndCommand());
  return act(fire(ended, 'completed:2028-10-08'), confirmReturnCommand());
}

describe('caseSummaryOf', () => {
  it('a new proposal: in department review, due on its deadline, escalating at the end of that day', () => {
    expect(caseSummaryOf(walkTo('department_review').state)).toEqual(SUMMARY_OF_A_NEW_CASE);
  });

  it('after an escalation: its level, and the next escalation as the next timer', () => {
    const escalated = fire(walkTo('department_review'), 'deadline:department_review:v1:1');
    expect(caseSummaryOf(escalated.state)).toEqual({
      ...SUMMARY_OF_A_NEW_CASE,
      version: 2,
      escalationLevel: 1,
      nextTimerAt: '2025-09-29T17:00:00.000Z',
      inboxFacts: { ...SUMMARY_OF_A_NEW_CASE.inboxFacts!, firedTimers: ['deadline:department_review:v1:1'] },
    });
  });

  it('a case serving its term: the decision, the term and the next evaluation', () => {
    expect(caseSummaryOf(walkTo('serving').state)).toEqual({
      ...SUMMARY_OF_A_NEW_CASE,
      version: 7,
      stage: 'serving',
      stageOpenedAt: AT.arrival,
      stageDeadline: null,
      decisionNumber: '2345/QĐ-UBND',
      decisionDate: '2025-10-03',
      effectiveDate: '2025-10-09',
      termEnd: '2028-10-08',
      nextTimerAt: '2026-10-08T17:00:00.000Z',
      awaits: [],
      inboxFacts: null,
    });
  });

  it('awaiting the decision: that stage’s deadline', () => {
    expect(caseSummaryOf(walkTo('awaiting_decision').state)).toMatchObject({ stage: 'awaiting_decision', stageDeadline: '2025-10-08', stageOpenedAt: AT.partyOpinion, version: 4 });
  });

  it('an overdue term is flagged', () => {
    let walked = walkTo('serving');
    for (const key of ['evaluation:2025-10-09:1', 'evaluation:2025-10-09:2', 'reminder:2028-10-08:90', 'reminder:2028-10-08:30', 'reminder:2028-10-08:7', 'overdue:2028-10-08'])
      walked = fire(walked, key);
    expect(caseSummaryOf(walked.state)).toMatchObject({ stage: 'ending', overdue: true, termEnd: '2028-10-08', nextTimerAt: null });
  });

  it('an extension shows the new end', () => {
    const extended = act(walkTo('serving', TWO_YEARS), extendCommand({ reason: 'Phường chưa tuyển được công chức' }));
    expect(caseSummaryOf(extended.state)).toMatchObject({ termEnd: '2028-10-08', decisionNumber: '2345/QĐ-UBND', stage: 'serving' });
  });

  it('a closed case: outcome, closing instant, and no deadline or timer', () => {
    const rejected = act(walkTo('home_affairs_appraisal'), { type: 'reject', reason: 'Không đủ tiêu chuẩn', actor: ACTORS.homeAffairs, at: '2025-09-25T03:00:00.000Z' });
    expect(caseSummaryOf(rejected.state)).toMatchObject({ stage: 'closed', outcome: 'rejected', closedAt: '2025-09-25T03:00:00.000Z', stageDeadline: null, nextTimerAt: null, version: 4 });
    expect(caseSummaryOf(completedAndReturned().state)).toMatchObject({ stage: 'closed', outcome: 'returned', closedAt: '2028-10-09T02:00:00.000Z', nextTimerAt: null });
  });
});

describe('officialMoveOf', () => {
  const PROPOSED_MOVE: OfficialMoveRow = {
    officialId: OFFICIAL.id,
    caseId: 'bp-2025-0001',
    officialName: OFFICIAL.name,
    form: 'secondment',
    fromUnitId: 'so-tai-chinh',
    fromUnitName: 'Sở Tài chính',
    toUnitId: 'phuong-hai-chau',
    toUnitName: 'Phường Hải Châu',
    position: 'Kế toán ngân sách phường',
    stage: 'department_review',
    outcome: null,
    decisionNumber: null,
    startedOn: null,
    termEnd: null,
    returnedOn: null,
    proposedAt: AT.propose,
  };

  it('a proposed move: from, to, no decision yet', () => {
    expect(officialMoveOf(walkTo('department_review').state)).toEqual(PROPOSED_MOVE);
  });

  it('decided but not yet started: the decision and the planned end, no start', () => {
    expect(officialMoveOf(walkTo('decision_issued').state)).toEqual({ ...PROPOSED_MOVE, stage: 'decision_issued', decisionNumber: '2345/QĐ-UBND', termEnd: '2028-10-08' });
  });

  it('started once the official has arrived', () => {
    expect(officialMoveOf(walkTo('posted').state)).toMatchObject({ stage: 'posted', startedOn: '2025-10-09' });
    expect(officialMoveOf(walkTo('serving').state)).toMatchObject({ stage: 'serving', startedOn: '2025-10-09', termEnd: '2028-10-08', returnedOn: null });
  });

  it('returned: the return date and the outcome', () => {
    expect(officialMoveOf(completedAndReturned().state)).toEqual({
      ...PROPOSED_MOVE,
      stage: 'closed',
      outcome: 'returned',
      decisionNumber: '2345/QĐ-UBND',
      startedOn: '2025-10-09',
      termEnd: '2028-10-08',
      returnedOn: '2028-10-09',
    });
  });

  it('a transfer: started on its effective date, no end, closed as transferred', () => {
    const decided = act(walkTo('awaiting_decision', TRANSFER), issueDecisionCommand());
    const transferred = act(decided, { type: 'confirmArrival', arrivedOn: '2025-10-09', actor: ACTORS.communeLeader, at: AT.arrival });
    expect(officialMoveOf(transferred.state)).toMatchObject({ form: 'transfer', stage: 'closed', outcome: 'transferred', startedOn: '2025-10-09', termEnd: null, returnedOn: null });
  });

  it('repeated moves of one official stay separate rows, one per case', () => {
    const first = officialMoveOf(walkTo('serving').state);
    const second = officialMoveOf(walkTo('department_review', { proposal: { caseId: 'bp-2028-0150', form: 'rotation', position: 'Phó Chủ tịch UBND phường' } }).state);
    expect([first.officialId, first.caseId]).toEqual([OFFICIAL.id, 'bp-2025-0001']);
    expect([second.officialId, second.caseId]).toEqual([OFFICIAL.id, 'bp-2028-0150']);
    expect(second).toMatchObject({ form: 'rotation', position: 'Phó Chủ tịch UBND phường' });
  });
});

describe('timelineEntry', () => {
  it('the proposal: who, when, why, and the data without the rules snapshot', () => {
    const { history } = walkTo('department_review');
    const entry = timelineEntry(1, history[0]);
    expect(entry).toEqual({
      version: 1,
      type: 'CaseProposed',
      at: AT.propose,
      actor: { id: 'u-hr-tc-1', name: 'Trần Thị Bình', role: 'hr_officer' },
      reason: 'Phường Hải Châu thiếu công chức tài chính – kế toán sau sắp xếp đơn vị hành chính',
      documentNumber: null,
      data: {
        caseId: 'bp-2025-0001',
        form: 'secondment',
        official: OFFICIAL,
        sendingUnit: { id: 'so-tai-chinh', name: 'Sở Tài chính', kind: 'department' },
        receivingUnit: { id: 'phuong-hai-chau', name: 'Phường Hải Châu', kind: 'commune' },
        position: 'Kế toán ngân sách phường',
        plannedStart: '2025-10-09',
        term: { months: 36, days: 0 },
        reason: 'Phường Hải Châu thiếu công chức tài chính – kế toán sau sắp xếp đơn vị hành chính',
        legalBasisOverride: null,
        firstStage: 'department_review',
      },
    });
    expect(entry.data).not.toHaveProperty('rules');
    expect(history[0].data).toHaveProperty('rules');
  });

  it('each step of a walked case, numbered by version, with its document and reason', () => {
    const { history } = walkTo('ending');
    const timeline = history.map((event, i) => timelineEntry(i + 1, event));
    expect(timeline.map((e) => [e.version, e.type, e.actor.role, e.documentNumber, e.reason])).toEqual([
      [1, 'CaseProposed', 'hr_officer', null, 'Phường Hải Châu thiếu công chức tài chính – kế toán sau sắp xếp đơn vị hành chính'],
      [2, 'StageApproved', 'department_head', null, null],
      [3, 'StageApproved', 'home_affairs_officer', null, null],
      [4, 'PartyOpinionRecorded', 'party_secretariat', '512-CV/TU', null],
      [5, 'DecisionIssued', 'home_affairs_officer', '2345/QĐ-UBND', null],
      [6, 'ArrivalConfirmed', 'commune_leader', null, null],
      [7, 'TermStarted', 'system', null, null],
      [8, 'TermEndReminderDue', 'system', null, null],
    ]);
    expect(timeline[4].data).toMatchObject({ decisionNumber: '2345/QĐ-UBND', termEnd: '2028-10-08', attachments: [{ kind: 'units_agreement' }, { kind: 'meeting_record' }] });
    expect(timeline[7]).toMatchObject({ at: '2028-07-09T17:00:00.000Z', data: { daysBefore: 90, termEnd: '2028-10-08', timerKey: 'reminder:2028-10-08:90' } });
  });

  it('a comment is shown as the reason when there is no reason', () => {
    const approved = act(walkTo('department_review'), { type: 'approve', comment: 'Đồng ý, đề nghị Sở Nội vụ thẩm định', actor: ACTORS.head, at: AT.departmentReview });
    expect(timelineEntry(2, approved.history[1])).toMatchObject({ reason: 'Đồng ý, đề nghị Sở Nội vụ thẩm định', documentNumber: null });
  });

  it('a correction shows its own document number and reason', () => {
    const corrected = act(walkTo('decision_issued'), correctDecisionCommand({ changes: { decisionNumber: '2346/QĐ-UBND' }, reason: 'Đính chính số quyết định' }));
    expect(timelineEntry(6, corrected.history[5])).toMatchObject({
      version: 6,
      type: 'DecisionCorrected',
      documentNumber: '2401/QĐ-UBND',
      reason: 'Đính chính số quyết định',
      data: { correctsVersion: 5, correctsDecisionNumber: '2345/QĐ-UBND', changes: { decisionNumber: '2346/QĐ-UBND' } },
    });
  });

  it('an extension shows its decision number and reason', () => {
    const extended = act(walkTo('serving', TWO_YEARS), extendCommand({ reason: 'Phường chưa tuyển được công chức' }));
    expect(timelineEntry(8, extended.history[7])).toMatchObject({ type: 'TermExtended', documentNumber: '1500/QĐ-UBND', reason: 'Phường chưa tuyển được công chức', actor: { role: 'department_head' } });
  });

  it('a deputy’s action names the approver they stood in for', () => {
    const deputy: Actor = { id: 'u-pgd-tc', name: 'Phan Văn Phúc', role: 'department_head', unitId: 'so-tai-chinh', personId: 'cc-000777', onBehalfOf: { id: ACTORS.head.id, name: ACTORS.head.name } };
    const approved = act(walkTo('department_review'), { type: 'approve', actor: deputy, at: AT.departmentReview });
    expect(timelineEntry(2, approved.history[1]).actor).toEqual({ id: 'u-pgd-tc', name: 'Phan Văn Phúc', role: 'department_head', onBehalfOf: { id: 'u-gd-tc', name: 'Lê Văn Cường' } });
    expect(timelineEntry(1, approved.history[0]).actor).not.toHaveProperty('onBehalfOf');
  });

  it('the entry’s data is a copy: changing it leaves the event alone', () => {
    const { history } = walkTo('decision_issued');
    const entry = timelineEntry(5, history[4]);
    (entry.data as { decisionNumber: string }).decisionNumber = 'changed';
    expect(history[4].data).toMatchObject({ decisionNumber: '2345/QĐ-UBND' });
  });
});
