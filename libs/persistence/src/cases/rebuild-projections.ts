import { caseSummaryOf, fold, officialMoveOf, type CaseState } from '@app/domain';
import type { DataSource, EntityManager } from 'typeorm';
import { CASE_SUMMARY_COLUMNS, OFFICIAL_MOVE_COLUMNS } from './case-rows';
import { EVENT_COLUMNS, toCaseEvent, type StoredEventRow } from './case-store';

export interface RebuildReport {
  cases: number;
  events: number;
  ms: number;
}

/**
 * Rebuilds every read model from the events, in one transaction: readers see the old rows until it
 * commits, and the live projector waits on the table locks, so no transition is lost in between.
 * Cases are read and written `batchSize` at a time, each batch's rows in one statement per table
 * (a row per statement made 100,000 cases take minutes). Once committed, the tables are vacuumed
 * and analysed: every row was replaced, and until autovacuum comes round the reads would wade
 * through the dead ones with the old statistics.
 */
export async function rebuildProjections(dataSource: DataSource, batchSize = 1000): Promise<RebuildReport> {
  const started = Date.now();
  const { cases, events } = await dataSource.transaction(async (manager) => {
    await manager.query(`LOCK TABLE secondment.case_summary, secondment.official_move IN EXCLUSIVE MODE`);
    await manager.query(`DELETE FROM secondment.official_move`);
    await manager.query(`DELETE FROM secondment.case_summary`);
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
      await writeAll(manager, states);
      cases += states.length;
      after = last;
    }
    return { cases, events };
  });
  await dataSource.query(`VACUUM (ANALYZE) secondment.case_summary, secondment.official_move`);
  return { cases, events, ms: Date.now() - started };
}

/**
 * The rows the live projector writes for each state (writeReadModels: the list row with the state,
 * the official's move), many cases per statement: one JSON array of rows, keyed by column, read
 * back as the table's row type. Plain inserts: the tables were emptied in this transaction, under
 * its lock, and each case comes once.
 */
async function writeAll(manager: EntityManager, states: CaseState[]): Promise<void> {
  if (states.length === 0) return;
  const summaries = states.map((state) => ({ ...byColumn(CASE_SUMMARY_COLUMNS, caseSummaryOf(state)), state }));
  const moves = states.map((state) => byColumn(OFFICIAL_MOVE_COLUMNS, officialMoveOf(state)));
  await manager.query(...insertAll('secondment.case_summary', [...Object.values(CASE_SUMMARY_COLUMNS), 'state'], summaries));
  await manager.query(...insertAll('secondment.official_move', Object.values(OFFICIAL_MOVE_COLUMNS), moves));
}

function byColumn(columns: Record<string, string>, row: object): Record<string, unknown> {
  return Object.fromEntries(Object.entries(columns).map(([field, column]) => [column, (row as Record<string, unknown>)[field]]));
}

function insertAll(table: string, names: string[], rows: Record<string, unknown>[]): [string, unknown[]] {
  const list = names.join(', ');
  return [`INSERT INTO ${table} (${list}) SELECT ${list} FROM jsonb_populate_recordset(NULL::${table}, $1::jsonb)`, [JSON.stringify(rows)]];
}
