import { DEFAULT_ELIGIBILITY_RULES } from '@app/domain';
import { ProvinceRulesRepository, withDataSource } from '@app/persistence';
import { shareRoom } from '@app/registry';
import { expectProblem, useApiStack, vnDay } from '../support/api-client';
import { queryRows } from '../support/database';

/*
 * Matching through the real HTTP API, worker, PostgreSQL and Temporal, on fixture rows loaded with
 * SQL into the stack's database (the province's default rules: a 7% share).
 *
 * Field C = cong-nghe-thong-tin (no demo or fixture official holds it).
 *   so-tai-chinh (demo; ~150 staff: room to spare)  C: mt-e-t1 'Chuyên viên chính' m 1980 (46),
 *                 mt-e-t2 'Chuyên viên' f 1992-02-02 (34), mt-e-t3 public employee protected for a year
 *   mt-e-so 'Sở Thử E' (15 staff → 7% lets 1 go)      C: mt-e-s1 'Chuyên viên' m 1985 (41)
 *   mt-e-xa 'Xã Thử E' (commune, difficult)           quota C 2, nobody → short 2
 *   mt-e-phuong 'Phường Thử E' (ward, 20 staff)       quota C 1, mt-e-p1, mt-e-p2 → over 1
 * Candidates for mt-e-xa in C: t1 (share + 15 + 20 + 15) before t2 (share + 15 + 10 + 0) before
 * s1 (10 + 5 + 10 + 15); t3 is protected. Redistribution in C: mt-e-phuong → mt-e-xa: mt-e-p1.
 */

const C = 'cong-nghe-thong-tin';
const READERS = ['snv.thamdinh', 'hr.taichinh', 'gd.taichinh', 'thanhtra', 'vp.tinhuy'];
const NOT_READERS = ['an.nguyenvan', 'pgd.taichinh', 'ct.cubao'];

interface Candidate {
  officialId: string;
  unitId: string;
  rank: number;
  score: number;
  reasons: { code: string; points: number; text: { vi: string; en: string } }[];
}

describe('matching through the HTTP API', () => {
  const { stack, api } = useApiStack('registry-matching');
  const sql = (text: string, params: unknown[] = []) => queryRows(stack.db.url, text, params);
  const candidatesPath = (unitId: string, query = `fieldId=${C}`) => `/gap/communes/${unitId}/candidates?${query}`;
  const candidates = async (unitId = 'mt-e-xa', user = 'snv.thamdinh') => (await api.as(user).get(candidatesPath(unitId)).expect(200)).body as { commune: unknown; plannedStart: string; candidates: Candidate[] };

  beforeAll(async () => {
    // The template lets departments send everyone; here the province's default share (7%) is in force.
    await withDataSource(stack.db.url, async (dataSource) => {
      const repository = new ProvinceRulesRepository(dataSource);
      const { version: _version, ...current } = await repository.current();
      await repository.publish({ ...current, eligibility: DEFAULT_ELIGIBILITY_RULES }, 'snv.thamdinh', 'matching spec: the default share');
    });
    for (const [id, name, kind, category, difficult] of [
      ['mt-e-so', 'Sở Thử E', 'department', 'department', false],
      ['mt-e-xa', 'Xã Thử E', 'commune', 'commune', true],
      ['mt-e-phuong', 'Phường Thử E', 'commune', 'ward', false],
    ]) {
      await sql(`INSERT INTO secondment.org_unit (id, name, kind, category, difficult_area) VALUES ($1, $2, $3, $4, $5)`, [id, name, kind, category, difficult]);
    }
    for (const [id, unitId, rank, birthDate, gender, employment] of [
      ['mt-e-t1', 'so-tai-chinh', 'Chuyên viên chính', '1980-01-01', 'male', 'civil_servant'],
      ['mt-e-t2', 'so-tai-chinh', 'Chuyên viên', '1992-02-02', 'female', 'civil_servant'],
      ['mt-e-t3', 'so-tai-chinh', 'Chuyên viên', '1993-03-03', 'female', 'public_employee'],
      ['mt-e-s1', 'mt-e-so', 'Chuyên viên', '1985-05-05', 'male', 'civil_servant'],
      ['mt-e-p1', 'mt-e-phuong', 'Chuyên viên', '1990-01-01', 'male', 'civil_servant'],
      ['mt-e-p2', 'mt-e-phuong', 'Chuyên viên', '1991-01-01', 'female', 'civil_servant'],
    ]) {
      await sql(`INSERT INTO secondment.official (id, full_name, unit_id, field_id, rank, birth_date, gender, employment) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`, [
        id,
        `Công chức ${id}`,
        unitId,
        C,
        rank,
        birthDate,
        gender,
        employment,
      ]);
    }
    for (const [unitId, count] of [
      ['mt-e-so', 14],
      ['mt-e-phuong', 18],
    ] as const) {
      await sql(`INSERT INTO secondment.official (id, full_name, unit_id) SELECT $1 || '-f' || g, 'Công chức ' || $1 || '-f' || g, $1 FROM generate_series(1, $2::int) AS g`, [unitId, count]);
    }
    await sql(`INSERT INTO secondment.staffing_quota (unit_id, field_id, quota) VALUES ('mt-e-xa', $1, 2), ('mt-e-phuong', $1, 1)`, [C]);
    await sql(`INSERT INTO secondment.official_protection (official_id, kind, protected_until, recorded_by) VALUES ('mt-e-t3', 'pregnancy', $1, 'snv.thamdinh')`, [vnDay(365)]);
  });

  describe('GET /gap/communes/:unitId/candidates', () => {
    it('ranks the eligible officials of the field with the reasons for their rank; the protected one is left out', async () => {
      const [{ staff }] = await sql(`SELECT count(*)::int AS staff FROM secondment.official WHERE unit_id = 'so-tai-chinh'`);
      const share = DEFAULT_ELIGIBILITY_RULES.departmentMaxSharePercent;
      const room = shareRoom(staff as number, 0, share);
      const body = await candidates();
      expect(body.commune).toEqual({ unitId: 'mt-e-xa', name: 'Xã Thử E', difficultArea: true, fieldId: C, quota: 2, present: 0, shortBy: 2 });
      expect(body.plannedStart).toBe(vnDay(30));
      const parts = (c: Candidate) => Object.fromEntries(c.reasons.map((r) => [r.code, r.points]));
      expect(body.candidates.map((c) => [c.officialId, c.unitId, c.rank, parts(c)])).toEqual([
        ['mt-e-t1', 'so-tai-chinh', 1, { share_room: 10 * Math.min(room, 10), field_surplus: 15, grade: 20, experience: 15 }],
        ['mt-e-t2', 'so-tai-chinh', 2, { share_room: 10 * Math.min(room, 10), field_surplus: 15, grade: 10, experience: 0 }],
        ['mt-e-s1', 'mt-e-so', 3, { share_room: 10, field_surplus: 5, grade: 10, experience: 15 }],
      ]);
      for (const c of body.candidates) expect(c.score).toBe(c.reasons.reduce((sum, r) => sum + r.points, 0));
      expect(body.candidates[2].reasons[0].text).toEqual({
        vi: `Sở Thử E còn được cử thêm 1 người trong tỷ lệ biệt phái ${share}% (đang có 0/15 người đi biệt phái hoặc đang được đề xuất).`,
        en: `Sở Thử E may still send 1 more within its ${share}% share (0 of 15 away or nominated now).`,
      });
    });

    it('logs the protection read of each candidate read, under the caller, for the commune', async () => {
      const before = await sql(`SELECT count(*)::int AS n FROM secondment.personal_data_read WHERE read_by = 'thanhtra'`);
      await candidates('mt-e-xa', 'thanhtra');
      const rows = await sql(`SELECT official_id AS "officialId", purpose FROM secondment.personal_data_read WHERE read_by = 'thanhtra' ORDER BY id OFFSET $1`, [before[0].n]);
      expect(rows.map((r) => r.officialId).sort()).toEqual(['mt-e-s1', 'mt-e-t1', 'mt-e-t2', 'mt-e-t3']);
      expect(rows.every((r) => r.purpose === 'matching for mt-e-xa')).toBe(true);
    });

    it('limit narrows the list, best first', async () => {
      const body = (await api.as('snv.thamdinh').get(candidatesPath('mt-e-xa', `fieldId=${C}&limit=1`)).expect(200)).body as { candidates: Candidate[] };
      expect(body.candidates.map((c) => c.officialId)).toEqual(['mt-e-t1']);
    });

    it('a commune over in the field: shortBy 0 and candidates all the same', async () => {
      const body = await candidates('mt-e-phuong');
      expect(body.commune).toMatchObject({ unitId: 'mt-e-phuong', quota: 1, present: 2, shortBy: 0 });
      expect(body.candidates.map((c) => c.officialId)).toEqual(['mt-e-t1', 'mt-e-t2', 'mt-e-s1']);
    });

    it('every reading role may read; officials and commune leaders may not (403)', async () => {
      for (const user of READERS) await api.as(user).get(candidatesPath('mt-e-xa')).expect(200);
      for (const user of NOT_READERS) expectProblem(await api.as(user).get(candidatesPath('mt-e-xa')), 403, 'forbidden', { rule: 'not_authorised' });
    });

    it('404 for an unknown commune; 400 for a department, an unknown or missing field, a limit out of range', async () => {
      expectProblem(await api.as('snv.thamdinh').get(candidatesPath('mt-e-khong-co')), 404, 'not-found');
      expectProblem(await api.as('snv.thamdinh').get(candidatesPath('so-tai-chinh')), 400, 'validation-failed', { rule: 'receivingUnit', field: 'unitId' });
      expectProblem(await api.as('snv.thamdinh').get(candidatesPath('mt-e-xa', 'fieldId=khong-co')), 400, 'validation-failed', { rule: 'knownField', field: 'fieldId' });
      expectProblem(await api.as('snv.thamdinh').get(candidatesPath('mt-e-xa', '')), 400, 'validation-failed', { field: 'fieldId' });
      expectProblem(await api.as('snv.thamdinh').get(candidatesPath('mt-e-xa', 'fieldId=Bad_Field')), 400, 'validation-failed', { field: 'fieldId' });
      for (const limit of ['0', '51', 'mot']) {
        expectProblem(await api.as('snv.thamdinh').get(candidatesPath('mt-e-xa', `fieldId=${C}&limit=${limit}`)), 400, 'validation-failed', { field: 'limit' });
      }
    });
  });

  describe('GET /gap/redistribution', () => {
    it('pairs the communes over in a field with those short in it, naming who could move', async () => {
      const { body } = await api.as('snv.thamdinh').get(`/gap/redistribution?fieldId=${C}`).expect(200);
      expect(body).toEqual([
        {
          fieldId: C,
          from: { unitId: 'mt-e-phuong', name: 'Phường Thử E', over: 1 },
          to: { unitId: 'mt-e-xa', name: 'Xã Thử E', short: 2 },
          officials: [{ officialId: 'mt-e-p1', name: 'Công chức mt-e-p1' }],
        },
      ]);
      const [read] = await sql(`SELECT read_by AS "readBy", purpose FROM secondment.personal_data_read WHERE official_id = 'mt-e-p1' ORDER BY id DESC LIMIT 1`);
      expect(read).toEqual({ readBy: 'snv.thamdinh', purpose: 'redistribution from mt-e-phuong to mt-e-xa' });
    });

    it('every field when none is given', async () => {
      const { body } = await api.as('thanhtra').get('/gap/redistribution').expect(200);
      expect(body).toEqual(expect.arrayContaining([expect.objectContaining({ fieldId: C, officials: [{ officialId: 'mt-e-p1', name: 'Công chức mt-e-p1' }] })]));
    });

    it('403 for officials and commune leaders; 400 for an unknown field', async () => {
      for (const user of NOT_READERS) expectProblem(await api.as(user).get('/gap/redistribution'), 403, 'forbidden', { rule: 'not_authorised' });
      expectProblem(await api.as('snv.thamdinh').get('/gap/redistribution?fieldId=khong-co'), 400, 'validation-failed', { rule: 'knownField', field: 'fieldId' });
    });
  });

  describe('POST /gap/communes/:unitId/candidates/:officialId/nominate', () => {
    const nominatePath = (unitId: string, officialId: string) => `/gap/communes/${unitId}/candidates/${officialId}/nominate`;

    it('the HR officer of the official’s department nominates a suggestion in one call; a retry with the same key replays it; the official is no longer a candidate', async () => {
      const response = await api.as('hr.taichinh').post(nominatePath('mt-e-xa', 'mt-e-t1')).set('Idempotency-Key', 'mt-e-nominate-t1').send({}).expect(201);
      expect(response.body).toMatchObject({
        form: 'secondment',
        stage: 'department_review',
        officialId: 'mt-e-t1',
        sendingUnitId: 'so-tai-chinh',
        receivingUnitId: 'mt-e-xa',
        position: 'Công nghệ thông tin – Xã Thử E',
        proposerId: 'hr.taichinh',
        state: {
          plannedStart: vnDay(30),
          term: { months: 36, days: 0 },
          reason: 'Xã Thử E thiếu 2 công chức lĩnh vực Công nghệ thông tin (đề xuất từ gợi ý ghép nối)',
        },
      });
      const caseId = response.body.caseId as string;

      const retry = await api.as('hr.taichinh').post(nominatePath('mt-e-xa', 'mt-e-t1')).set('Idempotency-Key', 'mt-e-nominate-t1').send({}).expect(201);
      expect(retry.headers['idempotent-replayed']).toBe('true');
      expect(retry.body.caseId).toBe(caseId);
      expect(await sql(`SELECT case_id FROM secondment.case_summary WHERE official_id = 'mt-e-t1'`)).toEqual([{ case_id: caseId }]);
      expect(await sql(`SELECT case_id FROM secondment.case_reservation WHERE official_id = 'mt-e-t1' AND released_at IS NULL`)).toEqual([{ case_id: caseId }]);

      const after = await candidates();
      expect(after.candidates.map((c) => c.officialId)).toEqual(['mt-e-t2', 'mt-e-s1']);
      // The nomination counts against Sở Tài chính's share from now on.
      expect(after.candidates[0].reasons[0].text.en).toContain('(1 of ');
    });

    it('Home Affairs nominates from another department, with its own start, term, position and reason', async () => {
      const body = { plannedStart: vnDay(45), term: { months: 12 }, position: 'Chuyên viên công nghệ thông tin', reason: 'Theo kế hoạch chuyển đổi số của xã' };
      const response = await api.as('snv.thamdinh').post(nominatePath('mt-e-xa', 'mt-e-s1')).send(body).expect(201);
      expect(response.body).toMatchObject({
        officialId: 'mt-e-s1',
        sendingUnitId: 'mt-e-so',
        receivingUnitId: 'mt-e-xa',
        position: 'Chuyên viên công nghệ thông tin',
        proposerId: 'snv.thamdinh',
        state: { plannedStart: vnDay(45), term: { months: 12, days: 0 }, reason: 'Theo kế hoạch chuyển đổi số của xã' },
      });
      expect((await candidates()).candidates.map((c) => c.officialId)).toEqual(['mt-e-t2']);
    });

    it('a commune official from the redistribution view: sent from the commune', async () => {
      const response = await api.as('snv.thamdinh').post(nominatePath('mt-e-xa', 'mt-e-p1')).send({}).expect(201);
      expect(response.body).toMatchObject({ officialId: 'mt-e-p1', sendingUnitId: 'mt-e-phuong', receivingUnitId: 'mt-e-xa', position: 'Công nghệ thông tin – Xã Thử E' });
      const { body } = await api.as('snv.thamdinh').get(`/gap/redistribution?fieldId=${C}`).expect(200);
      // mt-e-p1 is on a case now; mt-e-p2 would do, but Phường Thử E's share (1 of 20) is spent.
      expect(body).toEqual([]);
    });

    it('refusals come from the cases service: a protected public employee is refused (422, protected_parent)', async () => {
      const response = await api.as('snv.thamdinh').post(nominatePath('mt-e-xa', 'mt-e-t3')).send({});
      expectProblem(response, 422, 'rule-violated', { rule: 'protected_parent' });
      expect(await sql(`SELECT 1 FROM secondment.case_summary WHERE official_id = 'mt-e-t3'`)).toEqual([]);
    });

    it('whoever may not nominate is refused (403): a department head, an official, a commune leader of another unit', async () => {
      for (const user of ['gd.taichinh', 'an.nguyenvan', 'ct.cubao']) {
        expectProblem(await api.as(user).post(nominatePath('mt-e-xa', 'mt-e-t2')).send({}), 403, 'forbidden');
      }
      expect(await sql(`SELECT 1 FROM secondment.case_summary WHERE official_id = 'mt-e-t2'`)).toEqual([]);
    });

    it('404 for an unknown commune or official; 400 for a department, an official with no field, an unknown body field', async () => {
      expectProblem(await api.as('snv.thamdinh').post(nominatePath('mt-e-khong-co', 'mt-e-t2')).send({}), 404, 'not-found');
      expectProblem(await api.as('snv.thamdinh').post(nominatePath('mt-e-xa', 'mt-e-khong-co')).send({}), 404, 'not-found');
      expectProblem(await api.as('snv.thamdinh').post(nominatePath('so-tai-chinh', 'mt-e-t2')).send({}), 400, 'validation-failed', { rule: 'receivingUnit', field: 'unitId' });
      expectProblem(await api.as('snv.thamdinh').post(nominatePath('mt-e-xa', 'mt-e-so-f1')).send({}), 400, 'validation-failed', { rule: 'hasField', field: 'officialId' });
      expectProblem(await api.as('snv.thamdinh').post(nominatePath('mt-e-xa', 'mt-e-t2')).send({ fieldId: C }), 400, 'validation-failed', { field: 'fieldId' });
      expectProblem(await api.as('snv.thamdinh').post(nominatePath('mt-e-xa', 'mt-e-t2')).send({ plannedStart: '04/01/2027' }), 400, 'validation-failed', { field: 'plannedStart' });
      expect(await sql(`SELECT 1 FROM secondment.case_summary WHERE official_id = 'mt-e-t2'`)).toEqual([]);
    });
  });
});
