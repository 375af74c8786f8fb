import { searchKey } from '@app/domain';
import { foldedSql, seedDemoProvince, withDataSource } from '@app/persistence';
import request from 'supertest';
import { type ApiClient, type ApiStack, expectProblem, signIn, startApiStack } from '../support/api-client';
import { nominate } from '../support/case-walk';
import { queryRows } from '../support/database';

/*
 * The registry's read side through the real HTTP API and PostgreSQL, on the generated demo
 * province (30 departments, about 100 communes, some 9,000 officials) loaded over the small demo
 * province, plus a few fixture rows (ids rr-…) for the search: a commune stored in NFD, names with
 * đ/Đ in upper and lower case. cc-0001 (Sở Tài chính) is given a birth date and gender; cc-0002
 * is nominated to Xã Cư Bao (a case at department review: on a case).
 */

const READERS = ['hr.taichinh', 'gd.taichinh', 'snv.thamdinh', 'vp.tinhuy', 'ct.cubao', 'thanhtra'];
const OFFICIALS = ['pgd.taichinh', 'an.nguyenvan'];

interface Unit {
  id: string;
  name: string;
  kind: string;
  category: string;
  difficultArea: boolean;
  staff: number;
  quota: number | null;
}
interface Official {
  id: string;
  name: string;
  unitId: string;
  unitName: string;
  fieldId: string | null;
  employment: string;
  inLeadershipPlan: boolean;
  onCase: string | null;
  birthDate?: string | null;
  gender?: string | null;
}
interface Page<T> {
  items: T[];
  total: number;
  page: number;
  pageSize: number;
}

/** Every Vietnamese vowel with every tone mark (and the horn and breve and circumflex letters), both cases, and đ/Đ. */
const VIETNAMESE_LETTERS = [
  'aàáảãạ', 'ăằắẳẵặ', 'âầấẩẫậ', 'eèéẻẽẹ', 'êềếểễệ', 'iìíỉĩị', 'oòóỏõọ', 'ôồốổỗộ', 'ơờớởỡợ', 'uùúủũụ', 'ưừứửữự', 'yỳýỷỹỵ', 'đ',
].join('');

describe('the registry read side through the HTTP API', () => {
  let stack: ApiStack;
  let api: ApiClient;
  let caseId: string;
  const sql = <T = Record<string, unknown>>(text: string, params: unknown[] = []) => queryRows<T>(stack.db.url, text, params);
  const get = (path: string, user = 'snv.thamdinh') => api.as(user).get(path);
  const count = async (text: string, params: unknown[] = []) => (await sql<{ n: number }>(text, params))[0].n;

  /** Every item of a paged list, page by page, checking each page's shape and that the total holds. */
  async function allPages<T>(path: string, user = 'snv.thamdinh', pageSize = 200): Promise<{ items: T[]; total: number; pages: number }> {
    const items: T[] = [];
    let total = 0;
    let page = 1;
    for (; ; page += 1) {
      const { body } = await get(`${path}${path.includes('?') ? '&' : '?'}page=${page}&pageSize=${pageSize}`, user).expect(200);
      const got = body as Page<T>;
      expect({ page: got.page, pageSize: got.pageSize }).toEqual({ page, pageSize });
      if (page > 1) expect(got.total).toBe(total);
      total = got.total;
      items.push(...got.items);
      if (got.items.length < pageSize) break;
    }
    expect(items).toHaveLength(total);
    return { items, total, pages: page };
  }

  beforeAll(async () => {
    stack = await startApiStack('registry-reads');
    const added = await withDataSource(stack.db.url, (dataSource) => seedDemoProvince(dataSource));
    expect(added.officials).toBeGreaterThan(8000);
    await sql(
      `INSERT INTO secondment.org_unit (id, name, kind, category, difficult_area) VALUES
         ('rr-xa-dak-nue', 'Xã Đắk Nuê', 'commune', 'commune', true),
         ('rr-xa-hoa-binh', $1, 'commune', 'commune', false),
         ('rr-dac-khu-dao', 'Đặc khu ĐẢO XANH', 'commune', 'special_zone', true)`,
      ['Xã Hòa Bình'.normalize('NFD')],
    );
    await sql(
      `INSERT INTO secondment.official (id, full_name, title, unit_id, field_id, employment, birth_date, gender) VALUES
         ('rr-0001', 'ĐẶNG THỊ ĐÀO', 'Công chức địa chính', 'rr-xa-dak-nue', 'dat-dai', 'public_employee', '1990-05-06', 'female'),
         ('rr-0002', $1, 'Công chức tư pháp', 'rr-xa-hoa-binh', 'tu-phap', 'civil_servant', '1988-11-30', 'male')`,
      ['Nguyễn Đức Lượng'.normalize('NFD')],
    );
    await sql(`UPDATE secondment.official SET birth_date = '1980-03-15', gender = 'male' WHERE id = 'cc-0001'`);
    api = await signIn(stack.api.url);
    caseId = await nominate(api, { officialId: 'cc-0002', receivingUnitId: 'xa-cu-bao' });
  });

  afterAll(async () => {
    await stack?.close();
  });

  describe('folding in SQL', () => {
    it('folds every Vietnamese letter, tone mark and đ/Đ, in NFC or NFD, exactly as searchKey does', async () => {
      const texts = [VIETNAMESE_LETTERS, VIETNAMESE_LETTERS.toUpperCase(), 'Xã  Cư\tBao ', 'ĐẮK LẮK', 'Y Moan Êban', "Cư M'gar"];
      for (const text of texts) {
        for (const form of ['NFC', 'NFD'] as const) {
          const [row] = await sql<{ folded: string }>(`SELECT ${foldedSql('$1::text')} AS folded`, [text.normalize(form)]);
          expect({ text, form, folded: row.folded }).toEqual({ text, form, folded: searchKey(text) });
        }
      }
      expect(searchKey(VIETNAMESE_LETTERS)).toBe('aaaaaaaaaaaaaaaaaaeeeeeeeeeeeeiiiiiioooooooooooooooooouuuuuuuuuuuuyyyyyyd');
    });
  });

  describe('GET /registry/province and /registry/fields', () => {
    it('the province; 404 when none is loaded', async () => {
      expect((await get('/registry/province').expect(200)).body).toEqual({ id: 'dak-lak', name: 'Đắk Lắk' });
      await sql(`DELETE FROM secondment.province`);
      try {
        expectProblem(await get('/registry/province'), 404, 'not-found');
      } finally {
        await sql(`INSERT INTO secondment.province (id, name) VALUES ('dak-lak', 'Đắk Lắk')`);
      }
      expect((await get('/registry/province', 'thanhtra').expect(200)).body).toEqual({ id: 'dak-lak', name: 'Đắk Lắk' });
    });

    it("the fields of expertise in the province's order, named in both languages", async () => {
      const { body } = await get('/registry/fields').expect(200);
      const rows = await sql<{ id: string; vi: string; en: string }>(`SELECT id, name_vi AS vi, name_en AS en FROM secondment.expertise_field ORDER BY position, id`);
      expect(rows).toHaveLength(11);
      expect(body).toEqual(rows.map((r) => ({ id: r.id, name: { vi: r.vi, en: r.en } })));
      expect(body[0]).toEqual({ id: 'dat-dai', name: { vi: 'Quản lý đất đai', en: 'Land administration' } });
    });
  });

  describe('GET /registry/units', () => {
    it('pages through every unit, each once, by folded name, with staff and quota as SQL counts them', async () => {
      const { items, total, pages } = await allPages<Unit>('/registry/units', 'snv.thamdinh', 40);
      expect(total).toBe(await count(`SELECT count(*)::int AS n FROM secondment.org_unit`));
      expect(pages).toBeGreaterThanOrEqual(4);
      expect(total).toBeGreaterThan(130);
      expect(new Set(items.map((u) => u.id)).size).toBe(total);
      const keys = items.map((u) => [searchKey(u.name), u.id].join('\u0000'));
      expect(keys).toEqual([...keys].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)));
      const expected = await sql<Unit>(
        `SELECT u.id, u.name, u.kind, u.category, u.difficult_area AS "difficultArea",
                (SELECT count(*)::int FROM secondment.official o WHERE o.unit_id = u.id) AS staff,
                (SELECT sum(q.quota)::int FROM secondment.staffing_quota q WHERE q.unit_id = u.id) AS quota
         FROM secondment.org_unit u`,
      );
      const byId = new Map(expected.map((u) => [u.id, u]));
      for (const unit of items) expect(unit).toEqual(byId.get(unit.id));
      expect(items.find((u) => u.id === 'so-tai-chinh')).toMatchObject({ kind: 'department', category: 'department', quota: null });
      expect(items.find((u) => u.id === 'rr-xa-dak-nue')).toEqual({
        id: 'rr-xa-dak-nue',
        name: 'Xã Đắk Nuê',
        kind: 'commune',
        category: 'commune',
        difficultArea: true,
        staff: 1,
        quota: null,
      });
      const communes = items.filter((u) => u.kind === 'commune' && !u.id.startsWith('rr-'));
      expect(communes.every((u) => u.quota !== null && u.quota > 0)).toBe(true);
    });

    it('the first page by default is 50; a page past the end is empty with the total', async () => {
      const total = await count(`SELECT count(*)::int AS n FROM secondment.org_unit`);
      const first = (await get('/registry/units').expect(200)).body as Page<Unit>;
      expect({ total: first.total, page: first.page, pageSize: first.pageSize, length: first.items.length }).toEqual({ total, page: 1, pageSize: 50, length: 50 });
      const second = (await get('/registry/units?page=2&pageSize=50').expect(200)).body as Page<Unit>;
      expect(second.items.map((u) => u.id).filter((id) => first.items.some((u) => u.id === id))).toEqual([]);
      const past = (await get('/registry/units?page=99&pageSize=10').expect(200)).body as Page<Unit>;
      expect(past).toEqual({ items: [], total, page: 99, pageSize: 10 });
    });

    it.each([
      ['kind=department', `kind = 'department'`],
      ['kind=commune', `kind = 'commune'`],
      ['category=ward', `category = 'ward'`],
      ['category=agency', `category = 'agency'`],
      ['kind=commune&category=special_zone', `category = 'special_zone'`],
      ['difficultArea=true', `difficult_area`],
      ['kind=commune&difficultArea=false', `kind = 'commune' AND NOT difficult_area`],
    ])('%s: exactly the units SQL finds', async (filter, where) => {
      const { items, total } = await allPages<Unit>(`/registry/units?${filter}`);
      const expected = await sql<{ id: string }>(`SELECT id FROM secondment.org_unit WHERE ${where}`);
      expect(total).toBe(expected.length);
      expect(total).toBeGreaterThan(0);
      expect(items.map((u) => u.id).sort()).toEqual(expected.map((u) => u.id).sort());
    });

    it.each([
      ['cu bao', ['xa-cu-bao']],
      ['CƯ BẢO', ['xa-cu-bao']],
      ['DAK', ['rr-xa-dak-nue']],
      ['đắk', ['rr-xa-dak-nue']],
      ['hoa binh', ['rr-xa-hoa-binh']],
      ['Hòa Bình', ['rr-xa-hoa-binh']],
      ['đảo xanh', ['rr-dac-khu-dao']],
      ['  dao   XANH ', ['rr-dac-khu-dao']],
    ])('q=%j finds names without regard to diacritics, đ/Đ, case or spacing', async (q, ids) => {
      const { body } = await get(`/registry/units?q=${encodeURIComponent(q)}`).expect(200);
      expect((body as Page<Unit>).items.map((u) => u.id)).toEqual(ids);
      expect(body.total).toBe(ids.length);
    });

    it.each(['ea', 'hòa', 'Sở', 'Trung tâm', 'phuong', 'krong', 'Đông', 'xa e'])('q=%j: exactly the units whose folded name contains the folded query', async (q) => {
      const { items, total } = await allPages<Unit>(`/registry/units?q=${encodeURIComponent(q)}`);
      const all = await sql<{ id: string; name: string }>(`SELECT id, name FROM secondment.org_unit`);
      const expected = all.filter((u) => searchKey(u.name).includes(searchKey(q))).map((u) => u.id);
      expect(total).toBe(expected.length);
      expect(total).toBeGreaterThan(0);
      expect(items.map((u) => u.id).sort()).toEqual(expected.sort());
    });

    it('search and filters together; a blank q searches nothing', async () => {
      const { body } = await get('/registry/units?kind=commune&difficultArea=true&q=dak').expect(200);
      expect((body as Page<Unit>).items.map((u) => u.id)).toEqual(['rr-xa-dak-nue']);
      expect((await get('/registry/units?kind=department&q=dak').expect(200)).body).toEqual({ items: [], total: 0, page: 1, pageSize: 50 });
      const total = await count(`SELECT count(*)::int AS n FROM secondment.org_unit`);
      expect((await get('/registry/units?q=%20%20').expect(200)).body.total).toBe(total);
    });
  });

  describe('GET /registry/units/:id', () => {
    it('a commune with its staff and quota per field, as SQL counts them', async () => {
      const { body } = await get('/registry/units/xa-cu-bao').expect(200);
      const quotas = await sql<{ fieldId: string; quota: number }>(`SELECT field_id AS "fieldId", quota FROM secondment.staffing_quota WHERE unit_id = 'xa-cu-bao'`);
      const staff = await sql<{ fieldId: string | null; n: number }>(
        `SELECT field_id AS "fieldId", count(*)::int AS n FROM secondment.official WHERE unit_id = 'xa-cu-bao' GROUP BY field_id`,
      );
      const order = (await sql<{ id: string }>(`SELECT id FROM secondment.expertise_field ORDER BY position, id`)).map((f) => f.id);
      const fieldIds = [...new Set([...quotas.map((q) => q.fieldId), ...staff.map((s) => s.fieldId)])].sort(
        (a, b) => (a === null ? 99 : order.indexOf(a)) - (b === null ? 99 : order.indexOf(b)),
      );
      expect(quotas).toHaveLength(11);
      expect(body).toEqual({
        id: 'xa-cu-bao',
        name: 'Xã Cư Bao',
        kind: 'commune',
        category: 'commune',
        difficultArea: expect.any(Boolean),
        staff: staff.reduce((sum, s) => sum + s.n, 0),
        quota: quotas.reduce((sum, q) => sum + q.quota, 0),
        fields: fieldIds.map((fieldId) => ({
          fieldId,
          quota: quotas.find((q) => q.fieldId === fieldId)?.quota ?? null,
          staff: staff.find((s) => s.fieldId === fieldId)?.n ?? 0,
        })),
      });
    });

    it('a department: no quota; its officials with no field on a row of their own, last', async () => {
      const body = (await get('/registry/units/so-tai-chinh', 'ct.cubao').expect(200)).body as Unit & { fields: { fieldId: string | null; quota: number | null; staff: number }[] };
      expect(body).toMatchObject({ id: 'so-tai-chinh', name: 'Sở Tài chính', kind: 'department', category: 'department', quota: null });
      const noField = await count(`SELECT count(*)::int AS n FROM secondment.official WHERE unit_id = 'so-tai-chinh' AND field_id IS NULL`);
      expect(noField).toBe(4);
      expect(body.fields[body.fields.length - 1]).toEqual({ fieldId: null, quota: null, staff: 4 });
      expect(body.fields.reduce((sum, f) => sum + f.staff, 0)).toBe(body.staff);
      expect(body.staff).toBe(await count(`SELECT count(*)::int AS n FROM secondment.official WHERE unit_id = 'so-tai-chinh'`));
      expect(body.fields.every((f) => f.quota === null)).toBe(true);
    });

    it('a unit with neither quota nor officials: no fields; an unknown unit: 404', async () => {
      await sql(`INSERT INTO secondment.org_unit (id, name, kind, category) VALUES ('rr-empty', 'Phường Trống', 'commune', 'ward')`);
      try {
        expect((await get('/registry/units/rr-empty').expect(200)).body).toEqual({
          id: 'rr-empty',
          name: 'Phường Trống',
          kind: 'commune',
          category: 'ward',
          difficultArea: false,
          staff: 0,
          quota: null,
          fields: [],
        });
      } finally {
        await sql(`DELETE FROM secondment.org_unit WHERE id = 'rr-empty'`);
      }
      expectProblem(await get('/registry/units/xa-khong-co'), 404, 'not-found');
      expectProblem(await get('/registry/units/rr-empty'), 404, 'not-found');
    });
  });

  describe('GET /registry/officials', () => {
    it('pages of at most 200, the total as SQL counts, 50 by default', async () => {
      const total = await count(`SELECT count(*)::int AS n FROM secondment.official`);
      const first = (await get('/registry/officials').expect(200)).body as Page<Official>;
      expect({ total: first.total, page: first.page, pageSize: first.pageSize, length: first.items.length }).toEqual({ total, page: 1, pageSize: 50, length: 50 });
      const big = (await get('/registry/officials?page=3&pageSize=200').expect(200)).body as Page<Official>;
      expect({ total: big.total, page: big.page, length: big.items.length }).toEqual({ total, page: 3, length: 200 });
      const lastPage = Math.ceil(total / 200);
      const last = (await get(`/registry/officials?page=${lastPage}&pageSize=200`).expect(200)).body as Page<Official>;
      expect(last.items).toHaveLength(total - (lastPage - 1) * 200);
      expect((await get(`/registry/officials?page=${lastPage + 1}&pageSize=200`).expect(200)).body).toEqual({ items: [], total, page: lastPage + 1, pageSize: 200 });
    });

    it('a unit page by page: every official once, as SQL holds them, with onCase', async () => {
      const { items, total, pages } = await allPages<Official>('/registry/officials?unitId=so-tai-chinh', 'snv.thamdinh', 25);
      expect(pages).toBeGreaterThanOrEqual(3);
      const expected = await sql<Official>(
        `SELECT o.id, o.full_name AS name, o.title, o.unit_id AS "unitId", u.name AS "unitName", o.field_id AS "fieldId", o.rank, o.employment,
                o.is_leader AS "isLeader", o.in_leadership_plan AS "inLeadershipPlan", o.birth_date::text AS "birthDate", o.gender
         FROM secondment.official o JOIN secondment.org_unit u ON u.id = o.unit_id WHERE o.unit_id = 'so-tai-chinh'`,
      );
      expect(total).toBe(expected.length);
      expect(total).toBeGreaterThan(50);
      const byId = new Map(items.map((o) => [o.id, o]));
      expect(byId.size).toBe(total);
      for (const official of expected) expect(byId.get(official.id)).toEqual({ ...official, onCase: official.id === 'cc-0002' ? caseId : null });
      const keys = items.map((o) => [searchKey(o.name), o.id].join('\u0000'));
      expect(keys).toEqual([...keys].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)));
    });

    it.each([
      ['fieldId=dat-dai', `field_id = 'dat-dai'`],
      ['unitId=xa-cu-bao&fieldId=van-phong', `unit_id = 'xa-cu-bao' AND field_id = 'van-phong'`],
      ['inLeadershipPlan=true', `in_leadership_plan`],
      ['inLeadershipPlan=false&unitId=so-xay-dung', `NOT in_leadership_plan AND unit_id = 'so-xay-dung'`],
      ['employment=public_employee&fieldId=y-te', `employment = 'public_employee' AND field_id = 'y-te'`],
      ['employment=civil_servant&unitId=so-nong-nghiep-moi-truong&inLeadershipPlan=false', `employment = 'civil_servant' AND unit_id = 'so-nong-nghiep-moi-truong' AND NOT in_leadership_plan`],
    ])('%s: exactly the officials SQL finds', async (filter, where) => {
      const { items, total } = await allPages<Official>(`/registry/officials?${filter}`);
      const expected = await sql<{ id: string }>(`SELECT id FROM secondment.official WHERE ${where}`);
      expect(total).toBe(expected.length);
      expect(total).toBeGreaterThan(0);
      expect(items.map((o) => o.id).sort()).toEqual(expected.map((o) => o.id).sort());
    });

    it.each([
      ['dang thi dao', ['rr-0001']],
      ['ĐẶNG thị đào', ['rr-0001']],
      ['nguyen duc luong', ['rr-0002']],
      ['Nguyễn Đức Lượng', ['rr-0002']],
      ['rr-0002', ['rr-0002']],
      ['cc-0002', ['cc-0002']],
    ])('q=%j: the name without regard to diacritics, or the id', async (q, ids) => {
      const { body } = await get(`/registry/officials?q=${encodeURIComponent(q)}`).expect(200);
      expect((body as Page<Official>).items.map((o) => o.id)).toEqual(ids);
      expect(body.total).toBe(ids.length);
    });

    it.each(['dang thi', 'nguyen van an', 'Y Moan', 'ĐỨC', 'hương'])('q=%j: exactly the officials whose folded name contains it', async (q) => {
      const { items, total } = await allPages<Official>(`/registry/officials?q=${encodeURIComponent(q)}`);
      const all = await sql<{ id: string; name: string }>(`SELECT id, full_name AS name FROM secondment.official`);
      const expected = all.filter((o) => searchKey(o.name).includes(searchKey(q))).map((o) => o.id);
      expect(total).toBe(expected.length);
      expect(total).toBeGreaterThan(0);
      expect(items.map((o) => o.id).sort()).toEqual(expected.sort());
    });

    it('onCase names the open case', async () => {
      const { body } = await get('/registry/officials?q=cc-0002').expect(200);
      expect(body.items).toEqual([expect.objectContaining({ id: 'cc-0002', name: 'Trương Thị Bích', unitId: 'so-tai-chinh', unitName: 'Sở Tài chính', onCase: caseId })]);
      expect((await get('/registry/officials?q=cc-0003').expect(200)).body.items[0].onCase).toBeNull();
    });
  });

  describe('GET /registry/officials/:id', () => {
    it("one official with their cases from the case summary", async () => {
      const { body } = await get('/registry/officials/cc-0002').expect(200);
      expect(body).toEqual({
        id: 'cc-0002',
        name: 'Trương Thị Bích',
        title: 'Chuyên viên phòng Tài chính doanh nghiệp',
        unitId: 'so-tai-chinh',
        unitName: 'Sở Tài chính',
        fieldId: null,
        rank: null,
        employment: 'civil_servant',
        isLeader: false,
        inLeadershipPlan: false,
        onCase: caseId,
        birthDate: '1990-09-23',
        gender: 'female',
        cases: [{ caseId, form: 'secondment', stage: 'department_review', receivingUnitName: 'Xã Cư Bao', termEnd: null }],
      });
      const generated = (await get('/registry/officials/cc-100001', 'thanhtra').expect(200)).body;
      expect(generated).toMatchObject({ id: 'cc-100001', onCase: null, cases: [] });
      expect(generated.fieldId).toEqual(expect.any(String));
    });

    it('404 for an unknown official', async () => {
      expectProblem(await get('/registry/officials/cc-9999999'), 404, 'not-found');
    });
  });

  describe('personal data: birth date and gender', () => {
    const personal = { birthDate: '1980-03-15', gender: 'male' };

    it('Home Affairs officers, and the head and HR officer of the official’s unit, see them', async () => {
      for (const user of ['snv.thamdinh', 'gd.noivu', 'gd.taichinh', 'hr.taichinh']) {
        expect({ user, body: (await get('/registry/officials/cc-0001', user).expect(200)).body }).toMatchObject({ user, body: { id: 'cc-0001', ...personal } });
        const list = (await get('/registry/officials?q=cc-0001', user).expect(200)).body as Page<Official>;
        expect({ user, item: list.items[0] }).toMatchObject({ user, item: { id: 'cc-0001', ...personal } });
      }
      const own = await allPages<Official>('/registry/officials?unitId=so-tai-chinh', 'gd.taichinh');
      expect(own.items.every((o) => 'birthDate' in o && 'gender' in o)).toBe(true);
      expect(own.items.filter((o) => o.birthDate !== null).length).toBeGreaterThan(40);
    });

    it('no one else: another department’s head or HR officer, a commune leader, the secretariat, the auditor, the official', async () => {
      for (const user of ['gd.nnmt', 'hr.nnmt', 'ct.cubao', 'vp.tinhuy', 'thanhtra', 'an.nguyenvan']) {
        const { body } = await get('/registry/officials/cc-0001', user).expect(200);
        expect({ user, id: body.id, birthDate: 'birthDate' in body, gender: 'gender' in body }).toEqual({ user, id: 'cc-0001', birthDate: false, gender: false });
      }
      for (const user of ['gd.nnmt', 'ct.cubao', 'vp.tinhuy', 'thanhtra']) {
        const { body } = await get('/registry/officials?unitId=so-tai-chinh&pageSize=200', user).expect(200);
        expect((body as Page<Official>).items.filter((o) => 'birthDate' in o || 'gender' in o)).toEqual([]);
      }
    });

    it('a head sees them for the officials of their own unit only, on a page of several units', async () => {
      const { items } = await allPages<Official>('/registry/officials?fieldId=dat-dai', 'gd.nnmt');
      const own = items.filter((o) => o.unitId === 'so-nong-nghiep-moi-truong');
      const others = items.filter((o) => o.unitId !== 'so-nong-nghiep-moi-truong');
      expect(own.length).toBeGreaterThan(10);
      expect(others.length).toBeGreaterThan(10);
      expect(own.every((o) => typeof o.birthDate === 'string' && typeof o.gender === 'string')).toBe(true);
      expect(others.filter((o) => 'birthDate' in o || 'gender' in o)).toEqual([]);
    });

    it('the commune leader does not see them for the officials of their own commune either', async () => {
      const { items } = await allPages<Official>('/registry/officials?unitId=xa-cu-bao', 'ct.cubao');
      expect(items.length).toBeGreaterThan(0);
      expect(items.filter((o) => 'birthDate' in o || 'gender' in o)).toEqual([]);
    });
  });

  describe('GET /registry/quotas', () => {
    it('every quota row, by unit; narrowed by unit and by field', async () => {
      const { body } = await get('/registry/quotas').expect(200);
      const rows = await sql<{ unitId: string; fieldId: string; quota: number }>(
        `SELECT unit_id AS "unitId", field_id AS "fieldId", quota FROM secondment.staffing_quota`,
      );
      expect(body).toHaveLength(rows.length);
      expect(rows.length).toBeGreaterThan(1000);
      const sorted = (list: { unitId: string; fieldId: string }[]) => list.map((r) => `${r.unitId}/${r.fieldId}`).sort();
      expect(sorted(body)).toEqual(sorted(rows));
      const units = (body as { unitId: string }[]).map((r) => r.unitId);
      expect(units).toEqual([...units].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)));
      expect(body).toEqual(expect.arrayContaining(rows.slice(0, 20)));

      const cuBao = (await get('/registry/quotas?unitId=xa-cu-bao').expect(200)).body as { unitId: string; fieldId: string; quota: number }[];
      expect(cuBao.map((r) => r.fieldId)).toEqual(
        (await sql<{ id: string }>(`SELECT id FROM secondment.expertise_field ORDER BY position, id`)).map((f) => f.id),
      );
      expect(cuBao).toEqual(expect.arrayContaining(rows.filter((r) => r.unitId === 'xa-cu-bao')));
      const land = (await get('/registry/quotas?fieldId=dat-dai', 'ct.cubao').expect(200)).body;
      expect(sorted(land)).toEqual(sorted(rows.filter((r) => r.fieldId === 'dat-dai')));
      expect((await get('/registry/quotas?unitId=xa-cu-bao&fieldId=dat-dai').expect(200)).body).toEqual(rows.filter((r) => r.unitId === 'xa-cu-bao' && r.fieldId === 'dat-dai'));
      expect((await get('/registry/quotas?unitId=so-tai-chinh').expect(200)).body).toEqual([]);
    });
  });

  describe('who may read', () => {
    const LISTS = ['/registry/province', '/registry/fields', '/registry/units', '/registry/units/xa-cu-bao', '/registry/officials', '/registry/officials/cc-0002', '/registry/quotas?unitId=xa-cu-bao'];

    it('every role but official reads every endpoint', async () => {
      for (const user of READERS) {
        for (const path of LISTS) {
          const response = await get(path, user);
          expect({ user, path, status: response.status }).toEqual({ user, path, status: 200 });
        }
      }
    });

    it('an official: 403 on the lists, 200 on their own record, 403 on anyone else’s', async () => {
      for (const user of OFFICIALS) {
        for (const path of LISTS.filter((p) => !p.startsWith('/registry/officials/'))) {
          expectProblem(await get(path, user), 403, 'forbidden', { rule: 'not_authorised' });
        }
      }
      const self = (await get('/registry/officials/cc-0004', 'pgd.taichinh').expect(200)).body;
      expect(self).toMatchObject({ id: 'cc-0004', name: 'Phạm Minh Châu', unitId: 'so-tai-chinh', onCase: null, cases: [] });
      expect((await get('/registry/officials/cc-0001', 'an.nguyenvan').expect(200)).body.id).toBe('cc-0001');
      expectProblem(await get('/registry/officials/cc-0001', 'pgd.taichinh'), 403, 'forbidden', { rule: 'out_of_scope' });
      expectProblem(await get('/registry/officials/cc-9999999', 'pgd.taichinh'), 403, 'forbidden', { rule: 'out_of_scope' });
    });

    it('no session: 401', async () => {
      const response = await request(stack.api.url).get('/api/v1/registry/units');
      expectProblem(response, 401, 'unauthenticated');
    });
  });

  describe('bad parameters: 400 naming the field and the rule', () => {
    it.each([
      ['/registry/units?kind=village', 'kind', 'isIn'],
      ['/registry/units?category=town', 'category', 'isIn'],
      ['/registry/units?kind=department&category=ward', 'category', 'categoryOfKind'],
      ['/registry/units?kind=commune&category=agency', 'category', 'categoryOfKind'],
      ['/registry/units?difficultArea=yes', 'difficultArea', 'isBoolean'],
      ['/registry/units?page=0', 'page', 'min'],
      ['/registry/units?page=abc', 'page', 'isInt'],
      ['/registry/units?pageSize=201', 'pageSize', 'max'],
      ['/registry/units?pageSize=1.5', 'pageSize', 'isInt'],
      [`/registry/units?q=${'a'.repeat(201)}`, 'q', 'maxLength'],
      ['/registry/units?q=a&q=b', 'q', 'isString'],
      ['/registry/units?sort=name', 'sort', 'unknown-field'],
      ['/registry/officials?pageSize=201', 'pageSize', 'max'],
      ['/registry/officials?pageSize=0', 'pageSize', 'min'],
      ['/registry/officials?page=-1', 'page', 'min'],
      ['/registry/officials?employment=contractor', 'employment', 'isIn'],
      ['/registry/officials?inLeadershipPlan=1', 'inLeadershipPlan', 'isBoolean'],
      ['/registry/officials?unitId=S%E1%BB%9F%20T%C3%A0i%20ch%C3%ADnh', 'unitId', 'matches'],
      ['/registry/officials?fieldId=Dat_Dai', 'fieldId', 'matches'],
      ['/registry/officials?unitId=xa-khong-co', 'unitId', 'knownUnit'],
      ['/registry/officials?fieldId=thien-van', 'fieldId', 'knownField'],
      ['/registry/officials?birthDate=1980-03-15', 'birthDate', 'unknown-field'],
      ['/registry/quotas?unitId=xa-khong-co', 'unitId', 'knownUnit'],
      ['/registry/quotas?fieldId=thien-van', 'fieldId', 'knownField'],
      ['/registry/quotas?fieldId=', 'fieldId', 'matches'],
      ['/registry/quotas?page=1', 'page', 'unknown-field'],
    ])('%s → %s %s', async (path, field, rule) => {
      const response = await get(path);
      expectProblem(response, 400, 'validation-failed', { field });
      expect(response.body.errors).toEqual(expect.arrayContaining([expect.objectContaining({ field, rule })]));
    });

    it('an official learns nothing from validation: 403 before the parameters are read', async () => {
      expectProblem(await get('/registry/officials?pageSize=9999', 'an.nguyenvan'), 403, 'forbidden', { rule: 'not_authorised' });
    });
  });
});
