import request from 'supertest';
import { expectProblem, useApiStack } from '../support/api-client';
import { nominationBody } from '../support/case-walk';
import { queryRows } from '../support/database';

/** The province sets its eligibility rules over HTTP; a new version judges the nominations made after it. */
describe('eligibility settings through the HTTP API', () => {
  const { stack, api } = useApiStack('eligibility-rules');
  /** PUT is not among the client's verbs. */
  const put = (user: string) => request(api.url).put('/api/v1/registry/rules/eligibility').set('Authorization', `Bearer ${api.tokens[user]}`);

  it('every role but officials reads the settings in force', async () => {
    const current = await api.as('hr.taichinh').get('/registry/rules/eligibility').expect(200);
    // The spec template lets departments send everyone (see test/setup/global-setup.ts).
    expect(current.body).toEqual({ version: expect.any(Number), departmentMaxSharePercent: 100, rotationMinServiceYears: 10 });
    await api.as('an.nguyenvan').get('/registry/rules/eligibility').expect(403);
  });

  it('Home Affairs publishes a new version, which judges the next nominations; others may not; bad values name their field', async () => {
    const before = (await api.as('snv.thamdinh').get('/registry/rules/eligibility').expect(200)).body as { version: number };
    for (const user of ['hr.taichinh', 'gd.taichinh', 'thanhtra']) {
      const refused = await put(user).send({ departmentMaxSharePercent: 5, rotationMinServiceYears: 10 });
      expectProblem(refused, 403, 'forbidden');
    }
    const bad = await put('snv.thamdinh').send({ departmentMaxSharePercent: 0, rotationMinServiceYears: 2.5 });
    expectProblem(bad, 400, 'validation-failed');
    expect((bad.body as { errors: { field: string }[] }).errors.map((e) => e.field).sort()).toEqual(['departmentMaxSharePercent', 'rotationMinServiceYears']);

    // Sở Tài chính has the demo's 4 officials and the specs' 150: 1% lets one case be open at once.
    const published = await put('snv.thamdinh').send({ departmentMaxSharePercent: 1, rotationMinServiceYears: 12 }).expect(200);
    expect(published.body).toEqual({ version: before.version + 1, departmentMaxSharePercent: 1, rotationMinServiceYears: 12 });
    expect((await api.as('gd.taichinh').get('/registry/rules/eligibility').expect(200)).body).toEqual(published.body);
    const [{ staff }] = await queryRows<{ staff: number }>(stack.db.url, `SELECT count(*)::int AS staff FROM secondment.official WHERE unit_id = 'so-tai-chinh'`);
    expect(staff).toBeLessThan(200);
    await api.as('hr.taichinh').post('/cases').send(nominationBody()).expect(201);
    const second = await api.as('hr.taichinh').post('/cases').send(nominationBody());
    expectProblem(second, 422, 'rule-violated');
    expect(second.body).toMatchObject({ rule: 'department_share' });
  });
});

/** Job positions (vị trí việc làm) of a unit. */
describe('job positions through the HTTP API', () => {
  const { api } = useApiStack('job-positions');
  const path = '/registry/units/xa-cu-bao/positions';

  it('Home Affairs adds positions (text normalised), everyone who plans reads them; a repeat is 409; bad input names its field', async () => {
    const created = await api.as('snv.thamdinh').post(path).send({ name: '  Công chức Địa chính –  Xây dựng ', fieldId: 'dat-dai' }).expect(201);
    expect(created.body).toEqual({ id: 'xa-cu-bao--cong-chuc-dia-chinh-xay-dung', unitId: 'xa-cu-bao', name: 'Công chức Địa chính – Xây dựng', fieldId: 'dat-dai' });
    await api.as('snv.thamdinh').post(path).send({ name: 'Công chức Tài chính – Kế toán' }).expect(201);
    expectProblem(await api.as('snv.thamdinh').post(path).send({ name: 'Công chức Địa chính – Xây dựng' }), 409, 'position-exists');
    expectProblem(await api.as('snv.thamdinh').post(path).send({ name: '' }), 400, 'validation-failed');
    const unknownField = await api.as('snv.thamdinh').post(path).send({ name: 'Công chức Y tế', fieldId: 'thien-van' });
    expectProblem(unknownField, 400, 'validation-failed');
    expect(unknownField.body).toMatchObject({ field: 'fieldId', rule: 'knownField' });
    expectProblem(await api.as('ct.cubao').post(path).send({ name: 'Công chức Văn hóa' }), 403, 'forbidden');
    expectProblem(await api.as('snv.thamdinh').post('/registry/units/khong-co/positions').send({ name: 'X' }), 404, 'not-found');

    const listed = await api.as('ct.cubao').get(path).expect(200);
    expect((listed.body as { name: string }[]).map((p) => p.name)).toEqual(['Công chức Địa chính – Xây dựng', 'Công chức Tài chính – Kế toán']);
    await api.as('an.nguyenvan').get(path).expect(403);
  });
});
