import { continueAsNew, proxyActivities, sleep } from '@temporalio/workflow';
import { addDays, isoDayOfWeek, localDateOf, startOfLocalDay } from '@app/domain';
import type { NotificationScheduleActivities, NotificationScheduleInput } from './notification-schedule.contracts';

const { composeDigests } = proxyActivities<NotificationScheduleActivities>({
  startToCloseTimeout: '2 minutes',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '5 minutes' },
});

const HOUR = 60 * 60 * 1000;
/** Days made before continuing as new, which keeps the history short. */
const DAYS_PER_RUN = 60;

/** Each day at the digest hour: the daily digests of quiet recipients, and on the weekly day the Home Affairs digest. */
export async function notificationScheduleWorkflow(input: NotificationScheduleInput): Promise<void> {
  let lastDay = input.lastDay;
  for (let made = 0; made < DAYS_PER_RUN; made += 1) {
    const now = Date.now();
    let day = lastDay ? addDays(lastDay, 1) : localDateOf(now);
    if (!lastDay && startOfLocalDay(day) + input.hour * HOUR <= now) day = addDays(day, 1);
    const runAt = startOfLocalDay(day) + input.hour * HOUR;
    if (runAt > now) await sleep(runAt - now);
    await composeDigests({ day, at: new Date(runAt).toISOString(), weekly: isoDayOfWeek(day) === input.weeklyOn, horizonDays: input.horizonDays });
    lastDay = day;
  }
  await continueAsNew<typeof notificationScheduleWorkflow>({ ...input, lastDay });
}
