import { ApiProperty, ApiPropertyOptional, IntersectionType } from '@nestjs/swagger';
import { ATTACHMENT_KINDS, CASE_FORMS, EVALUATION_RATINGS, MAX_DECISION_ATTACHMENTS, MAX_LENGTH, OVERRIDABLE_RULES, REPORT_KINDS, TERM_RANGE } from '@app/domain';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsObject,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
  ValidateNested,
} from 'class-validator';
import { IsLocalDate } from '../../common/validation';

/** The limits are the domain's (MAX_LENGTH, TERM_RANGE), so the DTOs, the decider and the web UI refuse the same things. */
const ID = { pattern: new RegExp(`^[A-Za-z0-9][A-Za-z0-9._:-]{0,${MAX_LENGTH.identifier - 1}}$`), message: 'must be an identifier (letters, digits, . _ : -)' };
/** Nominations in one batch request: a province's yearly round fits in one (1,000 of a realistic size is about 500 kB, within JSON_BODY_LIMIT). */
export const MAX_NOMINATIONS_PER_BATCH = 1000;
/** Cases one batch action (approve, issue the decision) acts on. */
const MAX_CASES_PER_BATCH = 500;

export class TermDto {
  @ApiProperty({ example: 36, minimum: TERM_RANGE.months.min, maximum: TERM_RANGE.months.max }) @IsInt() @Min(TERM_RANGE.months.min) @Max(TERM_RANGE.months.max) months!: number;
  @ApiPropertyOptional({ example: 0, minimum: TERM_RANGE.days.min, maximum: TERM_RANGE.days.max, default: 0 }) @IsOptional() @IsInt() @Min(TERM_RANGE.days.min) @Max(TERM_RANGE.days.max) days?: number;
}

export class EligibilityOverrideDto {
  @ApiProperty({ enum: OVERRIDABLE_RULES, example: 'department_share', description: 'The rule Home Affairs lets pass for this case' })
  @IsIn(OVERRIDABLE_RULES)
  rule!: (typeof OVERRIDABLE_RULES)[number];

  @ApiProperty({ example: 'Xã đặc biệt khó khăn, cần người ngay theo chỉ đạo của UBND tỉnh', maxLength: MAX_LENGTH.text })
  @IsString()
  @MinLength(1)
  @MaxLength(MAX_LENGTH.text)
  reason!: string;
}

export class NominationDto {
  @ApiProperty({ enum: CASE_FORMS, example: 'secondment', description: 'biệt phái, tăng cường, luân chuyển or điều động' })
  @IsIn(CASE_FORMS)
  form!: (typeof CASE_FORMS)[number];

  @ApiProperty({ example: 'cc-0001', description: 'The official, from the registry (GET /api/v1/officials)' })
  @IsString()
  @Matches(ID.pattern, { message: `officialId ${ID.message}` })
  officialId!: string;

  @ApiPropertyOptional({ example: 'so-tai-chinh', description: "The sending unit; by default the caller's own unit (Home Affairs must name it)" })
  @IsOptional()
  @IsString()
  @Matches(ID.pattern, { message: `sendingUnitId ${ID.message}` })
  sendingUnitId?: string;

  @ApiProperty({ example: 'xa-cu-bao', description: 'The receiving commune (or agency)' })
  @IsString()
  @Matches(ID.pattern, { message: `receivingUnitId ${ID.message}` })
  receivingUnitId!: string;

  @ApiProperty({ example: 'Công chức Tài chính – Kế toán', description: 'The job position at the receiving unit' })
  @IsString()
  @MinLength(1)
  @MaxLength(MAX_LENGTH.position)
  position!: string;

  @ApiProperty({ example: '2027-01-04', description: 'The planned first day (YYYY-MM-DD)' }) @IsLocalDate() plannedStart!: string;

  @ApiPropertyOptional({ type: TermDto, description: "The term; by default the form's (36 months for a secondment); none for a transfer" })
  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => TermDto)
  term?: TermDto;

  @ApiProperty({ example: 'Xã thiếu công chức tài chính – kế toán sau sắp xếp', maxLength: MAX_LENGTH.text }) @IsString() @MinLength(1) @MaxLength(MAX_LENGTH.text) reason!: string;

  @ApiPropertyOptional({ example: 'Luật Thanh tra 2022, Điều 30', description: 'A specific legal basis for a term beyond the usual cap' })
  @IsOptional()
  @IsString()
  @MaxLength(MAX_LENGTH.legalBasis)
  legalBasisOverride?: string;

  @ApiPropertyOptional({
    type: [EligibilityOverrideDto],
    maxItems: OVERRIDABLE_RULES.length,
    description:
      "Home Affairs only: eligibility rules to let pass for this case, each with its reason, recorded in the case's first event. " +
      'Only the overridable rules: the department share, and the protection of a civil servant who is pregnant or raising a child under 36 months (never for a public employee).',
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(OVERRIDABLE_RULES.length)
  @ValidateNested({ each: true })
  @Type(() => EligibilityOverrideDto)
  eligibilityOverrides?: EligibilityOverrideDto[];
}

export class BatchNominationDto {
  @ApiProperty({ type: [NominationDto], minItems: 1, maxItems: MAX_NOMINATIONS_PER_BATCH })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_NOMINATIONS_PER_BATCH)
  @ValidateNested({ each: true })
  @Type(() => NominationDto)
  nominations!: NominationDto[];

  @ApiPropertyOptional({ default: false, description: 'Start the acceptable nominations even if some are refused (by default one refusal refuses the batch)' })
  @IsOptional()
  @IsBoolean()
  proceedWithoutRefused?: boolean;
}

export class CommentDto {
  @ApiPropertyOptional({ example: 'Đồng ý đề xuất', maxLength: MAX_LENGTH.text }) @IsOptional() @IsString() @MaxLength(MAX_LENGTH.text) comment?: string;
}

export class ReasonDto {
  @ApiProperty({ example: 'Chưa có văn bản thống nhất với UBND xã', maxLength: MAX_LENGTH.text }) @IsString() @MinLength(1) @MaxLength(MAX_LENGTH.text) reason!: string;
}

export class ResubmitChangesDto {
  @ApiPropertyOptional({ example: 'xa-ea-kar' }) @IsOptional() @IsString() @Matches(ID.pattern, { message: `receivingUnitId ${ID.message}` }) receivingUnitId?: string;
  @ApiPropertyOptional({ example: 'Công chức Địa chính – Xây dựng' }) @IsOptional() @IsString() @MinLength(1) @MaxLength(MAX_LENGTH.position) position?: string;
  @ApiPropertyOptional({ example: '2027-02-01' }) @IsOptional() @IsLocalDate() plannedStart?: string;
  @ApiPropertyOptional({ type: TermDto }) @IsOptional() @IsObject() @ValidateNested() @Type(() => TermDto) term?: TermDto;
  @ApiPropertyOptional({ example: 'Bổ sung lý do' }) @IsOptional() @IsString() @MinLength(1) @MaxLength(MAX_LENGTH.text) reason?: string;
  @ApiPropertyOptional({ example: 'Luật Thanh tra 2022, Điều 30', description: 'A specific legal basis for a term beyond the usual cap' })
  @IsOptional()
  @IsString()
  @MaxLength(MAX_LENGTH.legalBasis)
  legalBasisOverride?: string;
}

export class ResubmitDto extends CommentDto {
  @ApiProperty({ type: ResubmitChangesDto }) @IsObject() @ValidateNested() @Type(() => ResubmitChangesDto) changes!: ResubmitChangesDto;
}

export class PartyOpinionDto extends CommentDto {
  @ApiProperty({ example: '125-TB/TU', description: 'The standing committee\'s document (thông báo) number' }) @IsString() @MinLength(1) @MaxLength(MAX_LENGTH.documentNumber) documentNumber!: string;
  @ApiProperty({ example: '2026-11-20' }) @IsLocalDate() documentDate!: string;
  @ApiProperty({ enum: ['agree', 'disagree'], example: 'agree', description: 'disagree needs a comment (the reason) and closes the case' })
  @IsIn(['agree', 'disagree'])
  opinion!: 'agree' | 'disagree';
}

export class SignerDto {
  @ApiProperty({ example: 'Nguyễn Thị Mai' }) @IsString() @MinLength(1) @MaxLength(MAX_LENGTH.personName) name!: string;
  @ApiProperty({ example: 'Giám đốc Sở Nội vụ' }) @IsString() @MinLength(1) @MaxLength(MAX_LENGTH.personName) title!: string;
}

export class AttachmentRefDto {
  @ApiProperty({ enum: ATTACHMENT_KINDS, example: 'units_agreement' }) @IsIn(ATTACHMENT_KINDS) kind!: (typeof ATTACHMENT_KINDS)[number];
  @ApiProperty({ example: 'sha256:9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08', description: 'From POST /api/v1/documents' })
  @IsString()
  @Matches(/^sha256:[0-9a-f]{64}$/, { message: 'documentId must be sha256:<64 hex digits> from POST /api/v1/documents' })
  documentId!: string;
  @ApiProperty({ example: 'Văn bản thống nhất giữa Sở Tài chính và UBND xã Cư Bao' }) @IsString() @MinLength(1) @MaxLength(MAX_LENGTH.documentName) name!: string;
  @ApiPropertyOptional({ example: '2026-10-02', description: 'The day the document was issued; a rotation needs a health certificate issued within the 6 months before the decision' })
  @IsOptional()
  @IsLocalDate()
  issuedOn?: string;
}

export class IssueDecisionDto {
  @ApiProperty({ example: '1234/QĐ-UBND' }) @IsString() @MinLength(1) @MaxLength(MAX_LENGTH.documentNumber) decisionNumber!: string;
  @ApiProperty({ example: '2026-11-25' }) @IsLocalDate() decisionDate!: string;
  @ApiProperty({ type: SignerDto }) @IsObject() @ValidateNested() @Type(() => SignerDto) signer!: SignerDto;
  @ApiProperty({ example: '2026-12-01', description: 'The first day of the term' }) @IsLocalDate() effectiveDate!: string;
  @ApiPropertyOptional({ type: TermDto, description: "By default the proposal's term" }) @IsOptional() @IsObject() @ValidateNested() @Type(() => TermDto) term?: TermDto;
  @ApiProperty({ type: [AttachmentRefDto], description: "The dossier: at least the units' written agreement and the record of the meeting with the official" })
  @IsArray()
  @ArrayMaxSize(MAX_DECISION_ATTACHMENTS)
  @ValidateNested({ each: true })
  @Type(() => AttachmentRefDto)
  attachments!: AttachmentRefDto[];
  @ApiPropertyOptional({ example: 'Luật Thanh tra 2022, Điều 30', description: 'A specific legal basis for a term beyond the usual cap' })
  @IsOptional()
  @IsString()
  @MaxLength(MAX_LENGTH.legalBasis)
  legalBasisOverride?: string;
}

export class DecisionChangesDto {
  @ApiPropertyOptional({ example: '1234a/QĐ-UBND' }) @IsOptional() @IsString() @MinLength(1) @MaxLength(MAX_LENGTH.documentNumber) decisionNumber?: string;
  @ApiPropertyOptional({ example: '2026-11-25' }) @IsOptional() @IsLocalDate() decisionDate?: string;
  @ApiPropertyOptional({ type: SignerDto }) @IsOptional() @IsObject() @ValidateNested() @Type(() => SignerDto) signer?: SignerDto;
  @ApiPropertyOptional({ example: '2026-12-08' }) @IsOptional() @IsLocalDate() effectiveDate?: string;
  @ApiPropertyOptional({ type: TermDto }) @IsOptional() @IsObject() @ValidateNested() @Type(() => TermDto) term?: TermDto;
  @ApiPropertyOptional({ example: 'Luật Thanh tra 2022, Điều 30' }) @IsOptional() @IsString() @MinLength(1) @MaxLength(MAX_LENGTH.legalBasis) legalBasisOverride?: string;
}

export class DocumentRefDto {
  @ApiProperty({ example: '1300/QĐ-UBND' }) @IsString() @MinLength(1) @MaxLength(MAX_LENGTH.documentNumber) documentNumber!: string;
  @ApiProperty({ example: '2026-11-26' }) @IsLocalDate() documentDate!: string;
  @ApiProperty({ example: 'Sai ngày hiệu lực' }) @IsString() @MinLength(1) @MaxLength(MAX_LENGTH.text) reason!: string;
}

export class CorrectDecisionDto extends DocumentRefDto {
  @ApiProperty({ type: DecisionChangesDto }) @IsObject() @ValidateNested() @Type(() => DecisionChangesDto) changes!: DecisionChangesDto;
}

export class ConfirmArrivalDto {
  @ApiProperty({ example: '2026-12-01' }) @IsLocalDate() arrivedOn!: string;
  @ApiPropertyOptional({ example: 'Phụ trách kế toán ngân sách xã' }) @IsOptional() @IsString() @MaxLength(MAX_LENGTH.text) assignedWork?: string;
}

export class EvaluationDto extends CommentDto {
  @ApiProperty({ example: '2027', description: 'The period evaluated' }) @IsString() @MinLength(1) @MaxLength(MAX_LENGTH.period) period!: string;
  @ApiProperty({ enum: EVALUATION_RATINGS, example: 'good' }) @IsIn(EVALUATION_RATINGS) rating!: (typeof EVALUATION_RATINGS)[number];
  @ApiPropertyOptional({ example: '45/BC-UBND' }) @IsOptional() @IsString() @MaxLength(MAX_LENGTH.documentNumber) documentNumber?: string;
}

export class ReportDto {
  @ApiProperty({ enum: REPORT_KINDS, example: 'periodic' }) @IsIn(REPORT_KINDS) kind!: (typeof REPORT_KINDS)[number];
  @ApiProperty({ example: 'Quý IV/2026' }) @IsString() @MinLength(1) @MaxLength(MAX_LENGTH.period) period!: string;
  @ApiProperty({ example: 'Đã hướng dẫn 7 buổi nghiệp vụ kế toán ngân sách' }) @IsString() @MinLength(1) @MaxLength(MAX_LENGTH.reportSummary) summary!: string;
}

export class TermDecisionDto {
  @ApiProperty({ example: '88/QĐ-SNV' }) @IsString() @MinLength(1) @MaxLength(MAX_LENGTH.documentNumber) decisionNumber!: string;
  @ApiProperty({ example: '2029-09-01' }) @IsLocalDate() decisionDate!: string;
}

export class ExtendDto extends TermDecisionDto {
  @ApiProperty({ type: TermDto, description: 'How much longer, from the day after the current end' }) @IsObject() @ValidateNested() @Type(() => TermDto) by!: TermDto;
  @ApiProperty({ example: 'Xã đề nghị gia hạn để hoàn thành chỉnh lý hồ sơ địa chính' }) @IsString() @MinLength(1) @MaxLength(MAX_LENGTH.text) reason!: string;
  @ApiPropertyOptional({ example: 'Luật Thanh tra 2022, Điều 30', description: 'A specific legal basis for a term beyond the usual cap' })
  @IsOptional()
  @IsString()
  @MaxLength(MAX_LENGTH.legalBasis)
  legalBasisOverride?: string;
}

export class RecallEarlyDto extends TermDecisionDto {
  @ApiProperty({ example: '2027-06-30', description: 'The last day at the receiving unit' }) @IsLocalDate() lastDay!: string;
  @ApiProperty({ example: 'Sở cần bố trí lại nhân sự' }) @IsString() @MinLength(1) @MaxLength(MAX_LENGTH.text) reason!: string;
}

export class DecideEndDto extends TermDecisionDto {
  @ApiPropertyOptional({ example: 'Hết thời hạn biệt phái' }) @IsOptional() @IsString() @MaxLength(MAX_LENGTH.text) reason?: string;
}

export class PlacementDto {
  @ApiProperty({ example: 'Chuyên viên phòng Quản lý ngân sách' }) @IsString() @MinLength(1) @MaxLength(MAX_LENGTH.position) position!: string;
  @ApiProperty({ example: 'Sở Tài chính' }) @IsString() @MinLength(1) @MaxLength(MAX_LENGTH.unitName) unitName!: string;
  @ApiPropertyOptional({ example: 'Bố trí lại vị trí cũ' }) @IsOptional() @IsString() @MaxLength(MAX_LENGTH.text) note?: string;
}

export class ConfirmReturnDto {
  @ApiProperty({ example: '2029-12-02' }) @IsLocalDate() returnedOn!: string;
  @ApiProperty({ type: PlacementDto }) @IsObject() @ValidateNested() @Type(() => PlacementDto) placement!: PlacementDto;
}

class BatchOptionsDto {
  @ApiProperty({ example: ['HS-2026-7Q2M4K9D', 'HS-2026-3B8N1P5R'], minItems: 1, maxItems: MAX_CASES_PER_BATCH })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_CASES_PER_BATCH)
  @ArrayUnique()
  @IsString({ each: true })
  @Matches(ID.pattern, { each: true, message: `each of caseIds ${ID.message}` })
  caseIds!: string[];

  @ApiPropertyOptional({ default: false, description: 'Act on the acceptable cases even if some are refused (by default one refusal refuses the batch)' })
  @IsOptional()
  @IsBoolean()
  proceedWithoutRefused?: boolean;
}

export class BatchApproveDto extends BatchOptionsDto {
  @ApiPropertyOptional({ example: 'Đồng ý theo danh sách' }) @IsOptional() @IsString() @MaxLength(MAX_LENGTH.text) comment?: string;
}

/** One decision (one number) for many cases. */
export class BatchIssueDecisionDto extends IntersectionType(IssueDecisionDto, BatchOptionsDto) {}
