import { HttpStatus } from '@nestjs/common';
import { problem, type ProblemDetails, type ProblemException } from '../common/problem-details';
import { refusalProblem } from '../common/refusals';

export interface BatchItemResult {
  caseId: string;
  /** done: its events are stored; refused: nothing happened (see problem); not_attempted: the batch was refused whole. */
  status: 'done' | 'refused' | 'not_attempted';
  stage?: string;
  version?: number;
  problem?: ProblemDetails;
  /** For a batch nomination: the position of the nomination in the request. */
  index?: number;
}

export interface BatchResult {
  done: number;
  refused: number;
  results: BatchItemResult[];
}

/** Workflow starts or updates in flight at once for one batch request. */
export const BATCH_CONCURRENCY = 32;

/** Runs fn over the items, at most `size` at once; the results in the items' order. */
export async function inBatches<T, R>(items: T[], size: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array<R>(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(size, items.length) }, async () => {
      while (next < items.length) {
        const i = next++;
        results[i] = await fn(items[i]);
      }
    }),
  );
  return results;
}

export function summarise(results: BatchItemResult[]): BatchResult {
  return { done: results.filter((r) => r.status === 'done').length, refused: results.filter((r) => r.status === 'refused').length, results };
}

/** 422 for a batch refused whole, with every item's status and problem. */
export function batchRefused(results: BatchItemResult[]): ProblemException {
  const refused = results.filter((r) => r.status === 'refused').length;
  return problem(
    HttpStatus.UNPROCESSABLE_ENTITY,
    'batch-refused',
    { vi: 'Danh sách có hồ sơ không thực hiện được', en: 'Some cases of the batch are refused' },
    {
      vi: `${refused}/${results.length} hồ sơ không thực hiện được; không hồ sơ nào được xử lý. Sửa hoặc bỏ các hồ sơ đó, hoặc gửi lại với proceedWithoutRefused = true.`,
      en: `${refused} of ${results.length} cases are refused; nothing was done. Fix or remove them, or send proceedWithoutRefused: true.`,
    },
    { rule: 'batch_refused', results },
  );
}

/** One official twice in one batch is a mistake in the list, not two moves: each later one, with the index of the first. */
export function duplicatesIn<T extends { index: number; request?: { official: { id: string } } }>(items: T[]): [T, number][] {
  const seen = new Map<string, number>();
  const duplicates: [T, number][] = [];
  for (const item of items) {
    if (!item.request) continue;
    const first = seen.get(item.request.official.id);
    if (first === undefined) seen.set(item.request.official.id, item.index);
    else duplicates.push([item, first]);
  }
  return duplicates;
}

export function duplicateProblem(index: number, officialId: string, first: number): ProblemException {
  return refusalProblem({
    kind: 'invalid',
    rule: 'duplicate_in_batch',
    field: `nominations[${index}].officialId`,
    message: `nominations[${index}].officialId: official ${officialId} is already nominated at nominations[${first}]`,
  });
}
