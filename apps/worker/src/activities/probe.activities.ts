import { Injectable } from '@nestjs/common';
import { EventStoreRepository } from '@app/persistence';
import type { ProbeActivities, ProbeInput, ProbeRecorded } from '@app/workflows/probe.contracts';

/** Idempotent: a retried attempt finds its event stored and returns it without a second row. */
@Injectable()
export class ProbeActivitiesService implements ProbeActivities {
  constructor(private readonly events: EventStoreRepository) {}

  async recordProbe(input: ProbeInput): Promise<ProbeRecorded> {
    const stored = await this.events.append({
      caseId: input.probeId,
      version: 1,
      type: 'ProbeRecorded',
      payload: { message: input.message },
      actor: { id: input.requestedBy, kind: 'user' },
      occurredAt: new Date(input.requestedAt),
      requestId: input.probeId,
    });
    return { probeId: input.probeId, version: stored.version, recordedAt: stored.recordedAt.toISOString() };
  }
}
