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
import { isGrpcServiceError, ServiceError } from '@temporalio/client';
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
    const part = unavailablePart(exception);
    if (part) {
      const name = part === 'temporal' ? 'Temporal' : 'the database';
      return {
        type: `/problems/${part}-unavailable`,
        title: part === 'temporal' ? 'Temporal is unavailable' : 'The database is unavailable',
        status: HttpStatus.SERVICE_UNAVAILABLE,
        detail: `The request could not reach ${name}; retry shortly (with the same Idempotency-Key for a change).`,
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

/** gRPC status codes that mean the server was not reached or did not answer: UNAVAILABLE, DEADLINE_EXCEEDED. */
const TEMPORAL_DOWN_CODES = new Set<number>([14, 4]);
/** Node socket errors, and PostgreSQL's "admin shutdown", "crash shutdown", "cannot connect now" and connection-exception class. */
const DATABASE_DOWN_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', '57P01', '57P02', '57P03']);

/** Which part an error says could not be reached, if that is what it says: a 503, not a 500. */
export function unavailablePart(error: unknown): 'temporal' | 'database' | undefined {
  if (error instanceof ServiceError) {
    if (isGrpcServiceError(error.cause) && TEMPORAL_DOWN_CODES.has(Number(error.cause.code))) return 'temporal';
  }
  const driverError = (error as { driverError?: unknown } | null)?.driverError ?? error;
  const code = (driverError as { code?: unknown } | null)?.code;
  if (typeof code === 'string' && (DATABASE_DOWN_CODES.has(code) || code.startsWith('08'))) return 'database';
  if (driverError instanceof Error && /Connection terminated|timeout exceeded when trying to connect/i.test(driverError.message)) return 'database';
  return undefined;
}
