import { ApiProperty } from '@nestjs/swagger';
import { IsIn, IsString, Matches, MaxLength, MinLength } from 'class-validator';
import { IsLocalDate } from '../common/validation';

/** What may protect an official from secondment: pregnancy, or raising a child under 36 months. */
export const PROTECTION_KINDS = ['pregnancy', 'child_under_36_months'] as const;
export type ProtectionKind = (typeof PROTECTION_KINDS)[number];

export class ProtectionInputDto {
  @ApiProperty({ enum: PROTECTION_KINDS, example: 'child_under_36_months', description: 'pregnancy (đang mang thai) or child_under_36_months (nuôi con dưới 36 tháng tuổi)' })
  @IsIn(PROTECTION_KINDS)
  kind!: ProtectionKind;

  @ApiProperty({ example: '2027-03-31', description: 'The last day the official is protected (YYYY-MM-DD): a nomination planned to start on or before it is refused' })
  @IsLocalDate()
  protectedUntil!: string;
}

export class ProtectionPurposeQuery {
  @ApiProperty({ example: 'Thẩm định hồ sơ biệt phái HS-2026-7Q2M4K9D', minLength: 1, maxLength: 200, description: 'Why the protection is read: kept in the read log' })
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  @Matches(/\S/, { message: 'purpose must say why the data is read (not only spaces)' })
  purpose!: string;
}

export class ProtectionDto {
  @ApiProperty({ enum: PROTECTION_KINDS, example: 'child_under_36_months' }) kind!: string;
  @ApiProperty({ example: '2027-03-31', description: 'The last day the official is protected' }) protectedUntil!: string;
  @ApiProperty({ example: 'snv.thamdinh', description: 'The account that recorded it' }) recordedBy!: string;
  @ApiProperty({ example: '2026-05-04T02:15:00.000Z' }) recordedAt!: string;
}

export class ProtectionReadDto {
  @ApiProperty({ example: 'snv.thamdinh', description: 'The account that read the protection (or for whom an eligibility check read it)' }) readBy!: string;
  @ApiProperty({ example: 'eligibility check before the nomination of case HS-2026-7Q2M4K9D' }) purpose!: string;
  @ApiProperty({ example: '2026-05-04T02:15:00.000Z' }) readAt!: string;
}
