import {
  DEFAULT_ELIGIBILITY_RULES,
  eligibilityProblems,
  OVERRIDABLE_RULES,
  retirementDate,
  type EligibilityRule,
  type NominationContext,
  type OfficialFacts,
} from './eligibility';
import { DEFAULT_CASE_RULES } from './rules';

/** A civil servant with nothing against them: not a leader, born 1985, not protected. */
function official(facts: Partial<OfficialFacts> = {}): OfficialFacts {
  return {
    id: 'cc-1',
    unitId: 'so-a',
    employment: 'civil_servant',
    isLeader: false,
    inLeadershipPlan: false,
    birthDate: '1985-03-15',
    gender: 'female',
    protectedUntil: null,
    ...facts,
  };
}

/** A secondment starting 2026-07-01 from a department of 20 with nobody away, under a 10% share and 10 service years. */
function context(over: Partial<NominationContext> = {}): NominationContext {
  return {
    form: 'secondment',
    plannedStart: '2026-07-01',
    activeCaseId: null,
    department: { staff: 20, away: 0 },
    rules: { departmentMaxSharePercent: 10, rotationMinServiceYears: 10 },
    ...over,
  };
}

const rules = (official: OfficialFacts, ctx: NominationContext): EligibilityRule[] => eligibilityProblems(official, ctx).map((p) => p.rule);

/** A leader in the leadership plan (may be rotated), a man born on `birthDate`. */
const leader = (birthDate: string): OfficialFacts => official({ isLeader: true, inLeadershipPlan: true, gender: 'male', birthDate });

describe('retirementDate (Labour Code 2019 art. 169, Decree 135/2020/NĐ-CP)', () => {
  // Men: 60y3m in 2021, +3 months a year, 62 from 2028. Women: 55y4m in 2021, +4 months a year, 60 from 2035.
  it.each([
    // Born after the steps end: the final age, on the birthday.
    ['male', '1990-05-10', '2052-05-10'],
    ['male', '1985-02-01', '2047-02-01'],
    ['male', '1970-06-01', '2032-06-01'],
    // The age of the year it is reached in.
    ['male', '1961-01-01', '2021-04-01'], // 60y3m in 2021
    ['male', '1961-05-31', '2021-08-31'], // 60y3m in 2021
    ['male', '1961-10-01', '2022-04-01'], // 60y3m would be 2022-01: the 2022 age 60y6m applies
    ['male', '1962-01-15', '2022-07-15'], // 60y6m in 2022
    ['male', '1962-08-31', '2023-05-31'], // 60y6m would be 2023-02-28: 60y9m in 2023
    ['male', '1964-01-10', '2025-04-10'], // 61y3m in 2025
    ['male', '1966-03-10', '2027-12-10'], // 61y9m, still in 2027
    ['male', '1966-04-10', '2028-04-10'], // 61y9m would be 2028-01: 62 from 2028
    ['female', '1990-05-10', '2050-05-10'],
    ['female', '1980-05-01', '2040-05-01'],
    ['female', '1966-01-10', '2021-05-10'], // 55y4m in 2021
    ['female', '1966-09-10', '2022-05-10'], // 55y4m would be 2022-01: 55y8m in 2022
    ['female', '1966-10-31', '2022-06-30'], // 55y8m in 2022, the 31st falling on June's last day
    ['female', '1968-01-31', '2024-05-31'], // 56y would be 2024-01-31: 56y4m in 2024
    ['female', '1970-03-20', '2027-07-20'], // 57y4m in 2027
    ['female', '1975-04-15', '2034-12-15'], // 59y8m, still in 2034
    ['female', '1975-05-15', '2035-05-15'], // 59y8m would be 2035-01: 60 from 2035
  ] as const)('%s born %s retires on %s', (gender, birthDate, expected) => {
    expect(retirementDate(birthDate, gender)).toBe(expected);
  });

  it('is never earlier for a later birth date (the steps never go back)', () => {
    for (const gender of ['male', 'female'] as const) {
      let previous = '';
      for (let year = 1959; year <= 1982; year += 1) {
        for (let month = 1; month <= 12; month += 1) {
          const retires = retirementDate(`${year}-${String(month).padStart(2, '0')}-15`, gender);
          expect(retires >= previous).toBe(true);
          previous = retires;
        }
      }
    }
  });
});

describe('eligibilityProblems', () => {
  it('passes a sound nomination with no problem', () => {
    expect(eligibilityProblems(official(), context())).toEqual([]);
  });

  it('the province rules carry the defaults: a 7% share and 10 service years', () => {
    expect(DEFAULT_ELIGIBILITY_RULES).toEqual({ departmentMaxSharePercent: 7, rotationMinServiceYears: 10 });
    expect(DEFAULT_CASE_RULES.eligibility).toEqual(DEFAULT_ELIGIBILITY_RULES);
  });

  it('only the department share and the protection of a parent may be overridden', () => {
    expect([...OVERRIDABLE_RULES]).toEqual(['department_share', 'protected_parent']);
  });

  describe('one active case per official', () => {
    it('passes an official with no open case', () => {
      expect(rules(official(), context({ activeCaseId: null }))).toEqual([]);
    });

    it('refuses an official with an open case, naming it; not overridable', () => {
      const [problem, ...others] = eligibilityProblems(official(), context({ activeCaseId: 'HS-2026-AAAA1111' }));
      expect(others).toEqual([]);
      expect(problem).toMatchObject({ rule: 'one_active_case', overridable: false, legalBasis: expect.stringContaining('170/2025') });
      expect(problem.message.en).toContain('HS-2026-AAAA1111');
      expect(problem.message.vi).toContain('HS-2026-AAAA1111');
    });

    it('holds for a transfer too', () => {
      expect(rules(official(), context({ form: 'transfer', activeCaseId: 'HS-1' }))).toEqual(['one_active_case']);
    });
  });

  describe("the department's share", () => {
    it('passes while the nomination keeps the department within its share (2 of 20 at 10%)', () => {
      expect(rules(official(), context({ department: { staff: 20, away: 1 } }))).toEqual([]);
    });

    it('refuses the nomination that takes it over (3 of 20 at 10%): overridable, with the figures', () => {
      const [problem, ...others] = eligibilityProblems(official(), context({ department: { staff: 20, away: 2 } }));
      expect(others).toEqual([]);
      expect(problem).toMatchObject({ rule: 'department_share', overridable: true, legalBasis: expect.stringMatching(/\S/) });
      expect(problem.message.en).toBe('The department would have 3 of 20 staff away (15.0%), over its 10% share.');
      expect(problem.message.vi).toContain('3/20');
    });

    it('judges against the share the province sets (the default 7%)', () => {
      const atDefault = (away: number) => rules(official(), context({ department: { staff: 100, away }, rules: DEFAULT_ELIGIBILITY_RULES }));
      expect(atDefault(5)).toEqual([]); // 6 of 100
      expect(atDefault(6)).toEqual([]); // 7 of 100: exactly the share
      expect(atDefault(7)).toEqual(['department_share']); // 8 of 100
      expect(rules(official(), context({ department: { staff: 200, away: 13 }, rules: DEFAULT_ELIGIBILITY_RULES }))).toEqual([]); // 14 of 200
      expect(rules(official(), context({ department: { staff: 300, away: 20 }, rules: DEFAULT_ELIGIBILITY_RULES }))).toEqual([]); // 21 of 300
    });

    it('does not count a transfer (it leaves the department for good)', () => {
      expect(rules(official(), context({ form: 'transfer', department: { staff: 20, away: 19 } }))).toEqual([]);
    });

    it('counts every other form', () => {
      for (const form of ['secondment', 'reinforcement'] as const) {
        expect(rules(official(), context({ form, department: { staff: 20, away: 2 } }))).toEqual(['department_share']);
      }
      expect(rules(leader('1985-01-01'), context({ form: 'rotation', department: { staff: 20, away: 2 } }))).toEqual(['department_share']);
    });

    it('is not judged without the department', () => {
      expect(rules(official(), context({ department: null }))).toEqual([]);
    });
  });

  describe('rotation: only leaders in the leadership plan', () => {
    it('passes a leader in the plan', () => {
      expect(rules(leader('1985-01-01'), context({ form: 'rotation' }))).toEqual([]);
    });

    it('refuses an official who is not a leader, and a leader outside the plan; not overridable', () => {
      for (const facts of [official({ gender: 'male' }), official({ gender: 'male', isLeader: true, inLeadershipPlan: false })]) {
        const problems = eligibilityProblems(facts, context({ form: 'rotation' }));
        expect(problems).toEqual([expect.objectContaining({ rule: 'rotation_leadership_plan', overridable: false, legalBasis: expect.stringContaining('65-QĐ/TW') })]);
      }
    });

    it('is not asked of the other forms', () => {
      for (const form of ['secondment', 'reinforcement', 'transfer'] as const) {
        expect(rules(official({ birthDate: '1963-01-01', gender: 'male' }), context({ form }))).toEqual([]);
      }
    });
  });

  describe('rotation: enough years of service left', () => {
    it('passes a leader who retires well after the years required', () => {
      expect(rules(leader('1985-01-01'), context({ form: 'rotation' }))).toEqual([]);
    });

    it('refuses a leader who retires before them (born 1970: retires 2032-06-01), naming the date; not overridable', () => {
      const problems = eligibilityProblems(leader('1970-06-01'), context({ form: 'rotation' }));
      expect(problems).toEqual([expect.objectContaining({ rule: 'rotation_service_years', overridable: false })]);
      expect(problems[0].message.en).toContain('2032-06-01');
    });

    it('passes exactly the years required, and refuses a day less', () => {
      // Rotated on 2026-07-01 with 10 years required: retiring on 2036-07-01 is enough (a man born 1974-07-01 reaches 62 then).
      expect(retirementDate('1974-07-01', 'male')).toBe('2036-07-01');
      expect(rules(leader('1974-07-01'), context({ form: 'rotation' }))).toEqual([]);
      expect(rules(leader('1974-06-30'), context({ form: 'rotation' }))).toEqual(['rotation_service_years']);
    });

    it('judges against the years the province sets', () => {
      expect(rules(leader('1970-06-01'), context({ form: 'rotation', rules: { departmentMaxSharePercent: 10, rotationMinServiceYears: 5 } }))).toEqual([]);
    });

    it('refuses when the registry lacks the birth date or the gender', () => {
      expect(rules(official({ isLeader: true, inLeadershipPlan: true, birthDate: null }), context({ form: 'rotation' }))).toEqual(['rotation_service_years']);
      expect(rules(official({ isLeader: true, inLeadershipPlan: true, gender: null }), context({ form: 'rotation' }))).toEqual(['rotation_service_years']);
    });

    it('judges a woman by her own retirement age (born 1975-05-15: retires 2035-05-15)', () => {
      const woman = official({ isLeader: true, inLeadershipPlan: true, gender: 'female', birthDate: '1975-05-15' });
      expect(rules(woman, context({ form: 'rotation', plannedStart: '2025-05-15' }))).toEqual([]);
      expect(rules(woman, context({ form: 'rotation', plannedStart: '2025-05-16' }))).toEqual(['rotation_service_years']);
    });
  });

  describe('pregnancy, or a child under 36 months', () => {
    it('passes an official whose protection ends before the planned start', () => {
      expect(rules(official({ protectedUntil: '2026-06-30' }), context())).toEqual([]);
    });

    it('refuses a civil servant protected on the planned start: Home Affairs may override', () => {
      for (const until of ['2026-07-01', '2027-12-31']) {
        const problems = eligibilityProblems(official({ protectedUntil: until }), context());
        expect(problems).toEqual([expect.objectContaining({ rule: 'protected_parent', overridable: true, legalBasis: expect.stringMatching(/Viên chức/) })]);
      }
    });

    it('refuses a public employee, and that refusal may not be overridden', () => {
      const problems = eligibilityProblems(official({ employment: 'public_employee', protectedUntil: '2027-12-31' }), context());
      expect(problems).toEqual([expect.objectContaining({ rule: 'protected_parent', overridable: false })]);
    });

    it('protects in a reinforcement and a rotation too, not in a transfer', () => {
      expect(rules(official({ protectedUntil: '2027-12-31' }), context({ form: 'reinforcement' }))).toEqual(['protected_parent']);
      expect(rules({ ...leader('1985-01-01'), protectedUntil: '2027-12-31' }, context({ form: 'rotation' }))).toEqual(['protected_parent']);
      expect(rules(official({ protectedUntil: '2027-12-31' }), context({ form: 'transfer' }))).toEqual([]);
    });
  });

  it('lists every rule broken, each with its basis, both messages and whether it may be overridden', () => {
    const problems = eligibilityProblems(
      official({ employment: 'public_employee', gender: 'male', birthDate: '1968-01-01', protectedUntil: '2027-01-01' }),
      context({ form: 'rotation', activeCaseId: 'HS-2', department: { staff: 20, away: 5 } }),
    );
    expect(problems.map((p) => [p.rule, p.overridable])).toEqual([
      ['one_active_case', false],
      ['department_share', true],
      ['rotation_leadership_plan', false],
      ['rotation_service_years', false],
      ['protected_parent', false],
    ]);
    for (const problem of problems) {
      expect(problem.legalBasis).toMatch(/\S/);
      expect(problem.message.vi).toMatch(/\S/);
      expect(problem.message.en).toMatch(/\S/);
    }
    expect(new Set(problems.map((p) => p.legalBasis)).size).toBeGreaterThan(1);
  });
});
