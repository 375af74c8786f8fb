import type { Bilingual } from '@app/domain';
import {
  ArgumentsHost,
  BadRequestException,
  Catch,
  ExceptionFilter,
  HttpException,
  HttpStatus,
  Logger,
  PayloadTooLargeException,
  ValidationError,
} from '@nestjs/common';
import { TemporalUnavailableError } from '@app/temporal-client';
import type { Request, Response } from 'express';

/** One broken rule on one field of a request. */
export interface FieldProblem {
  field: string;
  rule: string;
  message: string;
}

/** A message in both languages the API speaks. */

export type { Bilingual };

/**
 * RFC 9457 problem details, the body of every error the API returns. `title` and `detail` are in
 * the caller's language (Accept-Language: Vietnamese unless English is preferred); `messages`
 * always carries the detail in both.
 */
export interface ProblemDetails {
  type: string;
  title: string;
  status: number;
  detail: string;
  instance?: string;
  messages?: Bilingual;
  errors?: FieldProblem[];
  [extension: string]: unknown;
}

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

interface ProblemInput {
  status: number;
  /** A stable slug: the type is `/problems/<slug>`. */
  slug: string;
  title: Bilingual;
  detail: Bilingual;
  extensions?: Record<string, unknown>;
}

export class ProblemException extends HttpException {
  constructor(readonly input: ProblemInput) {
    super({ message: input.detail.en }, input.status);
  }

  toProblem(language: 'vi' | 'en'): ProblemDetails {
    const { status, slug, title, detail, extensions } = this.input;
    return { type: `/problems/${slug}`, title: title[language], status, detail: detail[language], messages: detail, ...extensions };
  }
}

export function problem(status: number, slug: string, title: Bilingual, detail: Bilingual, extensions?: Record<string, unknown>): ProblemException {
  return new ProblemException({ status, slug, title, detail, ...(extensions ? { extensions } : {}) });
}

// ---------------------------------------------------------------------------------------------
// Field problems from the body validation.

const FIELD_RULES_VI: Record<string, string> = {
  'unknown-field': 'là trường không có trong yêu cầu này',
  isString: 'phải là văn bản',
  isNotEmpty: 'không được để trống',
  isDefined: 'là bắt buộc',
  isIn: 'phải là một trong các giá trị cho phép',
  isEnum: 'phải là một trong các giá trị cho phép',
  isInt: 'phải là số nguyên',
  min: 'nhỏ hơn giá trị cho phép',
  max: 'lớn hơn giá trị cho phép',
  minLength: 'quá ngắn',
  maxLength: 'quá dài',
  matches: 'không đúng định dạng',
  isDateString: 'phải là ngày dạng YYYY-MM-DD',
  localDate: 'phải là ngày dạng YYYY-MM-DD',
  isArray: 'phải là danh sách',
  arrayMinSize: 'có ít phần tử hơn mức tối thiểu',
  arrayMaxSize: 'có nhiều phần tử hơn mức tối đa',
  arrayUnique: 'có phần tử trùng nhau',
  isBoolean: 'phải là true hoặc false',
  isObject: 'phải là một đối tượng',
  nestedValidation: 'phải là một đối tượng hợp lệ',
  plainText: 'chứa ký tự không hợp lệ (NUL hoặc nửa cặp surrogate)',
  maxDepth: 'lồng nhau quá sâu',
};

export function fieldProblemVi(problem: FieldProblem): string {
  return `Trường «${problem.field}» ${FIELD_RULES_VI[problem.rule] ?? 'không hợp lệ'}`;
}

export function fieldsProblem(problems: FieldProblem[]): ProblemException {
  return problem(
    HttpStatus.BAD_REQUEST,
    'validation-failed',
    { vi: 'Yêu cầu không hợp lệ', en: 'The request is not valid' },
    { vi: problems.map(fieldProblemVi).join('; '), en: problems.map((p) => `${p.field}: ${p.message}`).join('; ') },
    { errors: problems, field: problems[0]?.field },
  );
}

/** ValidationPipe's exceptionFactory: every broken rule, by field path and rule name. */
export function validationProblem(errors: ValidationError[]): ProblemException {
  const problems: FieldProblem[] = [];
  const walk = (error: ValidationError, prefix: string): void => {
    const field = prefix ? (/^\d+$/.test(error.property) ? `${prefix}[${error.property}]` : `${prefix}.${error.property}`) : error.property;
    for (const [rule, message] of Object.entries(error.constraints ?? {})) {
      problems.push({ field, rule: rule === 'whitelistValidation' ? 'unknown-field' : rule, message });
    }
    for (const child of error.children ?? []) walk(child, field);
  };
  errors.forEach((error) => walk(error, ''));
  return fieldsProblem(problems);
}

// ---------------------------------------------------------------------------------------------

const STATUS_VI: Record<number, string> = {
  400: 'Yêu cầu không hợp lệ',
  401: 'Chưa đăng nhập',
  403: 'Không có quyền',
  404: 'Không tìm thấy',
  405: 'Phương thức không được hỗ trợ',
  409: 'Xung đột trạng thái',
  413: 'Tệp quá lớn',
  415: 'Loại tệp không được hỗ trợ',
  422: 'Không đúng quy định',
  429: 'Thử quá nhiều lần',
  500: 'Lỗi máy chủ',
  503: 'Dịch vụ tạm thời không sẵn sàng',
};

/** The caller's language for messages: English when Accept-Language prefers it, else Vietnamese. */
export function languageOf(request: Pick<Request, 'headers'>): 'vi' | 'en' {
  const header = String(request.headers['accept-language'] ?? '');
  const preferred = header
    .split(',')
    .map((part) => {
      const [tag, ...params] = part.trim().toLowerCase().split(';');
      const q = params.find((p) => p.trim().startsWith('q='));
      return { tag: tag.trim(), q: q ? Number(q.trim().slice(2)) : 1 };
    })
    .filter((entry) => entry.tag.startsWith('vi') || entry.tag.startsWith('en'))
    .sort((a, b) => b.q - a.q)[0];
  return preferred?.tag.startsWith('en') ? 'en' : 'vi';
}

@Catch()
export class ProblemDetailsFilter implements ExceptionFilter {
  private readonly logger = new Logger('ProblemDetails');

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const response = http.getResponse<Response>();
    const request = http.getRequest<Request>();
    const body = toProblemException(exception).toProblem(languageOf(request));
    body.instance = request.originalUrl ?? request.url;
    if (body.status >= 500) this.logger.error({ msg: 'request failed', problem: body, err: exception });
    if (body.status === 401) response.setHeader('WWW-Authenticate', 'Bearer realm="secondment"');
    if (response.headersSent) return;
    response.status(body.status).type(PROBLEM_CONTENT_TYPE).send(JSON.stringify(body));
  }
}

export function toProblemException(exception: unknown): ProblemException {
  if (exception instanceof ProblemException) return exception;
  if (exception instanceof HttpException) {
    const status = exception.getStatus();
    const body = exception.getResponse();
    const message = typeof body === 'string' ? body : (body as { message?: unknown }).message;
    const detail = Array.isArray(message) ? message.join('; ') : typeof message === 'string' ? message : exception.message;
    const title = HttpStatus[status]?.toString().replace(/_/g, ' ').toLowerCase() ?? 'error';
    const slug = exception instanceof BadRequestException ? 'bad-request' : exception instanceof PayloadTooLargeException ? 'too-large' : `http-${status}`;
    return problem(status, slug, { vi: STATUS_VI[status] ?? title, en: title }, { vi: STATUS_VI[status] ?? detail, en: detail });
  }
  // Errors of the HTTP layer below Nest (the body parser: too large, unreadable) carry their status.
  const status = httpErrorStatus(exception);
  if (status) {
    const en = status === 413 ? 'The request body is too large' : (exception as Error).message;
    return problem(status, status === 413 ? 'too-large' : 'bad-request', { vi: STATUS_VI[status] ?? STATUS_VI[400], en: HttpStatus[status]?.toLowerCase().replace(/_/g, ' ') ?? 'bad request' }, { vi: STATUS_VI[status] ?? STATUS_VI[400], en });
  }
  const part = unavailablePart(exception);
  if (part) {
    return problem(
      HttpStatus.SERVICE_UNAVAILABLE,
      `${part}-unavailable`,
      part === 'temporal' ? { vi: 'Temporal tạm thời không sẵn sàng', en: 'Temporal is unavailable' } : { vi: 'Cơ sở dữ liệu tạm thời không sẵn sàng', en: 'The database is unavailable' },
      {
        vi: 'Không kết nối được tới hệ thống xử lý; vui lòng thử lại sau (với cùng Idempotency-Key nếu là thao tác thay đổi).',
        en: `The request could not reach ${part === 'temporal' ? 'Temporal' : 'the database'}; retry shortly (with the same Idempotency-Key for a change).`,
      },
    );
  }
  return problem(
    HttpStatus.INTERNAL_SERVER_ERROR,
    'internal-error',
    { vi: 'Lỗi máy chủ', en: 'internal error' },
    { vi: 'Máy chủ gặp lỗi khi xử lý yêu cầu; lỗi đã được ghi lại.', en: 'The server failed while handling the request; it has been logged.' },
  );
}

/** A client error raised by Express middleware (http-errors): a 4xx status it means to show. */
function httpErrorStatus(error: unknown): number | undefined {
  const e = error as { status?: unknown; statusCode?: unknown; expose?: unknown } | null;
  const status = typeof e?.status === 'number' ? e.status : typeof e?.statusCode === 'number' ? e.statusCode : undefined;
  return status !== undefined && status >= 400 && status < 500 && e?.expose === true ? status : undefined;
}

/** Node socket errors, and PostgreSQL's "admin shutdown", "crash shutdown", "cannot connect now" and connection-exception class. */
const DATABASE_DOWN_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', '57P01', '57P02', '57P03']);

/** Which part an error says could not be reached, if that is what it says: a 503, not a 500. */
export function unavailablePart(error: unknown): 'temporal' | 'database' | undefined {
  // The case client says so (it alone reads Temporal's status codes).
  if (error instanceof TemporalUnavailableError) return 'temporal';
  const driverError = (error as { driverError?: unknown } | null)?.driverError ?? error;
  const code = (driverError as { code?: unknown } | null)?.code;
  if (typeof code === 'string' && (DATABASE_DOWN_CODES.has(code) || code.startsWith('08'))) return 'database';
  if (driverError instanceof Error && /Connection terminated|timeout exceeded when trying to connect/i.test(driverError.message)) return 'database';
  // TypeORM releases a transaction's connection when PostgreSQL drops it (a shutdown, a restart):
  // the transaction's next statement then finds it released. The transaction is rolled back.
  if (error instanceof Error && error.name === 'QueryRunnerProviderAlreadyReleasedError') return 'database';
  return undefined;
}
