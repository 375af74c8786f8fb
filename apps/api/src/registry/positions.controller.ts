import { Body, Controller, Get, HttpStatus, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiParam, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { MAX_LENGTH, searchKey } from '@app/domain';
import { IsOptional, IsString, Matches, MaxLength, MinLength } from 'class-validator';
import { PositionsRepository, RegistryReadsRepository } from '@app/persistence';
import { RequireRoles } from '../auth/roles.guard';
import { ApiProblems } from '../common/api-problems';
import { problem } from '../common/problem-details';
import { notFoundProblem } from '../common/refusals';

export class PositionInputDto {
  @ApiProperty({ example: 'Công chức Địa chính – Xây dựng', maxLength: MAX_LENGTH.position }) @IsString() @MinLength(1) @MaxLength(MAX_LENGTH.position) name!: string;
  @ApiPropertyOptional({ example: 'dat-dai', description: 'The field of expertise the position needs (GET /registry/fields)' })
  @IsOptional()
  @IsString()
  @Matches(/^[a-z0-9][a-z0-9-]{0,63}$/, { message: 'fieldId must be a field id such as dat-dai' })
  fieldId?: string;
}

export class PositionDto {
  @ApiProperty({ example: 'xa-cu-bao--cong-chuc-dia-chinh-xay-dung' }) id!: string;
  @ApiProperty({ example: 'xa-cu-bao' }) unitId!: string;
  @ApiProperty({ example: 'Công chức Địa chính – Xây dựng' }) name!: string;
  @ApiPropertyOptional({ type: String, example: 'dat-dai', nullable: true }) fieldId!: string | null;
}

const UNIT = { vi: 'đơn vị', en: 'unit' };

/** The job positions (vị trí việc làm) of a unit: read by everyone who plans, kept by Home Affairs. */
@ApiTags('registry')
@ApiBearerAuth()
@Controller('registry/units/:unitId/positions')
export class PositionsController {
  constructor(
    private readonly positions: PositionsRepository,
    private readonly registry: RegistryReadsRepository,
  ) {}

  @Get()
  @RequireRoles('hr_officer', 'department_head', 'home_affairs_officer', 'party_secretariat', 'commune_leader', 'auditor')
  @ApiOperation({ summary: "A unit's job positions, in the order of their names without diacritics" })
  @ApiParam({ name: 'unitId', example: 'xa-cu-bao' })
  @ApiOkResponse({ type: [PositionDto] })
  @ApiProblems(401, 403, 404)
  async list(@Param('unitId') unitId: string): Promise<PositionDto[]> {
    await this.assertUnit(unitId);
    return this.positions.list(unitId);
  }

  @Post()
  @RequireRoles('home_affairs_officer')
  @ApiOperation({ summary: 'Add a job position to a unit (Home Affairs officers); 409 when the unit already has one of that name' })
  @ApiParam({ name: 'unitId', example: 'xa-cu-bao' })
  @ApiCreatedResponse({ type: PositionDto })
  @ApiProblems(400, 401, 403, 404, 409)
  async create(@Param('unitId') unitId: string, @Body() body: PositionInputDto): Promise<PositionDto> {
    await this.assertUnit(unitId);
    const name = body.name.normalize('NFC').trim().replace(/\s+/g, ' ');
    if (body.fieldId) {
      if (!(await this.registry.fieldExists(body.fieldId))) {
        throw problem(HttpStatus.BAD_REQUEST, 'validation-failed', { vi: 'Yêu cầu không hợp lệ', en: 'The request is not valid' }, { vi: `Không có lĩnh vực ${body.fieldId}.`, en: `fieldId: there is no field ${body.fieldId}` }, {
          field: 'fieldId',
          rule: 'knownField',
          errors: [{ field: 'fieldId', rule: 'knownField', message: `fieldId: there is no field ${body.fieldId}` }],
        });
      }
    }
    const id = `${unitId}--${searchKey(name).replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '')}`.slice(0, 100).replace(/-+$/, '');
    const created = await this.positions.add({ id, unitId, fieldId: body.fieldId ?? null, name });
    if (!created) {
      throw problem(
        HttpStatus.CONFLICT,
        'position-exists',
        { vi: 'Vị trí việc làm đã có', en: 'The position exists' },
        { vi: `Đơn vị ${unitId} đã có vị trí «${name}».`, en: `Unit ${unitId} already has the position "${name}".` },
        { rule: 'unique_position' },
      );
    }
    return created;
  }

  private async assertUnit(unitId: string): Promise<void> {
    if (!(await this.registry.unitExists(unitId))) throw notFoundProblem(UNIT, unitId);
  }
}
