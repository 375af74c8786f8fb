import { Body, Controller, Get, HttpCode, Inject, Post, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { AccessConfig } from '@app/config';
import { AccountsRepository, decoyHash, verifyPassword, type UserAccount } from '@app/persistence';
import type { Principal } from '../access/principal';
import { ACCESS_CONFIG } from '../access/access.tokens';
import { ApiProblems } from '../common/api-problems';
import { AccountDto, LoginDto, LoginResultDto, LogoutResultDto, MeDto } from './auth.dto';
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
  @ApiProblems(400, 401)
  async login(@Body() body: LoginDto): Promise<LoginResultDto> {
    const account = await this.accounts.credentials(body.username);
    // An unknown name costs the same as a wrong password.
    const valid = await verifyPassword(account?.passwordHash ?? (await decoyHash()), body.password);
    if (!account || !account.passwordHash || !valid || account.disabled) {
      throw unauthenticated('The username or password is wrong, or the account is disabled.', 'Tên đăng nhập hoặc mật khẩu không đúng, hoặc tài khoản đã bị khóa.');
    }
    const session = await this.accounts.openSession(account.id, this.config.sessionTtlMinutes * 60_000);
    const { passwordHash: _hash, ...user } = account;
    return { token: session.token, tokenType: 'Bearer', expiresAt: session.expiresAt, user: accountDto(user) };
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
