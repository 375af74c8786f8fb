import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsString, MaxLength, MinLength } from 'class-validator';

export class LoginDto {
  @ApiProperty({ example: 'gd.taichinh', description: 'The account name (case does not matter)' })
  @IsString()
  @MinLength(2)
  @MaxLength(64)
  username!: string;

  @ApiProperty({ example: 'Demo@2026', format: 'password' })
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  password!: string;
}

export class UnitDto {
  @ApiProperty({ example: 'so-tai-chinh' }) id!: string;
  @ApiProperty({ example: 'Sở Tài chính' }) name!: string;
  @ApiProperty({ enum: ['department', 'commune'], example: 'department' }) kind!: string;
}

export class AccountDto {
  @ApiProperty({ example: 'gd.taichinh' }) id!: string;
  @ApiProperty({ example: 'gd.taichinh' }) username!: string;
  @ApiProperty({ example: 'Lê Văn Cường' }) displayName!: string;
  @ApiProperty({ enum: ['hr_officer', 'department_head', 'home_affairs_officer', 'party_secretariat', 'commune_leader', 'official', 'auditor'], example: 'department_head' })
  role!: string;
  @ApiPropertyOptional({ type: UnitDto, nullable: true }) unit!: UnitDto | null;
  @ApiPropertyOptional({ type: String, example: null, nullable: true, description: 'The person in the registry, when the user is also an official' }) personId!: string | null;
  @ApiProperty({ enum: ['vi', 'en'], example: 'vi' }) language!: string;
}

export class ActingForDto {
  @ApiProperty({ example: '5b0f2c1e-…' }) delegationId!: string;
  @ApiProperty({ type: AccountDto }) delegator!: AccountDto;
  @ApiProperty({ example: '2026-11-25' }) startsOn!: string;
  @ApiProperty({ example: '2026-12-05' }) endsOn!: string;
}

export class MeDto extends AccountDto {
  @ApiProperty({ type: [ActingForDto], description: 'Delegations in force today under which this user acts as a deputy' })
  actingFor!: ActingForDto[];
  @ApiProperty({ example: '2026-11-25T16:00:00.000Z', description: 'When this session ends' }) sessionExpiresAt!: string;
}

export class LoginResultDto {
  @ApiProperty({ example: 'q0Vb3…', description: 'An opaque bearer token; send it as Authorization: Bearer <token>' }) token!: string;
  @ApiProperty({ example: 'Bearer' }) tokenType!: string;
  @ApiProperty({ example: '2026-11-25T16:00:00.000Z' }) expiresAt!: string;
  @ApiProperty({ type: AccountDto }) user!: AccountDto;
}

export class LogoutResultDto {
  @ApiProperty({ example: 1, description: 'How many sessions were ended' }) sessionsEnded!: number;
}

export class DemoAccountDto {
  @ApiProperty({ example: 'gd.taichinh' }) username!: string;
  @ApiProperty({ example: 'Lê Văn Cường' }) displayName!: string;
  @ApiProperty({ enum: ['hr_officer', 'department_head', 'home_affairs_officer', 'party_secretariat', 'commune_leader', 'official', 'auditor'], example: 'department_head' })
  role!: string;
  @ApiPropertyOptional({ type: UnitDto, nullable: true }) unit!: UnitDto | null;
}

export class DemoAccountsDto {
  @ApiProperty({ description: 'False outside a demo: the list is then empty' }) enabled!: boolean;
  @ApiPropertyOptional({ type: String, example: 'Demo@2026', nullable: true, description: 'The password every demo account starts with' }) password!: string | null;
  @ApiProperty({ type: [DemoAccountDto] }) accounts!: DemoAccountDto[];
}
