/**
 * Civil dates and working days in Vietnam's time zone, without Node built-ins or Intl, so the same
 * code runs in the workflow sandbox.
 *
 * Asia/Ho_Chi_Minh has kept UTC+07:00 with no daylight saving since 1975, so a local date maps to a
 * fixed UTC window and the arithmetic is exact.
 */

/** A calendar date in Asia/Ho_Chi_Minh, `YYYY-MM-DD`. */
export type LocalDate = string;

export const VIETNAM_UTC_OFFSET_MS = 7 * 60 * 60 * 1000;
const DAY_MS = 24 * 60 * 60 * 1000;
const LOCAL_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

export function isLocalDate(value: unknown): value is LocalDate {
  if (typeof value !== 'string') return false;
  const match = LOCAL_DATE.exec(value);
  if (!match) return false;
  const [, y, m, d] = match.map(Number);
  return m >= 1 && m <= 12 && d >= 1 && d <= daysInMonth(y, m);
}

function parts(date: LocalDate): [number, number, number] {
  if (!isLocalDate(date)) throw new RangeError(`not a calendar date (YYYY-MM-DD): ${String(date)}`);
  const [y, m, d] = date.split('-').map(Number);
  return [y, m, d];
}

function format(y: number, m: number, d: number): LocalDate {
  return `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

export function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** The instant a local day begins (00:00 in Vietnam), as epoch milliseconds. */
export function startOfLocalDay(date: LocalDate): number {
  const [y, m, d] = parts(date);
  return Date.UTC(y, m - 1, d) - VIETNAM_UTC_OFFSET_MS;
}

/** The instant a local day is over (24:00 in Vietnam, the next day's 00:00). */
export function endOfLocalDay(date: LocalDate): number {
  return startOfLocalDay(date) + DAY_MS;
}

/** The Vietnamese calendar date at an instant (ISO string or epoch milliseconds). */
export function localDateOf(instant: string | number): LocalDate {
  const ms = typeof instant === 'number' ? instant : Date.parse(instant);
  if (Number.isNaN(ms)) throw new RangeError(`not an instant: ${String(instant)}`);
  const shifted = new Date(ms + VIETNAM_UTC_OFFSET_MS);
  return format(shifted.getUTCFullYear(), shifted.getUTCMonth() + 1, shifted.getUTCDate());
}

export function addDays(date: LocalDate, days: number): LocalDate {
  const [y, m, d] = parts(date);
  const moved = new Date(Date.UTC(y, m - 1, d + days));
  return format(moved.getUTCFullYear(), moved.getUTCMonth() + 1, moved.getUTCDate());
}

/** Whole days from `from` to `to` (negative when `to` is earlier). */
export function daysBetween(from: LocalDate, to: LocalDate): number {
  return Math.round((startOfLocalDay(to) - startOfLocalDay(from)) / DAY_MS);
}

export function compareDates(a: LocalDate, b: LocalDate): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * The same day of the month, `months` later. When the target month is shorter (31 January plus one
 * month), the result is the month's last day, as the Civil Code (art. 148) reads a missing
 * corresponding day.
 */
export function addMonths(date: LocalDate, months: number): LocalDate {
  const [y, m, d] = parts(date);
  const index = y * 12 + (m - 1) + months;
  const year = Math.floor(index / 12);
  const month = (index % 12) + 1;
  return format(year, month, Math.min(d, daysInMonth(year, month)));
}

/** A term as the decision states it: calendar months, then days. */
export interface TermLength {
  months: number;
  days: number;
}

/**
 * The last day of a term, inclusive. The effective date is the first day served, so a term of N
 * months covers [start, start + N months) and ends the day before the same-numbered day N months
 * later: 2025-10-09 for 36 months ends 2028-10-08. When that day does not exist in the target
 * month (a term from 31 January for one month), the term ends on that month's last day, following
 * the Civil Code's rule for a missing corresponding day. Days are added after months.
 */
export function termEndDate(start: LocalDate, term: TermLength): LocalDate {
  const [y, m, d] = parts(start);
  let afterMonths: LocalDate;
  if (term.months === 0) afterMonths = start;
  else {
    const index = y * 12 + (m - 1) + term.months;
    const year = Math.floor(index / 12);
    const month = (index % 12) + 1;
    // The corresponding day is missing: the period ends on the target month's last day.
    if (d > daysInMonth(year, month)) afterMonths = addDays(format(year, month, daysInMonth(year, month)), 1);
    else afterMonths = format(year, month, d);
  }
  return addDays(afterMonths, term.days - 1);
}

export function isoDayOfWeek(date: LocalDate): number {
  const [y, m, d] = parts(date);
  const day = new Date(Date.UTC(y, m - 1, d)).getUTCDay();
  return day === 0 ? 7 : day;
}

/**
 * The official working calendar: Monday to Friday, minus public holidays (and the days off given
 * in exchange for a working Saturday), plus the Saturdays declared working days in that exchange.
 */
export interface WorkingCalendar {
  holidays: LocalDate[];
  workingSaturdays: LocalDate[];
}

export function isWorkingDay(date: LocalDate, calendar: WorkingCalendar): boolean {
  if (calendar.workingSaturdays.includes(date)) return true;
  if (calendar.holidays.includes(date)) return false;
  return isoDayOfWeek(date) <= 5;
}

/**
 * The date `count` working days after `date` (which itself is not counted). A step opened on a
 * Friday with a 1-working-day deadline is due on Monday, unless Monday is a holiday.
 */
export function addWorkingDays(date: LocalDate, count: number, calendar: WorkingCalendar): LocalDate {
  let current = date;
  let left = count;
  while (left > 0) {
    current = addDays(current, 1);
    if (isWorkingDay(current, calendar)) left -= 1;
  }
  return current;
}

/** Whole years from `birth` to `on` (a person's age on that day). */
export function ageOn(birth: LocalDate, on: LocalDate): number {
  const years = Number(on.slice(0, 4)) - Number(birth.slice(0, 4));
  return on.slice(5) < birth.slice(5) ? years - 1 : years;
}
