import { guardFormula, needsFormulaGuard, unguardFormula } from './formula-guard';

describe('the formula guard', () => {
  it("puts ' before a cell that starts with = + - @, a tab or a carriage return, and nothing else", () => {
    for (const text of ['=1+2', '+1', '-2', '@SUM(1)', '\t=1', '\r=1']) expect([text, guardFormula(text), needsFormulaGuard(text)]).toEqual([text, `'${text}`, true]);
    for (const text of ['', 'a=b', ' =1', "'=1", 'Nguyễn', '１']) expect([text, guardFormula(text), needsFormulaGuard(text)]).toEqual([text, text, false]);
  });

  it('takes off what it put, and only that', () => {
    for (const text of ['=1+2', '+1', '-2', '@SUM(1)', '\t=1', '\r=1', 'a', "'quoted"]) expect(unguardFormula(guardFormula(text))).toBe(text);
    expect(unguardFormula("'-Phó phòng")).toBe('-Phó phòng');
    expect(unguardFormula("'abc")).toBe("'abc");
  });
});
