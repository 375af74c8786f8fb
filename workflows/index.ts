// The worker's workflow bundle entry: workflow functions only. Contracts are imported from their
// own files by clients and activities.
export { caseWorkflow } from './case.workflow';
export { notificationScheduleWorkflow } from './notification-schedule.workflow';
