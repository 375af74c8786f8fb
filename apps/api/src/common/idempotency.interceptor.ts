import { createHash } from 'node:crypto';
import { applyDecorators, CallHandler, ExecutionContext, HttpStatus, Injectable, NestInterceptor, SetMetadata } from '@nestjs/common';
import { HTTP_CODE_METADATA } from '@nestjs/common/constants';
import { Reflector } from '@nestjs/core';
import { ApiHeader } from '@nestjs/swagger';
import { IdempotencyRepository } from '@app/persistence';
import type { Response } from 'express';
import { from, lastValueFrom, type Observable } from 'rxjs';
import type { AuthenticatedRequest } from '../auth/auth.guard';
import { ApiProblems } from './api-problems';
import { fieldsProblem, problem } from './problem-details';

const IDEMPOTENT = 'secondment:idempotent';
const KEY = /^[\x21-\x7e]{1,200}$/;

/**
 * The route is a change that honours Idempotency-Key. It documents the header and the two refusals
 * the key itself brings (400 for a malformed key, 422 for a key reused with another request) on
 * every such route, so no route can take the header and leave them out of the document.
 */
export const Idempotent = () =>
  applyDecorators(
    SetMetadata(IDEMPOTENT, true),
    ApiHeader({
      name: 'Idempotency-Key',
      required: false,
      schema: { type: 'string', pattern: KEY.source },
      description:
        'Any unique string per intended change (1 to 200 visible ASCII characters). A retry with the same key returns the first result and has no second effect; the same key with a different request is refused (422).',
    }),
    ApiProblems(400, 422),
  );

export interface IdempotentRequest extends AuthenticatedRequest {
  idempotencyKey?: string;
}

function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object') {
    return `{${Object.keys(value)
      .sort()
      .map((key) => `${JSON.stringify(key)}:${canonical((value as Record<string, unknown>)[key])}`)
      .join(',')}}`;
  }
  return JSON.stringify(value ?? null);
}

/**
 * Idempotency-Key on a change: the first successful answer is kept per caller and key, and a retry
 * gets it again (with Idempotent-Replayed: true) without a second effect. The same key with a
 * different request is refused (422). A failed request keeps nothing, so its retry does the work;
 * the work itself is idempotent by the key as well (it becomes the workflow request id).
 */
@Injectable()
export class IdempotencyInterceptor implements NestInterceptor {
  constructor(
    private readonly reflector: Reflector,
    private readonly records: IdempotencyRepository,
  ) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (!this.reflector.get<boolean>(IDEMPOTENT, context.getHandler())) return next.handle();
    const request = context.switchToHttp().getRequest<IdempotentRequest>();
    const header = request.headers['idempotency-key'];
    if (header === undefined) return next.handle();
    const key = String(header).trim();
    if (!KEY.test(key)) {
      throw fieldsProblem([{ field: 'Idempotency-Key', rule: 'idempotencyKey', message: 'Idempotency-Key must be 1 to 200 visible ASCII characters' }]);
    }
    request.idempotencyKey = key;
    const principal = request.principal!;
    const status = this.reflector.get<number | undefined>(HTTP_CODE_METADATA, context.getHandler()) ?? (request.method === 'POST' ? HttpStatus.CREATED : HttpStatus.OK);
    const fingerprint = createHash('sha256').update(`${request.method} ${request.path}\n${canonical(request.body)}`).digest('hex');
    return from(this.run(principal.account.id, key, fingerprint, status, context, next));
  }

  private async run(userId: string, key: string, fingerprint: string, status: number, context: ExecutionContext, next: CallHandler): Promise<unknown> {
    const claim = await this.records.claim(userId, key, fingerprint);
    if (claim.kind === 'mismatch') {
      throw problem(
        HttpStatus.UNPROCESSABLE_ENTITY,
        'idempotency-key-reused',
        { vi: 'Idempotency-Key đã dùng cho yêu cầu khác', en: 'Idempotency-Key reused' },
        {
          vi: 'Khóa Idempotency-Key này đã được dùng cho một yêu cầu khác; hãy dùng khóa mới cho yêu cầu mới.',
          en: 'This Idempotency-Key was used for a different request; use a new key for a new request.',
        },
        { rule: 'idempotency_key_reused', field: 'Idempotency-Key' },
      );
    }
    if (claim.kind === 'replay') {
      context.switchToHttp().getResponse<Response>().setHeader('Idempotent-Replayed', 'true');
      return claim.response;
    }
    try {
      const body: unknown = await lastValueFrom(next.handle(), { defaultValue: undefined });
      await this.records.complete(userId, key, status, body);
      return body;
    } catch (error) {
      await this.records.release(userId, key).catch(() => undefined);
      throw error;
    }
  }
}

