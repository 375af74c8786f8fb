import type { LocalDate } from '@app/domain';

/**
 * The digest schedule's contract: one long-running workflow per task queue wakes each day at the
 * digest hour (Asia/Ho_Chi_Minh) and asks its activity for that day's digests. A day the worker
 * was down is made when it returns; each digest is keyed by day and person, so none is made twice.
 */
export const NOTIFICATION_SCHEDULE_WORKFLOW_TYPE = 'notificationScheduleWorkflow';

export function notificationScheduleWorkflowId(taskQueue: string): string {
  return `notification-schedule:${taskQueue}`;
}

export interface NotificationScheduleInput {
  /** Local hour the digests go out. */
  hour: number;
  /** ISO weekday of the weekly digest (1 = Monday). */
  weeklyOn: number;
  /** Terms ending within this many days go into the weekly digest. */
  horizonDays: number;
  /** The last day made, carried across continue-as-new. */
  lastDay?: LocalDate;
}

export interface ComposeDigestsInput {
  day: LocalDate;
  /** The instant of the run (workflow time): messages held before it go into the daily digests. */
  at: string;
  weekly: boolean;
  horizonDays: number;
}

export interface NotificationScheduleActivities {
  composeDigests(input: ComposeDigestsInput): Promise<{ weekly: number; daily: number }>;
}
