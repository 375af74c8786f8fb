import type { OfficialFacts } from '@app/domain';
import { alreadyReserved, judgeNomination, nominationContext } from './eligibility';

const official: OfficialFacts = {
  id: 'cc-1',
  unitId: 'so-a',
  employment: 'civil_servant',
  isLeader: false,
  inLeadershipPlan: false,
  birthDate: '1985-03-02',
  gender: 'female',
  protectedUntil: '2027-01-31',
};
const nomination = { form: 'secondment' as const, plannedStart: '2026-07-01', rules: undefined };

describe('a nomination judged against the registry', () => {
  it('uses the default rules when the province published none, with no other case and no department yet', () => {
    expect(nominationContext(nomination)).toEqual({ form: 'secondment', plannedStart: '2026-07-01', activeCaseId: null, department: null, rules: { departmentMaxSharePercent: 7, rotationMinServiceYears: 10 } });
  });

  it('lets an overridden rule pass, and only an overridable one', () => {
    // 7 of 100 away already: the 8th is over the 7% share; protected until after the start.
    const found = { activeCaseId: 'HS-1', department: { staff: 100, away: 7 } };
    expect(judgeNomination(official, nomination, found, []).map((p) => p.rule)).toEqual(['one_active_case', 'department_share', 'protected_parent']);
    const overrides = [
      { rule: 'department_share' as const, reason: 'Thiếu người' },
      { rule: 'protected_parent' as const, reason: 'Tự nguyện' },
    ];
    expect(judgeNomination(official, nomination, found, overrides).map((p) => p.rule)).toEqual(['one_active_case']);
    expect(judgeNomination(official, nomination, { activeCaseId: null, department: { staff: 100, away: 6 } }, overrides)).toEqual([]);
  });

  it('refuses an official another nomination reserved first, naming its case', () => {
    expect(alreadyReserved('cc-1', nomination, 'HS-2')).toEqual([expect.objectContaining({ rule: 'one_active_case', overridable: false, message: expect.objectContaining({ en: expect.stringContaining('HS-2') }) })]);
  });
});
