import { Body, Controller, Delete, Get, HttpCode, Param, Put, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { EligibilityRepository, RegistryReadsRepository } from '@app/persistence';
import type { Principal } from '../auth/principal';
import { RequireRoles } from '../auth/roles.guard';
import { CurrentPrincipal } from '../auth/auth.guard';
import { ApiProblems } from '../common/api-problems';
import { notFoundProblem } from '../common/refusals';
import { ProtectionDto, ProtectionInputDto, ProtectionPurposeQuery, ProtectionReadDto } from './protection.dto';

const OFFICIAL = { vi: 'công chức', en: 'official' };
const PROTECTION = { vi: 'thông tin bảo vệ (mang thai, nuôi con dưới 36 tháng) của công chức', en: 'protection (pregnancy, child under 36 months) recorded for official' };

const SENSITIVE =
  'Sensitive personal data (Decree 13/2023/NĐ-CP on personal data protection): kept to what the eligibility rules need, readable by the Home Affairs office only, and every read is logged.';

/**
 * The protection of an official who is pregnant or raising a child under 36 months: Home Affairs
 * records it, the eligibility rules read it (a nomination planned to start on or before its last
 * day is refused), and every read of it is logged with who and why. The log itself is open to
 * Home Affairs and the auditor.
 */
@ApiTags('registry')
@ApiBearerAuth()
@RequireRoles('home_affairs_officer')
@Controller('registry/officials/:id/protection')
export class ProtectionController {
  constructor(
    private readonly registry: RegistryReadsRepository,
    private readonly eligibility: EligibilityRepository,
  ) {}

  @Put()
  @HttpCode(204)
  @ApiOperation({
    summary: "Record (or replace) an official's protection from secondment",
    description: `kind: pregnancy or child_under_36_months; protectedUntil: its last day. ${SENSITIVE} Home Affairs officers only; 404 for an unknown official.`,
  })
  @ApiParam({ name: 'id', example: 'cc-0002' })
  @ApiNoContentResponse({ description: 'Recorded' })
  @ApiProblems(400, 401, 403, 404)
  async record(@Param('id') id: string, @Body() body: ProtectionInputDto, @CurrentPrincipal() principal: Principal): Promise<void> {
    await this.assertOfficial(id);
    await this.eligibility.protect(id, body.kind, body.protectedUntil, principal.account.id);
  }

  @Get()
  @ApiOperation({
    summary: "Read an official's protection, for a stated purpose (logged)",
    description: `${SENSITIVE} The read is logged with the caller and the purpose (also when none is recorded). Home Affairs officers only; 404 for an unknown official or when no protection is recorded.`,
  })
  @ApiParam({ name: 'id', example: 'cc-0002' })
  @ApiOkResponse({ type: ProtectionDto })
  @ApiProblems(400, 401, 403, 404)
  async read(@Param('id') id: string, @Query() query: ProtectionPurposeQuery, @CurrentPrincipal() principal: Principal): Promise<ProtectionDto> {
    await this.assertOfficial(id);
    const protection = await this.eligibility.protection(id, principal.account.id, query.purpose);
    if (!protection) throw notFoundProblem(PROTECTION, id);
    return protection;
  }

  @Delete()
  @HttpCode(204)
  @ApiOperation({ summary: "Remove an official's protection", description: 'Home Affairs officers only; 404 for an unknown official or when no protection is recorded.' })
  @ApiParam({ name: 'id', example: 'cc-0002' })
  @ApiNoContentResponse({ description: 'Removed' })
  @ApiProblems(401, 403, 404)
  async remove(@Param('id') id: string): Promise<void> {
    await this.assertOfficial(id);
    if (!(await this.eligibility.unprotect(id))) throw notFoundProblem(PROTECTION, id);
  }

  @Get('reads')
  @RequireRoles('home_affairs_officer', 'auditor')
  @ApiOperation({
    summary: "Who read an official's protection, when and why, newest first",
    description: 'Every read: through GET …/protection and by the eligibility checks of nominations and decisions. Home Affairs officers and the auditor; 404 for an unknown official.',
  })
  @ApiParam({ name: 'id', example: 'cc-0002' })
  @ApiOkResponse({ type: [ProtectionReadDto] })
  @ApiProblems(401, 403, 404)
  async reads(@Param('id') id: string): Promise<ProtectionReadDto[]> {
    await this.assertOfficial(id);
    return this.eligibility.reads(id);
  }

  private async assertOfficial(id: string): Promise<void> {
    if (!(await this.registry.officialExists(id))) throw notFoundProblem(OFFICIAL, id);
  }
}
