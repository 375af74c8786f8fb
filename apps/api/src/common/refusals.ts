import { HttpStatus } from '@nestjs/common';
import { stageLabel, type EligibilityProblem, type Refusal } from '@app/domain';
import { problem, type Bilingual, type ProblemException } from './problem-details';

const RULES_VI: Record<string, string> = {
  not_authorised: 'Bạn không có thẩm quyền thực hiện thao tác này đối với hồ sơ ở bước hiện tại.',
  own_case: 'Không ai được xử lý hồ sơ liên quan đến chính mình.',
  out_of_scope: 'Hồ sơ này không thuộc phạm vi đơn vị của bạn.',
  separation_of_duties: 'Người đề xuất không được tự phê duyệt, từ chối, trả lại hoặc cho ý kiến đối với hồ sơ của mình.',
  secondment_term_cap: 'Thời hạn biệt phái vượt quá 36 tháng mà không có căn cứ pháp lý riêng.',
  reinforcement_term_cap: 'Thời hạn tăng cường vượt quá mức tối đa.',
  rotation_min_term: 'Thời hạn luân chuyển ngắn hơn mức tối thiểu 36 tháng.',
  rotation_term_cap: 'Thời hạn luân chuyển vượt quá mức tối đa.',
  decision_dossier: 'Quyết định cần đủ hồ sơ kèm theo (văn bản thống nhất giữa hai cơ quan, biên bản gặp công chức).',
  case_exists: 'Hồ sơ này đã tồn tại.',
};

/**
 * A refusal of the domain (or of the API's own checks) as problem details: invalid → 400 naming
 * the field, forbidden → 403, wrong_stage → 409 with the current stage, rule → 422 with the rule
 * and its legal basis.
 */
export function refusalProblem(refusal: Refusal): ProblemException {
  const extensions: Record<string, unknown> = { rule: refusal.rule };
  switch (refusal.kind) {
    case 'invalid': {
      const field = refusal.field ?? 'body';
      return problem(
        HttpStatus.BAD_REQUEST,
        'validation-failed',
        { vi: 'Yêu cầu không hợp lệ', en: 'The request is not valid' },
        { vi: `Trường «${field}» không hợp lệ (${refusal.rule}).`, en: refusal.message },
        { ...extensions, field, errors: [{ field, rule: refusal.rule, message: refusal.message }] },
      );
    }
    case 'forbidden':
      return forbiddenProblem(refusal.rule, { vi: RULES_VI[refusal.rule] ?? RULES_VI.not_authorised, en: refusal.message });
    case 'wrong_stage': {
      const stage = refusal.stage ?? 'closed';
      return problem(
        HttpStatus.CONFLICT,
        'wrong-stage',
        { vi: 'Hồ sơ không ở bước cho phép thao tác này', en: 'The case is not at a stage that allows this' },
        { vi: RULES_VI[refusal.rule] ?? `Hồ sơ đang ở bước «${stageLabel(stage)}»; thao tác này không thực hiện được.`, en: refusal.message },
        { ...extensions, stage },
      );
    }
    case 'rule':
      return problem(
        HttpStatus.UNPROCESSABLE_ENTITY,
        'rule-violated',
        { vi: 'Không đúng quy định', en: 'A legal rule refuses this' },
        { vi: `${RULES_VI[refusal.rule] ?? `Vi phạm quy định «${refusal.rule}».`}${refusal.legalBasis ? ` Căn cứ: ${refusal.legalBasis}.` : ''}`, en: refusal.message },
        { ...extensions, ...(refusal.legalBasis ? { legalBasis: refusal.legalBasis } : {}), ...(refusal.field ? { field: refusal.field } : {}) },
      );
  }
}

export function notFoundProblem(what: Bilingual, id: string): ProblemException {
  return problem(HttpStatus.NOT_FOUND, 'not-found', { vi: 'Không tìm thấy', en: 'Not found' }, { vi: `Không có ${what.vi} ${id}.`, en: `There is no ${what.en} ${id}.` });
}

/** 403: the caller may not do this; `rule` says why (out_of_scope, not_authorised, own_case, ...). */
export function forbiddenProblem(rule: string, detail: Bilingual): ProblemException {
  return problem(HttpStatus.FORBIDDEN, 'forbidden', { vi: 'Không có quyền', en: 'Not allowed' }, detail, { rule });
}

export function outOfScopeProblem(caseId: string): ProblemException {
  return forbiddenProblem('out_of_scope', { vi: `Hồ sơ ${caseId} không thuộc phạm vi của bạn.`, en: `Case ${caseId} is outside your scope.` });
}

/** 422: the nomination breaks eligibility rules (every one listed, with its basis and whether Home Affairs may override it). */
export function eligibilityProblem(problems: EligibilityProblem[]): ProblemException {
  const [first] = problems;
  return problem(
    HttpStatus.UNPROCESSABLE_ENTITY,
    'rule-violated',
    { vi: 'Không đúng quy định', en: 'A legal rule refuses this' },
    { vi: problems.map((p) => p.message.vi).join(' '), en: problems.map((p) => p.message.en).join(' ') },
    {
      rule: first.rule,
      legalBasis: first.legalBasis,
      violations: problems.map((p) => ({ rule: p.rule, legalBasis: p.legalBasis, overridable: p.overridable, messages: p.message })),
    },
  );
}
