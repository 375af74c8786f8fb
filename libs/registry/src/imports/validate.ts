import { localDateOf, type Bilingual } from '@app/domain';
import { kindOfCategory } from '../units';
import { legacyFileError, mojibakeIn } from './encodings';
import type { Table } from './file';
import {
  IMPORT_LIMITS,
  ImportFileError,
  OFFICIAL_ID,
  UNIT_ID,
  type ImportError,
  type OfficialRecord,
  type QuotaRecord,
  type RecordOf,
  type RegistryKind,
  type RegistryRecord,
  type RegistrySnapshot,
  type UnitRecord,
} from './model';
import { columnLookup, mapHeader, RowReader } from './row-reader';
import { headerKey } from './text';
import { CATEGORY_WORDS, EMPLOYMENT_WORDS, GENDER_WORDS, VALUE_LABELS_VI } from './values';

/**
 * Validation is pure (`validateTable` over a `RegistrySnapshot` of the database): every bad row,
 * with its spreadsheet row number (the header is row 1), column, value and rule; then the diff
 * that tells new rows from changed and unchanged ones, so a second import of a file changes nothing.
 */

const UNIT_SHAPE: Bilingual = { vi: 'chữ thường không dấu, số và dấu gạch ngang (ví dụ xa-ea-kar), tối đa 100 ký tự', en: 'lower-case letters, digits and hyphens (e.g. xa-ea-kar), up to 100 characters' };
const OFFICIAL_SHAPE: Bilingual = { vi: 'chữ, số và . _ : - (không dấu, không khoảng trắng), tối đa 200 ký tự', en: 'letters, digits and . _ : - (no spaces), up to 200 characters' };

export function recordKey(kind: RegistryKind, record: RegistryRecord): string {
  return kind === 'quotas' ? `${(record as QuotaRecord).unitId}\u0000${(record as QuotaRecord).fieldId}` : (record as UnitRecord | OfficialRecord).id;
}

/** The fields of each kind, compared one by one to tell an update from an unchanged row. */
const FIELDS: { [K in RegistryKind]: (keyof RecordOf[K])[] } = {
  units: ['id', 'name', 'category', 'difficultArea'],
  officials: ['id', 'fullName', 'title', 'unitId', 'fieldId', 'rank', 'employment', 'isLeader', 'inLeadershipPlan', 'birthDate', 'gender'],
  quotas: ['unitId', 'fieldId', 'quota'],
};

export function sameRecord(kind: RegistryKind, a: RegistryRecord, b: RegistryRecord): boolean {
  return (FIELDS[kind] as string[]).every((field) => (a as unknown as Record<string, unknown>)[field] === (b as unknown as Record<string, unknown>)[field]);
}

function readUnit(reader: RowReader, snapshot: RegistrySnapshot): UnitRecord | null {
  const id = reader.id('id', UNIT_ID, true, UNIT_SHAPE);
  const name = reader.text('name', IMPORT_LIMITS.unitName, true);
  const category = reader.choice('category', CATEGORY_WORDS, true);
  const difficult = reader.flag('difficultArea');
  if (id === null || name === null || category === null || difficult === null) return null;
  const existing = snapshot.existing.get(id) as UnitRecord | undefined;
  if (existing && kindOfCategory(existing.category) !== kindOfCategory(category) && snapshot.unitsOnCases.has(id)) {
    const from = kindOfCategory(existing.category);
    reader.fail('category', 'kind_change', {
      vi: `Đơn vị ${id} đang là ${from === 'department' ? 'đơn vị cử đi (sở, ban, ngành)' : 'đơn vị tiếp nhận (xã, phường, đặc khu)'} trong các hồ sơ biệt phái; không đổi sang loại «${VALUE_LABELS_VI.category[category]}» được.`,
      en: `Unit ${id} is a ${from === 'department' ? 'sending (department)' : 'receiving (commune)'} unit in secondment cases; its category cannot become ${category}, which is the other kind.`,
    });
    return null;
  }
  return { id, name, category, difficultArea: reader.has('difficultArea') ? difficult : (existing?.difficultArea ?? false) };
}

function readOfficial(reader: RowReader, snapshot: RegistrySnapshot, today: string): OfficialRecord | null {
  const id = reader.id('id', OFFICIAL_ID, true, OFFICIAL_SHAPE);
  const fullName = reader.text('fullName', IMPORT_LIMITS.fullName, true);
  const title = reader.text('title', IMPORT_LIMITS.title, false);
  const unitId = reader.unitRef('unitId', snapshot.unitIds, true);
  const fieldId = reader.fieldRef('fieldId', snapshot.fieldIds, false);
  const rank = reader.text('rank', IMPORT_LIMITS.rank, false);
  const employment = reader.choice('employment', EMPLOYMENT_WORDS, true);
  const isLeader = reader.flag('isLeader');
  const inPlan = reader.flag('inLeadershipPlan');
  const birthDate = reader.date('birthDate', today);
  const gender = reader.choice('gender', GENDER_WORDS, false);
  if (reader.errors.length > 0 || id === null || fullName === null || unitId === null || employment === null || isLeader === null || inPlan === null || birthDate === undefined) {
    return null;
  }
  const existing = snapshot.existing.get(id) as OfficialRecord | undefined;
  // A column the file does not have keeps what the registry holds (a new official gets the default).
  const keep = <K extends keyof OfficialRecord>(key: K, value: OfficialRecord[K], fallback: OfficialRecord[K]): OfficialRecord[K] =>
    reader.has(key) ? value : existing ? existing[key] : fallback;
  const record: OfficialRecord = {
    id,
    fullName,
    title: keep('title', title, null),
    unitId,
    fieldId: keep('fieldId', fieldId, null),
    rank: keep('rank', rank, null),
    employment,
    isLeader: keep('isLeader', isLeader, false),
    inLeadershipPlan: keep('inLeadershipPlan', inPlan, false),
    birthDate: keep('birthDate', birthDate, null),
    gender: keep('gender', gender, null),
  };
  const openCase = snapshot.officialsOnOpenCases?.get(id);
  if (existing && existing.unitId !== unitId && openCase) {
    // The case names the official's unit as its sending unit: a move now would leave the case naming the wrong one.
    reader.fail('unitId', 'moved_on_open_case', {
      vi: `Công chức ${id} đang có hồ sơ ${openCase} chưa kết thúc với đơn vị cử đi ${existing.unitId}; chưa chuyển sang đơn vị ${unitId} được cho đến khi hồ sơ kết thúc.`,
      en: `Official ${id} has case ${openCase} open with ${existing.unitId} as the sending unit; they cannot move to ${unitId} until it is closed.`,
    });
    return null;
  }
  if (record.inLeadershipPlan && !record.isLeader) {
    reader.fail('inLeadershipPlan', 'plan_needs_leader', {
      vi: 'Chỉ người giữ chức vụ lãnh đạo, quản lý mới được đưa vào quy hoạch: «Quy hoạch» là Có thì «Lãnh đạo» phải là Có.',
      en: 'Only a leader or manager can be in the leadership plan: inLeadershipPlan true needs isLeader true.',
    });
    return null;
  }
  return record;
}

function readQuota(reader: RowReader, snapshot: RegistrySnapshot): QuotaRecord | null {
  const unitId = reader.unitRef('unitId', snapshot.unitIds, true);
  const fieldId = reader.fieldRef('fieldId', snapshot.fieldIds, true);
  const text = reader.raw('quota');
  let quota: number | null = null;
  if (text === '') reader.required('quota');
  else if (!/^\d+$/.test(text) || Number(text) > IMPORT_LIMITS.quota) {
    reader.fail('quota', 'quota', {
      vi: `Biên chế «${text}» phải là số nguyên từ 0 đến ${IMPORT_LIMITS.quota.toLocaleString('vi-VN')} (không dấu phân cách hàng nghìn).`,
      en: `quota "${text}" must be a whole number from 0 to ${IMPORT_LIMITS.quota} (no thousands separator).`,
    });
  } else quota = Number(text);
  return unitId === null || fieldId === null || quota === null ? null : { unitId, fieldId, quota };
}

export interface Validation<K extends RegistryKind = RegistryKind> {
  rows: number;
  valid: number;
  errors: ImportError[];
  /** The valid rows as records, in file order. */
  records: { row: number; record: RecordOf[K] }[];
}

export interface ValidateOptions {
  /** YYYY-MM-DD, for the age rules; today in Vietnam by default. */
  today?: string;
  onProgress?: (done: number, total: number) => void;
  progressEvery?: number;
}

/** Every rule on every row of a table, against what the database holds. */
export function validateTable<K extends RegistryKind>(kind: K, table: Table, snapshot: RegistrySnapshot, options: ValidateOptions = {}): Validation<K> {
  const today = options.today ?? localDateOf(Date.now());
  const errors: ImportError[] = [];
  const [headerRecord, ...dataRecords] = table.records;
  if (!headerRecord) {
    throw new ImportFileError(400, 'empty-import-file', 'header', {
      vi: 'Tệp không có dòng tiêu đề (dòng 1: tên các cột) và không có dữ liệu.',
      en: 'The file has no header row (row 1: the column names) and no data.',
    });
  }
  if (dataRecords.length > IMPORT_LIMITS.rows) {
    throw new ImportFileError(
      413,
      'too-many-rows',
      'too_many_rows',
      { vi: `Tệp có ${dataRecords.length} dòng dữ liệu; tối đa ${IMPORT_LIMITS.rows} dòng mỗi lần nhập.`, en: `The file has ${dataRecords.length} data rows; at most ${IMPORT_LIMITS.rows} per import.` },
      { rows: dataRecords.length },
    );
  }
  for (const cell of headerRecord.cells) {
    const legacy = mojibakeIn(cell);
    if (legacy) {
      throw legacyFileError({ encoding: legacy.encoding, sample: { line: headerRecord.row, found: cell, reads: legacy.reads } });
    }
  }
  const header = mapHeader(kind, headerRecord, errors);
  if (errors.some((e) => e.rule !== 'unknown_column')) return { rows: dataRecords.length, valid: 0, errors, records: [] };

  const records: { row: number; record: RecordOf[K] }[] = [];
  const firstRowOf = new Map<string, number>();
  const every = options.progressEvery ?? 1_000;
  dataRecords.forEach((data, i) => {
    const reader = new RowReader(header, data.row, data.cells);
    const record =
      kind === 'units' ? readUnit(reader, snapshot) : kind === 'officials' ? readOfficial(reader, snapshot, today) : readQuota(reader, snapshot);
    // A repeated key is found on every row that has one, bad or not.
    const key = kind === 'quotas' ? (reader.raw('unitId') && reader.raw('fieldId') ? `${reader.raw('unitId')}\u0000${reader.raw('fieldId')}` : '') : reader.raw('id');
    const first = key === '' ? undefined : firstRowOf.get(key);
    if (first !== undefined) {
      const column = kind === 'quotas' ? 'fieldId' : 'id';
      const what = kind === 'quotas' ? { vi: 'Cặp đơn vị – lĩnh vực', en: 'The unit and field pair' } : { vi: 'Mã', en: 'The id' };
      reader.fail(column, 'duplicate', {
        vi: `${what.vi} «${key.replace('\u0000', ' – ')}» đã có ở dòng ${first} của tệp.`,
        en: `${what.en} ${key.replace('\u0000', ' + ')} is already on row ${first} of the file.`,
      });
    } else if (key !== '') firstRowOf.set(key, data.row);
    if (record && first === undefined) records.push({ row: data.row, record: record as RecordOf[K] });
    errors.push(...reader.errors);
    if (options.onProgress && (i + 1) % every === 0) options.onProgress(i + 1, dataRecords.length);
  });
  return { rows: dataRecords.length, valid: records.length, errors, records };
}

export interface Diff<K extends RegistryKind = RegistryKind> {
  inserts: RecordOf[K][];
  updates: RecordOf[K][];
  unchanged: number;
}

/** Which valid rows are new, which change a row, which are as the registry holds them. */
export function diffRecords<K extends RegistryKind>(kind: K, records: { record: RecordOf[K] }[], snapshot: RegistrySnapshot): Diff<K> {
  const diff: Diff<K> = { inserts: [], updates: [], unchanged: 0 };
  for (const { record } of records) {
    const existing = snapshot.existing.get(recordKey(kind, record));
    if (!existing) diff.inserts.push(record);
    else if (!sameRecord(kind, existing, record)) diff.updates.push(record);
    else diff.unchanged += 1;
  }
  return diff;
}


/** The ids the official rows of a table name (so a snapshot reads only those officials); none for other kinds. */
export function officialIdsIn(kind: RegistryKind, table: Table): string[] {
  if (kind !== 'officials' || table.records.length === 0) return [];
  const index = table.records[0].cells.findIndex((cell) => columnLookup(kind).get(headerKey(cell))?.key === 'id');
  return index < 0 ? [] : [...new Set(table.records.slice(1).map((record) => record.cells[index] ?? '').filter((id) => id !== ''))];
}
