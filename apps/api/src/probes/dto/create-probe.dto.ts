import { ApiProperty } from '@nestjs/swagger';
import { IsString, MaxLength, MinLength } from 'class-validator';

export class CreateProbeDto {
  @ApiProperty({ description: 'Any text; it is stored as the payload of the probe event', example: 'Kiểm tra kết nối', minLength: 1, maxLength: 500 })
  @IsString()
  @MinLength(1)
  @MaxLength(500)
  message!: string;
}

export class ProbeEventDto {
  @ApiProperty({ example: 'probe-6f1c0c1e4b0e4a52' }) caseId!: string;
  @ApiProperty({ example: 1 }) version!: number;
  @ApiProperty({ example: 'ProbeRecorded' }) type!: string;
  @ApiProperty({ example: { message: 'Kiểm tra kết nối' } }) payload!: Record<string, unknown>;
  @ApiProperty({ example: '2026-11-25T08:00:00.000Z' }) occurredAt!: string;
  @ApiProperty({ example: '2026-11-25T08:00:00.012Z' }) recordedAt!: string;
}

export class ProbeDto {
  @ApiProperty({ example: 'probe-6f1c0c1e4b0e4a52' }) probeId!: string;
  @ApiProperty({ example: 'probe:probe-6f1c0c1e4b0e4a52', description: 'Find it in the Temporal Web UI' }) workflowId!: string;
  @ApiProperty({ type: [ProbeEventDto] }) events!: ProbeEventDto[];
  @ApiProperty({ example: { probeId: 'probe-6f1c0c1e4b0e4a52', status: 'recorded' }, nullable: true, description: "The workflow's own state, from a Temporal query" })
  workflowState!: object | null;
}
