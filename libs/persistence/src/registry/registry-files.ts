import {
  csvSyntaxError,
  csvTable,
  decodeCsvBytes,
  registrySheet,
  sniffFormat,
  tableOf,
  unreadableWorkbookError,
  type HeaderLanguage,
  type ImportFile,
  type RegistryKind,
  type RegistryRecord,
  type Table,
} from '@app/registry';
import { CsvSyntaxError, parseCsv, readXlsx, unguardFormula, writeCsv, writeXlsx, XlsxReadError } from '@app/spreadsheets';

/**
 * The registry's files, read and written: @app/registry judges the format and the encoding and
 * says what the rows hold; @app/spreadsheets reads and writes the CSV and the workbook, with the one
 * formula guard.
 */

/** The file as a table of cleaned text cells, blank rows left out (their numbers kept). */
export async function readTable(file: ImportFile): Promise<Table> {
  const format = sniffFormat(file);
  if (format === 'xlsx') {
    const rows = await readXlsx(file.bytes).catch((error: unknown) => {
      throw error instanceof XlsxReadError ? unreadableWorkbookError() : error;
    });
    return tableOf(format, rows);
  }
  try {
    return csvTable(parseCsv(decodeCsvBytes(file.bytes)).records, unguardFormula);
  } catch (error) {
    throw error instanceof CsvSyntaxError ? csvSyntaxError(error.row) : error;
  }
}

/** CSV in UTF-8 with a byte-order mark (so Excel shows the diacritics), comma separated, CRLF line ends. */
export function toRegistryCsv(kind: RegistryKind, records: readonly RegistryRecord[], language: HeaderLanguage): Buffer {
  const sheet = registrySheet(kind, records, language);
  return writeCsv([sheet.columns.map((column) => column.header), ...sheet.rows]);
}

/** One worksheet, the header frozen and filtered; every value a text cell but the quota. */
export function toRegistryXlsx(kind: RegistryKind, records: readonly RegistryRecord[], language: HeaderLanguage): Promise<Buffer> {
  return writeXlsx(registrySheet(kind, records, language));
}
