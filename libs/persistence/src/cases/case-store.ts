import { fold, timelineEntry, type CaseEvent, type CaseState, type CaseSummaryRow, type OfficialMoveRow, type TimelineEntry } from '@app/domain';
import type { DataSource, EntityManager } from 'typeorm';
import type { EventProjection, StoredTransition } from '../event-store/event-projection';
import { EventVersionConflictError, isSameEvent } from '../event-store/event-identity';
import { CASE_SUMMARY_COLUMNS, OFFICIAL_MOVE_COLUMNS, selectList } from './case-rows';

export interface RecordCaseEvents {
  caseId: string;
  /** The case version before these events. */
  fromVersion: number;
  events: CaseEvent[];
}

/** The read model's version differs from the event stream's: a projection was skipped or run twice. */
export class ProjectionOutOfStepError extends Error {
  constructor(caseId: string, expected: number, found: number) {
    super(`the read model of case ${caseId} is at version ${found}, the events at ${expected}; rebuild the projections`);
    this.name = 'ProjectionOutOfStepError';
  }
}

interface StoredEventRow {
  version: number;
  type: string;
  payload: Record<string, unknown>;
  actor: Record<string, unknown>;
  occurredAt: Date;
  requestId: string | null;
}

function toCaseEvent(row: StoredEventRow): CaseEvent {
  const event = { type: row.type, data: row.payload, actor: row.actor, at: row.occurredAt.toISOString(), requestId: row.requestId };
  return event as unknown as CaseEvent;
}

const EVENT_COLUMNS = `version, type, payload, actor, occurred_at AS "occurredAt", request_id AS "requestId"`;

/**
 * The case's write side and its read models. `record` stores a transition's events and runs the
 * projections registered with the store (the read models, the notification outbox, ...), in the
 * order given, in one transaction keyed by (case id, version): a retry after a commit finds its
 * events stored, checks they are the same, and writes nothing. The state a transition applies to is
 * the one the case list keeps (`case_summary.state`), so a store that records is given the read
 * models' projection (`READ_MODELS`); a store that only reads (the API's) is given none.
 */
export class CaseStore {
  constructor(
    private readonly dataSource: DataSource,
    private readonly projections: readonly EventProjection[],
  ) {}

  async record({ caseId, fromVersion, events }: RecordCaseEvents): Promise<{ version: number; inserted: boolean }> {
    if (events.length === 0) return { version: fromVersion, inserted: false };
    const toVersion = fromVersion + events.length;
    return this.dataSource.transaction(async (manager) => {
      const versions = events.map((_, i) => fromVersion + 1 + i);
      // One round trip: the events, and the read model's row locked (the state the events apply to).
      // The row lock orders this with a rebuild and with any other writer of the case's read models.
      const [{ inserted, current }] = await manager.query<{ inserted: number[] | null; current: CaseState | null }[]>(
        `WITH stored AS (
           INSERT INTO secondment.domain_event (case_id, version, type, payload, actor, occurred_at, request_id)
           SELECT $1, v, t, p, a, o, r
             FROM unnest($2::int[], $3::text[], $4::jsonb[], $5::jsonb[], $6::timestamptz[], $7::text[]) AS e(v, t, p, a, o, r)
           ON CONFLICT ON CONSTRAINT domain_event_case_version_key DO NOTHING
           RETURNING version)
         SELECT (SELECT array_agg(version ORDER BY version) FROM stored) AS inserted,
                (SELECT state FROM secondment.case_summary WHERE case_id = $1 FOR UPDATE) AS current`,
        [
          caseId,
          versions,
          events.map((e) => e.type),
          events.map((e) => JSON.stringify(e.data)),
          events.map((e) => JSON.stringify(e.actor)),
          events.map((e) => e.at),
          events.map((e) => e.requestId ?? null),
        ],
      );

      if (!inserted || inserted.length === 0) {
        await this.assertAlreadyStored(manager, caseId, fromVersion, events);
        return { version: toVersion, inserted: false };
      }
      if (inserted.length !== events.length) {
        // Part of the range was taken by another writer: nothing of this attempt may stand.
        const taken = versions.find((v) => !inserted.includes(v))!;
        throw new EventVersionConflictError(caseId, taken, 'another event');
      }
      const transition = this.transition(caseId, fromVersion, events, current);
      for (const projection of this.projections) await projection.project(transition, manager);
      return { version: toVersion, inserted: true };
    });
  }

  private async assertAlreadyStored(manager: EntityManager, caseId: string, fromVersion: number, events: CaseEvent[]): Promise<void> {
    const rows = await manager.query<StoredEventRow[]>(
      `SELECT ${EVENT_COLUMNS} FROM secondment.domain_event WHERE case_id = $1 AND version > $2 AND version <= $3 ORDER BY version`,
      [caseId, fromVersion, fromVersion + events.length],
    );
    events.forEach((event, i) => {
      const row = rows[i];
      const same = row !== undefined && isSameEvent(row, { type: event.type, payload: event.data, actor: event.actor, requestId: event.requestId });
      if (!same) throw new EventVersionConflictError(caseId, fromVersion + 1 + i, row?.type ?? 'none');
    });
  }

  /** The stored transition the projections are given: the states before and after the events. */
  private transition(caseId: string, fromVersion: number, events: CaseEvent[], current: CaseState | null): StoredTransition {
    const found = current?.version ?? 0;
    if (found !== fromVersion) throw new ProjectionOutOfStepError(caseId, fromVersion, found);
    const state = fold(events, current)!;
    if (state.caseId !== caseId) throw new Error(`events of case ${state.caseId} cannot be stored in the stream of case ${caseId}`);
    return { caseId, fromVersion, events, before: current, after: state };
  }

  /** The case's events, in order. */
  async events(caseId: string): Promise<CaseEvent[]> {
    return (await this.rows(caseId)).map(toCaseEvent);
  }

  /** Who did what, when, why, with which document: served from the events. */
  async timeline(caseId: string): Promise<TimelineEntry[]> {
    return (await this.rows(caseId)).map((row) => timelineEntry(row.version, toCaseEvent(row)));
  }

  private rows(caseId: string): Promise<StoredEventRow[]> {
    return this.dataSource.query<StoredEventRow[]>(`SELECT ${EVENT_COLUMNS} FROM secondment.domain_event WHERE case_id = $1 ORDER BY version`, [caseId]);
  }

  async summary(caseId: string): Promise<CaseSummaryRow | null> {
    const [row] = await this.dataSource.query<CaseSummaryRow[]>(`SELECT ${selectList(CASE_SUMMARY_COLUMNS)} FROM secondment.case_summary WHERE case_id = $1`, [caseId]);
    return row ?? null;
  }

  async moves(officialId: string): Promise<OfficialMoveRow[]> {
    return await this.dataSource.query<OfficialMoveRow[]>(`SELECT ${selectList(OFFICIAL_MOVE_COLUMNS)} FROM secondment.official_move WHERE official_id = $1 ORDER BY proposed_at, case_id`, [
      officialId,
    ]);
  }

  /** Every read-model row, in key order, as stored (for comparing a rebuild with the live rows). */
  async allReadModelRows(): Promise<{ cases: (CaseSummaryRow & { state: CaseState })[]; moves: OfficialMoveRow[] }> {
    const cases = await this.dataSource.query<(CaseSummaryRow & { state: CaseState })[]>(`SELECT ${selectList(CASE_SUMMARY_COLUMNS)}, state FROM secondment.case_summary ORDER BY case_id`);
    const moves = await this.dataSource.query<OfficialMoveRow[]>(`SELECT ${selectList(OFFICIAL_MOVE_COLUMNS)} FROM secondment.official_move ORDER BY official_id, case_id`);
    return { cases, moves };
  }
}

export { toCaseEvent, type StoredEventRow, EVENT_COLUMNS };
