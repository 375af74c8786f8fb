/**
 * The one formula guard of every export and import. A spreadsheet runs a cell that starts with
 * = + - @ as a formula, and one that starts with a tab or carriage return after trimming it; an
 * export puts ' before such a cell so it stays text, and an import takes that ' off again.
 */
const FORMULA_START = /^[=+\-@\t\r]/;
const GUARDED = /^'[=+\-@\t\r]/;

/** The text as a spreadsheet cell that never runs: ' before a leading = + - @, tab or CR. */
export function guardFormula(text: string): string {
  return FORMULA_START.test(text) ? `'${text}` : text;
}

/** Whether `guardFormula` changed the text (a guarded cell is always quoted in CSV). */
export function needsFormulaGuard(text: string): boolean {
  return FORMULA_START.test(text);
}

/** A cell an export guarded comes back as it was written. */
export function unguardFormula(text: string): string {
  return GUARDED.test(text) ? text.slice(1) : text;
}
