import { fold } from '@app/domain';
import type { DataSource } from 'typeorm';
import { EVENT_COLUMNS, toCaseEvent, writeReadModels, type StoredEventRow } from './case-store';

export interface RebuildReport {
  cases: number;
  events: number;
  ms: number;
}

/**
 * Rebuilds every read model from the events, in one transaction: readers see the old rows until it
 * commits, and the live projector waits on the table locks, so no transition is lost in between.
 */
export async function rebuildProjections(dataSource: DataSource, batchSize = 500): Promise<RebuildReport> {
  const started = Date.now();
  return dataSource.transaction(async (manager) => {
    await manager.query(`LOCK TABLE secondment.case_summary, secondment.official_move IN EXCLUSIVE MODE`);
    await manager.query(`DELETE FROM secondment.official_move`);
    await manager.query(`DELETE FROM secondment.case_summary`);
    let cases = 0;
    let events = 0;
    let after = '';
    for (;;) {
      const ids = await manager.query<{ case_id: string }[]>(`SELECT DISTINCT case_id FROM secondment.domain_event WHERE case_id > $1 ORDER BY case_id LIMIT $2`, [after, batchSize]);
      if (ids.length === 0) break;
      const rows = await manager.query<(StoredEventRow & { caseId: string })[]>(`SELECT case_id AS "caseId", ${EVENT_COLUMNS} FROM secondment.domain_event WHERE case_id = ANY($1) ORDER BY case_id, version`, [
        ids.map((row) => row.case_id),
      ]);
      const byCase = new Map<string, StoredEventRow[]>();
      for (const row of rows) {
        const stream = byCase.get(row.caseId);
        if (stream) stream.push(row);
        else byCase.set(row.caseId, [row]);
      }
      for (const [caseId, stream] of byCase) {
        // Only case streams project; other streams (the wiring probe) have no read model.
        if (stream[0]?.type !== 'CaseProposed') continue;
        stream.forEach((row, i) => {
          if (row.version !== i + 1) throw new Error(`case ${caseId} has a gap in its events at version ${i + 1}`);
        });
        await writeReadModels(manager, fold(stream.map(toCaseEvent))!);
        cases += 1;
        events += stream.length;
      }
      after = ids[ids.length - 1].case_id;
    }
    return { cases, events, ms: Date.now() - started };
  });
}
