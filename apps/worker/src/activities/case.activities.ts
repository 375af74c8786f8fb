import { Injectable } from '@nestjs/common';
import { CaseStore, EventVersionConflictError } from '@app/persistence';
import type { CaseActivities, RecordEventsInput, RecordEventsResult } from '@app/workflows/case.contracts';
import { ApplicationFailure } from '@temporalio/common';

@Injectable()
export class CaseActivitiesService implements CaseActivities {
  constructor(private readonly store: CaseStore) {}

  async recordEvents(input: RecordEventsInput): Promise<RecordEventsResult> {
    try {
      return await this.store.record(input);
    } catch (error) {
      // Retrying cannot help a conflict: another writer holds these versions of the case.
      if (error instanceof EventVersionConflictError) throw ApplicationFailure.nonRetryable(error.message, error.name);
      throw error;
    }
  }
}
