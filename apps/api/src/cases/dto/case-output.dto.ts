import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { CASE_FORMS, HUMAN_COMMANDS, OUTCOMES, ROLES, STAGES } from '@app/domain';
import { ProblemDto } from '../../common/api-problems';

export class CaseSummaryDto {
  @ApiProperty({ example: 'HS-2026-7Q2M4K9D' }) caseId!: string;
  @ApiProperty({ example: 3, description: 'The number of events so far' }) version!: number;
  @ApiProperty({ enum: CASE_FORMS, example: 'secondment' }) form!: string;
  @ApiProperty({ enum: STAGES, example: 'home_affairs_appraisal' }) stage!: string;
  @ApiPropertyOptional({ example: null, nullable: true, enum: ['returned', 'transferred', 'rejected', 'withdrawn', 'revoked'] }) outcome!: string | null;
  @ApiProperty({ example: 'cc-0001' }) officialId!: string;
  @ApiProperty({ example: 'Nguyễn Văn An' }) officialName!: string;
  @ApiProperty({ example: 'so-tai-chinh' }) sendingUnitId!: string;
  @ApiProperty({ example: 'Sở Tài chính' }) sendingUnitName!: string;
  @ApiProperty({ example: 'xa-cu-bao' }) receivingUnitId!: string;
  @ApiProperty({ example: 'Xã Cư Bao' }) receivingUnitName!: string;
  @ApiProperty({ example: 'Công chức Tài chính – Kế toán' }) position!: string;
  @ApiProperty({ example: 'hr.taichinh' }) proposerId!: string;
  @ApiProperty({ example: 'Trần Thị Bình' }) proposerName!: string;
  @ApiProperty({ example: '2026-11-25T02:00:00.000Z' }) proposedAt!: string;
  @ApiProperty({ example: '2026-11-25T03:00:00.000Z' }) stageOpenedAt!: string;
  @ApiPropertyOptional({ type: String, example: '2026-12-09', nullable: true, description: 'The last day of the current step' }) stageDeadline!: string | null;
  @ApiProperty({ example: false, description: 'The current step is past its deadline' }) stageOverdue!: boolean;
  @ApiProperty({ example: 0 }) escalationLevel!: number;
  @ApiPropertyOptional({ type: String, example: null, nullable: true }) decisionNumber!: string | null;
  @ApiPropertyOptional({ type: String, example: null, nullable: true }) decisionDate!: string | null;
  @ApiPropertyOptional({ type: String, example: null, nullable: true }) effectiveDate!: string | null;
  @ApiPropertyOptional({ type: String, example: null, nullable: true, description: 'The last day of the term' }) termEnd!: string | null;
  @ApiProperty({ example: false, description: 'The term has ended without an end-or-extend decision' }) overdue!: boolean;
  @ApiPropertyOptional({ type: String, example: '2026-12-09T16:59:59.999Z', nullable: true }) nextTimerAt!: string | null;
  @ApiPropertyOptional({ type: String, example: null, nullable: true }) closedAt!: string | null;
}

export class CasePageDto {
  @ApiProperty({ type: [CaseSummaryDto] }) items!: CaseSummaryDto[];
  @ApiProperty({ example: 143 }) total!: number;
  @ApiProperty({ example: 1 }) page!: number;
  @ApiProperty({ example: 50 }) pageSize!: number;
}

export class ActorRefDto {
  @ApiProperty({ example: 'gd.taichinh' }) id!: string;
  @ApiProperty({ example: 'Lê Văn Cường' }) name!: string;
}

export class OfferedActionDto {
  @ApiProperty({ enum: HUMAN_COMMANDS, example: 'approve' }) action!: string;
  @ApiPropertyOptional({ type: ActorRefDto, description: 'Present when the caller may take it only as a deputy' }) onBehalfOf?: ActorRefDto;
}

export class TimelineActorDto {
  @ApiProperty({ example: 'pgd.taichinh' }) id!: string;
  @ApiProperty({ example: 'Phạm Minh Châu' }) name!: string;
  @ApiProperty({ enum: ROLES, example: 'department_head', description: '`system` for what a timer did' }) role!: string;
  @ApiPropertyOptional({ type: ActorRefDto, description: 'The approver a deputy stood in for' }) onBehalfOf?: ActorRefDto;
}

export class TimelineEntryDto {
  @ApiProperty({ example: 2 }) version!: number;
  @ApiProperty({ example: 'StageApproved' }) type!: string;
  @ApiProperty({ example: '2026-11-25T03:00:00.000Z' }) at!: string;
  @ApiProperty({ type: TimelineActorDto, description: 'Who acted, in which role; a deputy names the approver they stood in for' })
  actor!: TimelineActorDto;
  @ApiPropertyOptional({ type: String, example: 'Đồng ý', nullable: true }) reason!: string | null;
  @ApiPropertyOptional({ type: String, example: null, nullable: true, description: 'The document the step rests on' }) documentNumber!: string | null;
  @ApiProperty({ type: 'object', additionalProperties: true, example: { stage: 'department_review', comment: 'Đồng ý', nextStage: 'home_affairs_appraisal' } }) data!: object;
}

export class PendingTimerDto {
  @ApiProperty({ example: 'deadline:home_affairs_appraisal:v2:1' }) key!: string;
  @ApiProperty({ example: '2026-12-09T16:59:59.999Z' }) at!: string;
  @ApiProperty({ example: 'StageDeadlinePassed' }) event!: string;
}

export class CaseDetailDto extends CaseSummaryDto {
  @ApiProperty({
    description: 'Everything the case knows (folded from its events): the official, units, term, decision, approvals, opinions, extensions, evaluations',
    example: { caseId: 'HS-2026-7Q2M4K9D', stage: 'home_affairs_appraisal', term: { months: 36, days: 0 }, decision: null },
    type: 'object',
    additionalProperties: true,
  })
  state!: object;
  @ApiProperty({ type: [PendingTimerDto], description: 'Deadlines, escalations and reminders still to come' }) timers!: PendingTimerDto[];
  @ApiProperty({ type: [OfferedActionDto], description: 'What the caller may do now' }) actions!: OfferedActionDto[];
  @ApiProperty({ type: [TimelineEntryDto], description: 'Who did what, when, why, on which document' }) timeline!: TimelineEntryDto[];
}

export class InboxItemDto extends CaseSummaryDto {
  @ApiProperty({ type: [OfferedActionDto], description: 'The actions the case waits for that the caller may take' }) actions!: OfferedActionDto[];
}

export class BatchItemResultDto {
  @ApiProperty({ example: 'HS-2026-7Q2M4K9D' }) caseId!: string;
  @ApiProperty({ enum: ['done', 'refused', 'not_attempted'], example: 'done' }) status!: string;
  @ApiPropertyOptional({ enum: STAGES, example: 'home_affairs_appraisal' }) stage?: string;
  @ApiPropertyOptional({ example: 2 }) version?: number;
  @ApiPropertyOptional({ example: 0, description: 'For a batch nomination: its position in the request' }) index?: number;
  @ApiPropertyOptional({ type: ProblemDto, description: 'Why this case was refused' }) problem?: ProblemDto;
}

export class BatchResultDto {
  @ApiProperty({ example: 24 }) done!: number;
  @ApiProperty({ example: 1 }) refused!: number;
  @ApiProperty({ type: [BatchItemResultDto] }) results!: BatchItemResultDto[];
}

export class PipelineCellDto {
  @ApiProperty({ example: 'so-tai-chinh' }) unitId!: string;
  @ApiProperty({ example: 'Sở Tài chính' }) unitName!: string;
  @ApiProperty({ enum: STAGES, example: 'serving' }) stage!: string;
  @ApiProperty({ example: 12 }) count!: number;
}

export class StageCountDto {
  @ApiProperty({ enum: STAGES, example: 'department_review' }) stage!: string;
  @ApiProperty({ example: 7 }) count!: number;
  @ApiProperty({ example: 2 }) overdue!: number;
}

export class OutcomeCountDto {
  @ApiProperty({ enum: OUTCOMES, example: 'returned' }) outcome!: string;
  @ApiProperty({ example: 3 }) count!: number;
}

export class PipelineDto {
  @ApiProperty({ example: '2026-11-25' }) asOf!: string;
  @ApiProperty({ example: 97, description: 'Open cases' }) open!: number;
  @ApiProperty({ example: 4, description: 'Open cases whose current step is past its deadline' }) overdueSteps!: number;
  @ApiProperty({ example: 1, description: 'Terms past their end with no end-or-extend decision' }) overdueTerms!: number;
  @ApiProperty({ example: 3 }) termsEndingIn30Days!: number;
  @ApiProperty({ example: 11 }) termsEndingIn90Days!: number;
  @ApiProperty({ type: [StageCountDto] }) byStage!: StageCountDto[];
  @ApiProperty({ type: [PipelineCellDto], description: 'Open cases by stage × sending unit (department)' }) bySendingUnit!: PipelineCellDto[];
  @ApiProperty({ type: [PipelineCellDto], description: 'Open cases by stage × receiving unit (commune)' }) byReceivingUnit!: PipelineCellDto[];
  @ApiProperty({ type: [OutcomeCountDto] }) closedByOutcome!: OutcomeCountDto[];
}
