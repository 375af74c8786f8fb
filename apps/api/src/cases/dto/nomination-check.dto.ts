import { ApiProperty, ApiPropertyOptional, OmitType } from '@nestjs/swagger';
import { MAX_LENGTH } from '@app/domain';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsOptional, IsString, MaxLength, ValidateNested } from 'class-validator';
import { BilingualDto } from '../../common/api-problems';
import { MAX_NOMINATIONS_PER_BATCH, NominationDto } from './case-input.dto';

/**
 * A nomination to check: the body of POST /cases, validated the same way, except that the free
 * texts may still be missing while the form is being filled in (a missing one is then a problem
 * with the rule `required`, as the decider names it).
 */
export class NominationCheckDto extends OmitType(NominationDto, ['position', 'reason'] as const) {
  @ApiPropertyOptional({ example: 'Công chức Tài chính – Kế toán', maxLength: MAX_LENGTH.position, description: 'The job position at the receiving unit; missing or blank: a problem (rule required)' })
  @IsOptional()
  @IsString()
  @MaxLength(MAX_LENGTH.position)
  position?: string;

  @ApiPropertyOptional({ example: 'Xã thiếu công chức tài chính – kế toán sau sắp xếp', maxLength: MAX_LENGTH.text, description: 'The reason; missing or blank: a problem (rule required)' })
  @IsOptional()
  @IsString()
  @MaxLength(MAX_LENGTH.text)
  reason?: string;
}

export class BatchNominationCheckDto {
  @ApiProperty({ type: [NominationCheckDto], minItems: 1, maxItems: MAX_NOMINATIONS_PER_BATCH })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_NOMINATIONS_PER_BATCH)
  @ValidateNested({ each: true })
  @Type(() => NominationCheckDto)
  nominations!: NominationCheckDto[];
}

/** One reason POST /cases would refuse the nomination, named as its refusal names it. */
export class NominationProblemDto {
  @ApiProperty({
    example: '/problems/rule-violated',
    description: 'The problem type POST /cases answers with for it: /problems/validation-failed (400), /problems/rule-violated (422) or, in a batch, /problems/forbidden (403)',
  })
  type!: string;

  @ApiProperty({ example: 422, description: 'The status POST /cases answers with for it' }) status!: number;

  @ApiProperty({
    example: 'one_active_case',
    description:
      "The rule, as the refusal names it: a field rule (required, exists, in_sending_unit, different_units, transfer_has_no_term, positive_term…), a term rule (secondment_term_cap, reinforcement_term_cap, rotation_min_term, rotation_term_cap), an eligibility rule (one_active_case, department_share, rotation_leadership_plan, rotation_service_years, protected_parent), duplicate_in_batch, or in a batch a 403's rule (not_authorised, own_case)",
  })
  rule!: string;

  @ApiPropertyOptional({ example: 'term', description: 'The field at fault (prefixed nominations[i]. in a batch, as POST /batch/nominations names it)' }) field?: string;

  @ApiProperty({ type: BilingualDto, description: 'Why, in Vietnamese and English (the refusal’s detail, or the eligibility violation’s message)' }) messages!: BilingualDto;

  @ApiPropertyOptional({ example: 'Nghị định 170/2025/NĐ-CP (một công chức chỉ thực hiện một quyết định biệt phái tại một thời điểm)', description: 'The legal basis of a rule' })
  legalBasis?: string;

  @ApiProperty({ example: false, description: 'Home Affairs may let it pass for this case with eligibilityOverrides (the department share; the protection of a civil servant who is a parent)' })
  overridable!: boolean;
}

export class NominationCheckResultDto {
  @ApiProperty({ example: false, description: 'No problem found: POST /cases with the same body would be accepted (unless something changes in between)' }) ok!: boolean;
  @ApiProperty({ type: [NominationProblemDto], description: 'Every problem found, not only the first (empty when ok)' }) problems!: NominationProblemDto[];
}

export class BatchNominationCheckItemDto {
  @ApiProperty({ example: 0, description: 'The position of the nomination in the request' }) index!: number;
  @ApiProperty({ example: true }) ok!: boolean;
  @ApiProperty({ type: [NominationProblemDto] }) problems!: NominationProblemDto[];
}

export class BatchNominationCheckResultDto {
  @ApiProperty({ example: false, description: 'Every nomination passes: POST /batch/nominations would make them all' }) ok!: boolean;
  @ApiProperty({ example: 1, description: 'How many would be refused' }) refused!: number;
  @ApiProperty({ type: [BatchNominationCheckItemDto], description: 'One per nomination, in the request’s order' }) results!: BatchNominationCheckItemDto[];
}
