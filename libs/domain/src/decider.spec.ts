/**
 * The decider, given/when/then: given a history (events folded with `fold`), when a command, then
 * the exact events, or the refusal (kind, rule and, for invalid input, the field).
 */
import type { Actor } from './case';
import type { CaseCommand, CommandOf, CommandType } from './commands';
import { decide, handle } from './decider';
import { evolve, fold } from './evolve';
import { DomainError } from './errors';
import type { CaseEvent } from './events';
import { DEFAULT_CASE_RULES, type CaseRules } from './rules';
import {
  ACTORS,
  act,
  asTheOfficial,
  AT,
  confirmArrivalCommand,
  confirmReturnCommand,
  correctDecisionCommand,
  decideEndCommand,
  DECISION_ATTACHMENTS,
  HEALTH_CERTIFICATE,
  evaluationCommand,
  extendCommand,
  fire,
  fireCommand,
  given,
  issueDecisionCommand,
  meta,
  OFFICIAL,
  OTHER_COMMUNE,
  OTHER_DEPARTMENT,
  partyOpinionCommand,
  proposeCommand,
  recallEarlyCommand,
  RECEIVING_UNIT,
  refusal,
  refused,
  REINFORCEMENT,
  reportCommand,
  revokeDecisionCommand,
  ROTATION,
  SENDING_UNIT,
  TRANSFER,
  TWO_YEARS,
  walkTo,
  type Walked,
} from './testing/case-fixtures';

const LAW_OVERRIDE = 'Luật Viên chức 2010 sửa đổi 2019, điều 36 (biệt phái kéo dài theo luật chuyên ngành)';

/** A command of every type, with plausible fields, for refusals that do not depend on the fields. */
function sampleCommands(actor: Actor, at: string): CaseCommand[] {
  const samples: { [T in CommandType]: Omit<CommandOf<T>, 'actor' | 'at'> } = {
    propose: proposeCommand(),
    approve: { type: 'approve', comment: 'Đồng ý' },
    reject: { type: 'reject', reason: 'Không đủ điều kiện' },
    returnForChanges: { type: 'returnForChanges', reason: 'Bổ sung hồ sơ' },
    resubmit: { type: 'resubmit', changes: { position: 'Kế toán' } },
    withdraw: { type: 'withdraw', reason: 'Rút đề xuất' },
    recordPartyOpinion: { type: 'recordPartyOpinion', documentNumber: '1-CV/TU', documentDate: '2025-09-30', opinion: 'agree' },
    issueDecision: { type: 'issueDecision', decisionNumber: '1/QĐ', decisionDate: '2025-10-03', signer: { name: 'A', title: 'B' }, effectiveDate: '2025-10-09', attachments: [...DECISION_ATTACHMENTS] },
    correctDecision: { type: 'correctDecision', documentNumber: '2/QĐ', documentDate: '2025-10-04', reason: 'Đính chính', changes: { decisionNumber: '3/QĐ' } },
    revokeDecision: { type: 'revokeDecision', documentNumber: '4/QĐ', documentDate: '2025-10-04', reason: 'Thu hồi' },
    confirmArrival: { type: 'confirmArrival', arrivedOn: '2025-10-09' },
    recordEvaluation: { type: 'recordEvaluation', period: '2025-2026', rating: 'good' },
    submitReport: { type: 'submitReport', kind: 'weekly', period: '2025-W42', summary: 'Đã hoàn thành' },
    extend: { type: 'extend', decisionNumber: '5/QĐ', decisionDate: '2025-10-04', by: { months: 6, days: 0 }, reason: 'Gia hạn' },
    recallEarly: { type: 'recallEarly', decisionNumber: '6/QĐ', decisionDate: '2025-10-04', lastDay: '2025-10-31', reason: 'Rút về' },
    decideEnd: { type: 'decideEnd', decisionNumber: '7/QĐ', decisionDate: '2025-10-04' },
    confirmReturn: { type: 'confirmReturn', returnedOn: '2025-10-05', placement: { position: 'Chuyên viên', unitName: 'Phòng Ngân sách' } },
    fireTimer: { type: 'fireTimer', key: 'deadline:department_review:v1:1' },
  };
  return Object.values(samples).map((sample) => ({ ...sample, actor, at }));
}

/** Walks a case to serving, then applies `command`s one after another. */
function then(walked: Walked, ...commands: CaseCommand[]): Walked {
  return commands.reduce(act, walked);
}

describe('the decider', () => {
  describe('given nothing (a new case)', () => {
    it.each(sampleCommands(ACTORS.homeAffairs, AT.decision).filter((c) => c.type !== 'propose'))('refuses $type: the case has not been proposed', (command) => {
      expect(refused(command, null)).toMatchObject({ kind: 'wrong_stage', rule: 'stage', stage: 'new' });
    });

    it('refuses an actor without a valid role or id, whatever the command', () => {
      expect(refused(proposeCommand({ actor: { ...ACTORS.hr, role: 'janitor' as never } }), null)).toMatchObject({ kind: 'invalid', field: 'actor.role', rule: 'enum' });
      expect(refused(proposeCommand({ actor: { ...ACTORS.hr, id: '  ' } }), null)).toMatchObject({ kind: 'invalid', field: 'actor.id', rule: 'required' });
      expect(refused(proposeCommand({ actor: undefined as never }), null)).toMatchObject({ kind: 'invalid', field: 'actor' });
    });

    it('refuses a command without a real instant, whatever the command', () => {
      expect(refused(proposeCommand({ at: 'tomorrow' }), null)).toMatchObject({ kind: 'invalid', field: 'at', rule: 'instant' });
      expect(refused(proposeCommand({ at: undefined as never }), null)).toMatchObject({ kind: 'invalid', field: 'at', rule: 'instant' });
      const walked = walkTo('department_review');
      // A timer is never fired on a malformed time (the due-time comparison would pass with NaN).
      expect(refused({ type: 'fireTimer', key: 'deadline:department_review:v1:1', actor: ACTORS.system, at: 'not-a-time' }, walked.state)).toMatchObject({ kind: 'invalid', field: 'at' });
    });

    it('refuses an unknown command type on an existing case', () => {
      const state = given(walkTo('department_review').history);
      expect(refused({ type: 'promote', actor: ACTORS.head, at: AT.departmentReview } as never, state)).toMatchObject({ kind: 'invalid', field: 'type', rule: 'enum' });
    });
  });

  describe('propose', () => {
    it('records the proposal with the form’s default term and the rules snapshot, and opens department review', () => {
      const command = proposeCommand({ requestId: 'req-7f3a' });
      const events = decide(command, null);
      expect(events).toEqual([
        {
          type: 'CaseProposed',
          data: {
            caseId: 'bp-2025-0001',
            form: 'secondment',
            official: OFFICIAL,
            sendingUnit: SENDING_UNIT,
            receivingUnit: RECEIVING_UNIT,
            position: 'Kế toán ngân sách phường',
            plannedStart: '2025-10-09',
            term: { months: 36, days: 0 },
            reason: 'Phường Hải Châu thiếu công chức tài chính – kế toán sau sắp xếp đơn vị hành chính',
            legalBasisOverride: null,
            rules: DEFAULT_CASE_RULES,
            firstStage: 'department_review',
          },
          actor: ACTORS.hr,
          at: AT.propose,
          requestId: 'req-7f3a',
        },
      ]);
      const state = given(events);
      expect(state).toMatchObject({ version: 1, stage: 'department_review', proposer: ACTORS.hr, proposedAt: AT.propose, stageOpenedAt: AT.propose, stageOpenedVersion: 1 });
    });

    it('trims text and keeps an official without a title without one', () => {
      const [event] = decide(proposeCommand({ position: '  Kế toán  ', reason: ' Thiếu người ', official: { id: OFFICIAL.id, name: OFFICIAL.name } }), null);
      expect(event.data).toMatchObject({ position: 'Kế toán', reason: 'Thiếu người', official: { id: OFFICIAL.id, name: OFFICIAL.name } });
      expect((event.data as { official: object }).official).not.toHaveProperty('title');
    });

    it('may be made by the Home Affairs office or by the leader of a sending commune', () => {
      expect(decide(proposeCommand({ actor: ACTORS.homeAffairs }), null)).toEqual([expect.objectContaining({ type: 'CaseProposed', actor: ACTORS.homeAffairs })]);
      const fromCommune = proposeCommand({ actor: ACTORS.otherCommuneLeader, sendingUnit: OTHER_COMMUNE });
      expect(decide(fromCommune, null)).toEqual([expect.objectContaining({ type: 'CaseProposed', actor: ACTORS.otherCommuneLeader })]);
    });

    it('is refused on a case that already exists', () => {
      const state = given(walkTo('department_review').history);
      expect(refused(proposeCommand(), state)).toMatchObject({ kind: 'wrong_stage', stage: 'department_review' });
    });

    it.each([
      ['an HR officer of another department', ACTORS.otherHr],
      ['the department head', ACTORS.head],
      ['the leader of the receiving commune', ACTORS.communeLeader],
      ['the Party secretariat', ACTORS.party],
      ['the official', { ...ACTORS.official, personId: 'someone-else' }],
      ['the system', ACTORS.system],
    ])('is forbidden to %s', (_who, actor: Actor) => {
      expect(refused(proposeCommand({ actor }), null)).toMatchObject({ kind: 'forbidden', rule: 'not_authorised' });
    });

    it('is forbidden to someone nominating themselves', () => {
      expect(refused(proposeCommand({ actor: asTheOfficial(ACTORS.hr) }), null)).toMatchObject({ kind: 'forbidden', rule: 'own_case' });
    });

    it.each<[string, Partial<CommandOf<'propose'>>, string, string]>([
      ['no case id', { caseId: ' ' }, 'caseId', 'required'],
      ['an unknown form', { form: 'loan' as never }, 'form', 'enum'],
      ['no official', { official: undefined }, 'official', 'required'],
      ['an official without an id', { official: { id: '', name: 'X' } }, 'official.id', 'required'],
      ['an official without a name', { official: { id: 'cc-1', name: '' } }, 'official.name', 'required'],
      ['no sending unit', { sendingUnit: undefined }, 'sendingUnit', 'required'],
      ['a sending unit of an unknown kind', { sendingUnit: { ...SENDING_UNIT, kind: 'ministry' as never } }, 'sendingUnit.kind', 'enum'],
      ['a receiving unit without a name', { receivingUnit: { ...RECEIVING_UNIT, name: '' } }, 'receivingUnit.name', 'required'],
      ['the same unit on both sides', { receivingUnit: SENDING_UNIT }, 'receivingUnit', 'different_units'],
      ['an impossible planned start', { plannedStart: '2025-02-30' }, 'plannedStart', 'date'],
      ['a planned start with a time', { plannedStart: '2025-10-09T00:00:00Z' }, 'plannedStart', 'date'],
      ['negative months', { term: { months: -1, days: 0 } }, 'term.months', 'whole_number'],
      ['fractional days', { term: { months: 1, days: 1.5 } }, 'term.days', 'whole_number'],
      ['a zero term', { term: { months: 0, days: 0 } }, 'term', 'positive_term'],
      ['a term that is not an object', { term: 36 as never }, 'term', 'term'],
      ['no position', { position: '' }, 'position', 'required'],
      ['a blank reason', { reason: '   ' }, 'reason', 'required'],
      ['a reason over 2000 characters', { reason: 'x'.repeat(2001) }, 'reason', 'max_length'],
      ['an empty legal basis override', { legalBasisOverride: '' }, 'legalBasisOverride', 'required'],
      ['a broken rules document', { rules: { ...DEFAULT_CASE_RULES, version: 0 } }, 'rules.version', 'rules'],
      ['rules with stages out of order', { rules: { ...DEFAULT_CASE_RULES, approvalStages: { ...DEFAULT_CASE_RULES.approvalStages, secondment: ['home_affairs_appraisal', 'department_review'] } } }, 'rules.approvalStages.secondment', 'rules'],
    ])('is invalid with %s', (_what, overrides, field, rule) => {
      expect(refused(proposeCommand(overrides), null)).toMatchObject({ kind: 'invalid', field, rule });
    });

    describe('secondment: at most 36 months in total', () => {
      it('accepts exactly 36 months', () => {
        expect(decide(proposeCommand({ term: { months: 36, days: 0 } }), null)[0].data).toMatchObject({ term: { months: 36, days: 0 } });
      });

      it.each([
        { months: 36, days: 1 },
        { months: 37, days: 0 },
        { months: 35, days: 40 },
      ])('refuses %o, naming the rule, the field and the legal basis', (term) => {
        const error = refused(proposeCommand({ term }), null);
        expect(error).toMatchObject({ kind: 'rule', rule: 'secondment_term_cap', field: 'term' });
        expect(error.legalBasis).toContain('170/2025');
        expect(error.message).toContain('legalBasisOverride');
      });

      it('accepts a longer term when a specific law is cited, and records the citation', () => {
        const [event] = decide(proposeCommand({ term: { months: 48, days: 0 }, legalBasisOverride: ` ${LAW_OVERRIDE} ` }), null);
        expect(event.data).toMatchObject({ term: { months: 48, days: 0 }, legalBasisOverride: LAW_OVERRIDE });
      });
    });

    describe('reinforcement: up to 6 months, no override', () => {
      it('needs a term (there is no default)', () => {
        expect(refused(proposeCommand({ form: 'reinforcement' }), null)).toMatchObject({ kind: 'invalid', field: 'term', rule: 'required' });
      });

      it.each([
        { months: 0, days: 14 },
        { months: 6, days: 0 },
      ])('accepts %o', (term) => {
        expect(decide(proposeCommand({ form: 'reinforcement', term }), null)[0].data).toMatchObject({ form: 'reinforcement', term });
      });

      it('refuses more than 6 months, even citing a law', () => {
        expect(refused(proposeCommand({ form: 'reinforcement', term: { months: 6, days: 1 } }), null)).toMatchObject({ kind: 'rule', rule: 'reinforcement_term_cap', field: 'term' });
        const cited = refused(proposeCommand({ form: 'reinforcement', term: { months: 7, days: 0 }, legalBasisOverride: LAW_OVERRIDE }), null);
        expect(cited).toMatchObject({ kind: 'rule', rule: 'reinforcement_term_cap', field: 'term' });
        expect(cited.message).not.toContain('legalBasisOverride');
      });
    });

    describe('rotation: at least 36 months', () => {
      it('defaults to 36 months and accepts longer (no cap)', () => {
        expect(decide(proposeCommand({ form: 'rotation' }), null)[0].data).toMatchObject({ term: { months: 36, days: 0 } });
        expect(decide(proposeCommand({ form: 'rotation', term: { months: 60, days: 0 } }), null)[0].data).toMatchObject({ term: { months: 60, days: 0 } });
        // From 2025-10-09, 35 months and 30 days also end on 2028-10-08: the minimum, met exactly.
        expect(decide(proposeCommand({ form: 'rotation', term: { months: 35, days: 30 } }), null)[0].type).toBe('CaseProposed');
      });

      it.each([
        { months: 24, days: 0 },
        { months: 35, days: 29 },
      ])('refuses %o', (term) => {
        const error = refused(proposeCommand({ form: 'rotation', term }), null);
        expect(error).toMatchObject({ kind: 'rule', rule: 'rotation_min_term', field: 'term' });
        expect(error.legalBasis).toContain('65-QĐ/TW');
      });
    });

    describe('transfer: permanent, no term', () => {
      it('records no term', () => {
        expect(decide(proposeCommand({ form: 'transfer' }), null)[0].data).toMatchObject({ form: 'transfer', term: null, firstStage: 'department_review' });
      });

      it('refuses a term', () => {
        expect(refused(proposeCommand({ form: 'transfer', term: { months: 12, days: 0 } }), null)).toMatchObject({ kind: 'invalid', field: 'term', rule: 'transfer_has_no_term' });
      });
    });
  });

  describe('approve', () => {
    it('department review: the head of the sending department approves, and Home Affairs appraisal opens', () => {
      const history = walkTo('department_review').history;
      const command: CaseCommand = { type: 'approve', comment: ' Đồng ý cử ', actor: ACTORS.head, at: AT.departmentReview };
      const events = decide(command, given(history));
      expect(events).toEqual([{ type: 'StageApproved', data: { stage: 'department_review', comment: 'Đồng ý cử', nextStage: 'home_affairs_appraisal' }, ...meta(command) }]);
      const state = given([...history, ...events]);
      expect(state).toMatchObject({ stage: 'home_affairs_appraisal', stageOpenedAt: AT.departmentReview, stageOpenedVersion: 2, escalationLevel: 0 });
      expect(state.approvals).toEqual([{ stage: 'department_review', by: ACTORS.head, at: AT.departmentReview }]);
    });

    it('Home Affairs appraisal: a Home Affairs officer approves, and the Party committee’s turn opens', () => {
      const history = walkTo('home_affairs_appraisal').history;
      const command: CaseCommand = { type: 'approve', actor: ACTORS.homeAffairs, at: AT.appraisal };
      expect(decide(command, given(history))).toEqual([
        { type: 'StageApproved', data: { stage: 'home_affairs_appraisal', comment: null, nextStage: 'party_committee_approval' }, ...meta(command) },
      ]);
    });

    it('a delegated deputy acts on behalf of the head, and the event says so', () => {
      const deputy: Actor = { id: 'u-pgd-tc', name: 'Phan Văn Phúc', role: 'department_head', unitId: SENDING_UNIT.id, onBehalfOf: { id: ACTORS.head.id, name: ACTORS.head.name } };
      const [event] = decide({ type: 'approve', actor: deputy, at: AT.departmentReview }, given(walkTo('department_review').history));
      expect(event.actor.onBehalfOf).toEqual({ id: ACTORS.head.id, name: ACTORS.head.name });
    });

    it.each<[string, Actor]>([
      ['the head of another department', ACTORS.otherHead],
      ['an HR officer of the sending department', ACTORS.hr2],
      ['a Home Affairs officer', ACTORS.homeAffairs],
      ['the receiving commune’s leader', ACTORS.communeLeader],
    ])('department review is forbidden to %s', (_who, actor) => {
      expect(refused({ type: 'approve', actor, at: AT.departmentReview }, given(walkTo('department_review').history))).toMatchObject({ kind: 'forbidden', rule: 'not_authorised' });
    });

    it.each<[string, Actor]>([
      ['the sending department’s head', ACTORS.head],
      ['the Party secretariat', ACTORS.party],
    ])('appraisal is forbidden to %s', (_who, actor) => {
      expect(refused({ type: 'approve', actor, at: AT.appraisal }, given(walkTo('home_affairs_appraisal').history))).toMatchObject({ kind: 'forbidden', rule: 'not_authorised' });
    });

    it('nobody approves a case about themselves', () => {
      const state = given(walkTo('department_review').history);
      expect(refused({ type: 'approve', actor: asTheOfficial(ACTORS.head), at: AT.departmentReview }, state)).toMatchObject({ kind: 'forbidden', rule: 'own_case' });
      expect(refused({ type: 'approve', actor: ACTORS.official, at: AT.departmentReview }, state)).toMatchObject({ kind: 'forbidden', rule: 'own_case' });
    });

    it('the proposer cannot approve their own proposal (separation of duties); another officer can', () => {
      const history = walkTo('home_affairs_appraisal', { proposal: { actor: ACTORS.homeAffairs } }).history;
      const error = refused({ type: 'approve', actor: ACTORS.homeAffairs, at: AT.appraisal }, given(history));
      expect(error).toMatchObject({ kind: 'rule', rule: 'separation_of_duties' });
      expect(error.legalBasis).toBeTruthy();
      expect(decide({ type: 'approve', actor: ACTORS.homeAffairs2, at: AT.appraisal }, given(history))).toEqual([expect.objectContaining({ type: 'StageApproved' })]);
    });

    it('a commune leader who proposed from their commune cannot also approve it as its head', () => {
      const history = walkTo('department_review', { proposal: { actor: ACTORS.otherCommuneLeader, sendingUnit: OTHER_COMMUNE } }).history;
      expect(refused({ type: 'approve', actor: ACTORS.otherCommuneLeader, at: AT.departmentReview }, given(history))).toMatchObject({ kind: 'rule', rule: 'separation_of_duties' });
      const viceChair: Actor = { id: 'u-pct-hoa-vang', name: 'Tạ Thị Quyên', role: 'commune_leader', unitId: OTHER_COMMUNE.id };
      expect(decide({ type: 'approve', actor: viceChair, at: AT.departmentReview }, given(history))[0].data).toEqual({ stage: 'department_review', comment: null, nextStage: 'home_affairs_appraisal' });
    });

    it.each(['party_committee_approval', 'awaiting_decision', 'decision_issued', 'serving'] as const)('is refused at %s', (stage) => {
      expect(refused({ type: 'approve', actor: ACTORS.homeAffairs2, at: '2025-10-20T03:00:00.000Z' }, given(walkTo(stage).history))).toMatchObject({ kind: 'wrong_stage', rule: 'stage', stage });
    });

    it('is refused on a proposal returned for changes', () => {
      const walked = then(walkTo('department_review'), { type: 'returnForChanges', reason: 'Thiếu biên bản', actor: ACTORS.head, at: AT.departmentReview });
      expect(refused({ type: 'approve', actor: ACTORS.head, at: AT.departmentReview }, walked.state)).toMatchObject({ kind: 'wrong_stage', stage: 'proposed' });
    });

    it('refuses an empty comment (omit it instead)', () => {
      expect(refused({ type: 'approve', comment: ' ', actor: ACTORS.head, at: AT.departmentReview }, given(walkTo('department_review').history))).toMatchObject({ kind: 'invalid', field: 'comment' });
    });
  });

  describe('reject', () => {
    it.each([
      ['department_review', ACTORS.head],
      ['home_affairs_appraisal', ACTORS.homeAffairs],
      ['awaiting_decision', ACTORS.homeAffairs],
    ] as const)('at %s: rejected with the reason, and closed', (stage, actor) => {
      const history = walkTo(stage).history;
      const command: CaseCommand = { type: 'reject', reason: ' Không đủ tiêu chuẩn ', actor, at: '2025-10-02T03:00:00.000Z' };
      const events = decide(command, given(history));
      expect(events).toEqual([
        { type: 'CaseRejected', data: { stage, reason: 'Không đủ tiêu chuẩn' }, ...meta(command) },
        { type: 'CaseClosed', data: { outcome: 'rejected' }, ...meta(command) },
      ]);
      expect(given([...history, ...events])).toMatchObject({ stage: 'closed', outcome: 'rejected', closedAt: command.at });
    });

    it('needs a reason', () => {
      expect(refused({ type: 'reject', reason: '', actor: ACTORS.head, at: AT.departmentReview }, given(walkTo('department_review').history))).toMatchObject({ kind: 'invalid', field: 'reason', rule: 'required' });
    });

    it('is refused at the Party committee (its disagreement is an opinion) and after the decision', () => {
      expect(refused({ type: 'reject', reason: 'x', actor: ACTORS.homeAffairs, at: AT.partyOpinion }, given(walkTo('party_committee_approval').history))).toMatchObject({ kind: 'wrong_stage', stage: 'party_committee_approval' });
      expect(refused({ type: 'reject', reason: 'x', actor: ACTORS.homeAffairs, at: AT.arrival }, given(walkTo('decision_issued').history))).toMatchObject({ kind: 'wrong_stage', stage: 'decision_issued' });
    });

    it('is forbidden to the wrong people', () => {
      expect(refused({ type: 'reject', reason: 'x', actor: ACTORS.otherHead, at: AT.departmentReview }, given(walkTo('department_review').history))).toMatchObject({ kind: 'forbidden', rule: 'not_authorised' });
      expect(refused({ type: 'reject', reason: 'x', actor: ACTORS.head, at: AT.appraisal }, given(walkTo('home_affairs_appraisal').history))).toMatchObject({ kind: 'forbidden', rule: 'not_authorised' });
      expect(refused({ type: 'reject', reason: 'x', actor: ACTORS.head, at: AT.decision }, given(walkTo('awaiting_decision').history))).toMatchObject({ kind: 'forbidden', rule: 'not_authorised' });
      expect(refused({ type: 'reject', reason: 'x', actor: asTheOfficial(ACTORS.head), at: AT.departmentReview }, given(walkTo('department_review').history))).toMatchObject({ kind: 'forbidden', rule: 'own_case' });
    });

    it('the proposer cannot reject their own proposal', () => {
      const history = walkTo('home_affairs_appraisal', { proposal: { actor: ACTORS.homeAffairs } }).history;
      expect(refused({ type: 'reject', reason: 'x', actor: ACTORS.homeAffairs, at: AT.appraisal }, given(history))).toMatchObject({ kind: 'rule', rule: 'separation_of_duties' });
    });
  });

  describe('returnForChanges', () => {
    it.each([
      ['department_review', ACTORS.head],
      ['home_affairs_appraisal', ACTORS.homeAffairs],
    ] as const)('at %s: back to the proposer, stage proposed', (stage, actor) => {
      const history = walkTo(stage).history;
      const command: CaseCommand = { type: 'returnForChanges', reason: 'Bổ sung biên bản gặp công chức', actor, at: '2025-09-25T03:00:00.000Z' };
      const events = decide(command, given(history));
      expect(events).toEqual([{ type: 'ReturnedForChanges', data: { stage, reason: 'Bổ sung biên bản gặp công chức' }, ...meta(command) }]);
      expect(given([...history, ...events])).toMatchObject({ stage: 'proposed', stageOpenedAt: command.at, stageOpenedVersion: history.length + 1 });
    });

    it('needs a reason', () => {
      expect(refused({ type: 'returnForChanges', reason: undefined as never, actor: ACTORS.head, at: AT.departmentReview }, given(walkTo('department_review').history))).toMatchObject({ kind: 'invalid', field: 'reason' });
    });

    it('is refused after appraisal', () => {
      expect(refused({ type: 'returnForChanges', reason: 'x', actor: ACTORS.homeAffairs, at: AT.decision }, given(walkTo('awaiting_decision').history))).toMatchObject({ kind: 'wrong_stage', stage: 'awaiting_decision' });
      expect(refused({ type: 'returnForChanges', reason: 'x', actor: ACTORS.party, at: AT.partyOpinion }, given(walkTo('party_committee_approval').history))).toMatchObject({ kind: 'wrong_stage', stage: 'party_committee_approval' });
    });

    it('is forbidden to the wrong people and to the proposer', () => {
      expect(refused({ type: 'returnForChanges', reason: 'x', actor: ACTORS.hr, at: AT.departmentReview }, given(walkTo('department_review').history))).toMatchObject({ kind: 'forbidden', rule: 'not_authorised' });
      expect(refused({ type: 'returnForChanges', reason: 'x', actor: ACTORS.official, at: AT.departmentReview }, given(walkTo('department_review').history))).toMatchObject({ kind: 'forbidden', rule: 'own_case' });
      const byHomeAffairs = walkTo('home_affairs_appraisal', { proposal: { actor: ACTORS.homeAffairs } }).history;
      expect(refused({ type: 'returnForChanges', reason: 'x', actor: ACTORS.homeAffairs, at: AT.appraisal }, given(byHomeAffairs))).toMatchObject({ kind: 'rule', rule: 'separation_of_duties' });
    });
  });

  describe('resubmit', () => {
    const returned = () => then(walkTo('home_affairs_appraisal'), { type: 'returnForChanges', reason: 'Điều chỉnh thời hạn', actor: ACTORS.homeAffairs, at: AT.appraisal });
    const at = '2025-09-26T03:00:00.000Z';

    it('the proposer resubmits with changes; the case starts the approval path again with no approvals', () => {
      const { history } = returned();
      const command: CaseCommand = {
        type: 'resubmit',
        changes: { position: 'Kế toán – tài chính', term: { months: 24, days: 0 }, plannedStart: '2025-11-03' },
        comment: 'Đã điều chỉnh',
        actor: ACTORS.hr,
        at,
      };
      const events = decide(command, given(history));
      expect(events).toEqual([
        {
          type: 'ProposalResubmitted',
          data: { changes: { position: 'Kế toán – tài chính', term: { months: 24, days: 0 }, plannedStart: '2025-11-03' }, comment: 'Đã điều chỉnh', firstStage: 'department_review' },
          ...meta(command),
        },
      ]);
      const state = given([...history, ...events]);
      expect(state).toMatchObject({ stage: 'department_review', position: 'Kế toán – tài chính', term: { months: 24, days: 0 }, plannedStart: '2025-11-03', approvals: [], stageOpenedAt: at });
      expect(state.receivingUnit).toEqual(RECEIVING_UNIT);
    });

    it('another HR officer of the sending department may resubmit, with no changes', () => {
      expect(decide({ type: 'resubmit', changes: {}, actor: ACTORS.hr2, at }, returned().state)).toEqual([
        { type: 'ProposalResubmitted', data: { changes: {}, comment: null, firstStage: 'department_review' }, actor: ACTORS.hr2, at, requestId: null },
      ]);
    });

    it('may change the receiving unit, but not to the sending unit', () => {
      const state = returned().state;
      expect(decide({ type: 'resubmit', changes: { receivingUnit: OTHER_COMMUNE }, actor: ACTORS.hr, at }, state)[0].data).toMatchObject({ changes: { receivingUnit: OTHER_COMMUNE } });
      expect(refused({ type: 'resubmit', changes: { receivingUnit: SENDING_UNIT }, actor: ACTORS.hr, at }, state)).toMatchObject({ kind: 'invalid', field: 'changes.receivingUnit', rule: 'different_units' });
    });

    it.each<[string, CommandOf<'resubmit'>['changes'], string, string]>([
      ['an impossible planned start', { plannedStart: '2025-11-31' }, 'changes.plannedStart', 'date'],
      ['an empty position', { position: '' }, 'changes.position', 'required'],
      ['an empty reason', { reason: ' ' }, 'changes.reason', 'required'],
      ['a zero term', { term: { months: 0, days: 0 } }, 'changes.term', 'positive_term'],
      ['a receiving unit of no kind', { receivingUnit: { id: 'x', name: 'X' } as never }, 'changes.receivingUnit.kind', 'enum'],
    ])('is invalid with %s', (_what, changes, field, rule) => {
      expect(refused({ type: 'resubmit', changes, actor: ACTORS.hr, at }, returned().state)).toMatchObject({ kind: 'invalid', field, rule });
    });

    it('keeps the 36-month cap, unless the change cites a law', () => {
      const state = returned().state;
      expect(refused({ type: 'resubmit', changes: { term: { months: 40, days: 0 } }, actor: ACTORS.hr, at }, state)).toMatchObject({ kind: 'rule', rule: 'secondment_term_cap', field: 'changes.term' });
      expect(decide({ type: 'resubmit', changes: { term: { months: 40, days: 0 }, legalBasisOverride: LAW_OVERRIDE }, actor: ACTORS.hr, at }, state)[0].data).toMatchObject({
        changes: { term: { months: 40, days: 0 }, legalBasisOverride: LAW_OVERRIDE },
      });
    });

    it('refuses a term for a transfer', () => {
      const walked = then(walkTo('department_review', TRANSFER), { type: 'returnForChanges', reason: 'x', actor: ACTORS.head, at: AT.departmentReview });
      expect(refused({ type: 'resubmit', changes: { term: { months: 12, days: 0 } }, actor: ACTORS.hr, at }, walked.state)).toMatchObject({ kind: 'invalid', field: 'changes.term', rule: 'transfer_has_no_term' });
    });

    it('is refused while the case is not with the proposer', () => {
      expect(refused({ type: 'resubmit', changes: {}, actor: ACTORS.hr, at }, given(walkTo('department_review').history))).toMatchObject({ kind: 'wrong_stage', stage: 'department_review' });
    });

    it('is forbidden to others', () => {
      const state = returned().state;
      expect(refused({ type: 'resubmit', changes: {}, actor: ACTORS.head, at }, state)).toMatchObject({ kind: 'forbidden', rule: 'not_authorised' });
      expect(refused({ type: 'resubmit', changes: {}, actor: ACTORS.otherHr, at }, state)).toMatchObject({ kind: 'forbidden', rule: 'not_authorised' });
      expect(refused({ type: 'resubmit', changes: {}, actor: asTheOfficial(ACTORS.hr2), at }, state)).toMatchObject({ kind: 'forbidden', rule: 'own_case' });
    });
  });

  describe('withdraw', () => {
    it.each([
      ['department_review', ACTORS.hr],
      ['home_affairs_appraisal', ACTORS.head],
      ['party_committee_approval', ACTORS.homeAffairs],
      ['awaiting_decision', ACTORS.hr2],
      ['decision_issued', ACTORS.homeAffairs2],
    ] as const)('at %s: withdrawn with the reason, and closed', (stage, actor) => {
      const history = walkTo(stage).history;
      const command: CaseCommand = { type: 'withdraw', reason: 'Công chức được cử đi học', actor, at: '2025-10-06T03:00:00.000Z' };
      const events = decide(command, given(history));
      expect(events).toEqual([
        { type: 'CaseWithdrawn', data: { stage, reason: 'Công chức được cử đi học' }, ...meta(command) },
        { type: 'CaseClosed', data: { outcome: 'withdrawn' }, ...meta(command) },
      ]);
      expect(given([...history, ...events])).toMatchObject({ stage: 'closed', outcome: 'withdrawn' });
    });

    it('may withdraw a proposal returned for changes', () => {
      const walked = then(walkTo('department_review'), { type: 'returnForChanges', reason: 'x', actor: ACTORS.head, at: AT.departmentReview });
      expect(decide({ type: 'withdraw', reason: 'Không cử nữa', actor: ACTORS.hr, at: AT.appraisal }, walked.state).map((e) => e.type)).toEqual(['CaseWithdrawn', 'CaseClosed']);
    });

    it.each(['posted', 'serving', 'ending'] as const)('is refused once posted (%s): revoke or recall instead', (stage) => {
      expect(refused({ type: 'withdraw', reason: 'x', actor: ACTORS.homeAffairs, at: '2028-07-20T03:00:00.000Z' }, given(walkTo(stage).history))).toMatchObject({ kind: 'wrong_stage', stage });
    });

    it.each<[string, Actor, string]>([
      ['the receiving commune’s leader', ACTORS.communeLeader, 'not_authorised'],
      ['the Party secretariat', ACTORS.party, 'not_authorised'],
      ['the head of another department', ACTORS.otherHead, 'not_authorised'],
      ['an HR officer of another department', ACTORS.otherHr, 'not_authorised'],
      ['the official', ACTORS.official, 'own_case'],
    ])('is forbidden to %s', (_who, actor, rule) => {
      expect(refused({ type: 'withdraw', reason: 'x', actor, at: AT.departmentReview }, given(walkTo('department_review').history))).toMatchObject({ kind: 'forbidden', rule });
    });

    it('needs a reason', () => {
      expect(refused({ type: 'withdraw', reason: '', actor: ACTORS.hr, at: AT.departmentReview }, given(walkTo('department_review').history))).toMatchObject({ kind: 'invalid', field: 'reason' });
    });
  });

  describe('recordPartyOpinion', () => {
    it('agree: the opinion is recorded with its document, and the decision is awaited', () => {
      const history = walkTo('party_committee_approval').history;
      const command = partyOpinionCommand({ comment: 'Thống nhất chủ trương' });
      const events = decide(command, given(history));
      expect(events).toEqual([
        {
          type: 'PartyOpinionRecorded',
          data: { documentNumber: '512-CV/TU', documentDate: '2025-09-30', opinion: 'agree', comment: 'Thống nhất chủ trương', nextStage: 'awaiting_decision' },
          ...meta(command),
        },
      ]);
      expect(given([...history, ...events])).toMatchObject({ stage: 'awaiting_decision', partyOpinion: { documentNumber: '512-CV/TU', documentDate: '2025-09-30', opinion: 'agree' } });
    });

    it('disagree: recorded, then the case is rejected and closed with the stated reason', () => {
      const history = walkTo('party_committee_approval').history;
      const command = partyOpinionCommand({ opinion: 'disagree', comment: 'Chưa phù hợp quy hoạch' });
      const events = decide(command, given(history));
      expect(events).toEqual([
        { type: 'PartyOpinionRecorded', data: { documentNumber: '512-CV/TU', documentDate: '2025-09-30', opinion: 'disagree', comment: 'Chưa phù hợp quy hoạch', nextStage: null }, ...meta(command) },
        { type: 'CaseRejected', data: { stage: 'party_committee_approval', reason: 'Chưa phù hợp quy hoạch' }, ...meta(command) },
        { type: 'CaseClosed', data: { outcome: 'rejected' }, ...meta(command) },
      ]);
      expect(given([...history, ...events])).toMatchObject({ stage: 'closed', outcome: 'rejected', partyOpinion: { opinion: 'disagree' } });
    });

    it.each<[string, Partial<CommandOf<'recordPartyOpinion'>>, string, string]>([
      ['a disagreement without a reason', { opinion: 'disagree' }, 'comment', 'required'],
      ['an opinion other than agree or disagree', { opinion: 'abstain' as never }, 'opinion', 'enum'],
      ['no document number', { documentNumber: '' }, 'documentNumber', 'required'],
      ['an impossible document date', { documentDate: '2025-09-31' }, 'documentDate', 'date'],
      ['a document dated after today', { documentDate: '2025-10-02' }, 'documentDate', 'not_in_future'],
    ])('is invalid with %s', (_what, overrides, field, rule) => {
      expect(refused(partyOpinionCommand(overrides), given(walkTo('party_committee_approval').history))).toMatchObject({ kind: 'invalid', field, rule });
    });

    it('a document dated today counts as today in Vietnam, not in UTC', () => {
      // 2025-10-01T18:00Z is already 2 October in Vietnam.
      const state = given(walkTo('party_committee_approval').history);
      expect(decide(partyOpinionCommand({ documentDate: '2025-10-02', at: '2025-10-01T18:00:00.000Z' }), state)[0].type).toBe('PartyOpinionRecorded');
      expect(refused(partyOpinionCommand({ documentDate: '2025-10-02', at: '2025-10-01T16:00:00.000Z' }), state)).toMatchObject({ kind: 'invalid', rule: 'not_in_future' });
    });

    it('is only for the Party secretariat', () => {
      const state = given(walkTo('party_committee_approval').history);
      expect(refused(partyOpinionCommand({ actor: ACTORS.homeAffairs }), state)).toMatchObject({ kind: 'forbidden', rule: 'not_authorised' });
      expect(refused(partyOpinionCommand({ actor: ACTORS.head }), state)).toMatchObject({ kind: 'forbidden', rule: 'not_authorised' });
      expect(refused(partyOpinionCommand({ actor: asTheOfficial(ACTORS.party) }), state)).toMatchObject({ kind: 'forbidden', rule: 'own_case' });
    });

    it('is refused outside the Party committee stage', () => {
      expect(refused(partyOpinionCommand(), given(walkTo('home_affairs_appraisal').history))).toMatchObject({ kind: 'wrong_stage', stage: 'home_affairs_appraisal' });
      expect(refused(partyOpinionCommand(), given(walkTo('awaiting_decision').history))).toMatchObject({ kind: 'wrong_stage', stage: 'awaiting_decision' });
    });
  });

  describe('issueDecision', () => {
    it('records the decision with its term end, and waits for arrival', () => {
      const history = walkTo('awaiting_decision').history;
      const command = issueDecisionCommand();
      const events = decide(command, given(history));
      expect(events).toEqual([
        {
          type: 'DecisionIssued',
          data: {
            decisionNumber: '2345/QĐ-UBND',
            decisionDate: '2025-10-03',
            signer: { name: 'Hồ Kỳ Minh', title: 'Phó Chủ tịch Thường trực UBND tỉnh' },
            effectiveDate: '2025-10-09',
            term: { months: 36, days: 0 },
            termEnd: '2028-10-08',
            attachments: [...DECISION_ATTACHMENTS],
            legalBasisOverride: null,
          },
          ...meta(command),
        },
      ]);
      const state = given([...history, ...events]);
      expect(state).toMatchObject({ stage: 'decision_issued', termEnd: '2028-10-08', termEndSetOn: '2025-10-03' });
      expect(state.decision).toMatchObject({ number: '2345/QĐ-UBND', effectiveDate: '2025-10-09', issuedInVersion: 5, corrections: 0 });
    });

    it('the head of the sending department may record it too, with a term of its own', () => {
      const [event] = decide(issueDecisionCommand({ actor: ACTORS.head, term: { months: 24, days: 0 } }), given(walkTo('awaiting_decision').history));
      expect(event.data).toMatchObject({ term: { months: 24, days: 0 }, termEnd: '2027-10-08' });
    });

    it('measures the term from the effective date', () => {
      const [event] = decide(issueDecisionCommand({ effectiveDate: '2025-11-01' }), given(walkTo('awaiting_decision').history));
      expect(event.data).toMatchObject({ effectiveDate: '2025-11-01', termEnd: '2028-10-31' });
    });

    it('cannot be issued without the units’ agreement and the record of the meeting with the official', () => {
      const state = given(walkTo('awaiting_decision').history);
      const none = refused(issueDecisionCommand({ attachments: [] }), state);
      expect(none).toMatchObject({ kind: 'rule', rule: 'decision_dossier', field: 'attachments' });
      expect(none.message).toContain('units_agreement');
      expect(none.message).toContain('meeting_record');
      const half = refused(issueDecisionCommand({ attachments: [DECISION_ATTACHMENTS[0]] }), state);
      expect(half).toMatchObject({ kind: 'rule', rule: 'decision_dossier' });
      expect(half.message).toContain('meeting_record');
      expect(half.message).not.toContain('units_agreement');
    });

    it('follows the configured dossier', () => {
      const rules: CaseRules = { ...DEFAULT_CASE_RULES, requiredDecisionAttachments: ['units_agreement', 'meeting_record', 'health_certificate'] };
      const state = given(walkTo('awaiting_decision', { proposal: { rules } }).history);
      expect(refused(issueDecisionCommand(), state)).toMatchObject({ kind: 'rule', rule: 'decision_dossier' });
      const withCertificate = [...DECISION_ATTACHMENTS, { kind: 'health_certificate' as const, documentId: 'sha256:77aa', name: 'Giấy khám sức khỏe' }];
      expect(decide(issueDecisionCommand({ attachments: withCertificate }), state)[0].type).toBe('DecisionIssued');
    });

    it.each<[string, Partial<CommandOf<'issueDecision'>>, string, string]>([
      ['no decision number', { decisionNumber: '' }, 'decisionNumber', 'required'],
      ['an impossible decision date', { decisionDate: '2025-02-29' }, 'decisionDate', 'date'],
      ['a decision dated after today', { decisionDate: '2025-10-04' }, 'decisionDate', 'not_in_future'],
      ['an effective date before the decision', { effectiveDate: '2025-10-02' }, 'effectiveDate', 'not_before_decision'],
      ['an impossible effective date', { effectiveDate: '2025-10-32' }, 'effectiveDate', 'date'],
      ['attachments that are not a list', { attachments: 'all' as never }, 'attachments', 'list'],
      ['an attachment of an unknown kind', { attachments: [{ kind: 'photo' as never, documentId: 'x', name: 'x' }] }, 'attachments[0].kind', 'enum'],
      ['an attachment without a document', { attachments: [{ ...DECISION_ATTACHMENTS[0] }, { ...DECISION_ATTACHMENTS[1], documentId: '' }] }, 'attachments[1].documentId', 'required'],
      ['no signer', { signer: undefined }, 'signer', 'required'],
      ['a signer without a title', { signer: { name: 'Hồ Kỳ Minh', title: '' } }, 'signer.title', 'required'],
      ['a zero term', { term: { months: 0, days: 0 } }, 'term', 'positive_term'],
      ['an empty legal basis override', { legalBasisOverride: ' ' }, 'legalBasisOverride', 'required'],
    ])('is invalid with %s', (_what, overrides, field, rule) => {
      expect(refused(issueDecisionCommand(overrides), given(walkTo('awaiting_decision').history))).toMatchObject({ kind: 'invalid', field, rule });
    });

    it('keeps the secondment within 36 months unless the decision cites a law', () => {
      const state = given(walkTo('awaiting_decision').history);
      expect(refused(issueDecisionCommand({ term: { months: 37, days: 0 } }), state)).toMatchObject({ kind: 'rule', rule: 'secondment_term_cap', field: 'term' });
      const [event] = decide(issueDecisionCommand({ term: { months: 48, days: 0 }, legalBasisOverride: LAW_OVERRIDE }), state);
      expect(event.data).toMatchObject({ termEnd: '2029-10-08', legalBasisOverride: LAW_OVERRIDE });
    });

    it('carries the proposal’s legal basis override into the decision', () => {
      const state = given(walkTo('awaiting_decision', { proposal: { term: { months: 48, days: 0 }, legalBasisOverride: LAW_OVERRIDE } }).history);
      expect(decide(issueDecisionCommand(), state)[0].data).toMatchObject({ term: { months: 48, days: 0 }, termEnd: '2029-10-08', legalBasisOverride: LAW_OVERRIDE });
    });

    it('a reinforcement cannot exceed 6 months, even citing a law', () => {
      const state = given(walkTo('awaiting_decision', REINFORCEMENT).history);
      expect(decide(issueDecisionCommand(), state)[0].data).toMatchObject({ term: { months: 3, days: 0 }, termEnd: '2026-01-08' });
      expect(refused(issueDecisionCommand({ term: { months: 7, days: 0 }, legalBasisOverride: LAW_OVERRIDE }), state)).toMatchObject({ kind: 'rule', rule: 'reinforcement_term_cap' });
    });

    it('a rotation lasts at least 36 months', () => {
      const state = given(walkTo('awaiting_decision', ROTATION).history);
      const dossier = [...DECISION_ATTACHMENTS, HEALTH_CERTIFICATE];
      expect(refused(issueDecisionCommand({ term: { months: 30, days: 0 }, attachments: dossier }), state)).toMatchObject({ kind: 'rule', rule: 'rotation_min_term', field: 'term' });
    });

    it('a rotation needs a health certificate issued within the 6 months before the decision', () => {
      const state = given(walkTo('awaiting_decision', ROTATION).history);
      const withCertificate = (issuedOn?: string) => issueDecisionCommand({ attachments: [...DECISION_ATTACHMENTS, { ...HEALTH_CERTIFICATE, ...(issuedOn ? { issuedOn } : { issuedOn: undefined }) }] });
      const rule = { kind: 'rule', rule: 'rotation_health_certificate', field: 'attachments', legalBasis: expect.stringContaining('65-QĐ/TW') };
      expect(refused(issueDecisionCommand(), state)).toMatchObject(rule);
      expect(refused(withCertificate(), state)).toMatchObject(rule);
      // The decision is dated 2025-10-03: a certificate of 2025-04-02 is too old, one of 2025-04-03 is not; none may postdate the decision.
      expect(refused(withCertificate('2025-04-02'), state)).toMatchObject(rule);
      expect(decide(withCertificate('2025-04-03'), state)[0].type).toBe('DecisionIssued');
      expect(refused(withCertificate('2025-10-04'), state)).toMatchObject(rule);
      expect(refused(withCertificate('2025-13-01'), state)).toMatchObject({ kind: 'invalid', field: 'attachments[2].issuedOn' });
      // A secondment needs none.
      expect(decide(issueDecisionCommand(), given(walkTo('awaiting_decision').history))[0].type).toBe('DecisionIssued');
    });

    it('a transfer’s decision has no term and no end; a term is refused', () => {
      const state = given(walkTo('awaiting_decision', TRANSFER).history);
      expect(decide(issueDecisionCommand(), state)[0].data).toMatchObject({ term: null, termEnd: null });
      expect(refused(issueDecisionCommand({ term: { months: 12, days: 0 } }), state)).toMatchObject({ kind: 'invalid', field: 'term', rule: 'transfer_has_no_term' });
      const posted = given(act(walkTo('awaiting_decision', TRANSFER), issueDecisionCommand()).history);
      expect(posted).toMatchObject({ stage: 'decision_issued', termEnd: null, termEndSetOn: null });
    });

    it('is refused before approval is complete and once issued', () => {
      expect(refused(issueDecisionCommand(), given(walkTo('party_committee_approval').history))).toMatchObject({ kind: 'wrong_stage', stage: 'party_committee_approval' });
      expect(refused(issueDecisionCommand(), given(walkTo('decision_issued').history))).toMatchObject({ kind: 'wrong_stage', stage: 'decision_issued' });
    });

    it('is forbidden to others', () => {
      const state = given(walkTo('awaiting_decision').history);
      expect(refused(issueDecisionCommand({ actor: ACTORS.communeLeader }), state)).toMatchObject({ kind: 'forbidden', rule: 'not_authorised' });
      expect(refused(issueDecisionCommand({ actor: ACTORS.otherHead }), state)).toMatchObject({ kind: 'forbidden', rule: 'not_authorised' });
      expect(refused(issueDecisionCommand({ actor: ACTORS.hr }), state)).toMatchObject({ kind: 'forbidden', rule: 'not_authorised' });
      expect(refused(issueDecisionCommand({ actor: asTheOfficial(ACTORS.homeAffairs) }), state)).toMatchObject({ kind: 'forbidden', rule: 'own_case' });
    });
  });

  describe('correctDecision', () => {
    const correction = (changes: CommandOf<'correctDecision'>['changes'], overrides: Partial<CommandOf<'correctDecision'>> = {}) => correctDecisionCommand({ changes, ...overrides });

    it('records a correction as a new event referring to the decision; the decision itself is not edited in history', () => {
      const history = walkTo('decision_issued').history;
      const command = correction({ decisionNumber: '2346/QĐ-UBND' });
      const events = decide(command, given(history));
      expect(events).toEqual([
        {
          type: 'DecisionCorrected',
          data: {
            correctsVersion: 5,
            correctsDecisionNumber: '2345/QĐ-UBND',
            documentNumber: '2401/QĐ-UBND',
            documentDate: '2025-10-06',
            reason: 'Đính chính sai sót',
            changes: { decisionNumber: '2346/QĐ-UBND' },
          },
          ...meta(command),
        },
      ]);
      const state = given([...history, ...events]);
      expect(state.decision).toMatchObject({ number: '2346/QĐ-UBND', issuedInVersion: 5, corrections: 1 });
      expect(history[4]).toMatchObject({ type: 'DecisionIssued', data: { decisionNumber: '2345/QĐ-UBND' } });
    });

    it('a corrected effective date moves the term end', () => {
      const history = walkTo('decision_issued').history;
      const [event] = decide(correction({ effectiveDate: '2025-10-15' }), given(history));
      expect(event.data).toMatchObject({ changes: { effectiveDate: '2025-10-15', termEnd: '2028-10-14' } });
      expect(given([...history, event])).toMatchObject({ termEnd: '2028-10-14', termEndSetOn: '2025-10-06', decision: { effectiveDate: '2025-10-15', termEnd: '2028-10-14' } });
    });

    it('a corrected term during the term moves the end', () => {
      const serving = walkTo('serving');
      const command = correction({ term: { months: 24, days: 0 }, signer: { name: 'Lê Trung Kiên', title: 'Chủ tịch UBND tỉnh' } }, { at: '2026-01-05T03:00:00.000Z', documentDate: '2026-01-05' });
      const [event] = decide(command, serving.state);
      expect(event.data).toMatchObject({ changes: { term: { months: 24, days: 0 }, termEnd: '2027-10-08', signer: { name: 'Lê Trung Kiên', title: 'Chủ tịch UBND tỉnh' } } });
      expect(given([...serving.history, event])).toMatchObject({ termEnd: '2027-10-08', termEndSetOn: '2026-01-05' });
    });

    it('a corrected term moves the case between serving and the end-or-extend window', () => {
      const serving = walkTo('serving');
      // 36 → 12 months, corrected on 2026-08-01: the end (2026-10-08) is within 90 days, so the window opens.
      const shortened = then(serving, correction({ term: { months: 12, days: 0 } }, { at: '2026-08-01T03:00:00.000Z', documentDate: '2026-08-01' }));
      expect(shortened.state).toMatchObject({ stage: 'ending', termEnd: '2026-10-08' });
      // And back: 12 → 24 months ends 2027-10-08, far from the window.
      const lengthened = then(shortened, correction({ term: { months: 24, days: 0 } }, { at: '2026-08-02T03:00:00.000Z', documentDate: '2026-08-02' }));
      expect(lengthened.state).toMatchObject({ stage: 'serving', termEnd: '2027-10-08' });
    });

    it('keeps the cap (unless a law is cited) and refuses a term that would already be over', () => {
      const serving = walkTo('serving');
      const later = { at: '2026-06-01T03:00:00.000Z', documentDate: '2026-06-01' };
      expect(refused(correction({ term: { months: 40, days: 0 } }, later), serving.state)).toMatchObject({ kind: 'rule', rule: 'secondment_term_cap', field: 'changes.term' });
      expect(decide(correction({ term: { months: 40, days: 0 }, legalBasisOverride: LAW_OVERRIDE }, later), serving.state)[0].data).toMatchObject({ changes: { termEnd: '2029-02-08' } });
      expect(refused(correction({ term: { months: 6, days: 0 } }, later), serving.state)).toMatchObject({ kind: 'invalid', field: 'changes.term', rule: 'not_in_past' });
    });

    it('cannot move the effective date once the term has started', () => {
      const error = refused(correction({ effectiveDate: '2025-10-15' }, { at: '2025-10-10T03:00:00.000Z', documentDate: '2025-10-10' }), walkTo('serving').state);
      expect(error).toMatchObject({ kind: 'wrong_stage', stage: 'serving' });
    });

    it('cannot correct the term after an extension', () => {
      const extended = then(walkTo('serving', TWO_YEARS), extendCommand({ by: { months: 6, days: 0 }, reason: 'Hoàn thành đề án' }));
      expect(refused(correction({ term: { months: 30, days: 0 } }, { at: '2027-06-02T03:00:00.000Z', documentDate: '2027-06-02' }), extended.state)).toMatchObject({ kind: 'wrong_stage' });
    });

    it.each<[string, CommandOf<'correctDecision'>['changes'], Partial<CommandOf<'correctDecision'>>, string, string]>([
      ['no change at all', {}, {}, 'changes', 'required'],
      ['an effective date before the decision', { effectiveDate: '2025-10-01' }, {}, 'changes.effectiveDate', 'not_before_decision'],
      ['an impossible decision date', { decisionDate: '2025-09-31' }, {}, 'changes.decisionDate', 'date'],
      ['a signer without a name', { signer: { name: '', title: 'Chủ tịch' } }, {}, 'changes.signer.name', 'required'],
      ['a correcting document dated after today', { decisionNumber: 'x' }, { documentDate: '2025-10-07' }, 'documentDate', 'not_in_future'],
      ['no correcting document number', { decisionNumber: 'x' }, { documentNumber: '' }, 'documentNumber', 'required'],
      ['no reason', { decisionNumber: 'x' }, { reason: '' }, 'reason', 'required'],
    ])('is invalid with %s', (_what, changes, overrides, field, rule) => {
      expect(refused(correction(changes, overrides), given(walkTo('decision_issued').history))).toMatchObject({ kind: 'invalid', field, rule });
    });

    it('refuses a term for a transfer', () => {
      const state = act(walkTo('awaiting_decision', TRANSFER), issueDecisionCommand()).state;
      expect(refused(correction({ term: { months: 12, days: 0 } }), state)).toMatchObject({ kind: 'invalid', field: 'changes.term', rule: 'transfer_has_no_term' });
    });

    it('is refused before a decision exists', () => {
      expect(refused(correction({ decisionNumber: 'x' }), given(walkTo('awaiting_decision').history))).toMatchObject({ kind: 'wrong_stage', stage: 'awaiting_decision' });
    });

    it('is forbidden to others', () => {
      const state = given(walkTo('decision_issued').history);
      expect(refused(correction({ decisionNumber: 'x' }, { actor: ACTORS.communeLeader }), state)).toMatchObject({ kind: 'forbidden', rule: 'not_authorised' });
      expect(refused(correction({ decisionNumber: 'x' }, { actor: ACTORS.hr }), state)).toMatchObject({ kind: 'forbidden', rule: 'not_authorised' });
      expect(refused(correction({ decisionNumber: 'x' }, { actor: asTheOfficial(ACTORS.head) }), state)).toMatchObject({ kind: 'forbidden', rule: 'own_case' });
    });
  });

  describe('revokeDecision', () => {
    it('revokes the decision by a new document, and closes the case', () => {
      const history = walkTo('decision_issued').history;
      const command = revokeDecisionCommand();
      const events = decide(command, given(history));
      expect(events).toEqual([
        { type: 'DecisionRevoked', data: { revokesVersion: 5, revokesDecisionNumber: '2345/QĐ-UBND', documentNumber: '2410/QĐ-UBND', documentDate: '2025-10-08', reason: 'Công chức xin thôi việc' }, ...meta(command) },
        { type: 'CaseClosed', data: { outcome: 'revoked' }, ...meta(command) },
      ]);
      expect(given([...history, ...events])).toMatchObject({ stage: 'closed', outcome: 'revoked' });
    });

    it('may revoke after arrival, before the term starts, by the sending head', () => {
      const posted = walkTo('posted');
      expect(decide(revokeDecisionCommand({ actor: ACTORS.head, at: '2025-10-09T03:00:00.000Z', documentDate: '2025-10-09' }), posted.state).map((e) => e.type)).toEqual(['DecisionRevoked', 'CaseClosed']);
    });

    it('is refused once the term runs (recall instead) and before a decision', () => {
      expect(refused(revokeDecisionCommand({ at: '2025-11-03T03:00:00.000Z' }), walkTo('serving').state)).toMatchObject({ kind: 'wrong_stage', stage: 'serving' });
      expect(refused(revokeDecisionCommand(), given(walkTo('awaiting_decision').history))).toMatchObject({ kind: 'wrong_stage', stage: 'awaiting_decision' });
    });

    it.each<[string, Partial<CommandOf<'revokeDecision'>>, string, string]>([
      ['no reason', { reason: '' }, 'reason', 'required'],
      ['no document number', { documentNumber: ' ' }, 'documentNumber', 'required'],
      ['a document dated after today', { documentDate: '2025-10-09' }, 'documentDate', 'not_in_future'],
      ['an impossible document date', { documentDate: '08/10/2025' }, 'documentDate', 'date'],
    ])('is invalid with %s', (_what, overrides, field, rule) => {
      expect(refused(revokeDecisionCommand(overrides), given(walkTo('decision_issued').history))).toMatchObject({ kind: 'invalid', field, rule });
    });

    it('is forbidden to others', () => {
      const state = given(walkTo('decision_issued').history);
      expect(refused(revokeDecisionCommand({ actor: ACTORS.communeLeader }), state)).toMatchObject({ kind: 'forbidden', rule: 'not_authorised' });
      expect(refused(revokeDecisionCommand({ actor: ACTORS.official }), state)).toMatchObject({ kind: 'forbidden', rule: 'own_case' });
    });
  });

  describe('confirmArrival', () => {
    it('the receiving commune’s leader confirms receipt; the case is posted', () => {
      const history = walkTo('decision_issued').history;
      const command = confirmArrivalCommand();
      const events = decide(command, given(history));
      expect(events).toEqual([{ type: 'ArrivalConfirmed', data: { arrivedOn: '2025-10-09', assignedWork: 'Phụ trách kế toán ngân sách phường' }, ...meta(command) }]);
      expect(given([...history, ...events])).toMatchObject({ stage: 'posted', arrivedOn: '2025-10-09', termStarted: false });
    });

    it('a transfer ends when the official is received: closed as transferred', () => {
      const history = act(walkTo('awaiting_decision', TRANSFER), issueDecisionCommand()).history;
      const command = confirmArrivalCommand({ assignedWork: undefined });
      const events = decide(command, given(history));
      expect(events).toEqual([
        { type: 'ArrivalConfirmed', data: { arrivedOn: '2025-10-09', assignedWork: null }, ...meta(command) },
        { type: 'CaseClosed', data: { outcome: 'transferred' }, ...meta(command) },
      ]);
      expect(given([...history, ...events])).toMatchObject({ stage: 'closed', outcome: 'transferred', arrivedOn: '2025-10-09' });
    });

    it('a transfer to a department is received by that department’s head', () => {
      const toDepartment = { proposal: { ...TRANSFER.proposal, receivingUnit: OTHER_DEPARTMENT } };
      const state = act(walkTo('awaiting_decision', toDepartment), issueDecisionCommand()).state;
      expect(decide(confirmArrivalCommand({ actor: ACTORS.otherHead }), state).map((e) => e.type)).toEqual(['ArrivalConfirmed', 'CaseClosed']);
      expect(refused(confirmArrivalCommand({ actor: ACTORS.head }), state)).toMatchObject({ kind: 'forbidden', rule: 'not_authorised' });
    });

    it.each<[string, Partial<CommandOf<'confirmArrival'>>, string, string]>([
      ['an arrival after today', { arrivedOn: '2025-10-10' }, 'arrivedOn', 'not_in_future'],
      ['an arrival before the decision', { arrivedOn: '2025-10-02' }, 'arrivedOn', 'not_before_decision'],
      ['an impossible date', { arrivedOn: '2025-10-9' }, 'arrivedOn', 'date'],
      ['empty assigned work', { assignedWork: '' }, 'assignedWork', 'required'],
    ])('is invalid with %s', (_what, overrides, field, rule) => {
      expect(refused(confirmArrivalCommand(overrides), given(walkTo('decision_issued').history))).toMatchObject({ kind: 'invalid', field, rule });
    });

    it('is forbidden to anyone but the receiving unit’s leader', () => {
      const state = given(walkTo('decision_issued').history);
      for (const actor of [ACTORS.otherCommuneLeader, ACTORS.hr, ACTORS.head, ACTORS.homeAffairs])
        expect(refused(confirmArrivalCommand({ actor }), state)).toMatchObject({ kind: 'forbidden', rule: 'not_authorised' });
      expect(refused(confirmArrivalCommand({ actor: ACTORS.official }), state)).toMatchObject({ kind: 'forbidden', rule: 'own_case' });
    });

    it('is refused before the decision and once posted', () => {
      expect(refused(confirmArrivalCommand(), given(walkTo('awaiting_decision').history))).toMatchObject({ kind: 'wrong_stage', stage: 'awaiting_decision' });
      expect(refused(confirmArrivalCommand(), given(walkTo('posted').history))).toMatchObject({ kind: 'wrong_stage', stage: 'posted' });
    });
  });

  describe('recordEvaluation', () => {
    it('the receiving leader evaluates the year’s work during the term', () => {
      const history = walkTo('serving').history;
      const command = evaluationCommand({ comment: 'Hoàn thành tốt nhiệm vụ' });
      const events = decide(command, given(history));
      expect(events).toEqual([
        { type: 'EvaluationRecorded', data: { period: '2025-2026', rating: 'good', comment: 'Hoàn thành tốt nhiệm vụ', documentNumber: '15/BC-UBND' }, ...meta(command) },
      ]);
      expect(given([...history, ...events]).evaluations).toEqual([{ period: '2025-2026', rating: 'good', at: command.at }]);
    });

    it('also while the term is ending', () => {
      expect(decide(evaluationCommand({ period: '2027-2028', at: '2028-07-15T03:00:00.000Z' }), walkTo('ending').state)[0].type).toBe('EvaluationRecorded');
    });

    it.each<[string, Partial<CommandOf<'recordEvaluation'>>, string, string]>([
      ['an unknown rating', { rating: 'great' as never }, 'rating', 'enum'],
      ['no period', { period: '' }, 'period', 'required'],
      ['an empty document number', { documentNumber: '' }, 'documentNumber', 'required'],
    ])('is invalid with %s', (_what, overrides, field, rule) => {
      expect(refused(evaluationCommand(overrides), walkTo('serving').state)).toMatchObject({ kind: 'invalid', field, rule });
    });

    it('is forbidden to others, and to a leader about themselves', () => {
      const state = walkTo('serving').state;
      expect(refused(evaluationCommand({ actor: ACTORS.head }), state)).toMatchObject({ kind: 'forbidden', rule: 'not_authorised' });
      expect(refused(evaluationCommand({ actor: ACTORS.otherCommuneLeader }), state)).toMatchObject({ kind: 'forbidden', rule: 'not_authorised' });
      expect(refused(evaluationCommand({ actor: asTheOfficial(ACTORS.communeLeader) }), state)).toMatchObject({ kind: 'forbidden', rule: 'own_case' });
    });

    it('at a receiving department, its head evaluates', () => {
      const state = walkTo('serving', { proposal: { receivingUnit: OTHER_DEPARTMENT } }).state;
      expect(decide(evaluationCommand({ actor: ACTORS.otherHead }), state)[0].type).toBe('EvaluationRecorded');
      expect(refused(evaluationCommand({ actor: ACTORS.head }), state)).toMatchObject({ kind: 'forbidden', rule: 'not_authorised' });
    });

    it('is refused before the term starts', () => {
      expect(refused(evaluationCommand({ at: AT.arrival }), walkTo('posted').state)).toMatchObject({ kind: 'wrong_stage', stage: 'posted' });
    });
  });

  describe('submitReport', () => {
    it('the official reports on the work', () => {
      const history = walkTo('serving').history;
      const command = reportCommand();
      const events = decide(command, given(history));
      expect(events).toEqual([{ type: 'ReportSubmitted', data: { kind: 'weekly', period: '2025-W42', summary: 'Rà soát sổ sách kế toán, hướng dẫn lập dự toán 2026' }, ...meta(command) }]);
      expect(given([...history, ...events]).reports).toBe(1);
    });

    it.each<[string, Partial<CommandOf<'submitReport'>>, string, string]>([
      ['an unknown kind', { kind: 'daily' as never }, 'kind', 'enum'],
      ['no summary', { summary: '' }, 'summary', 'required'],
      ['no period', { period: ' ' }, 'period', 'required'],
    ])('is invalid with %s', (_what, overrides, field, rule) => {
      expect(refused(reportCommand(overrides), walkTo('serving').state)).toMatchObject({ kind: 'invalid', field, rule });
    });

    it('is only for the official on secondment', () => {
      const state = walkTo('serving').state;
      expect(refused(reportCommand({ actor: ACTORS.hr }), state)).toMatchObject({ kind: 'forbidden', rule: 'not_authorised' });
      expect(refused(reportCommand({ actor: ACTORS.communeLeader }), state)).toMatchObject({ kind: 'forbidden', rule: 'not_authorised' });
      expect(refused(reportCommand({ actor: { ...ACTORS.official, personId: 'cc-999999' } }), state)).toMatchObject({ kind: 'forbidden', rule: 'not_authorised' });
    });

    it('is refused outside the term', () => {
      expect(refused(reportCommand({ at: AT.arrival }), walkTo('posted').state)).toMatchObject({ kind: 'wrong_stage', stage: 'posted' });
    });
  });

  describe('extend', () => {
    it('extends a 24-month secondment by 12 months, up to the 36-month cap, from the day after the current end', () => {
      const { history } = walkTo('serving', TWO_YEARS);
      const command = extendCommand();
      const events = decide(command, given(history));
      expect(events).toEqual([
        {
          type: 'TermExtended',
          data: {
            decisionNumber: '1500/QĐ-UBND',
            decisionDate: '2027-05-28',
            by: { months: 12, days: 0 },
            previousTermEnd: '2027-10-08',
            newTermEnd: '2028-10-08',
            reason: 'Phường chưa tuyển được công chức kế toán',
            legalBasisOverride: null,
          },
          ...meta(command),
        },
      ]);
      const state = given([...history, ...events]);
      expect(state).toMatchObject({ stage: 'serving', termEnd: '2028-10-08', termEndSetOn: '2027-06-01', overdue: false });
      expect(state.extensions).toEqual([{ decisionNumber: '1500/QĐ-UBND', previousTermEnd: '2027-10-08', newTermEnd: '2028-10-08' }]);
    });

    it('the cap counts the extension: one day beyond 36 months in total is refused', () => {
      expect(refused(extendCommand({ by: { months: 12, days: 1 } }), walkTo('serving', TWO_YEARS).state)).toMatchObject({ kind: 'rule', rule: 'secondment_term_cap', field: 'by' });
      expect(refused(extendCommand({ by: { months: 0, days: 1 }, at: '2028-07-15T03:00:00.000Z', decisionDate: '2028-07-15' }), walkTo('ending').state)).toMatchObject({
        kind: 'rule',
        rule: 'secondment_term_cap',
      });
    });

    it('a cited law allows an extension beyond the cap, and is recorded', () => {
      const [event] = decide(extendCommand({ by: { months: 24, days: 0 }, legalBasisOverride: LAW_OVERRIDE }), walkTo('serving', TWO_YEARS).state);
      expect(event.data).toMatchObject({ newTermEnd: '2029-10-08', legalBasisOverride: LAW_OVERRIDE });
    });

    it('a decision’s cited law carries over to its extensions', () => {
      const walked = walkTo('serving', { decision: { term: { months: 40, days: 0 }, legalBasisOverride: LAW_OVERRIDE } });
      const [event] = decide(extendCommand({ by: { months: 6, days: 0 }, at: '2029-01-10T03:00:00.000Z', decisionDate: '2029-01-09' }), walked.state);
      expect(event.data).toMatchObject({ previousTermEnd: '2029-02-08', newTermEnd: '2029-08-08', legalBasisOverride: LAW_OVERRIDE });
    });

    it('a reinforcement may be extended up to 6 months in total, never beyond', () => {
      const walked = walkTo('serving', REINFORCEMENT);
      const later = { at: '2025-12-15T03:00:00.000Z', decisionDate: '2025-12-15' };
      expect(decide(extendCommand({ by: { months: 3, days: 0 }, ...later }), walked.state)[0].data).toMatchObject({ previousTermEnd: '2026-01-08', newTermEnd: '2026-04-08' });
      expect(refused(extendCommand({ by: { months: 3, days: 1 }, ...later }), walked.state)).toMatchObject({ kind: 'rule', rule: 'reinforcement_term_cap', field: 'by' });
      expect(refused(extendCommand({ by: { months: 4, days: 0 }, legalBasisOverride: LAW_OVERRIDE, ...later }), walked.state)).toMatchObject({ kind: 'rule', rule: 'reinforcement_term_cap' });
    });

    it('a rotation may be extended (no cap)', () => {
      const [event] = decide(extendCommand({ by: { months: 12, days: 0 }, at: '2028-06-01T03:00:00.000Z', decisionDate: '2028-06-01' }), walkTo('serving', ROTATION).state);
      expect(event.data).toMatchObject({ previousTermEnd: '2028-10-08', newTermEnd: '2029-10-08' });
    });

    it('an extension in the end-or-extend window keeps the case ending; one far from the new end goes back to serving', () => {
      const ending = walkTo('ending', TWO_YEARS);
      const at2 = '2027-08-20T03:00:00.000Z';
      expect(act(ending, extendCommand({ by: { months: 12, days: 0 }, at: at2, decisionDate: '2027-08-20' })).state).toMatchObject({ stage: 'serving', stageOpenedAt: at2 });
      expect(act(ending, extendCommand({ by: { months: 1, days: 0 }, at: at2, decisionDate: '2027-08-20' })).state).toMatchObject({ stage: 'ending', termEnd: '2027-11-08', stageOpenedAt: ending.state.stageOpenedAt });
    });

    it('refuses an extension that would already be over', () => {
      const walked = walkTo('serving', { proposal: { term: { months: 1, days: 0 } } });
      expect(refused(extendCommand({ by: { months: 1, days: 0 }, at: '2026-03-02T03:00:00.000Z', decisionDate: '2026-03-02' }), walked.state)).toMatchObject({
        kind: 'invalid',
        field: 'by',
        rule: 'not_in_past',
      });
    });

    it.each<[string, Partial<CommandOf<'extend'>>, string, string]>([
      ['a zero extension', { by: { months: 0, days: 0 } }, 'by', 'positive_term'],
      ['fractional months', { by: { months: 1.5, days: 0 } }, 'by.months', 'whole_number'],
      ['no length', { by: undefined }, 'by', 'term'],
      ['a decision dated after today', { decisionDate: '2027-06-02' }, 'decisionDate', 'not_in_future'],
      ['no decision number', { decisionNumber: '' }, 'decisionNumber', 'required'],
      ['no reason', { reason: '' }, 'reason', 'required'],
    ])('is invalid with %s', (_what, overrides, field, rule) => {
      expect(refused(extendCommand(overrides), walkTo('serving', TWO_YEARS).state)).toMatchObject({ kind: 'invalid', field, rule });
    });

    it('is refused once the end is decided, and outside the term', () => {
      const ended = act(walkTo('serving', TWO_YEARS), decideEndCommand({ decisionNumber: '1400/QĐ-UBND', decisionDate: '2027-05-20', at: '2027-05-20T03:00:00.000Z' }));
      expect(refused(extendCommand(), ended.state)).toMatchObject({ kind: 'wrong_stage', stage: 'ending' });
      expect(refused(extendCommand({ at: AT.arrival, decisionDate: '2025-10-09' }), walkTo('posted', TWO_YEARS).state)).toMatchObject({ kind: 'wrong_stage', stage: 'posted' });
    });

    it('is forbidden to others', () => {
      const state = walkTo('serving', TWO_YEARS).state;
      expect(refused(extendCommand({ actor: ACTORS.communeLeader }), state)).toMatchObject({ kind: 'forbidden', rule: 'not_authorised' });
      expect(refused(extendCommand({ actor: ACTORS.hr }), state)).toMatchObject({ kind: 'forbidden', rule: 'not_authorised' });
      expect(refused(extendCommand({ actor: ACTORS.otherHead }), state)).toMatchObject({ kind: 'forbidden', rule: 'not_authorised' });
      expect(decide(extendCommand({ actor: ACTORS.homeAffairs }), state)[0].type).toBe('TermExtended');
      expect(refused(extendCommand({ actor: asTheOfficial(ACTORS.head) }), state)).toMatchObject({ kind: 'forbidden', rule: 'own_case' });
    });
  });

  describe('recallEarly', () => {
    it('moves the last day earlier and decides the end', () => {
      const { history } = walkTo('serving');
      const command = recallEarlyCommand();
      const events = decide(command, given(history));
      expect(events).toEqual([
        { type: 'EarlyRecallDecided', data: { decisionNumber: '310/QĐ-STC', decisionDate: '2026-02-27', previousTermEnd: '2028-10-08', lastDay: '2026-03-31', reason: 'Sở cần bố trí lại nhân sự' }, ...meta(command) },
      ]);
      const state = given([...history, ...events]);
      expect(state).toMatchObject({ stage: 'ending', termEnd: '2026-03-31', termEndSetOn: '2026-03-02', stageOpenedAt: command.at });
      expect(state.endDecision).toEqual({ kind: 'recall', decisionNumber: '310/QĐ-STC', decisionDate: '2026-02-27', lastDay: '2026-03-31', decidedAt: command.at });
    });

    it('may end the term today', () => {
      expect(decide(recallEarlyCommand({ lastDay: '2026-03-02' }), walkTo('serving').state)[0].data).toMatchObject({ lastDay: '2026-03-02' });
    });

    it.each<[string, Partial<CommandOf<'recallEarly'>>, string, string]>([
      ['a last day already past', { lastDay: '2026-03-01' }, 'lastDay', 'not_in_past'],
      ['a last day on the term’s end', { lastDay: '2028-10-08' }, 'lastDay', 'before_term_end'],
      ['a last day after the term’s end', { lastDay: '2028-12-31' }, 'lastDay', 'before_term_end'],
      ['an impossible last day', { lastDay: '2026-02-29' }, 'lastDay', 'date'],
      ['a decision dated after today', { decisionDate: '2026-03-03' }, 'decisionDate', 'not_in_future'],
      ['no reason', { reason: '' }, 'reason', 'required'],
      ['no decision number', { decisionNumber: '' }, 'decisionNumber', 'required'],
    ])('is invalid with %s', (_what, overrides, field, rule) => {
      expect(refused(recallEarlyCommand(overrides), walkTo('serving').state)).toMatchObject({ kind: 'invalid', field, rule });
    });

    it('is refused once the end is decided, and before the term starts', () => {
      const recalled = act(walkTo('serving'), recallEarlyCommand());
      expect(refused(recallEarlyCommand({ lastDay: '2026-03-20' }), recalled.state)).toMatchObject({ kind: 'wrong_stage', stage: 'ending' });
      expect(refused(recallEarlyCommand({ at: AT.arrival, decisionDate: '2025-10-09', lastDay: '2025-10-31' }), walkTo('posted').state)).toMatchObject({ kind: 'wrong_stage', stage: 'posted' });
    });

    it('is forbidden to others', () => {
      const state = walkTo('serving').state;
      expect(refused(recallEarlyCommand({ actor: ACTORS.communeLeader }), state)).toMatchObject({ kind: 'forbidden', rule: 'not_authorised' });
      expect(refused(recallEarlyCommand({ actor: ACTORS.official }), state)).toMatchObject({ kind: 'forbidden', rule: 'own_case' });
      expect(decide(recallEarlyCommand({ actor: ACTORS.homeAffairs2 }), state)[0].type).toBe('EarlyRecallDecided');
    });
  });

  describe('decideEnd', () => {
    it('in the end-or-extend window: the term ends on its last day; the case stays ending', () => {
      const ending = walkTo('ending');
      const command = decideEndCommand({ reason: 'Hết thời hạn biệt phái' });
      const events = decide(command, ending.state);
      expect(events).toEqual([{ type: 'EndDecided', data: { decisionNumber: '980/QĐ-STC', decisionDate: '2028-07-18', lastDay: '2028-10-08', reason: 'Hết thời hạn biệt phái' }, ...meta(command) }]);
      const state = given([...ending.history, ...events]);
      expect(state).toMatchObject({ stage: 'ending', stageOpenedAt: ending.state.stageOpenedAt, termEnd: '2028-10-08' });
      expect(state.endDecision).toMatchObject({ kind: 'end', lastDay: '2028-10-08' });
    });

    it('earlier, while serving: the case moves to ending', () => {
      const serving = walkTo('serving');
      const command = decideEndCommand({ actor: ACTORS.homeAffairs, decisionDate: '2028-05-02', at: '2028-05-02T03:00:00.000Z' });
      const events = decide(command, serving.state);
      expect(events).toEqual([{ type: 'EndDecided', data: { decisionNumber: '980/QĐ-STC', decisionDate: '2028-05-02', lastDay: '2028-10-08', reason: null }, ...meta(command) }]);
      expect(given([...serving.history, ...events])).toMatchObject({ stage: 'ending', stageOpenedAt: command.at });
    });

    it('is refused a second time, and before the term starts', () => {
      const ended = act(walkTo('ending'), decideEndCommand());
      expect(refused(decideEndCommand({ at: '2028-07-21T03:00:00.000Z' }), ended.state)).toMatchObject({ kind: 'wrong_stage', stage: 'ending' });
      expect(refused(decideEndCommand({ at: AT.arrival, decisionDate: '2025-10-09' }), walkTo('posted').state)).toMatchObject({ kind: 'wrong_stage', stage: 'posted' });
    });

    it.each<[string, Partial<CommandOf<'decideEnd'>>, string, string]>([
      ['a decision dated after today', { decisionDate: '2028-07-21' }, 'decisionDate', 'not_in_future'],
      ['no decision number', { decisionNumber: '' }, 'decisionNumber', 'required'],
      ['an empty reason', { reason: '' }, 'reason', 'required'],
    ])('is invalid with %s', (_what, overrides, field, rule) => {
      expect(refused(decideEndCommand(overrides), walkTo('ending').state)).toMatchObject({ kind: 'invalid', field, rule });
    });

    it('is forbidden to others', () => {
      const state = walkTo('ending').state;
      expect(refused(decideEndCommand({ actor: ACTORS.communeLeader }), state)).toMatchObject({ kind: 'forbidden', rule: 'not_authorised' });
      expect(refused(decideEndCommand({ actor: ACTORS.otherHead }), state)).toMatchObject({ kind: 'forbidden', rule: 'not_authorised' });
      expect(refused(decideEndCommand({ actor: asTheOfficial(ACTORS.homeAffairs) }), state)).toMatchObject({ kind: 'forbidden', rule: 'own_case' });
    });
  });

  describe('confirmReturn', () => {
    const endDecided = () => act(walkTo('ending'), decideEndCommand());
    const completed = () => fire(endDecided(), 'TermCompleted');

    it('after the last day, the sending unit records the return and the placement; the case closes as returned', () => {
      const { history } = completed();
      expect(history[history.length - 1]).toMatchObject({ type: 'TermCompleted', data: { lastDay: '2028-10-08' }, at: '2028-10-08T17:00:00.000Z' });
      const command = confirmReturnCommand({ placement: { position: 'Phó Trưởng phòng Quản lý ngân sách', unitName: 'Sở Tài chính', note: ' Bổ nhiệm sau biệt phái ' } });
      const events = decide(command, given(history));
      expect(events).toEqual([
        {
          type: 'ReturnConfirmed',
          data: { returnedOn: '2028-10-09', placement: { position: 'Phó Trưởng phòng Quản lý ngân sách', unitName: 'Sở Tài chính', note: 'Bổ nhiệm sau biệt phái' } },
          ...meta(command),
        },
        { type: 'CaseClosed', data: { outcome: 'returned' }, ...meta(command) },
      ]);
      expect(given([...history, ...events])).toMatchObject({ stage: 'closed', outcome: 'returned', returnedOn: '2028-10-09', placement: { note: 'Bổ nhiệm sau biệt phái' } });
    });

    it('the head of the sending unit may record it too', () => {
      expect(decide(confirmReturnCommand({ actor: ACTORS.head }), completed().state)[0]).toMatchObject({ type: 'ReturnConfirmed', data: { placement: { note: null } } });
    });

    it('is refused while the term still runs, and when its end is not decided', () => {
      const ended = endDecided();
      const early = refused(confirmReturnCommand({ at: '2028-08-01T03:00:00.000Z', returnedOn: '2028-08-01' }), ended.state);
      expect(early).toMatchObject({ kind: 'wrong_stage', stage: 'ending' });
      expect(early.message).toContain('2028-10-08');
      expect(refused(confirmReturnCommand({ at: '2028-08-01T03:00:00.000Z', returnedOn: '2028-08-01' }), walkTo('ending').state)).toMatchObject({ kind: 'wrong_stage', stage: 'ending' });
      expect(refused(confirmReturnCommand({ at: '2026-01-05T03:00:00.000Z', returnedOn: '2026-01-05' }), walkTo('serving').state)).toMatchObject({ kind: 'wrong_stage', stage: 'serving' });
    });

    it.each<[string, Partial<CommandOf<'confirmReturn'>>, string, string]>([
      ['a return on the last day of the term', { returnedOn: '2028-10-08' }, 'returnedOn', 'after_term'],
      ['a return after today', { returnedOn: '2028-10-10' }, 'returnedOn', 'not_in_future'],
      ['an impossible date', { returnedOn: '2028-10-32' }, 'returnedOn', 'date'],
      ['no placement', { placement: undefined }, 'placement.position', 'required'],
      ['a placement without a position', { placement: { position: '', unitName: 'Sở Tài chính' } }, 'placement.position', 'required'],
      ['a placement without a unit', { placement: { position: 'Chuyên viên', unitName: ' ' } }, 'placement.unitName', 'required'],
    ])('is invalid with %s', (_what, overrides, field, rule) => {
      expect(refused(confirmReturnCommand(overrides), completed().state)).toMatchObject({ kind: 'invalid', field, rule });
    });

    it('is forbidden to others', () => {
      const state = completed().state;
      expect(refused(confirmReturnCommand({ actor: ACTORS.communeLeader }), state)).toMatchObject({ kind: 'forbidden', rule: 'not_authorised' });
      expect(refused(confirmReturnCommand({ actor: ACTORS.homeAffairs }), state)).toMatchObject({ kind: 'forbidden', rule: 'not_authorised' });
      expect(refused(confirmReturnCommand({ actor: ACTORS.otherHr }), state)).toMatchObject({ kind: 'forbidden', rule: 'not_authorised' });
      expect(refused(confirmReturnCommand({ actor: asTheOfficial(ACTORS.hr2) }), state)).toMatchObject({ kind: 'forbidden', rule: 'own_case' });
    });

    it('after an early recall: the return follows the recall’s last day', () => {
      const recalled = act(walkTo('serving'), recallEarlyCommand());
      const done = fire(recalled, 'TermCompleted');
      expect(done.state).toMatchObject({ termCompleted: true, termEnd: '2026-03-31' });
      expect(decide(confirmReturnCommand({ returnedOn: '2026-04-01', at: '2026-04-01T02:00:00.000Z' }), done.state).map((e) => e.type)).toEqual(['ReturnConfirmed', 'CaseClosed']);
    });
  });

  describe('fireTimer', () => {
    it('the system fires a due timer: its event, by the system', () => {
      const walked = walkTo('department_review');
      const command = fireCommand(walked, 'deadline:department_review:v1:1');
      expect(command.at).toBe('2025-09-22T17:00:00.000Z');
      expect(decide(command, walked.state)).toEqual([
        { type: 'StageDeadlinePassed', data: { stage: 'department_review', deadline: '2025-09-22', level: 1, timerKey: 'deadline:department_review:v1:1' }, ...meta(command) },
      ]);
    });

    it('is only for the system', () => {
      const walked = walkTo('department_review');
      expect(refused({ ...fireCommand(walked, 'deadline:department_review:v1:1'), actor: ACTORS.homeAffairs }, walked.state)).toMatchObject({ kind: 'forbidden', rule: 'not_authorised' });
    });

    it('refuses a timer that is not pending, and one not yet due', () => {
      const walked = walkTo('department_review');
      expect(refused({ ...fireCommand(walked, 'deadline:department_review:v1:1'), key: 'deadline:department_review:v9:1' }, walked.state)).toMatchObject({ kind: 'wrong_stage', stage: 'department_review' });
      expect(refused(fireCommand(walked, 'deadline:department_review:v1:1', '2025-09-22T16:59:59.999Z'), walked.state)).toMatchObject({ kind: 'wrong_stage' });
    });
  });

  describe('a closed case refuses everything', () => {
    const closedCases: [string, () => Walked][] = [
      ['rejected', () => then(walkTo('department_review'), { type: 'reject', reason: 'Không đủ điều kiện', actor: ACTORS.head, at: AT.departmentReview })],
      ['withdrawn', () => then(walkTo('awaiting_decision'), { type: 'withdraw', reason: 'Rút', actor: ACTORS.hr, at: AT.decision })],
      ['rejected by the Party committee', () => then(walkTo('party_committee_approval'), partyOpinionCommand({ opinion: 'disagree', comment: 'Không phù hợp' }))],
      ['transferred', () => then(walkTo('decision_issued', TRANSFER), confirmArrivalCommand())],
    ];

    describe.each(closedCases)('(%s)', (_outcome, close) => {
      const closed = close();

      it('is closed', () => {
        expect(closed.state.stage).toBe('closed');
        expect(closed.state.outcome).not.toBeNull();
      });

      it.each(sampleCommands(ACTORS.homeAffairs, '2025-10-10T03:00:00.000Z').map((command) => [command.type, command] as const))('refuses %s', (_type, command) => {
        expect(refused(command, closed.state)).toMatchObject({ kind: 'wrong_stage', rule: 'stage', stage: 'closed' });
      });

      it('refuses even the system’s timers', () => {
        expect(refused({ type: 'fireTimer', key: 'anything', actor: ACTORS.system, at: '2030-01-01T00:00:00.000Z' }, closed.state)).toMatchObject({ kind: 'wrong_stage', stage: 'closed' });
      });
    });

    it('a returned case is closed too', () => {
      const ended = act(walkTo('ending'), decideEndCommand());
      const done = act(fire(ended, 'TermCompleted'), confirmReturnCommand({ placement: { position: 'Chuyên viên', unitName: 'Sở Tài chính' } }));
      expect(done.state).toMatchObject({ stage: 'closed', outcome: 'returned' });
      expect(refused({ type: 'recordEvaluation', period: '2027-2028', rating: 'good', actor: ACTORS.communeLeader, at: '2028-10-10T03:00:00.000Z' }, done.state)).toMatchObject({
        kind: 'wrong_stage',
        stage: 'closed',
      });
    });
  });

  describe('the approval path follows the case’s rules', () => {
    it('by default a reinforcement skips the Party committee: after appraisal the decision is awaited', () => {
      const walked = walkTo('home_affairs_appraisal', REINFORCEMENT);
      const command: CaseCommand = { type: 'approve', actor: ACTORS.homeAffairs, at: AT.appraisal };
      expect(decide(command, walked.state)).toEqual([{ type: 'StageApproved', data: { stage: 'home_affairs_appraisal', comment: null, nextStage: 'awaiting_decision' }, ...meta(command) }]);
      const awaiting = act(walked, command);
      expect(awaiting.state.stage).toBe('awaiting_decision');
      expect(refused(partyOpinionCommand(), awaiting.state)).toMatchObject({ kind: 'wrong_stage', stage: 'awaiting_decision' });
      expect(awaiting.history.map((e) => e.type)).toEqual(['CaseProposed', 'StageApproved', 'StageApproved']);
    });

    it('while a secondment goes through all three stages', () => {
      const walked = walkTo('awaiting_decision');
      expect(walked.state.approvals.map((a) => a.stage)).toEqual(['department_review', 'home_affairs_appraisal']);
      expect(walked.state.partyOpinion).toMatchObject({ opinion: 'agree' });
    });

    describe('with a province whose rules have Home Affairs appraisal only', () => {
      const rules: CaseRules = {
        ...DEFAULT_CASE_RULES,
        version: 7,
        approvalStages: { secondment: ['home_affairs_appraisal'], reinforcement: ['home_affairs_appraisal'], rotation: ['home_affairs_appraisal'], transfer: ['home_affairs_appraisal'] },
      };
      const options = { proposal: { rules } };

      it('the case opens at appraisal and the rules are copied into it', () => {
        const [event] = decide(proposeCommand({ rules }), null);
        expect(event.data).toMatchObject({ firstStage: 'home_affairs_appraisal', rules: { version: 7 } });
        expect(given([event])).toMatchObject({ stage: 'home_affairs_appraisal', rules: { version: 7 } });
      });

      it('the department head has no stage to act in; Home Affairs’ approval leads straight to the decision', () => {
        const walked = walkTo('home_affairs_appraisal', options);
        expect(refused({ type: 'approve', actor: ACTORS.head, at: AT.departmentReview }, walked.state)).toMatchObject({ kind: 'forbidden', rule: 'not_authorised' });
        const command: CaseCommand = { type: 'approve', actor: ACTORS.homeAffairs, at: AT.appraisal };
        expect(decide(command, walked.state)).toEqual([{ type: 'StageApproved', data: { stage: 'home_affairs_appraisal', comment: null, nextStage: 'awaiting_decision' }, ...meta(command) }]);
      });

      it('walks to the end with no department review and no Party committee', () => {
        const walked = walkTo('serving', options);
        expect(walked.history.map((e) => e.type)).toEqual(['CaseProposed', 'StageApproved', 'DecisionIssued', 'ArrivalConfirmed', 'TermStarted']);
      });

      it('a resubmission goes back to appraisal', () => {
        const returned = then(walkTo('home_affairs_appraisal', options), { type: 'returnForChanges', reason: 'x', actor: ACTORS.homeAffairs, at: AT.appraisal });
        const [event] = decide({ type: 'resubmit', changes: {}, actor: ACTORS.hr, at: AT.partyOpinion }, returned.state);
        expect(event.data).toMatchObject({ firstStage: 'home_affairs_appraisal' });
        expect(act(returned, { type: 'resubmit', changes: {}, actor: ACTORS.hr, at: AT.partyOpinion }).state.stage).toBe('home_affairs_appraisal');
      });

      it('a later change of the province’s rules does not rewrite a running case', () => {
        const walked = walkTo('home_affairs_appraisal', options);
        // The state holds the snapshot; the default rules still send a secondment to department review first.
        expect(walked.state.rules.approvalStages.secondment).toEqual(['home_affairs_appraisal']);
        expect(decide(proposeCommand({ caseId: 'bp-2025-0002' }), null)[0].data).toMatchObject({ firstStage: 'department_review' });
      });
    });
  });

  describe('handle, fold and evolve', () => {
    it('handle returns the events and the state that folding the whole history gives', () => {
      const walked = walkTo('ending');
      const { events, state } = handle(decideEndCommand(), walked.state);
      expect(events.map((e) => e.type)).toEqual(['EndDecided']);
      expect(state).toEqual(fold([...walked.history, ...events]));
      expect(state.version).toBe(walked.history.length + 1);
      expect(walked.history.map((e) => e.type)).toEqual([
        'CaseProposed',
        'StageApproved',
        'StageApproved',
        'PartyOpinionRecorded',
        'DecisionIssued',
        'ArrivalConfirmed',
        'TermStarted',
        'TermEndReminderDue',
      ]);
    });

    it('fold continues from a given state', () => {
      const { history } = walkTo('serving');
      expect(fold(history.slice(3), fold(history.slice(0, 3)))).toEqual(fold(history));
    });

    it('no event comes before the proposal', () => {
      const approved: CaseEvent = { type: 'StageApproved', data: { stage: 'department_review', comment: null, nextStage: 'home_affairs_appraisal' }, actor: ACTORS.head, at: AT.departmentReview, requestId: null };
      expect(() => evolve(null, approved)).toThrow('cannot come before CaseProposed');
    });

    it('handle throws the refusal and changes nothing', () => {
      const walked = walkTo('department_review');
      const before = structuredClone(walked.state);
      expect(() => handle({ type: 'approve', actor: ACTORS.otherHead, at: AT.departmentReview }, walked.state)).toThrow(expect.objectContaining({ kind: 'forbidden', rule: 'not_authorised' }));
      expect(walked.state).toEqual(before);
    });

    it('a refusal carries its kind, rule and field for the API', () => {
      const error = refusal(() => decide(proposeCommand({ plannedStart: '2025-02-30' }), null));
      expect(error).toBeInstanceOf(DomainError);
      expect(error.toRefusal()).toEqual({ kind: 'invalid', rule: 'date', field: 'plannedStart', message: 'plannedStart: must be a calendar date YYYY-MM-DD' });
      expect(refused({ type: 'approve', actor: ACTORS.head, at: AT.decision }, given(walkTo('awaiting_decision').history)).toRefusal()).toMatchObject({ kind: 'wrong_stage', rule: 'stage', stage: 'awaiting_decision' });
    });
  });
});
