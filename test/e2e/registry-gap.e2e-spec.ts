import request from 'supertest';
import { expectProblem, NON_EMPTY, useApiStack } from '../support/api-client';
import { nominate, walkCase } from '../support/case-walk';
import { queryRows } from '../support/database';
import { FIXTURE_OFFICIAL_COUNTS } from '../support/fixture-officials';

/*
 * The gap through the real HTTP API, worker, PostgreSQL and Temporal: the demo province given
 * fields and quotas, one secondment walked for real to its arrival (so the projection's own rows
 * are what the gap counts) and one left at department review (not counted).
 *
 * Fields: T = tai-chinh-ke-toan, D = dat-dai, X = xay-dung, V = van-phong.
 * Departments: so-tai-chinh cc-0001..0003 T, cc-0004 (no field); so-nong-nghiep-moi-truong cc-0005, cc-0006 D;
 *   so-xay-dung cc-0007 X; and the test template's fixture officials (test/support/fixture-officials.ts):
 *   150 T in so-tai-chinh, 60 D in so-nong-nghiep-moi-truong, 30 X in so-xay-dung (departments count
 *   in the department view only, never at a commune).
 * Communes: xa-cu-bao       quota T2 D2   officials ge-cb-t1 T, ge-cb-d1 D
 *           phuong-buon-ma-thuot quota D1 officials ge-bmt-d1..d3 D
 *           xa-ea-kar (difficult) quota V1 X2  officials cc-0008 V
 * Cases: cc-0002 (T) so-tai-chinh → xa-cu-bao, walked to the arrival: posted (active);
 *        cc-0003 (T) so-tai-chinh → xa-ea-kar, nominated only: department_review (not counted).
 *
 *   xa-cu-bao  T q2 b1 in1 → present 2: 0 | books −1;  D q2 b1 → 1: −1 | −1;  Σ q4 b2 in1 p3: present −1 (1 field short), books −2 (2 short)
 *   phuong-buon-ma-thuot  D q1 b3 → 3: +2 | +2;  Σ +2 both views
 *   xa-ea-kar  V q1 b1 → 0 | 0;  X q2 b0 → −2 | −2;  Σ q3 b1 p1: −2 both views (1 field short)
 *   province: quota 8, onBooks 6, in 1, out 0, present 7
 *     present: balance −1; 2 short of 3 (xa-ea-kar 2, xa-cu-bao 1); 1 with 2 over → order xa-ea-kar, xa-cu-bao, phuong-buon-ma-thuot
 *     books:   balance −2; 2 short of 4 (both 2); 1 with 2 over → order xa-cu-bao, xa-ea-kar (ties by id), phuong-buon-ma-thuot
 *   per field, present: T q2 b1 in1 p2 0 (none short or over); D q3 b4 p4 +1 (xa-cu-bao −1; bmt +2); X q2 −2 (xa-ea-kar); V q1 b1 0
 *   departments (with the pools of 150, 60 and 30): so-nong-nghiep-moi-truong 62/0 0.0%, so-tai-chinh 154/1 0.6%,
 *     so-xay-dung 31/0 0.0%; totals 247/1 0.4%
 */

interface Row {
  unitId: string;
  fieldId: string;
  balance: number;
  shortFields: number;
}
/** What GET /gap and GET /gap/communes/:unitId answer, as far as the lists are read. */
interface GapBody {
  view: string;
  totals: Record<string, number>;
  summary: { vi: string; en: string };
  byField: Row[];
  communes: Row[];
  fields: Row[];
}

const READERS = ['hr.taichinh', 'gd.taichinh', 'snv.thamdinh', 'vp.tinhuy', 'ct.cubao', 'thanhtra'];
const OFFICIALS = ['pgd.taichinh', 'an.nguyenvan'];

describe('the gap through the HTTP API', () => {
  const { stack, api } = useApiStack('registry-gap');
  const get = (path: string, user = 'snv.thamdinh') => api.as(user).get(path);
  const gap = async (path: string, user?: string) => (await get(path, user).expect(200)).body as GapBody;

  beforeAll(async () => {
    const sql = (text: string, params: unknown[] = []) => queryRows(stack.db.url, text, params);
    for (const [id, field] of [
      ['cc-0001', 'tai-chinh-ke-toan'],
      ['cc-0002', 'tai-chinh-ke-toan'],
      ['cc-0003', 'tai-chinh-ke-toan'],
      ['cc-0005', 'dat-dai'],
      ['cc-0006', 'dat-dai'],
      ['cc-0007', 'xay-dung'],
      ['cc-0008', 'van-phong'],
    ]) {
      await sql(`UPDATE secondment.official SET field_id = $2 WHERE id = $1`, [id, field]);
    }
    for (const [id, unit, field] of [
      ['ge-cb-t1', 'xa-cu-bao', 'tai-chinh-ke-toan'],
      ['ge-cb-d1', 'xa-cu-bao', 'dat-dai'],
      ['ge-bmt-d1', 'phuong-buon-ma-thuot', 'dat-dai'],
      ['ge-bmt-d2', 'phuong-buon-ma-thuot', 'dat-dai'],
      ['ge-bmt-d3', 'phuong-buon-ma-thuot', 'dat-dai'],
    ]) {
      await sql(`INSERT INTO secondment.official (id, full_name, unit_id, field_id) VALUES ($1, $2, $3, $4)`, [id, `Công chức ${id}`, unit, field]);
    }
    for (const [unit, field, quota] of [
      ['xa-cu-bao', 'tai-chinh-ke-toan', 2],
      ['xa-cu-bao', 'dat-dai', 2],
      ['phuong-buon-ma-thuot', 'dat-dai', 1],
      ['xa-ea-kar', 'van-phong', 1],
      ['xa-ea-kar', 'xay-dung', 2],
    ]) {
      await sql(`INSERT INTO secondment.staffing_quota (unit_id, field_id, quota) VALUES ($1, $2, $3)`, [unit, field, quota]);
    }
    await sql(`UPDATE secondment.org_unit SET difficult_area = true WHERE id = 'xa-ea-kar'`);

    const posted = await nominate(api, { officialId: 'cc-0002', receivingUnitId: 'xa-cu-bao' });
    await walkCase(api, posted, 'arrival_confirmed');
    expect((await get(`/cases/${posted}`).expect(200)).body.stage).toBe('posted');
    await nominate(api, { officialId: 'cc-0003', receivingUnitId: 'xa-ea-kar' });
  });

  describe('GET /gap', () => {
    it('the working view by default: totals, the sentence, every field, the communes most short first', async () => {
      const { body } = await get('/gap').expect(200);
      expect(body.view).toBe('present');
      expect(body.totals).toEqual({
        communes: 3,
        quota: 8,
        onBooks: 6,
        secondedIn: 1,
        secondedOut: 0,
        present: 7,
        balance: -1,
        shortCommunes: 2,
        shortage: 3,
        overCommunes: 1,
        surplus: 2,
        balancedCommunes: 0,
      });
      expect(body.summary).toEqual({ vi: '2 xã, phường thiếu 3 người; 1 xã, phường thừa 2 người', en: '2 communes short of 3; 1 with 2 over' });
      expect(body.communes).toEqual([
        {
          unitId: 'xa-ea-kar',
          name: 'Xã Ea Kar',
          category: 'commune',
          difficultArea: true,
          quota: 3,
          onBooks: 1,
          secondedIn: 0,
          secondedOut: 0,
          present: 1,
          balance: -2,
          shortFields: 1,
          overFields: 0,
        },
        {
          unitId: 'xa-cu-bao',
          name: 'Xã Cư Bao',
          category: 'commune',
          difficultArea: false,
          quota: 4,
          onBooks: 2,
          secondedIn: 1,
          secondedOut: 0,
          present: 3,
          balance: -1,
          shortFields: 1,
          overFields: 0,
        },
        expect.objectContaining({ unitId: 'phuong-buon-ma-thuot', quota: 1, onBooks: 3, present: 3, balance: 2, shortFields: 0, overFields: 1 }),
      ]);
      expect(body.byField).toHaveLength(11);
      const byId = Object.fromEntries((body.byField as { fieldId: string }[]).map((f) => [f.fieldId, f]));
      expect(byId['tai-chinh-ke-toan']).toEqual({
        fieldId: 'tai-chinh-ke-toan',
        nameVi: 'Tài chính – kế toán',
        nameEn: 'Finance and accounting',
        quota: 2,
        onBooks: 1,
        secondedIn: 1,
        secondedOut: 0,
        present: 2,
        balance: 0,
        shortCommunes: 0,
        shortage: 0,
        overCommunes: 0,
        surplus: 0,
      });
      expect(byId['dat-dai']).toMatchObject({ quota: 3, onBooks: 4, present: 4, balance: 1, shortCommunes: 1, shortage: 1, overCommunes: 1, surplus: 2 });
      expect(byId['xay-dung']).toMatchObject({ quota: 2, onBooks: 0, present: 0, balance: -2, shortCommunes: 1, shortage: 2, overCommunes: 0, surplus: 0 });
      expect(byId['van-phong']).toMatchObject({ quota: 1, onBooks: 1, present: 1, balance: 0, shortCommunes: 0, overCommunes: 0 });
    });

    it('the books view: the seconded official is not counted at the commune', async () => {
      const body = await gap('/gap?view=books');
      expect(body.view).toBe('books');
      expect(body.totals).toMatchObject({ quota: 8, onBooks: 6, present: 7, balance: -2, shortCommunes: 2, shortage: 4, overCommunes: 1, surplus: 2 });
      expect(body.summary).toEqual({ vi: '2 xã, phường thiếu 4 người; 1 xã, phường thừa 2 người', en: '2 communes short of 4; 1 with 2 over' });
      expect(body.communes.map((c) => [c.unitId, c.balance, c.shortFields])).toEqual([
        ['xa-cu-bao', -2, 2],
        ['xa-ea-kar', -2, 1],
        ['phuong-buon-ma-thuot', 2, 0],
      ]);
    });

    it('status narrows the list; fieldId and difficultArea narrow everything', async () => {
      const short = await gap('/gap?status=short');
      expect(short.communes.map((c) => c.unitId)).toEqual(['xa-ea-kar', 'xa-cu-bao']);
      expect(short.totals).toMatchObject({ communes: 3, overCommunes: 1 });
      const over = await gap('/gap?status=over&view=books');
      expect(over.communes.map((c) => c.unitId)).toEqual(['phuong-buon-ma-thuot']);

      const remote = await gap('/gap?difficultArea=true');
      expect(remote.communes.map((c) => c.unitId)).toEqual(['xa-ea-kar']);
      expect(remote.totals).toMatchObject({ communes: 1, quota: 3, onBooks: 1, present: 1, balance: -2, shortCommunes: 1, shortage: 2, overCommunes: 0 });
      expect(remote.summary.vi).toBe('1 xã, phường thiếu 2 người; không có xã, phường nào thừa người');
      const easy = await gap('/gap?difficultArea=false');
      expect(easy.communes.map((c) => c.unitId)).toEqual(['xa-cu-bao', 'phuong-buon-ma-thuot']);

      const finance = await gap('/gap?fieldId=tai-chinh-ke-toan');
      expect(finance.byField.map((f) => f.fieldId)).toEqual(['tai-chinh-ke-toan']);
      expect(finance.totals).toMatchObject({ communes: 3, quota: 2, onBooks: 1, secondedIn: 1, present: 2, balance: 0, shortCommunes: 0, overCommunes: 0, balancedCommunes: 3 });
      expect(finance.summary).toEqual({
        vi: 'Tài chính – kế toán: không có xã, phường nào thiếu người; không có xã, phường nào thừa người',
        en: 'Finance and accounting: no commune short; none over',
      });
      const financeBooks = await gap('/gap?fieldId=tai-chinh-ke-toan&view=books&status=short');
      expect(financeBooks.communes.map((c) => [c.unitId, c.balance])).toEqual([['xa-cu-bao', -1]]);
      expect(financeBooks.summary.en).toBe('Finance and accounting: 1 commune short of 1; none over');
    });

    it.each([
      ['view=sideways', 'view', 'isIn'],
      ['view=', 'view', 'isIn'],
      ['status=missing', 'status', 'isIn'],
      ['difficultArea=yes', 'difficultArea', 'isBoolean'],
      ['fieldId=Dat_Dai', 'fieldId', 'matches'],
      ['fieldId=no-such-field', 'fieldId', 'knownField'],
      ['unit=xa-cu-bao', 'unit', 'unknown-field'],
    ])('?%s is refused with 400 naming %s and the rule %s', async (query, field, rule) => {
      const response = await get(`/gap?${query}`);
      expectProblem(response, 400, 'validation-failed', { field });
      expect(response.body.errors).toEqual(expect.arrayContaining([expect.objectContaining({ field, rule })]));
    });
  });

  describe('GET /gap/communes/:unitId', () => {
    it('the commune with a row per field, in the view asked for', async () => {
      const { body } = await get('/gap/communes/xa-cu-bao').expect(200);
      expect(body).toEqual({
        view: 'present',
        unitId: 'xa-cu-bao',
        name: 'Xã Cư Bao',
        category: 'commune',
        difficultArea: false,
        quota: 4,
        onBooks: 2,
        secondedIn: 1,
        secondedOut: 0,
        present: 3,
        balance: -1,
        shortFields: 1,
        overFields: 0,
        status: 'short',
        fields: [
          { fieldId: 'dat-dai', nameVi: 'Quản lý đất đai', nameEn: 'Land administration', quota: 2, onBooks: 1, secondedIn: 0, secondedOut: 0, present: 1, balance: -1 },
          { fieldId: 'tai-chinh-ke-toan', nameVi: 'Tài chính – kế toán', nameEn: 'Finance and accounting', quota: 2, onBooks: 1, secondedIn: 1, secondedOut: 0, present: 2, balance: 0 },
        ],
      });
      const books = await gap('/gap/communes/xa-cu-bao?view=books', 'ct.cubao');
      expect(books).toMatchObject({ view: 'books', balance: -2, shortFields: 2, status: 'short' });
      expect(books.fields.map((f) => [f.fieldId, f.balance])).toEqual([
        ['dat-dai', -1],
        ['tai-chinh-ke-toan', -1],
      ]);
      const ward = await gap('/gap/communes/phuong-buon-ma-thuot');
      const [stored] = await queryRows<{ category: string }>(stack.db.url, `SELECT category FROM secondment.org_unit WHERE id = 'phuong-buon-ma-thuot'`);
      expect(ward).toMatchObject({ category: stored.category, balance: 2, status: 'over', overFields: 1 });
    });

    it('404 for an unknown unit; 400 naming unitId for a department; 400 for a bad view', async () => {
      expectProblem(await get('/gap/communes/no-such-unit'), 404, 'not-found');
      const department = await get('/gap/communes/so-tai-chinh');
      expectProblem(department, 400, 'validation-failed', { field: 'unitId', errors: [expect.objectContaining({ field: 'unitId', rule: 'receivingUnit' })] });
      expect(department.body.messages.en).toMatch(/so-tai-chinh is a department/);
      expectProblem(await get('/gap/communes/xa-cu-bao?view=all'), 400, 'validation-failed', { field: 'view' });
    });
  });

  describe('GET /gap/departments', () => {
    it('staff on books, seconded out now and the share, per department and in total', async () => {
      // On the books: the demo officials and the template's fixture officials (see the table above).
      const land = 2 + FIXTURE_OFFICIAL_COUNTS['so-nong-nghiep-moi-truong'];
      const finance = 4 + FIXTURE_OFFICIAL_COUNTS['so-tai-chinh'];
      const building = 1 + FIXTURE_OFFICIAL_COUNTS['so-xay-dung'];
      const all = land + finance + building;
      const share = (out: number, books: number) => Math.round((1000 * out) / books) / 10;
      const { body } = await get('/gap/departments', 'gd.taichinh').expect(200);
      expect(body.departments).toEqual([
        { unitId: 'so-nong-nghiep-moi-truong', name: 'Sở Nông nghiệp và Môi trường', category: 'department', onBooks: land, secondedOut: 0, secondedIn: 0, present: land, sharePercent: 0 },
        { unitId: 'so-tai-chinh', name: 'Sở Tài chính', category: 'department', onBooks: finance, secondedOut: 1, secondedIn: 0, present: finance - 1, sharePercent: share(1, finance) },
        { unitId: 'so-xay-dung', name: 'Sở Xây dựng', category: 'department', onBooks: building, secondedOut: 0, secondedIn: 0, present: building, sharePercent: 0 },
      ]);
      expect(body.totals).toEqual({ departments: 3, onBooks: all, secondedOut: 1, secondedIn: 0, present: all - 1, sharePercent: share(1, all) });
      const [vi, en] = [new Intl.NumberFormat('vi-VN'), new Intl.NumberFormat('en-US')];
      const [viShare, enShare] = [new Intl.NumberFormat('vi-VN', { minimumFractionDigits: 1 }), new Intl.NumberFormat('en-US', { minimumFractionDigits: 1 })];
      expect(body.summary).toEqual({
        vi: `3 sở, ban, ngành có ${vi.format(all)} người trong biên chế; đang biệt phái 1 người (${viShare.format(share(1, all))}%)`,
        en: `3 departments with ${en.format(all)} on their books; 1 seconded out now (${enShare.format(share(1, all))}%)`,
      });
    });
  });

  describe('who may read it', () => {
    it.each(READERS)('%s reads all three', async (user) => {
      await get('/gap', user).expect(200);
      await get('/gap/departments', user).expect(200);
      await get('/gap/communes/xa-ea-kar', user).expect(200);
    });

    it.each(OFFICIALS)('an official (%s) is refused with 403 not_authorised, before any parameter is read', async (user) => {
      for (const path of ['/gap', '/gap?view=sideways', '/gap/departments', '/gap/communes/xa-cu-bao', '/gap/communes/no-such-unit']) {
        expectProblem(await get(path, user), 403, 'forbidden', { rule: 'not_authorised' });
      }
    });

    it('without a session: 401', async () => {
      expectProblem(await request(api.url).get('/api/v1/gap'), 401, 'unauthenticated');
    });
  });

  it('is in the OpenAPI document, with the views explained', async () => {
    const doc = (await request(api.url).get('/api/docs-json').expect(200)).body;
    const list = doc.paths['/api/v1/gap']?.get as { description: string; parameters: { name: string }[]; responses: Record<string, unknown> };
    expect(list).toBeDefined();
    expect(doc.paths['/api/v1/gap/departments']?.get).toBeDefined();
    expect(doc.paths['/api/v1/gap/communes/{unitId}']?.get).toBeDefined();
    expect(list.description).toMatch(/biên chế/);
    const view = list.parameters.find((p) => p.name === 'view');
    expect(view).toMatchObject({ in: 'query', required: false, schema: { enum: ['present', 'books'] } });
    expect(Object.keys(list.responses)).toEqual(expect.arrayContaining(['200', '400', '401', '403']));
    expect(doc.components.schemas.ProvinceGapDto.properties.summary).toBeDefined();
    expect(doc.components.schemas.GapTotalsDto.properties.shortage.description).toEqual(NON_EMPTY);
  });
});
