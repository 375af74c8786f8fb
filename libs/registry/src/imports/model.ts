import type { Bilingual } from '@app/domain';
import type { Employment, Gender, UnitCategory } from '../units';

/**
 * What an import of the staffing registry (units, officials, quotas) reads and reports: the kinds,
 * their columns and limits, the records, the snapshot of the database validation judges against,
 * the rules a row can break and the report.
 */

// ---------------------------------------------------------------------------------------------
// Kinds, columns, limits.

export const REGISTRY_KINDS = ['units', 'officials', 'quotas'] as const;
export type RegistryKind = (typeof REGISTRY_KINDS)[number];

export function isRegistryKind(value: string): value is RegistryKind {
  return (REGISTRY_KINDS as readonly string[]).includes(value);
}

export interface ColumnSpec {
  /** The English header, and the field's name in errors. */
  key: string;
  /** The Vietnamese header written by exports. */
  vi: string;
  /** Other headers accepted on import (compared without case, diacritics, spaces or punctuation). */
  aliases: readonly string[];
  required: boolean;
}

const column = (key: string, vi: string, required: boolean, aliases: string[] = []): ColumnSpec => ({ key, vi, aliases, required });

/** The columns of each kind, in export order. */
export const REGISTRY_COLUMNS: Record<RegistryKind, readonly ColumnSpec[]> = {
  units: [
    column('id', 'Mã đơn vị', true, ['unitId']),
    column('name', 'Tên đơn vị', true, ['unitName', 'Tên']),
    column('category', 'Loại', true, ['Loại đơn vị', 'Phân loại']),
    column('difficultArea', 'Vùng khó khăn', false, ['Vùng sâu, vùng xa', 'Địa bàn khó khăn']),
  ],
  officials: [
    column('id', 'Mã công chức', true, ['officialId', 'Mã cán bộ', 'Mã số']),
    column('fullName', 'Họ và tên', true, ['name', 'Họ tên']),
    column('title', 'Chức danh', false, ['Chức vụ']),
    column('unitId', 'Mã đơn vị', true),
    column('fieldId', 'Mã lĩnh vực', false, ['field']),
    column('rank', 'Ngạch', false),
    column('employment', 'Loại hình', true, ['Loại hình công chức, viên chức']),
    column('isLeader', 'Lãnh đạo', false, ['leader', 'Lãnh đạo, quản lý']),
    column('inLeadershipPlan', 'Quy hoạch', false, ['leadershipPlan', 'Trong quy hoạch']),
    column('birthDate', 'Ngày sinh', false, ['dateOfBirth']),
    column('gender', 'Giới tính', false),
  ],
  quotas: [
    column('unitId', 'Mã đơn vị', true),
    column('fieldId', 'Mã lĩnh vực', true, ['field']),
    column('quota', 'Biên chế', true, ['Chỉ tiêu biên chế', 'Số biên chế']),
  ],
};

export const IMPORT_LIMITS = {
  unitName: 200,
  fullName: 150,
  title: 200,
  rank: 100,
  quota: 100_000,
  minAge: 18,
  maxAge: 70,
  /** Data rows per file. */
  rows: 50_000,
  /** Errors listed in a report (errorCount has them all). */
  reportedErrors: 5_000,
} as const;

/** org_unit.id's check in the migration. */
export const UNIT_ID = /^[a-z0-9][a-z0-9-]{0,99}$/;
/** The identifiers the case API accepts for an official (NominationDto). */
export const OFFICIAL_ID = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,199}$/;

// ---------------------------------------------------------------------------------------------
// Records, snapshot, report.

export interface UnitRecord {
  id: string;
  name: string;
  category: UnitCategory;
  difficultArea: boolean;
}

export interface OfficialRecord {
  id: string;
  fullName: string;
  title: string | null;
  unitId: string;
  fieldId: string | null;
  rank: string | null;
  employment: Employment;
  isLeader: boolean;
  inLeadershipPlan: boolean;
  /** YYYY-MM-DD */
  birthDate: string | null;
  gender: Gender | null;
}

export interface QuotaRecord {
  unitId: string;
  fieldId: string;
  quota: number;
}

export interface RecordOf {
  units: UnitRecord;
  officials: OfficialRecord;
  quotas: QuotaRecord;
}
export type RegistryRecord = RecordOf[RegistryKind];

/** What validation needs to know of the database. */
export interface RegistrySnapshot {
  /** Every unit id (officials and quotas refer to them). */
  unitIds: ReadonlySet<string>;
  fieldIds: ReadonlySet<string>;
  /** The existing rows of the kind being imported, by their key (id; unitId + U+0000 + fieldId for quotas). */
  existing: ReadonlyMap<string, RegistryRecord>;
  /** Units that cases name as sending or receiving unit: their kind may not change. */
  unitsOnCases: ReadonlySet<string>;
  /** Officials on a case not yet closed, with its id: their unit may not change under it. */
  officialsOnOpenCases?: ReadonlyMap<string, string>;
}

export const IMPORT_RULES = [
  'missing_column',
  'unknown_column',
  'duplicate_column',
  'required',
  'id_format',
  'duplicate',
  'too_long',
  'control_character',
  'legacy_encoding',
  'unknown_unit',
  'unknown_field',
  'enum',
  'boolean',
  'date',
  'future_date',
  'age',
  'plan_needs_leader',
  'quota',
  'kind_change',
  'moved_on_open_case',
] as const;
export type ImportRule = (typeof IMPORT_RULES)[number];

export interface ImportError {
  /** The spreadsheet row: the header is row 1, the first data row 2 (blank lines count, as a spreadsheet shows them). */
  row: number;
  /** The field (the English header), or for an unknown column the header as written. */
  column: string | null;
  /** The header as the file wrote it. */
  header: string | null;
  value: string | null;
  rule: ImportRule;
  message: Bilingual;
}

export interface ImportChanges {
  inserted: number;
  updated: number;
  unchanged: number;
}

export interface ImportReport {
  kind: RegistryKind;
  format: 'csv' | 'xlsx';
  dryRun: boolean;
  /** Whether the rows were written (false for a dry run and for a refused file). */
  committed: boolean;
  /** Data rows (blank rows are not counted). */
  rows: number;
  /** Rows without an error. */
  valid: number;
  errorCount: number;
  /** The errors, row by row (at most IMPORT_LIMITS.reportedErrors of them). */
  errors: ImportError[];
  changes: ImportChanges;
  durationMs: number;
}

/** A problem with the file as a whole: it cannot be read, so no row is judged. */
export class ImportFileError extends Error {
  constructor(
    readonly status: 400 | 413 | 415,
    readonly slug: string,
    readonly rule: string,
    readonly messages: Bilingual,
    readonly extensions: Record<string, unknown> = {},
  ) {
    super(messages.en);
  }
}

/** A commit refused because some rows are bad; nothing was written. */
export class ImportRefusedError extends Error {
  constructor(readonly report: ImportReport) {
    super(`${report.errorCount} errors in ${report.rows} rows; nothing imported`);
  }
}
