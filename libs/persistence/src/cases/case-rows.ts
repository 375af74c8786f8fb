import type { CaseSummaryRow, OfficialMoveRow } from '@app/domain';

/** Column names of the read models, in the order of the domain's row types. */
export const CASE_SUMMARY_COLUMNS: Record<keyof CaseSummaryRow, string> = {
  caseId: 'case_id',
  version: 'version',
  form: 'form',
  stage: 'stage',
  outcome: 'outcome',
  officialId: 'official_id',
  officialName: 'official_name',
  officialNameKey: 'official_name_key',
  sendingUnitId: 'sending_unit_id',
  sendingUnitName: 'sending_unit_name',
  receivingUnitId: 'receiving_unit_id',
  receivingUnitName: 'receiving_unit_name',
  position: 'position',
  proposerId: 'proposer_id',
  proposerName: 'proposer_name',
  proposedAt: 'proposed_at',
  stageOpenedAt: 'stage_opened_at',
  stageDeadline: 'stage_deadline',
  escalationLevel: 'escalation_level',
  decisionNumber: 'decision_number',
  decisionDate: 'decision_date',
  effectiveDate: 'effective_date',
  termEnd: 'term_end',
  overdue: 'overdue',
  nextTimerAt: 'next_timer_at',
  closedAt: 'closed_at',
  awaits: 'awaits',
  inboxFacts: 'inbox_facts',
};

export const OFFICIAL_MOVE_COLUMNS: Record<keyof OfficialMoveRow, string> = {
  officialId: 'official_id',
  caseId: 'case_id',
  officialName: 'official_name',
  form: 'form',
  fromUnitId: 'from_unit_id',
  fromUnitName: 'from_unit_name',
  toUnitId: 'to_unit_id',
  toUnitName: 'to_unit_name',
  position: 'position',
  stage: 'stage',
  outcome: 'outcome',
  decisionNumber: 'decision_number',
  startedOn: 'started_on',
  termEnd: 'term_end',
  returnedOn: 'returned_on',
  proposedAt: 'proposed_at',
};

const DATE_COLUMNS = new Set(['stage_deadline', 'decision_date', 'effective_date', 'term_end', 'started_on', 'returned_on']);
const INSTANT_COLUMNS = new Set(['proposed_at', 'stage_opened_at', 'next_timer_at', 'closed_at']);

/** A SELECT list that reads the row back in the domain's shape (dates as YYYY-MM-DD, instants as ISO). */
export function selectList(columns: Record<string, string>, alias = ''): string {
  const prefix = alias ? `${alias}.` : '';
  return Object.entries(columns)
    .map(([field, column]) => {
      if (DATE_COLUMNS.has(column)) return `${prefix}${column}::text AS "${field}"`;
      if (INSTANT_COLUMNS.has(column))
        return `to_char(${prefix}${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS "${field}"`;
      return `${prefix}${column} AS "${field}"`;
    })
    .join(', ');
}

/** `INSERT ... ON CONFLICT (key) DO UPDATE` of one row, with its parameters. */
export function upsert(table: string, columns: Record<string, string>, key: string[], row: object, extra: Record<string, unknown> = {}, firstParameter = 1): [string, unknown[]] {
  const names = [...Object.values(columns), ...Object.keys(extra)];
  const values = [...Object.keys(columns).map((field) => (row as Record<string, unknown>)[field]), ...Object.values(extra)];
  const placeholders = names.map((_, i) => `$${i + firstParameter}`);
  const updates = names.filter((name) => !key.includes(name)).map((name) => `${name} = EXCLUDED.${name}`);
  return [`INSERT INTO ${table} (${names.join(', ')}) VALUES (${placeholders.join(', ')}) ON CONFLICT (${key.join(', ')}) DO UPDATE SET ${updates.join(', ')}`, values];
}
