import { HttpStatus } from '@nestjs/common';
import type { GapRepository } from '@app/persistence';
import { problem, type ProblemException } from '../common/problem-details';
import { notFoundProblem } from '../common/refusals';

/** 400 for one query or path parameter, naming it and its rule, with a sentence in each language. */
export function parameterProblem(field: string, rule: string, vi: string, en: string): ProblemException {
  return problem(HttpStatus.BAD_REQUEST, 'validation-failed', { vi: 'Yêu cầu không hợp lệ', en: 'The request is not valid' }, { vi, en }, { rule, field, errors: [{ field, rule, message: en }] });
}

/**
 * The unit must be a commune, ward or special zone: 404 when there is no such unit, 400 (rule
 * receivingUnit) for a department, with the reason the caller's endpoint gives.
 */
export async function assertCommune(gap: GapRepository, unitId: string, why: { vi: string; en: string }): Promise<void> {
  const kind = await gap.unitKind(unitId);
  if (kind === null) throw notFoundProblem({ vi: 'xã, phường, đặc khu', en: 'commune' }, unitId);
  if (kind === 'department') {
    throw parameterProblem('unitId', 'receivingUnit', `Đơn vị ${unitId} là sở, ban, ngành; ${why.vi}`, `unitId must name a commune, ward or special zone; ${unitId} is a department${why.en}`);
  }
}
