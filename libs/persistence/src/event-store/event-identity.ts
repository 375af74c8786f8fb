import { isDeepStrictEqual } from 'node:util';

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

/** The fields that make two writes of one (case, version) the same event: a retry, not a conflict. */
export interface ComparableEvent {
  type: string;
  payload: unknown;
  actor: unknown;
  requestId?: string | null;
}

/**
 * Whether a stored row is the event a retried write is trying to store again (jsonb compared as
 * JSON). The time is not compared: a workflow task that stored its events and was then lost (its
 * worker killed before the server heard it had finished) runs again, and decides the same events
 * at its own, later, time. The same type, request, actor and payload at the same (case, version)
 * are the same decision; the time first stored stands, and nothing is written twice.
 */
export function isSameEvent(stored: ComparableEvent, candidate: ComparableEvent): boolean {
  return (
    stored.type === candidate.type &&
    (stored.requestId ?? null) === (candidate.requestId ?? null) &&
    isDeepStrictEqual(stored.payload, JSON.parse(JSON.stringify(candidate.payload))) &&
    isDeepStrictEqual(stored.actor, JSON.parse(JSON.stringify(candidate.actor)))
  );
}
