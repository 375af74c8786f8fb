import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { GapRepository } from '@app/persistence';
import { RequireRoles } from '../../auth/roles.guard';
import { ApiProblems } from '../../common/api-problems';
import { notFoundProblem } from '../../common/refusals';
import { assertCommune, parameterProblem } from '../commune-check';
import { CommuneGapDetailDto, DepartmentsGapDto, GapQuery, GapViewQuery, ProvinceGapDto, VIEW_DESCRIPTION } from './gap.dto';

/** 400 naming a parameter and the rule it breaks, in the shape of the validation pipe's problems. */
const DEFINITIONS =
  'For a commune (ward, special zone) and a field of expertise: quota from the staffing quota; onBooks = its officials of that field; ' +
  'secondedOut = those of them away now on an active case (stage posted, serving or ending, not closed) it sent; ' +
  'secondedIn = officials of that field on an active case it receives; present = onBooks − secondedOut + secondedIn. ' +
  VIEW_DESCRIPTION +
  ' A field with no quota row counts (quota 0) only when the commune has officials of it, on its books or seconded in; officials with no field are in no count. ' +
  'A commune is short when its total balance (over its fields) is below 0, over when above; shortFields and overFields count its fields either way.';

/**
 * The gap: shortage and surplus per commune and field of expertise, against quota, in the working
 * view (officials seconded in count as present where they work, and not where they came from) and
 * the books view (biên chế: the law keeps a seconded official on the sending unit's headcount).
 * Province totals the way the field reports them ("64 communes short of 619, 33 with 182 over"),
 * and the departments' side (staff, seconded out, share). Every role reads it but officials.
 */
@ApiTags('registry')
@ApiBearerAuth()
@RequireRoles('hr_officer', 'department_head', 'home_affairs_officer', 'party_secretariat', 'commune_leader', 'auditor')
@Controller('gap')
export class GapController {
  constructor(private readonly gap: GapRepository) {}

  @Get()
  @ApiOperation({
    summary: "The province's gap: totals, the field's summary sentence, per-field totals and the communes, most short first",
    description:
      `${DEFINITIONS} ` +
      'Totals: communes short and the sum of their shortage, communes over and the sum of their surplus ("64 xã, phường thiếu 619 người; 33 xã, phường thừa 182 người"); ' +
      'byField: per field, the communes short or over in it and the staff missing or above quota. ' +
      'fieldId and difficultArea narrow everything; status narrows only the commune list. Every role but official.',
  })
  @ApiOkResponse({ type: ProvinceGapDto })
  @ApiProblems(400, 401, 403)
  async province(@Query() query: GapQuery): Promise<ProvinceGapDto> {
    if (query.fieldId !== undefined && !(await this.gap.fieldExists(query.fieldId))) {
      throw parameterProblem('fieldId', 'knownField', `Trường «fieldId»: không có lĩnh vực ${query.fieldId}.`, `fieldId must name a field of expertise; there is no ${query.fieldId}`);
    }
    return this.gap.province({ view: query.view, fieldId: query.fieldId, status: query.status, difficultArea: query.difficultArea });
  }

  @Get('departments')
  @ApiOperation({
    summary: 'The sending side: per department, staff on its books, those seconded out now, and the share',
    description:
      'onBooks: every official of the department (seconded ones stay on its books); secondedOut: those away now on an active case (posted, serving or ending, not closed) it sent; ' +
      'sharePercent = secondedOut / onBooks as a percentage with one decimal (null with no officials), to hold against the share the province sets (e.g. 5–7%). ' +
      'secondedIn and present give the working view. Every role but official.',
  })
  @ApiOkResponse({ type: DepartmentsGapDto })
  @ApiProblems(401, 403)
  departments(): Promise<DepartmentsGapDto> {
    return this.gap.departments();
  }

  @Get('communes/:unitId')
  @ApiOperation({
    summary: 'One commune (ward, special zone): its totals and a row per field',
    description: `${DEFINITIONS} A department is refused with 400 (see GET /gap/departments); an unknown unit is 404. Every role but official.`,
  })
  @ApiParam({ name: 'unitId', example: 'phuong-buon-ma-thuot' })
  @ApiOkResponse({ type: CommuneGapDetailDto })
  @ApiProblems(400, 401, 403, 404)
  async commune(@Param('unitId') unitId: string, @Query() query: GapViewQuery): Promise<CommuneGapDetailDto> {
    await assertCommune(this.gap, unitId, {
      vi: 'thiếu, thừa biên chế được tính cho xã, phường, đặc khu (xem /gap/departments).',
      en: ' (see GET /gap/departments)',
    });
    const found = await this.gap.commune(unitId, query.view ?? 'present');
    if (!found) throw notFoundProblem({ vi: 'xã, phường, đặc khu', en: 'commune' }, unitId);
    return found;
  }
}
