import type { Bilingual } from '@app/domain';
import { REGISTRY_COLUMNS, type OfficialRecord, type QuotaRecord, type RegistryKind, type RegistryRecord, type UnitRecord } from './model';
import { VALUE_LABELS_VI, viDate } from './values';

/**
 * An export of the registry in the shape the import reads back: the headers (Vietnamese or
 * English), the values as people read them (Vietnamese labels and dd/mm/yyyy dates, or the codes),
 * the sheet's name and column widths and the file's name. @app/spreadsheets writes it.
 */

export type HeaderLanguage = 'vi' | 'en';

export function exportValues(kind: RegistryKind, record: RegistryRecord, language: HeaderLanguage): (string | number)[] {
  const vi = language === 'vi';
  const yes = (value: boolean) => (vi ? VALUE_LABELS_VI.boolean[value ? 'true' : 'false'] : String(value));
  if (kind === 'units') {
    const r = record as UnitRecord;
    return [r.id, r.name, vi ? VALUE_LABELS_VI.category[r.category] : r.category, yes(r.difficultArea)];
  }
  if (kind === 'officials') {
    const r = record as OfficialRecord;
    return [
      r.id,
      r.fullName,
      r.title ?? '',
      r.unitId,
      r.fieldId ?? '',
      r.rank ?? '',
      vi ? VALUE_LABELS_VI.employment[r.employment] : r.employment,
      yes(r.isLeader),
      yes(r.inLeadershipPlan),
      r.birthDate ? (vi ? viDate(r.birthDate) : r.birthDate) : '',
      r.gender ? (vi ? VALUE_LABELS_VI.gender[r.gender] : r.gender) : '',
    ];
  }
  const r = record as QuotaRecord;
  return [r.unitId, r.fieldId, r.quota];
}

export function exportHeaders(kind: RegistryKind, language: HeaderLanguage): string[] {
  return REGISTRY_COLUMNS[kind].map((spec) => (language === 'vi' ? spec.vi : spec.key));
}
const SHEET_NAMES: Record<RegistryKind, Bilingual> = {
  units: { vi: 'Đơn vị', en: 'Units' },
  officials: { vi: 'Công chức', en: 'Officials' },
  quotas: { vi: 'Biên chế', en: 'Quotas' },
};


const FILE_NAMES: Record<RegistryKind, string> = { units: 'don-vi', officials: 'cong-chuc', quotas: 'bien-che' };

/** What an export writes, whatever the format: the sheet's name, the columns with their widths, the rows. */
export interface RegistrySheet {
  name: string;
  columns: { header: string; width: number }[];
  rows: (string | number)[][];
}

/** The export of a kind: the header row then one row per record; the name (second) column wide but for quotas. */
export function registrySheet(kind: RegistryKind, records: readonly RegistryRecord[], language: HeaderLanguage): RegistrySheet {
  const headers = exportHeaders(kind, language);
  return {
    name: SHEET_NAMES[kind][language],
    columns: headers.map((header, i) => ({ header, width: i === 1 && kind !== 'quotas' ? 32 : Math.max(12, header.length + 2) })),
    rows: records.map((record) => exportValues(kind, record, language)),
  };
}

/** The file's name: the kind in Vietnamese and the day, e.g. cong-chuc-2026-06-15.csv. */
export function registryFileName(kind: RegistryKind, format: 'csv' | 'xlsx', today: string): string {
  return `${FILE_NAMES[kind]}-${today}.${format}`;
}
