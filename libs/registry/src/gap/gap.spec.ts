import { balancedCommunes, balanceOf, departmentsSummary, gapStatus, gapSummary, presentOf, shortBy } from './gap';

/** The gap's arithmetic and sentences, with figures worked out by hand. */

describe('gap arithmetic', () => {
  // A commune with a quota of 12 in a field, 10 officials of it on its books, 3 of them away on
  // active cases and 2 seconded in from elsewhere.
  const cell = { quota: 12, onBooks: 10, secondedOut: 3, secondedIn: 2 };

  it('counts who works at the unit now: on the books, less those away, plus those seconded in', () => {
    expect(presentOf(cell)).toBe(9); // 10 − 3 + 2
    expect(presentOf({ onBooks: 0, secondedOut: 0, secondedIn: 4 })).toBe(4);
  });

  it('balances against the quota in the working view (present) and the books view (on the books)', () => {
    expect(balanceOf('present', cell)).toBe(-3); // 9 − 12
    expect(balanceOf('books', cell)).toBe(-2); // 10 − 12: the books still count the 3 away
    expect(balanceOf('present', { ...cell, quota: 7 })).toBe(2);
    expect(balanceOf('books', { ...cell, quota: 10 })).toBe(0);
  });

  it('names a balance, and a shortage never goes below zero', () => {
    expect([gapStatus(-3), gapStatus(0), gapStatus(2)]).toEqual(['short', 'balanced', 'over']);
    expect(shortBy(12, 9)).toBe(3);
    expect(shortBy(7, 9)).toBe(0);
    expect(shortBy(0, 0)).toBe(0);
  });

  it('counts the balanced communes as those neither short nor over', () => {
    expect(balancedCommunes({ communes: 100, shortCommunes: 64, overCommunes: 33 })).toBe(3);
  });
});

describe('gap sentences', () => {
  it("says the province's gap in the field's words, with Vietnamese and English number formats", () => {
    expect(gapSummary({ shortCommunes: 64, shortage: 619, overCommunes: 33, surplus: 182 })).toEqual({
      vi: '64 xã, phường thiếu 619 người; 33 xã, phường thừa 182 người',
      en: '64 communes short of 619; 33 with 182 over',
    });
    expect(gapSummary({ shortCommunes: 1, shortage: 1234, overCommunes: 0, surplus: 0 })).toEqual({
      vi: '1 xã, phường thiếu 1.234 người; không có xã, phường nào thừa người',
      en: '1 commune short of 1,234; none over',
    });
    expect(gapSummary({ shortCommunes: 0, shortage: 0, overCommunes: 0, surplus: 0 })).toEqual({
      vi: 'Không có xã, phường nào thiếu người; không có xã, phường nào thừa người',
      en: 'No commune short; none over',
    });
  });

  it("prefixes one field's figures with the field's name, uncapitalised", () => {
    expect(gapSummary({ shortCommunes: 0, shortage: 0, overCommunes: 2, surplus: 3 }, { nameVi: 'Đất đai', nameEn: 'Land' })).toEqual({
      vi: 'Đất đai: không có xã, phường nào thiếu người; 2 xã, phường thừa 3 người',
      en: 'Land: no commune short; 2 with 3 over',
    });
  });

  it("says the departments' headcount and the share seconded out, one decimal", () => {
    expect(departmentsSummary({ departments: 30, onBooks: 2521, secondedOut: 150, secondedIn: 4, present: 2375, sharePercent: 6 })).toEqual({
      vi: '30 sở, ban, ngành có 2.521 người trong biên chế; đang biệt phái 150 người (6,0%)',
      en: '30 departments with 2,521 on their books; 150 seconded out now (6.0%)',
    });
    expect(departmentsSummary({ departments: 1, onBooks: 0, secondedOut: 0, secondedIn: 0, present: 0, sharePercent: null })).toEqual({
      vi: '1 sở, ban, ngành có 0 người trong biên chế; đang biệt phái 0 người',
      en: '1 department with 0 on their books; 0 seconded out now',
    });
  });
});
