import { DEFAULT_CASE_RULES } from '@app/domain';
import { createDataSource, ProvinceRulesRepository } from '@app/persistence';
import { MatchingRepository } from '@app/persistence/registry/matching.repository';
import type { MatchCandidate } from '@app/registry';
import type { DataSource } from 'typeorm';
import { createTestDatabase, queryRows, type TestDatabase } from '../support/database';

/*
 * Matching on a hand-built province (real PostgreSQL, a fresh copy of the template). The province
 * rules are published with a department share of 10%. Eligibility is judged for a secondment
 * starting on 2027-01-04 (PLANNED_START), the default term 36 months (to 2030-01-04).
 *
 * Fields: C = cong-nghe-thong-tin (position 40), J = tu-phap (50); neither is held by the demo or
 * the fixture officials of the template, so only this fixture's officials are counted.
 *
 * Departments (staff = officials on the books; away = unreleased reservations other than transfers)
 *   mt-so-a  Sở Mẫu A   staff 40, away 1 (mt-a4)                → may send 4 → room 3  (30 points)
 *            C: a1 'Chuyên viên chính' m 1978-05-10 (48)   a2 'Chuyên viên' f 1997-02-01 (29)
 *               a3 'Chuyên viên' f 1985-03-03, protected until 2027-06-30 (excluded, read logged)
 *               a4 'Chuyên viên chính' on an open case (reservation; excluded, never read)
 *               a5 'Chuyên viên' m 1996-06-06 (30)
 *            own quota C 2; at home in C: a1 a2 a3 a5 = 4 → surplus 2 (10 points)
 *   mt-so-b  Sở Mẫu B   staff 20, away 0 (a released reservation does not count) → room 2 (20)
 *            C: b1 'Chuyên viên cao cấp' m 1972-09-09 (54)
 *               b2 'Chuyên viên' on an open case (case_summary row not closed; excluded, never read)
 *               b3 'Cán sự' f 1971-04-04 (55; retires 2028-12-04, before the term ends: −20)
 *            no quota; at home in C: b1 b3 = 2 → 10 points
 *   mt-so-c  Ban Mẫu C (agency) staff 20, away 2 → room 0: c1 'Chuyên viên chính' excluded, never read
 *   mt-so-d  Sở Mẫu D   staff 30, away 1 (one secondment; a transfer does not count) → room 2 (20)
 *            C: d1 'Cán sự' m 1990-07-07 (36)   d2 'Chuyên viên' public employee f 1988-01-01 (39),
 *               protection ended 2026-10-01 (eligible, read logged)   d3 no grade, no birth date
 *            no quota; at home in C: 3 → 15 points
 *
 * Communes (quota / officials of the field; present = working view; nobody is seconded in)
 *   mt-xa-kho     commune, difficult  C 3 / k-c1 → short 2     J 3 / none → short 3
 *   mt-xa-vua     commune             C 2 / v-c1 → short 1     J 2 / v-j1 → short 1
 *   mt-phuong-du  ward                C 1 / pd-c1..c3 → over 2  J 1 / pd-j1..j4 → over 3 (pd-j2 on an
 *                                     open case at department review: still present, not movable)
 *                                     staff 30 → may send 3
 *   mt-xa-nho     commune             J 0 / xn-j1, xn-j2 → over 2; staff 5 → may send none (1/5 = 20%)
 *   mt-xa-bon     commune             J 1 / xb-j1 (protected), xb-j2 → over 1; staff 10 → may send 1
 *
 * Candidates for mt-xa-kho in C (difficult: experience counts, 15 from age 35)
 *   share + surplus + grade + experience (+ retirement)
 *   a1 30+10+20+15 = 75   b1 20+10+30+15 = 75   (a3 30+10+10+15 = 65, protected)   d2 20+15+10+15 = 60
 *   a2 30+10+10+0 = 50    a5 30+10+10+0 = 50    d1 20+15+0+15 = 50    d3 20+15+0 (no birth date) = 35
 *   b3 20+10+0+15−20 = 25
 *   → a1, b1, d2, a2, a5, d1, d3, b3 (ties by id)
 * Candidates for mt-xa-vua in C (not difficult: no experience part)
 *   a1 60, b1 60, a2 50, a5 50, d2 45, d1 35, d3 35, b3 10 → a1, b1, a2, a5, d2, d1, d3, b3
 *
 * Redistribution (greedy: most over gives to most short, within its share, the share spent across fields)
 *   C: mt-phuong-du (+2) → mt-xa-kho (−2): pd-c1, pd-c2; mt-xa-vua (−1) gets none (nobody else over)
 *   J after C: mt-phuong-du may send 3 − 2 = 1 → mt-xa-kho: pd-j1; mt-xa-nho has no room;
 *              mt-xa-bon (+1) → mt-xa-kho (2 left): xb-j1 protected, so xb-j2
 *   J alone:   mt-phuong-du (+3) → mt-xa-kho (−3): pd-j1, pd-j3, pd-j4; mt-xa-nho no room;
 *              mt-xa-bon (+1) → mt-xa-vua (−1): xb-j2
 */

const C = 'cong-nghe-thong-tin';
const J = 'tu-phap';
const PLANNED_START = '2027-01-04';
const READER = 'snv.thamdinh';

const UNITS: [id: string, name: string, kind: string, category: string, difficult: boolean][] = [
  ['mt-so-a', 'Sở Mẫu A', 'department', 'department', false],
  ['mt-so-b', 'Sở Mẫu B', 'department', 'department', false],
  ['mt-so-c', 'Ban Mẫu C', 'department', 'agency', false],
  ['mt-so-d', 'Sở Mẫu D', 'department', 'department', false],
  ['mt-xa-kho', 'Xã Khó', 'commune', 'commune', true],
  ['mt-xa-vua', 'Xã Vừa', 'commune', 'commune', false],
  ['mt-phuong-du', 'Phường Dư', 'commune', 'ward', false],
  ['mt-xa-nho', 'Xã Nhỏ', 'commune', 'commune', false],
  ['mt-xa-bon', 'Xã Bốn', 'commune', 'commune', false],
];

type Official = [id: string, unitId: string, fieldId: string | null, rank: string | null, birthDate: string | null, gender: string | null, employment?: string];

const OFFICIALS: Official[] = [
  ['mt-a1', 'mt-so-a', C, 'Chuyên viên chính', '1978-05-10', 'male'],
  ['mt-a2', 'mt-so-a', C, 'Chuyên viên', '1997-02-01', 'female'],
  ['mt-a3', 'mt-so-a', C, 'Chuyên viên', '1985-03-03', 'female'],
  ['mt-a4', 'mt-so-a', C, 'Chuyên viên chính', '1980-01-01', 'male'],
  ['mt-a5', 'mt-so-a', C, 'Chuyên viên', '1996-06-06', 'male'],
  ['mt-b1', 'mt-so-b', C, 'Chuyên viên cao cấp', '1972-09-09', 'male'],
  ['mt-b2', 'mt-so-b', C, 'Chuyên viên', '1990-01-01', 'female'],
  ['mt-b3', 'mt-so-b', C, 'Cán sự', '1971-04-04', 'female'],
  ['mt-c1', 'mt-so-c', C, 'Chuyên viên chính', '1980-02-02', 'male'],
  ['mt-d1', 'mt-so-d', C, 'Cán sự', '1990-07-07', 'male'],
  ['mt-d2', 'mt-so-d', C, 'Chuyên viên', '1988-01-01', 'female', 'public_employee'],
  ['mt-d3', 'mt-so-d', C, null, null, null],
  ['mt-k-c1', 'mt-xa-kho', C, 'Chuyên viên', '1990-01-01', 'male'],
  ['mt-v-c1', 'mt-xa-vua', C, 'Chuyên viên', '1990-01-01', 'male'],
  ['mt-v-j1', 'mt-xa-vua', J, 'Chuyên viên', '1990-01-01', 'male'],
  ['mt-pd-c1', 'mt-phuong-du', C, 'Chuyên viên', '1990-01-01', 'male'],
  ['mt-pd-c2', 'mt-phuong-du', C, 'Chuyên viên', '1990-01-01', 'female'],
  ['mt-pd-c3', 'mt-phuong-du', C, 'Chuyên viên', '1990-01-01', 'male'],
  ['mt-pd-j1', 'mt-phuong-du', J, 'Chuyên viên', '1990-01-01', 'female'],
  ['mt-pd-j2', 'mt-phuong-du', J, 'Chuyên viên', '1990-01-01', 'male'],
  ['mt-pd-j3', 'mt-phuong-du', J, 'Chuyên viên', '1990-01-01', 'female'],
  ['mt-pd-j4', 'mt-phuong-du', J, 'Chuyên viên', '1990-01-01', 'male'],
  ['mt-xn-j1', 'mt-xa-nho', J, 'Chuyên viên', '1990-01-01', 'male'],
  ['mt-xn-j2', 'mt-xa-nho', J, 'Chuyên viên', '1990-01-01', 'female'],
  ['mt-xb-j1', 'mt-xa-bon', J, 'Chuyên viên', '1990-01-01', 'female'],
  ['mt-xb-j2', 'mt-xa-bon', J, 'Chuyên viên', '1990-01-01', 'male'],
];

/** Officials with no field, so each unit has the staff its share is counted on. */
const FILLERS: [unitId: string, count: number][] = [
  ['mt-so-a', 35],
  ['mt-so-b', 17],
  ['mt-so-c', 19],
  ['mt-so-d', 27],
  ['mt-phuong-du', 23],
  ['mt-xa-nho', 3],
  ['mt-xa-bon', 8],
];

const QUOTAS: [unitId: string, fieldId: string, quota: number][] = [
  ['mt-so-a', C, 2],
  ['mt-xa-kho', C, 3],
  ['mt-xa-kho', J, 3],
  ['mt-xa-vua', C, 2],
  ['mt-xa-vua', J, 2],
  ['mt-phuong-du', C, 1],
  ['mt-phuong-du', J, 1],
  ['mt-xa-nho', J, 0],
  ['mt-xa-bon', J, 1],
];

/** Reservations: [caseId, officialId, sendingUnitId, form, released]. */
const RESERVATIONS: [string, string, string, string, boolean][] = [
  ['MT-R1', 'mt-a4', 'mt-so-a', 'secondment', false],
  ['MT-R2', 'mt-so-b-f1', 'mt-so-b', 'secondment', true],
  ['MT-R3', 'mt-so-c-f1', 'mt-so-c', 'secondment', false],
  ['MT-R4', 'mt-so-c-f2', 'mt-so-c', 'reinforcement', false],
  ['MT-R5', 'mt-so-d-f1', 'mt-so-d', 'secondment', false],
  ['MT-R6', 'mt-so-d-f2', 'mt-so-d', 'transfer', false],
];

/** Open cases with no reservation (a case_summary row not closed): [caseId, officialId, from, to, stage]. */
const OPEN_CASES: [string, string, string, string, string][] = [
  ['MT-K1', 'mt-b2', 'mt-so-b', 'mt-xa-vua', 'home_affairs_appraisal'],
  ['MT-K2', 'mt-pd-j2', 'mt-phuong-du', 'mt-xa-vua', 'department_review'],
];

/** A case_summary row as the projection would write it, every NOT NULL column filled. */
const INSERT_CASE = `
  INSERT INTO secondment.case_summary (
    case_id, version, form, stage, outcome, official_id, official_name, official_name_key,
    sending_unit_id, sending_unit_name, receiving_unit_id, receiving_unit_name, position,
    proposer_id, proposer_name, proposed_at, stage_opened_at, escalation_level, overdue, closed_at, state)
  SELECT $1, 1, 'secondment', $2, NULL, o.id, o.full_name, lower(o.full_name),
         s.id, s.name, r.id, r.name, 'Chuyên viên',
         'snv.thamdinh', 'Huỳnh Thị Giang', now() - interval '3 days', now() - interval '2 days', 0, false, NULL, '{}'::jsonb
    FROM secondment.official o, secondment.org_unit s, secondment.org_unit r
   WHERE o.id = $3 AND s.id = $4 AND r.id = $5
  RETURNING case_id`;

async function seedFixture(url: string): Promise<void> {
  const sql = (text: string, params: unknown[] = []) => queryRows(url, text, params);
  for (const [id, name, kind, category, difficult] of UNITS) {
    await sql(`INSERT INTO secondment.org_unit (id, name, kind, category, difficult_area) VALUES ($1, $2, $3, $4, $5)`, [id, name, kind, category, difficult]);
  }
  for (const [id, unitId, fieldId, rank, birthDate, gender, employment] of OFFICIALS) {
    await sql(`INSERT INTO secondment.official (id, full_name, unit_id, field_id, rank, birth_date, gender, employment) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`, [
      id,
      `Công chức ${id}`,
      unitId,
      fieldId,
      rank,
      birthDate,
      gender,
      employment ?? 'civil_servant',
    ]);
  }
  for (const [unitId, count] of FILLERS) {
    await sql(
      `INSERT INTO secondment.official (id, full_name, unit_id) SELECT $1 || '-f' || g, 'Công chức ' || $1 || '-f' || g, $1 FROM generate_series(1, $2::int) AS g`,
      [unitId, count],
    );
  }
  for (const [unitId, fieldId, quota] of QUOTAS) {
    await sql(`INSERT INTO secondment.staffing_quota (unit_id, field_id, quota) VALUES ($1, $2, $3)`, [unitId, fieldId, quota]);
  }
  for (const [caseId, officialId, unitId, form, released] of RESERVATIONS) {
    await sql(
      `INSERT INTO secondment.case_reservation (case_id, official_id, sending_unit_id, form, reserved_by, confirmed_at, released_at)
       VALUES ($1, $2, $3, $4, 'snv.thamdinh', now(), CASE WHEN $5 THEN now() END)`,
      [caseId, officialId, unitId, form, released],
    );
  }
  for (const [caseId, officialId, from, to, stage] of OPEN_CASES) {
    const rows = await sql(INSERT_CASE, [caseId, stage, officialId, from, to]);
    if (rows.length !== 1) throw new Error(`case ${caseId} not inserted`);
  }
  for (const [officialId, kind, until] of [
    ['mt-a3', 'child_under_36_months', '2027-06-30'],
    ['mt-d2', 'pregnancy', '2026-10-01'],
    ['mt-xb-j1', 'pregnancy', '2027-12-31'],
  ]) {
    await sql(`INSERT INTO secondment.official_protection (official_id, kind, protected_until, recorded_by) VALUES ($1, $2, $3, 'snv.thamdinh')`, [officialId, kind, until]);
  }
}

/** Each candidate as id, score and its reasons' codes with points. */
function summary(candidates: MatchCandidate[]) {
  return candidates.map((c) => ({ id: c.officialId, rank: c.rank, score: c.score, parts: Object.fromEntries(c.reasons.map((r) => [r.code, r.points])) }));
}

describe('matching, on a hand-built province (real PostgreSQL)', () => {
  let db: TestDatabase;
  let dataSource: DataSource;
  let matching: MatchingRepository;

  /** The protection reads logged since the spec began, in order. */
  const reads = async (): Promise<{ officialId: string; readBy: string; purpose: string }[]> =>
    queryRows(db.url, `SELECT official_id AS "officialId", read_by AS "readBy", purpose FROM secondment.personal_data_read ORDER BY id`);
  let readsBefore = 0;
  const newReads = async () => (await reads()).slice(readsBefore);

  beforeAll(async () => {
    db = await createTestDatabase();
    await seedFixture(db.url);
    dataSource = createDataSource(db.url, 2);
    await dataSource.initialize();
    const { version: _version, ...defaults } = DEFAULT_CASE_RULES;
    await new ProvinceRulesRepository(dataSource).publish({ ...defaults, eligibility: { departmentMaxSharePercent: 10, rotationMinServiceYears: 10 } }, READER, 'matching spec: a 10% share');
    matching = new MatchingRepository(dataSource);
  });

  beforeEach(async () => {
    readsBefore = (await reads()).length;
  });

  afterAll(async () => {
    await dataSource?.destroy();
    await db?.drop();
  });

  describe('candidates for a commune short in a field', () => {
    it('ranks the eligible officials of the field by the documented score, ties by id, each with its reasons', async () => {
      const list = await matching.candidates('mt-xa-kho', C, { readBy: READER, plannedStart: PLANNED_START, limit: 10 });
      expect(list).not.toBeNull();
      expect(list!.commune).toEqual({ unitId: 'mt-xa-kho', name: 'Xã Khó', difficultArea: true, fieldId: C, quota: 3, present: 1, shortBy: 2 });
      expect(list!.plannedStart).toBe(PLANNED_START);
      expect(summary(list!.candidates)).toEqual([
        { id: 'mt-a1', rank: 1, score: 75, parts: { share_room: 30, field_surplus: 10, grade: 20, experience: 15 } },
        { id: 'mt-b1', rank: 2, score: 75, parts: { share_room: 20, field_surplus: 10, grade: 30, experience: 15 } },
        { id: 'mt-d2', rank: 3, score: 60, parts: { share_room: 20, field_surplus: 15, grade: 10, experience: 15 } },
        { id: 'mt-a2', rank: 4, score: 50, parts: { share_room: 30, field_surplus: 10, grade: 10, experience: 0 } },
        { id: 'mt-a5', rank: 5, score: 50, parts: { share_room: 30, field_surplus: 10, grade: 10, experience: 0 } },
        { id: 'mt-d1', rank: 6, score: 50, parts: { share_room: 20, field_surplus: 15, grade: 0, experience: 15 } },
        { id: 'mt-d3', rank: 7, score: 35, parts: { share_room: 20, field_surplus: 15, grade: 0, experience: 0 } },
        { id: 'mt-b3', rank: 8, score: 25, parts: { share_room: 20, field_surplus: 10, grade: 0, experience: 15, retires_during_term: -20 } },
      ]);
      // Every score is the sum of its reasons' points.
      for (const candidate of list!.candidates) expect(candidate.score).toBe(candidate.reasons.reduce((sum, r) => sum + r.points, 0));
    });

    it('says each reason in words, in both languages', async () => {
      const list = await matching.candidates('mt-xa-kho', C, { readBy: READER, plannedStart: PLANNED_START, limit: 10 });
      const a1 = list!.candidates[0];
      expect(a1).toMatchObject({ officialId: 'mt-a1', name: 'Công chức mt-a1', unitId: 'mt-so-a', unitName: 'Sở Mẫu A', grade: 'Chuyên viên chính' });
      expect(a1.reasons).toEqual([
        {
          code: 'share_room',
          points: 30,
          text: {
            vi: 'Sở Mẫu A còn được cử thêm 3 người trong tỷ lệ biệt phái 10% (đang có 1/40 người đi biệt phái hoặc đang được đề xuất).',
            en: 'Sở Mẫu A may still send 3 more within its 10% share (1 of 40 away or nominated now).',
          },
        },
        {
          code: 'field_surplus',
          points: 10,
          text: {
            vi: 'Sở Mẫu A có 4 công chức lĩnh vực Công nghệ thông tin đang làm việc tại đơn vị, định biên 2: dôi 2 người.',
            en: 'Sở Mẫu A has 4 officials of Information technology at work at home and a quota of 2: 2 above it.',
          },
        },
        { code: 'grade', points: 20, text: { vi: 'Ngạch Chuyên viên chính (ngạch chính).', en: 'Grade Chuyên viên chính (principal grade).' } },
        {
          code: 'experience',
          points: 15,
          text: { vi: 'Xã Khó thuộc vùng khó khăn, ưu tiên người có kinh nghiệm: 48 tuổi khi bắt đầu.', en: 'Xã Khó is in a difficult area and prefers experienced officials: 48 years old at the start.' },
        },
      ]);
      const b3 = list!.candidates.find((c) => c.officialId === 'mt-b3')!;
      expect(b3.reasons.find((r) => r.code === 'retires_during_term')).toEqual({
        code: 'retires_during_term',
        points: -20,
        text: { vi: 'Nghỉ hưu ngày 2028-12-04, trước khi hết thời hạn biệt phái 36 tháng (2030-01-04).', en: 'Retires on 2028-12-04, before a 36-month secondment would end (2030-01-04).' },
      });
      const d3 = list!.candidates.find((c) => c.officialId === 'mt-d3')!;
      expect(d3.grade).toBeNull();
      expect(d3.reasons.find((r) => r.code === 'field_surplus')!.text.en).toBe('Sở Mẫu D has 3 officials of Information technology at work at home and no quota of its own for the field: 3 above it.');
      expect(d3.reasons.find((r) => r.code === 'grade')!.text).toEqual({ vi: 'Sổ đăng ký chưa ghi ngạch.', en: 'The registry records no grade.' });
      expect(d3.reasons.find((r) => r.code === 'experience')!.points).toBe(0);
    });

    it('leaves out officials on an open case, in a department without room, protected, of another field or of a commune', async () => {
      const list = await matching.candidates('mt-xa-kho', C, { readBy: READER, plannedStart: PLANNED_START, limit: 50 });
      const ids = list!.candidates.map((c) => c.officialId);
      expect(ids).toHaveLength(8);
      // a4: unreleased reservation; b2: case not closed; c1: Ban Mẫu C has no room; a3: protected until after the start.
      for (const excluded of ['mt-a4', 'mt-b2', 'mt-c1', 'mt-a3']) expect(ids).not.toContain(excluded);
      // Officials of a commune (pd-c1…) are not the departments' candidates; those with no field never are.
      expect(list!.candidates.every((c) => ['mt-so-a', 'mt-so-b', 'mt-so-d'].includes(c.unitId))).toBe(true);
      // d2's protection ended before the start: eligible (a public employee, so it would be a hard refusal otherwise).
      expect(ids).toContain('mt-d2');
    });

    it('logs one protection read per official read, with the reader and the purpose; never for those refused before', async () => {
      await matching.candidates('mt-xa-kho', C, { readBy: 'gd.noivu', plannedStart: PLANNED_START, limit: 10 });
      const logged = await newReads();
      expect(logged.map((r) => r.officialId).sort()).toEqual(['mt-a1', 'mt-a2', 'mt-a3', 'mt-a5', 'mt-b1', 'mt-b3', 'mt-d1', 'mt-d2', 'mt-d3']);
      expect(logged.every((r) => r.readBy === 'gd.noivu' && r.purpose === 'matching for mt-xa-kho')).toBe(true);
    });

    it('reads protections down the ranking only as far as the list needs', async () => {
      const list = await matching.candidates('mt-xa-kho', C, { readBy: READER, plannedStart: PLANNED_START, limit: 3 });
      expect(list!.candidates.map((c) => [c.officialId, c.rank])).toEqual([
        ['mt-a1', 1],
        ['mt-b1', 2],
        ['mt-d2', 3],
      ]);
      // a1, b1 and a3 (the top three), then d2 to replace the protected a3: four reads, in rank order.
      expect((await newReads()).map((r) => r.officialId)).toEqual(['mt-a1', 'mt-b1', 'mt-a3', 'mt-d2']);
    });

    it('a commune outside a difficult area: no experience part, and the order changes with it', async () => {
      const list = await matching.candidates('mt-xa-vua', C, { readBy: READER, plannedStart: PLANNED_START, limit: 10 });
      expect(list!.commune).toMatchObject({ unitId: 'mt-xa-vua', difficultArea: false, quota: 2, present: 1, shortBy: 1 });
      expect(summary(list!.candidates).map((c) => [c.id, c.score])).toEqual([
        ['mt-a1', 60],
        ['mt-b1', 60],
        ['mt-a2', 50],
        ['mt-a5', 50],
        ['mt-d2', 45],
        ['mt-d1', 35],
        ['mt-d3', 35],
        ['mt-b3', 10],
      ]);
      expect(list!.candidates.flatMap((c) => c.reasons.map((r) => r.code))).not.toContain('experience');
      expect((await newReads()).every((r) => r.purpose === 'matching for mt-xa-vua')).toBe(true);
    });

    it('a field the commune is not short in: shortBy 0, candidates all the same', async () => {
      const list = await matching.candidates('mt-phuong-du', C, { readBy: READER, plannedStart: PLANNED_START, limit: 2 });
      expect(list!.commune).toEqual({ unitId: 'mt-phuong-du', name: 'Phường Dư', difficultArea: false, fieldId: C, quota: 1, present: 3, shortBy: 0 });
      expect(list!.candidates.map((c) => c.officialId)).toEqual(['mt-a1', 'mt-b1']);
    });

    it('a field with no quota and no officials at the commune: quota 0, present 0', async () => {
      const list = await matching.candidates('mt-xa-kho', 'y-te', { readBy: READER, plannedStart: PLANNED_START, limit: 10 });
      expect(list!.commune).toMatchObject({ fieldId: 'y-te', quota: 0, present: 0, shortBy: 0 });
      expect(list!.candidates.filter((c) => c.unitId.startsWith('mt-'))).toEqual([]);
    });

    it('a unit that is not a commune: null', async () => {
      expect(await matching.candidates('mt-so-a', C, { readBy: READER, plannedStart: PLANNED_START, limit: 10 })).toBeNull();
      expect(await matching.candidates('mt-khong-co', C, { readBy: READER, plannedStart: PLANNED_START, limit: 10 })).toBeNull();
    });

    it('a department freed of its reservation gets its official back and its room grows', async () => {
      await queryRows(db.url, `UPDATE secondment.case_reservation SET released_at = now() WHERE case_id = 'MT-R3'`);
      try {
        const list = await matching.candidates('mt-xa-kho', C, { readBy: READER, plannedStart: PLANNED_START, limit: 50 });
        // Ban Mẫu C: 20 staff, 1 away now → may send 1 more: c1 comes in with 10 + 5 + 20 + 15 = 50 (after a2, a5: ties by id).
        expect(summary(list!.candidates).find((c) => c.id === 'mt-c1')).toEqual({
          id: 'mt-c1',
          rank: 6,
          score: 50,
          parts: { share_room: 10, field_surplus: 5, grade: 20, experience: 15 },
        });
      } finally {
        await queryRows(
          db.url,
          `INSERT INTO secondment.case_reservation (case_id, official_id, sending_unit_id, form, reserved_by, confirmed_at) VALUES ('MT-R3b', 'mt-so-c-f1', 'mt-so-c', 'secondment', 'snv.thamdinh', now())`,
        );
      }
    });
  });

  describe('the redistribution view', () => {
    it('one field: pairs the most over with the most short, within the giving commune’s share', async () => {
      const moves = await matching.redistribution(J, { readBy: READER, plannedStart: PLANNED_START });
      expect(moves).toEqual([
        {
          fieldId: J,
          from: { unitId: 'mt-phuong-du', name: 'Phường Dư', over: 3 },
          to: { unitId: 'mt-xa-kho', name: 'Xã Khó', short: 3 },
          officials: [
            { officialId: 'mt-pd-j1', name: 'Công chức mt-pd-j1' },
            { officialId: 'mt-pd-j3', name: 'Công chức mt-pd-j3' },
            { officialId: 'mt-pd-j4', name: 'Công chức mt-pd-j4' },
          ],
        },
        {
          fieldId: J,
          from: { unitId: 'mt-xa-bon', name: 'Xã Bốn', over: 1 },
          to: { unitId: 'mt-xa-vua', name: 'Xã Vừa', short: 1 },
          officials: [{ officialId: 'mt-xb-j2', name: 'Công chức mt-xb-j2' }],
        },
      ]);
      // pd-j2 (open case) and Xã Nhỏ's officials (no room) are never read; xb-j1 is read and refused (protected).
      expect((await newReads()).map((r) => [r.officialId, r.purpose])).toEqual([
        ['mt-pd-j1', 'redistribution from mt-phuong-du to mt-xa-kho'],
        ['mt-pd-j3', 'redistribution from mt-phuong-du to mt-xa-kho'],
        ['mt-pd-j4', 'redistribution from mt-phuong-du to mt-xa-kho'],
        ['mt-xb-j1', 'redistribution from mt-xa-bon to mt-xa-vua'],
        ['mt-xb-j2', 'redistribution from mt-xa-bon to mt-xa-vua'],
      ]);
    });

    it('every field, in the province order: a commune’s share is spent across fields', async () => {
      const moves = (await matching.redistribution(undefined, { readBy: READER, plannedStart: PLANNED_START })).filter((m) => m.from.unitId.startsWith('mt-'));
      expect(moves.map((m) => [m.fieldId, m.from.unitId, m.to.unitId, m.officials.map((o) => o.officialId)])).toEqual([
        [C, 'mt-phuong-du', 'mt-xa-kho', ['mt-pd-c1', 'mt-pd-c2']],
        [J, 'mt-phuong-du', 'mt-xa-kho', ['mt-pd-j1']],
        [J, 'mt-xa-bon', 'mt-xa-kho', ['mt-xb-j2']],
      ]);
      expect(moves[0]).toMatchObject({ from: { over: 2 }, to: { short: 2 } });
      expect(moves[2]).toMatchObject({ from: { over: 1 }, to: { short: 3 } });
    });

    it('a field with no commune over: nothing', async () => {
      expect(await matching.redistribution('y-te', { readBy: READER, plannedStart: PLANNED_START })).toEqual([]);
      expect(await newReads()).toEqual([]);
    });
  });

  describe('a suggestion’s facts, for a nomination from it', () => {
    it('the commune, the official with the unit and field, and the shortage in that field', async () => {
      expect(await matching.suggestion('mt-xa-kho', 'mt-b1')).toEqual({
        commune: { unitId: 'mt-xa-kho', name: 'Xã Khó' },
        official: { id: 'mt-b1', name: 'Công chức mt-b1', unitId: 'mt-so-b', fieldId: C },
        field: { id: C, nameVi: 'Công nghệ thông tin', nameEn: 'Information technology' },
        shortBy: 2,
      });
      expect(await matching.suggestion('mt-xa-kho', 'mt-so-a-f1')).toMatchObject({ field: null, shortBy: 0 });
      expect(await matching.suggestion('mt-xa-kho', 'mt-khong-co')).toBeNull();
    });
  });
});
