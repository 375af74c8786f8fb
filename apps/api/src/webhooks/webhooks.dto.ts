import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { EVENT_TYPES } from '@app/domain';
import { ArrayMaxSize, ArrayMinSize, ArrayUnique, IsArray, IsIn, IsOptional, IsString, IsUrl, MaxLength } from 'class-validator';

export class CreateWebhookDto {
  @ApiProperty({ example: 'https://data.daklak.gov.vn/hooks/secondment', maxLength: 2000, description: 'Where the events are POSTed (http or https)' })
  @IsString()
  @MaxLength(2000)
  @IsUrl({ protocols: ['http', 'https'], require_protocol: true, require_tld: false }, { message: 'url must be an http or https URL' })
  url!: string;

  @ApiPropertyOptional({ enum: EVENT_TYPES, isArray: true, example: ['DecisionIssued', 'ReturnConfirmed'], description: 'The event types to receive; omitted: every event' })
  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(EVENT_TYPES.length)
  @ArrayUnique()
  @IsIn(EVENT_TYPES, { each: true, message: `each value in events must be one of ${EVENT_TYPES.join(', ')}` })
  events?: string[];

  @ApiPropertyOptional({ example: 'Cổng dữ liệu tỉnh', maxLength: 500 }) @IsOptional() @IsString() @MaxLength(500) description?: string;
}

export class WebhookDto {
  @ApiProperty({ example: 'wh-5b0f2c1e-8d3a-4c1b-9f7e-2a6d4e8c1b3f' }) id!: string;
  @ApiProperty({ example: 'https://data.daklak.gov.vn/hooks/secondment' }) url!: string;
  @ApiProperty({ example: ['DecisionIssued'], nullable: true, type: [String], description: 'null: every event' }) events!: string[] | null;
  @ApiProperty({ type: String, example: 'Cổng dữ liệu tỉnh', nullable: true }) description!: string | null;
  @ApiProperty({ example: 'snv.quyetdinh' }) createdBy!: string;
  @ApiProperty({ example: '2026-11-25T02:00:00.000Z' }) createdAt!: string;
  @ApiProperty({ type: String, example: null, nullable: true, description: 'When it was deleted; no new deliveries since' }) disabledAt!: string | null;
}

export class CreatedWebhookDto extends WebhookDto {
  @ApiProperty({ example: 'q3N0dXZ3c2VjcmV0LWV4YW1wbGUtb25seS0zMi1ieXRlcw', description: 'The signing secret: shown here once, never again' }) secret!: string;
}
