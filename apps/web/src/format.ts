/**
 * Dates as people in Vietnam write them (dd/mm/yyyy, Asia/Ho_Chi_Minh), Vietnamese sorting, and
 * search that ignores diacritics the user left out: the same folding as the API's (`searchKey`).
 * Pure: no DOM, unit-tested.
 */
import { searchKey } from '@app/domain/actions';

export { searchKey };

const TIME_ZONE = 'Asia/Ho_Chi_Minh';
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** A calendar day `YYYY-MM-DD` (or the date part of a timestamp) as `dd/mm/yyyy`. */
export function formatDate(value: string | null | undefined): string {
  if (!value) return '';
  const day = ISO_DATE.exec(value.slice(0, 10)) && value.length === 10 ? value : localDay(value);
  const [, y, m, d] = ISO_DATE.exec(day) ?? [];
  return y ? `${d}/${m}/${y}` : value;
}

const partsFormat = new Intl.DateTimeFormat('en-GB', {
  timeZone: TIME_ZONE,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});

function parts(value: string | Date): Record<string, string> {
  const date = typeof value === 'string' ? new Date(value) : value;
  return Object.fromEntries(partsFormat.formatToParts(date).map((part) => [part.type, part.value]));
}

/** The day in Vietnam of an instant, `YYYY-MM-DD`. */
export function localDay(value: string | Date): string {
  const p = parts(value);
  return `${p.year}-${p.month}-${p.day}`;
}

/** An instant as `dd/mm/yyyy HH:mm` in Vietnam's time. */
export function formatDateTime(value: string | null | undefined): string {
  if (!value) return '';
  const p = parts(value);
  return `${p.day}/${p.month}/${p.year} ${p.hour}:${p.minute}`;
}

/**
 * What a person typed as a date, `d/m/yyyy` (or `dd-mm-yyyy`, `dd.mm.yyyy`), as `YYYY-MM-DD`;
 * `null` when it is not a real calendar day. An ISO date is taken as it is.
 */
export function parseDate(text: string): string | null {
  const trimmed = text.trim();
  const iso = ISO_DATE.exec(trimmed);
  const local = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/.exec(trimmed);
  const [y, m, d] = iso ? [iso[1], iso[2], iso[3]] : local ? [local[3], local[2], local[1]] : [];
  if (!y || !m || !d) return null;
  const year = Number(y);
  const month = Number(m);
  const day = Number(d);
  const probe = new Date(Date.UTC(year, month - 1, day));
  if (probe.getUTCFullYear() !== year || probe.getUTCMonth() !== month - 1 || probe.getUTCDate() !== day) return null;
  return `${y}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/** Today in Vietnam, `YYYY-MM-DD`. */
export function today(now: Date = new Date()): string {
  return localDay(now);
}

/** Whole days from `from` to the calendar day `to` (negative when past). */
export function daysUntil(to: string, now: Date = new Date()): number {
  const a = Date.parse(`${today(now)}T00:00:00Z`);
  const b = Date.parse(`${to.slice(0, 10)}T00:00:00Z`);
  return Math.round((b - a) / 86_400_000);
}

const collator = new Intl.Collator('vi', { sensitivity: 'base', numeric: true });

/** Vietnamese alphabetical order (ă after a, đ after d, tones after the base letter). */
export function compareVi(a: string, b: string): number {
  return collator.compare(a, b);
}

export function sortVi<T>(items: readonly T[], key: (item: T) => string): T[] {
  return [...items].sort((a, b) => compareVi(key(a), key(b)));
}

/**
 * Whether `query` matches any of `texts`, ignoring case and the diacritics the query leaves out:
 * "Cu Bao" finds "Cư Bao", "cư bao" finds it too, but "Cừ" does not find "Cư". Every word of the
 * query must appear.
 */
export function matchesSearch(query: string, ...texts: (string | null | undefined)[]): boolean {
  const words = query.trim().split(/\s+/).filter(Boolean);
  if (!words.length) return true;
  const haystackExact = texts.filter(Boolean).join(' ').toLowerCase().normalize('NFC');
  const haystackFolded = searchKey(haystackExact);
  return words.every((word) => {
    const lower = word.toLowerCase().normalize('NFC');
    const folded = searchKey(lower);
    // A word typed without marks matches the folded text; a word typed with marks must match them.
    return folded === lower ? haystackFolded.includes(folded) : haystackExact.includes(lower);
  });
}

export function formatNumber(value: number, language: 'vi' | 'en'): string {
  return new Intl.NumberFormat(language === 'vi' ? 'vi-VN' : 'en-GB').format(value);
}
