import { Body, Controller, Delete, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiParam, ApiProperty, ApiTags } from '@nestjs/swagger';
import { compareDates, addDays } from '@app/domain';
import { AccountsRepository, type Delegation } from '@app/persistence';
import { IsString, Matches, MaxLength, MinLength } from 'class-validator';
import type { Principal } from '../auth/principal';
import { AccountDto } from '../auth/auth.dto';
import { accountDto } from '../auth/auth.controller';
import { CurrentPrincipal } from '../auth/auth.guard';
import { ApiProblems } from '../common/api-problems';
import { fieldsProblem } from '../common/problem-details';
import { IsLocalDate } from '../common/validation';
import { forbiddenProblem, notFoundProblem } from '../common/refusals';
import { today } from '../cases/request-ids';

export class CreateDelegationDto {
  @ApiProperty({ example: 'pgd.taichinh', description: 'The deputy who will act on your behalf' })
  @IsString()
  @Matches(/^[a-z0-9][a-z0-9._-]{1,63}$/i, { message: 'deputy must be a username' })
  deputy!: string;
  @ApiProperty({ example: '2026-11-25', description: 'First day (inclusive)' }) @IsLocalDate() startsOn!: string;
  @ApiProperty({ example: '2026-12-05', description: 'Last day (inclusive); the delegation ends by itself after it' }) @IsLocalDate() endsOn!: string;
  @ApiProperty({ example: 'Đi công tác Hà Nội' }) @IsString() @MinLength(1) @MaxLength(500) reason!: string;
}

export class DelegationDto {
  @ApiProperty({ example: '5b0f2c1e-8d3a-4c1b-9f7e-2a6d4e8c1b3f' }) id!: string;
  @ApiProperty({ type: AccountDto }) delegator!: AccountDto;
  @ApiProperty({ type: AccountDto }) deputy!: AccountDto;
  @ApiProperty({ example: '2026-11-25' }) startsOn!: string;
  @ApiProperty({ example: '2026-12-05' }) endsOn!: string;
  @ApiProperty({ example: 'Đi công tác Hà Nội' }) reason!: string;
  @ApiProperty({ example: '2026-11-25T02:00:00.000Z' }) createdAt!: string;
  @ApiProperty({ type: String, example: null, nullable: true }) revokedAt!: string | null;
  @ApiProperty({ example: true, description: 'In force today' }) active!: boolean;
}

/** Who approves: only they can hand their approvals to a deputy. */
const DELEGATING_ROLES: readonly string[] = ['department_head', 'home_affairs_officer', 'party_secretariat', 'commune_leader'];
const MAX_DAYS = 366;

function dto(d: Delegation): DelegationDto {
  const day = today();
  return {
    id: d.id,
    delegator: accountDto(d.delegator),
    deputy: accountDto(d.deputy),
    startsOn: d.startsOn,
    endsOn: d.endsOn,
    reason: d.reason,
    createdAt: d.createdAt,
    revokedAt: d.revokedAt,
    active: d.revokedAt === null && compareDates(d.startsOn, day) <= 0 && compareDates(day, d.endsOn) <= 0,
  };
}

/**
 * Delegation: an approver hands their approvals to a named deputy for a date range. The deputy then
 * acts with the approver's role and unit; each event records both names. It ends by itself after
 * its last day, or sooner when the approver revokes it.
 */
@ApiTags('delegations')
@ApiBearerAuth()
@Controller('delegations')
export class DelegationsController {
  constructor(private readonly accounts: AccountsRepository) {}

  @Post()
  @ApiOperation({ summary: 'Delegate your approvals to a deputy for a date range' })
  @ApiCreatedResponse({ type: DelegationDto })
  @ApiProblems(400, 401, 403)
  async create(@CurrentPrincipal() principal: Principal, @Body() body: CreateDelegationDto): Promise<DelegationDto> {
    const me = principal.account;
    if (!DELEGATING_ROLES.includes(me.role)) {
      throw forbiddenProblem('not_an_approver', { vi: 'Chỉ người có thẩm quyền phê duyệt mới được ủy quyền.', en: 'Only an approver can delegate their approvals.' });
    }
    const deputy = await this.accounts.byUsername(body.deputy);
    if (!deputy || deputy.disabled) throw fieldsProblem([{ field: 'deputy', rule: 'exists', message: `deputy: there is no active account ${body.deputy}` }]);
    if (deputy.id === me.id) throw fieldsProblem([{ field: 'deputy', rule: 'not_self', message: 'deputy: cannot be yourself' }]);
    if (compareDates(body.endsOn, body.startsOn) < 0) throw fieldsProblem([{ field: 'endsOn', rule: 'not_before_start', message: 'endsOn: cannot be before startsOn' }]);
    if (compareDates(body.endsOn, today()) < 0) throw fieldsProblem([{ field: 'endsOn', rule: 'not_in_past', message: `endsOn: cannot be before today (${today()})` }]);
    if (compareDates(body.endsOn, addDays(body.startsOn, MAX_DAYS - 1)) > 0) {
      throw fieldsProblem([{ field: 'endsOn', rule: 'max_span', message: `endsOn: a delegation lasts at most ${MAX_DAYS} days` }]);
    }
    return dto(await this.accounts.createDelegation({ delegatorId: me.id, deputyId: deputy.id, startsOn: body.startsOn, endsOn: body.endsOn, reason: body.reason }));
  }

  @Get()
  @ApiOperation({ summary: 'Delegations you gave or received that have not ended' })
  @ApiOkResponse({ type: [DelegationDto] })
  @ApiProblems(401)
  async list(@CurrentPrincipal() principal: Principal): Promise<DelegationDto[]> {
    return (await this.accounts.delegationsOf(principal.account.id, today())).map(dto);
  }

  @Delete(':id')
  @HttpCode(200)
  @ApiOperation({ summary: 'End a delegation you gave, now' })
  @ApiParam({ name: 'id' })
  @ApiOkResponse({ type: DelegationDto })
  @ApiProblems(401, 403, 404)
  async revoke(@CurrentPrincipal() principal: Principal, @Param('id') id: string): Promise<DelegationDto> {
    const found = /^[0-9a-f-]{36}$/.test(id) ? await this.accounts.delegation(id) : null;
    if (!found) throw notFoundProblem({ vi: 'ủy quyền', en: 'delegation' }, id);
    if (found.delegator.id !== principal.account.id) {
      throw forbiddenProblem('not_the_delegator', { vi: 'Chỉ người ủy quyền mới chấm dứt được ủy quyền.', en: 'Only the delegator can end a delegation.' });
    }
    await this.accounts.revokeDelegation(id, principal.account.id);
    return dto((await this.accounts.delegation(id))!);
  }
}
