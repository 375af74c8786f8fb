import { ApplicationFailure } from '@temporalio/common';
import { ServiceError, WorkflowUpdateFailedError, WorkflowUpdateRPCTimeoutOrCancelledError } from '@temporalio/client';
import { CASE_REFUSAL } from '@app/workflows/case.contracts';
import { caseErrorOf, CaseRecoveringError, CaseRefusedError, CaseTimeoutError, TemporalUnavailableError } from './case-errors';

/** A gRPC error as the SDK's connection throws it. */
function grpc(code: number, details: string): Error {
  return Object.assign(new Error(`${code} ${details}`), { code, details, metadata: {} });
}

describe("the case client's typed errors", () => {
  it('turns a refused update into CaseRefusedError with the refusal', () => {
    const refusal = { kind: 'forbidden', rule: 'not_authorised', message: 'no' };
    const failed = new WorkflowUpdateFailedError('Workflow Update failed', ApplicationFailure.create({ type: CASE_REFUSAL, message: 'no', details: [refusal], nonRetryable: true }));
    expect(caseErrorOf(failed, 'HS-1', 15_000)).toEqual(new CaseRefusedError(refusal as never));
    expect((caseErrorOf(failed, 'HS-1', 15_000) as CaseRefusedError).refusal).toEqual(refusal);
  });

  it('names a workflow whose last task failed as recovering, and nothing else of FAILED_PRECONDITION', () => {
    const failing = new ServiceError('update failed', { cause: grpc(9, 'Workflow task in failed state') });
    expect(caseErrorOf(failing, 'HS-1', 15_000)).toBeInstanceOf(CaseRecoveringError);
    expect(caseErrorOf(grpc(9, 'workflow task in failed state'), 'HS-1', 15_000)).toBeInstanceOf(CaseRecoveringError);
    const other = new ServiceError('other', { cause: grpc(9, 'something else') });
    expect(caseErrorOf(other, 'HS-1', 15_000)).toBe(other);
  });

  it('names a deadline reached as a timeout, with the deadline the call had', () => {
    for (const error of [new WorkflowUpdateRPCTimeoutOrCancelledError('timed out'), new ServiceError('deadline', { cause: grpc(4, 'deadline exceeded') }), grpc(4, 'deadline exceeded')]) {
      expect(caseErrorOf(error, 'HS-1', 15_000)).toMatchObject({ name: 'CaseTimeoutError', caseId: 'HS-1', timeoutMs: 15_000 });
    }
    expect(caseErrorOf(new WorkflowUpdateRPCTimeoutOrCancelledError('timed out'), 'HS-1', 15_000)).toBeInstanceOf(CaseTimeoutError);
  });

  it('names a server not reached as unavailable; anything else stays as it was', () => {
    expect(caseErrorOf(new ServiceError('down', { cause: grpc(14, 'connection refused') }), 'HS-1', 15_000)).toBeInstanceOf(TemporalUnavailableError);
    const raw = grpc(14, 'connection refused');
    expect(caseErrorOf(raw, 'HS-1', 15_000)).toBe(raw);
    const plain = new Error('boom');
    expect(caseErrorOf(plain, 'HS-1', 15_000)).toBe(plain);
  });
});
