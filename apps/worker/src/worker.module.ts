import { Module } from '@nestjs/common';
import { PersistenceModule } from '@app/persistence';
import { CaseActivitiesService } from './activities/case.activities';
import { TemporalWorkerRunner } from './temporal-worker.runner';

/** The worker as a Nest application context (no HTTP port): activities are Nest providers. */
@Module({
  imports: [PersistenceModule.forRoot()],
  providers: [CaseActivitiesService, TemporalWorkerRunner],
})
export class WorkerModule {}
