import { compareVi, daysUntil, formatDate, formatDateTime, localDay, matchesSearch, parseDate, sortVi, today } from './format';

describe('web formats', () => {
  describe('dates as dd/mm/yyyy in Vietnam', () => {
    it('shows a calendar day as it is written in Vietnam', () => {
      expect(formatDate('2028-10-08')).toBe('08/10/2028');
      expect(formatDate(null)).toBe('');
      expect(formatDate(undefined)).toBe('');
    });

    it('shows an instant as the day and time in Asia/Ho_Chi_Minh (UTC+7), whatever the browser zone', () => {
      // 17:30 UTC on 31 Dec is already 1 Jan in Vietnam.
      expect(formatDate('2026-12-31T17:30:00.000Z')).toBe('01/01/2027');
      expect(formatDateTime('2026-12-31T17:30:00.000Z')).toBe('01/01/2027 00:30');
      expect(formatDateTime('2026-11-25T02:05:00Z')).toBe('25/11/2026 09:05');
      expect(localDay(new Date('2026-11-25T16:59:59Z'))).toBe('2026-11-25');
      expect(localDay(new Date('2026-11-25T17:00:00Z'))).toBe('2026-11-26');
    });

    it('reads what people type: d/m/yyyy with slashes, dots or dashes, and ISO', () => {
      expect(parseDate('08/10/2028')).toBe('2028-10-08');
      expect(parseDate('8/1/2027')).toBe('2027-01-08');
      expect(parseDate(' 31.12.2026 ')).toBe('2026-12-31');
      expect(parseDate('29-02-2028')).toBe('2028-02-29');
      expect(parseDate('2027-03-01')).toBe('2027-03-01');
    });

    it('refuses what is not a real day rather than rolling it over', () => {
      for (const text of ['29/02/2027', '31/04/2027', '00/01/2027', '12/13/2027', '1/1/27', 'hôm nay', '', '2027-02-30']) {
        expect([text, parseDate(text)]).toEqual([text, null]);
      }
    });

    it('counts whole days to a day in Vietnam', () => {
      const now = new Date('2026-11-25T20:00:00Z'); // 26/11 03:00 in Vietnam
      expect(today(now)).toBe('2026-11-26');
      expect(daysUntil('2026-11-26', now)).toBe(0);
      expect(daysUntil('2026-12-26', now)).toBe(30);
      expect(daysUntil('2026-11-20', now)).toBe(-6);
    });
  });

  describe('Vietnamese order', () => {
    it('sorts by the Vietnamese alphabet: a ă â, d đ, o ô ơ, u ư, tones after the base letter', () => {
      const names = ['Xã Ea Kar', 'Phường Buôn Ma Thuột', 'Xã Cư Bao', 'Xã Cư M’gar', 'Xã Ân Phú', 'Xã An Bình', 'Xã Đắk Liêng', 'Xã Dray Bhăng', 'Xã Ăng Sơn', 'Xã Ơ Pu'];
      expect(sortVi(names, (n) => n)).toEqual([
        'Phường Buôn Ma Thuột',
        'Xã An Bình',
        'Xã Ăng Sơn',
        'Xã Ân Phú',
        'Xã Cư Bao',
        'Xã Cư M’gar',
        'Xã Dray Bhăng',
        'Xã Đắk Liêng',
        'Xã Ea Kar',
        'Xã Ơ Pu',
      ]);
      expect(compareVi('d', 'đ')).toBeLessThan(0);
      expect(compareVi('đ', 'e')).toBeLessThan(0);
    });

    it('sorts numbers within names by value', () => {
      expect(sortVi(['Phường 10', 'Phường 2', 'Phường 1'], (n) => n)).toEqual(['Phường 1', 'Phường 2', 'Phường 10']);
    });
  });

  describe('search that ignores the diacritics the user leaves out', () => {
    it('finds "Cư Bao" from "Cu Bao", "cu bao" and "cư bao"', () => {
      for (const query of ['Cu Bao', 'cu bao', 'CU BAO', 'cư bao', 'bao cu', 'Cư', ' cu  ']) {
        expect([query, matchesSearch(query, 'Xã Cư Bao')]).toEqual([query, true]);
      }
    });

    it('treats đ as d when the user types d', () => {
      expect(matchesSearch('dak lieng', 'Xã Đắk Liêng')).toBe(true);
      expect(matchesSearch('Nguyen Van An', 'Nguyễn Văn An')).toBe(true);
    });

    it('respects the marks the user did type', () => {
      expect(matchesSearch('Cừ', 'Xã Cư Bao')).toBe(false);
      expect(matchesSearch('Cư', 'Xã Cù Bao')).toBe(false);
      expect(matchesSearch('Văn', 'Nguyễn Vân An')).toBe(false);
    });

    it('needs every word, in any of the texts given, and matches everything on an empty query', () => {
      expect(matchesSearch('an tai chinh', 'Nguyễn Văn An', 'Sở Tài chính')).toBe(true);
      expect(matchesSearch('an nong nghiep', 'Nguyễn Văn An', 'Sở Tài chính')).toBe(false);
      expect(matchesSearch('', 'anything')).toBe(true);
      expect(matchesSearch('cu', null, undefined, 'Xã Cư Bao')).toBe(true);
    });

    it('matches text written with combining marks (NFD) as well as precomposed (NFC)', () => {
      expect(matchesSearch('cư bao', 'Xã Cư Bao'.normalize('NFD'))).toBe(true);
      expect(matchesSearch('cư bao'.normalize('NFD'), 'Xã Cư Bao')).toBe(true);
    });
  });
});
