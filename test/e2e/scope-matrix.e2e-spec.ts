import type request from 'supertest';
import { ACTION_ROUTES } from '@app/api-routes';
import { HUMAN_COMMANDS, type HumanCommandType } from '@app/domain';
import { queryRows } from '../support/database';
import { type CaseView, expectProblem, NON_EMPTY, noTimerDue, useApiStack, vnDay, vnToday, waitForCase } from '../support/api-client';
import { act, decisionBody, type DecisionAttachment, type DecisionPlan, newCase as walkNewCase, partyOpinionBody, uploadDossier, type WalkTarget } from '../support/case-walk';
import { nextOfficial } from '../support/fixture-officials';

/**
 * The scope matrix: every role × every lifecycle action, through the real HTTP API. The tables
 * below state the policy independently of the code (libs/domain/src/actions.ts and decider.ts):
 * for each action at a stage where it is possible, who may take it, and how everyone else is
 * refused (403 out_of_scope / not_authorised / own_case, or 422 separation_of_duties). The case is
 * a secondment of a fixture official from Sở Tài chính to Xã Cư Bao, proposed by hr.taichinh; each
 * case has an official of its own (one open case per official), and for each row the official
 * account an.nguyenvan is made the person of the case the refusals are tried on (its person_id,
 * cc-0001 otherwise), so an.nguyenvan is that case's official.
 */

/** The demo accounts the matrix states the policy for (the others walk cases and try separation of duties). */
const ROLES = ['hr.taichinh', 'gd.taichinh', 'hr.nnmt', 'gd.nnmt', 'snv.thamdinh', 'vp.tinhuy', 'ct.cubao', 'ct.buonmathuot', 'an.nguyenvan', 'pgd.taichinh', 'thanhtra'] as const;
type Role = (typeof ROLES)[number];
/**
 * Roles whose scope does not reach the case: they cannot even read it. Each role with a scope of
 * its own has one here (Home Affairs, the Party secretariat and the auditor see the province): an
 * HR officer and a head of another department, a leader of another commune, and an official who is
 * not the case's (pgd.taichinh, of the sending department itself).
 */
type Outsider = 'hr.nnmt' | 'gd.nnmt' | 'ct.buonmathuot' | 'pgd.taichinh';
type InScope = Exclude<Role, Outsider>;

type Refusal = readonly [403, 'out_of_scope' | 'not_authorised' | 'own_case'] | readonly [422, 'separation_of_duties'];
const OUT_OF_SCOPE = [403, 'out_of_scope'] as const;
const NOT_AUTHORISED = [403, 'not_authorised'] as const;
const OWN_CASE = [403, 'own_case'] as const;
const SEPARATION_OF_DUTIES = [422, 'separation_of_duties'] as const;
/** Another department's HR and head, another commune's leader, another official: outside the case's scope for every action. */
const OUTSIDERS: Record<Outsider, Refusal> = { 'hr.nnmt': OUT_OF_SCOPE, 'gd.nnmt': OUT_OF_SCOPE, 'ct.buonmathuot': OUT_OF_SCOPE, 'pgd.taichinh': OUT_OF_SCOPE };

/** The stages a fresh case is walked to (term_completed: in `ending`, the end decided and the term over). */
type Setup =
  | 'department_review'
  | 'home_affairs_appraisal'
  | 'party_committee_approval'
  | 'awaiting_decision'
  | 'proposed'
  | 'decision_issued'
  | 'posted'
  | 'serving'
  | 'ending'
  | 'term_completed';

const ROUTE = ACTION_ROUTES;

interface MatrixRow {
  action: HumanCommandType;
  at: Setup;
  /** Who may take it: each is accepted (on a case of their own). */
  allowed: readonly Role[];
  /** Everyone else, with the status and rule of the refusal. */
  refused: Partial<Record<Role, Refusal>>;
  /** What an accepted action leaves: the stage (and outcome) and the event it records. */
  after: { stage: string; event: string; outcome?: string };
}

const MATRIX: MatrixRow[] = [
  {
    action: 'approve',
    at: 'department_review',
    allowed: ['gd.taichinh'],
    refused: { 'hr.taichinh': NOT_AUTHORISED, 'snv.thamdinh': NOT_AUTHORISED, 'vp.tinhuy': NOT_AUTHORISED, 'ct.cubao': NOT_AUTHORISED, 'an.nguyenvan': OWN_CASE, thanhtra: NOT_AUTHORISED, ...OUTSIDERS },
    after: { stage: 'home_affairs_appraisal', event: 'StageApproved' },
  },
  {
    action: 'approve',
    at: 'home_affairs_appraisal',
    allowed: ['snv.thamdinh'],
    refused: { 'hr.taichinh': NOT_AUTHORISED, 'gd.taichinh': NOT_AUTHORISED, 'vp.tinhuy': NOT_AUTHORISED, 'ct.cubao': NOT_AUTHORISED, 'an.nguyenvan': OWN_CASE, thanhtra: NOT_AUTHORISED, ...OUTSIDERS },
    after: { stage: 'party_committee_approval', event: 'StageApproved' },
  },
  {
    action: 'reject',
    at: 'department_review',
    allowed: ['gd.taichinh'],
    refused: { 'hr.taichinh': NOT_AUTHORISED, 'snv.thamdinh': NOT_AUTHORISED, 'vp.tinhuy': NOT_AUTHORISED, 'ct.cubao': NOT_AUTHORISED, 'an.nguyenvan': OWN_CASE, thanhtra: NOT_AUTHORISED, ...OUTSIDERS },
    after: { stage: 'closed', outcome: 'rejected', event: 'CaseRejected' },
  },
  {
    action: 'reject',
    at: 'home_affairs_appraisal',
    allowed: ['snv.thamdinh'],
    refused: { 'hr.taichinh': NOT_AUTHORISED, 'gd.taichinh': NOT_AUTHORISED, 'vp.tinhuy': NOT_AUTHORISED, 'ct.cubao': NOT_AUTHORISED, 'an.nguyenvan': OWN_CASE, thanhtra: NOT_AUTHORISED, ...OUTSIDERS },
    after: { stage: 'closed', outcome: 'rejected', event: 'CaseRejected' },
  },
  {
    action: 'reject',
    at: 'awaiting_decision',
    allowed: ['snv.thamdinh'],
    refused: { 'hr.taichinh': NOT_AUTHORISED, 'gd.taichinh': NOT_AUTHORISED, 'vp.tinhuy': NOT_AUTHORISED, 'ct.cubao': NOT_AUTHORISED, 'an.nguyenvan': OWN_CASE, thanhtra: NOT_AUTHORISED, ...OUTSIDERS },
    after: { stage: 'closed', outcome: 'rejected', event: 'CaseRejected' },
  },
  {
    action: 'returnForChanges',
    at: 'department_review',
    allowed: ['gd.taichinh'],
    refused: { 'hr.taichinh': NOT_AUTHORISED, 'snv.thamdinh': NOT_AUTHORISED, 'vp.tinhuy': NOT_AUTHORISED, 'ct.cubao': NOT_AUTHORISED, 'an.nguyenvan': OWN_CASE, thanhtra: NOT_AUTHORISED, ...OUTSIDERS },
    after: { stage: 'proposed', event: 'ReturnedForChanges' },
  },
  {
    action: 'returnForChanges',
    at: 'home_affairs_appraisal',
    allowed: ['snv.thamdinh'],
    refused: { 'hr.taichinh': NOT_AUTHORISED, 'gd.taichinh': NOT_AUTHORISED, 'vp.tinhuy': NOT_AUTHORISED, 'ct.cubao': NOT_AUTHORISED, 'an.nguyenvan': OWN_CASE, thanhtra: NOT_AUTHORISED, ...OUTSIDERS },
    after: { stage: 'proposed', event: 'ReturnedForChanges' },
  },
  {
    action: 'resubmit',
    at: 'proposed',
    allowed: ['hr.taichinh'],
    refused: { 'gd.taichinh': NOT_AUTHORISED, 'snv.thamdinh': NOT_AUTHORISED, 'vp.tinhuy': NOT_AUTHORISED, 'ct.cubao': NOT_AUTHORISED, 'an.nguyenvan': OWN_CASE, thanhtra: NOT_AUTHORISED, ...OUTSIDERS },
    after: { stage: 'department_review', event: 'ProposalResubmitted' },
  },
  {
    action: 'withdraw',
    at: 'department_review',
    allowed: ['hr.taichinh', 'gd.taichinh', 'snv.thamdinh'],
    refused: { 'vp.tinhuy': NOT_AUTHORISED, 'ct.cubao': NOT_AUTHORISED, 'an.nguyenvan': OWN_CASE, thanhtra: NOT_AUTHORISED, ...OUTSIDERS },
    after: { stage: 'closed', outcome: 'withdrawn', event: 'CaseWithdrawn' },
  },
  {
    action: 'withdraw',
    at: 'decision_issued',
    allowed: ['hr.taichinh', 'gd.taichinh', 'snv.thamdinh'],
    refused: { 'vp.tinhuy': NOT_AUTHORISED, 'ct.cubao': NOT_AUTHORISED, 'an.nguyenvan': OWN_CASE, thanhtra: NOT_AUTHORISED, ...OUTSIDERS },
    after: { stage: 'closed', outcome: 'withdrawn', event: 'CaseWithdrawn' },
  },
  {
    action: 'recordPartyOpinion',
    at: 'party_committee_approval',
    allowed: ['vp.tinhuy'],
    refused: { 'hr.taichinh': NOT_AUTHORISED, 'gd.taichinh': NOT_AUTHORISED, 'snv.thamdinh': NOT_AUTHORISED, 'ct.cubao': NOT_AUTHORISED, 'an.nguyenvan': OWN_CASE, thanhtra: NOT_AUTHORISED, ...OUTSIDERS },
    after: { stage: 'awaiting_decision', event: 'PartyOpinionRecorded' },
  },
  {
    action: 'issueDecision',
    at: 'awaiting_decision',
    allowed: ['gd.taichinh', 'snv.thamdinh'],
    refused: { 'hr.taichinh': NOT_AUTHORISED, 'vp.tinhuy': NOT_AUTHORISED, 'ct.cubao': NOT_AUTHORISED, 'an.nguyenvan': OWN_CASE, thanhtra: NOT_AUTHORISED, ...OUTSIDERS },
    after: { stage: 'decision_issued', event: 'DecisionIssued' },
  },
  {
    action: 'correctDecision',
    at: 'decision_issued',
    allowed: ['gd.taichinh', 'snv.thamdinh'],
    refused: { 'hr.taichinh': NOT_AUTHORISED, 'vp.tinhuy': NOT_AUTHORISED, 'ct.cubao': NOT_AUTHORISED, 'an.nguyenvan': OWN_CASE, thanhtra: NOT_AUTHORISED, ...OUTSIDERS },
    after: { stage: 'decision_issued', event: 'DecisionCorrected' },
  },
  {
    action: 'correctDecision',
    at: 'serving',
    allowed: ['gd.taichinh', 'snv.thamdinh'],
    refused: { 'hr.taichinh': NOT_AUTHORISED, 'vp.tinhuy': NOT_AUTHORISED, 'ct.cubao': NOT_AUTHORISED, 'an.nguyenvan': OWN_CASE, thanhtra: NOT_AUTHORISED, ...OUTSIDERS },
    after: { stage: 'serving', event: 'DecisionCorrected' },
  },
  {
    action: 'revokeDecision',
    at: 'decision_issued',
    allowed: ['gd.taichinh', 'snv.thamdinh'],
    refused: { 'hr.taichinh': NOT_AUTHORISED, 'vp.tinhuy': NOT_AUTHORISED, 'ct.cubao': NOT_AUTHORISED, 'an.nguyenvan': OWN_CASE, thanhtra: NOT_AUTHORISED, ...OUTSIDERS },
    after: { stage: 'closed', outcome: 'revoked', event: 'DecisionRevoked' },
  },
  {
    action: 'revokeDecision',
    at: 'posted',
    allowed: ['gd.taichinh', 'snv.thamdinh'],
    refused: { 'hr.taichinh': NOT_AUTHORISED, 'vp.tinhuy': NOT_AUTHORISED, 'ct.cubao': NOT_AUTHORISED, 'an.nguyenvan': OWN_CASE, thanhtra: NOT_AUTHORISED, ...OUTSIDERS },
    after: { stage: 'closed', outcome: 'revoked', event: 'DecisionRevoked' },
  },
  {
    action: 'confirmArrival',
    at: 'decision_issued',
    allowed: ['ct.cubao'],
    refused: { 'hr.taichinh': NOT_AUTHORISED, 'gd.taichinh': NOT_AUTHORISED, 'snv.thamdinh': NOT_AUTHORISED, 'vp.tinhuy': NOT_AUTHORISED, 'an.nguyenvan': OWN_CASE, thanhtra: NOT_AUTHORISED, ...OUTSIDERS },
    after: { stage: 'posted', event: 'ArrivalConfirmed' },
  },
  {
    action: 'recordEvaluation',
    at: 'serving',
    allowed: ['ct.cubao'],
    refused: { 'hr.taichinh': NOT_AUTHORISED, 'gd.taichinh': NOT_AUTHORISED, 'snv.thamdinh': NOT_AUTHORISED, 'vp.tinhuy': NOT_AUTHORISED, 'an.nguyenvan': OWN_CASE, thanhtra: NOT_AUTHORISED, ...OUTSIDERS },
    after: { stage: 'serving', event: 'EvaluationRecorded' },
  },
  {
    action: 'submitReport',
    at: 'serving',
    allowed: ['an.nguyenvan'],
    refused: { 'hr.taichinh': NOT_AUTHORISED, 'gd.taichinh': NOT_AUTHORISED, 'snv.thamdinh': NOT_AUTHORISED, 'vp.tinhuy': NOT_AUTHORISED, 'ct.cubao': NOT_AUTHORISED, thanhtra: NOT_AUTHORISED, ...OUTSIDERS },
    after: { stage: 'serving', event: 'ReportSubmitted' },
  },
  {
    action: 'extend',
    at: 'serving',
    allowed: ['gd.taichinh', 'snv.thamdinh'],
    refused: { 'hr.taichinh': NOT_AUTHORISED, 'vp.tinhuy': NOT_AUTHORISED, 'ct.cubao': NOT_AUTHORISED, 'an.nguyenvan': OWN_CASE, thanhtra: NOT_AUTHORISED, ...OUTSIDERS },
    after: { stage: 'serving', event: 'TermExtended' },
  },
  {
    action: 'extend',
    at: 'ending',
    allowed: ['gd.taichinh', 'snv.thamdinh'],
    refused: { 'hr.taichinh': NOT_AUTHORISED, 'vp.tinhuy': NOT_AUTHORISED, 'ct.cubao': NOT_AUTHORISED, 'an.nguyenvan': OWN_CASE, thanhtra: NOT_AUTHORISED, ...OUTSIDERS },
    after: { stage: 'ending', event: 'TermExtended' },
  },
  {
    action: 'recallEarly',
    at: 'serving',
    allowed: ['gd.taichinh', 'snv.thamdinh'],
    refused: { 'hr.taichinh': NOT_AUTHORISED, 'vp.tinhuy': NOT_AUTHORISED, 'ct.cubao': NOT_AUTHORISED, 'an.nguyenvan': OWN_CASE, thanhtra: NOT_AUTHORISED, ...OUTSIDERS },
    after: { stage: 'ending', event: 'EarlyRecallDecided' },
  },
  {
    action: 'recallEarly',
    at: 'ending',
    allowed: ['gd.taichinh', 'snv.thamdinh'],
    refused: { 'hr.taichinh': NOT_AUTHORISED, 'vp.tinhuy': NOT_AUTHORISED, 'ct.cubao': NOT_AUTHORISED, 'an.nguyenvan': OWN_CASE, thanhtra: NOT_AUTHORISED, ...OUTSIDERS },
    after: { stage: 'ending', event: 'EarlyRecallDecided' },
  },
  {
    action: 'decideEnd',
    at: 'serving',
    allowed: ['gd.taichinh', 'snv.thamdinh'],
    refused: { 'hr.taichinh': NOT_AUTHORISED, 'vp.tinhuy': NOT_AUTHORISED, 'ct.cubao': NOT_AUTHORISED, 'an.nguyenvan': OWN_CASE, thanhtra: NOT_AUTHORISED, ...OUTSIDERS },
    after: { stage: 'ending', event: 'EndDecided' },
  },
  {
    action: 'decideEnd',
    at: 'ending',
    allowed: ['gd.taichinh', 'snv.thamdinh'],
    refused: { 'hr.taichinh': NOT_AUTHORISED, 'vp.tinhuy': NOT_AUTHORISED, 'ct.cubao': NOT_AUTHORISED, 'an.nguyenvan': OWN_CASE, thanhtra: NOT_AUTHORISED, ...OUTSIDERS },
    after: { stage: 'ending', event: 'EndDecided' },
  },
  {
    action: 'confirmReturn',
    at: 'term_completed',
    allowed: ['hr.taichinh', 'gd.taichinh'],
    refused: { 'snv.thamdinh': NOT_AUTHORISED, 'vp.tinhuy': NOT_AUTHORISED, 'ct.cubao': NOT_AUTHORISED, 'an.nguyenvan': OWN_CASE, thanhtra: NOT_AUTHORISED, ...OUTSIDERS },
    after: { stage: 'closed', outcome: 'returned', event: 'ReturnConfirmed' },
  },
];

/**
 * What GET /cases/:id offers each role that can read the case, at each stage, in the order of the
 * process. The auditor reads everything and is offered nothing.
 */
const IN_TERM_OFFER: Record<InScope, HumanCommandType[]> = {
  'hr.taichinh': [],
  'gd.taichinh': ['correctDecision', 'extend', 'recallEarly', 'decideEnd'],
  'snv.thamdinh': ['correctDecision', 'extend', 'recallEarly', 'decideEnd'],
  'vp.tinhuy': [],
  'ct.cubao': ['recordEvaluation'],
  'an.nguyenvan': ['submitReport'],
  thanhtra: [],
};
const OFFERED: Record<Setup, Record<InScope, HumanCommandType[]>> = {
  department_review: {
    'hr.taichinh': ['withdraw'],
    'gd.taichinh': ['approve', 'reject', 'returnForChanges', 'withdraw'],
    'snv.thamdinh': ['withdraw'],
    'vp.tinhuy': [],
    'ct.cubao': [],
    'an.nguyenvan': [],
    thanhtra: [],
  },
  home_affairs_appraisal: {
    'hr.taichinh': ['withdraw'],
    'gd.taichinh': ['withdraw'],
    'snv.thamdinh': ['approve', 'reject', 'returnForChanges', 'withdraw'],
    'vp.tinhuy': [],
    'ct.cubao': [],
    'an.nguyenvan': [],
    thanhtra: [],
  },
  party_committee_approval: {
    'hr.taichinh': ['withdraw'],
    'gd.taichinh': ['withdraw'],
    'snv.thamdinh': ['withdraw'],
    'vp.tinhuy': ['recordPartyOpinion'],
    'ct.cubao': [],
    'an.nguyenvan': [],
    thanhtra: [],
  },
  awaiting_decision: {
    'hr.taichinh': ['withdraw'],
    'gd.taichinh': ['withdraw', 'issueDecision'],
    'snv.thamdinh': ['reject', 'withdraw', 'issueDecision'],
    'vp.tinhuy': [],
    'ct.cubao': [],
    'an.nguyenvan': [],
    thanhtra: [],
  },
  proposed: {
    'hr.taichinh': ['resubmit', 'withdraw'],
    'gd.taichinh': ['withdraw'],
    'snv.thamdinh': ['withdraw'],
    'vp.tinhuy': [],
    'ct.cubao': [],
    'an.nguyenvan': [],
    thanhtra: [],
  },
  decision_issued: {
    'hr.taichinh': ['withdraw'],
    'gd.taichinh': ['withdraw', 'correctDecision', 'revokeDecision'],
    'snv.thamdinh': ['withdraw', 'correctDecision', 'revokeDecision'],
    'vp.tinhuy': [],
    'ct.cubao': ['confirmArrival'],
    'an.nguyenvan': [],
    thanhtra: [],
  },
  posted: {
    'hr.taichinh': [],
    'gd.taichinh': ['correctDecision', 'revokeDecision'],
    'snv.thamdinh': ['correctDecision', 'revokeDecision'],
    'vp.tinhuy': [],
    'ct.cubao': [],
    'an.nguyenvan': [],
    thanhtra: [],
  },
  serving: IN_TERM_OFFER,
  ending: IN_TERM_OFFER,
  term_completed: {
    'hr.taichinh': ['confirmReturn'],
    'gd.taichinh': ['correctDecision', 'confirmReturn'],
    'snv.thamdinh': ['correctDecision'],
    'vp.tinhuy': [],
    'ct.cubao': ['recordEvaluation'],
    'an.nguyenvan': ['submitReport'],
    thanhtra: [],
  },
};

interface ProblemBody {
  type: string;
  status: number;
  rule?: string;
}

const isOutsider = (role: Role): role is Outsider => role in OUTSIDERS;

describe('scope matrix: every role × every lifecycle action through the HTTP API', () => {
  const { stack, api } = useApiStack('scope-matrix');
  const as = (user: string) => api.as(user);
  /** One dossier, uploaded once, attached to every decision. */
  let attachments: DecisionAttachment[];

  beforeAll(async () => {
    attachments = (await uploadDossier(as('hr.taichinh'), 'scope matrix')).attachments;
  });

  /** A valid body for each action (dates no later than today; a recall's last day today, before the term's end). */
  function bodyFor(action: HumanCommandType): object {
    const today = vnToday();
    switch (action) {
      case 'approve':
        return { comment: 'Đồng ý' };
      case 'reject':
        return { reason: 'Chưa đủ điều kiện' };
      case 'returnForChanges':
        return { reason: 'Bổ sung văn bản thống nhất với UBND xã' };
      case 'resubmit':
        return { changes: { position: 'Công chức Tài chính – Kế toán (bổ sung)' }, comment: 'Đã bổ sung' };
      case 'withdraw':
        return { reason: 'Sở bố trí lại nhân sự' };
      case 'recordPartyOpinion':
        return partyOpinionBody('125-TB/TU');
      case 'issueDecision':
        return decisionBody({ decisionDate: today, effectiveDate: vnDay(30), attachments });
      case 'correctDecision':
        return { documentNumber: '1300/QĐ-UBND', documentDate: today, reason: 'Sai chức danh người ký', changes: { signer: { name: 'Nguyễn Thị Mai', title: 'Phó Giám đốc Sở Nội vụ' } } };
      case 'revokeDecision':
        return { documentNumber: '1301/QĐ-UBND', documentDate: today, reason: 'Xã không còn nhu cầu' };
      case 'confirmArrival':
        return { arrivedOn: today, assignedWork: 'Phụ trách kế toán ngân sách xã' };
      case 'recordEvaluation':
        return { period: today.slice(0, 4), rating: 'good', comment: 'Hoàn thành tốt nhiệm vụ' };
      case 'submitReport':
        return { kind: 'periodic', period: 'Quý này', summary: 'Đã hướng dẫn nghiệp vụ kế toán ngân sách' };
      case 'extend':
        return { decisionNumber: '90/QĐ-SNV', decisionDate: today, by: { months: 1 }, reason: 'Xã đề nghị gia hạn' };
      case 'recallEarly':
        return { decisionNumber: '91/QĐ-SNV', decisionDate: today, lastDay: today, reason: 'Sở cần bố trí lại nhân sự' };
      case 'decideEnd':
        return { decisionNumber: '92/QĐ-SNV', decisionDate: today, reason: 'Hết thời hạn biệt phái' };
      case 'confirmReturn':
        return { returnedOn: today, placement: { position: 'Chuyên viên phòng Quản lý ngân sách', unitName: 'Sở Tài chính' } };
    }
  }

  /** Reads the case until it shows what is awaited and no timer of it is due any more (timers fire in the workflow, after the action). */
  const settle = (caseId: string, ready: (view: CaseView) => boolean) => waitForCase(api, caseId, (view) => ready(view) && noTimerDue(view));

  const REACHED: Record<Setup, (c: CaseView) => boolean> = {
    department_review: (c) => c.stage === 'department_review',
    home_affairs_appraisal: (c) => c.stage === 'home_affairs_appraisal',
    party_committee_approval: (c) => c.stage === 'party_committee_approval',
    awaiting_decision: (c) => c.stage === 'awaiting_decision',
    proposed: (c) => c.stage === 'proposed',
    decision_issued: (c) => c.stage === 'decision_issued',
    posted: (c) => c.stage === 'posted' && !c.state.termStarted,
    serving: (c) => c.stage === 'serving' && c.state.termStarted,
    ending: (c) => c.stage === 'ending' && c.state.termStarted && !c.state.overdue && c.state.endDecision === null,
    term_completed: (c) => c.stage === 'ending' && c.state.termCompleted,
  };

  /**
   * The decision that brings a case to each stage after it:
   * - decision_issued / posted: decided today, effective in 30 days (so it waits at `posted`);
   * - serving: decided and effective 10 days ago for 3 months (its first reminder is dated before the decision, so it is not sent: `serving`);
   * - ending: decided and effective 10 days ago for 41 days (ends in 30 days: the 30-day reminder is due today: `ending`);
   * - term_completed: decided and effective 60 days ago for a month (over and overdue; then the end is decided).
   * (The stages before it are not decided.)
   */
  function decisionPlan(setup: Setup): DecisionPlan | undefined {
    switch (setup) {
      case 'decision_issued':
      case 'posted':
        return { decisionDate: vnToday(), effectiveDate: vnDay(30) };
      case 'serving':
        return { decisionDate: vnDay(-10), effectiveDate: vnDay(-10), term: { months: 3 } };
      case 'ending':
        return { decisionDate: vnDay(-10), effectiveDate: vnDay(-10), term: { months: 0, days: 41 } };
      case 'term_completed':
        return { decisionDate: vnDay(-60), effectiveDate: vnDay(-60), term: { months: 1 } };
      default:
        return undefined;
    }
  }

  interface Nominator {
    proposer: string;
    /** A fresh fixture official of the sending unit unless given. */
    officialId?: string;
    sendingUnitId?: string;
  }
  const MAIN: Nominator = { proposer: 'hr.taichinh' };

  /** Makes an.nguyenvan's account the person `officialId` (the session reads the account at each request). */
  async function makeAnTheOfficial(officialId: string): Promise<void> {
    await queryRows(stack.db.url, `UPDATE secondment.user_account SET person_id = $1 WHERE username = 'an.nguyenvan'`, [officialId]);
  }

  /** How far the walk goes for each setup: posted, serving and ending differ by the decision's dates only. */
  const WALK_TO: Record<Setup, WalkTarget> = {
    department_review: 'department_review',
    home_affairs_appraisal: 'home_affairs_appraisal',
    party_committee_approval: 'party_committee_approval',
    awaiting_decision: 'awaiting_decision',
    proposed: 'proposed',
    decision_issued: 'decision_issued',
    posted: 'arrival_confirmed',
    serving: 'arrival_confirmed',
    ending: 'arrival_confirmed',
    term_completed: 'term_completed',
  };

  /** A fresh case (started 60 days ago, for a year), walked through the API by the right people to `setup`; returns its id once settled. */
  async function newCase(setup: Setup, who: Nominator = MAIN): Promise<string> {
    const caseId = await walkNewCase(api, WALK_TO[setup], {
      proposer: who.proposer,
      nomination: {
        ...(who.officialId ? { officialId: who.officialId } : {}),
        ...(who.sendingUnitId ? { sendingUnitId: who.sendingUnitId } : {}),
        plannedStart: vnDay(-60),
        term: { months: 12 },
      },
      appraiser: 'snv.quyetdinh',
      partyOpinion: '120-TB/TU',
      decision: decisionPlan(setup),
      attachments,
    });
    return (await settle(caseId, REACHED[setup])).caseId;
  }

  async function eventCount(caseId: string): Promise<{ events: number; version: number }> {
    const [events] = await queryRows<{ n: number }>(stack.db.url, 'SELECT count(*)::int AS n FROM secondment.domain_event WHERE case_id = $1', [caseId]);
    const [summary] = await queryRows<{ version: number }>(stack.db.url, 'SELECT version FROM secondment.case_summary WHERE case_id = $1', [caseId]);
    return { events: events.n, version: summary.version };
  }

  /** The refusal as problem+json: 403 forbidden, or 422 rule-violated with its legal basis, for the rule. */
  function expectRefusal(response: request.Response, [status, rule]: Refusal): void {
    expectProblem(response, status, status === 403 ? 'forbidden' : 'rule-violated', { rule, ...(status === 422 ? { legalBasis: NON_EMPTY } : {}) });
  }

  const title = (row: MatrixRow) => `${row.action} at ${row.at}: allowed for ${row.allowed.join(', ')} only`;

  it('states every one of the 16 actions for every role, each role either allowed or refused with a reason', () => {
    expect(new Set(MATRIX.map((row) => row.action))).toEqual(new Set(HUMAN_COMMANDS));
    expect(Object.keys(ROUTE).sort()).toEqual([...HUMAN_COMMANDS].sort());
    for (const row of MATRIX) {
      const covered = [...row.allowed, ...(Object.keys(row.refused) as Role[])];
      expect({ row: title(row), roles: [...covered].sort() }).toEqual({ row: title(row), roles: [...ROLES].sort() });
      expect({ row: title(row), refused: row.refused.thanhtra }).toEqual({ row: title(row), refused: NOT_AUTHORISED });
      // The offer table and the matrix agree: a role is offered the action exactly where it is allowed.
      for (const role of ROLES.filter((r): r is InScope => !isOutsider(r))) {
        expect({ row: title(row), role, offered: OFFERED[row.at][role].includes(row.action) }).toEqual({ row: title(row), role, offered: row.allowed.includes(role) });
      }
    }
    expect(Object.values(OFFERED).every((offer) => offer.thanhtra.length === 0)).toBe(true);
  });

  it.each(MATRIX.map((row) => [title(row), row] as const))('%s', async (_title, row) => {
    // One case per allowed role: the last allowed role acts on the case the refusals were tried on,
    // whose official an.nguyenvan is for this row.
    const official = nextOfficial();
    const [shared, ...others] = await Promise.all([newCase(row.at, { ...MAIN, officialId: official.id }), ...row.allowed.slice(0, -1).map(() => newCase(row.at))]);
    await makeAnTheOfficial(official.id);
    try {
      await tryRow(row, shared, others);
    } finally {
      await makeAnTheOfficial('cc-0001');
    }
  });

  /** One row on its cases: every role's offer and refusal on `shared`, then each allowed role on a case of its own (`others`, then `shared`). */
  async function tryRow(row: MatrixRow, shared: string, others: string[]): Promise<void> {
    const route = `/cases/${shared}/${ROUTE[row.action]}`;

    // What each role is offered at this stage; the outsiders cannot even read the case.
    const offered: Partial<Record<Role, unknown>> = {};
    const expectedOffer: Partial<Record<Role, unknown>> = {};
    for (const role of ROLES) {
      const response = await as(role).get(`/cases/${shared}`);
      if (isOutsider(role)) {
        offered[role] = [response.status, (response.body as ProblemBody).rule];
        expectedOffer[role] = [403, 'out_of_scope'];
      } else {
        offered[role] = response.status === 200 ? (response.body as CaseView).actions : [response.status, (response.body as ProblemBody).rule];
        expectedOffer[role] = OFFERED[row.at][role].map((action) => ({ action }));
      }
    }
    expect(offered).toEqual(expectedOffer);

    // Every refused role, with a valid body: refused for the reason the table gives, as problem+json.
    const before = await eventCount(shared);
    const refusedRoles = ROLES.filter((role) => !row.allowed.includes(role));
    const got: Partial<Record<Role, readonly [number, string | undefined]>> = {};
    const responses: Partial<Record<Role, request.Response>> = {};
    for (const role of refusedRoles) {
      const response = await as(role).post(route).send(bodyFor(row.action));
      responses[role] = response;
      got[role] = [response.status, (response.body as ProblemBody).rule];
    }
    expect(got).toEqual(row.refused);
    for (const role of refusedRoles) expectRefusal(responses[role]!, row.refused[role]!);

    // Nothing happened: not one event, the read model at the same version, the case where it was.
    expect(await eventCount(shared)).toEqual(before);
    expect(before.version).toBe(before.events);
    const unchanged = await as('thanhtra').get(`/cases/${shared}`).expect(200);
    expect(REACHED[row.at](unchanged.body as CaseView)).toBe(true);

    // Every allowed role is accepted, each on a case of its own.
    const cases = [...others, shared];
    await Promise.all(
      row.allowed.map(async (role, i) => {
        const caseId = cases[i];
        const start = await eventCount(caseId);
        const response = await as(role).post(`/cases/${caseId}/${ROUTE[row.action]}`).send(bodyFor(row.action));
        expect({ role, status: response.status, body: response.status === 200 ? 'case' : response.body }).toEqual({ role, status: 200, body: 'case' });
        const body = response.body as CaseView;
        expect({ role, stage: body.stage, outcome: body.outcome }).toEqual({ role, stage: row.after.stage, outcome: row.after.outcome ?? null });
        // The first new event is the action, by this person.
        const [first] = await queryRows<{ type: string; actor: string }>(
          stack.db.url,
          `SELECT type, actor->>'id' AS actor FROM secondment.domain_event WHERE case_id = $1 AND version > $2 ORDER BY version LIMIT 1`,
          [caseId, start.events],
        );
        expect({ role, first }).toEqual({ role, first: { type: row.after.event, actor: role } });
        expect(body.timeline.filter((e) => e.actor.id === role).map((e) => e.type)).toContain(row.after.event);
      }),
    );
  }

  it('refuses every action to everyone outside the case with 403 out_of_scope at any stage, never telling its stage, and records nothing', async () => {
    const outsiders = ROLES.filter(isOutsider);
    for (const setup of ['department_review', 'serving'] as const) {
      const caseId = await newCase(setup);
      const before = await eventCount(caseId);
      const got: Record<string, unknown> = {};
      const expected: Record<string, unknown> = {};
      for (const role of outsiders) {
        for (const action of HUMAN_COMMANDS) {
          const response = await as(role).post(`/cases/${caseId}/${ROUTE[action]}`).send(bodyFor(action));
          got[`${setup} ${role} ${action}`] = [response.status, (response.body as ProblemBody).rule, (response.body as { stage?: unknown }).stage];
          expected[`${setup} ${role} ${action}`] = [403, 'out_of_scope', undefined];
        }
      }
      expect(got).toEqual(expected);
      expect(await eventCount(caseId)).toEqual(before);
    }
  });

  describe('separation of duties: the proposer may not review their own nomination', () => {
    it('Home Affairs, having proposed, may not approve, return or reject at appraisal, nor reject at the decision; another officer may, and the proposer may still withdraw or record the decision', async () => {
      const caseId = await newCase('home_affairs_appraisal', { proposer: 'snv.thamdinh', officialId: 'cc-0002', sendingUnitId: 'so-tai-chinh' });

      const proposerView = await as('snv.thamdinh').get(`/cases/${caseId}`).expect(200);
      expect(proposerView.body.actions).toEqual([{ action: 'withdraw' }]);
      const colleagueView = await as('snv.quyetdinh').get(`/cases/${caseId}`).expect(200);
      expect(colleagueView.body.actions).toEqual([{ action: 'approve' }, { action: 'reject' }, { action: 'returnForChanges' }, { action: 'withdraw' }]);

      const before = await eventCount(caseId);
      for (const action of ['approve', 'returnForChanges', 'reject'] as const) {
        const response = await as('snv.thamdinh').post(`/cases/${caseId}/${ROUTE[action]}`).send(bodyFor(action));
        expect({ action, status: response.status, rule: response.body.rule }).toEqual({ action, status: 422, rule: 'separation_of_duties' });
        expectRefusal(response, SEPARATION_OF_DUTIES);
      }
      expect(await eventCount(caseId)).toEqual(before);

      const approved = await as('snv.quyetdinh').post(`/cases/${caseId}/approve`).send({ comment: 'Đồng ý' }).expect(200);
      expect(approved.body.stage).toBe('party_committee_approval');
      await act(api, 'vp.tinhuy', caseId, 'record-party-opinion', partyOpinionBody('121-TB/TU'));
      await settle(caseId, REACHED.awaiting_decision);

      const proposerAtDecision = await as('snv.thamdinh').get(`/cases/${caseId}`).expect(200);
      expect(proposerAtDecision.body.actions).toEqual([{ action: 'withdraw' }, { action: 'issueDecision' }]);
      const colleagueAtDecision = await as('snv.quyetdinh').get(`/cases/${caseId}`).expect(200);
      expect(colleagueAtDecision.body.actions).toEqual([{ action: 'reject' }, { action: 'withdraw' }, { action: 'issueDecision' }]);

      const atDecision = await eventCount(caseId);
      const rejected = await as('snv.thamdinh').post(`/cases/${caseId}/reject`).send(bodyFor('reject'));
      expect({ status: rejected.status, rule: rejected.body.rule }).toEqual({ status: 422, rule: 'separation_of_duties' });
      expectRefusal(rejected, SEPARATION_OF_DUTIES);
      expect(await eventCount(caseId)).toEqual(atDecision);

      // Recording the signed decision is not a review: the proposer may do it.
      const decided = await as('snv.thamdinh').post(`/cases/${caseId}/issue-decision`).send(bodyFor('issueDecision')).expect(200);
      expect(decided.body.stage).toBe('decision_issued');
    });

    it('a commune leader who proposed is the sending head, yet may not approve, return or reject the nomination; they may withdraw it', async () => {
      const caseId = await newCase('department_review', { proposer: 'ct.eakar', officialId: 'cc-0008' });

      const view = await as('ct.eakar').get(`/cases/${caseId}`).expect(200);
      expect(view.body).toMatchObject({ stage: 'department_review', sendingUnitId: 'xa-ea-kar' });
      expect(view.body.actions).toEqual([{ action: 'withdraw' }]);
      // The matrix's department head is outside this case.
      const other = await as('gd.taichinh').post(`/cases/${caseId}/approve`).send({});
      expect({ status: other.status, rule: other.body.rule }).toEqual({ status: 403, rule: 'out_of_scope' });

      const before = await eventCount(caseId);
      for (const action of ['approve', 'returnForChanges', 'reject'] as const) {
        const response = await as('ct.eakar').post(`/cases/${caseId}/${ROUTE[action]}`).send(bodyFor(action));
        expect({ action, status: response.status, rule: response.body.rule }).toEqual({ action, status: 422, rule: 'separation_of_duties' });
        expectRefusal(response, SEPARATION_OF_DUTIES);
      }
      expect(await eventCount(caseId)).toEqual(before);

      const withdrawn = await as('ct.eakar').post(`/cases/${caseId}/withdraw`).send(bodyFor('withdraw')).expect(200);
      expect(withdrawn.body).toMatchObject({ stage: 'closed', outcome: 'withdrawn' });
    });
  });
});
