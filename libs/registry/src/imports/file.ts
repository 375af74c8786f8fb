import { detectLegacyEncoding, firstInvalidUtf8, legacyFileError } from './encodings';
import { ImportFileError } from './model';
import { cleanText } from './text';

/**
 * An uploaded file before its rows are judged: its format, judged by the content (an .xlsx is a
 * zip, "PK"), then the name; a CSV's text, UTF-8 (with or without a byte-order mark) or UTF-16
 * with its mark, anything else refused naming the legacy encoding it looks like; the refusals of a
 * file as a whole; and the table of cleaned text cells validation reads. Pure: the spreadsheet
 * readers themselves are @app/spreadsheets'.
 */

export interface ImportFile {
  bytes: Uint8Array;
  fileName?: string;
  mediaType?: string;
}

export interface TableRecord {
  /** The spreadsheet row number (1-based). */
  row: number;
  cells: string[];
}

export interface Table {
  format: 'csv' | 'xlsx';
  /** Non-blank records, the header first. */
  records: TableRecord[];
}

const XLSX_MEDIA_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

function unsupported(vi: string, en: string): ImportFileError {
  return new ImportFileError(415, 'unsupported-import-file', 'file_format', { vi, en });
}

function fail(error: ImportFileError): never {
  throw error;
}

/** csv or xlsx, judged by the first bytes first (an .xlsx is a zip), then by the name and declared type. */
export function sniffFormat(file: ImportFile): 'csv' | 'xlsx' {
  const b = file.bytes;
  if (b.length === 0) throw new ImportFileError(400, 'validation-failed', 'required', { vi: 'Tệp rỗng.', en: 'The file is empty.' });
  if (b.length >= 4 && b[0] === 0x50 && b[1] === 0x4b && b[2] === 0x03 && b[3] === 0x04) return 'xlsx';
  const name = (file.fileName ?? '').toLowerCase();
  const oldExcel = b.length >= 4 && b[0] === 0xd0 && b[1] === 0xcf && b[2] === 0x11 && b[3] === 0xe0;
  if (oldExcel || name.endsWith('.xls')) {
    return fail(unsupported('Tệp Excel cũ (.xls) không được hỗ trợ: hãy lưu lại dưới dạng .xlsx hoặc «CSV UTF-8».', 'Old Excel files (.xls) are not supported: save it as .xlsx or "CSV UTF-8".'));
  }
  if (name.endsWith('.xlsx') || name.endsWith('.xlsm') || file.mediaType === XLSX_MEDIA_TYPE) {
    return fail(unsupported('Tệp có đuôi .xlsx nhưng không phải bảng tính Excel hợp lệ.', 'The file is named .xlsx but is not an Excel workbook.'));
  }
  const utf16 = b.length >= 2 && ((b[0] === 0xff && b[1] === 0xfe) || (b[0] === 0xfe && b[1] === 0xff));
  if (!utf16 && b.subarray(0, 8192).includes(0)) {
    return fail(unsupported('Chỉ nhận tệp CSV hoặc Excel .xlsx.', 'Only CSV or Excel .xlsx files are accepted.'));
  }
  return 'csv';
}

/** The text of a CSV file: UTF-8 (a byte-order mark dropped) or UTF-16 with its mark; anything else is refused, naming the legacy encoding it looks like. */
export function decodeCsvBytes(bytes: Uint8Array): string {
  if (bytes.length >= 2 && bytes[0] === 0xff && bytes[1] === 0xfe) return new TextDecoder('utf-16le').decode(bytes.subarray(2));
  if (bytes.length >= 2 && bytes[0] === 0xfe && bytes[1] === 0xff) return new TextDecoder('utf-16be').decode(bytes.subarray(2));
  const body = bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? bytes.subarray(3) : bytes;
  if (firstInvalidUtf8(body) >= 0) throw legacyFileError(detectLegacyEncoding(body));
  return new TextDecoder('utf-8', { ignoreBOM: true }).decode(body);
}

/** A quoted CSV field opened on `row` and never closed. */
export function csvSyntaxError(row: number): ImportFileError {
  return new ImportFileError(
    400,
    'csv-syntax',
    'csv_syntax',
    { vi: `Tệp CSV có một ô mở dấu ngoặc kép ở dòng ${row} mà không đóng lại.`, en: `A quoted field opened on row ${row} is never closed.` },
    { row },
  );
}

/** A file that looks like a workbook but does not open. */
export function unreadableWorkbookError(): ImportFileError {
  return unsupported('Không đọc được bảng tính: hãy lưu lại dưới dạng Excel .xlsx hoặc «CSV UTF-8».', 'The workbook could not be read: save it as Excel .xlsx or "CSV UTF-8".');
}

/**
 * Read rows as the table validation judges: every cell trimmed, its runs of white space made one
 * space, in Unicode NFC (`unguard` first takes off what an export put before a formula-looking
 * cell), and blank rows left out (their numbers kept).
 */
export function tableOf(format: Table['format'], rows: readonly TableRecord[], unguard: (text: string) => string = (text) => text): Table {
  return {
    format,
    records: rows.map((record) => ({ row: record.row, cells: record.cells.map((cell) => cleanText(unguard(cell.trim()))) })).filter((record) => record.cells.some((cell) => cell !== '')),
  };
}

/** CSV records (each record's index + 1 is its spreadsheet row, a blank line being a record) as the table validation judges. */
export function csvTable(records: readonly string[][], unguard: (text: string) => string): Table {
  return tableOf(
    'csv',
    records.map((cells, index) => ({ row: index + 1, cells })),
    unguard,
  );
}
