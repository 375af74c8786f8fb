/**
 * The rows of a batch nomination as the page keeps them: a new row, rows from text pasted out of a
 * spreadsheet, what a row still lacks, and the nomination a complete row asks for.
 */
import { formatDate, parseDate, searchKey, today } from '../../format';
import type { Form, NominationBody, Unit } from '../../types';
import { addDays } from '@app/domain/calendar';
import type { termOf } from '../nomination-check';

export interface Row {
  id: number;
  officialId: string | null;
  officialName: string;
  communeId: string | null;
  position: string;
  startText: string;
  reason: string;
  note: string | null;
}

let nextRowId = 1;

export function newRow(from?: Row): Row {
  return {
    id: nextRowId++,
    officialId: null,
    officialName: '',
    communeId: from?.communeId ?? null,
    position: from?.position ?? '',
    startText: from?.startText ?? formatDate(addDays(today(), 30)),
    reason: from?.reason ?? '',
    note: null,
  };
}

/** The commune a pasted cell names: its id, its name, or its name without "Xã"/"Phường" (diacritics optional). */
function communeOf(text: string, communes: readonly Unit[]): string | null {
  const cell = text.trim();
  if (!cell) return null;
  const byId = communes.find((unit) => unit.id === cell);
  if (byId) return byId.id;
  const folded = searchKey(cell);
  const exact = communes.filter((unit) => searchKey(unit.name) === folded);
  if (exact.length === 1) return exact[0].id;
  const suffix = communes.filter((unit) => searchKey(unit.name).endsWith(` ${folded}`));
  return suffix.length === 1 ? suffix[0].id : null;
}

/** Rows from text copied out of a spreadsheet (tab-separated; `;` also taken). */
export function parsePasted(text: string, communes: readonly Unit[], note: (name: string) => string): Row[] {
  const lines = text.split(/\r?\n/).filter((line) => line.trim() !== '');
  const rows: Row[] = [];
  lines.forEach((line, index) => {
    const cells = (line.includes('\t') ? line.split('\t') : line.split(';')).map((cell) => cell.trim());
    const [officialId = '', commune = '', position = '', start = '', ...rest] = cells;
    // A header names its columns: no digit in the id cell and no day in the date cell.
    if (index === 0 && !/\d/.test(officialId) && start !== '' && parseDate(start) === null) return;
    const communeId = communeOf(commune, communes);
    const day = parseDate(start);
    rows.push({
      id: nextRowId++,
      officialId: officialId || null,
      officialName: officialId,
      communeId,
      position,
      startText: day ? formatDate(day) : start,
      reason: rest.join(' ').trim(),
      note: commune && !communeId ? note(commune) : null,
    });
  });
  return rows;
}

/** The list with rows added at its end; the rows nothing was typed into yet (but the carried-over values) make way. */
export function withAdded(list: readonly Row[], added: readonly Row[]): Row[] {
  return [...list.filter((row) => row.officialId || row.position.trim() || row.reason.trim()), ...added];
}

/** The request's fields a row has not filled in yet. */
export function missingOf(row: Row): string[] {
  return [
    !row.officialId ? 'officialId' : null,
    !row.communeId ? 'receivingUnitId' : null,
    !row.position.trim() ? 'position' : null,
    !parseDate(row.startText) ? 'plannedStart' : null,
    !row.reason.trim() ? 'reason' : null,
  ].filter((field): field is string => field !== null);
}

/** The numbers (from 1) of the rows not filled in. */
export function incompleteRowsOf(rows: readonly Row[]): number[] {
  return rows.map((row, i) => (missingOf(row).length ? i + 1 : 0)).filter(Boolean);
}

/** What applies to every row: the form, the sending unit, the term. */
export interface ListSettings {
  form: Form;
  homeAffairs: boolean;
  sendingUnitId: string | null;
  termValue: ReturnType<typeof termOf>;
}

/** The nomination a row asks for, or null while the row or the list's settings are not enough for one. */
export function nominationOf(row: Row, { form, homeAffairs, sendingUnitId, termValue }: ListSettings): NominationBody | null {
  const start = parseDate(row.startText);
  if (!row.officialId || !row.communeId || !start || !sendingUnitId || termValue.invalid) return null;
  return {
    form,
    officialId: row.officialId,
    ...(homeAffairs ? { sendingUnitId } : {}),
    receivingUnitId: row.communeId,
    ...(row.position.trim() ? { position: row.position.trim() } : {}),
    plannedStart: start,
    ...(termValue.term ? { term: termValue.term } : {}),
    ...(row.reason.trim() ? { reason: row.reason.trim() } : {}),
  };
}
