import { capitalised, FORM_LABELS, OUTCOME_LABELS, stageLabel, type CaseForm, type Outcome } from '@app/domain';
import type { CaseListItem } from '@app/persistence';
import ExcelJS from 'exceljs';

/** dd/mm/yyyy, as Vietnamese documents write dates. */
function viDate(date: string | null): string {
  if (!date) return '';
  const [y, m, d] = date.slice(0, 10).split('-');
  return `${d}/${m}/${y}`;
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
  { header: 'Hạn xử lý bước', width: 14, value: (r) => viDate(r.stageDeadline) },
  { header: 'Quá hạn', width: 9, value: (r) => (r.stageOverdue || r.overdue ? 'Có' : '') },
  { header: 'Số quyết định', width: 18, value: (r) => r.decisionNumber ?? '' },
  { header: 'Ngày quyết định', width: 14, value: (r) => viDate(r.decisionDate) },
  { header: 'Ngày hiệu lực', width: 14, value: (r) => viDate(r.effectiveDate) },
  { header: 'Ngày kết thúc', width: 14, value: (r) => viDate(r.termEnd) },
  { header: 'Người đề xuất', width: 24, value: (r) => r.proposerName },
  { header: 'Ngày đề xuất', width: 14, value: (r) => viDate(r.proposedAt) },
];

function csvCell(value: string | number): string {
  const text = String(value);
  // Quote every cell that needs it; a leading = + - @ is neutralised so a spreadsheet never runs it as a formula.
  const safe = /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
  return /[",\r\n]/.test(safe) || safe !== text ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** CSV in UTF-8 with a byte-order mark, so Excel shows the diacritics; CRLF line ends (RFC 4180). */
export function toCsv(rows: CaseListItem[]): Buffer {
  const lines = [EXPORT_COLUMNS.map((c) => csvCell(c.header)).join(','), ...rows.map((row) => EXPORT_COLUMNS.map((c) => csvCell(c.value(row))).join(','))];
  return Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(lines.join('\r\n') + '\r\n', 'utf8')]);
}

export async function toXlsx(rows: CaseListItem[], sheetName = 'Hồ sơ'): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'Secondment engine';
  const sheet = workbook.addWorksheet(sheetName, { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.columns = EXPORT_COLUMNS.map((c) => ({ header: c.header, width: c.width }));
  sheet.getRow(1).font = { bold: true };
  for (const row of rows) sheet.addRow(EXPORT_COLUMNS.map((c) => c.value(row)));
  sheet.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: EXPORT_COLUMNS.length } };
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
