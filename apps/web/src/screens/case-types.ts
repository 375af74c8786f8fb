/**
 * What the case screen reads of `GET /cases/:id` beyond the summary (the folded `state`), and the
 * API route of each action. Only what the screens use; the browser specs hold it to the real API.
 */
import type { ActionName, CaseDetail, Form } from '../types';

export type AttachmentKind = 'units_agreement' | 'meeting_record' | 'signed_decision' | 'health_certificate' | 'other';

export interface Attachment {
  kind: AttachmentKind;
  documentId: string;
  name: string;
  issuedOn?: string;
}

export interface TermLength {
  months: number;
  days: number;
}

export interface CaseDecision {
  number: string;
  date: string;
  signer: { name: string; title: string };
  effectiveDate: string;
  term: TermLength | null;
  termEnd: string | null;
  attachments: Attachment[];
  legalBasisOverride: string | null;
  corrections: number;
}

/** The parts of the folded case state the screens show. */
export interface CaseState {
  form: Form;
  reason?: string;
  plannedStart?: string;
  term?: TermLength | null;
  legalBasisOverride?: string | null;
  official?: { id: string; name: string; title?: string };
  partyOpinion?: { documentNumber: string; documentDate: string; opinion: 'agree' | 'disagree' } | null;
  decision?: CaseDecision | null;
  arrivedOn?: string | null;
  termStarted?: boolean;
  termEnd?: string | null;
  extensions?: { decisionNumber: string; previousTermEnd: string; newTermEnd: string }[];
  endDecision?: { kind: 'end' | 'recall'; decisionNumber: string; decisionDate: string; lastDay: string } | null;
  returnedOn?: string | null;
  placement?: { position: string; unitName: string; note: string | null } | null;
  rules?: { requiredDecisionAttachments?: AttachmentKind[] };
}

export function caseState(detail: CaseDetail): CaseState {
  return detail.state as unknown as CaseState;
}

/** The path segment of each action: POST /cases/:id/<route>. */
export const ACTION_ROUTES: Record<ActionName, string> = {
  approve: 'approve',
  reject: 'reject',
  returnForChanges: 'return-for-changes',
  resubmit: 'resubmit',
  withdraw: 'withdraw',
  recordPartyOpinion: 'record-party-opinion',
  issueDecision: 'issue-decision',
  correctDecision: 'correct-decision',
  revokeDecision: 'revoke-decision',
  confirmArrival: 'confirm-arrival',
  recordEvaluation: 'record-evaluation',
  submitReport: 'submit-report',
  extend: 'extend',
  recallEarly: 'recall-early',
  decideEnd: 'decide-end',
  confirmReturn: 'confirm-return',
};

/** The reads a change to a case makes stale. */
export const AFTER_A_CHANGE = ['/inbox', '/cases', '/pipeline', '/notifications'] as const;
