import { Body, Controller, Get, Param, Post, Query, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { addDays, MAX_LENGTH } from '@app/domain';
import { GapRepository, MatchingRepository } from '@app/persistence';
import type { CandidateList, RedistributionMove } from '@app/registry';
import type { Principal } from '../../auth/principal';
import { RequireRoles } from '../../auth/roles.guard';
import { CurrentPrincipal } from '../../auth/auth.guard';
import { type CaseDetail } from '../../cases/case-reads.service';
import { NominationsService } from '../../cases/nominations.service';
import { today } from '../../cases/request-ids';
import { NominationDto } from '../../cases/dto/case-input.dto';
import { CaseDetailDto } from '../../cases/dto/case-output.dto';
import { ApiProblems } from '../../common/api-problems';
import { Idempotent, type IdempotentRequest } from '../../common/idempotency.interceptor';
import { notFoundProblem } from '../../common/refusals';
import { assertCommune, parameterProblem } from '../commune-check';
import { CANDIDATE_LIMIT, CandidateListDto, CandidatesQuery, NominateFromSuggestionDto, RedistributionMoveDto, RedistributionQuery } from './matching.dto';

/** Days from today to the planned start suggestions are judged for, and nominations default to. */
const START_IN_DAYS = 30;

const READERS = ['home_affairs_officer', 'department_head', 'hr_officer', 'auditor', 'party_secretariat'] as const;

/** 400 naming a parameter and the rule it breaks, in the shape of the validation pipe's problems. */
const SCORING =
  'Candidates: officials of the field on the books of a department or agency, not on an open case (no unreleased reservation, no case that is not closed), ' +
  `eligible for a secondment starting ${START_IN_DAYS} days from today (every eligibility rule, the department share included: only departments with room in their share). ` +
  'The protection (pregnancy, child under 36 months) is read only for the officials about to be listed, each read logged with the caller and the purpose. ' +
  'Score (higher first, ties by officialId), every part given in reasons: share_room 10 per place left in the department’s share (at most 10 places); ' +
  'field_surplus 5 per official of the field the department keeps at home above its own quota in it (no quota: all of them; at most 10); ' +
  'grade (ngạch) … cao cấp 30, … chính 20, chuyên viên 10, cán sự or none 0; experience, for a commune in a difficult area only, 15 for an official aged 35 or more at the start; ' +
  'retires_during_term −20 when the official retires before a secondment of the default term would end.';

/**
 * Matching (issue 6): ranked candidates for a commune's shortage in a field, the redistribution
 * view between communes over and short in a field, and a nomination made from a suggestion in one
 * call (through NominationsService, which judges it like POST /cases).
 */
@ApiTags('registry')
@ApiBearerAuth()
@Controller('gap')
export class MatchingController {
  constructor(
    private readonly gap: GapRepository,
    private readonly matching: MatchingRepository,
    private readonly nominations: NominationsService,
  ) {}

  @Get('communes/:unitId/candidates')
  @RequireRoles(...READERS)
  @ApiOperation({
    summary: 'Ranked candidates for a commune’s need in a field of expertise, each with the reasons for its rank',
    description:
      `${SCORING} The commune's need is in the gap's working view (present); a field the commune is not short in is answered with shortBy 0 and candidates all the same (to plan ahead). ` +
      'An unknown commune is 404; a department is 400 (rule receivingUnit); an unknown field is 400 (rule knownField). Home Affairs, department heads, HR officers, the auditor and the Party secretariat.',
  })
  @ApiParam({ name: 'unitId', example: 'xa-cu-bao' })
  @ApiOkResponse({ type: CandidateListDto })
  @ApiProblems(400, 401, 403, 404)
  async candidates(@CurrentPrincipal() principal: Principal, @Param('unitId') unitId: string, @Query() query: CandidatesQuery): Promise<CandidateList> {
    await this.assertCommune(unitId);
    await this.assertField(query.fieldId);
    const found = await this.matching.candidates(unitId, query.fieldId, {
      readBy: principal.account.id,
      plannedStart: addDays(today(), START_IN_DAYS),
      limit: query.limit ?? CANDIDATE_LIMIT.default,
    });
    if (!found) throw notFoundProblem({ vi: 'xã, phường, đặc khu', en: 'commune' }, unitId);
    return found;
  }

  @Get('redistribution')
  @RequireRoles(...READERS)
  @ApiOperation({
    summary: 'The redistribution view: officials of communes over their quota in a field who could go to communes short in it',
    description:
      'Per field (the one given, or every field in the province order), the communes over in it (working view; most over first, ties by id) are paired greedily with the communes short in it ' +
      '(most short first, ties by id): the most over gives the most short as many officials as the smaller of what it has over, what the other lacks and what its own share still allows, then the next pair. ' +
      'The officials are the giving commune’s of that field, not on an open case and eligible for a secondment starting in 30 days (the share rule applies to the commune; a commune’s share is spent across fields), in id order. ' +
      'Protection reads are logged. Unknown field: 400. Home Affairs, department heads, HR officers, the auditor and the Party secretariat.',
  })
  @ApiOkResponse({ type: [RedistributionMoveDto] })
  @ApiProblems(400, 401, 403)
  async redistribution(@CurrentPrincipal() principal: Principal, @Query() query: RedistributionQuery): Promise<RedistributionMove[]> {
    if (query.fieldId !== undefined) await this.assertField(query.fieldId);
    return this.matching.redistribution(query.fieldId, { readBy: principal.account.id, plannedStart: addDays(today(), START_IN_DAYS) });
  }

  @Post('communes/:unitId/candidates/:officialId/nominate')
  @Idempotent()
  @ApiOperation({
    summary: 'Nominate a suggested official for the commune in one call: a secondment from the official’s unit, with defaults from the suggestion',
    description:
      'Builds the nomination and proposes it like POST /cases (same checks, same refusals: 403 for who may not nominate, 422 naming the rule and its legal basis). ' +
      'Defaults: form secondment; sendingUnitId the official’s unit; receivingUnitId the commune; position "<field name> – <commune name>"; plannedStart 30 days from today (Asia/Ho_Chi_Minh); ' +
      'the term of the province’s rules; reason "<commune> thiếu N công chức lĩnh vực F (đề xuất từ gợi ý ghép nối)". Unknown commune or official: 404; a department as the commune, or an official without a field: 400.',
  })
  @ApiParam({ name: 'unitId', example: 'xa-cu-bao' })
  @ApiParam({ name: 'officialId', example: 'cc-100231' })
  @ApiCreatedResponse({ type: CaseDetailDto })
  @ApiProblems(400, 401, 403, 404, 409, 422, 503)
  async nominate(
    @CurrentPrincipal() principal: Principal,
    @Param('unitId') unitId: string,
    @Param('officialId') officialId: string,
    @Body() body: NominateFromSuggestionDto,
    @Req() request: IdempotentRequest,
  ): Promise<CaseDetail> {
    await this.assertCommune(unitId);
    const suggestion = await this.matching.suggestion(unitId, officialId);
    if (!suggestion) throw notFoundProblem({ vi: 'công chức', en: 'official' }, officialId);
    if (!suggestion.field) {
      throw parameterProblem(
        'officialId',
        'hasField',
        `Công chức ${officialId} chưa có lĩnh vực chuyên môn trong sổ đăng ký, nên không là gợi ý ghép nối; hãy đề xuất qua POST /cases.`,
        `officialId must name an official with a field of expertise; ${officialId} has none in the registry (nominate through POST /cases)`,
      );
    }
    const { commune, field, shortBy } = suggestion;
    const need = shortBy > 0 ? `thiếu ${shortBy} công chức` : 'cần công chức';
    const nomination = Object.assign(new NominationDto(), {
      form: 'secondment' as const,
      officialId,
      sendingUnitId: suggestion.official.unitId,
      receivingUnitId: unitId,
      position: body.position ?? `${field.nameVi} – ${commune.name}`.slice(0, MAX_LENGTH.position),
      plannedStart: body.plannedStart ?? addDays(today(), START_IN_DAYS),
      reason: body.reason ?? `${commune.name} ${need} lĩnh vực ${field.nameVi} (đề xuất từ gợi ý ghép nối)`,
      ...(body.term ? { term: body.term } : {}),
      ...(body.eligibilityOverrides ? { eligibilityOverrides: body.eligibilityOverrides } : {}),
    });
    return this.nominations.propose(principal, nomination, request.idempotencyKey);
  }

  /** 404 for no such unit, 400 for a department: suggestions are for communes, wards and special zones. */
  private assertCommune(unitId: string): Promise<void> {
    return assertCommune(this.gap, unitId, { vi: 'gợi ý ghép nối là cho xã, phường, đặc khu thiếu người.', en: '' });
  }


  private async assertField(fieldId: string): Promise<void> {
    if (!(await this.gap.fieldExists(fieldId))) {
      throw parameterProblem('fieldId', 'knownField', `Trường «fieldId»: không có lĩnh vực ${fieldId}.`, `fieldId must name a field of expertise; there is no ${fieldId}`);
    }
  }
}
