import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { LANGUAGES } from '@app/domain';
import { NOTIFICATION_KINDS } from '@app/notifications';
import { Transform } from 'class-transformer';
import { IsBoolean, IsEmail, IsIn, IsOptional, IsString, MaxLength, ValidateIf } from 'class-validator';
import { PageQuery } from '../common/paging.dto';

const bool = ({ value }: { value: unknown }) => (value === 'true' ? true : value === 'false' ? false : value);

// The in-app inbox: the caller's messages and their preferences.

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
