import { createDataSource, GapRepository } from '@app/persistence';
import type { CommuneGap, ProvinceFieldGap } from '@app/registry';
import type { DataSource } from 'typeorm';
import { createTestDatabase, queryRows, type TestDatabase } from '../support/database';
import { FIXTURE_OFFICIAL_COUNTS } from '../support/fixture-officials';

/*
 * The gap on a small province computed by hand (real PostgreSQL, a fresh copy of the template, so
 * the demo province is there too: its 3 communes — phuong-buon-ma-thuot, xa-cu-bao, xa-ea-kar — have
 * no quota and no officials with a field, so they are listed with zeros everywhere, neither short
 * nor over; its 3 departments hold 4, 2 and 1 officials, plus the template's fixture officials —
 * 150, 60 and 30, test/support/fixture-officials.ts — and send nobody).
 *
 * Fields: D = dat-dai (position 10), X = xay-dung (20), T = tai-chinh-ke-toan (30).
 *
 * Departments
 *   gi-so-a (department): gi-a1 D, gi-a2 D, gi-a3 X, gi-a4 T, gi-a5 (no field)  → 5 on books
 *   gi-so-b (agency):     gi-b1 X, gi-b2 X, gi-b3 T                            → 3 on books
 * Communes (quota rows; officials on their books)
 *   gi-xa-1       commune,      difficult  quota D3 X2 T1   officials D×1, X×2, T×1
 *   gi-phuong-2   ward                     quota D2 X1      officials D×4 (gi-c2d1..4), X×1, T×1 (no T quota row)
 *   gi-xa-3       commune,      difficult  quota D1 T3      officials D×1
 *   gi-dac-khu-4  special_zone             no quota         officials X×1, one with no field
 * Cases (case_summary rows)
 *   K1 gi-a1 (D)   gi-so-a     → gi-xa-1  serving                    active
 *   K2 gi-a3 (X)   gi-so-a     → gi-xa-1  ending                     active
 *   K3 gi-c2d1 (D) gi-phuong-2 → gi-xa-3  posted                     active (commune to commune)
 *   K4 gi-b1 (X)   gi-so-b     → gi-xa-3  serving                    active
 *   K5 gi-a2 (D)   gi-so-a     → gi-xa-1  closed (closed_at set)      does not count
 *   K6 gi-b3 (T)   gi-so-b     → gi-xa-1  home_affairs_appraisal     does not count (still in approval)
 *   K7 gi-b2 (X)   gi-so-b     → gi-phuong-2 returned, not closed    does not count (back home)
 *
 * Cells (quota, onBooks, secondedOut, secondedIn → present = onBooks − out + in; present − quota | onBooks − quota)
 *   gi-xa-1      D  3 1 0 1 → 2   −1 | −2
 *                X  2 2 0 1 → 3   +1 |  0
 *                T  1 1 0 0 → 1    0 |  0
 *                Σ  6 4 0 2 → 6    0 | −2     present: balanced, 1 field short, 1 over; books: short 2, 1 field short, 0 over
 *   gi-phuong-2  D  2 4 1 0 → 3   +1 | +2
 *                X  1 1 0 0 → 1    0 |  0
 *                T  0 1 0 0 → 1   +1 | +1     (no quota row, but officials of T: counted with quota 0)
 *                Σ  3 6 1 0 → 5   +2 | +3     present: over 2, 0 short / 2 over fields; books: over 3, 0 / 2
 *   gi-xa-3      D  1 1 0 1 → 2   +1 |  0
 *                X  0 0 0 1 → 1   +1 |  0     (no quota row, no officials on books, one seconded in: counted)
 *                T  3 0 0 0 → 0   −3 | −3
 *                Σ  4 1 0 2 → 3   −1 | −3     present: short 1, 1 short / 2 over fields; books: short 3, 1 / 0
 *   gi-dac-khu-4 X  0 1 0 0 → 1   +1 | +1     (no quota at all; the official with no field is in no count)
 *                Σ  0 1 0 0 → 1   +1 | +1     over 1 in both views, 0 / 1 fields
 *   demo communes: no cells, all zeros.
 *
 * Province (7 communes): quota 13, onBooks 12, secondedIn 4, secondedOut 1, present 15 (= 12 − 1 + 4)
 *   present view: balance +2; short: gi-xa-3 (1) → 1 commune short of 1; over: gi-phuong-2 (2), gi-dac-khu-4 (1)
 *                 → 2 communes with 3 over; balanced 4 (gi-xa-1 and the 3 demo communes)
 *                 "1 xã, phường thiếu 1 người; 2 xã, phường thừa 3 người" / "1 commune short of 1; 2 with 3 over"
 *   books view:   balance −1; short: gi-xa-3 (3), gi-xa-1 (2) → 2 short of 5; over: gi-phuong-2 (3), gi-dac-khu-4 (1)
 *                 → 2 with 4 over; balanced 3
 *                 "2 xã, phường thiếu 5 người; 2 xã, phường thừa 4 người" / "2 communes short of 5; 2 with 4 over"
 * Per field, present view (quota, onBooks, in, out, present, balance; short communes/shortage; over communes/surplus)
 *   D  6 6 2 1 7 +1   short 1 (gi-xa-1 −1) / 1    over 2 (gi-phuong-2 +1, gi-xa-3 +1) / 2
 *   X  3 4 2 0 6 +3   short 0 / 0                  over 3 (gi-xa-1, gi-xa-3, gi-dac-khu-4, +1 each) / 3
 *   T  4 2 0 0 2 −2   short 1 (gi-xa-3 −3) / 3    over 1 (gi-phuong-2 +1) / 1
 *   the 8 other fields: all zeros
 * Per field, books view
 *   D  balance 0      short 1 (gi-xa-1 −2) / 2    over 1 (gi-phuong-2 +2) / 2
 *   X  balance +1     short 0 / 0                  over 1 (gi-dac-khu-4 +1) / 1
 *   T  balance −2     short 1 (gi-xa-3 −3) / 3    over 1 (gi-phuong-2 +1) / 1
 *
 * Filters
 *   difficultArea=true (gi-xa-1, gi-xa-3): quota 10, onBooks 5, in 4, out 0, present 9, balance −1;
 *     present: 1 short of 1 (gi-xa-3), none over, 1 balanced → "1 xã, phường thiếu 1 người; không có xã, phường nào thừa người"
 *   fieldId=dat-dai, present: gi-xa-1 −1, gi-phuong-2 +1, gi-xa-3 +1, others 0; quota 6, onBooks 6, in 2, out 1, present 7, balance +1;
 *     1 short of 1, 2 with 2 over → "Quản lý đất đai: 1 xã, phường thiếu 1 người; 2 xã, phường thừa 2 người"
 *   fieldId=dat-dai, books: gi-xa-1 −2, gi-phuong-2 +2, gi-xa-3 0 → 1 short of 2, 1 with 2 over, balance 0
 *
 * Departments (sorted by id): seconded out = active cases sent, of officials on its books
 *   gi-so-a                    5 on books, out 2 (K1, K2; K5 closed), in 0, present 3, share 40.0
 *   gi-so-b                    3 on books, out 1 (K4; K6 in approval, K7 returned), present 2, share 33.3
 *   so-nong-nghiep-moi-truong  62, 0, 0, 62, 0.0;  so-tai-chinh  154, 0, 0, 154, 0.0;  so-xay-dung  31, 0, 0, 31, 0.0
 *     (the demo officials and the fixture pools of 60, 150 and 30)
 *   totals: 5 departments, 255 on books, 3 out, 0 in, 252 present, share 1.2
 *     → "5 sở, ban, ngành có 255 người trong biên chế; đang biệt phái 3 người (1,2%)"
 */

const DEMO_COMMUNES = ['phuong-buon-ma-thuot', 'xa-cu-bao', 'xa-ea-kar'];

const UNITS: [id: string, name: string, kind: string, category: string, difficult: boolean][] = [
  ['gi-so-a', 'Sở A', 'department', 'department', false],
  ['gi-so-b', 'Ban B', 'department', 'agency', false],
  ['gi-xa-1', 'Xã Một', 'commune', 'commune', true],
  ['gi-phuong-2', 'Phường Hai', 'commune', 'ward', false],
  ['gi-xa-3', 'Xã Ba', 'commune', 'commune', true],
  ['gi-dac-khu-4', 'Đặc khu Bốn', 'commune', 'special_zone', false],
];

const OFFICIALS: [id: string, unitId: string, fieldId: string | null][] = [
  ['gi-a1', 'gi-so-a', 'dat-dai'],
  ['gi-a2', 'gi-so-a', 'dat-dai'],
  ['gi-a3', 'gi-so-a', 'xay-dung'],
  ['gi-a4', 'gi-so-a', 'tai-chinh-ke-toan'],
  ['gi-a5', 'gi-so-a', null],
  ['gi-b1', 'gi-so-b', 'xay-dung'],
  ['gi-b2', 'gi-so-b', 'xay-dung'],
  ['gi-b3', 'gi-so-b', 'tai-chinh-ke-toan'],
  ['gi-c1d1', 'gi-xa-1', 'dat-dai'],
  ['gi-c1x1', 'gi-xa-1', 'xay-dung'],
  ['gi-c1x2', 'gi-xa-1', 'xay-dung'],
  ['gi-c1t1', 'gi-xa-1', 'tai-chinh-ke-toan'],
  ['gi-c2d1', 'gi-phuong-2', 'dat-dai'],
  ['gi-c2d2', 'gi-phuong-2', 'dat-dai'],
  ['gi-c2d3', 'gi-phuong-2', 'dat-dai'],
  ['gi-c2d4', 'gi-phuong-2', 'dat-dai'],
  ['gi-c2x1', 'gi-phuong-2', 'xay-dung'],
  ['gi-c2t1', 'gi-phuong-2', 'tai-chinh-ke-toan'],
  ['gi-c3d1', 'gi-xa-3', 'dat-dai'],
  ['gi-c4x1', 'gi-dac-khu-4', 'xay-dung'],
  ['gi-c4n1', 'gi-dac-khu-4', null],
];

const QUOTAS: [unitId: string, fieldId: string, quota: number][] = [
  ['gi-xa-1', 'dat-dai', 3],
  ['gi-xa-1', 'xay-dung', 2],
  ['gi-xa-1', 'tai-chinh-ke-toan', 1],
  ['gi-phuong-2', 'dat-dai', 2],
  ['gi-phuong-2', 'xay-dung', 1],
  ['gi-xa-3', 'dat-dai', 1],
  ['gi-xa-3', 'tai-chinh-ke-toan', 3],
];

const CASES: [caseId: string, officialId: string, from: string, to: string, stage: string, closed: boolean][] = [
  ['GI-K1', 'gi-a1', 'gi-so-a', 'gi-xa-1', 'serving', false],
  ['GI-K2', 'gi-a3', 'gi-so-a', 'gi-xa-1', 'ending', false],
  ['GI-K3', 'gi-c2d1', 'gi-phuong-2', 'gi-xa-3', 'posted', false],
  ['GI-K4', 'gi-b1', 'gi-so-b', 'gi-xa-3', 'serving', false],
  ['GI-K5', 'gi-a2', 'gi-so-a', 'gi-xa-1', 'closed', true],
  ['GI-K6', 'gi-b3', 'gi-so-b', 'gi-xa-1', 'home_affairs_appraisal', false],
  ['GI-K7', 'gi-b2', 'gi-so-b', 'gi-phuong-2', 'returned', false],
];

/** A case_summary row as the projection would write it, every NOT NULL column filled. */
const INSERT_CASE = `
  INSERT INTO secondment.case_summary (
    case_id, version, form, stage, outcome, official_id, official_name, official_name_key,
    sending_unit_id, sending_unit_name, receiving_unit_id, receiving_unit_name, position,
    proposer_id, proposer_name, proposed_at, stage_opened_at, escalation_level, overdue, closed_at, state)
  SELECT $1, 5, 'secondment', $2, CASE WHEN $6 THEN 'returned' END, o.id, o.full_name, lower(o.full_name),
         s.id, s.name, r.id, r.name, 'Chuyên viên',
         'hr.taichinh', 'Trần Thị Bình', now() - interval '400 days', now() - interval '10 days', 0, false,
         CASE WHEN $6 THEN now() - interval '1 day' END, '{}'::jsonb
    FROM secondment.official o, secondment.org_unit s, secondment.org_unit r
   WHERE o.id = $3 AND s.id = $4 AND r.id = $5`;

async function seedFixture(url: string): Promise<void> {
  for (const [id, name, kind, category, difficult] of UNITS) {
    await queryRows(url, `INSERT INTO secondment.org_unit (id, name, kind, category, difficult_area) VALUES ($1, $2, $3, $4, $5)`, [id, name, kind, category, difficult]);
  }
  for (const [id, unitId, fieldId] of OFFICIALS) {
    await queryRows(url, `INSERT INTO secondment.official (id, full_name, unit_id, field_id) VALUES ($1, $2, $3, $4)`, [id, `Công chức ${id}`, unitId, fieldId]);
  }
  for (const [unitId, fieldId, quota] of QUOTAS) {
    await queryRows(url, `INSERT INTO secondment.staffing_quota (unit_id, field_id, quota) VALUES ($1, $2, $3)`, [unitId, fieldId, quota]);
  }
  for (const [caseId, officialId, from, to, stage, closed] of CASES) {
    const rows = await queryRows(url, `${INSERT_CASE} RETURNING case_id`, [caseId, stage, officialId, from, to, closed]);
    if (rows.length !== 1) throw new Error(`case ${caseId} not inserted`);
  }
}

/** A commune's row in the list: counts in the order quota, onBooks, secondedIn, secondedOut, present, balance; then short and over fields. */
function row(unitId: string, [quota, onBooks, secondedIn, secondedOut, present, balance]: number[], [shortFields, overFields]: number[]): Partial<CommuneGap> {
  return { unitId, quota, onBooks, secondedIn, secondedOut, present, balance, shortFields, overFields };
}

const zeros = (unitId: string) => row(unitId, [0, 0, 0, 0, 0, 0], [0, 0]);

function field(fieldId: string, [quota, onBooks, secondedIn, secondedOut, present, balance]: number[], [shortCommunes, shortage, overCommunes, surplus]: number[]): Partial<ProvinceFieldGap> {
  return { fieldId, quota, onBooks, secondedIn, secondedOut, present, balance, shortCommunes, shortage, overCommunes, surplus };
}

describe('the gap, on a hand-computed province (real PostgreSQL)', () => {
  let db: TestDatabase;
  let dataSource: DataSource;
  let gap: GapRepository;

  beforeAll(async () => {
    db = await createTestDatabase();
    await seedFixture(db.url);
    dataSource = createDataSource(db.url, 2);
    await dataSource.initialize();
    gap = new GapRepository(dataSource);
  });

  afterAll(async () => {
    await dataSource?.destroy();
    await db?.drop();
  });

  describe('the working view (present: seconded-in officials count where they work)', () => {
    it('lists every commune, most short first, with its totals over its fields', async () => {
      const result = await gap.province({ view: 'present' });
      expect(result.view).toBe('present');
      expect(result.communes).toEqual([
        expect.objectContaining(row('gi-xa-3', [4, 1, 2, 0, 3, -1], [1, 2])),
        expect.objectContaining(row('gi-xa-1', [6, 4, 2, 0, 6, 0], [1, 1])),
        ...DEMO_COMMUNES.map((id): unknown => expect.objectContaining(zeros(id))),
        expect.objectContaining(row('gi-dac-khu-4', [0, 1, 0, 0, 1, 1], [0, 1])),
        expect.objectContaining(row('gi-phuong-2', [3, 6, 0, 1, 5, 2], [0, 2])),
      ]);
      expect(result.communes[0]).toEqual({
        unitId: 'gi-xa-3',
        name: 'Xã Ba',
        category: 'commune',
        difficultArea: true,
        quota: 4,
        onBooks: 1,
        secondedIn: 2,
        secondedOut: 0,
        present: 3,
        balance: -1,
        shortFields: 1,
        overFields: 2,
      });
      expect(result.communes.find((c) => c.unitId === 'gi-dac-khu-4')).toMatchObject({ category: 'special_zone', difficultArea: false });
      expect(result.communes.find((c) => c.unitId === 'gi-phuong-2')).toMatchObject({ category: 'ward', name: 'Phường Hai' });
    });

    it('totals the province the way the field reports it', async () => {
      const result = await gap.province();
      expect(result.view).toBe('present');
      expect(result.totals).toEqual({
        communes: 7,
        quota: 13,
        onBooks: 12,
        secondedIn: 4,
        secondedOut: 1,
        present: 15,
        balance: 2,
        shortCommunes: 1,
        shortage: 1,
        overCommunes: 2,
        surplus: 3,
        balancedCommunes: 4,
      });
      expect(result.summary).toEqual({ vi: '1 xã, phường thiếu 1 người; 2 xã, phường thừa 3 người', en: '1 commune short of 1; 2 with 3 over' });
    });

    it('gives every field, in the province order, with the communes short and over in it', async () => {
      const { byField } = await gap.province({ view: 'present' });
      expect(byField).toHaveLength(11);
      expect(byField.slice(0, 3)).toEqual([
        expect.objectContaining(field('dat-dai', [6, 6, 2, 1, 7, 1], [1, 1, 2, 2])),
        expect.objectContaining(field('xay-dung', [3, 4, 2, 0, 6, 3], [0, 0, 3, 3])),
        expect.objectContaining(field('tai-chinh-ke-toan', [4, 2, 0, 0, 2, -2], [1, 3, 1, 1])),
      ]);
      expect(byField[0]).toMatchObject({ nameVi: 'Quản lý đất đai', nameEn: 'Land administration' });
      for (const other of byField.slice(3)) expect(other).toMatchObject(field(other.fieldId, [0, 0, 0, 0, 0, 0], [0, 0, 0, 0]));
    });
  });

  describe('the books view (biên chế: a seconded official stays on the sending unit)', () => {
    it('lists the communes by their books balance', async () => {
      const result = await gap.province({ view: 'books' });
      expect(result.view).toBe('books');
      expect(result.communes).toEqual([
        expect.objectContaining(row('gi-xa-3', [4, 1, 2, 0, 3, -3], [1, 0])),
        expect.objectContaining(row('gi-xa-1', [6, 4, 2, 0, 6, -2], [1, 0])),
        ...DEMO_COMMUNES.map((id): unknown => expect.objectContaining(zeros(id))),
        expect.objectContaining(row('gi-dac-khu-4', [0, 1, 0, 0, 1, 1], [0, 1])),
        expect.objectContaining(row('gi-phuong-2', [3, 6, 0, 1, 5, 3], [0, 2])),
      ]);
    });

    it('totals and summary of the books view', async () => {
      const result = await gap.province({ view: 'books' });
      expect(result.totals).toEqual({
        communes: 7,
        quota: 13,
        onBooks: 12,
        secondedIn: 4,
        secondedOut: 1,
        present: 15,
        balance: -1,
        shortCommunes: 2,
        shortage: 5,
        overCommunes: 2,
        surplus: 4,
        balancedCommunes: 3,
      });
      expect(result.summary).toEqual({ vi: '2 xã, phường thiếu 5 người; 2 xã, phường thừa 4 người', en: '2 communes short of 5; 2 with 4 over' });
    });

    it('per field in the books view', async () => {
      const { byField } = await gap.province({ view: 'books' });
      expect(byField.slice(0, 3)).toEqual([
        expect.objectContaining(field('dat-dai', [6, 6, 2, 1, 7, 0], [1, 2, 1, 2])),
        expect.objectContaining(field('xay-dung', [3, 4, 2, 0, 6, 1], [0, 0, 1, 1])),
        expect.objectContaining(field('tai-chinh-ke-toan', [4, 2, 0, 0, 2, -2], [1, 3, 1, 1])),
      ]);
    });
  });

  describe('filters', () => {
    it('status narrows the list only: the totals still cover every commune', async () => {
      const short = await gap.province({ status: 'short' });
      expect(short.communes.map((c) => c.unitId)).toEqual(['gi-xa-3']);
      expect(short.totals).toMatchObject({ communes: 7, shortCommunes: 1, overCommunes: 2 });
      const over = await gap.province({ view: 'books', status: 'over' });
      expect(over.communes.map((c) => [c.unitId, c.balance])).toEqual([
        ['gi-dac-khu-4', 1],
        ['gi-phuong-2', 3],
      ]);
      const booksShort = await gap.province({ view: 'books', status: 'short' });
      expect(booksShort.communes.map((c) => [c.unitId, c.balance])).toEqual([
        ['gi-xa-3', -3],
        ['gi-xa-1', -2],
      ]);
      expect((await gap.province({ status: 'all' })).communes).toHaveLength(7);
    });

    it('difficultArea narrows the communes, the totals and the summary', async () => {
      const result = await gap.province({ difficultArea: true });
      expect(result.communes.map((c) => c.unitId)).toEqual(['gi-xa-3', 'gi-xa-1']);
      expect(result.totals).toEqual({
        communes: 2,
        quota: 10,
        onBooks: 5,
        secondedIn: 4,
        secondedOut: 0,
        present: 9,
        balance: -1,
        shortCommunes: 1,
        shortage: 1,
        overCommunes: 0,
        surplus: 0,
        balancedCommunes: 1,
      });
      expect(result.summary).toEqual({ vi: '1 xã, phường thiếu 1 người; không có xã, phường nào thừa người', en: '1 commune short of 1; none over' });
      const easy = await gap.province({ difficultArea: false });
      expect(easy.communes.map((c) => c.unitId)).toEqual(['phuong-buon-ma-thuot', 'xa-cu-bao', 'xa-ea-kar', 'gi-dac-khu-4', 'gi-phuong-2']);
      expect(easy.totals).toMatchObject({ communes: 5, quota: 3, onBooks: 7, secondedIn: 0, secondedOut: 1, present: 6, balance: 3, shortCommunes: 0, overCommunes: 2, surplus: 3 });
      expect(easy.summary.en).toBe('No commune short; 2 with 3 over');
      expect(easy.summary.vi).toBe('Không có xã, phường nào thiếu người; 2 xã, phường thừa 3 người');
    });

    it('fieldId counts that field alone, everywhere', async () => {
      const present = await gap.province({ fieldId: 'dat-dai' });
      expect(present.byField.map((f) => f.fieldId)).toEqual(['dat-dai']);
      expect(present.communes).toEqual([
        expect.objectContaining(row('gi-xa-1', [3, 1, 1, 0, 2, -1], [1, 0])),
        expect.objectContaining(zeros('gi-dac-khu-4')),
        ...DEMO_COMMUNES.map((id): unknown => expect.objectContaining(zeros(id))),
        expect.objectContaining(row('gi-phuong-2', [2, 4, 0, 1, 3, 1], [0, 1])),
        expect.objectContaining(row('gi-xa-3', [1, 1, 1, 0, 2, 1], [0, 1])),
      ]);
      expect(present.totals).toEqual({
        communes: 7,
        quota: 6,
        onBooks: 6,
        secondedIn: 2,
        secondedOut: 1,
        present: 7,
        balance: 1,
        shortCommunes: 1,
        shortage: 1,
        overCommunes: 2,
        surplus: 2,
        balancedCommunes: 4,
      });
      expect(present.summary).toEqual({
        vi: 'Quản lý đất đai: 1 xã, phường thiếu 1 người; 2 xã, phường thừa 2 người',
        en: 'Land administration: 1 commune short of 1; 2 with 2 over',
      });
      const books = await gap.province({ view: 'books', fieldId: 'dat-dai' });
      expect(books.totals).toMatchObject({ balance: 0, shortCommunes: 1, shortage: 2, overCommunes: 1, surplus: 2, balancedCommunes: 5 });
      expect(books.communes.map((c) => [c.unitId, c.balance])).toEqual([
        ['gi-xa-1', -2],
        ['gi-dac-khu-4', 0],
        ['gi-xa-3', 0],
        ['phuong-buon-ma-thuot', 0],
        ['xa-cu-bao', 0],
        ['xa-ea-kar', 0],
        ['gi-phuong-2', 2],
      ]);
    });
  });

  describe('one commune', () => {
    it('has a row per field in the province order, both views', async () => {
      const present = await gap.commune('gi-xa-1', 'present');
      expect(present).toEqual({
        view: 'present',
        unitId: 'gi-xa-1',
        name: 'Xã Một',
        category: 'commune',
        difficultArea: true,
        quota: 6,
        onBooks: 4,
        secondedIn: 2,
        secondedOut: 0,
        present: 6,
        balance: 0,
        shortFields: 1,
        overFields: 1,
        status: 'balanced',
        fields: [
          { fieldId: 'dat-dai', nameVi: 'Quản lý đất đai', nameEn: 'Land administration', quota: 3, onBooks: 1, secondedIn: 1, secondedOut: 0, present: 2, balance: -1 },
          { fieldId: 'xay-dung', nameVi: 'Xây dựng', nameEn: 'Construction', quota: 2, onBooks: 2, secondedIn: 1, secondedOut: 0, present: 3, balance: 1 },
          { fieldId: 'tai-chinh-ke-toan', nameVi: 'Tài chính – kế toán', nameEn: 'Finance and accounting', quota: 1, onBooks: 1, secondedIn: 0, secondedOut: 0, present: 1, balance: 0 },
        ],
      });
      const books = await gap.commune('gi-xa-1', 'books');
      expect(books).toMatchObject({ view: 'books', balance: -2, status: 'short', shortFields: 1, overFields: 0 });
      expect(books?.fields.map((f) => [f.fieldId, f.balance])).toEqual([
        ['dat-dai', -2],
        ['xay-dung', 0],
        ['tai-chinh-ke-toan', 0],
      ]);
    });

    it('counts a field without a quota row when officials of it are on the books or seconded in', async () => {
      const ward = await gap.commune('gi-phuong-2');
      expect(ward).toMatchObject({ status: 'over', balance: 2, secondedOut: 1 });
      expect(ward?.fields.map((f) => [f.fieldId, f.quota, f.onBooks, f.secondedOut, f.present, f.balance])).toEqual([
        ['dat-dai', 2, 4, 1, 3, 1],
        ['xay-dung', 1, 1, 0, 1, 0],
        ['tai-chinh-ke-toan', 0, 1, 0, 1, 1],
      ]);
      const xa3 = await gap.commune('gi-xa-3');
      expect(xa3).toMatchObject({ status: 'short', balance: -1, shortFields: 1, overFields: 2 });
      expect(xa3?.fields.map((f) => [f.fieldId, f.quota, f.onBooks, f.secondedIn, f.present, f.balance])).toEqual([
        ['dat-dai', 1, 1, 1, 2, 1],
        ['xay-dung', 0, 0, 1, 1, 1],
        ['tai-chinh-ke-toan', 3, 0, 0, 0, -3],
      ]);
      const zone = await gap.commune('gi-dac-khu-4', 'books');
      expect(zone).toMatchObject({ quota: 0, onBooks: 1, balance: 1, status: 'over' });
      expect(zone?.fields.map((f) => f.fieldId)).toEqual(['xay-dung']);
    });

    it('a commune with no quota and no officials of a field is all zeros; a department or an unknown unit is none', async () => {
      expect(await gap.commune('xa-ea-kar')).toEqual({
        view: 'present',
        unitId: 'xa-ea-kar',
        name: 'Xã Ea Kar',
        category: 'commune',
        difficultArea: false,
        quota: 0,
        onBooks: 0,
        secondedIn: 0,
        secondedOut: 0,
        present: 0,
        balance: 0,
        shortFields: 0,
        overFields: 0,
        status: 'balanced',
        fields: [],
      });
      expect(await gap.commune('gi-so-a')).toBeNull();
      expect(await gap.commune('no-such-unit')).toBeNull();
      expect(await gap.unitKind('gi-so-a')).toBe('department');
      expect(await gap.unitKind('gi-xa-1')).toBe('commune');
      expect(await gap.unitKind('no-such-unit')).toBeNull();
      expect(await gap.fieldExists('dat-dai')).toBe(true);
      expect(await gap.fieldExists('no-such-field')).toBe(false);
    });
  });

  describe('the departments', () => {
    it('staff on books, seconded out now and the share, with the totals', async () => {
      const result = await gap.departments();
      // The demo departments: their demo officials and the template's fixture officials.
      const land = 2 + FIXTURE_OFFICIAL_COUNTS['so-nong-nghiep-moi-truong'];
      const finance = 4 + FIXTURE_OFFICIAL_COUNTS['so-tai-chinh'];
      const building = 1 + FIXTURE_OFFICIAL_COUNTS['so-xay-dung'];
      const all = 5 + 3 + land + finance + building;
      const share = Math.round((1000 * 3) / all) / 10;
      expect(result.departments).toEqual([
        { unitId: 'gi-so-a', name: 'Sở A', category: 'department', onBooks: 5, secondedOut: 2, secondedIn: 0, present: 3, sharePercent: 40 },
        { unitId: 'gi-so-b', name: 'Ban B', category: 'agency', onBooks: 3, secondedOut: 1, secondedIn: 0, present: 2, sharePercent: 33.3 },
        { unitId: 'so-nong-nghiep-moi-truong', name: 'Sở Nông nghiệp và Môi trường', category: 'department', onBooks: land, secondedOut: 0, secondedIn: 0, present: land, sharePercent: 0 },
        { unitId: 'so-tai-chinh', name: 'Sở Tài chính', category: 'department', onBooks: finance, secondedOut: 0, secondedIn: 0, present: finance, sharePercent: 0 },
        { unitId: 'so-xay-dung', name: 'Sở Xây dựng', category: 'department', onBooks: building, secondedOut: 0, secondedIn: 0, present: building, sharePercent: 0 },
      ]);
      expect(result.totals).toEqual({ departments: 5, onBooks: all, secondedOut: 3, secondedIn: 0, present: all - 3, sharePercent: share });
      const [vi, en] = [new Intl.NumberFormat('vi-VN'), new Intl.NumberFormat('en-US')];
      const [viShare, enShare] = [new Intl.NumberFormat('vi-VN', { minimumFractionDigits: 1 }), new Intl.NumberFormat('en-US', { minimumFractionDigits: 1 })];
      expect(result.summary).toEqual({
        vi: `5 sở, ban, ngành có ${vi.format(all)} người trong biên chế; đang biệt phái 3 người (${viShare.format(share)}%)`,
        en: `5 departments with ${en.format(all)} on their books; 3 seconded out now (${enShare.format(share)}%)`,
      });
    });
  });
});

/*
 * A province of the size (about 100 communes × 11 fields, 9,000 officials, a few hundred
 * active secondments), generated in SQL: the answer is consistent with itself at that size — the
 * commune rows add up to the totals, the fields add up to the totals, each view's balance is its
 * own difference, and the list is sorted.
 */
describe('the gap at the size of a province (real PostgreSQL)', () => {
  let db: TestDatabase;
  let dataSource: DataSource;
  let gap: GapRepository;

  beforeAll(async () => {
    db = await createTestDatabase();
    const sql = (text: string) => queryRows(db.url, text);
    await sql(`INSERT INTO secondment.org_unit (id, name, kind, category, difficult_area)
               SELECT 'gs-xa-' || i, 'Xã ' || i, 'commune', CASE WHEN i % 10 = 0 THEN 'ward' ELSE 'commune' END, i % 4 = 0 FROM generate_series(1, 100) i`);
    await sql(`INSERT INTO secondment.org_unit (id, name, kind, category) SELECT 'gs-so-' || i, 'Sở ' || i, 'department', 'department' FROM generate_series(1, 30) i`);
    await sql(`INSERT INTO secondment.staffing_quota (unit_id, field_id, quota)
               SELECT 'gs-xa-' || i, f.id, 4 + (i * 7 + f.position * 3) % 11 FROM generate_series(1, 100) i, secondment.expertise_field f WHERE (i + f.position) % 3 <> 0`);
    // 6,600 commune officials and 2,400 department officials, spread over the fields.
    await sql(`INSERT INTO secondment.official (id, full_name, unit_id, field_id)
               SELECT 'gs-c-' || n, 'Công chức ' || n, 'gs-xa-' || (1 + n % 100), (SELECT id FROM secondment.expertise_field ORDER BY position OFFSET (n * 13 % 11) LIMIT 1)
                 FROM generate_series(1, 6600) n`);
    await sql(`INSERT INTO secondment.official (id, full_name, unit_id, field_id)
               SELECT 'gs-d-' || n, 'Công chức ' || n, 'gs-so-' || (1 + n % 30), (SELECT id FROM secondment.expertise_field ORDER BY position OFFSET (n % 11) LIMIT 1)
                 FROM generate_series(1, 2400) n`);
    // 240 active secondments from departments to communes, 30 in approval, 30 closed.
    await sql(`INSERT INTO secondment.case_summary (case_id, version, form, stage, official_id, official_name, official_name_key, sending_unit_id, sending_unit_name,
                 receiving_unit_id, receiving_unit_name, position, proposer_id, proposer_name, proposed_at, stage_opened_at, closed_at, state)
               SELECT 'GS-' || n, 3, 'secondment', (ARRAY['posted', 'serving', 'ending', 'department_review', 'closed'])[1 + n % 5], o.id, o.full_name, lower(o.full_name),
                      o.unit_id, 'Sở', 'gs-xa-' || (1 + n * 37 % 100), 'Xã', 'Chuyên viên', 'hr.taichinh', 'Trần Thị Bình', now(), now(),
                      CASE WHEN n % 5 = 4 THEN now() END, '{}'::jsonb
                 FROM generate_series(1, 400) n JOIN secondment.official o ON o.id = 'gs-d-' || (n * 5)`);
    dataSource = createDataSource(db.url, 2);
    await dataSource.initialize();
    gap = new GapRepository(dataSource);
  });

  afterAll(async () => {
    await dataSource?.destroy();
    await db?.drop();
  });

  it.each(['present', 'books'] as const)('the %s view adds up', async (view) => {
    const result = await gap.province({ view });
    const { totals, communes, byField } = result;
    expect(communes).toHaveLength(103);
    expect(totals.communes).toBe(103);
    const sum = (rows: { [k: string]: unknown }[], key: string) => rows.reduce((acc, r) => acc + (r[key] as number), 0);
    for (const key of ['quota', 'onBooks', 'secondedIn', 'secondedOut', 'present', 'balance']) {
      expect(sum(communes as never, key)).toBe(totals[key as keyof typeof totals]);
      expect(sum(byField as never, key)).toBe(totals[key as keyof typeof totals]);
    }
    expect(totals.onBooks).toBe(6600);
    expect(totals.secondedIn).toBe(240);
    expect(totals.secondedOut).toBe(0);
    expect(totals.present).toBe(totals.onBooks - totals.secondedOut + totals.secondedIn);
    expect(totals.balance).toBe(view === 'books' ? totals.onBooks - totals.quota : totals.present - totals.quota);
    expect(totals.shortCommunes).toBe(communes.filter((c) => c.balance < 0).length);
    expect(totals.shortage).toBe(-sum(communes.filter((c) => c.balance < 0) as never, 'balance'));
    expect(totals.overCommunes).toBe(communes.filter((c) => c.balance > 0).length);
    expect(totals.surplus).toBe(sum(communes.filter((c) => c.balance > 0) as never, 'balance'));
    expect(totals.shortCommunes + totals.overCommunes + totals.balancedCommunes).toBe(103);
    expect(totals.balance).toBe(totals.surplus - totals.shortage);
    const balances = communes.map((c) => c.balance);
    expect(balances).toEqual([...balances].sort((a, b) => a - b));
    for (const c of communes) expect(c.present).toBe(c.onBooks - c.secondedOut + c.secondedIn);
    const vi = (n: number) => new Intl.NumberFormat('vi-VN').format(n);
    expect(totals.shortCommunes).toBeGreaterThan(0);
    expect(totals.overCommunes).toBeGreaterThan(0);
    expect(result.summary.vi).toBe(`${vi(totals.shortCommunes)} xã, phường thiếu ${vi(totals.shortage)} người; ${vi(totals.overCommunes)} xã, phường thừa ${vi(totals.surplus)} người`);
  });

  it('a commune detail agrees with its row in the list', async () => {
    const list = await gap.province({ view: 'books' });
    for (const row of [list.communes[0], list.communes[50], list.communes[102]]) {
      const detail = await gap.commune(row.unitId, 'books');
      expect(detail).toMatchObject(row);
      const fields = detail?.fields ?? [];
      expect(fields.reduce((a, f) => a + f.balance, 0)).toBe(row.balance);
      expect(fields.filter((f) => f.balance < 0)).toHaveLength(row.shortFields);
    }
  });

  it("the departments: 2,407 on books (the demo province's 7 included) and the template's fixture officials, 240 seconded out", async () => {
    const result = await gap.departments();
    const onBooks = 2407 + Object.values(FIXTURE_OFFICIAL_COUNTS).reduce((a, n) => a + n, 0);
    expect(result.totals).toMatchObject({ departments: 33, onBooks, secondedOut: 240, sharePercent: Math.round((1000 * 240) / onBooks) / 10 });
    expect(result.departments.reduce((a, d) => a + d.secondedOut, 0)).toBe(240);
  });
});
