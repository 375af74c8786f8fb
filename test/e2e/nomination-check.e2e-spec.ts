import { ProvinceRulesRepository, withDataSource } from '@app/persistence';
import request from 'supertest';
import { expectProblem, login, NON_EMPTY, useApiStack, vnDay } from '../support/api-client';
import { queryRows } from '../support/database';
import { nextOfficial } from '../support/fixture-officials';

/*
 * The checks before nominating (POST /cases/check, POST /batch/nominations/check), through the real
 * HTTP API, worker, PostgreSQL and Temporal dev server: they answer what POST /cases and POST
 * /batch/nominations would answer, rule for rule, and change nothing.
 *
 * Fixture (ids nc-…): under province rules published here, a department may have 10% of its staff
 * away at once and a rotated leader needs 10 years of service left.
 *   nc-so-a   20 officials nc-a-01…20 (share: 2 away at once); HR officer hr.ncsoa, who is nc-a-20
 *   so-tai-chinh (the demo department, 150+ officials) gets the officials one rule each needs:
 *     nc-rot-noplan  a leader outside the leadership plan
 *     nc-rot-old     a leader in the plan born 1970-06-01 (retires 2032-06-01)
 *     nc-prot-cs     a civil servant raising a child under 36 months (overridable)
 *     nc-prot-pe     a public employee, pregnant (not overridable)
 */

interface Problem {
  type: string;
  status: number;
  rule: string;
  field?: string;
  messages: { vi: string; en: string };
  legalBasis?: string;
  overridable: boolean;
}

interface Footprint {
  events: number;
  cases: number;
  reservations: number;
  idempotency: number;
  notifications: number;
  moves: number;
}

describe('checks before nominating: POST /cases/check and POST /batch/nominations/check', () => {
  const { stack, api } = useApiStack('nomination-check');
  const sql = <T = Record<string, unknown>>(text: string, params: unknown[] = []) => queryRows<T>(stack.db.url, text, params);
  const as = (user: string) => api.as(user);

  beforeAll(async () => {
    await sql(`INSERT INTO secondment.org_unit (id, name, kind, category) VALUES ('nc-so-a', 'Sở Thử nghiệm Kiểm tra', 'department', 'department')`);
    const official = (id: string, unit: string, employment = 'civil_servant', leader = false, plan = false, birth = '1988-04-12', gender = 'female') =>
      sql(
        `INSERT INTO secondment.official (id, full_name, title, unit_id, employment, is_leader, in_leadership_plan, birth_date, gender)
         VALUES ($1, 'Công chức ' || $1, 'Chuyên viên', $2, $3, $4, $5, $6::date, $7)`,
        [id, unit, employment, leader, plan, birth, gender],
      );
    for (let i = 1; i <= 20; i += 1) await official(`nc-a-${String(i).padStart(2, '0')}`, 'nc-so-a');
    await official('nc-rot-noplan', 'so-tai-chinh', 'civil_servant', true, false, '1985-02-01', 'male');
    await official('nc-rot-old', 'so-tai-chinh', 'civil_servant', true, true, '1970-06-01', 'male');
    await official('nc-prot-cs', 'so-tai-chinh', 'civil_servant', false, false, '1992-03-03', 'female');
    await official('nc-prot-pe', 'so-tai-chinh', 'public_employee', false, false, '1993-07-07', 'female');
    for (const id of ['nc-prot-cs', 'nc-prot-pe']) {
      await sql(`INSERT INTO secondment.official_protection (official_id, kind, protected_until, recorded_by) VALUES ($1, 'pregnancy', $2::date, 'snv.thamdinh')`, [id, vnDay(400)]);
    }
    await sql(
      `INSERT INTO secondment.user_account (id, username, display_name, role, unit_id, person_id, password_hash)
       SELECT 'hr.ncsoa', 'hr.ncsoa', 'Cán bộ tổ chức Sở Kiểm tra', 'hr_officer', 'nc-so-a', 'nc-a-20', password_hash FROM secondment.user_account WHERE id = 'hr.taichinh'`,
    );
    api.tokens['hr.ncsoa'] = await login(api.url, 'hr.ncsoa');
    await withDataSource(stack.db.url, async (dataSource) => {
      const repository = new ProvinceRulesRepository(dataSource);
      const { version: _version, ...current } = await repository.current();
      await repository.publish({ ...current, eligibility: { departmentMaxSharePercent: 10, rotationMinServiceYears: 10 } }, 'snv.thamdinh', 'nomination check spec');
    });
  });

  /** A secondment to Xã Cư Bao starting in 30 days, sent by `sendingUnitId`. */
  function body(officialId: string, extra: Record<string, unknown> = {}, sendingUnitId = 'so-tai-chinh'): Record<string, unknown> {
    return {
      form: 'secondment',
      officialId,
      sendingUnitId,
      receivingUnitId: 'xa-cu-bao',
      position: 'Công chức Tài chính – Kế toán',
      plannedStart: vnDay(30),
      reason: 'Xã thiếu công chức tài chính – kế toán sau sắp xếp',
      ...extra,
    };
  }

  /** Everything a nomination writes. */
  const footprint = async (): Promise<Footprint> =>
    (
      await sql<Footprint>(
        `SELECT (SELECT count(*)::int FROM secondment.domain_event) AS events,
                (SELECT count(*)::int FROM secondment.case_summary) AS cases,
                (SELECT count(*)::int FROM secondment.case_reservation) AS reservations,
                (SELECT count(*)::int FROM secondment.idempotency_record) AS idempotency,
                (SELECT count(*)::int FROM secondment.notification) AS notifications,
                (SELECT count(*)::int FROM secondment.official_move) AS moves`,
      )
    )[0];

  /** A request that must leave every table a nomination writes as it was. */
  async function unchanged(send: () => Promise<request.Response>): Promise<request.Response> {
    const before = await footprint();
    const response = await send();
    expect(await footprint()).toEqual(before);
    return response;
  }

  const check = (user: string, nomination: Record<string, unknown>) => unchanged(() => as(user).post('/cases/check').send(nomination));
  const checkBatch = (user: string, nominations: Record<string, unknown>[]) => unchanged(() => as(user).post('/batch/nominations/check').send({ nominations }));
  /** POST /cases that must be refused, and leave nothing behind. */
  const refusedNomination = async (user: string, nomination: Record<string, unknown>) => {
    const response = await unchanged(() => as(user).post('/cases').send(nomination));
    expect(response.status).toBeGreaterThanOrEqual(400);
    return response;
  };
  const nominated = async (user: string, nomination: Record<string, unknown>): Promise<string> => {
    const response = await as(user).post('/cases').send(nomination);
    expect({ status: response.status, stage: response.body.stage }).toEqual({ status: 201, stage: 'department_review' });
    return response.body.caseId as string;
  };

  /** What a refusal of POST /cases says, as the check lists it: one entry per eligibility violation, else one. */
  function asProblems(refusal: request.Response): Omit<Problem, 'overridable'>[] {
    const base = { type: refusal.body.type as string, status: refusal.status };
    const violations = refusal.body.violations as { rule: string; legalBasis: string; messages: Problem['messages'] }[] | undefined;
    if (violations) return violations.map((v) => ({ ...base, rule: v.rule, legalBasis: v.legalBasis, messages: v.messages }));
    const body = refusal.body as { rule?: string; field?: string; legalBasis?: string; messages: Problem['messages']; errors?: { rule: string }[] };
    return [
      {
        ...base,
        rule: body.rule ?? body.errors?.[0]?.rule ?? '',
        ...(body.field ? { field: body.field } : {}),
        ...(body.legalBasis ? { legalBasis: body.legalBasis } : {}),
        messages: body.messages,
      },
    ];
  }

  /** The check answers 200, not ok, with every problem of the refusal among its own (same rule, field, status, type, messages, legal basis). */
  function expectReported(checked: request.Response, refusal: request.Response): Problem[] {
    expect(checked.status).toBe(200);
    expect(checked.body.ok).toBe(false);
    const problems = checked.body.problems as Problem[];
    for (const expected of asProblems(refusal)) expect(problems).toContainEqual(expect.objectContaining(expected));
    for (const problem of problems) expect(problem).toMatchObject({ type: expect.stringMatching(/^\/problems\//), status: expect.any(Number), rule: NON_EMPTY, messages: { vi: NON_EMPTY, en: NON_EMPTY }, overridable: expect.any(Boolean) });
    return problems;
  }

  it('a sound nomination checks ok, then POST /cases accepts it as it is', async () => {
    const nomination = body(nextOfficial().id);
    const checked = await check('hr.taichinh', nomination);
    expect({ status: checked.status, body: checked.body }).toEqual({ status: 200, body: { ok: true, problems: [] } });
    // Checking again is the same answer: the first check held nothing.
    expect((await check('hr.taichinh', nomination)).body).toEqual({ ok: true, problems: [] });
    await nominated('hr.taichinh', nomination);
  });

  describe('every refusal of POST /cases is reported by the check, with the same rule', () => {
    const scenarios: [title: string, user: string, nomination: () => Record<string, unknown>][] = [
      ['an unknown official (400 exists)', 'hr.taichinh', () => body('cc-khong-co')],
      ['an unknown receiving unit (400 exists)', 'hr.taichinh', () => body(nextOfficial().id, { receivingUnitId: 'xa-khong-co' })],
      ['an official of another unit (400 in_sending_unit)', 'hr.taichinh', () => body('nc-a-01')],
      ['the sending unit as the receiving one (400 different_units)', 'hr.taichinh', () => body(nextOfficial().id, { receivingUnitId: 'so-tai-chinh' })],
      ['a transfer with a term (400 transfer_has_no_term)', 'hr.taichinh', () => body(nextOfficial().id, { form: 'transfer', term: { months: 12 } })],
      ['a reinforcement without a term (400 required)', 'hr.taichinh', () => body(nextOfficial().id, { form: 'reinforcement' })],
      ['a reinforcement of 7 months (422 reinforcement_term_cap)', 'hr.taichinh', () => body(nextOfficial().id, { form: 'reinforcement', term: { months: 7 } })],
      ['a secondment of 40 months without a legal basis (422 secondment_term_cap)', 'hr.taichinh', () => body(nextOfficial().id, { term: { months: 40 } })],
      ['a rotation of a leader outside the plan (422 rotation_leadership_plan)', 'hr.taichinh', () => body('nc-rot-noplan', { form: 'rotation' })],
      ['a rotation of a leader who retires within 10 years (422 rotation_service_years)', 'hr.taichinh', () => body('nc-rot-old', { form: 'rotation' })],
      ['a protected civil servant (422 protected_parent, overridable)', 'hr.taichinh', () => body('nc-prot-cs')],
      ['a protected public employee (422 protected_parent, not overridable)', 'snv.thamdinh', () => body('nc-prot-pe')],
    ];

    it.each(scenarios)('%s', async (_title, user, make) => {
      const nomination = make();
      const refusal = await refusedNomination(user, nomination);
      expectReported(await check(user, nomination), refusal);
    });

    it('an official with an open case (422 one_active_case), also checked by Home Affairs', async () => {
      const officialId = nextOfficial().id;
      const first = await nominated('hr.taichinh', body(officialId));
      for (const user of ['hr.taichinh', 'snv.thamdinh']) {
        const refusal = await refusedNomination(user, body(officialId, { form: 'reinforcement', term: { months: 3 } }));
        const problems = expectReported(await check(user, body(officialId, { form: 'reinforcement', term: { months: 3 } })), refusal);
        expect(problems).toEqual([expect.objectContaining({ rule: 'one_active_case', overridable: false })]);
        expect(problems[0].messages.en).toContain(first);
      }
    });

    it("the department's share (422 department_share, overridable by Home Affairs with a reason)", async () => {
      await nominated('hr.ncsoa', body('nc-a-01', {}, 'nc-so-a'));
      await nominated('hr.ncsoa', body('nc-a-02', {}, 'nc-so-a'));
      const refusal = await refusedNomination('hr.ncsoa', body('nc-a-03', {}, 'nc-so-a'));
      const problems = expectReported(await check('hr.ncsoa', body('nc-a-03', {}, 'nc-so-a')), refusal);
      expect(problems).toEqual([expect.objectContaining({ rule: 'department_share', overridable: true })]);
      expect(problems[0].messages.en).toContain('3 of 20');

      // Home Affairs with the override: the check passes, and so does the nomination.
      const overridden = body('nc-a-03', { eligibilityOverrides: [{ rule: 'department_share', reason: 'UBND tỉnh chỉ đạo cử ngay' }] }, 'nc-so-a');
      expect((await check('snv.thamdinh', overridden)).body).toEqual({ ok: true, problems: [] });
      await nominated('snv.thamdinh', overridden);
    });

    it('an invalid body is the same 400, with the same field errors', async () => {
      for (const nomination of [body(nextOfficial().id, { form: 'vacation' }), body(nextOfficial().id, { plannedStart: '2026-02-30' }), body(nextOfficial().id, { extra: 1 })]) {
        const refusal = await refusedNomination('hr.taichinh', nomination);
        const checked = await check('hr.taichinh', nomination);
        expectProblem(checked, 400, 'validation-failed');
        expect(checked.body.errors).toEqual(refusal.body.errors);
      }
    });
  });

  it('lists every problem where POST /cases names only the first, and names the missing texts', async () => {
    const officialId = nextOfficial().id;
    await nominated('hr.taichinh', body(officialId));
    const { position: _position, reason: _reason, ...withoutTexts } = body(officialId, { form: 'reinforcement', term: { months: 7 } });
    const refusal = await refusedNomination('hr.taichinh', body(officialId, { form: 'reinforcement', term: { months: 7 } }));
    expect(refusal.body.rule).toBe('reinforcement_term_cap');
    const checked = await check('hr.taichinh', { ...withoutTexts, reason: '   ' });
    const problems = expectReported(checked, refusal);
    expect(problems.map((p) => [p.rule, p.field ?? null, p.status])).toEqual([
      ['reinforcement_term_cap', 'term', 422],
      ['required', 'position', 400],
      ['required', 'reason', 400],
      ['one_active_case', null, 422],
    ]);
    // In English when asked, as every refusal.
    const english = await as('hr.taichinh').post('/cases/check').set('Accept-Language', 'en').send(withoutTexts);
    expect(english.body.problems.length).toBe(4);
  });

  it('changes nothing: no case, event, reservation, idempotency record nor notification; only the read of protected data is logged', async () => {
    const reads = async () => (await sql<{ n: number }>(`SELECT count(*)::int AS n FROM secondment.personal_data_read WHERE read_by = 'hr.ncsoa' AND official_id = 'nc-a-04'`))[0].n;
    const before = await reads();
    // After the share's test above, nc-so-a may send no one more: each check says so, and none takes a place.
    for (let i = 0; i < 3; i += 1) {
      const checked = await unchanged(() => as('hr.ncsoa').post('/cases/check').set('Idempotency-Key', `check-${i}`).send(body('nc-a-04', {}, 'nc-so-a')));
      expect((checked.body.problems as Problem[]).map((p) => p.rule)).toEqual(['department_share']);
    }
    expect(await reads()).toBe(before + 3);
    expect(await sql(`SELECT 1 FROM secondment.case_reservation WHERE official_id = 'nc-a-04'`)).toEqual([]);
  });

  describe('who may not nominate is refused the same way (403)', () => {
    const forbidden: [title: string, user: string, nomination: () => Record<string, unknown>, rule: string][] = [
      ['the auditor', 'thanhtra', () => body(nextOfficial().id), 'not_authorised'],
      ['a department head', 'gd.taichinh', () => body(nextOfficial().id), 'not_authorised'],
      ['an HR officer for another department', 'hr.ncsoa', () => body(nextOfficial().id), 'not_authorised'],
      ['an HR officer overriding an eligibility rule', 'hr.taichinh', () => body(nextOfficial().id, { eligibilityOverrides: [{ rule: 'department_share', reason: 'Thử' }] }), 'not_authorised'],
      ['an HR officer nominating themselves', 'hr.ncsoa', () => body('nc-a-20', {}, 'nc-so-a'), 'own_case'],
    ];

    it.each(forbidden)('%s', async (_title, user, make, rule) => {
      const nomination = make();
      const refusal = await refusedNomination(user, nomination);
      expectProblem(refusal, 403, 'forbidden', { rule });
      const checked = await check(user, nomination);
      expectProblem(checked, 403, 'forbidden', { rule });
      const { instance: _a, ...refused } = refusal.body as Record<string, unknown>;
      const { instance: _b, ...answered } = checked.body as Record<string, unknown>;
      expect(answered).toEqual(refused);
    });

    it('even with a term the decider would refuse first: who may nominate is judged first', async () => {
      expectProblem(await check('thanhtra', body(nextOfficial().id, { term: { months: 40 } })), 403, 'forbidden', { rule: 'not_authorised' });
    });

    it('without a session: 401', async () => {
      expectProblem(await request(api.url).post('/api/v1/cases/check').send(body(nextOfficial().id)), 401, 'unauthenticated');
    });
  });

  describe('the batch check', () => {
    it('answers per nomination what POST /batch/nominations answers: the same items refused, with the same rules', async () => {
      const sound = body(nextOfficial().id);
      const nominations = [
        sound,
        body(nextOfficial().id, { form: 'reinforcement', term: { months: 7 } }),
        { ...sound, receivingUnitId: 'xa-ea-kar' },
        body('nc-a-05', {}, 'nc-so-a'),
        body(nextOfficial().id, { form: 'transfer' }),
      ];
      const checked = await checkBatch('hr.taichinh', nominations);
      expect(checked.status).toBe(200);
      const refusal = await unchanged(() => as('hr.taichinh').post('/batch/nominations').send({ nominations }));
      expectProblem(refusal, 422, 'batch-refused', { rule: 'batch_refused' });

      const posted = refusal.body.results as { index: number; status: string; problem?: request.Response['body'] }[];
      const results = checked.body.results as { index: number; ok: boolean; problems: Problem[] }[];
      expect(checked.body).toMatchObject({ ok: false, refused: 3 });
      expect(results.map((r) => [r.index, r.ok])).toEqual(posted.map((r) => [r.index, r.status !== 'refused']));
      for (const item of posted.filter((r) => r.problem)) {
        const problems = results[item.index].problems;
        for (const expected of asProblems({ status: item.problem.status, body: item.problem } as request.Response)) expect(problems).toContainEqual(expect.objectContaining(expected));
      }
      expect(results[1].problems).toEqual([expect.objectContaining({ rule: 'reinforcement_term_cap', field: 'nominations[1].term', status: 422 })]);
      expect(results[2].problems).toEqual([expect.objectContaining({ rule: 'duplicate_in_batch', field: 'nominations[2].officialId', status: 400 })]);
      expect(results[3].problems).toEqual([expect.objectContaining({ rule: 'not_authorised', type: '/problems/forbidden', status: 403 })]);

      // Without the refused ones, the batch checks ok and is made.
      const kept = [nominations[0], nominations[4]];
      expect((await checkBatch('hr.taichinh', kept)).body).toEqual({ ok: true, refused: 0, results: [0, 1].map((index) => ({ index, ok: true, problems: [] })) });
      const made = await as('hr.taichinh').post('/batch/nominations').send({ nominations: kept }).expect(200);
      expect(made.body).toMatchObject({ done: 2, refused: 0 });
    });

    it("counts the batch's own nominations against the department's share, as the batch's reservations do", async () => {
      // nc-so-b: 10 officials under a 10% share, so one may be away at once.
      await sql(`INSERT INTO secondment.org_unit (id, name, kind, category) VALUES ('nc-so-b', 'Sở Thử nghiệm Hạn mức', 'department', 'department')`);
      for (let i = 1; i <= 10; i += 1) {
        await sql(
          `INSERT INTO secondment.official (id, full_name, title, unit_id, employment, is_leader, in_leadership_plan, birth_date, gender)
           VALUES ($1, 'Công chức ' || $1, 'Chuyên viên', 'nc-so-b', 'civil_servant', false, false, '1990-01-01', 'male')`,
          [`nc-b-${String(i).padStart(2, '0')}`],
        );
      }
      // One refused by another rule first takes no place: the two after it are judged as the batch would make them.
      const nominations = [body('nc-b-01', { form: 'reinforcement', term: { months: 7 } }, 'nc-so-b'), body('nc-b-02', {}, 'nc-so-b'), body('nc-b-03', {}, 'nc-so-b')];
      const checked = await checkBatch('snv.thamdinh', nominations);
      const results = checked.body.results as { index: number; ok: boolean; problems: Problem[] }[];
      expect(results.map((r) => [r.index, r.ok, r.problems.map((p) => p.rule)])).toEqual([
        [0, false, ['reinforcement_term_cap']],
        [1, true, []],
        [2, false, ['department_share']],
      ]);
      const made = await as('snv.thamdinh').post('/batch/nominations').send({ nominations, proceedWithoutRefused: true }).expect(200);
      const posted = made.body.results as { index: number; status: string; problem?: { rule?: string; violations?: { rule: string }[] } }[];
      expect(posted.map((r) => [r.index, r.status, r.problem?.violations?.map((v) => v.rule) ?? r.problem?.rule ?? null])).toEqual([
        [0, 'refused', 'reinforcement_term_cap'],
        [1, 'done', null],
        [2, 'refused', ['department_share']],
      ]);
    });

    it('refuses an invalid batch with 400 naming the field, as POST /batch/nominations does', async () => {
      const nominations = [body(nextOfficial().id, { plannedStart: 'mai' })];
      const refusal = await unchanged(() => as('hr.taichinh').post('/batch/nominations').send({ nominations }));
      const checked = await unchanged(() => as('hr.taichinh').post('/batch/nominations/check').send({ nominations }));
      expectProblem(checked, 400, 'validation-failed', { field: 'nominations[0].plannedStart' });
      expect(checked.body.errors).toEqual(refusal.body.errors);
      expectProblem(await unchanged(() => as('hr.taichinh').post('/batch/nominations/check').send({ nominations: [] })), 400, 'validation-failed', { field: 'nominations' });
    });
  });

  it('is in the OpenAPI document, with its answers described', async () => {
    const doc = (await request(api.url).get('/api/docs-json').expect(200)).body;
    const single = doc.paths['/api/v1/cases/check']?.post as { description: string; responses: Record<string, unknown> };
    const batch = doc.paths['/api/v1/batch/nominations/check']?.post as { description: string; responses: Record<string, unknown> };
    expect(Object.keys(single.responses)).toEqual(expect.arrayContaining(['200', '400', '401', '403']));
    expect(Object.keys(batch.responses)).toEqual(expect.arrayContaining(['200', '400', '401']));
    expect(single.description).toMatch(/nothing is started, reserved or recorded/);
    expect(doc.components.schemas.NominationProblemDto.properties.overridable.description).toEqual(NON_EMPTY);
    expect(doc.components.schemas.NominationCheckDto.required).not.toContain('reason');
    expect(doc.components.schemas.BatchNominationCheckResultDto.properties.results).toBeDefined();
  });
});
