import { Body, Controller, Get, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import { DEFAULT_ELIGIBILITY_RULES } from '@app/domain';
import { ProvinceRulesRepository } from '@app/persistence';
import { IsInt, IsNumber, Max, Min } from 'class-validator';
import type { Principal } from '../auth/principal';
import { RequireRoles } from '../auth/roles.guard';
import { CurrentPrincipal } from '../auth/auth.guard';
import { ApiProblems } from '../common/api-problems';

export class EligibilityRulesDto {
  @ApiProperty({ example: 7, description: "The share of a sending unit's staff that may be away or nominated at once (percent, above 0, at most 100)" })
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(0.1)
  @Max(100)
  departmentMaxSharePercent!: number;

  @ApiProperty({ example: 10, description: 'Years of service a rotated leader must have left before the retirement age (0 to 40)' })
  @IsInt()
  @Min(0)
  @Max(40)
  rotationMinServiceYears!: number;
}

export class PublishedEligibilityRulesDto extends EligibilityRulesDto {
  @ApiProperty({ example: 3, description: 'The version of the province rules these belong to; cases keep the version they started with' }) version!: number;
}

const ROLES = ['hr_officer', 'department_head', 'home_affairs_officer', 'party_secretariat', 'commune_leader', 'auditor'] as const;

/**
 * The province's settings of the eligibility rules, where the law leaves room. A change is a new
 * version of the province rules: nominations from now on use it, running cases keep theirs.
 */
@ApiTags('registry')
@ApiBearerAuth()
@Controller('registry/rules/eligibility')
export class EligibilityRulesController {
  constructor(private readonly rules: ProvinceRulesRepository) {}

  @Get()
  @RequireRoles(...ROLES)
  @ApiOperation({ summary: "The province's eligibility settings in force (the department share, the service years a rotation needs)" })
  @ApiOkResponse({ type: PublishedEligibilityRulesDto })
  @ApiProblems(401, 403)
  async current(): Promise<PublishedEligibilityRulesDto> {
    const rules = await this.rules.current();
    return { version: rules.version, ...(rules.eligibility ?? DEFAULT_ELIGIBILITY_RULES) };
  }

  @Put()
  @RequireRoles('home_affairs_officer')
  @ApiOperation({
    summary: 'Publish new eligibility settings (Home Affairs officers)',
    description: 'A new version of the province rules, the rest unchanged. Nominations from now on are judged by it; a running case keeps the version it began with.',
  })
  @ApiOkResponse({ type: PublishedEligibilityRulesDto })
  @ApiProblems(400, 401, 403)
  async publish(@CurrentPrincipal() principal: Principal, @Body() body: EligibilityRulesDto): Promise<PublishedEligibilityRulesDto> {
    const { version: _version, ...current } = await this.rules.current();
    const eligibility = { departmentMaxSharePercent: body.departmentMaxSharePercent, rotationMinServiceYears: body.rotationMinServiceYears };
    const published = await this.rules.publish({ ...current, eligibility }, principal.account.id, 'eligibility settings');
    return { version: published.version, ...eligibility };
  }
}
