import type { HumanCommandType } from '@app/domain/commands';

/**
 * The API's URL paths, which the API routes by and its clients (the web UI, the specs) call: HTTP
 * belongs to neither the domain nor one of its clients, so the table lives here, pure, for both.
 * The domain names the actions; this says where each is posted.
 */

/** Each action's segment in the API: `POST /api/v1/cases/:caseId/<segment>`. */
export const ACTION_ROUTES: Record<HumanCommandType, string> = {
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

/** The route of an action on a case, relative to the API's prefix (`cases/:caseId/<segment>`), as the controller declares it. */
export function actionPath(type: HumanCommandType): string {
  return `cases/:caseId/${ACTION_ROUTES[type]}`;
}
