import { Body, Controller, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { readApiConfig } from '@app/config';
import type { NotificationFacts } from '@app/notifications';
import { renderNotification } from '@app/notifications/templates';
import { NotificationsRepository, type StoredNotification } from '@app/persistence';
import type { Principal } from '../auth/principal';
import { CurrentPrincipal } from '../auth/auth.guard';
import { ApiProblems } from '../common/api-problems';
import { notFoundProblem } from '../common/refusals';
import { ROW_ID } from '../common/paging.dto';
import { MarkedDto, NotificationDto, NotificationPageDto, NotificationsQuery, PreferencesDto, UpdatePreferencesDto } from './notifications.dto';

const DEFAULT_LIMIT = 20;

/**
 * The in-app inbox: the caller's own messages, newest first, each rendered in the caller's
 * preferred language when read (so a change of language applies to old messages too).
 */
@ApiTags('notifications')
@ApiBearerAuth()
@Controller()
export class NotificationsController {
  private readonly publicUrl = readApiConfig().publicUrl;

  constructor(private readonly notifications: NotificationsRepository) {}

  @Get('notifications')
  @ApiOperation({
    summary: "The caller's messages, newest first, in their preferred language",
    description: 'Only the caller\'s own messages. `total` counts the messages that match the filter; `unread` counts every unread message of the caller.',
  })
  @ApiOkResponse({ type: NotificationPageDto })
  @ApiProblems(400, 401)
  async list(@CurrentPrincipal() principal: Principal, @Query() query: NotificationsQuery): Promise<NotificationPageDto> {
    const page = await this.notifications.inbox(principal.account.id, { unreadOnly: query.unread ?? false, limit: query.limit ?? DEFAULT_LIMIT, offset: query.offset ?? 0 });
    return { items: page.items.map((item) => this.dto(item, principal.account.language)), total: page.total, unread: page.unread };
  }

  @Post('notifications/read-all')
  @HttpCode(200)
  @ApiOperation({ summary: "Mark all the caller's unread messages read" })
  @ApiOkResponse({ type: MarkedDto })
  @ApiProblems(401)
  async readAll(@CurrentPrincipal() principal: Principal): Promise<MarkedDto> {
    return { marked: await this.notifications.markAllRead(principal.account.id) };
  }

  @Post('notifications/:id/read')
  @HttpCode(204)
  @ApiOperation({ summary: 'Mark one of your messages read', description: 'Reading a message again is fine (204) and keeps the time it was first read.' })
  @ApiParam({ name: 'id', example: '42' })
  @ApiNoContentResponse({ description: 'Marked read' })
  @ApiProblems(401, 404)
  async read(@CurrentPrincipal() principal: Principal, @Param('id') id: string): Promise<void> {
    // Someone else's message is "not found" too: the caller learns nothing of other people's inboxes.
    if (!ROW_ID.test(id) || !(await this.notifications.markRead(principal.account.id, id))) throw notFoundProblem({ vi: 'thông báo', en: 'message' }, id);
  }

  @Get('me/preferences')
  @ApiOperation({ summary: "The caller's notification preferences: language, email address, and each message or a daily digest" })
  @ApiOkResponse({ type: PreferencesDto })
  @ApiProblems(401)
  async preferences(@CurrentPrincipal() principal: Principal): Promise<PreferencesDto> {
    const found = await this.notifications.preferences(principal.account.id);
    if (!found) throw notFoundProblem({ vi: 'tài khoản', en: 'account' }, principal.account.id);
    return found;
  }

  @Patch('me/preferences')
  @ApiOperation({
    summary: "Change the caller's notification preferences (only the fields given)",
    description:
      "`language` is the language of every message (in the app and by email). `email: null` removes the address: messages stay in the app only. " +
      "`notifyMode: 'digest'` gathers the messages that may wait into one email a day (they are in the app at once all the same); " +
      "deadline and term-end reminders (missed deadlines, terms ending, terms overdue) are mandatory and are always emailed at once, even in 'digest' mode.",
  })
  @ApiOkResponse({ type: PreferencesDto })
  @ApiProblems(400, 401)
  async updatePreferences(@CurrentPrincipal() principal: Principal, @Body() body: UpdatePreferencesDto): Promise<PreferencesDto> {
    const changes: Partial<PreferencesDto> = {};
    if (body.language !== undefined) changes.language = body.language;
    if (body.email !== undefined) changes.email = body.email;
    if (body.notifyMode !== undefined) changes.notifyMode = body.notifyMode;
    const updated = await this.notifications.setPreferences(principal.account.id, changes);
    if (!updated) throw notFoundProblem({ vi: 'tài khoản', en: 'account' }, principal.account.id);
    return updated;
  }

  private dto(item: StoredNotification, language: 'vi' | 'en'): NotificationDto {
    const { subject, text, link } = renderNotification(item.kind, item.facts as NotificationFacts, language, this.publicUrl);
    return { id: item.id, kind: item.kind, caseId: item.caseId, mandatory: item.mandatory, occurredAt: item.occurredAt, readAt: item.readAt, subject, text, link };
  }
}
