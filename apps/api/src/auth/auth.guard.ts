import { CanActivate, ExecutionContext, HttpStatus, Injectable, SetMetadata, createParamDecorator } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { localDateOf } from '@app/domain';
import { AccountsRepository } from '@app/persistence';
import type { Request } from 'express';
import type { Principal } from './principal';
import { problem } from '../common/problem-details';

const PUBLIC = 'secondment:public';
/** The route needs no login (health, docs, login itself). */
export const Public = () => SetMetadata(PUBLIC, true);

export interface AuthenticatedRequest extends Request {
  principal?: Principal;
  sessionToken?: string;
  sessionExpiresAt?: string;
}

export function unauthenticated(detailEn: string, detailVi: string) {
  return problem(HttpStatus.UNAUTHORIZED, 'unauthenticated', { vi: 'Chưa đăng nhập', en: 'Not signed in' }, { vi: detailVi, en: detailEn });
}

/**
 * Every route needs a live session unless marked @Public: `Authorization: Bearer <token>` from
 * /auth/login. The session is looked up in PostgreSQL on each request, so logout, revocation and
 * disabling an account take effect at once. An external identity provider would replace this
 * lookup with a token verification that maps (issuer, subject) to the same accounts.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly accounts: AccountsRepository,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC, [context.getHandler(), context.getClass()])) return true;
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const header = request.headers.authorization ?? '';
    const match = /^Bearer\s+([A-Za-z0-9_-]{20,200})\s*$/i.exec(header);
    if (!match) {
      throw unauthenticated('Sign in first: send Authorization: Bearer <token> from POST /api/v1/auth/login.', 'Vui lòng đăng nhập: gửi Authorization: Bearer <token> nhận từ POST /api/v1/auth/login.');
    }
    const session = await this.accounts.session(match[1], localDateOf(new Date().toISOString()));
    if (!session) throw unauthenticated('The session has ended (logged out, expired or revoked); sign in again.', 'Phiên làm việc đã kết thúc (đăng xuất, hết hạn hoặc bị thu hồi); vui lòng đăng nhập lại.');
    request.principal = { account: session.user, delegations: session.delegations };
    request.sessionToken = match[1];
    request.sessionExpiresAt = session.expiresAt;
    return true;
  }
}

/** The authenticated caller of this request. */
export const CurrentPrincipal = createParamDecorator((_: unknown, context: ExecutionContext): Principal => {
  const principal = context.switchToHttp().getRequest<AuthenticatedRequest>().principal;
  if (!principal) throw new Error('CurrentPrincipal used on a public route');
  return principal;
});
