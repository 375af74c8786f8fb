import { isLocalDate, type LocalDate, type WorkingCalendar } from './calendar';
import { DEFAULT_ELIGIBILITY_RULES, type EligibilityRules } from './eligibility';

export const CASE_FORMS = ['secondment', 'reinforcement', 'rotation', 'transfer'] as const;
/** biệt phái, tăng cường (a short biệt phái), luân chuyển, điều động. */
export type CaseForm = (typeof CASE_FORMS)[number];

export const APPROVAL_STAGES = ['department_review', 'home_affairs_appraisal', 'party_committee_approval'] as const;
export type ApprovalStage = (typeof APPROVAL_STAGES)[number];

/** Who may review an approval stage: the head of the case's sending unit, the Home Affairs office, the Party committee secretariat. */
export const REVIEWERS = ['sendingHead', 'homeAffairs', 'partySecretariat'] as const;
export type Reviewer = (typeof REVIEWERS)[number];

export interface ApprovalStageReview {
  /** How the stage is reviewed: approved, returned or rejected; or by the opinion the reviewer records (the Party committee's). */
  by: 'approval' | 'opinion';
  /** The reviewer where the rules name none (`CaseRules.reviewers`). */
  reviewer: Reviewer;
  /** What reviewing is called when someone else attempts it ("<review> is for <the reviewer>"). */
  review: string;
  /** What rejecting is called there, when it is not the review itself. */
  rejecting?: string;
}

/**
 * What each approval stage is besides its place in a form's path: how it is reviewed and by whom.
 * The action table reads it for who may approve, return, reject or record an opinion, and where; a
 * new approval stage is an entry here (with its name above, its label and its default deadline).
 */
export const APPROVAL_STAGE_REVIEWS: Record<ApprovalStage, ApprovalStageReview> = {
  department_review: { by: 'approval', reviewer: 'sendingHead', review: 'department review' },
  home_affairs_appraisal: { by: 'approval', reviewer: 'homeAffairs', review: 'appraisal', rejecting: 'rejecting at this stage' },
  party_committee_approval: { by: 'opinion', reviewer: 'partySecretariat', review: "recording the standing committee's opinion" },
};

/** The approval stages reviewed this way, in the order of the process. */
export function approvalStagesReviewedBy(by: ApprovalStageReview['by']): ApprovalStage[] {
  return APPROVAL_STAGES.filter((stage) => APPROVAL_STAGE_REVIEWS[stage].by === by);
}

/** Who reviews the stage under these rules: the one they name, else the stage's default. */
export function reviewerOf(stage: ApprovalStage, reviewers: CaseRules['reviewers']): Reviewer {
  return reviewers?.[stage] ?? APPROVAL_STAGE_REVIEWS[stage].reviewer;
}

/** Stages that wait on a person and so carry a deadline. */
export const TIMED_STAGES = [...APPROVAL_STAGES, 'awaiting_decision'] as const;
export type TimedStage = (typeof TIMED_STAGES)[number];

export const ATTACHMENT_KINDS = ['units_agreement', 'meeting_record', 'signed_decision', 'health_certificate', 'other'] as const;
export type AttachmentKind = (typeof ATTACHMENT_KINDS)[number];

export interface StageDeadline {
  /** Working days from the day the stage opens; the deadline is the end of that day. */
  workingDays: number;
  /** Escalations, in working days after the deadline: [0, 5] escalates when it passes and 5 working days later. */
  escalations: number[];
}

export interface TermRule {
  /** The term a proposal gets when it names none (absent: the proposal must name one). */
  defaultMonths?: number;
  minMonths?: number;
  /** The longest total term, extensions included. */
  maxTotalMonths?: number;
  /** Whether a decision citing a specific legal basis may exceed maxTotalMonths. */
  overridableWithLegalBasis?: boolean;
}

/**
 * A province's rules for the lifecycle. The current version lives in PostgreSQL; a case copies it
 * when it starts, so later changes never rewrite a running case.
 */
export interface CaseRules {
  /** The province configuration version this snapshot came from. */
  version: number;
  /** The approval stages each form goes through, in order. */
  approvalStages: Record<CaseForm, ApprovalStage[]>;
  deadlines: Record<TimedStage, StageDeadline>;
  calendar: WorkingCalendar;
  /** Reminders before a term ends, in days; the first opens the end-or-extend window. */
  termReminderDaysBefore: number[];
  /** An evaluation falls due every this many months of a term. */
  evaluationIntervalMonths: number;
  terms: Record<Exclude<CaseForm, 'transfer'>, TermRule>;
  /** Attachments a decision cannot be issued without. */
  requiredDecisionAttachments: AttachmentKind[];
  /** Who may be nominated (absent in rules stored before it existed: the defaults apply). */
  eligibility?: EligibilityRules;
  /**
   * The reviewer of an approval stage, where the province names another than the stage's own
   * (`APPROVAL_STAGE_REVIEWS`); absent, as in rules stored before it existed, or for a stage not named: the stage's own.
   */
  reviewers?: Partial<Record<ApprovalStage, Reviewer>>;
}

/**
 * Public holidays and exchanged days for civil servants, 2025–2026 (Labour Code art. 112 and the
 * yearly notices of the Ministry of Home Affairs). A province edits this list each year; it is data,
 * and the defaults must be checked against the year's official notice.
 */
export const DEFAULT_CALENDAR: WorkingCalendar = {
  holidays: [
    '2025-01-01',
    '2025-01-27', '2025-01-28', '2025-01-29', '2025-01-30', '2025-01-31', // Tết Ất Tỵ
    '2025-04-07', // Giỗ Tổ Hùng Vương (10/3 âm lịch)
    '2025-04-30', '2025-05-01', '2025-05-02', // 2 May exchanged for Saturday 26 April
    '2025-09-01', '2025-09-02', // Quốc khánh
    '2026-01-01',
    '2026-02-16', '2026-02-17', '2026-02-18', '2026-02-19', '2026-02-20', // Tết Bính Ngọ
    '2026-04-27', // Giỗ Tổ Hùng Vương falls on Sunday 26 April
    '2026-04-30', '2026-05-01',
    '2026-09-01', '2026-09-02',
  ],
  workingSaturdays: ['2025-04-26'],
};

/**
 * Defaults where the law is silent on durations (Decree 170/2025 sets no review deadlines): a
 * week for the department, two for Home Affairs, three for the standing committee, which meets on
 * its own calendar, and a week to sign the decision once approved.
 */
export const DEFAULT_CASE_RULES: CaseRules = {
  version: 1,
  approvalStages: {
    secondment: ['department_review', 'home_affairs_appraisal', 'party_committee_approval'],
    reinforcement: ['department_review', 'home_affairs_appraisal'],
    rotation: ['department_review', 'home_affairs_appraisal', 'party_committee_approval'],
    transfer: ['department_review', 'home_affairs_appraisal', 'party_committee_approval'],
  },
  deadlines: {
    department_review: { workingDays: 5, escalations: [0, 5] },
    home_affairs_appraisal: { workingDays: 10, escalations: [0, 5] },
    party_committee_approval: { workingDays: 15, escalations: [0, 5] },
    awaiting_decision: { workingDays: 5, escalations: [0, 5] },
  },
  calendar: DEFAULT_CALENDAR,
  termReminderDaysBefore: [90, 30, 7],
  evaluationIntervalMonths: 12,
  terms: {
    // Law on Cadres and Civil Servants 2025; Decree 170/2025/NĐ-CP: at most 36 months in total.
    secondment: { defaultMonths: 36, maxTotalMonths: 36, overridableWithLegalBasis: true },
    // A short secondment: from days up to 6 months; anything longer is a secondment.
    reinforcement: { maxTotalMonths: 6, overridableWithLegalBasis: false },
    // Regulation 65-QĐ/TW: rotation lasts at least 36 months.
    rotation: { defaultMonths: 36, minMonths: 36 },
  },
  requiredDecisionAttachments: ['units_agreement', 'meeting_record'],
  eligibility: DEFAULT_ELIGIBILITY_RULES,
};

function isWholeNumber(value: unknown, min = 0): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= min;
}

/** Problems with a rules document, each naming the field and the rule; empty when it is sound. */
export function rulesProblems(rules: unknown): { field: string; rule: string }[] {
  const problems: { field: string; rule: string }[] = [];
  const add = (field: string, rule: string) => problems.push({ field, rule });
  if (typeof rules !== 'object' || rules === null) return [{ field: 'rules', rule: 'must be an object' }];
  const r = rules as Partial<CaseRules>;
  if (!isWholeNumber(r.version, 1)) add('rules.version', 'must be a whole number ≥ 1');
  if (r.eligibility !== undefined) {
    const share = r.eligibility?.departmentMaxSharePercent;
    if (typeof share !== 'number' || !(share > 0 && share <= 100)) add('rules.eligibility.departmentMaxSharePercent', 'must be a percentage above 0 and at most 100');
    if (!isWholeNumber(r.eligibility?.rotationMinServiceYears)) add('rules.eligibility.rotationMinServiceYears', 'must be a whole number of years ≥ 0');
  }
  if (r.reviewers !== undefined) {
    if (typeof r.reviewers !== 'object' || r.reviewers === null || Array.isArray(r.reviewers)) add('rules.reviewers', 'must be an object: approval stage → reviewer');
    else
      for (const [stage, reviewer] of Object.entries(r.reviewers as Record<string, unknown>)) {
        if (!(APPROVAL_STAGES as readonly string[]).includes(stage)) add(`rules.reviewers.${stage}`, `stages must be among ${APPROVAL_STAGES.join(', ')}`);
        else if (!(REVIEWERS as readonly unknown[]).includes(reviewer)) add(`rules.reviewers.${stage}`, `must be one of ${REVIEWERS.join(', ')}`);
      }
  }
  for (const form of CASE_FORMS) {
    const stages = r.approvalStages?.[form];
    if (!Array.isArray(stages)) add(`rules.approvalStages.${form}`, 'must list approval stages');
    else {
      const order = stages.map((stage) => APPROVAL_STAGES.indexOf(stage));
      if (order.some((i) => i < 0)) add(`rules.approvalStages.${form}`, `stages must be among ${APPROVAL_STAGES.join(', ')}`);
      else if (order.some((value, i) => i > 0 && value <= order[i - 1])) add(`rules.approvalStages.${form}`, 'stages must be distinct and in the order of the process');
    }
  }
  for (const stage of TIMED_STAGES) {
    const deadline = r.deadlines?.[stage];
    if (!deadline || !isWholeNumber(deadline.workingDays, 1)) add(`rules.deadlines.${stage}.workingDays`, 'must be a whole number ≥ 1');
    if (!deadline || !Array.isArray(deadline.escalations) || !deadline.escalations.every((d) => isWholeNumber(d)) || deadline.escalations.some((d, i) => i > 0 && d <= deadline.escalations[i - 1]))
      add(`rules.deadlines.${stage}.escalations`, 'must be increasing whole numbers of working days ≥ 0');
  }
  for (const list of ['holidays', 'workingSaturdays'] as const) {
    const dates = r.calendar?.[list];
    if (!Array.isArray(dates) || !dates.every((d) => isLocalDate(d))) add(`rules.calendar.${list}`, 'must be a list of dates YYYY-MM-DD');
  }
  if (!Array.isArray(r.termReminderDaysBefore) || !r.termReminderDaysBefore.every((d) => isWholeNumber(d, 1)))
    add('rules.termReminderDaysBefore', 'must be a list of whole numbers of days ≥ 1');
  if (!isWholeNumber(r.evaluationIntervalMonths, 1)) add('rules.evaluationIntervalMonths', 'must be a whole number of months ≥ 1');
  for (const form of ['secondment', 'reinforcement', 'rotation'] as const) {
    const term = r.terms?.[form];
    if (!term) add(`rules.terms.${form}`, 'is required');
    else
      for (const key of ['defaultMonths', 'minMonths', 'maxTotalMonths'] as const)
        if (term[key] !== undefined && !isWholeNumber(term[key], 1)) add(`rules.terms.${form}.${key}`, 'must be a whole number of months ≥ 1');
  }
  if (!Array.isArray(r.requiredDecisionAttachments) || !r.requiredDecisionAttachments.every((k) => ATTACHMENT_KINDS.includes(k)))
    add('rules.requiredDecisionAttachments', `must list kinds among ${ATTACHMENT_KINDS.join(', ')}`);
  return problems;
}

export function sortedReminders(rules: CaseRules): number[] {
  return [...new Set(rules.termReminderDaysBefore)].sort((a, b) => b - a);
}

export type { LocalDate };
