import { Injectable } from '@nestjs/common';
import { NotificationsRepository } from '@app/persistence';
import type { ComposeDigestsInput, NotificationScheduleActivities } from '@app/workflows/notification-schedule.contracts';

/** The digest schedule's activity: idempotent by day and person, so a retry or a repeat makes nothing twice. */
@Injectable()
export class NotificationActivitiesService implements NotificationScheduleActivities {
  constructor(private readonly notifications: NotificationsRepository) {}

  async composeDigests({ day, at, weekly, horizonDays }: ComposeDigestsInput): Promise<{ weekly: number; daily: number }> {
    const made = weekly ? await this.notifications.composeWeeklyDigest(day, horizonDays, at) : 0;
    return { weekly: made, daily: await this.notifications.composeDailyDigests(day, at) };
  }
}
