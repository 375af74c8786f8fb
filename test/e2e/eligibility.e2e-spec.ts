import { ProvinceRulesRepository, withDataSource } from '@app/persistence';
import request from 'supertest';
import { expectProblem, login, NON_EMPTY, useApiStack, vnDay, vnToday } from '../support/api-client';
import { act, decisionBody, uploadDossier, walkCase } from '../support/case-walk';
import { eventAndCaseCounts, queryRows } from '../support/database';

/*
 * The eligibility rules that need the registry and the other cases, through the real HTTP API,
 * worker, PostgreSQL and Temporal dev server: judged when a nomination is made and again before the
 * decision, each refusal naming its rule and legal basis, the rules that span cases held under
 * concurrent nominations, and the protection of pregnant officials and parents of young children
 * kept as sensitive data whose every read is logged.
 *
 * Fixture (ids el-…, none in the demo province or the shared fixture pools), under province rules
 * published here: a department may have 10% of its staff away at once; a rotated leader needs 10
 * years of service left.
 *   el-so-a  20 officials el-a-01…20   share: 2 away at once      HR officer hr.elsoa
 *   el-so-b  20 officials el-b-01…20   concurrent nominations
 *   el-so-c 100 officials: el-c-001…088 and the 12 named ones below  HR officer hr.elsoc, head gd.elsoc
 *   el-xa-a  the receiving commune
 */

interface Violation {
  rule: string;
  legalBasis: string;
  overridable: boolean;
  messages: { vi: string; en: string };
}

describe('eligibility rules through the HTTP API', () => {
  const { stack, api } = useApiStack('eligibility');
  const sql = <T = Record<string, unknown>>(text: string, params: unknown[] = []) => queryRows<T>(stack.db.url, text, params);
  const as = (user: string) => api.as(user);

  /** Named officials of el-so-c, each with the facts one rule needs. */
  const C = {
    one: 'el-c-one', // one open case at a time
    same: 'el-c-same', // five nominations at once
    notInPlan: 'el-c-rot-noplan', // a leader outside the leadership plan
    old: 'el-c-rot-old', // a leader in the plan born 1970-06-01 (retires 2032-06-01)
    young: 'el-c-rot-young', // a leader in the plan born 1985-02-01
    civil: 'el-c-prot-cs', // a civil servant raising a child under 36 months
    employee: 'el-c-prot-pe', // a public employee, pregnant
    ended: 'el-c-prot-ended', // protected until before the planned start
    logged: 'el-c-prot-log', // whose read log is checked whole
    decided: 'el-c-dec', // protected after the nomination, before the decision
    decidedOverride: 'el-c-dec-ov', // nominated with a Home Affairs override, then decided
    staff: 'el-c-staff', // protection endpoints
  };

  beforeAll(async () => {
    await sql(
      `INSERT INTO secondment.org_unit (id, name, kind, category) VALUES
         ('el-so-a', 'Sở Thử nghiệm A', 'department', 'department'),
         ('el-so-b', 'Sở Thử nghiệm B', 'department', 'department'),
         ('el-so-c', 'Sở Thử nghiệm C', 'department', 'agency'),
         ('el-xa-a', 'Xã Thử nghiệm A', 'commune', 'commune')`,
    );
    const insert = (rows: [id: string, unit: string, employment: string, leader: boolean, plan: boolean, birth: string, gender: string][]) =>
      sql(
        `INSERT INTO secondment.official (id, full_name, title, unit_id, employment, is_leader, in_leadership_plan, birth_date, gender)
         SELECT id, 'Công chức ' || id, 'Chuyên viên', unit, emp, leader, plan, birth::date, gender
           FROM unnest($1::text[], $2::text[], $3::text[], $4::boolean[], $5::boolean[], $6::text[], $7::text[]) AS t(id, unit, emp, leader, plan, birth, gender)`,
        [0, 1, 2, 3, 4, 5, 6].map((i) => rows.map((row) => row[i])),
      );
    const plain = (prefix: string, unit: string, count: number, digits: number) =>
      Array.from({ length: count }, (_, i) => [`${prefix}${String(i + 1).padStart(digits, '0')}`, unit, 'civil_servant', false, false, '1988-04-12', i % 2 ? 'male' : 'female'] as [string, string, string, boolean, boolean, string, string]);
    await insert([
      ...plain('el-a-', 'el-so-a', 20, 2),
      ...plain('el-b-', 'el-so-b', 20, 2),
      ...plain('el-c-', 'el-so-c', 88, 3),
      [C.one, 'el-so-c', 'civil_servant', false, false, '1987-01-20', 'male'],
      [C.same, 'el-so-c', 'civil_servant', false, false, '1989-09-09', 'female'],
      [C.notInPlan, 'el-so-c', 'civil_servant', true, false, '1985-02-01', 'male'],
      [C.old, 'el-so-c', 'civil_servant', true, true, '1970-06-01', 'male'],
      [C.young, 'el-so-c', 'civil_servant', true, true, '1985-02-01', 'male'],
      [C.civil, 'el-so-c', 'civil_servant', false, false, '1992-03-03', 'female'],
      [C.employee, 'el-so-c', 'public_employee', false, false, '1993-07-07', 'female'],
      [C.ended, 'el-so-c', 'civil_servant', false, false, '1991-11-11', 'female'],
      [C.logged, 'el-so-c', 'civil_servant', false, false, '1990-10-10', 'female'],
      [C.decided, 'el-so-c', 'civil_servant', false, false, '1994-04-04', 'female'],
      [C.decidedOverride, 'el-so-c', 'civil_servant', false, false, '1995-05-05', 'female'],
      [C.staff, 'el-so-c', 'civil_servant', false, false, '1996-06-06', 'female'],
    ]);
    const [{ staff }] = await sql<{ staff: number }>(`SELECT count(*)::int AS staff FROM secondment.official WHERE unit_id = 'el-so-c'`);
    expect(staff).toBe(100);

    // Accounts of the fixture departments, with the demo password.
    for (const [id, name, role, unit] of [
      ['hr.elsoa', 'Cán bộ tổ chức Sở A', 'hr_officer', 'el-so-a'],
      ['hr.elsoc', 'Cán bộ tổ chức Sở C', 'hr_officer', 'el-so-c'],
      ['gd.elsoc', 'Giám đốc Sở C', 'department_head', 'el-so-c'],
    ]) {
      await sql(
        `INSERT INTO secondment.user_account (id, username, display_name, role, unit_id, password_hash)
         SELECT $1, $1, $2, $3, $4, password_hash FROM secondment.user_account WHERE id = 'hr.taichinh'`,
        [id, name, role, unit],
      );
      api.tokens[id] = await login(api.url, id);
    }

    await withDataSource(stack.db.url, async (dataSource) => {
      const repository = new ProvinceRulesRepository(dataSource);
      const current = await repository.current();
      await repository.publish({ ...current, eligibility: { departmentMaxSharePercent: 10, rotationMinServiceYears: 10 } }, 'snv.thamdinh', 'eligibility spec');
    });
  });

  /** A secondment to el-xa-a starting in 30 days; HR officers send from their own unit, Home Affairs names it. */
  function body(officialId: string, sendingUnitId: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
    return {
      form: 'secondment',
      officialId,
      sendingUnitId,
      receivingUnitId: 'el-xa-a',
      position: 'Công chức Tài chính – Kế toán',
      plannedStart: vnDay(30),
      reason: 'Xã thiếu công chức sau sắp xếp',
      ...extra,
    };
  }
  const nominate = (user: string, officialId: string, sendingUnitId: string, extra: Record<string, unknown> = {}) => as(user).post('/cases').send(body(officialId, sendingUnitId, extra));
  const nominated = async (user: string, officialId: string, sendingUnitId: string, extra: Record<string, unknown> = {}): Promise<string> => {
    const response = await nominate(user, officialId, sendingUnitId, extra);
    expect({ status: response.status, body: response.body }).toMatchObject({ status: 201, body: { stage: 'department_review' } });
    return response.body.caseId as string;
  };

  /** The 422 of a broken eligibility rule: the first rule and its basis, and every violation. */
  function expectRefused(response: request.Response, violations: { rule: string; overridable: boolean }[]): void {
    expectProblem(response, 422, 'rule-violated', { rule: violations[0].rule, legalBasis: NON_EMPTY });
    const listed = response.body.violations as Violation[];
    expect(listed.map(({ rule, overridable }) => ({ rule, overridable }))).toEqual(violations);
    for (const violation of listed) expect(violation).toEqual({ rule: violation.rule, overridable: violation.overridable, legalBasis: NON_EMPTY, messages: { vi: NON_EMPTY, en: NON_EMPTY } });
  }

  const reservations = (officialId: string) =>
    sql<{ case_id: string; confirmed: boolean; released: boolean }>(
      `SELECT case_id, confirmed_at IS NOT NULL AS confirmed, released_at IS NOT NULL AS released FROM secondment.case_reservation WHERE official_id = $1 ORDER BY reserved_at`,
      [officialId],
    );
  const reads = (officialId: string) =>
    sql<{ read_by: string; purpose: string }>(`SELECT read_by, purpose FROM secondment.personal_data_read WHERE official_id = $1 ORDER BY id`, [officialId]);
  const proposedEvent = async (caseId: string) =>
    (await sql<{ payload: Record<string, unknown> }>(`SELECT payload FROM secondment.domain_event WHERE case_id = $1 AND type = 'CaseProposed'`, [caseId]))[0]?.payload;

  const protectionPath = (officialId: string) => `/api/v1/registry/officials/${officialId}/protection`;
  const putProtection = (user: string, officialId: string, payload: object) =>
    request(api.url).put(protectionPath(officialId)).set('Authorization', `Bearer ${api.tokens[user]}`).send(payload);
  const protect = async (officialId: string, protectedUntil: string, kind = 'child_under_36_months') => {
    await putProtection('snv.thamdinh', officialId, { kind, protectedUntil }).expect(204);
  };

  describe('one active case per official', () => {
    it('refuses a second nomination of an official with an open case; once that case is withdrawn, a new nomination passes', async () => {
      const first = await nominated('hr.elsoc', C.one, 'el-so-c');
      expect(await reservations(C.one)).toEqual([{ case_id: first, confirmed: true, released: false }]);

      const before = await eventAndCaseCounts(stack.db.url);
      const second = await nominate('snv.thamdinh', C.one, 'el-so-c');
      expectRefused(second, [{ rule: 'one_active_case', overridable: false }]);
      expect(second.body.messages.en).toContain(first);
      // Nothing of the refused nomination stands.
      expect(await eventAndCaseCounts(stack.db.url)).toEqual(before);
      expect(await reservations(C.one)).toEqual([{ case_id: first, confirmed: true, released: false }]);

      await act(api, 'hr.elsoc', first, 'withdraw', { reason: 'Đề cử người khác phù hợp hơn' });
      expect(await reservations(C.one)).toEqual([{ case_id: first, confirmed: true, released: true }]);
      const third = await nominated('snv.thamdinh', C.one, 'el-so-c');
      expect(await reservations(C.one)).toEqual([
        { case_id: first, confirmed: true, released: true },
        { case_id: third, confirmed: true, released: false },
      ]);
    });

    it('five nominations of the same official at once: exactly one is made, the others refused with one_active_case', async () => {
      const before = await eventAndCaseCounts(stack.db.url);
      const users = ['snv.thamdinh', 'hr.elsoc', 'snv.thamdinh', 'hr.elsoc', 'snv.thamdinh'];
      const responses = await Promise.all(users.map((user) => nominate(user, C.same, 'el-so-c')));
      const made = responses.filter((r) => r.status === 201);
      expect(made).toHaveLength(1);
      const maker = users[responses.indexOf(made[0])];
      for (const refused of responses.filter((r) => r.status !== 201)) expectRefused(refused, [{ rule: 'one_active_case', overridable: false }]);
      expect(await reservations(C.same)).toEqual([{ case_id: made[0].body.caseId, confirmed: true, released: false }]);
      const after = await eventAndCaseCounts(stack.db.url);
      expect(after.cases).toBe(before.cases + 1);
      // The nomination made read the official's protection to judge it, and logged that.
      expect(await reads(C.same)).toContainEqual({ read_by: maker, purpose: `eligibility check before the nomination of case ${made[0].body.caseId}` });
    });
  });

  describe("the department's share (10% of el-so-a's 20: 2 away at once)", () => {
    const override = { rule: 'department_share', reason: 'Xã đặc biệt khó khăn, UBND tỉnh chỉ đạo cử ngay' };

    it('passes the nominations within the share and refuses the one over it (overridable); an HR officer may not override; Home Affairs may, and the override is recorded', async () => {
      await nominated('hr.elsoa', 'el-a-01', 'el-so-a');
      await nominated('hr.elsoa', 'el-a-02', 'el-so-a');

      const before = await eventAndCaseCounts(stack.db.url);
      const over = await nominate('hr.elsoa', 'el-a-03', 'el-so-a');
      expectRefused(over, [{ rule: 'department_share', overridable: true }]);
      expect(over.body.messages.en).toContain('3 of 20');
      expect(await reservations('el-a-03')).toEqual([]);
      expect(await eventAndCaseCounts(stack.db.url)).toEqual(before);

      const byHr = await nominate('hr.elsoa', 'el-a-03', 'el-so-a', { eligibilityOverrides: [override] });
      expectProblem(byHr, 403, 'forbidden', { rule: 'not_authorised' });
      expect(await reservations('el-a-03')).toEqual([]);
      expect(await eventAndCaseCounts(stack.db.url)).toEqual(before);

      // Home Affairs, without the override, is refused the same way.
      expectRefused(await nominate('snv.thamdinh', 'el-a-03', 'el-so-a'), [{ rule: 'department_share', overridable: true }]);

      const caseId = await nominated('snv.thamdinh', 'el-a-03', 'el-so-a', { eligibilityOverrides: [override] });
      expect(await proposedEvent(caseId)).toMatchObject({ eligibilityOverrides: [override] });
      expect(await reservations('el-a-03')).toEqual([{ case_id: caseId, confirmed: true, released: false }]);
      expect(await reads('el-a-03')).toContainEqual({ read_by: 'snv.thamdinh', purpose: `eligibility check before the nomination of case ${caseId}` });
      const [open] = await sql<{ open: number }>(`SELECT count(*)::int AS open FROM secondment.case_reservation WHERE sending_unit_id = 'el-so-a' AND released_at IS NULL`);
      expect(open.open).toBe(3);
    });

    it('an override of a rule the nomination does not break is refused for an HR officer too', async () => {
      const byHr = await nominate('hr.elsoa', 'el-a-04', 'el-so-a', { eligibilityOverrides: [{ rule: 'protected_parent', reason: 'Không cần' }] });
      expectProblem(byHr, 403, 'forbidden', { rule: 'not_authorised' });
    });

    it('six nominations of distinct officials at once from el-so-b: exactly two are made, the others refused with department_share', async () => {
      const before = await eventAndCaseCounts(stack.db.url);
      const officials = ['el-b-01', 'el-b-02', 'el-b-03', 'el-b-04', 'el-b-05', 'el-b-06'];
      const responses = await Promise.all(officials.map((officialId) => nominate('snv.thamdinh', officialId, 'el-so-b')));
      const made = responses.filter((r) => r.status === 201);
      expect(made).toHaveLength(2);
      for (const refused of responses.filter((r) => r.status !== 201)) expectRefused(refused, [{ rule: 'department_share', overridable: true }]);

      const held = await sql<{ case_id: string }>(`SELECT case_id FROM secondment.case_reservation WHERE sending_unit_id = 'el-so-b' AND released_at IS NULL AND confirmed_at IS NOT NULL`);
      expect(held.map((r) => r.case_id).sort()).toEqual(made.map((r) => r.body.caseId as string).sort());
      const [{ rows }] = await sql<{ rows: number }>(`SELECT count(*)::int AS rows FROM secondment.case_reservation WHERE sending_unit_id = 'el-so-b'`);
      expect(rows).toBe(2);
      expect((await eventAndCaseCounts(stack.db.url)).cases).toBe(before.cases + 2);
      for (const response of made) {
        expect(await reads(officials[responses.indexOf(response)])).toEqual([{ read_by: 'snv.thamdinh', purpose: `eligibility check before the nomination of case ${response.body.caseId}` }]);
      }
    });
  });

  describe('rotation', () => {
    const rotation = { form: 'rotation', position: 'Phó Chủ tịch UBND xã' };

    it('refuses an official outside the leadership plan (rotation_leadership_plan), leaving nothing behind', async () => {
      const before = await eventAndCaseCounts(stack.db.url);
      expectRefused(await nominate('hr.elsoc', C.notInPlan, 'el-so-c', rotation), [{ rule: 'rotation_leadership_plan', overridable: false }]);
      expect(await reservations(C.notInPlan)).toEqual([]);
      expect(await eventAndCaseCounts(stack.db.url)).toEqual(before);
    });

    it('refuses a leader in the plan who retires within 10 years (born 1970: retires 2032-06-01), not even with an override', async () => {
      const refused = await nominate('hr.elsoc', C.old, 'el-so-c', rotation);
      expectRefused(refused, [{ rule: 'rotation_service_years', overridable: false }]);
      expect(refused.body.messages.en).toContain('2032-06-01');
      const overridden = await nominate('snv.thamdinh', C.old, 'el-so-c', { ...rotation, eligibilityOverrides: [{ rule: 'department_share', reason: 'Thử' }] });
      expectRefused(overridden, [{ rule: 'rotation_service_years', overridable: false }]);
      expect(await reservations(C.old)).toEqual([]);
    });

    it('passes a leader in the plan with the years left (born 1985)', async () => {
      const caseId = await nominated('hr.elsoc', C.young, 'el-so-c', rotation);
      expect(await reservations(C.young)).toEqual([{ case_id: caseId, confirmed: true, released: false }]);
    });

    it('the same officials may be seconded (the rotation rules are for rotation only)', async () => {
      await nominated('hr.elsoc', C.notInPlan, 'el-so-c');
    });
  });

  describe('pregnancy, or a child under 36 months', () => {
    const override = { rule: 'protected_parent', reason: 'Công chức tự nguyện, có đơn đề nghị; Sở Nội vụ chấp thuận' };

    it('passes an official whose protection ends before the planned start', async () => {
      await protect(C.ended, vnDay(10));
      await nominated('hr.elsoc', C.ended, 'el-so-c');
    });

    it('refuses a protected civil servant, overridably; an HR officer may not override; Home Affairs may, and the override is recorded', async () => {
      await protect(C.civil, vnDay(365));
      const before = await eventAndCaseCounts(stack.db.url);
      expectRefused(await nominate('hr.elsoc', C.civil, 'el-so-c'), [{ rule: 'protected_parent', overridable: true }]);
      expectProblem(await nominate('hr.elsoc', C.civil, 'el-so-c', { eligibilityOverrides: [override] }), 403, 'forbidden', { rule: 'not_authorised' });
      expect(await reservations(C.civil)).toEqual([]);
      expect(await eventAndCaseCounts(stack.db.url)).toEqual(before);

      const caseId = await nominated('snv.thamdinh', C.civil, 'el-so-c', { eligibilityOverrides: [override] });
      expect(await proposedEvent(caseId)).toMatchObject({ eligibilityOverrides: [override] });
    });

    it('refuses a protected public employee, and Home Affairs may not override it', async () => {
      await protect(C.employee, vnDay(200), 'pregnancy');
      const before = await eventAndCaseCounts(stack.db.url);
      expectRefused(await nominate('hr.elsoc', C.employee, 'el-so-c'), [{ rule: 'protected_parent', overridable: false }]);
      expectRefused(await nominate('snv.thamdinh', C.employee, 'el-so-c', { eligibilityOverrides: [override] }), [{ rule: 'protected_parent', overridable: false }]);
      expect(await reservations(C.employee)).toEqual([]);
      expect(await eventAndCaseCounts(stack.db.url)).toEqual(before);
    });

    it('logs the reads: the eligibility check of a nomination (who, for which case) and each read through the API (who, why)', async () => {
      await protect(C.logged, vnDay(365));
      const caseId = await nominated('snv.thamdinh', C.logged, 'el-so-c', { eligibilityOverrides: [override] });
      const purpose = `Thẩm định hồ sơ ${caseId}`;
      const read = await as('snv.quyetdinh').get(`/registry/officials/${C.logged}/protection`).query({ purpose }).expect(200);
      expect(read.body).toEqual({ kind: 'child_under_36_months', protectedUntil: vnDay(365), recordedBy: 'snv.thamdinh', recordedAt: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/) });

      expect(await reads(C.logged)).toEqual([
        { read_by: 'snv.thamdinh', purpose: `eligibility check before the nomination of case ${caseId}` },
        { read_by: 'snv.quyetdinh', purpose },
      ]);
      // The log, newest first, to Home Affairs and the auditor.
      for (const user of ['snv.thamdinh', 'thanhtra']) {
        const log = await as(user).get(`/registry/officials/${C.logged}/protection/reads`).expect(200);
        expect(log.body).toEqual([
          { readBy: 'snv.quyetdinh', purpose, readAt: expect.any(String) },
          { readBy: 'snv.thamdinh', purpose: `eligibility check before the nomination of case ${caseId}`, readAt: expect.any(String) },
        ]);
      }
    });
  });

  describe('judged again before the decision', () => {
    const decide = (caseId: string, attachments: { kind: string; documentId: string; name: string }[]) =>
      as('snv.quyetdinh')
        .post(`/cases/${caseId}/issue-decision`)
        .send(decisionBody({ decisionDate: vnToday(), effectiveDate: vnDay(30), attachments }));

    it('refuses the decision once the official is protected (nothing recorded), and issues it once the protection is removed', async () => {
      const caseId = await nominated('hr.elsoc', C.decided, 'el-so-c');
      await walkCase(api, caseId, 'awaiting_decision', { head: 'gd.elsoc' });
      const { attachments } = await uploadDossier(as('hr.elsoc'), caseId);
      await protect(C.decided, vnDay(365));

      const before = await eventAndCaseCounts(stack.db.url);
      const readsBefore = (await reads(C.decided)).length;
      const refused = await decide(caseId, attachments);
      expectRefused(refused, [{ rule: 'protected_parent', overridable: true }]);
      expect(await eventAndCaseCounts(stack.db.url)).toEqual(before);
      expect((await as('snv.quyetdinh').get(`/cases/${caseId}`).expect(200)).body.stage).toBe('awaiting_decision');
      const logged = await reads(C.decided);
      expect(logged).toHaveLength(readsBefore + 1);
      expect(logged[logged.length - 1]).toEqual({ read_by: 'snv.quyetdinh', purpose: `eligibility check before the decision of case ${caseId}` });

      // The batch route judges the same.
      const batch = await as('snv.quyetdinh')
        .post('/batch/issue-decision')
        .send({ ...decisionBody({ decisionNumber: '77/QĐ-UBND', decisionDate: vnToday(), effectiveDate: vnDay(30), attachments }), caseIds: [caseId] });
      expectProblem(batch, 422, 'batch-refused');
      expect(batch.body.results).toEqual([expect.objectContaining({ caseId, status: 'refused', problem: expect.objectContaining({ type: '/problems/rule-violated', rule: 'protected_parent' }) })]);
      expect(await eventAndCaseCounts(stack.db.url)).toEqual(before);

      await as('snv.thamdinh').delete(`/registry/officials/${C.decided}/protection`).expect(204);
      const issued = await decide(caseId, attachments);
      expect({ status: issued.status, stage: issued.body.stage }).toEqual({ status: 200, stage: 'decision_issued' });
    });

    it('an override recorded at the nomination still holds at the decision', async () => {
      await protect(C.decidedOverride, vnDay(365));
      const caseId = await nominated('snv.thamdinh', C.decidedOverride, 'el-so-c', { eligibilityOverrides: [{ rule: 'protected_parent', reason: 'Có đơn tự nguyện của công chức' }] });
      await walkCase(api, caseId, 'awaiting_decision', { head: 'gd.elsoc', appraiser: 'gd.noivu' });
      const { attachments } = await uploadDossier(as('hr.elsoc'), caseId);
      const issued = await decide(caseId, attachments);
      expect({ status: issued.status, stage: issued.body.stage }).toEqual({ status: 200, stage: 'decision_issued' });
    });
  });

  describe('the protection endpoints', () => {
    const path = `/registry/officials/${C.staff}/protection`;

    it('records, reads (with a purpose), replaces and removes a protection; Home Affairs only', async () => {
      await as('snv.thamdinh').get(path).query({ purpose: 'Kiểm tra trước khi ghi' }).expect(404);
      await putProtection('snv.thamdinh', C.staff, { kind: 'pregnancy', protectedUntil: vnDay(100) }).expect(204);
      expect((await as('gd.noivu').get(path).query({ purpose: 'Thẩm định' }).expect(200)).body).toMatchObject({ kind: 'pregnancy', protectedUntil: vnDay(100), recordedBy: 'snv.thamdinh' });

      await putProtection('gd.noivu', C.staff, { kind: 'child_under_36_months', protectedUntil: vnDay(900) }).expect(204);
      expect((await as('snv.thamdinh').get(path).query({ purpose: 'Thẩm định lại' }).expect(200)).body).toMatchObject({ kind: 'child_under_36_months', protectedUntil: vnDay(900), recordedBy: 'gd.noivu' });

      await as('snv.thamdinh').delete(path).expect(204);
      expectProblem(await as('snv.thamdinh').delete(path), 404, 'not-found');
      expectProblem(await as('snv.thamdinh').get(path).query({ purpose: 'Kiểm tra sau khi xoá' }), 404, 'not-found');
      // Every read was logged, those that found nothing too.
      expect((await reads(C.staff)).map((r) => r.purpose)).toEqual(['Kiểm tra trước khi ghi', 'Thẩm định', 'Thẩm định lại', 'Kiểm tra sau khi xoá']);
    });

    it('refuses other roles with 403 not_authorised; the read log is open to the auditor too', async () => {
      for (const user of ['hr.elsoc', 'gd.elsoc', 'thanhtra', 'vp.tinhuy', 'ct.cubao']) {
        expectProblem(await putProtection(user, C.staff, { kind: 'pregnancy', protectedUntil: vnDay(100) }), 403, 'forbidden', { rule: 'not_authorised' });
        expectProblem(await as(user).get(path).query({ purpose: 'Tò mò' }), 403, 'forbidden', { rule: 'not_authorised' });
        expectProblem(await as(user).delete(path), 403, 'forbidden', { rule: 'not_authorised' });
      }
      for (const user of ['hr.elsoc', 'gd.elsoc', 'vp.tinhuy', 'an.nguyenvan']) {
        expectProblem(await as(user).get(`${path}/reads`), 403, 'forbidden', { rule: 'not_authorised' });
      }
      await as('thanhtra').get(`${path}/reads`).expect(200);
      // No refused request read or wrote anything.
      const [{ count }] = await sql<{ count: number }>(`SELECT count(*)::int AS count FROM secondment.official_protection WHERE official_id = $1`, [C.staff]);
      expect(count).toBe(0);
      expect((await reads(C.staff)).map((r) => r.read_by)).not.toContain('hr.elsoc');
    });

    it('refuses a bad body or a read without a purpose with 400 naming the fields', async () => {
      const bad = await putProtection('snv.thamdinh', C.staff, { kind: 'illness', protectedUntil: '2026-02-30', note: 'x' });
      expectProblem(bad, 400, 'validation-failed');
      const fields = (bad.body.errors as { field: string; rule: string }[]).map((e) => `${e.field}:${e.rule}`);
      expect(fields).toEqual(expect.arrayContaining(['kind:isIn', 'protectedUntil:localDate', 'note:unknown-field']));

      const missing = await putProtection('snv.thamdinh', C.staff, {});
      expectProblem(missing, 400, 'validation-failed');
      expect((missing.body.errors as { field: string }[]).map((e) => e.field)).toEqual(expect.arrayContaining(['kind', 'protectedUntil']));

      for (const query of [{}, { purpose: '' }, { purpose: '   ' }, { purpose: 'x'.repeat(201) }]) {
        const response = await as('snv.thamdinh').get(path).query(query);
        expectProblem(response, 400, 'validation-failed', { field: 'purpose' });
      }
      expect(await reads(C.staff)).not.toContainEqual(expect.objectContaining({ purpose: '' }));
    });

    it('answers 404 for an unknown official', async () => {
      const unknown = '/registry/officials/el-nobody/protection';
      expectProblem(await putProtection('snv.thamdinh', 'el-nobody', { kind: 'pregnancy', protectedUntil: vnDay(100) }), 404, 'not-found');
      expectProblem(await as('snv.thamdinh').get(unknown).query({ purpose: 'Kiểm tra' }), 404, 'not-found');
      expectProblem(await as('snv.thamdinh').delete(unknown), 404, 'not-found');
      expectProblem(await as('thanhtra').get(`${unknown}/reads`), 404, 'not-found');
    });
  });


  describe('the read log of refused nominations ', () => {
    it('a refused nomination logs its eligibility check too (the refusal tells the caller about the protection)', async () => {
      const nominationCheck = /^eligibility check before the nomination of case HS-/;
      const official = 'el-c-010';
      await protect(official, vnDay(365));
      expectRefused(await nominate('hr.elsoc', official, 'el-so-c'), [{ rule: 'protected_parent', overridable: true }]);
      expect(await reads(official)).toEqual([{ read_by: 'hr.elsoc', purpose: expect.stringMatching(nominationCheck) }]);
      expect(await reservations(official)).toEqual([]);
      // Refused by the share, the one-case rule, the rotation rules: each check logged.
      expectRefused(await nominate('snv.thamdinh', 'el-a-05', 'el-so-a'), [{ rule: 'department_share', overridable: true }]);
      expect(await reads('el-a-05')).toEqual([{ read_by: 'snv.thamdinh', purpose: expect.stringMatching(nominationCheck) }]);
      expectRefused(await nominate('hr.elsoc', C.same, 'el-so-c'), [{ rule: 'one_active_case', overridable: false }]);
      expect(await reads(C.same)).toHaveLength(6);
      expect(await reads(C.old)).toHaveLength(2);
      expect(await reads('el-b-03')).toHaveLength(1);
    });
  });
});
