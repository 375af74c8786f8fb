import { Body, Controller, Get, HttpCode, HttpStatus, Inject, Post, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { AccessConfig } from '@app/config';
import { AccountsRepository, DEMO_ACCOUNTS, DEMO_PASSWORD, decoyHash, verifyPassword, type UserAccount } from '@app/persistence';
import type { Principal } from './principal';
import { ACCESS_CONFIG } from './access-config';
import { ApiProblems } from '../common/api-problems';
import { problem } from '../common/problem-details';
import type { Response } from 'express';
import { AccountDto, DemoAccountsDto, LoginDto, LoginResultDto, LogoutResultDto, MeDto } from './auth.dto';
import { CurrentPrincipal, Public, unauthenticated, type AuthenticatedRequest } from './auth.guard';

export function accountDto(account: UserAccount): AccountDto {
  return {
    id: account.id,
    username: account.username,
    displayName: account.displayName,
    role: account.role,
    unit: account.unit,
    personId: account.personId,
    language: account.language,
  };
}

@ApiTags('auth')
@Controller()
export class AuthController {
  constructor(
    private readonly accounts: AccountsRepository,
    @Inject(ACCESS_CONFIG) private readonly config: AccessConfig,
  ) {}

  @Public()
  @Post('auth/login')
  @HttpCode(200)
  @ApiOperation({ summary: 'Sign in with a local account; returns a bearer token kept as a session in PostgreSQL' })
  @ApiOkResponse({ type: LoginResultDto })
  @ApiProblems(400, 401, 429)
  async login(@Body() body: LoginDto, @Req() request: AuthenticatedRequest, @Res({ passthrough: true }) response: Response): Promise<LoginResultDto> {
    const windowMs = this.config.loginWindowMinutes * 60_000;
    // Express's view of the client: the connection's address, or X-Forwarded-For as far as TRUST_PROXY trusts it.
    const address = request.ip ?? request.socket.remoteAddress ?? null;
    const [byName, byAddress] = await Promise.all([
      this.accounts.recentFailures(body.username, windowMs),
      address === null ? { count: 0, retryAfterMs: 0 } : this.accounts.recentFailuresFrom(address, windowMs),
    ]);
    const refusedForName = byName.count >= this.config.loginMaxFailures;
    const refusedForAddress = byAddress.count >= this.config.loginMaxFailuresPerAddress;
    if (refusedForName || refusedForAddress) {
      const failures = refusedForName ? byName : byAddress;
      const retryAfterMs = Math.max(refusedForName ? byName.retryAfterMs : 0, refusedForAddress ? byAddress.retryAfterMs : 0);
      const minutes = Math.max(1, Math.ceil(retryAfterMs / 60_000));
      response.setHeader('Retry-After', String(Math.max(1, Math.ceil(retryAfterMs / 1000))));
      throw problem(
        HttpStatus.TOO_MANY_REQUESTS,
        'too-many-sign-in-attempts',
        { vi: 'Đăng nhập sai quá nhiều lần', en: 'Too many failed sign-ins' },
        refusedForName
          ? {
              vi: `Tài khoản này đã đăng nhập sai ${failures.count} lần; vui lòng thử lại sau khoảng ${minutes} phút.`,
              en: `${failures.count} failed sign-ins for this account; try again in about ${minutes} min.`,
            }
          : {
              vi: `Đã có ${failures.count} lần đăng nhập sai từ địa chỉ này; vui lòng thử lại sau khoảng ${minutes} phút.`,
              en: `${failures.count} failed sign-ins from this address; try again in about ${minutes} min.`,
            },
        { limit: refusedForName ? 'username' : 'address' },
      );
    }
    const account = await this.accounts.credentials(body.username);
    // An unknown name costs the same as a wrong password.
    const valid = await verifyPassword(account?.passwordHash ?? (await decoyHash()), body.password);
    if (!account || !account.passwordHash || !valid || account.disabled) {
      await this.accounts.recordFailure(body.username, address);
      throw unauthenticated('The username or password is wrong, or the account is disabled.', 'Tên đăng nhập hoặc mật khẩu không đúng, hoặc tài khoản đã bị khóa.');
    }
    await this.accounts.clearFailures(body.username, windowMs);
    const session = await this.accounts.openSession(account.id, this.config.sessionTtlMinutes * 60_000);
    const { passwordHash: _hash, ...user } = account;
    return { token: session.token, tokenType: 'Bearer', expiresAt: session.expiresAt, user: accountDto(user) };
  }

  @Public()
  @Get('auth/demo-accounts')
  @ApiOperation({ summary: 'The demo accounts to try, for the sign-in page of a demo (SHOW_DEMO_ACCOUNTS); empty anywhere else' })
  @ApiOkResponse({ type: DemoAccountsDto })
  async demoAccounts(): Promise<DemoAccountsDto> {
    if (!this.config.showDemoAccounts) return { enabled: false, password: null, accounts: [] };
    const order = new Map(DEMO_ACCOUNTS.map((account, index) => [account.username, index]));
    const accounts = (await this.accounts.list())
      .filter((account) => order.has(account.username) && !account.disabled)
      .sort((a, b) => order.get(a.username)! - order.get(b.username)!)
      .map((account) => ({ username: account.username, displayName: account.displayName, role: account.role, unit: account.unit }));
    return { enabled: true, password: DEMO_PASSWORD, accounts };
  }

  @Post('auth/logout')
  @HttpCode(200)
  @ApiBearerAuth()
  @ApiOperation({ summary: 'End this session: its token stops working at once' })
  @ApiOkResponse({ type: LogoutResultDto })
  @ApiProblems(401)
  async logout(@Req() request: AuthenticatedRequest): Promise<LogoutResultDto> {
    return { sessionsEnded: (await this.accounts.revokeSession(request.sessionToken!, 'logout')) ? 1 : 0 };
  }

  @Post('auth/logout-all')
  @HttpCode(200)
  @ApiBearerAuth()
  @ApiOperation({ summary: "End every session of the caller's account (a lost device, a shared computer)" })
  @ApiOkResponse({ type: LogoutResultDto })
  @ApiProblems(401)
  async logoutAll(@CurrentPrincipal() principal: Principal): Promise<LogoutResultDto> {
    return { sessionsEnded: await this.accounts.revokeAllSessions(principal.account.id, 'logout-all') };
  }

  @Get('me')
  @ApiBearerAuth()
  @ApiOperation({ summary: 'Who the caller is: account, role, unit, and the delegations they act under today' })
  @ApiOkResponse({ type: MeDto })
  @ApiProblems(401)
  me(@CurrentPrincipal() principal: Principal, @Req() request: AuthenticatedRequest): MeDto {
    return {
      ...accountDto(principal.account),
      actingFor: principal.delegations.map((d) => ({ delegationId: d.id, delegator: accountDto(d.delegator), startsOn: d.startsOn, endsOn: d.endsOn })),
      sessionExpiresAt: request.sessionExpiresAt!,
    };
  }
}
