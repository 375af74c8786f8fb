import { DEFAULT_CASE_RULES, DEFAULT_ELIGIBILITY_RULES, eligibilityProblems, type LocalDate, type OfficialFacts } from '@app/domain';
import { candidatesOf, chooseEligible, gradeClass, isEligible, needOf, rankPool, shareRoom, type PoolOfficial, type RankingContext } from './ranking';

/** The ranking of a commune's candidates, its points and reasons worked out by hand (the default share is 7%). */

const official = (id: string, overrides: Partial<PoolOfficial> = {}): PoolOfficial => ({
  id,
  name: `Người ${id}`,
  unitId: 'so-a',
  unitName: 'Sở A',
  staff: 50,
  away: 1,
  fieldQuota: 1,
  rank: 'Chuyên viên',
  employment: 'civil_servant',
  isLeader: false,
  inLeadershipPlan: false,
  birthDate: '1990-01-01',
  gender: 'male',
  ...overrides,
});

const context: RankingContext = {
  commune: needOf({ unitId: 'xa-cu-bao', name: 'Xã Cư Bao', difficultArea: true }, 'dat-dai', { quota: 5, present: 2 }),
  field: { nameVi: 'Đất đai', nameEn: 'Land' },
  eligibility: DEFAULT_ELIGIBILITY_RULES,
  rules: DEFAULT_CASE_RULES,
  plannedStart: '2026-07-01',
};

// Sở A: 50 on its books, 1 away, so 3 of 50 (6%) may be away: room for 2 more, 20 points; 3 of the
// field at home over a quota of 1: 2 above it, 10 points. Sở B: 20 on its books, none away: 1 of
// 20 (5%) may go, 10 points; 2 of the field at home, no quota: 10 points. Sở C: 10 on its books: one
// away would be 10%, no room, so its official is left out before anything else.
const POOL: PoolOfficial[] = [
  official('b1', { unitId: 'so-b', unitName: 'Sở B', staff: 20, away: 0, fieldQuota: null, rank: null, birthDate: null, gender: null }),
  official('a3', { rank: 'Chuyên viên', birthDate: '1965-03-01' }),
  official('a2', { rank: 'Chuyên viên cao cấp', birthDate: '1995-07-02', gender: 'female' }),
  official('c1', { unitId: 'so-c', unitName: 'Sở C', staff: 10, away: 0 }),
  official('a1', { rank: 'Chuyên viên chính', birthDate: '1980-01-01' }),
  official('b0', { unitId: 'so-b', unitName: 'Sở B', staff: 20, away: 0, fieldQuota: null, rank: null, birthDate: null, gender: null }),
];

describe('share room and grades', () => {
  it('counts the places left in the share the way the eligibility rule does', () => {
    expect(shareRoom(50, 1, 7)).toBe(2); // 3 of 50 is 6%, 4 would be 8%
    expect(shareRoom(20, 0, 7)).toBe(1); // 1 of 20 is 5%, 2 would be 10%
    expect(shareRoom(10, 0, 7)).toBe(0); // 1 of 10 would be 10%
    expect(shareRoom(50, 5, 7)).toBe(0); // already over
    expect(shareRoom(0, 0, 7)).toBe(0);
    expect(shareRoom(10, 0, 10)).toBe(1);
    expect(shareRoom(100, 0, 7)).toBe(7); // 7 of 100 is exactly 7%, within the share (a floating-point share once gave 6)
  });

  it('never disagrees with the department_share rule: the room is filled by nominations it lets pass, and the next one it refuses', () => {
    const someone: OfficialFacts = { id: 'x', unitId: 'so-a', employment: 'civil_servant', isLeader: false, inLeadershipPlan: false, birthDate: null, gender: null, protectedUntil: null };
    const refusedForShare = (staff: number, away: number, share: number) =>
      eligibilityProblems(someone, {
        form: 'secondment',
        plannedStart: '2027-01-04',
        activeCaseId: null,
        department: { staff, away },
        rules: { ...DEFAULT_ELIGIBILITY_RULES, departmentMaxSharePercent: share },
      }).some((p) => p.rule === 'department_share');
    const disagreements: string[] = [];
    for (const share of [5, 6.5, 7, 10, 12.5]) {
      for (let staff = 1; staff <= 300; staff += 1) {
        const room = shareRoom(staff, 0, share);
        if (room > 0 && refusedForShare(staff, room - 1, share)) disagreements.push(`${staff} staff at ${share}%: the ${room}th is refused`);
        if (refusedForShare(staff, room, share) === false) disagreements.push(`${staff} staff at ${share}%: the ${room + 1}th passes`);
      }
    }
    expect(disagreements).toEqual([]);
  });

  it('classes the grades (ngạch) by their endings', () => {
    expect(['Chuyên viên cao cấp', 'Chuyên viên chính', 'Kế toán viên chính', 'Chuyên viên', 'Kế toán viên', 'Cán sự', 'Nhân viên', 'Kỹ thuật', null].map(gradeClass)).toEqual([
      'senior',
      'principal',
      'principal',
      'specialist',
      'specialist',
      'other',
      'other',
      'other',
      'other',
    ]);
  });

  it("works a commune's need out of its gap cell", () => {
    expect(context.commune).toEqual({ unitId: 'xa-cu-bao', name: 'Xã Cư Bao', difficultArea: true, fieldId: 'dat-dai', quota: 5, present: 2, shortBy: 3 });
    expect(needOf({ unitId: 'xa-a', name: 'Xã A', difficultArea: false }, 'y-te')).toMatchObject({ quota: 0, present: 0, shortBy: 0 });
  });
});

describe('ranking', () => {
  const ranked = rankPool(POOL, context);
  const points = (id: string) => Object.fromEntries(ranked.find((r) => r.official.id === id)!.reasons.map((r) => [r.code, r.points]));

  it('scores each part by hand: share room, field surplus, grade, experience in a difficult area, retirement during the term', () => {
    // a1: 20 + 10 + principal 20 + aged 46 on the start 15 = 65.
    expect(points('a1')).toEqual({ share_room: 20, field_surplus: 10, grade: 20, experience: 15 });
    // a2: 20 + 10 + senior 30 + aged 30 the day before the birthday 0 = 60.
    expect(points('a2')).toEqual({ share_room: 20, field_surplus: 10, grade: 30, experience: 0 });
    // a3: 20 + 10 + specialist 10 + aged 61 15, retires 2026-09-01 before a 36-month term ends −20 = 35.
    expect(points('a3')).toEqual({ share_room: 20, field_surplus: 10, grade: 10, experience: 15, retires_during_term: -20 });
    // b0, b1: 10 + 10 + no grade 0 + no birth date 0 = 20.
    expect(points('b1')).toEqual({ share_room: 10, field_surplus: 10, grade: 0, experience: 0 });
  });

  it('orders by score, ties by official id, and leaves out units with no room', () => {
    expect(ranked.map((r) => [r.official.id, r.score])).toEqual([
      ['a1', 65],
      ['a2', 60],
      ['a3', 35],
      ['b0', 20],
      ['b1', 20],
    ]);
  });

  it('gives the reasons in both languages', () => {
    const a1 = ranked[0].reasons.map((r) => r.text);
    expect(a1).toEqual([
      {
        vi: 'Sở A còn được cử thêm 2 người trong tỷ lệ biệt phái 7% (đang có 1/50 người đi biệt phái hoặc đang được đề xuất).',
        en: 'Sở A may still send 2 more within its 7% share (1 of 50 away or nominated now).',
      },
      { vi: 'Sở A có 3 công chức lĩnh vực Đất đai đang làm việc tại đơn vị, định biên 1: dôi 2 người.', en: 'Sở A has 3 officials of Land at work at home and a quota of 1: 2 above it.' },
      { vi: 'Ngạch Chuyên viên chính (ngạch chính).', en: 'Grade Chuyên viên chính (principal grade).' },
      { vi: 'Xã Cư Bao thuộc vùng khó khăn, ưu tiên người có kinh nghiệm: 46 tuổi khi bắt đầu.', en: 'Xã Cư Bao is in a difficult area and prefers experienced officials: 46 years old at the start.' },
    ]);
    expect(ranked[1].reasons[3].text.en).toBe('Xã Cư Bao is in a difficult area and prefers experienced officials (35 or older): 30 at the start.');
    expect(ranked[2].reasons[4].text).toEqual({
      vi: 'Nghỉ hưu ngày 2026-09-01, trước khi hết thời hạn biệt phái 36 tháng (2029-07-01).',
      en: 'Retires on 2026-09-01, before a 36-month secondment would end (2029-07-01).',
    });
    const b1 = ranked[4].reasons.map((r) => r.text.en);
    expect(b1.slice(1)).toEqual([
      'Sở B has 2 officials of Land at work at home and no quota of its own for the field: 2 above it.',
      'The registry records no grade.',
      'Xã Cư Bao is in a difficult area and prefers experienced officials; the registry records no birth date.',
    ]);
  });

  it('asks nothing of experience outside a difficult area', () => {
    const plain = rankPool(POOL, { ...context, commune: { ...context.commune, difficultArea: false } });
    expect(plain.map((r) => [r.official.id, r.score])).toEqual([
      ['a2', 60],
      ['a1', 50],
      ['a3', 20],
      ['b0', 20],
      ['b1', 20],
    ]);
  });
});

describe('choosing down the ranking', () => {
  it('reads protections a chunk at a time, only for as many as are missing, and drops the protected', async () => {
    const reads: string[][] = [];
    const protectedUntil = new Map<string, LocalDate>([['a2', '2027-01-01']]);
    const chosen = await chooseEligible(rankPool(POOL, context), { limit: 3, chunk: 2, eligibility: DEFAULT_ELIGIBILITY_RULES, plannedStart: '2026-07-01' }, (ids) => {
      reads.push(ids);
      return Promise.resolve(new Map(ids.filter((id) => protectedUntil.has(id)).map((id) => [id, protectedUntil.get(id)!])));
    });
    expect(reads).toEqual([
      ['a1', 'a2'],
      ['a3', 'b0'],
    ]);
    expect(candidatesOf(chosen).map((c) => [c.rank, c.officialId, c.unitName, c.grade, c.score])).toEqual([
      [1, 'a1', 'Sở A', 'Chuyên viên chính', 65],
      [2, 'a3', 'Sở A', 'Chuyên viên', 35],
      [3, 'b0', 'Sở B', null, 20],
    ]);
  });

  it('judges eligibility with the officials the unit is about to send counted as away', () => {
    const a1 = official('a1');
    expect(isEligible(a1, null, DEFAULT_ELIGIBILITY_RULES, '2026-07-01', 0)).toBe(true); // the 2nd of 50 away: 4%
    expect(isEligible(a1, null, DEFAULT_ELIGIBILITY_RULES, '2026-07-01', 1)).toBe(true); // the 3rd: 6%
    expect(isEligible(a1, null, DEFAULT_ELIGIBILITY_RULES, '2026-07-01', 2)).toBe(false); // the 4th: 8%, over 7%
    expect(isEligible(a1, '2026-12-31', DEFAULT_ELIGIBILITY_RULES, '2026-07-01', 0)).toBe(false); // protected past the start
  });
});
