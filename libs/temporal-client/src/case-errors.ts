import type { Refusal } from '@app/domain';
import { CASE_REFUSAL } from '@app/workflows/case.contracts';
import { ApplicationFailure } from '@temporalio/common';
import { isGrpcServiceError, ServiceError, WorkflowFailedError, WorkflowUpdateFailedError, WorkflowUpdateRPCTimeoutOrCancelledError } from '@temporalio/client';

/**
 * What a call to a case's workflow can answer besides its view, as typed errors: the callers (the
 * API, tests, scripts) never read gRPC status codes or Temporal's messages; this file alone does.
 */

/** No case with this id was ever started. */
export class CaseNotFoundError extends Error {
  constructor(readonly caseId: string) {
    super(`there is no case ${caseId}`);
    this.name = 'CaseNotFoundError';
  }
}

/** A refused action: nothing happened. `refusal` says why (kind, rule, field, stage). */
export class CaseRefusedError extends Error {
  constructor(readonly refusal: Refusal) {
    super(refusal.message);
    this.name = 'CaseRefusedError';
  }
}

/**
 * The workflow's last task failed (its worker was killed, or the server restarted under it); the
 * server schedules the next task by itself, which clears it: a moment to retry, not a refusal.
 */
export class CaseRecoveringError extends Error {
  constructor(
    readonly caseId: string,
    options?: ErrorOptions,
  ) {
    super(`case ${caseId} is recovering from a failed workflow task`, options);
    this.name = 'CaseRecoveringError';
  }
}

/** The call reached its deadline before the workflow answered (no worker, or a slow one): it may still happen. */
export class CaseTimeoutError extends Error {
  constructor(
    readonly caseId: string,
    /** The deadline the call had, when the client set one. */
    readonly timeoutMs: number | undefined,
    options?: ErrorOptions,
  ) {
    super(`case ${caseId} did not answer${timeoutMs === undefined ? '' : ` within ${timeoutMs} ms`}`, options);
    this.name = 'CaseTimeoutError';
  }
}

/** The Temporal server was not reached, or did not answer. */
export class TemporalUnavailableError extends Error {
  constructor(options?: ErrorOptions) {
    super('Temporal is unavailable', options);
    this.name = 'TemporalUnavailableError';
  }
}

/** gRPC status codes: DEADLINE_EXCEEDED, FAILED_PRECONDITION, UNAVAILABLE. */
const DEADLINE_EXCEEDED = 4;
const FAILED_PRECONDITION = 9;
const UNAVAILABLE = 14;

/** The refusal a workflow's update (or the workflow itself, refusing its start) failed with, if it was one. */
export function refusalOf(error: unknown): Refusal | undefined {
  if ((error instanceof WorkflowUpdateFailedError || error instanceof WorkflowFailedError) && error.cause instanceof ApplicationFailure && error.cause.type === CASE_REFUSAL) {
    const detail = error.cause.details?.[0] as Refusal | undefined;
    return detail ?? { kind: 'invalid', rule: 'refused', message: error.cause.message };
  }
  return undefined;
}

function isDeadline(error: unknown): boolean {
  // An update's long poll that reached the deadline (or was cancelled with it).
  if (error instanceof WorkflowUpdateRPCTimeoutOrCancelledError) return true;
  if (error instanceof ServiceError && isGrpcServiceError(error.cause)) return Number(error.cause.code) === DEADLINE_EXCEEDED;
  return isGrpcServiceError(error) && Number(error.code) === DEADLINE_EXCEEDED;
}

/** The server refuses an update while the workflow's last task failed (FAILED_PRECONDITION). */
function isWorkflowTaskFailing(error: unknown): boolean {
  const grpc = error instanceof ServiceError ? error.cause : error;
  return isGrpcServiceError(grpc) && Number(grpc.code) === FAILED_PRECONDITION && /workflow task in failed state/i.test(grpc.details ?? grpc.message);
}

function isUnavailable(error: unknown): boolean {
  return error instanceof ServiceError && isGrpcServiceError(error.cause) && Number(error.cause.code) === UNAVAILABLE;
}

/** Temporal's answer to a call on a case as the typed error it means; anything else unchanged. */
export function caseErrorOf(error: unknown, caseId: string, timeoutMs: number | undefined): unknown {
  const refusal = refusalOf(error);
  if (refusal) return new CaseRefusedError(refusal);
  if (isWorkflowTaskFailing(error)) return new CaseRecoveringError(caseId, { cause: error });
  if (isDeadline(error)) return new CaseTimeoutError(caseId, timeoutMs, { cause: error });
  if (isUnavailable(error)) return new TemporalUnavailableError({ cause: error });
  return error;
}
