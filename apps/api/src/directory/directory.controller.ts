import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { DirectoryRepository } from '@app/persistence';
import { IsOptional, IsString, MaxLength } from 'class-validator';
import { UnitDto } from '../auth/auth.dto';
import { ApiProblems } from '../common/api-problems';

export class OfficialDto {
  @ApiProperty({ example: 'cc-0001' }) id!: string;
  @ApiProperty({ example: 'Nguyễn Văn An' }) name!: string;
  @ApiPropertyOptional({ type: String, example: 'Chuyên viên phòng Quản lý ngân sách', nullable: true }) title!: string | null;
  @ApiProperty({ example: 'so-tai-chinh' }) unitId!: string;
}

export class OfficialsQuery {
  @ApiPropertyOptional({ example: 'so-tai-chinh' }) @IsOptional() @IsString() @MaxLength(100) unitId?: string;
}

/** The units and officials a nomination names (the registry issue adds the rest). */
@ApiTags('registry')
@ApiBearerAuth()
@Controller()
export class DirectoryController {
  constructor(private readonly directory: DirectoryRepository) {}

  @Get('units')
  @ApiOperation({ summary: 'Departments and communes' })
  @ApiOkResponse({ type: [UnitDto] })
  @ApiProblems(401)
  units() {
    return this.directory.units();
  }

  @Get('officials')
  @ApiOperation({ summary: 'Officials in the registry, optionally of one unit' })
  @ApiOkResponse({ type: [OfficialDto] })
  @ApiProblems(400, 401)
  officials(@Query() query: OfficialsQuery) {
    return this.directory.officials(query.unitId);
  }
}
