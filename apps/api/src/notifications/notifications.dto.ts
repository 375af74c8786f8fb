import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { EVENT_TYPES, LANGUAGES } from '@app/domain';
import { NOTIFICATION_KINDS } from '@app/notifications';
import { Transform, Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, ArrayUnique, IsArray, IsBoolean, IsEmail, IsIn, IsInt, IsOptional, IsString, IsUrl, Max, MaxLength, Min, ValidateIf } from 'class-validator';

/** Ids of stored rows (messages, deliveries) are bigint: anything else names no row, and must not reach the database as one. */
export const ROW_ID = /^[1-9][0-9]{0,17}$/;

const bool = ({ value }: { value: unknown }) => (value === 'true' ? true : value === 'false' ? false : value);

/** Paging shared by the inbox and the outbox: newest first. */
export class PageQuery {
  @ApiPropertyOptional({ default: 20, minimum: 1, maximum: 100 }) @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(100) limit?: number;
  @ApiPropertyOptional({ default: 0, minimum: 0, maximum: 1_000_000 }) @IsOptional() @Type(() => Number) @IsInt() @Min(0) @Max(1_000_000) offset?: number;
}

// ---------------------------------------------------------------------------------------------
// The inbox

export class NotificationsQuery extends PageQuery {
  @ApiPropertyOptional({ description: 'Unread messages only (true), or all (false, the default)', enum: ['true', 'false'] })
  @IsOptional()
  @Transform(bool)
  @IsBoolean()
  unread?: boolean;
}

export class NotificationDto {
  @ApiProperty({ example: '42' }) id!: string;
  @ApiProperty({ enum: NOTIFICATION_KINDS, example: 'step_opened' }) kind!: string;
  @ApiProperty({ type: String, example: 'HS-2026-7Q2M4K9D', nullable: true, description: 'null for the digests' }) caseId!: string | null;
  @ApiProperty({ example: false, description: 'Deadline and term-end reminders: sent at once even to those who asked for a digest' }) mandatory!: boolean;
  @ApiProperty({ example: '2026-11-25T02:00:00.000Z' }) occurredAt!: string;
  @ApiProperty({ type: String, example: null, nullable: true, description: 'When the caller first marked it read' }) readAt!: string | null;
  @ApiProperty({ example: '[Biệt phái] HS-2026-7Q2M4K9D – Trương Thị Bích: Hồ sơ chờ Ông/Bà xử lý', description: "In the caller's preferred language" }) subject!: string;
  @ApiProperty({ example: 'Hồ sơ đang chờ Ông/Bà xử lý ở bước “thủ trưởng sở xem xét”.\n…', description: 'The message as plain text' }) text!: string;
  @ApiProperty({ example: 'https://bietphai.daklak.gov.vn/cases/HS-2026-7Q2M4K9D', description: 'The case (or list) the message is about, in the web app' }) link!: string;
}

export class NotificationPageDto {
  @ApiProperty({ type: [NotificationDto] }) items!: NotificationDto[];
  @ApiProperty({ example: 12, description: 'Messages matching the filter (all the pages)' }) total!: number;
  @ApiProperty({ example: 3, description: "The caller's unread messages, whatever the filter" }) unread!: number;
}

export class MarkedDto {
  @ApiProperty({ example: 3, description: 'How many unread messages were marked read' }) marked!: number;
}

// ---------------------------------------------------------------------------------------------
// Preferences

const NOTIFY_MODES = ['each', 'digest'] as const;

export class PreferencesDto {
  @ApiProperty({ enum: LANGUAGES, example: 'vi', description: 'The language of messages, emails included' }) language!: 'vi' | 'en';
  @ApiProperty({ type: String, example: 'hr.taichinh@daklak.example', nullable: true, description: 'Where emails go; null: in-app messages only' }) email!: string | null;
  @ApiProperty({ enum: NOTIFY_MODES, example: 'each', description: "'each': an email per message; 'digest': one email a day, except deadline and term-end reminders" })
  notifyMode!: 'each' | 'digest';
}

export class UpdatePreferencesDto {
  @ApiPropertyOptional({ enum: LANGUAGES, example: 'en' })
  @ValidateIf((_, value) => value !== undefined)
  @IsIn(LANGUAGES)
  language?: 'vi' | 'en';

  @ApiPropertyOptional({ type: String, example: 'binh.tran@daklak.gov.vn', nullable: true, maxLength: 254, description: 'null removes the address: no more emails' })
  @IsOptional()
  @IsString()
  @MaxLength(254)
  @IsEmail({}, { message: 'email must be an email address' })
  email?: string | null;

  @ApiPropertyOptional({ enum: NOTIFY_MODES, example: 'digest' })
  @ValidateIf((_, value) => value !== undefined)
  @IsIn(NOTIFY_MODES)
  notifyMode?: 'each' | 'digest';
}

// ---------------------------------------------------------------------------------------------
// Webhooks

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

// ---------------------------------------------------------------------------------------------
// The outbox

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
