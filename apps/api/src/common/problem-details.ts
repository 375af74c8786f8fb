import {
  ArgumentsHost,
  BadRequestException,
  Catch,
  ExceptionFilter,
  HttpException,
  HttpStatus,
  Logger,
  ValidationError,
} from '@nestjs/common';
import type { Response } from 'express';

/** One broken rule on one field of a request. */
export interface FieldProblem {
  field: string;
  rule: string;
  message: string;
}

/** RFC 9457 problem details, the body of every error the API returns. */
export interface ProblemDetails {
  type: string;
  title: string;
  status: number;
  detail: string;
  instance?: string;
  errors?: FieldProblem[];
  [extension: string]: unknown;
}

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

export class ProblemException extends HttpException {
  constructor(problem: ProblemDetails) {
    super(problem, problem.status);
  }
}

/** ValidationPipe's exceptionFactory: every broken rule, by field path and rule name. */
export function validationProblem(errors: ValidationError[]): ProblemException {
  const problems: FieldProblem[] = [];
  const walk = (error: ValidationError, prefix: string): void => {
    const field = prefix ? `${prefix}.${error.property}` : error.property;
    for (const [rule, message] of Object.entries(error.constraints ?? {})) {
      problems.push({ field, rule: rule === 'whitelistValidation' ? 'unknown-field' : rule, message });
    }
    for (const child of error.children ?? []) walk(child, field);
  };
  errors.forEach((error) => walk(error, ''));
  return new ProblemException({
    type: '/problems/validation-failed',
    title: 'The request is not valid',
    status: HttpStatus.BAD_REQUEST,
    detail: problems.map((p) => `${p.field}: ${p.message}`).join('; '),
    errors: problems,
  });
}

@Catch()
export class ProblemDetailsFilter implements ExceptionFilter {
  private readonly logger = new Logger('ProblemDetails');

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const response = http.getResponse<Response>();
    const request = http.getRequest<{ originalUrl?: string; url: string }>();
    const problem = this.toProblem(exception);
    problem.instance = request.originalUrl ?? request.url;
    if (problem.status >= 500) this.logger.error({ msg: 'request failed', problem, err: exception });
    response.status(problem.status).type(PROBLEM_CONTENT_TYPE).send(JSON.stringify(problem));
  }

  private toProblem(exception: unknown): ProblemDetails {
    if (exception instanceof ProblemException) return { ...(exception.getResponse() as ProblemDetails) };
    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      const body = exception.getResponse();
      const message = typeof body === 'string' ? body : (body as { message?: unknown }).message;
      const detail = Array.isArray(message) ? message.join('; ') : typeof message === 'string' ? message : exception.message;
      return {
        type: exception instanceof BadRequestException ? '/problems/bad-request' : `/problems/http-${status}`,
        title: HttpStatus[status]?.toString().replace(/_/g, ' ').toLowerCase() ?? 'error',
        status,
        detail,
      };
    }
    return {
      type: '/problems/internal-error',
      title: 'internal error',
      status: HttpStatus.INTERNAL_SERVER_ERROR,
      detail: 'The server failed while handling the request; it has been logged.',
    };
  }
}
