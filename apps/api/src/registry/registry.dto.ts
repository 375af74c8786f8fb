import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { EMPLOYMENTS, GENDERS, UNIT_CATEGORIES, type Employment, type UnitCategory } from '@app/registry';
import { Transform, Type } from 'class-transformer';
import { IsBoolean, IsIn, IsInt, IsOptional, IsString, Matches, Max, MaxLength, Min } from 'class-validator';
import { BilingualDto } from '../common/api-problems';

const bool = ({ value }: { value: unknown }) => (value === 'true' ? true : value === 'false' ? false : value);

export const UNIT_KINDS = ['department', 'commune'] as const;
export const REGISTRY_PAGE_SIZE = 50;
export const REGISTRY_MAX_PAGE_SIZE = 200;

const UNIT_ID = /^[a-z0-9][a-z0-9-]{0,99}$/;
const FIELD_ID = /^[a-z0-9][a-z0-9-]{0,63}$/;

// ---------------------------------------------------------------------------------------------
// Queries.

export class RegistryPageQuery {
  @ApiPropertyOptional({ default: 1, minimum: 1, maximum: 100_000 }) @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(100_000) page?: number;

  @ApiPropertyOptional({ default: REGISTRY_PAGE_SIZE, minimum: 1, maximum: REGISTRY_MAX_PAGE_SIZE })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(REGISTRY_MAX_PAGE_SIZE)
  pageSize?: number;
}

export class RegistryUnitsQuery extends RegistryPageQuery {
  @ApiPropertyOptional({ enum: UNIT_KINDS, description: 'department: departments and agencies (they send); commune: communes, wards and special zones (they receive)' })
  @IsOptional()
  @IsIn(UNIT_KINDS)
  kind?: 'department' | 'commune';

  @ApiPropertyOptional({ enum: UNIT_CATEGORIES, description: 'With kind, a category of that kind (department, agency for department; commune, ward, special_zone for commune)' })
  @IsOptional()
  @IsIn(UNIT_CATEGORIES)
  category?: UnitCategory;

  @ApiPropertyOptional({ enum: ['true', 'false'], description: 'Only units in (true) or out of (false) a remote/difficult area (vùng sâu, vùng xa)' })
  @IsOptional()
  @Transform(bool)
  @IsBoolean()
  difficultArea?: boolean;

  @ApiPropertyOptional({ example: 'cu bao', maxLength: 200, description: 'Part of the name, diacritics and case optional ("cu bao" finds "Xã Cư Bao", "DAK" finds "Đắk")' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  q?: string;
}

export class RegistryOfficialsQuery extends RegistryPageQuery {
  @ApiPropertyOptional({ example: 'so-tai-chinh', description: 'Officials on the books of this unit' })
  @IsOptional()
  @IsString()
  @Matches(UNIT_ID, { message: 'unitId must be a unit id (lowercase letters, digits and hyphens)' })
  unitId?: string;

  @ApiPropertyOptional({ example: 'tai-chinh-ke-toan', description: 'Officials of this field of expertise' })
  @IsOptional()
  @IsString()
  @Matches(FIELD_ID, { message: 'fieldId must be a field id (lowercase letters, digits and hyphens)' })
  fieldId?: string;

  @ApiPropertyOptional({ example: 'nguyen van an', maxLength: 200, description: 'Part of the name, diacritics and case optional, or the exact id' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  q?: string;

  @ApiPropertyOptional({ enum: ['true', 'false'], description: 'Only officials in (true) or out of (false) the leadership plan (quy hoạch)' })
  @IsOptional()
  @Transform(bool)
  @IsBoolean()
  inLeadershipPlan?: boolean;

  @ApiPropertyOptional({ enum: EMPLOYMENTS, description: 'civil_servant (công chức) or public_employee (viên chức)' })
  @IsOptional()
  @IsIn(EMPLOYMENTS)
  employment?: Employment;
}

export class RegistryQuotasQuery {
  @ApiPropertyOptional({ example: 'xa-cu-bao' })
  @IsOptional()
  @IsString()
  @Matches(UNIT_ID, { message: 'unitId must be a unit id (lowercase letters, digits and hyphens)' })
  unitId?: string;

  @ApiPropertyOptional({ example: 'dat-dai' })
  @IsOptional()
  @IsString()
  @Matches(FIELD_ID, { message: 'fieldId must be a field id (lowercase letters, digits and hyphens)' })
  fieldId?: string;
}

// ---------------------------------------------------------------------------------------------
// Answers.

export class RegistryProvinceDto {
  @ApiProperty({ example: 'dak-lak' }) id!: string;
  @ApiProperty({ example: 'Đắk Lắk' }) name!: string;
}

export class RegistryFieldDto {
  @ApiProperty({ example: 'dat-dai' }) id!: string;
  @ApiProperty({ type: BilingualDto, example: { vi: 'Quản lý đất đai', en: 'Land administration' } }) name!: BilingualDto;
}

export class RegistryUnitDto {
  @ApiProperty({ example: 'xa-cu-bao' }) id!: string;
  @ApiProperty({ example: 'Xã Cư Bao' }) name!: string;
  @ApiProperty({ enum: UNIT_KINDS, example: 'commune' }) kind!: string;
  @ApiProperty({ enum: UNIT_CATEGORIES, example: 'commune' }) category!: string;
  @ApiProperty({ example: true, description: 'In a remote/difficult area' }) difficultArea!: boolean;
  @ApiProperty({ example: 58, description: 'Officials on its books (those seconded out included: the law keeps them on its headcount)' }) staff!: number;
  @ApiProperty({ example: 64, nullable: true, type: Number, description: 'The sum of its staffing quota over its fields; null when it has none' }) quota!: number | null;
}

export class RegistryUnitPageDto {
  @ApiProperty({ type: [RegistryUnitDto], description: 'By name (diacritics ignored), then id' }) items!: RegistryUnitDto[];
  @ApiProperty({ example: 105 }) total!: number;
  @ApiProperty({ example: 1 }) page!: number;
  @ApiProperty({ example: 50 }) pageSize!: number;
}

export class RegistryUnitFieldDto {
  @ApiProperty({ example: 'dat-dai', nullable: true, type: String, description: "null: the unit's officials with no field of expertise" }) fieldId!: string | null;
  @ApiProperty({ example: 7, nullable: true, type: Number, description: 'The quota for the field; null with no quota row' }) quota!: number | null;
  @ApiProperty({ example: 5, description: 'Officials of the field on its books' }) staff!: number;
}

export class RegistryUnitDetailDto extends RegistryUnitDto {
  @ApiProperty({ type: [RegistryUnitFieldDto], description: "Every field with a quota row or an official, in the fields' order; officials with no field last" })
  fields!: RegistryUnitFieldDto[];
}

const PERSONAL =
  'Personal data: present only for Home Affairs officers, and for the department head and HR officer of the official\'s own unit; absent for everyone else.';

export class RegistryOfficialDto {
  @ApiProperty({ example: 'cc-0001' }) id!: string;
  @ApiProperty({ example: 'Nguyễn Văn An' }) name!: string;
  @ApiProperty({ example: 'Chuyên viên phòng Quản lý ngân sách', nullable: true, type: String }) title!: string | null;
  @ApiProperty({ example: 'so-tai-chinh' }) unitId!: string;
  @ApiProperty({ example: 'Sở Tài chính' }) unitName!: string;
  @ApiProperty({ example: 'tai-chinh-ke-toan', nullable: true, type: String }) fieldId!: string | null;
  @ApiProperty({ example: 'Chuyên viên', nullable: true, type: String, description: 'The civil-service rank (ngạch)' }) rank!: string | null;
  @ApiProperty({ enum: EMPLOYMENTS, example: 'civil_servant' }) employment!: string;
  @ApiProperty({ example: false, description: 'Holds a leadership or management post' }) isLeader!: boolean;
  @ApiProperty({ example: false, description: 'In the leadership plan (quy hoạch)' }) inLeadershipPlan!: boolean;
  @ApiProperty({ example: null, nullable: true, type: String, description: 'The case about the official that is not closed (any stage), if any' }) onCase!: string | null;
  @ApiPropertyOptional({ example: '1985-04-12', nullable: true, type: String, description: PERSONAL }) birthDate?: string | null;
  @ApiPropertyOptional({ enum: GENDERS, example: 'female', nullable: true, type: String, description: PERSONAL }) gender?: string | null;
}

export class RegistryOfficialPageDto {
  @ApiProperty({ type: [RegistryOfficialDto], description: 'By name (diacritics ignored), then id' }) items!: RegistryOfficialDto[];
  @ApiProperty({ example: 9211 }) total!: number;
  @ApiProperty({ example: 1 }) page!: number;
  @ApiProperty({ example: 50 }) pageSize!: number;
}

export class RegistryOfficialCaseDto {
  @ApiProperty({ example: 'HS-2026-7Q2M4K9D' }) caseId!: string;
  @ApiProperty({ example: 'secondment' }) form!: string;
  @ApiProperty({ example: 'serving' }) stage!: string;
  @ApiProperty({ example: 'Xã Cư Bao' }) receivingUnitName!: string;
  @ApiProperty({ example: '2029-01-31', nullable: true, type: String, description: 'The last day of the term; null until decided' }) termEnd!: string | null;
}

export class RegistryOfficialDetailDto extends RegistryOfficialDto {
  @ApiProperty({ type: [RegistryOfficialCaseDto], description: 'Every case about the official (their moves), the last proposed first' }) cases!: RegistryOfficialCaseDto[];
}

export class RegistryQuotaDto {
  @ApiProperty({ example: 'xa-cu-bao' }) unitId!: string;
  @ApiProperty({ example: 'dat-dai' }) fieldId!: string;
  @ApiProperty({ example: 7 }) quota!: number;
}
