import { Public } from '../auth/auth.guard';
import { Controller, Get, HttpStatus, Res } from '@nestjs/common';
import { ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { HealthService, type HealthReport } from './health.service';

@ApiTags('health')
@Public()
@Controller('health')
export class HealthController {
  constructor(private readonly health: HealthService) {}

  @Get()
  @ApiOperation({ summary: 'Whether the API can reach PostgreSQL and Temporal' })
  @ApiResponse({ status: 200, description: 'Both parts are up', example: { status: 'up', checks: { database: { status: 'up', latencyMs: 1 }, temporal: { status: 'up', latencyMs: 2 } } } })
  @ApiResponse({ status: 503, description: 'A part is down; its check names it and the error', example: { status: 'down', checks: { database: { status: 'up', latencyMs: 1 }, temporal: { status: 'down', latencyMs: 2000, error: 'no answer within 2000 ms' } } } })
  async check(@Res({ passthrough: true }) response: Response): Promise<HealthReport> {
    const report = await this.health.report();
    response.status(report.status === 'up' ? HttpStatus.OK : HttpStatus.SERVICE_UNAVAILABLE);
    return report;
  }
}
