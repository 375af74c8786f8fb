import type { LocalDate, TermLength } from './calendar';
import type { EligibilityOverride } from './eligibility';
import type { ApprovalStage, AttachmentKind, CaseForm, CaseRules } from './rules';

export const STAGES = [
  'proposed', // with the proposer: drafted, or returned for changes
  'department_review',
  'home_affairs_appraisal',
  'party_committee_approval',
  'awaiting_decision', // approved; the decision is to be signed and recorded
  'decision_issued', // waiting for the receiving unit to confirm arrival
  'posted', // arrival confirmed; the term starts on the effective date
  'serving',
  'ending', // the end-or-extend decision is due, or the end is decided and the return awaited
  'returned',
  'closed',
] as const;
export type Stage = (typeof STAGES)[number];

export const OUTCOMES = ['returned', 'transferred', 'rejected', 'withdrawn', 'revoked'] as const;
export type Outcome = (typeof OUTCOMES)[number];

export const ROLES = [
  'hr_officer',
  'department_head',
  'home_affairs_officer',
  'party_secretariat',
  'commune_leader',
  'official',
  'auditor',
  'system',
] as const;
export type Role = (typeof ROLES)[number];

/**
 * Who acts, as the API established it (role, scope, delegation). The decider re-checks only what
 * the case itself knows: the stage, the sending and receiving units, the proposer and the official.
 */
export interface Actor {
  /** The user account. */
  id: string;
  name: string;
  role: Role;
  /** The unit the role is held in (department or commune); absent for province-wide roles. */
  unitId?: string;
  /** The person in the staffing registry, when the user is also an official. */
  personId?: string;
  /** When a deputy acts under a delegation: the approver they stand in for. */
  onBehalfOf?: { id: string; name: string };
}

export const SYSTEM_ACTOR: Actor = { id: 'system', name: 'Hệ thống', role: 'system' };

export type UnitKind = 'department' | 'commune';

export interface Unit {
  id: string;
  name: string;
  kind: UnitKind;
}

export interface Official {
  /** The person's id in the staffing registry. */
  id: string;
  name: string;
  /** Their job title at the sending unit. */
  title?: string;
}

export interface Attachment {
  kind: AttachmentKind;
  /** The stored document (content hash or storage id). */
  documentId: string;
  name: string;
  /** The day the document was issued (a health certificate must be recent). */
  issuedOn?: LocalDate;
}

export interface Signer {
  name: string;
  title: string;
}

export interface Decision {
  number: string;
  date: LocalDate;
  signer: Signer;
  effectiveDate: LocalDate;
  /** Absent for a transfer, which has no return. */
  term: TermLength | null;
  termEnd: LocalDate | null;
  attachments: Attachment[];
  legalBasisOverride: string | null;
  /** The event version that issued it (corrections reference it). */
  issuedInVersion: number;
  corrections: number;
}

export interface EndDecision {
  kind: 'end' | 'recall';
  decisionNumber: string;
  decisionDate: LocalDate;
  lastDay: LocalDate;
  decidedAt: string;
}

export interface Approval {
  stage: ApprovalStage;
  by: Actor;
  at: string;
}

/** Everything the case knows; plain JSON, rebuilt from its events by `evolve`. */
export interface CaseState {
  caseId: string;
  /** The number of events so far; the next event takes version + 1. */
  version: number;
  /** 'new' only before the proposal. */
  stage: Stage | 'new';
  form: CaseForm;
  official: Official;
  sendingUnit: Unit;
  receivingUnit: Unit;
  position: string;
  reason: string;
  plannedStart: LocalDate;
  term: TermLength | null;
  legalBasisOverride: string | null;
  /**
   * The eligibility rules Home Affairs let pass for this case at its proposal, as CaseProposed
   * recorded them; judged again before the decision. Absent when there are none (and in states
   * folded before it was kept).
   */
  eligibilityOverrides?: EligibilityOverride[];
  proposer: Actor;
  proposedAt: string;
  rules: CaseRules;
  stageOpenedAt: string;
  stageOpenedVersion: number;
  /** How many escalations the current stage has had. */
  escalationLevel: number;
  approvals: Approval[];
  partyOpinion: { documentNumber: string; documentDate: LocalDate; opinion: 'agree' | 'disagree' } | null;
  decision: Decision | null;
  arrivedOn: LocalDate | null;
  termStarted: boolean;
  /** The current last day of the term (decision, extensions, corrections and recall applied). */
  termEnd: LocalDate | null;
  /** The local date the current termEnd was set; reminders dated earlier are not sent late. */
  termEndSetOn: LocalDate | null;
  extensions: { decisionNumber: string; previousTermEnd: LocalDate; newTermEnd: LocalDate }[];
  endDecision: EndDecision | null;
  overdue: boolean;
  termCompleted: boolean;
  evaluations: { period: string; rating: string; at: string }[];
  reports: number;
  returnedOn: LocalDate | null;
  placement: { position: string; unitName: string; note: string | null } | null;
  outcome: Outcome | null;
  closedAt: string | null;
  /** Keys of timers that have fired, so each fires once. */
  firedTimers: string[];
}
