import { applyDecorators, CanActivate, ExecutionContext, Injectable, SetMetadata, UseGuards } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { ROLE_LABELS, type Role } from '@app/domain';
import type { AuthenticatedRequest } from './auth.guard';
import { forbiddenProblem } from '../common/refusals';

const ROLES = 'secondment:roles';


/**
 * Checks the caller's own role (not one held as a deputy: a delegation hands over approvals of
 * cases, not the administration of the system) before the body is read, so a caller without the
 * role learns nothing from validation errors.
 */
@Injectable()
export class RolesGuard implements CanActivate {
  constructor(private readonly reflector: Reflector) {}

  canActivate(context: ExecutionContext): boolean {
    const roles = this.reflector.getAllAndOverride<Role[] | undefined>(ROLES, [context.getHandler(), context.getClass()]);
    if (!roles) return true;
    const principal = context.switchToHttp().getRequest<AuthenticatedRequest>().principal;
    if (principal && roles.includes(principal.account.role)) return true;
    const names = roles.map((role) => ROLE_LABELS[role]);
    throw forbiddenProblem('not_authorised', {
      vi: `Chỉ ${listed(names.map((n) => n.vi), 'và')} mới được thực hiện thao tác này.`,
      en: `Only ${listed(names.map((n) => n.en), 'and')} may do this.`,
    });
  }
}

/** `a, b and c`. */
function listed(items: string[], and: string): string {
  return items.length <= 1 ? items.join('') : `${items.slice(0, -1).join(', ')} ${and} ${items[items.length - 1]}`;
}

/** The route (or every route of the controller) is for these roles only; anyone else gets 403 not_authorised. */
export const RequireRoles = (...roles: Role[]) => applyDecorators(SetMetadata(ROLES, roles), UseGuards(RolesGuard));
