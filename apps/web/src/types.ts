/**
 * The shapes of the public API this UI reads (see /api/docs-json). Only what the screens use;
 * the browser specs run every screen against the real API, so a drift shows there.
 */
import type { Outcome, Role as DomainRole, Stage } from '@app/domain/case';
import type { HumanCommandType } from '@app/domain/commands';
import type { Bilingual } from '@app/domain/labels';
import type { CaseSummaryRow } from '@app/domain/projections';
import type { CaseForm } from '@app/domain/rules';

export type { Outcome, Stage } from '@app/domain/case';
export type Form = CaseForm;
export type ActionName = HumanCommandType;
/** The roles people sign in with (the domain's `system` acts only in timers). */
export type Role = Exclude<DomainRole, 'system'>;

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

/** GET /auth/demo-accounts: the accounts a demo's sign-in page lists (empty outside a demo). */
export interface DemoAccounts {
  enabled: boolean;
  password: string | null;
  accounts: { username: string; displayName: string; role: Role; unit: Unit | null }[];
}

/** A case as GET /cases lists it: the read model's row (the search key aside) and whether its step is late. */
export type CaseSummary = Omit<CaseSummaryRow, 'officialNameKey' | 'awaits' | 'inboxFacts' | 'form' | 'stage' | 'outcome'> & {
  form: Form;
  stage: Stage;
  outcome: Outcome | null;
  stageOverdue: boolean;
};

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
