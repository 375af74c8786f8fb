import { caseSummaryOf, officialMoveOf, type CaseState } from '@app/domain';
import type { EntityManager } from 'typeorm';
import type { ReadModelProjection } from '../event-store/event-projection';
import { CASE_SUMMARY_COLUMNS, OFFICIAL_MOVE_COLUMNS, upsert } from './case-rows';

/** Writes the case's rows in every read model: the live projection's one statement. */
export async function writeReadModels(manager: EntityManager, state: CaseState): Promise<void> {
  // Both rows in one statement (one round trip in every step's transaction).
  const [summary, summaryValues] = upsert('secondment.case_summary', CASE_SUMMARY_COLUMNS, ['case_id'], caseSummaryOf(state), { state: JSON.stringify(state) });
  const [move, moveValues] = upsert('secondment.official_move', OFFICIAL_MOVE_COLUMNS, ['official_id', 'case_id'], officialMoveOf(state), {}, summaryValues.length + 1);
  await manager.query(`WITH summary AS (${summary}), move AS (${move}) SELECT 1`, [...summaryValues, ...moveValues]);
}

/**
 * The rows the live projection writes for each state (the list row with the state, the official's
 * move), many cases per statement: one JSON array of rows, keyed by column, read back as the table's
 * row type. Plain inserts: the tables were emptied in this transaction, under its lock, and each
 * case comes once.
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

/**
 * The case list (`case_summary`, which also keeps each case's state: the store reads it, locked,
 * as the state a transition applies to) and the officials' histories of moves (`official_move`).
 */
export const caseReadModels: ReadModelProjection = {
  name: 'case read models',
  tables: ['secondment.case_summary', 'secondment.official_move'],
  project: ({ after }, tx) => writeReadModels(tx, after),
  rebuild: (states, tx) => writeAll(tx, states),
};

/** The read models: projected live by the store, rebuilt from the events by `rebuildProjections`. A new read model is one more entry. */
export const READ_MODELS: readonly ReadModelProjection[] = [caseReadModels];
