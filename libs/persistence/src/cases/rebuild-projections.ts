import { fold, type CaseState } from '@app/domain';
import type { DataSource } from 'typeorm';
import type { ReadModelProjection } from '../event-store/event-projection';
import { EVENT_COLUMNS, toCaseEvent, type StoredEventRow } from './case-store';
import { READ_MODELS } from './read-models.projection';

export interface RebuildReport {
  cases: number;
  events: number;
  ms: number;
}

/**
 * Rebuilds every read model (`READ_MODELS`, those the store projects live) from the events, in one
 * transaction: readers see the old rows until it commits, and the live projection waits on the
 * table locks, so no transition is lost in between. Cases are read and written `batchSize` at a
 * time, each batch's rows in one statement per table (a row per statement made 100,000 cases take
 * minutes). Once committed, the tables are vacuumed and analysed: every row was replaced, and until
 * autovacuum comes round the reads would wade through the dead ones with the old statistics.
 */
export async function rebuildProjections(dataSource: DataSource, batchSize = 1000, readModels: readonly ReadModelProjection[] = READ_MODELS): Promise<RebuildReport> {
  const started = Date.now();
  const tables = readModels.flatMap((projection) => projection.tables);
  const { cases, events } = await dataSource.transaction(async (manager) => {
    await manager.query(`LOCK TABLE ${tables.join(', ')} IN EXCLUSIVE MODE`);
    for (const table of [...tables].reverse()) await manager.query(`DELETE FROM ${table}`);
    let cases = 0;
    let events = 0;
    let after = '';
    for (;;) {
      const ids = await manager.query<{ case_id: string }[]>(`SELECT DISTINCT case_id FROM secondment.domain_event WHERE case_id > $1 ORDER BY case_id LIMIT $2`, [after, batchSize]);
      if (ids.length === 0) break;
      const last = ids[ids.length - 1].case_id;
      // The batch's events as a range of the (case_id, version) index, read in its order: no sort.
      const rows = await manager.query<(StoredEventRow & { caseId: string })[]>(
        `SELECT case_id AS "caseId", ${EVENT_COLUMNS} FROM secondment.domain_event WHERE case_id > $1 AND case_id <= $2 ORDER BY case_id, version`,
        [after, last],
      );
      const byCase = new Map<string, StoredEventRow[]>();
      for (const row of rows) {
        const stream = byCase.get(row.caseId);
        if (stream) stream.push(row);
        else byCase.set(row.caseId, [row]);
      }
      const states: CaseState[] = [];
      for (const [caseId, stream] of byCase) {
        // Only case streams project; other streams (the wiring probe) have no read model.
        if (stream[0]?.type !== 'CaseProposed') continue;
        stream.forEach((row, i) => {
          if (row.version !== i + 1) throw new Error(`case ${caseId} has a gap in its events at version ${i + 1}`);
        });
        states.push(fold(stream.map(toCaseEvent))!);
        events += stream.length;
      }
      for (const projection of readModels) await projection.rebuild(states, manager);
      cases += states.length;
      after = last;
    }
    return { cases, events };
  });
  await dataSource.query(`VACUUM (ANALYZE) ${tables.join(', ')}`);
  return { cases, events, ms: Date.now() - started };
}
