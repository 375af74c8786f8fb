import { isDeepStrictEqual } from 'node:util';
import { DataSource, EntityManager } from 'typeorm';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';
import { DomainEventEntity } from '../entities/domain-event.entity';

export interface NewDomainEvent {
  caseId: string;
  version: number;
  type: string;
  payload: Record<string, unknown>;
  actor: Record<string, unknown>;
  occurredAt: Date;
  requestId?: string | null;
}

export interface StoredDomainEvent extends NewDomainEvent {
  position: string;
  recordedAt: Date;
  requestId: string | null;
}

/** Another event already holds this (case, version): the caller's view of the case is stale. */
export class EventVersionConflictError extends Error {
  constructor(
    readonly caseId: string,
    readonly version: number,
    readonly existingType: string,
  ) {
    super(`case ${caseId} already has event version ${version} (${existingType}); a different event cannot take its place`);
    this.name = 'EventVersionConflictError';
  }
}

/** The inserted row, already in the shape of StoredDomainEvent. */
const RETURNING_STORED_EVENT =
  'position::text AS "position", case_id AS "caseId", version, type, payload, actor, ' +
  'occurred_at AS "occurredAt", recorded_at AS "recordedAt", request_id AS "requestId"';

/**
 * The append-only event store. `append` is idempotent: writing the same event again (an activity
 * retried after its first attempt committed) returns the stored row and writes nothing; writing a
 * different event at a taken version is a conflict.
 */
export class EventStoreRepository {
  constructor(private readonly dataSource: DataSource) {}

  async append(event: NewDomainEvent, manager: EntityManager = this.dataSource.manager): Promise<StoredDomainEvent> {
    const inserted = await manager
      .createQueryBuilder()
      .insert()
      .into(DomainEventEntity)
      .values({
        caseId: event.caseId,
        version: event.version,
        type: event.type,
        // jsonb columns: TypeORM's partial-entity type cannot see through Record<string, unknown>.
        payload: event.payload as QueryDeepPartialEntity<Record<string, unknown>>,
        actor: event.actor as QueryDeepPartialEntity<Record<string, unknown>>,
        occurredAt: event.occurredAt,
        requestId: event.requestId ?? null,
      })
      .orIgnore()
      .returning(RETURNING_STORED_EVENT)
      .execute();
    const row = (inserted.raw as StoredDomainEvent[])[0];
    if (row) return row;

    const existing = await manager.findOneByOrFail(DomainEventEntity, { caseId: event.caseId, version: event.version });
    if (!isSameEvent(existing, event)) {
      throw new EventVersionConflictError(event.caseId, event.version, existing.type);
    }
    return toStored(existing);
  }

  async readCase(caseId: string): Promise<StoredDomainEvent[]> {
    const rows = await this.dataSource.manager.find(DomainEventEntity, {
      where: { caseId },
      order: { version: 'ASC' },
    });
    return rows.map(toStored);
  }
}

function toStored(entity: DomainEventEntity): StoredDomainEvent {
  return {
    position: String(entity.position),
    caseId: entity.caseId,
    version: entity.version,
    type: entity.type,
    payload: entity.payload,
    actor: entity.actor,
    occurredAt: entity.occurredAt,
    recordedAt: entity.recordedAt,
    requestId: entity.requestId,
  };
}

/** The fields that make two writes of one (case, version) the same event: a retry, not a conflict. */
export interface ComparableEvent {
  type: string;
  payload: unknown;
  actor: unknown;
  occurredAt: Date;
  requestId?: string | null;
}

/** Whether a stored row is the event a retried write is trying to store again (jsonb compared as JSON). */
export function isSameEvent(stored: ComparableEvent, candidate: ComparableEvent): boolean {
  return (
    stored.type === candidate.type &&
    stored.occurredAt.getTime() === candidate.occurredAt.getTime() &&
    (stored.requestId ?? null) === (candidate.requestId ?? null) &&
    isDeepStrictEqual(stored.payload, JSON.parse(JSON.stringify(candidate.payload))) &&
    isDeepStrictEqual(stored.actor, JSON.parse(JSON.stringify(candidate.actor)))
  );
}
