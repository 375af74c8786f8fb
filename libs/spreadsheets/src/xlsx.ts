import ExcelJS from 'exceljs';

/** Excel workbooks: one frozen, filtered sheet written; the first sheet read back as text cells. */

export const XLSX_MEDIA_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

export interface SheetColumn {
  header: string;
  width: number;
}

export interface Sheet {
  name: string;
  columns: readonly SheetColumn[];
  rows: readonly (readonly (string | number)[])[];
}

/**
 * One worksheet, the header bold, frozen and filtered. Every text is a text cell, never a formula
 * (ExcelJS writes a string as a shared string whatever it starts with), so no guard is needed here.
 */
export async function writeXlsx(sheet: Sheet): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'Secondment engine';
  const worksheet = workbook.addWorksheet(sheet.name, { views: [{ state: 'frozen', ySplit: 1 }] });
  worksheet.columns = sheet.columns.map((c) => ({ header: c.header, width: c.width }));
  worksheet.getRow(1).font = { bold: true };
  for (const row of sheet.rows) worksheet.addRow([...row]);
  worksheet.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: sheet.columns.length } };
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

/** The bytes are not a workbook ExcelJS can open. */
export class XlsxReadError extends Error {
  constructor(cause: unknown) {
    super('The workbook could not be read', { cause });
    this.name = 'XlsxReadError';
  }
}

/** An Excel cell's value as the text an import reads: dates as YYYY-MM-DD, numbers as written, formulas by their result. */
export function cellText(value: ExcelJS.CellValue): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return String(value);
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? '' : value.toISOString().slice(0, 10);
  if ('richText' in value) return value.richText.map((run) => run.text).join('');
  if ('formula' in value || 'sharedFormula' in value) return cellText(value.result);
  if ('hyperlink' in value) return value.text;
  if ('error' in value) return String(value.error);
  return '';
}

/** The rows of the first sheet that hold something, each with its row number (from 1) and its cells as text. */
export async function readXlsx(bytes: Uint8Array): Promise<{ row: number; cells: string[] }[]> {
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.load(bytes as unknown as ExcelJS.Buffer);
  } catch (error) {
    throw new XlsxReadError(error);
  }
  const rows: { row: number; cells: string[] }[] = [];
  workbook.worksheets[0]?.eachRow({ includeEmpty: false }, (row, rowNumber) => {
    const cells: string[] = [];
    row.eachCell({ includeEmpty: false }, (cell, columnNumber) => {
      cells[columnNumber - 1] = cellText(cell.value);
    });
    rows.push({ row: rowNumber, cells: Array.from(cells, (cell) => cell ?? '') });
  });
  return rows;
}
