import { Controller, Get, HttpCode, HttpStatus, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { DeliveriesRepository } from '@app/persistence';
import type { Principal } from '../auth/principal';
import { CurrentPrincipal } from '../auth/auth.guard';
import { ApiProblems } from '../common/api-problems';
import { Idempotent } from '../common/idempotency.interceptor';
import { problem } from '../common/problem-details';
import { notFoundProblem } from '../common/refusals';
import { ROW_ID } from '../common/paging.dto';
import { DeliveriesQuery, DeliveryDto, DeliveryPageDto } from './deliveries.dto';
import { RequireRoles } from '../auth/roles.guard';

const DEFAULT_LIMIT = 20;

const STATUS_VI: Record<string, string> = {
  pending: 'đang chờ gửi',
  sending: 'đang gửi',
  delivered: 'đã gửi',
  logged: 'đã ghi vào nhật ký',
  dead: 'gửi thất bại',
};

/**
 * The outbox of emails and webhooks, for the operators: what went, what waits, what was
 * dead-lettered and why, and a replay of a dead-lettered delivery.
 */
@ApiTags('deliveries')
@ApiBearerAuth()
@Controller('deliveries')
export class DeliveriesController {
  constructor(private readonly deliveries: DeliveriesRepository) {}

  @Get()
  @RequireRoles('home_affairs_officer', 'auditor')
  @ApiOperation({ summary: 'Email and webhook deliveries, dead-lettered first by the time they died, then newest (Home Affairs officers and auditors)' })
  @ApiOkResponse({ type: DeliveryPageDto })
  @ApiProblems(400, 401, 403)
  list(@Query() query: DeliveriesQuery): Promise<DeliveryPageDto> {
    return this.deliveries.list({ status: query.status, channel: query.channel, limit: query.limit ?? DEFAULT_LIMIT, offset: query.offset ?? 0 });
  }

  @Post(':id/replay')
  @HttpCode(200)
  @Idempotent()
  @RequireRoles('home_affairs_officer')
  @ApiOperation({
    summary: 'Queue a dead-lettered delivery again, with its attempts reset (Home Affairs officers)',
    description: 'It keeps its dedupe key, so a receiver that got it before can drop it. Only a dead-lettered delivery can be replayed (409 otherwise).',
  })
  @ApiParam({ name: 'id', example: '17' })
  @ApiOkResponse({ type: DeliveryDto, description: 'The delivery, now pending' })
  @ApiProblems(401, 403, 404, 409)
  async replay(@CurrentPrincipal() principal: Principal, @Param('id') id: string): Promise<DeliveryDto> {
    const replayed = ROW_ID.test(id) ? await this.deliveries.replay(id, principal.account.id) : null;
    if (replayed) return replayed;
    const found = ROW_ID.test(id) ? await this.deliveries.get(id) : null;
    if (!found) throw notFoundProblem({ vi: 'lần gửi', en: 'delivery' }, id);
    throw problem(
      HttpStatus.CONFLICT,
      'not-dead-lettered',
      { vi: 'Lần gửi không ở trạng thái thất bại', en: 'The delivery is not dead-lettered' },
      {
        vi: `Lần gửi ${id} đang ở trạng thái «${STATUS_VI[found.status] ?? found.status}»; chỉ gửi lại được lần gửi đã thất bại hẳn.`,
        en: `Delivery ${id} is ${found.status}; only a dead-lettered delivery can be replayed.`,
      },
      { rule: 'not_dead_lettered', deliveryStatus: found.status },
    );
  }
}
