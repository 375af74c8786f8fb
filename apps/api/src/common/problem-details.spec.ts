import { BadRequestException, NotFoundException } from '@nestjs/common';
import { QueryRunnerProviderAlreadyReleasedError } from 'typeorm';
import { languageOf, problem, toProblemException } from './problem-details';
import { refusalProblem } from './refusals';

const request = (acceptLanguage?: string) => ({ headers: acceptLanguage === undefined ? {} : { 'accept-language': acceptLanguage } });

describe('problem details', () => {
  it.each([
    [undefined, 'vi'],
    ['vi', 'vi'],
    ['en', 'en'],
    ['en-GB,en;q=0.9', 'en'],
    ['vi-VN,vi;q=0.9,en;q=0.8', 'vi'],
    ['en;q=0.5,vi;q=0.9', 'vi'],
    ['fr-FR', 'vi'],
    ['fr;q=1,en;q=0.3', 'en'],
  ])('Accept-Language %p speaks %p', (header, language) => {
    expect(languageOf(request(header))).toBe(language);
  });

  it('gives title and detail in the chosen language and both messages always', () => {
    const refused = problem(409, 'wrong-stage', { vi: 'Sai bước', en: 'Wrong stage' }, { vi: 'Hồ sơ đã kết thúc', en: 'The case is closed' }, { stage: 'closed' });
    expect(refused.toProblem('vi')).toEqual({
      type: '/problems/wrong-stage',
      title: 'Sai bước',
      status: 409,
      detail: 'Hồ sơ đã kết thúc',
      messages: { vi: 'Hồ sơ đã kết thúc', en: 'The case is closed' },
      stage: 'closed',
    });
    expect(refused.toProblem('en')).toMatchObject({ title: 'Wrong stage', detail: 'The case is closed' });
  });

  it('maps each refusal kind to its status, with the field, the stage or the rule and its legal basis', () => {
    expect(refusalProblem({ kind: 'invalid', rule: 'date', field: 'decisionDate', message: 'decisionDate: must be a date' }).toProblem('en')).toMatchObject({
      status: 400,
      type: '/problems/validation-failed',
      field: 'decisionDate',
      errors: [{ field: 'decisionDate', rule: 'date', message: 'decisionDate: must be a date' }],
    });
    expect(refusalProblem({ kind: 'forbidden', rule: 'own_case', message: 'no' }).toProblem('vi')).toMatchObject({
      status: 403,
      rule: 'own_case',
      detail: 'Không ai được xử lý hồ sơ liên quan đến chính mình.',
    });
    expect(refusalProblem({ kind: 'wrong_stage', rule: 'stage', stage: 'serving', message: 'approve is not possible at stage serving' }).toProblem('vi')).toMatchObject({
      status: 409,
      stage: 'serving',
      detail: 'Hồ sơ đang ở bước «đang công tác»; thao tác này không thực hiện được.',
      messages: { en: 'approve is not possible at stage serving' },
    });
    expect(refusalProblem({ kind: 'rule', rule: 'secondment_term_cap', message: 'too long', legalBasis: 'Nghị định 170/2025/NĐ-CP', field: 'term' }).toProblem('vi')).toMatchObject({
      status: 422,
      rule: 'secondment_term_cap',
      legalBasis: 'Nghị định 170/2025/NĐ-CP',
      field: 'term',
      detail: expect.stringContaining('Căn cứ: Nghị định 170/2025/NĐ-CP'),
    });
  });

  it('turns Nest exceptions and unknown errors into problems without leaking internals', () => {
    expect(toProblemException(new NotFoundException('Cannot GET /x')).toProblem('vi')).toMatchObject({ status: 404, title: 'Không tìm thấy', messages: { en: 'Cannot GET /x' } });
    expect(toProblemException(new BadRequestException('bad')).toProblem('en')).toMatchObject({ status: 400, type: '/problems/bad-request' });
    const internal = toProblemException(new Error('SELECT secret FROM x failed')).toProblem('en');
    expect(internal).toMatchObject({ status: 500, type: '/problems/internal-error' });
    expect(JSON.stringify(internal)).not.toContain('secret');
  });

  it('answers 503 naming the database when a transaction finds its connection released because PostgreSQL dropped it', () => {
    expect(toProblemException(new QueryRunnerProviderAlreadyReleasedError()).toProblem('en')).toMatchObject({ status: 503, type: '/problems/database-unavailable' });
  });
});
