import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IMPORT_RULES, REGISTRY_KINDS, type RegistryKind } from '@app/registry';
import { Transform } from 'class-transformer';
import { IsBoolean, IsIn, IsOptional } from 'class-validator';
import { BilingualDto } from '../../common/api-problems';

const bool = ({ value }: { value: unknown }) => (value === 'true' ? true : value === 'false' ? false : value);

export class RegistryKindParam {
  @ApiProperty({ enum: REGISTRY_KINDS, example: 'officials', description: 'units (Đơn vị), officials (Công chức) or quotas (Biên chế)' })
  @IsIn(REGISTRY_KINDS)
  kind!: RegistryKind;
}

export class ImportQuery {
  @ApiPropertyOptional({ enum: ['true', 'false'], default: 'false', description: 'true: check every row and report, write nothing; false: write all rows or none' })
  @IsOptional()
  @Transform(bool)
  @IsBoolean()
  dryRun?: boolean;
}

export class RegistryExportQuery {
  @ApiPropertyOptional({ enum: ['csv', 'xlsx'], default: 'csv' }) @IsOptional() @IsIn(['csv', 'xlsx']) format?: 'csv' | 'xlsx';
  @ApiPropertyOptional({ enum: ['vi', 'en'], default: 'vi', description: 'Headers and values in Vietnamese (Họ và tên, Nữ, Có, dd/mm/yyyy) or English (fullName, female, true, YYYY-MM-DD); both import back' })
  @IsOptional()
  @IsIn(['vi', 'en'])
  headers?: 'vi' | 'en';
}

export class ImportErrorDto {
  @ApiProperty({ example: 7, description: 'The spreadsheet row: the header is row 1, the first data row 2' }) row!: number;
  @ApiProperty({ example: 'birthDate', nullable: true, type: String, description: 'The field (its English header); for an unknown column, the header as written' }) column!: string | null;
  @ApiProperty({ example: 'Ngày sinh', nullable: true, type: String, description: 'The header as the file wrote it' }) header!: string | null;
  @ApiProperty({ example: '31/02/1980', nullable: true, type: String }) value!: string | null;
  @ApiProperty({ enum: IMPORT_RULES, example: 'date' }) rule!: string;
  @ApiProperty({ type: BilingualDto }) message!: BilingualDto;
}

export class ImportChangesDto {
  @ApiProperty({ example: 12 }) inserted!: number;
  @ApiProperty({ example: 3 }) updated!: number;
  @ApiProperty({ example: 8985, description: 'Rows exactly as the registry holds them: not written' }) unchanged!: number;
}

export class ImportReportDto {
  @ApiProperty({ enum: REGISTRY_KINDS, example: 'officials' }) kind!: string;
  @ApiProperty({ enum: ['csv', 'xlsx'], example: 'csv' }) format!: string;
  @ApiProperty({ example: true }) dryRun!: boolean;
  @ApiProperty({ example: false, description: 'Whether the rows were written' }) committed!: boolean;
  @ApiProperty({ example: 9000, description: 'Data rows (blank rows are not counted)' }) rows!: number;
  @ApiProperty({ example: 8999, description: 'Rows without an error' }) valid!: number;
  @ApiProperty({ example: 1 }) errorCount!: number;
  @ApiProperty({ type: [ImportErrorDto], description: 'Every bad row, cell by cell (at most 5,000 listed; errorCount has them all)' }) errors!: ImportErrorDto[];
  @ApiProperty({ type: ImportChangesDto, description: 'What the valid rows do to the registry (or would, in a dry run)' }) changes!: ImportChangesDto;
  @ApiProperty({ example: 1840 }) durationMs!: number;
}
