/**
 * The shapes of the public API this UI reads (see /api/docs-json). Only what the screens use;
 * the browser specs run every screen against the real API, so a drift shows there.
 */
import type { Bilingual } from '@app/domain/labels';

export type Role = 'hr_officer' | 'department_head' | 'home_affairs_officer' | 'party_secretariat' | 'commune_leader' | 'official' | 'auditor';
export type Stage =
  | 'proposed'
  | 'department_review'
  | 'home_affairs_appraisal'
  | 'party_committee_approval'
  | 'awaiting_decision'
  | 'decision_issued'
  | 'posted'
  | 'serving'
  | 'ending'
  | 'returned'
  | 'closed';
export type Form = 'secondment' | 'reinforcement' | 'rotation' | 'transfer';
export type Outcome = 'returned' | 'transferred' | 'rejected' | 'withdrawn' | 'revoked';
export type ActionName =
  | 'approve'
  | 'reject'
  | 'returnForChanges'
  | 'resubmit'
  | 'withdraw'
  | 'recordPartyOpinion'
  | 'issueDecision'
  | 'correctDecision'
  | 'revokeDecision'
  | 'confirmArrival'
  | 'recordEvaluation'
  | 'submitReport'
  | 'extend'
  | 'recallEarly'
  | 'decideEnd'
  | 'confirmReturn';

export interface Unit {
  id: string;
  name: string;
  kind: 'department' | 'commune';
}

export interface Account {
  id: string;
  username: string;
  displayName: string;
  role: Role;
  unit?: Unit | null;
  personId?: string | null;
  language: 'vi' | 'en';
}

export interface Me extends Account {
  actingFor: { delegationId: string; delegator: Account; startsOn: string; endsOn: string }[];
  sessionExpiresAt: string;
}

export interface LoginResult {
  token: string;
  tokenType: 'Bearer';
  expiresAt: string;
  user: Account;
}

export interface DemoAccount {
  username: string;
  displayName: string;
  role: Role;
  unitName: string | null;
}

export interface CaseSummary {
  caseId: string;
  version: number;
  form: Form;
  stage: Stage;
  outcome?: Outcome | null;
  officialId: string;
  officialName: string;
  sendingUnitId: string;
  sendingUnitName: string;
  receivingUnitId: string;
  receivingUnitName: string;
  position: string;
  proposerId: string;
  proposerName: string;
  proposedAt: string;
  stageOpenedAt: string;
  stageDeadline?: string | null;
  stageOverdue: boolean;
  escalationLevel: number;
  decisionNumber?: string | null;
  decisionDate?: string | null;
  effectiveDate?: string | null;
  termEnd?: string | null;
  overdue: boolean;
  nextTimerAt?: string | null;
  closedAt?: string | null;
}

export interface CasePage {
  items: CaseSummary[];
  total: number;
  page: number;
  pageSize: number;
}

export interface PersonRef {
  id: string;
  name: string;
}

export interface OfferedAction {
  action: ActionName;
  onBehalfOf?: PersonRef | null;
}

export interface InboxItem extends CaseSummary {
  actions: OfferedAction[];
}

export interface TimelineEntry {
  version: number;
  type: string;
  at: string;
  actor: { id: string; name: string; role: Role | 'system'; onBehalfOf?: PersonRef | null };
  reason?: string | null;
  documentNumber?: string | null;
  data: Record<string, unknown>;
}

export interface PendingTimer {
  key: string;
  at: string;
  event: string;
}

export interface CaseDetail extends CaseSummary {
  state: Record<string, unknown>;
  timers: PendingTimer[];
  actions: OfferedAction[];
  timeline: TimelineEntry[];
}

export interface StageCount {
  stage: Stage;
  count: number;
  overdue: number;
}

export interface PipelineCell {
  unitId: string;
  unitName: string;
  stage: Stage;
  count: number;
}

export interface Pipeline {
  asOf: string;
  open: number;
  overdueSteps: number;
  overdueTerms: number;
  termsEndingIn30Days: number;
  termsEndingIn90Days: number;
  byStage: StageCount[];
  bySendingUnit: PipelineCell[];
  byReceivingUnit: PipelineCell[];
  closedByOutcome: { outcome: Outcome; count: number }[];
}

export interface BatchItemResult {
  caseId: string;
  status: 'done' | 'refused' | 'not_attempted';
  stage?: Stage;
  version?: number;
  /** For a batch nomination: its position in the request. */
  index?: number;
  problem?: Problem;
}

export interface BatchResult {
  done: number;
  refused: number;
  results: BatchItemResult[];
}

export interface NotificationItem {
  id: string;
  kind: string;
  caseId: string | null;
  mandatory: boolean;
  occurredAt: string;
  readAt: string | null;
  subject: string;
  text: string;
  link: string;
}

export interface NotificationPage {
  items: NotificationItem[];
  total: number;
  unread: number;
}

export interface Preferences {
  language: 'vi' | 'en';
  email: string | null;
  notifyMode: 'each' | 'digest';
}

export interface FieldProblem {
  field: string;
  rule: string;
  message: string;
}

/** RFC 9457 problem details, as every refusal of the API is written. */
export interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  /** `detail` in both languages. */
  messages?: Bilingual;
  rule?: string;
  stage?: string;
  field?: string;
  legalBasis?: string;
  errors?: FieldProblem[];
  violations?: { rule: string; message?: string; messages?: Bilingual; [key: string]: unknown }[];
}
