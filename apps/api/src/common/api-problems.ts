import { applyDecorators } from '@nestjs/common';
import { ApiExtraModels, ApiProperty, ApiPropertyOptional, ApiResponse, getSchemaPath } from '@nestjs/swagger';

export class FieldProblemDto {
  @ApiProperty({ example: 'decisionDate' }) field!: string;
  @ApiProperty({ example: 'localDate' }) rule!: string;
  @ApiProperty({ example: 'decisionDate must be a calendar date YYYY-MM-DD' }) message!: string;
}

export class BilingualDto {
  @ApiProperty({ example: 'Trường «decisionDate» phải là ngày dạng YYYY-MM-DD' }) vi!: string;
  @ApiProperty({ example: 'decisionDate: must be a calendar date YYYY-MM-DD' }) en!: string;
}

/** One eligibility rule a nomination breaks (a 422 rule-violated lists every one). */
export class ViolationDto {
  @ApiProperty({ example: 'department_share' }) rule!: string;
  @ApiProperty({ example: 'Kế hoạch của UBND tỉnh về biệt phái công chức (tỷ lệ biệt phái của mỗi cơ quan)' }) legalBasis!: string;
  @ApiProperty({ example: true, description: 'Home Affairs may let it pass with a recorded reason' }) overridable!: boolean;
  @ApiProperty({ type: BilingualDto }) messages!: BilingualDto;
}

/** RFC 9457 problem details (media type application/problem+json). */
export class ProblemDto {
  @ApiProperty({ example: '/problems/wrong-stage', description: 'A stable identifier of the kind of problem' }) type!: string;
  @ApiProperty({ example: 'Hồ sơ không ở bước cho phép thao tác này', description: "Short summary in the caller's language (Accept-Language; Vietnamese by default)" })
  title!: string;
  @ApiProperty({ example: 409 }) status!: number;
  @ApiProperty({ example: 'Hồ sơ đang ở bước «Sở Nội vụ thẩm định»; thao tác này không thực hiện được.' }) detail!: string;
  @ApiPropertyOptional({ example: '/api/v1/cases/HS-2026-7Q2M4K9D/actions/approve' }) instance?: string;
  @ApiProperty({ type: BilingualDto, description: 'The detail in Vietnamese and English' }) messages!: BilingualDto;
  @ApiPropertyOptional({ example: 'stage', description: 'The rule that refused the request (403, 409, 422)' }) rule?: string;
  @ApiPropertyOptional({ example: 'home_affairs_appraisal', description: 'The current stage of the case (409)' }) stage?: string;
  @ApiPropertyOptional({ example: 'decisionDate', description: 'The offending field (400, some 422)' }) field?: string;
  @ApiPropertyOptional({ example: 'Luật Cán bộ, công chức 2025; Nghị định 170/2025/NĐ-CP (biệt phái tối đa 36 tháng)', description: 'The legal basis of a rule (422)' })
  legalBasis?: string;
  @ApiPropertyOptional({ type: [FieldProblemDto], description: 'Every broken rule of an invalid body (400)' }) errors?: FieldProblemDto[];
  @ApiPropertyOptional({ type: [ViolationDto], description: 'Every eligibility rule a nomination breaks (422 rule-violated)' }) violations?: ViolationDto[];
}

const EXAMPLES: Record<number, { description: string; example: Record<string, unknown> }> = {
  400: {
    description: 'The body or a parameter is invalid (unknown fields are refused); names the field and the rule',
    example: {
      type: '/problems/validation-failed',
      title: 'Yêu cầu không hợp lệ',
      status: 400,
      detail: 'Trường «decisionDate» phải là ngày dạng YYYY-MM-DD',
      messages: { vi: 'Trường «decisionDate» phải là ngày dạng YYYY-MM-DD', en: 'decisionDate: must be a calendar date YYYY-MM-DD' },
      field: 'decisionDate',
      errors: [{ field: 'decisionDate', rule: 'localDate', message: 'decisionDate must be a calendar date YYYY-MM-DD' }],
    },
  },
  401: {
    description: 'No session, or it ended (logout, expiry, revocation)',
    example: {
      type: '/problems/unauthenticated',
      title: 'Chưa đăng nhập',
      status: 401,
      detail: 'Phiên làm việc đã kết thúc (đăng xuất, hết hạn hoặc bị thu hồi); vui lòng đăng nhập lại.',
      messages: { vi: 'Phiên làm việc đã kết thúc (đăng xuất, hết hạn hoặc bị thu hồi); vui lòng đăng nhập lại.', en: 'The session has ended (logged out, expired or revoked); sign in again.' },
    },
  },
  403: {
    description: 'The caller may not do this: outside their scope, not their authority, or a case about themselves',
    example: {
      type: '/problems/forbidden',
      title: 'Không có quyền',
      status: 403,
      detail: 'Hồ sơ HS-2026-7Q2M4K9D không thuộc phạm vi của bạn.',
      messages: { vi: 'Hồ sơ HS-2026-7Q2M4K9D không thuộc phạm vi của bạn.', en: 'Case HS-2026-7Q2M4K9D is outside your scope.' },
      rule: 'out_of_scope',
    },
  },
  404: {
    description: 'No such case (or document, delegation, unit)',
    example: { type: '/problems/not-found', title: 'Không tìm thấy', status: 404, detail: 'Không có hồ sơ HS-2026-XXXXXXXX.', messages: { vi: 'Không có hồ sơ HS-2026-XXXXXXXX.', en: 'There is no case HS-2026-XXXXXXXX.' } },
  },
  409: {
    description: 'The case is not at a stage that allows the action (the current stage is in the body); or the race was lost',
    example: {
      type: '/problems/wrong-stage',
      title: 'Hồ sơ không ở bước cho phép thao tác này',
      status: 409,
      detail: 'Hồ sơ đang ở bước «Sở Nội vụ thẩm định»; thao tác này không thực hiện được.',
      messages: { vi: 'Hồ sơ đang ở bước «Sở Nội vụ thẩm định»; thao tác này không thực hiện được.', en: 'approve is not possible at stage closed' },
      rule: 'stage',
      stage: 'home_affairs_appraisal',
    },
  },
  413: {
    description: 'The document is larger than allowed',
    example: { type: '/problems/too-large', title: 'Tệp quá lớn', status: 413, detail: 'Tệp quá lớn', messages: { vi: 'Tệp quá lớn', en: 'File too large' } },
  },
  415: {
    description: 'The document is not of an allowed type (PDF, JPEG, PNG), judged by its content',
    example: {
      type: '/problems/unsupported-document',
      title: 'Loại tệp không được hỗ trợ',
      status: 415,
      detail: 'Chỉ nhận tệp PDF, JPEG hoặc PNG.',
      messages: { vi: 'Chỉ nhận tệp PDF, JPEG hoặc PNG.', en: 'Only PDF, JPEG or PNG documents are accepted.' },
    },
  },
  422: {
    description: 'A legal rule refuses the request (the rule and its legal basis are in the body); or an Idempotency-Key reused for a different request; or a batch with refused cases',
    example: {
      type: '/problems/rule-violated',
      title: 'Không đúng quy định',
      status: 422,
      detail: 'Người đề xuất không được tự phê duyệt, từ chối, trả lại hoặc cho ý kiến đối với hồ sơ của mình.',
      messages: { vi: 'Người đề xuất không được tự phê duyệt, từ chối, trả lại hoặc cho ý kiến đối với hồ sơ của mình.', en: 'the proposer of a case cannot approve it' },
      rule: 'separation_of_duties',
      legalBasis: 'Phân công, phân nhiệm: không ai tự phê duyệt đề xuất của mình',
    },
  },
  429: {
    description:
      'Too many failed sign-ins for this username (LOGIN_MAX_FAILURES) or from this address (LOGIN_MAX_FAILURES_PER_ADDRESS) within LOGIN_WINDOW_MINUTES; `limit` says which; Retry-After says when to try again',
    example: {
      type: '/problems/too-many-sign-in-attempts',
      title: 'Đăng nhập sai quá nhiều lần',
      status: 429,
      detail: 'Tài khoản này đã đăng nhập sai 10 lần; vui lòng thử lại sau khoảng 15 phút.',
      messages: { vi: 'Tài khoản này đã đăng nhập sai 10 lần; vui lòng thử lại sau khoảng 15 phút.', en: '10 failed sign-ins for this account; try again in about 15 min.' },
      limit: 'username',
    },
  },
  503: {
    description: 'The workflow (or the database) did not answer in time; nothing is lost: retry with the same Idempotency-Key',
    example: {
      type: '/problems/workflow-timeout',
      title: 'Hệ thống xử lý chưa trả lời kịp',
      status: 503,
      detail: 'Thao tác chưa được xác nhận trong thời hạn; vui lòng gửi lại với cùng Idempotency-Key.',
      messages: { vi: 'Thao tác chưa được xác nhận trong thời hạn; vui lòng gửi lại với cùng Idempotency-Key.', en: 'The action was not confirmed in time; retry with the same Idempotency-Key.' },
    },
  },
};

/** Documents the problem responses a route can give, with an example of each. */
export function ApiProblems(...statuses: number[]) {
  return applyDecorators(
    ApiExtraModels(ProblemDto),
    ...statuses.map((status) =>
      ApiResponse({
        status,
        description: EXAMPLES[status].description,
        content: { 'application/problem+json': { schema: { $ref: getSchemaPath(ProblemDto) }, example: EXAMPLES[status].example } },
      }),
    ),
  );
}
