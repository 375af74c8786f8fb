import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { GAP_STATUSES, GAP_VIEWS, type GapStatus, type GapView } from '@app/registry';
import { Transform } from 'class-transformer';
import { IsBoolean, IsIn, IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import { BilingualDto } from '../../common/api-problems';

const bool = ({ value }: { value: unknown }) => (value === 'true' ? true : value === 'false' ? false : value);

/** The two views, as the OpenAPI document explains them. */
export const VIEW_DESCRIPTION =
  "'present' (the default, the working view): who works at the commune now — its own officials, less those seconded out, plus those seconded in; " +
  "'books' (biên chế): the officials on the commune's books, seconded-out ones included and seconded-in ones not (the law keeps a seconded official on the sending unit's headcount). " +
  'balance = present − quota, or onBooks − quota; negative means short.';

export class GapViewQuery {
  @ApiPropertyOptional({ enum: GAP_VIEWS, default: 'present', description: VIEW_DESCRIPTION })
  @IsOptional()
  @IsIn(GAP_VIEWS)
  view?: GapView;
}

export class GapQuery extends GapViewQuery {
  @ApiPropertyOptional({ example: 'dat-dai', maxLength: 64, description: 'Only this field of expertise: counts, totals, summary and byField are of that field alone' })
  @IsOptional()
  @IsString()
  @MaxLength(64)
  @Matches(/^[a-z0-9][a-z0-9-]*$/, { message: 'fieldId must be a field id (lowercase letters, digits and hyphens)' })
  fieldId?: string;

  @ApiPropertyOptional({
    enum: GAP_STATUSES,
    default: 'all',
    description: "Narrows the commune list to the communes short (balance < 0) or over (balance > 0); totals, summary and byField still cover every commune of the other filters",
  })
  @IsOptional()
  @IsIn(GAP_STATUSES)
  status?: GapStatus;

  @ApiPropertyOptional({ enum: ['true', 'false'], description: 'Only communes in (true) or out of (false) a remote/difficult area (vùng sâu, vùng xa)' })
  @IsOptional()
  @Transform(bool)
  @IsBoolean()
  difficultArea?: boolean;
}

export class GapCountsDto {
  @ApiProperty({ example: 12, description: 'The staffing quota (biên chế được giao); 0 for a field with no quota row' }) quota!: number;
  @ApiProperty({ example: 9, description: 'Officials on the books (unit and field), those seconded out included: the books view' }) onBooks!: number;
  @ApiProperty({ example: 2, description: 'Officials of other units on an active case (posted, serving, ending; not closed) received here' }) secondedIn!: number;
  @ApiProperty({ example: 1, description: 'Officials on the books away now on an active case sent from here' }) secondedOut!: number;
  @ApiProperty({ example: 10, description: 'onBooks − secondedOut + secondedIn: who works here now, the working view' }) present!: number;
  @ApiProperty({ example: -2, description: "In the view asked for: present − quota ('present') or onBooks − quota ('books'); negative: short, positive: over" }) balance!: number;
}

export class FieldGapDto extends GapCountsDto {
  @ApiProperty({ example: 'dat-dai' }) fieldId!: string;
  @ApiProperty({ example: 'Quản lý đất đai' }) nameVi!: string;
  @ApiProperty({ example: 'Land administration' }) nameEn!: string;
}

export class ProvinceFieldGapDto extends FieldGapDto {
  @ApiProperty({ example: 14, description: 'Communes short in this field (their balance in it < 0)' }) shortCommunes!: number;
  @ApiProperty({ example: 37, description: 'Staff missing in this field, summed over those communes (a positive number)' }) shortage!: number;
  @ApiProperty({ example: 6, description: 'Communes over in this field' }) overCommunes!: number;
  @ApiProperty({ example: 9, description: 'Staff above quota in this field, summed over those communes' }) surplus!: number;
}

export class GapTotalsDto extends GapCountsDto {
  @ApiProperty({ example: 102, description: 'Communes counted (after the fieldId and difficultArea filters; status does not narrow the totals)' }) communes!: number;
  @ApiProperty({ example: 64, description: 'Communes whose total balance is negative' }) shortCommunes!: number;
  @ApiProperty({ example: 619, description: 'The sum of their shortage (a positive number)' }) shortage!: number;
  @ApiProperty({ example: 33, description: 'Communes whose total balance is positive' }) overCommunes!: number;
  @ApiProperty({ example: 182, description: 'The sum of their surplus' }) surplus!: number;
  @ApiProperty({ example: 5, description: 'Communes with a total balance of 0' }) balancedCommunes!: number;
}

export class GapSummaryDto {
  @ApiProperty({ example: '64 xã, phường thiếu 619 người; 33 xã, phường thừa 182 người' }) vi!: string;
  @ApiProperty({ example: '64 communes short of 619; 33 with 182 over' }) en!: string;
}

export class CommuneGapDto extends GapCountsDto {
  @ApiProperty({ example: 'phuong-buon-ma-thuot' }) unitId!: string;
  @ApiProperty({ example: 'Phường Buôn Ma Thuột' }) name!: string;
  @ApiProperty({ enum: ['commune', 'ward', 'special_zone'], example: 'ward' }) category!: string;
  @ApiProperty({ example: false, description: 'In a remote/difficult area' }) difficultArea!: boolean;
  @ApiProperty({ example: 2, description: 'Fields in which the commune is short, whatever its total (a commune can be short in one field and over in another)' }) shortFields!: number;
  @ApiProperty({ example: 1, description: 'Fields in which the commune is over' }) overFields!: number;
}

export class ProvinceGapDto {
  @ApiProperty({ enum: GAP_VIEWS, example: 'present' }) view!: string;
  @ApiProperty({ type: GapTotalsDto, description: 'The province (or the communes of the filters) in the view asked for' }) totals!: GapTotalsDto;
  @ApiProperty({ type: GapSummaryDto, description: "The totals as the field reports them; prefixed with the field's name when fieldId is given" }) summary!: GapSummaryDto;
  @ApiProperty({ type: [ProvinceFieldGapDto], description: "Per field of expertise (every field, in the province's order; only fieldId when given)" }) byField!: ProvinceFieldGapDto[];
  @ApiProperty({ type: [CommuneGapDto], description: 'The communes, sorted by balance ascending (the most short first), ties by unitId; narrowed by status' }) communes!: CommuneGapDto[];
}

export class CommuneGapDetailDto extends CommuneGapDto {
  @ApiProperty({ enum: GAP_VIEWS, example: 'present' }) view!: string;
  @ApiProperty({ enum: ['short', 'over', 'balanced'], example: 'short', description: 'By the total balance' }) status!: string;
  @ApiProperty({
    type: [FieldGapDto],
    description: 'Per field: every field with a quota row, officials on the books or officials seconded in (a field without a quota row counts with quota 0)',
  })
  fields!: FieldGapDto[];
}

export class DepartmentGapDto {
  @ApiProperty({ example: 'so-tai-chinh' }) unitId!: string;
  @ApiProperty({ example: 'Sở Tài chính' }) name!: string;
  @ApiProperty({ enum: ['department', 'agency'], example: 'department' }) category!: string;
  @ApiProperty({ example: 85, description: 'Officials of the department (every field): its headcount, those seconded out included' }) onBooks!: number;
  @ApiProperty({ example: 5, description: 'Of them, those away now on an active case the department sent' }) secondedOut!: number;
  @ApiProperty({ example: 0, description: 'Officials of other units on an active case received by the department' }) secondedIn!: number;
  @ApiProperty({ example: 80, description: 'onBooks − secondedOut + secondedIn' }) present!: number;
  @ApiProperty({ type: Number, example: 5.9, nullable: true, description: 'secondedOut / onBooks, as a percentage with one decimal; null with no officials' }) sharePercent!: number | null;
}

export class DepartmentTotalsDto {
  @ApiProperty({ example: 30 }) departments!: number;
  @ApiProperty({ example: 2521 }) onBooks!: number;
  @ApiProperty({ example: 150 }) secondedOut!: number;
  @ApiProperty({ example: 0 }) secondedIn!: number;
  @ApiProperty({ example: 2371 }) present!: number;
  @ApiProperty({ type: Number, example: 6, nullable: true }) sharePercent!: number | null;
}

export class DepartmentsGapDto {
  @ApiProperty({ type: DepartmentTotalsDto }) totals!: DepartmentTotalsDto;
  @ApiProperty({ type: BilingualDto, example: { vi: '30 sở, ban, ngành có 2.521 người trong biên chế; đang biệt phái 150 người (6,0%)', en: '30 departments with 2,521 on their books; 150 seconded out now (6.0%)' } })
  summary!: BilingualDto;
  @ApiProperty({ type: [DepartmentGapDto], description: 'Every department and agency, by unitId' }) departments!: DepartmentGapDto[];
}
