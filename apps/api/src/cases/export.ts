import { capitalised, FORM_LABELS, OUTCOME_LABELS, stageLabel, type CaseForm, type Outcome } from '@app/domain';
import type { CaseListItem } from '@app/persistence';
import { viDate } from '@app/registry';
import { writeCsv, writeXlsx } from '@app/spreadsheets';

/** A date or timestamp's day as dd/mm/yyyy, as Vietnamese documents write dates; blank when none. */
function viDay(date: string | null): string {
  return date ? viDate(date.slice(0, 10)) : '';
}

/** The columns of an exported case list: Vietnamese headings, values as people read them. */
export const EXPORT_COLUMNS: { header: string; width: number; value: (row: CaseListItem) => string | number }[] = [
  { header: 'Mã hồ sơ', width: 18, value: (r) => r.caseId },
  { header: 'Họ và tên', width: 26, value: (r) => r.officialName },
  { header: 'Mã công chức', width: 14, value: (r) => r.officialId },
  { header: 'Hình thức', width: 14, value: (r) => FORM_LABELS[r.form as CaseForm]?.vi ?? r.form },
  { header: 'Đơn vị cử đi', width: 30, value: (r) => r.sendingUnitName },
  { header: 'Đơn vị tiếp nhận', width: 30, value: (r) => r.receivingUnitName },
  { header: 'Vị trí việc làm', width: 30, value: (r) => r.position },
  { header: 'Bước hiện tại', width: 30, value: (r) => stageLabel(r.stage) },
  { header: 'Kết quả', width: 18, value: (r) => (r.outcome ? capitalised(OUTCOME_LABELS[r.outcome as Outcome]?.vi ?? r.outcome) : '') },
  { header: 'Hạn xử lý bước', width: 14, value: (r) => viDay(r.stageDeadline) },
  { header: 'Quá hạn', width: 9, value: (r) => (r.stageOverdue || r.overdue ? 'Có' : '') },
  { header: 'Số quyết định', width: 18, value: (r) => r.decisionNumber ?? '' },
  { header: 'Ngày quyết định', width: 14, value: (r) => viDay(r.decisionDate) },
  { header: 'Ngày hiệu lực', width: 14, value: (r) => viDay(r.effectiveDate) },
  { header: 'Ngày kết thúc', width: 14, value: (r) => viDay(r.termEnd) },
  { header: 'Người đề xuất', width: 24, value: (r) => r.proposerName },
  { header: 'Ngày đề xuất', width: 14, value: (r) => viDay(r.proposedAt) },
];

/** CSV in UTF-8 with a byte-order mark, so Excel shows the diacritics; CRLF line ends (RFC 4180); formulas guarded. */
export function toCsv(rows: CaseListItem[]): Buffer {
  return writeCsv([EXPORT_COLUMNS.map((c) => c.header), ...rows.map((row) => EXPORT_COLUMNS.map((c) => c.value(row)))]);
}

/** One sheet, the header frozen and filtered. */
export function toXlsx(rows: CaseListItem[], sheetName = 'Hồ sơ'): Promise<Buffer> {
  return writeXlsx({ name: sheetName, columns: EXPORT_COLUMNS, rows: rows.map((row) => EXPORT_COLUMNS.map((c) => c.value(row))) });
}
