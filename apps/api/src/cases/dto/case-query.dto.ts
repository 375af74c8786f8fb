import { ApiPropertyOptional } from '@nestjs/swagger';
import { CASE_FORMS, STAGES } from '@app/domain';
import { CASE_SORTS, type CaseFilter } from '@app/persistence';
import { Transform, Type } from 'class-transformer';
import { IsBoolean, IsIn, IsInt, IsOptional, IsString, Matches, Max, MaxLength, Min } from 'class-validator';
import { IsLocalDate } from '../../common/validation';

const list = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.split(',').map((v) => v.trim()).filter(Boolean) : value);
const bool = ({ value }: { value: unknown }) => (value === 'true' ? true : value === 'false' ? false : value);
const SORTS = CASE_SORTS.flatMap((sort) => [sort, `-${sort}`]);
/** The ids of the registry's fields of expertise (secondment.expertise_field's check). */
const FIELD_ID = /^[a-z0-9][a-z0-9-]{0,63}$/;
const OVERDUE = [true, false, 'step', 'term'] as const;

/** Filters shared by the list, its exports and the pipeline. */
export class CaseFilterQuery {
  @ApiPropertyOptional({ description: 'Stages, comma-separated', example: 'department_review,home_affairs_appraisal' })
  @IsOptional()
  @Transform(list)
  @IsIn(STAGES, { each: true })
  stage?: string[];

  @ApiPropertyOptional({ description: 'Forms, comma-separated', example: 'secondment' })
  @IsOptional()
  @Transform(list)
  @IsIn(CASE_FORMS, { each: true })
  form?: string[];

  @ApiPropertyOptional({ description: 'The sending unit (department)', example: 'so-tai-chinh' }) @IsOptional() @IsString() @MaxLength(100) department?: string;
  @ApiPropertyOptional({ description: 'The receiving unit (commune)', example: 'xa-cu-bao' }) @IsOptional() @IsString() @MaxLength(100) commune?: string;
  @ApiPropertyOptional({ example: 'cc-0001' }) @IsOptional() @IsString() @MaxLength(200) officialId?: string;
  @ApiPropertyOptional({ description: 'Open cases only (true) or closed only (false)' }) @IsOptional() @Transform(bool) @IsBoolean() open?: boolean;
  @ApiPropertyOptional({ description: 'Term ends before this day', example: '2027-03-01' }) @IsOptional() @IsLocalDate() termEndsBefore?: string;
  @ApiPropertyOptional({ description: 'Term ends after this day', example: '2026-12-01' }) @IsOptional() @IsLocalDate() termEndsAfter?: string;
  @ApiPropertyOptional({
    description:
      'true: a step past its deadline, or a term past its end without a decision (false: neither); step: a step past its deadline only ' +
      "(the pipeline's overdueSteps); term: a term past its end without a decision only (the pipeline's overdueTerms). Open cases only.",
    enum: ['true', 'false', 'step', 'term'],
  })
  @IsOptional()
  @Transform(bool)
  @IsIn(OVERDUE, { message: 'overdue must be one of true, false, step, term' })
  overdue?: boolean | 'step' | 'term';

  @ApiPropertyOptional({
    description:
      "The official's field of expertise in the registry (an id of GET /registry/fields). A field no official of these cases has gives an empty list, as an unknown department or commune does.",
    example: 'dat-dai',
  })
  @IsOptional()
  @IsString()
  @Matches(FIELD_ID, { message: 'field must be the id of a field of expertise (lowercase letters, digits and -), see GET /registry/fields' })
  field?: string;
  @ApiPropertyOptional({ description: "The official's name (diacritics optional) or the case id", example: 'Nguyen Van An' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  q?: string;

  toFilter(): CaseFilter {
    const filter: CaseFilter = {};
    if (this.stage) filter.stage = this.stage;
    if (this.form) filter.form = this.form;
    if (this.department) filter.sendingUnitId = this.department;
    if (this.commune) filter.receivingUnitId = this.commune;
    if (this.officialId) filter.officialId = this.officialId;
    if (this.open !== undefined) filter.open = this.open;
    if (this.termEndsBefore) filter.termEndsBefore = this.termEndsBefore;
    if (this.termEndsAfter) filter.termEndsAfter = this.termEndsAfter;
    if (this.overdue !== undefined) filter.overdue = this.overdue;
    if (this.q) filter.q = this.q;
    if (this.field) filter.fieldId = this.field;
    return filter;
  }
}

export class ListCasesQuery extends CaseFilterQuery {
  @ApiPropertyOptional({ enum: SORTS, default: '-proposedAt', description: 'A leading - sorts descending' })
  @IsOptional()
  @IsIn(SORTS)
  sort?: string;

  @ApiPropertyOptional({ default: 1, minimum: 1 }) @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(100_000) page?: number;
  @ApiPropertyOptional({ default: 50, minimum: 1, maximum: 500 }) @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(500) pageSize?: number;
}

export class ExportQuery extends CaseFilterQuery {
  @ApiPropertyOptional({ enum: ['csv', 'xlsx'], default: 'csv' }) @IsOptional() @IsIn(['csv', 'xlsx']) format?: 'csv' | 'xlsx';
  @ApiPropertyOptional({ enum: SORTS, default: '-proposedAt' }) @IsOptional() @IsIn(SORTS) sort?: string;
}

export class ExportFormatQuery {
  @ApiPropertyOptional({ enum: ['csv', 'xlsx'], default: 'csv' }) @IsOptional() @IsIn(['csv', 'xlsx']) format?: 'csv' | 'xlsx';
}

export const CASE_ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,199}$/;
