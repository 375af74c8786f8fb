import type { LocalDate, TermLength } from './calendar';
import type { Actor, Attachment, Official, Outcome, Signer, Unit } from './case';
import type { EvaluationRating, ReportKind } from './commands';
import type { EligibilityOverride } from './eligibility';
import type { ApprovalStage, CaseForm, CaseRules, TimedStage } from './rules';

/**
 * What happened to a case, in the past tense. Stored immutably as (case id, version, type, data,
 * actor, occurred at, request id); a correction is a new event.
 */
export interface EventPayloads {
  CaseProposed: {
    caseId: string;
    form: CaseForm;
    official: Official;
    sendingUnit: Unit;
    receivingUnit: Unit;
    position: string;
    plannedStart: LocalDate;
    term: TermLength | null;
    reason: string;
    legalBasisOverride: string | null;
    /** The province's rules as they stood when the case began. */
    rules: CaseRules;
    /** The first approval stage (or awaiting_decision when the rules require none). */
    firstStage: ApprovalStage | 'awaiting_decision';
    /** Eligibility rules Home Affairs let pass for this case, with why (present only when there are some). */
    eligibilityOverrides?: EligibilityOverride[];
  };
  StageApproved: { stage: ApprovalStage | 'awaiting_decision'; comment: string | null; nextStage: ApprovalStage | 'awaiting_decision' };
  CaseRejected: { stage: ApprovalStage | 'awaiting_decision'; reason: string };
  ReturnedForChanges: { stage: ApprovalStage; reason: string };
  ProposalResubmitted: {
    changes: { receivingUnit?: Unit; position?: string; plannedStart?: LocalDate; term?: TermLength; reason?: string; legalBasisOverride?: string };
    comment: string | null;
    firstStage: ApprovalStage | 'awaiting_decision';
  };
  CaseWithdrawn: { stage: string; reason: string };
  PartyOpinionRecorded: { documentNumber: string; documentDate: LocalDate; opinion: 'agree' | 'disagree'; comment: string | null; nextStage: 'awaiting_decision' | null };
  DecisionIssued: {
    decisionNumber: string;
    decisionDate: LocalDate;
    signer: Signer;
    effectiveDate: LocalDate;
    term: TermLength | null;
    termEnd: LocalDate | null;
    attachments: Attachment[];
    legalBasisOverride: string | null;
  };
  DecisionCorrected: {
    /** The version of the DecisionIssued event this corrects. */
    correctsVersion: number;
    correctsDecisionNumber: string;
    documentNumber: string;
    documentDate: LocalDate;
    reason: string;
    changes: { decisionNumber?: string; decisionDate?: LocalDate; signer?: Signer; effectiveDate?: LocalDate; term?: TermLength; termEnd?: LocalDate; legalBasisOverride?: string };
  };
  DecisionRevoked: { revokesVersion: number; revokesDecisionNumber: string; documentNumber: string; documentDate: LocalDate; reason: string };
  ArrivalConfirmed: { arrivedOn: LocalDate; assignedWork: string | null };
  TermStarted: { effectiveDate: LocalDate; termEnd: LocalDate | null };
  EvaluationRecorded: { period: string; rating: EvaluationRating; comment: string | null; documentNumber: string | null };
  ReportSubmitted: { kind: ReportKind; period: string; summary: string };
  TermExtended: {
    decisionNumber: string;
    decisionDate: LocalDate;
    by: TermLength;
    previousTermEnd: LocalDate;
    newTermEnd: LocalDate;
    reason: string;
    legalBasisOverride: string | null;
  };
  EarlyRecallDecided: { decisionNumber: string; decisionDate: LocalDate; previousTermEnd: LocalDate; lastDay: LocalDate; reason: string };
  EndDecided: { decisionNumber: string; decisionDate: LocalDate; lastDay: LocalDate; reason: string | null };
  TermCompleted: { lastDay: LocalDate };
  ReturnConfirmed: { returnedOn: LocalDate; placement: { position: string; unitName: string; note: string | null } };
  CaseClosed: { outcome: Outcome };
  StageDeadlinePassed: { stage: TimedStage; deadline: LocalDate; level: number; timerKey: string };
  TermEndReminderDue: { termEnd: LocalDate; daysBefore: number; timerKey: string };
  TermEndOverdue: { termEnd: LocalDate; timerKey: string };
  EvaluationDue: { period: number; dueOn: LocalDate; timerKey: string };
}

export type EventType = keyof EventPayloads;

export interface EventOf<T extends EventType> {
  type: T;
  data: EventPayloads[T];
  actor: Actor;
  /** ISO instant the decision was taken (workflow time). */
  at: string;
  requestId: string | null;
}

export type CaseEvent = { [T in EventType]: EventOf<T> }[EventType];

/** Every event type, checked against the payloads: adding an event without listing it does not compile. */
const EVENT_TYPE_SET = {
  CaseProposed: true,
  StageApproved: true,
  CaseRejected: true,
  ReturnedForChanges: true,
  ProposalResubmitted: true,
  CaseWithdrawn: true,
  PartyOpinionRecorded: true,
  DecisionIssued: true,
  DecisionCorrected: true,
  DecisionRevoked: true,
  ArrivalConfirmed: true,
  TermStarted: true,
  EvaluationRecorded: true,
  ReportSubmitted: true,
  TermExtended: true,
  EarlyRecallDecided: true,
  EndDecided: true,
  TermCompleted: true,
  ReturnConfirmed: true,
  CaseClosed: true,
  StageDeadlinePassed: true,
  TermEndReminderDue: true,
  TermEndOverdue: true,
  EvaluationDue: true,
} satisfies Record<EventType, true>;
export const EVENT_TYPES = Object.keys(EVENT_TYPE_SET) as EventType[];
