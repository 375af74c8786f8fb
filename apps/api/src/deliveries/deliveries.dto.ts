import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import { PageQuery } from '../common/paging.dto';

export const DELIVERY_STATUSES = ['pending', 'sending', 'delivered', 'logged', 'dead'] as const;
export const DELIVERY_CHANNELS = ['email', 'webhook'] as const;

export class DeliveriesQuery extends PageQuery {
  @ApiPropertyOptional({ enum: DELIVERY_STATUSES }) @IsOptional() @IsIn(DELIVERY_STATUSES) status?: (typeof DELIVERY_STATUSES)[number];
  @ApiPropertyOptional({ enum: DELIVERY_CHANNELS }) @IsOptional() @IsIn(DELIVERY_CHANNELS) channel?: (typeof DELIVERY_CHANNELS)[number];
}

export class DeliveryDto {
  @ApiProperty({ example: '17' }) id!: string;
  @ApiProperty({ example: 'case:HS-2026-7Q2M4K9D:v3:webhook:wh-5b0f2c1e-8d3a-4c1b-9f7e-2a6d4e8c1b3f', description: 'The same on every retry and replay; webhooks send it as x-secondment-delivery' })
  dedupeKey!: string;
  @ApiProperty({ enum: DELIVERY_CHANNELS, example: 'webhook' }) channel!: string;
  @ApiProperty({ example: 'https://data.daklak.gov.vn/hooks/secondment', description: 'The email address or the webhook URL' }) target!: string;
  @ApiProperty({ enum: DELIVERY_STATUSES, example: 'dead', description: "'logged': no mail server is configured, the email was written to the log" }) status!: string;
  @ApiProperty({ example: 8, description: 'Attempts since it was queued (or last replayed)' }) attempts!: number;
  @ApiProperty({ type: String, example: 'HTTP 500 from data.daklak.gov.vn', nullable: true }) lastError!: string | null;
  @ApiProperty({ example: '2026-11-25T02:00:30.000Z', description: 'The next attempt (while sending: the end of the lease)' }) nextAttemptAt!: string;
  @ApiProperty({ type: String, example: null, nullable: true }) deliveredAt!: string | null;
  @ApiProperty({ type: String, example: '2026-11-25T09:12:00.000Z', nullable: true, description: 'When it was dead-lettered' }) deadAt!: string | null;
  @ApiProperty({ type: String, example: null, nullable: true }) replayedAt!: string | null;
  @ApiProperty({ type: String, example: null, nullable: true, description: 'Who replayed it last' }) replayedBy!: string | null;
  @ApiProperty({ example: '2026-11-25T02:00:00.000Z' }) createdAt!: string;
  @ApiProperty({ type: String, example: 'HS-2026-7Q2M4K9D', nullable: true }) caseId!: string | null;
}

export class DeliveryPageDto {
  @ApiProperty({ type: [DeliveryDto] }) items!: DeliveryDto[];
  @ApiProperty({ example: 2 }) total!: number;
}
