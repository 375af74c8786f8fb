import { DEFAULT_DIGEST_SCHEDULE, type DigestSchedule } from '@app/notifications';
import {
  NOTIFICATION_SCHEDULE_WORKFLOW_TYPE,
  notificationScheduleWorkflowId,
  type NotificationScheduleInput,
} from '@app/workflows/notification-schedule.contracts';
import { Client, type Connection } from '@temporalio/client';

/**
 * Starts the digest schedule of a task queue if it is not running. Every worker may call it: the
 * fixed workflow id and USE_EXISTING make the second and later calls join the running one.
 */
export async function ensureNotificationSchedule(
  connection: Connection,
  namespace: string,
  taskQueue: string,
  schedule: DigestSchedule = DEFAULT_DIGEST_SCHEDULE,
): Promise<string> {
  const client = new Client({ connection, namespace });
  const input: NotificationScheduleInput = { hour: schedule.hour, weeklyOn: schedule.weeklyOn, horizonDays: schedule.horizonDays };
  const handle = await client.workflow.start(NOTIFICATION_SCHEDULE_WORKFLOW_TYPE, {
    workflowId: notificationScheduleWorkflowId(taskQueue),
    taskQueue,
    args: [input],
    workflowIdConflictPolicy: 'USE_EXISTING',
  });
  return handle.workflowId;
}
