import { Global, Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { readAccessConfig, type AccessConfig } from '@app/config';
import { ACCESS_CONFIG } from './access-config';
import { AuthController } from './auth.controller';
import { AuthGuard } from './auth.guard';

/**
 * Who the caller is: sign-in and sessions (AuthController), the guard every route passes (a live
 * session unless @Public), and the access settings. Roles are checked per route with @RequireRoles
 * (roles.guard.ts); principal.ts says which cases a caller may see and under which identities they act.
 */
@Global()
@Module({
  controllers: [AuthController],
  providers: [{ provide: ACCESS_CONFIG, useFactory: (): AccessConfig => readAccessConfig() }, { provide: APP_GUARD, useClass: AuthGuard }],
  exports: [ACCESS_CONFIG],
})
export class AuthModule {}
