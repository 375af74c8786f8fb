import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import { guardFormula, needsFormulaGuard } from './formula-guard';

/**
 * CSV as exports write it and imports read it: csv-stringify and csv-parse, with the formula guard,
 * the byte-order mark Excel needs to show diacritics, and the delimiter a Vietnamese-locale Excel
 * writes (semicolon) found by looking.
 */

export type CsvCell = string | number;

export const CSV_MEDIA_TYPE = 'text/csv; charset=utf-8';

/**
 * UTF-8 with a byte-order mark, comma separated, CRLF line ends (RFC 4180). A cell is quoted when
 * it holds a comma, semicolon, quote or line break (CR or LF alone too), or when the formula guard
 * put ' before it.
 */
export function writeCsv(rows: readonly (readonly CsvCell[])[]): Buffer {
  const text = stringify(
    rows.map((cells) => cells.map((cell) => String(cell))),
    {
      bom: true,
      record_delimiter: 'windows',
      quoted_match: [';', '\n', '\r'],
      cast: { string: (value) => (needsFormulaGuard(value) ? { value: guardFormula(value), quoted: true } : value) },
    },
  );
  return Buffer.from(text, 'utf8');
}

/** A quoted field that never closes: the file cannot be read. */
export class CsvSyntaxError extends Error {
  constructor(
    /** The record (from 1) in which the quote opened. */
    readonly row: number,
  ) {
    super(`A quoted field opened on row ${row} is never closed.`);
    this.name = 'CsvSyntaxError';
  }
}

/**
 * RFC 4180 records: fields separated by the delimiter the first line uses most (comma, semicolon
 * or tab; or the one a "sep=" line names), quoted fields with "" for a quote and line breaks
 * inside, CRLF, LF or CR line ends (mixed, too). Each record keeps its index (a blank line is a
 * record of one empty field, so a record's spreadsheet row is its index + 1).
 */
export function parseCsv(text: string): { delimiter: string; records: string[][] } {
  let source = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  // Excel's "sep=;" first line names the delimiter; Excel hides it, so the header stays row 1.
  const hint = /^sep=([^\r\n])(?:\r\n|\n|\r)/i.exec(source);
  if (hint) source = source.slice(hint[0].length);
  const delimiter = hint ? hint[1] : detectDelimiter(source);
  try {
    const records: string[][] = parse(source, {
      delimiter,
      record_delimiter: ['\r\n', '\n', '\r'],
      relax_column_count: true,
      relax_quotes: true,
      skip_empty_lines: false,
      bom: false,
    });
    return { delimiter, records };
  } catch (error) {
    const { code, records } = error as { code?: string; records?: number };
    if (code === 'CSV_QUOTE_NOT_CLOSED') throw new CsvSyntaxError((records ?? 0) + 1);
    throw error;
  }
}

/** The delimiter (comma, semicolon or tab) the first line uses most outside quotes; comma on a tie. */
export function detectDelimiter(text: string): string {
  const counts = new Map<string, number>([
    [',', 0],
    [';', 0],
    ['\t', 0],
  ]);
  let quoted = false;
  for (const char of text) {
    if (char === '"') quoted = !quoted;
    else if (!quoted && (char === '\n' || char === '\r')) break;
    else if (!quoted && counts.has(char)) counts.set(char, counts.get(char)! + 1);
  }
  let best = ',';
  for (const [char, count] of counts) if (count > counts.get(best)!) best = char;
  return best;
}
