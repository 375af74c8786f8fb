/**
 * What the case screen reads of `GET /cases/:id` beyond the summary: the folded `state`, which is
 * the domain's CaseState as JSON.
 */
import type { CaseState } from '@app/domain/case';
import type { CaseDetail } from '../types';

export type { Attachment, CaseState } from '@app/domain/case';
export type { AttachmentKind } from '@app/domain/rules';

export function caseState(detail: CaseDetail): CaseState {
  return detail.state as unknown as CaseState;
}

/** The reads a change to a case makes stale. */
export const AFTER_A_CHANGE = ['/inbox', '/cases', '/pipeline', '/notifications'] as const;
