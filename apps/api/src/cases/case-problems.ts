import { HttpStatus } from '@nestjs/common';
import { DomainError, type Language, type Refusal } from '@app/domain';
import { EligibilityRefusedError } from '@app/persistence';
import { CaseNotFoundError, CaseRecoveringError, CaseRefusedError, CaseTimeoutError } from '@app/temporal-client';
import { problem, toProblemException, type ProblemDetails } from '../common/problem-details';
import { eligibilityProblem, notFoundProblem, refusalProblem } from '../common/refusals';

export type { Language } from '@app/domain';

export const CASE = { vi: 'hồ sơ', en: 'case' };

/** The refusal an error carries: the decider's own (judged in the API) or the workflow's. */
export function refusalOf(error: unknown): Refusal | undefined {
  if (error instanceof CaseRefusedError) return error.refusal;
  if (error instanceof DomainError) return error.toRefusal();
  return undefined;
}

/**
 * A change's failure as the API answers it: refusals and the eligibility rules as 4xx problems, the
 * case client's typed errors (not found, recovering, timed out) as theirs; anything else unchanged
 * (the problem filter maps Temporal or the database being down to 503, the rest to 500).
 */
export function caseProblem(error: unknown): unknown {
  if (error instanceof EligibilityRefusedError) return eligibilityProblem(error.problems);
  const refusal = refusalOf(error);
  if (refusal) return refusalProblem(refusal);
  if (error instanceof CaseNotFoundError) return notFoundProblem(CASE, error.caseId);
  if (error instanceof CaseRecoveringError) {
    return problem(
      HttpStatus.SERVICE_UNAVAILABLE,
      'workflow-recovering',
      { vi: 'Hồ sơ đang được hệ thống khôi phục', en: 'The case is recovering' },
      {
        vi: 'Hệ thống đang khôi phục hồ sơ sau sự cố nên chưa nhận thao tác lúc này; vui lòng gửi lại sau vài giây với cùng Idempotency-Key (không bị thực hiện hai lần).',
        en: 'The case is recovering from a fault and cannot take an action this moment; retry in a few seconds with the same Idempotency-Key (it will not happen twice).',
      },
    );
  }
  if (error instanceof CaseTimeoutError) {
    const seconds = (error.timeoutMs ?? 0) / 1000;
    return problem(
      HttpStatus.SERVICE_UNAVAILABLE,
      'workflow-timeout',
      { vi: 'Hệ thống xử lý chưa trả lời kịp', en: 'The workflow did not answer in time' },
      {
        vi: `Thao tác chưa được xác nhận trong ${seconds} giây; vui lòng gửi lại với cùng Idempotency-Key (không bị thực hiện hai lần).`,
        en: `The action was not confirmed within ${seconds} s; retry with the same Idempotency-Key (it will not happen twice).`,
      },
    );
  }
  return error;
}

/** caseProblem, thrown: for a call whose failure is the request's answer. */
export async function answeringProblems<R>(call: () => Promise<R>): Promise<R> {
  try {
    return await call();
  } catch (error) {
    throw caseProblem(error);
  }
}

/** A batch item's problem, in the caller's language; a field is named by its place in the request. */
export function itemProblem(error: unknown, language: Language, fieldPrefix = ''): ProblemDetails {
  const refusal = refusalOf(error);
  if (refusal?.field && fieldPrefix) {
    const message = refusal.kind === 'invalid' ? `${fieldPrefix}${refusal.message}` : refusal.message;
    return refusalProblem({ ...refusal, field: `${fieldPrefix}${refusal.field}`, message }).toProblem(language);
  }
  return toProblemException(caseProblem(error)).toProblem(language);
}

export function fieldRefusal(field: string, rule: string, message: string): DomainError {
  return new DomainError({ kind: 'invalid', rule, field, message });
}
