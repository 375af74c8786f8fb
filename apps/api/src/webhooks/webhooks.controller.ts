import { Body, Controller, Delete, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { DeliveriesRepository, type WebhookSubscription } from '@app/persistence';
import type { Principal } from '../auth/principal';
import { CurrentPrincipal } from '../auth/auth.guard';
import { ApiProblems } from '../common/api-problems';
import { notFoundProblem } from '../common/refusals';
import { CreatedWebhookDto, CreateWebhookDto, WebhookDto } from './webhooks.dto';
import { RequireRoles } from '../auth/roles.guard';

const SIGNATURE_SCHEME = [
  'Each event of a case is POSTed to `url` as JSON (`{ id, type, occurredAt, case, event }`), with these headers:',
  '',
  '- `x-secondment-signature: t=<unix seconds>,v1=<hex>`, where `<hex>` is the HMAC-SHA256, keyed with the subscription `secret`, of the string `<t>.<raw body>`.',
  '  Verify by recomputing it over the raw body as received, comparing in constant time, and refusing a `t` more than 5 minutes from your clock (this refuses replayed requests).',
  '- `x-secondment-delivery`: the delivery\'s dedupe key (`case:<caseId>:v<version>:webhook:<subscriptionId>`, also the body\'s `id`). It is the same on every retry and replay: drop a delivery you have already processed.',
  '- `x-secondment-event`: the event type (also the body\'s `type`).',
  '',
  'Any 2xx answer is a delivery; anything else (or no answer within the timeout) is retried with exponential backoff, then dead-lettered, where an operator can replay it (POST /deliveries/{id}/replay).',
  'Deliveries are at least once: a receiver must be idempotent by `x-secondment-delivery`.',
  '',
  'The `secret` is in this response only; it is never shown again (delete the subscription and create a new one to rotate it).',
].join('\n');

/** Webhook subscriptions: other systems of the province hear of case events, signed. Home Affairs officers only. */
@ApiTags('webhooks')
@ApiBearerAuth()
@RequireRoles('home_affairs_officer')
@Controller('webhooks')
export class WebhooksController {
  constructor(private readonly deliveries: DeliveriesRepository) {}

  @Post()
  @ApiOperation({ summary: 'Subscribe a URL to case events; returns the signing secret, once', description: SIGNATURE_SCHEME })
  @ApiCreatedResponse({ type: CreatedWebhookDto })
  @ApiProblems(400, 401, 403)
  async create(@CurrentPrincipal() principal: Principal, @Body() body: CreateWebhookDto): Promise<CreatedWebhookDto> {
    const created = await this.deliveries.subscribe({ url: body.url, events: body.events ?? null, description: body.description ?? null, createdBy: principal.account.id });
    return { ...dto(created), secret: created.secret };
  }

  @Get()
  @ApiOperation({ summary: 'Every webhook subscription, deleted ones included (with disabledAt); never their secrets' })
  @ApiOkResponse({ type: [WebhookDto] })
  @ApiProblems(401, 403)
  async list(): Promise<WebhookDto[]> {
    return (await this.deliveries.subscriptions()).map(dto);
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiOperation({ summary: 'Delete a subscription: no new deliveries to it (those already queued still go)' })
  @ApiParam({ name: 'id', example: 'wh-5b0f2c1e-8d3a-4c1b-9f7e-2a6d4e8c1b3f' })
  @ApiNoContentResponse({ description: 'Deleted' })
  @ApiProblems(401, 403, 404)
  async remove(@CurrentPrincipal() principal: Principal, @Param('id') id: string): Promise<void> {
    if (!(await this.deliveries.unsubscribe(id, principal.account.id))) throw notFoundProblem({ vi: 'đăng ký webhook đang hoạt động', en: 'active webhook subscription' }, id);
  }
}

/** The subscription without its secret (the repository never reads it back; this keeps it so). */
function dto(subscription: WebhookSubscription): WebhookDto {
  const { id, url, events, description, createdBy, createdAt, disabledAt } = subscription;
  return { id, url, events, description, createdBy, createdAt, disabledAt };
}
