import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { MAX_LENGTH, OVERRIDABLE_RULES } from '@app/domain';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsInt, IsObject, IsOptional, IsString, Matches, Max, MaxLength, Min, MinLength, ValidateNested } from 'class-validator';
import { BilingualDto } from '../../common/api-problems';
import { IsLocalDate } from '../../common/validation';
import { EligibilityOverrideDto, TermDto } from '../../cases/dto/case-input.dto';

const FIELD_ID = { pattern: /^[a-z0-9][a-z0-9-]*$/, message: 'fieldId must be a field id (lowercase letters, digits and hyphens)' };

export const CANDIDATE_LIMIT = { default: 10, max: 50 } as const;

export class CandidatesQuery {
  @ApiProperty({ example: 'tai-chinh-ke-toan', maxLength: 64, description: 'The field of expertise the commune needs (required)' })
  @IsString()
  @MaxLength(64)
  @Matches(FIELD_ID.pattern, { message: FIELD_ID.message })
  fieldId!: string;

  @ApiPropertyOptional({ default: CANDIDATE_LIMIT.default, minimum: 1, maximum: CANDIDATE_LIMIT.max, description: 'How many candidates to list, best first' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(CANDIDATE_LIMIT.max)
  limit?: number;
}

export class RedistributionQuery {
  @ApiPropertyOptional({ example: 'dat-dai', maxLength: 64, description: 'Only this field of expertise (by default every field, in the province order)' })
  @IsOptional()
  @IsString()
  @MaxLength(64)
  @Matches(FIELD_ID.pattern, { message: FIELD_ID.message })
  fieldId?: string;
}

export class MatchReasonDto {
  @ApiProperty({
    enum: ['share_room', 'field_surplus', 'grade', 'experience', 'retires_during_term'],
    example: 'share_room',
    description:
      'share_room: 10 points per place left in the sending department’s share (at most 10 places); field_surplus: 5 per official of the field the department keeps at home above its own quota in it (no quota: all of them), at most 10; ' +
      'grade: ngạch … cao cấp 30, … chính 20, chuyên viên (… viên) 10, cán sự / none 0; experience (communes in a difficult area only): 15 for an official aged 35 or more at the planned start; ' +
      'retires_during_term: −20 when the official retires before a default-length secondment from the planned start would end',
  })
  code!: string;

  @ApiProperty({ example: 30, description: 'Points this reason adds to the score (negative: takes away)' }) points!: number;

  @ApiProperty({ type: BilingualDto, example: { vi: 'Sở Tài chính còn được cử thêm 3 người trong tỷ lệ biệt phái 7%…', en: 'Sở Tài chính may still send 3 more within its 7% share…' } })
  text!: BilingualDto;
}

export class MatchCandidateDto {
  @ApiProperty({ example: 'cc-100231' }) officialId!: string;
  @ApiProperty({ example: 'Nguyễn Thị Hạnh' }) name!: string;
  @ApiProperty({ example: 'so-tai-chinh', description: 'The sending department (the official’s unit)' }) unitId!: string;
  @ApiProperty({ example: 'Sở Tài chính' }) unitName!: string;
  @ApiProperty({ example: 1, description: 'The place in the ranking, from 1 (by score, ties by officialId)' }) rank!: number;
  @ApiProperty({ type: String, example: 'Chuyên viên chính', nullable: true, description: 'The civil-service grade (ngạch) in the registry' }) grade!: string | null;
  @ApiProperty({ example: 75, description: 'The sum of the reasons’ points' }) score!: number;
  @ApiProperty({ type: [MatchReasonDto], description: 'Why this place: every part of the score' }) reasons!: MatchReasonDto[];
}

export class CommuneNeedDto {
  @ApiProperty({ example: 'xa-cu-bao' }) unitId!: string;
  @ApiProperty({ example: 'Xã Cư Bao' }) name!: string;
  @ApiProperty({ example: true, description: 'In a remote/difficult area (prefers experienced officials)' }) difficultArea!: boolean;
  @ApiProperty({ example: 'tai-chinh-ke-toan' }) fieldId!: string;
  @ApiProperty({ example: 3, description: 'The commune’s quota in the field (0 without a quota row)' }) quota!: number;
  @ApiProperty({ example: 1, description: 'Officials of the field working there now (the gap’s working view)' }) present!: number;
  @ApiProperty({ example: 2, description: 'max(0, quota − present): 0 when not short (candidates are listed anyway, to plan ahead)' }) shortBy!: number;
}

export class CandidateListDto {
  @ApiProperty({ type: CommuneNeedDto }) commune!: CommuneNeedDto;
  @ApiProperty({ example: '2027-01-04', description: 'The planned start eligibility was judged for: 30 days from today (Asia/Ho_Chi_Minh)' }) plannedStart!: string;
  @ApiProperty({ type: [MatchCandidateDto], description: 'Eligible officials of the field from departments with room in their share, not on an open case, best first' })
  candidates!: MatchCandidateDto[];
}

export class RedistributionFromDto {
  @ApiProperty({ example: 'phuong-tuy-hoa' }) unitId!: string;
  @ApiProperty({ example: 'Phường Tuy Hòa' }) name!: string;
  @ApiProperty({ example: 3, description: 'How many the commune has over its quota in the field (working view)' }) over!: number;
}

export class RedistributionToDto {
  @ApiProperty({ example: 'xa-ea-kar' }) unitId!: string;
  @ApiProperty({ example: 'Xã Ea Kar' }) name!: string;
  @ApiProperty({ example: 2, description: 'How many the commune lacks in the field (working view)' }) short!: number;
}

export class RedistributionOfficialDto {
  @ApiProperty({ example: 'cc-104512' }) officialId!: string;
  @ApiProperty({ example: 'Lê Văn Tâm' }) name!: string;
}

export class RedistributionMoveDto {
  @ApiProperty({ example: 'van-phong' }) fieldId!: string;
  @ApiProperty({ type: RedistributionFromDto }) from!: RedistributionFromDto;
  @ApiProperty({ type: RedistributionToDto }) to!: RedistributionToDto;
  @ApiProperty({ type: [RedistributionOfficialDto], description: 'Eligible officials of the giving commune, not on an open case, in id order' }) officials!: RedistributionOfficialDto[];
}

export class NominateFromSuggestionDto {
  @ApiPropertyOptional({ example: '2027-01-04', description: 'The planned first day; by default 30 days from today (Asia/Ho_Chi_Minh)' })
  @IsOptional()
  @IsLocalDate()
  plannedStart?: string;

  @ApiPropertyOptional({ type: TermDto, description: 'The term; by default the province’s for a secondment (36 months)' })
  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => TermDto)
  term?: TermDto;

  @ApiPropertyOptional({ example: 'Tài chính – kế toán – Xã Cư Bao', maxLength: MAX_LENGTH.position, description: 'The job position; by default "<field name> – <commune name>"' })
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(MAX_LENGTH.position)
  position?: string;

  @ApiPropertyOptional({
    example: 'Xã Cư Bao thiếu 2 công chức lĩnh vực Tài chính – kế toán (đề xuất từ gợi ý ghép nối)',
    maxLength: MAX_LENGTH.text,
    description: 'The reason; by default the commune’s shortage in the official’s field',
  })
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(MAX_LENGTH.text)
  reason?: string;

  @ApiPropertyOptional({ type: [EligibilityOverrideDto], maxItems: OVERRIDABLE_RULES.length, description: 'Home Affairs only: eligibility rules to let pass for this case, each with its reason' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(OVERRIDABLE_RULES.length)
  @ValidateNested({ each: true })
  @Type(() => EligibilityOverrideDto)
  eligibilityOverrides?: EligibilityOverrideDto[];
}
