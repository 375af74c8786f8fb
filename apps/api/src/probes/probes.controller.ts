import { Public } from '../auth/auth.guard';
import { Body, Controller, Get, Headers, Param, Post } from '@nestjs/common';
import { ApiBody, ApiCreatedResponse, ApiHeader, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CreateProbeDto, ProbeDto } from './dto/create-probe.dto';
import { ProbesService } from './probes.service';

@ApiTags('probes')
@Public()
@Controller('probes')
export class ProbesController {
  constructor(private readonly probes: ProbesService) {}

  @Post()
  @ApiOperation({ summary: 'Run the wiring probe: start a workflow whose activity stores an event, and return it' })
  @ApiHeader({ name: 'Idempotency-Key', required: false, description: 'A retry with the same key returns the first result and stores nothing new' })
  @ApiBody({ type: CreateProbeDto })
  @ApiCreatedResponse({ type: ProbeDto })
  create(@Body() body: CreateProbeDto, @Headers('idempotency-key') idempotencyKey?: string): Promise<ProbeDto> {
    return this.probes.create(body.message, idempotencyKey?.trim() || undefined);
  }

  @Get(':probeId')
  @ApiOperation({ summary: "Read a probe back: its events from PostgreSQL and its workflow's state" })
  @ApiOkResponse({ type: ProbeDto })
  @ApiNotFoundResponse({ description: 'No such probe (application/problem+json)' })
  find(@Param('probeId') probeId: string): Promise<ProbeDto> {
    return this.probes.find(probeId);
  }
}
