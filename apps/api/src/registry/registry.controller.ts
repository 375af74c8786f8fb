import { Controller, Get, HttpStatus, Param, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { RegistryReadsRepository, type RegistryOfficialView, type UserAccount } from '@app/persistence';
import { kindOfCategory } from '@app/registry';
import type { Role } from '@app/domain';
import type { Principal } from '../auth/principal';
import { RequireRoles } from '../auth/roles.guard';
import { CurrentPrincipal } from '../auth/auth.guard';
import { ApiProblems } from '../common/api-problems';
import { problem, type ProblemException } from '../common/problem-details';
import { forbiddenProblem, notFoundProblem } from '../common/refusals';
import {
  REGISTRY_PAGE_SIZE,
  RegistryFieldDto,
  RegistryOfficialDetailDto,
  RegistryOfficialPageDto,
  RegistryOfficialsQuery,
  RegistryProvinceDto,
  RegistryQuotaDto,
  RegistryQuotasQuery,
  RegistryUnitDetailDto,
  RegistryUnitPageDto,
  RegistryUnitsQuery,
} from './registry.dto';

/** Every signed-in role but the official. */
const READERS: Role[] = ['hr_officer', 'department_head', 'home_affairs_officer', 'party_secretariat', 'commune_leader', 'auditor'];

/** 400 naming a parameter and the rule it breaks, in the shape of the validation pipe's problems. */
function parameterProblem(field: string, rule: string, vi: string, en: string): ProblemException {
  return problem(HttpStatus.BAD_REQUEST, 'validation-failed', { vi: 'Yêu cầu không hợp lệ', en: 'The request is not valid' }, { vi, en }, { field, errors: [{ field, rule, message: en }] });
}

/**
 * Whether the caller may see an official's birth date and gender (personal data): Home Affairs
 * officers for every official; the department head and HR officer of the official's own unit.
 * Only the caller's own role and unit count (a delegation hands over approvals, not personal data).
 */
export function mayReadPersonalData(account: UserAccount, officialUnitId: string): boolean {
  if (account.role === 'home_affairs_officer') return true;
  return (account.role === 'department_head' || account.role === 'hr_officer') && account.unit?.id === officialUnitId;
}

/** The official as this caller may see it: birth date and gender left out unless they may read them. */
function shown<T extends RegistryOfficialView>(account: UserAccount, official: T): T {
  if (mayReadPersonalData(account, official.unitId)) return official;
  const copy: Partial<T> = { ...official };
  delete copy.birthDate;
  delete copy.gender;
  return copy as T;
}

const PERSONAL_RULE =
  'birthDate and gender (personal data) are included only for Home Affairs officers, and for the department head and HR officer of the official’s own unit.';

/**
 * The staffing registry as it stands: the province, the fields of expertise, units with their
 * headcount and quota, officials and the quotas. Every role reads it but officials, who may read
 * only their own record.
 */
@ApiTags('registry')
@ApiBearerAuth()
@RequireRoles(...READERS)
@Controller('registry')
export class RegistryController {
  constructor(private readonly registry: RegistryReadsRepository) {}

  @Get('province')
  @ApiOperation({ summary: 'The province', description: '404 when no province is loaded. Every role but official.' })
  @ApiOkResponse({ type: RegistryProvinceDto })
  @ApiProblems(401, 403, 404)
  async province(): Promise<RegistryProvinceDto> {
    const province = await this.registry.province();
    if (!province) {
      throw problem(HttpStatus.NOT_FOUND, 'not-found', { vi: 'Không tìm thấy', en: 'Not found' }, { vi: 'Chưa nạp tỉnh nào vào danh bạ.', en: 'No province is loaded in the registry.' });
    }
    return province;
  }

  @Get('fields')
  @ApiOperation({ summary: "The fields of expertise, in the province's order", description: 'Every role but official.' })
  @ApiOkResponse({ type: [RegistryFieldDto] })
  @ApiProblems(401, 403)
  fields(): Promise<RegistryFieldDto[]> {
    return this.registry.fields();
  }

  @Get('units')
  @ApiOperation({
    summary: 'Units (departments, agencies, communes, wards, special zones), with their staff and quota, a page at a time',
    description:
      'staff: officials on the unit’s books (seconded-out ones included); quota: the sum of its staffing quota over its fields, null when it has none. ' +
      'q searches the name without regard to diacritics or case. A category of another kind than kind is refused (400, rule categoryOfKind). ' +
      'Sorted by name (diacritics ignored), then id. Every role but official.',
  })
  @ApiOkResponse({ type: RegistryUnitPageDto })
  @ApiProblems(400, 401, 403)
  units(@Query() query: RegistryUnitsQuery): Promise<RegistryUnitPageDto> {
    if (query.kind !== undefined && query.category !== undefined && kindOfCategory(query.category) !== query.kind) {
      throw parameterProblem(
        'category',
        'categoryOfKind',
        `Trường «category»: ${query.category} không thuộc loại ${query.kind}.`,
        `category must be a category of kind ${query.kind}; ${query.category} is of kind ${kindOfCategory(query.category)}`,
      );
    }
    return this.registry.units(
      { kind: query.kind, category: query.category, difficultArea: query.difficultArea, q: query.q },
      { page: query.page ?? 1, pageSize: query.pageSize ?? REGISTRY_PAGE_SIZE },
    );
  }

  @Get('units/:id')
  @ApiOperation({ summary: 'One unit, with its staff and quota per field of expertise', description: '404 for an unknown unit. Every role but official.' })
  @ApiParam({ name: 'id', example: 'xa-cu-bao' })
  @ApiOkResponse({ type: RegistryUnitDetailDto })
  @ApiProblems(401, 403, 404)
  async unit(@Param('id') id: string): Promise<RegistryUnitDetailDto> {
    const unit = await this.registry.unit(id);
    if (!unit) throw notFoundProblem({ vi: 'đơn vị', en: 'unit' }, id);
    return unit;
  }

  @Get('officials')
  @ApiOperation({
    summary: 'Officials, a page at a time (at most 200)',
    description:
      'onCase: the case about the official that is not closed, if any. q searches the name without regard to diacritics or case, or matches the id exactly. ' +
      `An unknown unitId or fieldId is refused (400, rules knownUnit and knownField). ${PERSONAL_RULE} Sorted by name (diacritics ignored), then id. Every role but official.`,
  })
  @ApiOkResponse({ type: RegistryOfficialPageDto })
  @ApiProblems(400, 401, 403)
  async officials(@Query() query: RegistryOfficialsQuery, @CurrentPrincipal() principal: Principal): Promise<RegistryOfficialPageDto> {
    await this.checkKnown(query.unitId, query.fieldId);
    const page = await this.registry.officials(
      { unitId: query.unitId, fieldId: query.fieldId, q: query.q, inLeadershipPlan: query.inLeadershipPlan, employment: query.employment },
      { page: query.page ?? 1, pageSize: query.pageSize ?? REGISTRY_PAGE_SIZE },
    );
    return { ...page, items: page.items.map((official) => shown(principal.account, official)) };
  }

  @Get('officials/:id')
  @RequireRoles(...READERS, 'official')
  @ApiOperation({
    summary: 'One official, with every case about them (their moves)',
    description: `${PERSONAL_RULE} Every role but official; an official may read their own record only (403 out_of_scope otherwise). 404 for an unknown official.`,
  })
  @ApiParam({ name: 'id', example: 'cc-0001' })
  @ApiOkResponse({ type: RegistryOfficialDetailDto })
  @ApiProblems(401, 403, 404)
  async official(@Param('id') id: string, @CurrentPrincipal() principal: Principal): Promise<RegistryOfficialDetailDto> {
    const { account } = principal;
    if (account.role === 'official' && account.personId !== id) {
      throw forbiddenProblem('out_of_scope', {
        vi: 'Công chức chỉ được xem hồ sơ của chính mình trong danh bạ.',
        en: 'An official may read only their own record in the registry.',
      });
    }
    const official = await this.registry.official(id);
    if (!official) throw notFoundProblem({ vi: 'công chức', en: 'official' }, id);
    return shown(account, official);
  }

  @Get('quotas')
  @ApiOperation({
    summary: 'Staffing quotas (biên chế) per unit and field of expertise',
    description: "By unit, then the fields' order. An unknown unitId or fieldId is refused (400, rules knownUnit and knownField). Every role but official.",
  })
  @ApiOkResponse({ type: [RegistryQuotaDto] })
  @ApiProblems(400, 401, 403)
  async quotas(@Query() query: RegistryQuotasQuery): Promise<RegistryQuotaDto[]> {
    await this.checkKnown(query.unitId, query.fieldId);
    return this.registry.quotas({ unitId: query.unitId, fieldId: query.fieldId });
  }

  /** 400 for a unitId or fieldId filter that names nothing in the registry. */
  private async checkKnown(unitId: string | undefined, fieldId: string | undefined): Promise<void> {
    if (unitId !== undefined && !(await this.registry.unitExists(unitId))) {
      throw parameterProblem('unitId', 'knownUnit', `Trường «unitId»: không có đơn vị ${unitId}.`, `unitId must name a unit; there is no ${unitId}`);
    }
    if (fieldId !== undefined && !(await this.registry.fieldExists(fieldId))) {
      throw parameterProblem('fieldId', 'knownField', `Trường «fieldId»: không có lĩnh vực ${fieldId}.`, `fieldId must name a field of expertise; there is no ${fieldId}`);
    }
  }
}
