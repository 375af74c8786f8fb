import type { LocalDate, TermLength } from './calendar';
import type { Actor, Attachment, Official, Signer, Unit } from './case';
import type { EligibilityOverride } from './eligibility';
import type { CaseForm, CaseRules } from './rules';

/** What every command carries: who, when (workflow time, passed in), and the request it came from. */
export interface CommandMeta {
  actor: Actor;
  /** ISO instant; the decider never reads a clock. */
  at: string;
  requestId?: string;
}

export interface ProposalFields {
  form: CaseForm;
  official: Official;
  sendingUnit: Unit;
  receivingUnit: Unit;
  /** The job position (vị trí việc làm) at the receiving unit. */
  position: string;
  plannedStart: LocalDate;
  /** Absent: the form's default term; a transfer has none. */
  term?: TermLength;
  reason: string;
  /** A specific legal basis allowing a term beyond the usual cap. */
  legalBasisOverride?: string;
  /** Eligibility rules Home Affairs lets pass for this case, each with its reason (Home Affairs only). */
  eligibilityOverrides?: EligibilityOverride[];
}

export interface CommandPayloads {
  propose: ProposalFields & { caseId: string; rules: CaseRules };
  approve: { comment?: string };
  reject: { reason: string };
  returnForChanges: { reason: string };
  resubmit: { changes: Partial<Omit<ProposalFields, 'form' | 'official' | 'sendingUnit'>>; comment?: string };
  withdraw: { reason: string };
  recordPartyOpinion: { documentNumber: string; documentDate: LocalDate; opinion: 'agree' | 'disagree'; comment?: string };
  issueDecision: {
    decisionNumber: string;
    decisionDate: LocalDate;
    signer: Signer;
    effectiveDate: LocalDate;
    /** Absent: the proposal's term. */
    term?: TermLength;
    attachments: Attachment[];
    legalBasisOverride?: string;
  };
  correctDecision: {
    documentNumber: string;
    documentDate: LocalDate;
    reason: string;
    changes: { decisionNumber?: string; decisionDate?: LocalDate; signer?: Signer; effectiveDate?: LocalDate; term?: TermLength; legalBasisOverride?: string };
  };
  revokeDecision: { documentNumber: string; documentDate: LocalDate; reason: string };
  confirmArrival: { arrivedOn: LocalDate; assignedWork?: string };
  recordEvaluation: { period: string; rating: EvaluationRating; comment?: string; documentNumber?: string };
  submitReport: { kind: ReportKind; period: string; summary: string };
  extend: { decisionNumber: string; decisionDate: LocalDate; by: TermLength; reason: string; legalBasisOverride?: string };
  recallEarly: { decisionNumber: string; decisionDate: LocalDate; lastDay: LocalDate; reason: string };
  decideEnd: { decisionNumber: string; decisionDate: LocalDate; reason?: string };
  confirmReturn: { returnedOn: LocalDate; placement: { position: string; unitName: string; note?: string } };
  /** A timer of the case came due (system only). */
  fireTimer: { key: string };
}

export const EVALUATION_RATINGS = ['excellent', 'good', 'satisfactory', 'unsatisfactory'] as const;
export type EvaluationRating = (typeof EVALUATION_RATINGS)[number];
export const REPORT_KINDS = ['weekly', 'periodic', 'final'] as const;
export type ReportKind = (typeof REPORT_KINDS)[number];

export type CommandType = keyof CommandPayloads;
export type CommandOf<T extends CommandType> = { type: T } & CommandPayloads[T] & CommandMeta;
export type CaseCommand = { [T in CommandType]: CommandOf<T> }[CommandType];

/** The human actions, in the order of the process (fireTimer is the system's). */
export const HUMAN_COMMANDS = [
  'approve',
  'reject',
  'returnForChanges',
  'resubmit',
  'withdraw',
  'recordPartyOpinion',
  'issueDecision',
  'correctDecision',
  'revokeDecision',
  'confirmArrival',
  'recordEvaluation',
  'submitReport',
  'extend',
  'recallEarly',
  'decideEnd',
  'confirmReturn',
] as const satisfies readonly Exclude<CommandType, 'propose' | 'fireTimer'>[];
export type HumanCommandType = (typeof HUMAN_COMMANDS)[number];

