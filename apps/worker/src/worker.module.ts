import { Module } from '@nestjs/common';
import { PersistenceModule } from '@app/persistence';
import { CaseActivitiesService } from './activities/case.activities';
import { DispatcherService } from './delivery/dispatcher.service';
import { NotificationActivitiesService } from './activities/notification.activities';
import { CASE_PROJECTIONS } from './case-projections';
import { TemporalWorkerRunner } from './temporal-worker.runner';

/** The worker as a Nest application context (no HTTP port): activities are Nest providers, and the notification dispatcher. */
@Module({
  imports: [PersistenceModule.forRoot({ projections: CASE_PROJECTIONS })],
  providers: [CaseActivitiesService, NotificationActivitiesService, DispatcherService, TemporalWorkerRunner],
})
export class WorkerModule {}
