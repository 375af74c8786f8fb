import {
  addDays,
  addMonths,
  addWorkingDays,
  compareDates,
  daysBetween,
  daysInMonth,
  endOfLocalDay,
  isLocalDate,
  isoDayOfWeek,
  isWorkingDay,
  localDateOf,
  startOfLocalDay,
  termEndDate,
  VIETNAM_UTC_OFFSET_MS,
  type WorkingCalendar,
} from './calendar';
import { DEFAULT_CALENDAR } from './rules';

const WEEKDAYS_ONLY: WorkingCalendar = { holidays: [], workingSaturdays: [] };

describe('termEndDate (the last day served, inclusive)', () => {
  it.each([
    ['2025-10-09', 36, 0, '2028-10-08', 'a 36-month secondment ends the day before the same-numbered day'],
    ['2025-10-09', 24, 0, '2027-10-08', 'a 24-month term'],
    ['2025-10-09', 6, 0, '2026-04-08', 'a 6-month reinforcement'],
    ['2025-11-15', 3, 0, '2026-02-14', 'across a year end'],
    ['2025-10-01', 1, 0, '2025-10-31', 'a month from the 1st ends on the month’s last day'],
    ['2025-01-01', 12, 0, '2025-12-31', 'a calendar year'],
  ])('%s + %i months %i days ends %s (%s)', (start, months, days, end) => {
    expect(termEndDate(start, { months, days })).toBe(end);
  });

  it.each([
    ['2025-01-31', '2025-02-28'],
    ['2025-01-30', '2025-02-28'],
    ['2025-01-29', '2025-02-28'],
    ['2025-01-28', '2025-02-27'],
    ['2024-01-31', '2024-02-29'],
    ['2024-01-30', '2024-02-29'],
    ['2025-03-31', '2025-04-30'],
    ['2025-05-31', '2025-06-30'],
  ])('a one-month term from %s ends %s (a missing corresponding day ends the term on the month’s last day)', (start, end) => {
    expect(termEndDate(start, { months: 1, days: 0 })).toBe(end);
  });

  it('a term from 29 February runs to 28 February a year on, and to 28 February in the next leap year', () => {
    expect(termEndDate('2024-02-29', { months: 12, days: 0 })).toBe('2025-02-28');
    expect(termEndDate('2024-02-29', { months: 48, days: 0 })).toBe('2028-02-28');
    expect(termEndDate('2024-02-29', { months: 36, days: 0 })).toBe('2027-02-28');
  });

  it('a days-only term counts the first day as served', () => {
    expect(termEndDate('2025-10-09', { months: 0, days: 1 })).toBe('2025-10-09');
    expect(termEndDate('2025-10-09', { months: 0, days: 7 })).toBe('2025-10-15');
    expect(termEndDate('2025-10-09', { months: 0, days: 14 })).toBe('2025-10-22');
    expect(termEndDate('2025-12-25', { months: 0, days: 10 })).toBe('2026-01-03');
    expect(termEndDate('2024-02-20', { months: 0, days: 10 })).toBe('2024-02-29');
  });

  it('adds the days after the months', () => {
    // 6 months cover 2025-10-09..2026-04-08; 15 more days run 2026-04-09..2026-04-23.
    expect(termEndDate('2025-10-09', { months: 6, days: 15 })).toBe('2026-04-23');
    // One month from 31 January ends 28 February; 5 more days are 1..5 March.
    expect(termEndDate('2025-01-31', { months: 1, days: 5 })).toBe('2025-03-05');
    expect(termEndDate('2024-01-31', { months: 1, days: 1 })).toBe('2024-03-01');
    expect(termEndDate('2025-10-09', { months: 36, days: 1 })).toBe('2028-10-09');
  });

  it('an extension continues from the day after the previous end', () => {
    const first = termEndDate('2025-10-09', { months: 24, days: 0 });
    expect(first).toBe('2027-10-08');
    expect(termEndDate(addDays(first, 1), { months: 12, days: 0 })).toBe(termEndDate('2025-10-09', { months: 36, days: 0 }));
  });

  it('refuses a start that is not a calendar date', () => {
    expect(() => termEndDate('2025-02-30', { months: 1, days: 0 })).toThrow(RangeError);
  });
});

describe('addMonths', () => {
  it.each([
    ['2025-10-09', 12, '2026-10-09'],
    ['2025-10-09', 36, '2028-10-09'],
    ['2025-12-15', 1, '2026-01-15'],
    ['2025-01-31', 1, '2025-02-28'],
    ['2024-01-31', 1, '2024-02-29'],
    ['2024-02-29', 12, '2025-02-28'],
    ['2025-05-31', 1, '2025-06-30'],
    ['2025-08-31', 1, '2025-09-30'],
    ['2025-03-31', -1, '2025-02-28'],
    ['2026-01-15', -1, '2025-12-15'],
    ['2025-10-09', 0, '2025-10-09'],
  ])('%s + %i months = %s (clamped to the month’s last day)', (date, months, expected) => {
    expect(addMonths(date, months)).toBe(expected);
  });
});

describe('addDays, daysBetween, compareDates, daysInMonth, isoDayOfWeek', () => {
  it('moves across month and year ends and leap days', () => {
    expect(addDays('2025-12-31', 1)).toBe('2026-01-01');
    expect(addDays('2024-02-28', 1)).toBe('2024-02-29');
    expect(addDays('2025-02-28', 1)).toBe('2025-03-01');
    expect(addDays('2028-10-08', -90)).toBe('2028-07-10');
    expect(addDays('2025-10-09', 0)).toBe('2025-10-09');
  });

  it('counts whole days between two dates, negative backwards', () => {
    expect(daysBetween('2025-10-09', '2028-10-08')).toBe(1095);
    expect(daysBetween('2028-10-08', '2025-10-09')).toBe(-1095);
    expect(daysBetween('2024-02-28', '2024-03-01')).toBe(2);
    expect(daysBetween('2025-10-09', '2025-10-09')).toBe(0);
  });

  it('orders dates', () => {
    expect(compareDates('2025-10-09', '2025-10-10')).toBe(-1);
    expect(compareDates('2025-10-10', '2025-10-09')).toBe(1);
    expect(compareDates('2025-10-09', '2025-10-09')).toBe(0);
    expect(compareDates('2025-12-31', '2026-01-01')).toBe(-1);
  });

  it('knows month lengths, leap years included', () => {
    expect(daysInMonth(2025, 2)).toBe(28);
    expect(daysInMonth(2024, 2)).toBe(29);
    expect(daysInMonth(2100, 2)).toBe(28);
    expect(daysInMonth(2000, 2)).toBe(29);
    expect(daysInMonth(2025, 4)).toBe(30);
    expect(daysInMonth(2025, 12)).toBe(31);
  });

  it('numbers the days of the week from Monday (1) to Sunday (7)', () => {
    expect(isoDayOfWeek('2025-10-06')).toBe(1);
    expect(isoDayOfWeek('2025-10-09')).toBe(4);
    expect(isoDayOfWeek('2025-10-11')).toBe(6);
    expect(isoDayOfWeek('2025-10-12')).toBe(7);
  });
});

describe('working days', () => {
  it('a working day is Monday to Friday, not a holiday, or a declared working Saturday', () => {
    expect(isWorkingDay('2025-10-10', DEFAULT_CALENDAR)).toBe(true); // Friday
    expect(isWorkingDay('2025-10-11', DEFAULT_CALENDAR)).toBe(false); // Saturday
    expect(isWorkingDay('2025-10-12', DEFAULT_CALENDAR)).toBe(false); // Sunday
    expect(isWorkingDay('2025-09-02', DEFAULT_CALENDAR)).toBe(false); // Quốc khánh, a Tuesday
    expect(isWorkingDay('2025-05-02', DEFAULT_CALENDAR)).toBe(false); // Friday off in exchange
    expect(isWorkingDay('2025-04-26', DEFAULT_CALENDAR)).toBe(true); // the Saturday worked in exchange
  });

  it('Friday plus one working day is Monday', () => {
    expect(addWorkingDays('2025-10-10', 1, WEEKDAYS_ONLY)).toBe('2025-10-13');
    expect(addWorkingDays('2025-10-10', 1, DEFAULT_CALENDAR)).toBe('2025-10-13');
  });

  it('does not count the starting day and skips weekends', () => {
    expect(addWorkingDays('2025-10-09', 1, WEEKDAYS_ONLY)).toBe('2025-10-10');
    expect(addWorkingDays('2025-10-09', 5, WEEKDAYS_ONLY)).toBe('2025-10-16');
    expect(addWorkingDays('2025-10-09', 10, WEEKDAYS_ONLY)).toBe('2025-10-23');
    // Opened on a Saturday or Sunday, the first working day is Monday.
    expect(addWorkingDays('2025-10-11', 1, WEEKDAYS_ONLY)).toBe('2025-10-13');
    expect(addWorkingDays('2025-10-12', 1, WEEKDAYS_ONLY)).toBe('2025-10-13');
  });

  it('zero working days is the day itself', () => {
    expect(addWorkingDays('2025-10-11', 0, WEEKDAYS_ONLY)).toBe('2025-10-11');
    expect(addWorkingDays('2025-10-09', 0, DEFAULT_CALENDAR)).toBe('2025-10-09');
  });

  it('skips public holidays', () => {
    // Thu 28 Aug 2025 + 2: Fri 29, then Mon 1 and Tue 2 September are Quốc khánh: Wed 3.
    expect(addWorkingDays('2025-08-28', 2, DEFAULT_CALENDAR)).toBe('2025-09-03');
    expect(addWorkingDays('2025-08-28', 2, WEEKDAYS_ONLY)).toBe('2025-09-01');
    // Tết Bính Ngọ: Mon 16 – Fri 20 February 2026 off.
    expect(addWorkingDays('2026-02-13', 1, DEFAULT_CALENDAR)).toBe('2026-02-23');
    // New Year's Day 2026 is a Thursday.
    expect(addWorkingDays('2025-12-31', 1, DEFAULT_CALENDAR)).toBe('2026-01-02');
  });

  it('counts a declared working Saturday', () => {
    // Fri 25 Apr 2025 + 1: Saturday 26 April is worked in exchange for Friday 2 May.
    expect(addWorkingDays('2025-04-25', 1, DEFAULT_CALENDAR)).toBe('2025-04-26');
    expect(addWorkingDays('2025-04-25', 1, WEEKDAYS_ONLY)).toBe('2025-04-28');
    // ... Mon 28, Tue 29, then 30 Apr, 1 and 2 May off and the weekend: Mon 5 May.
    expect(addWorkingDays('2025-04-25', 4, DEFAULT_CALENDAR)).toBe('2025-05-05');
  });

  it('a working Saturday wins over the same date listed as a holiday', () => {
    const calendar: WorkingCalendar = { holidays: ['2025-10-11'], workingSaturdays: ['2025-10-11'] };
    expect(isWorkingDay('2025-10-11', calendar)).toBe(true);
    expect(addWorkingDays('2025-10-10', 1, calendar)).toBe('2025-10-11');
  });
});

describe('local days in Vietnam (UTC+07:00)', () => {
  it('the offset is seven hours', () => {
    expect(VIETNAM_UTC_OFFSET_MS).toBe(7 * 60 * 60 * 1000);
  });

  it.each([
    ['2025-10-08T17:00:00.000Z', '2025-10-09'],
    ['2025-10-08T16:59:59.999Z', '2025-10-08'],
    ['2025-10-09T16:59:59.999Z', '2025-10-09'],
    ['2025-10-09T00:00:00+07:00', '2025-10-09'],
    ['2025-10-09T23:30:00+07:00', '2025-10-09'],
    ['2025-12-31T17:00:00.000Z', '2026-01-01'],
    ['2028-02-28T17:00:00.000Z', '2028-02-29'],
  ])('%s is %s in Vietnam', (instant, date) => {
    expect(localDateOf(instant)).toBe(date);
  });

  it('reads epoch milliseconds too', () => {
    expect(localDateOf(Date.parse('2025-10-08T17:00:00.000Z'))).toBe('2025-10-09');
    expect(localDateOf(Date.parse('2025-10-08T17:00:00.000Z') - 1)).toBe('2025-10-08');
  });

  it('refuses what is not an instant', () => {
    expect(() => localDateOf('yesterday')).toThrow(RangeError);
  });

  it('a local day runs from 17:00 UTC the day before to 17:00 UTC', () => {
    expect(new Date(startOfLocalDay('2025-10-09')).toISOString()).toBe('2025-10-08T17:00:00.000Z');
    expect(new Date(endOfLocalDay('2025-10-09')).toISOString()).toBe('2025-10-09T17:00:00.000Z');
    expect(new Date(startOfLocalDay('2026-01-01')).toISOString()).toBe('2025-12-31T17:00:00.000Z');
    expect(endOfLocalDay('2025-10-09')).toBe(startOfLocalDay('2025-10-10'));
  });

  it('start and end of a day round-trip through localDateOf', () => {
    for (const date of ['2025-10-09', '2024-02-29', '2025-12-31', '2028-10-08']) {
      expect(localDateOf(startOfLocalDay(date))).toBe(date);
      expect(localDateOf(endOfLocalDay(date) - 1)).toBe(date);
      expect(localDateOf(endOfLocalDay(date))).toBe(addDays(date, 1));
    }
  });

  it('refuses an impossible date', () => {
    expect(() => startOfLocalDay('2025-02-30')).toThrow(RangeError);
    expect(() => endOfLocalDay('2025-13-01')).toThrow(RangeError);
  });
});

describe('isLocalDate', () => {
  it.each(['2025-10-09', '2024-02-29', '2025-12-31', '2025-01-01'])('accepts %s', (value) => {
    expect(isLocalDate(value)).toBe(true);
  });

  it.each([
    ['2025-02-30'],
    ['2025-02-29'],
    ['2025-04-31'],
    ['2025-13-01'],
    ['2025-00-10'],
    ['2025-10-00'],
    ['2025-1-9'],
    ['09/10/2025'],
    ['2025-10-09T00:00:00Z'],
    [' 2025-10-09'],
    [''],
    [20251009],
    [null],
    [undefined],
    [new Date('2025-10-09')],
  ])('rejects %p', (value) => {
    expect(isLocalDate(value)).toBe(false);
  });
});
