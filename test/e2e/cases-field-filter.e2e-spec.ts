import { addDays } from '@app/domain';
import request from 'supertest';
import { queryRows } from '../support/database';
import { expectProblem, useApiStack, vnDay, vnToday, waitForCase } from '../support/api-client';
import { nominate, walkCase } from '../support/case-walk';
import { nextOfficial, type FixtureOfficial } from '../support/fixture-officials';

/**
 * The case list's filters the pipeline screen needs beyond stage, form and units, through real
 * HTTP against the real API, worker, PostgreSQL and Temporal: the official's field of expertise
 * (`field`, from the registry), the two kinds of overdue the pipeline counts apart
 * (`overdue=step|term`), and the "terms ending within 30 days" window the pipeline counts.
 */

interface Summary {
  caseId: string;
  officialId: string;
  sendingUnitId: string;
  receivingUnitId: string;
  stage: string;
  overdue: boolean;
  termEnd: string | null;
}

interface Pipeline {
  open: number;
  overdueSteps: number;
  overdueTerms: number;
  termsEndingIn30Days: number;
  termsEndingIn90Days: number;
  byStage: { stage: string; count: number; overdue: number }[];
  bySendingUnit: { unitId: string; stage: string; count: number }[];
}

/** Supertest parser that keeps the body as raw bytes (exports). */
function rawBody(res: request.Response, cb: (err: Error | null, body: Buffer) => void): void {
  const stream = res as unknown as NodeJS.ReadableStream;
  const chunks: Buffer[] = [];
  stream.on('data', (c: Buffer) => chunks.push(c));
  stream.on('end', () => cb(null, Buffer.concat(chunks)));
}

const sorted = (values: string[]) => [...values].sort();

describe('case filters: field of expertise, overdue steps and terms, terms ending', () => {
  const { stack, api } = useApiStack('cases-field-filter');

  /** The cases made here by name, with the official each names (and that official's registry field). */
  const made: Record<string, { caseId: string; official: FixtureOfficial }> = {};
  /** The field the registry gives one official of Sở Tài chính, unlike their colleagues. */
  const REFILED = 'cong-nghe-thong-tin';

  const list = async (user: string, query: string): Promise<{ items: Summary[]; total: number }> => {
    const response = await api.as(user).get(`/cases${query}`).expect(200);
    expect(response.body.total).toBe(response.body.items.length);
    return response.body as { items: Summary[]; total: number };
  };
  const idsOf = async (user: string, query: string) => sorted((await list(user, query)).items.map((item) => item.caseId));
  const pipeline = async (user: string, query: string) => (await api.as(user).get(`/pipeline${query}`).expect(200)).body as Pipeline;
  const casesOf = (...names: string[]) => sorted(names.map((name) => made[name].caseId));

  async function make(name: string, unitId: string, proposer: string, overrides: Record<string, unknown> = {}): Promise<string> {
    const official = nextOfficial(unitId);
    const caseId = await nominate(api, { officialId: official.id, reason: `Hồ sơ ${name} của cases-field-filter`, ...overrides }, proposer);
    made[name] = { caseId, official };
    return caseId;
  }

  beforeAll(async () => {
    // Two finance officials (field tai-chinh-ke-toan) at department review, to two communes.
    await make('financeCuBao', 'so-tai-chinh', 'hr.taichinh', { receivingUnitId: 'xa-cu-bao' });
    await make('financeBuonMaThuot', 'so-tai-chinh', 'hr.taichinh', { receivingUnitId: 'phuong-buon-ma-thuot' });
    // A land officer (field dat-dai) of the other department, to Cư Bao.
    await make('land', 'so-nong-nghiep-moi-truong', 'hr.nnmt', { receivingUnitId: 'xa-cu-bao', position: 'Công chức Địa chính – Xây dựng' });
    // A finance official the registry files under information technology: the field is the registry's, not the department's.
    await make('refiled', 'so-tai-chinh', 'hr.taichinh', { receivingUnitId: 'xa-ea-kar' });
    await queryRows(stack.db.url, `UPDATE secondment.official SET field_id = $1 WHERE id = $2`, [REFILED, made.refiled.official.id]);
    // A secondment decided 60 days ago for a month: its term is over with no decision (an overdue term).
    const ended = await make('termOverdue', 'so-tai-chinh', 'hr.taichinh', { plannedStart: vnDay(-60), term: { months: 1 } });
    await walkCase(api, ended, 'arrival_confirmed', { decision: { decisionNumber: `QĐ-${ended}`, decisionDate: vnDay(-60), effectiveDate: vnDay(-60) }, arrivedOn: vnDay(-60) });
    // A secondment decided 10 days ago for a month: its term ends in about 20 days.
    const ending = await make('termEnding', 'so-tai-chinh', 'hr.taichinh', { plannedStart: vnDay(-10), term: { months: 1 } });
    await walkCase(api, ending, 'arrival_confirmed', { decision: { decisionNumber: `QĐ-${ending}`, decisionDate: vnDay(-10), effectiveDate: vnDay(-10) }, arrivedOn: vnDay(-10) });
    await waitForCase(api, ended, (view) => view.state.termStarted && view.state.overdue);
    await waitForCase(api, ending, (view) => view.state.termStarted);
    // A step past its deadline: a fresh step's deadline is working days away, so the read model's
    // deadline of one case at department review is moved to yesterday (what a late head leaves).
    await queryRows(stack.db.url, `UPDATE secondment.case_summary SET stage_deadline = $1::date WHERE case_id = $2`, [vnDay(-1), made.financeBuonMaThuot.caseId]);
  });

  it('made the cases it needs: fields as the registry has them, one step and one term overdue, one term ending', async () => {
    const fields = (await api.as('snv.thamdinh').get('/registry/fields').expect(200)).body as { id: string }[];
    expect(fields.map((field) => field.id)).toEqual(expect.arrayContaining(['tai-chinh-ke-toan', 'dat-dai', REFILED]));
    expect(made.financeCuBao.official.fieldId).toBe('tai-chinh-ke-toan');
    expect(made.land.official.fieldId).toBe('dat-dai');
    const [refiled] = await queryRows<{ field_id: string; unit_id: string }>(stack.db.url, `SELECT field_id, unit_id FROM secondment.official WHERE id = $1`, [made.refiled.official.id]);
    expect(refiled).toEqual({ field_id: REFILED, unit_id: 'so-tai-chinh' });
    const all = new Map((await list('snv.thamdinh', '?pageSize=500')).items.map((item) => [item.caseId, item]));
    expect(all.get(made.termOverdue.caseId)).toMatchObject({ stage: 'ending', overdue: true });
    const termEnd = all.get(made.termEnding.caseId)?.termEnd ?? '';
    expect(termEnd > vnToday() && termEnd <= addDays(vnToday(), 30)).toBe(true);
  });

  it("filters by the official's field of expertise in the registry, alone and with the other filters", async () => {
    const finance = ['financeCuBao', 'financeBuonMaThuot', 'termOverdue', 'termEnding'];
    expect(await idsOf('snv.thamdinh', '?field=tai-chinh-ke-toan')).toEqual(casesOf(...finance));
    expect(await idsOf('snv.thamdinh', '?field=dat-dai')).toEqual(casesOf('land'));
    // Same department as the finance cases, another field: the registry decides.
    expect(await idsOf('snv.thamdinh', `?field=${REFILED}`)).toEqual(casesOf('refiled'));
    expect(await idsOf('snv.thamdinh', '?department=so-tai-chinh')).toEqual(casesOf(...finance, 'refiled'));
    // With the other filters: all of them apply.
    expect(await idsOf('snv.thamdinh', '?field=tai-chinh-ke-toan&commune=xa-cu-bao')).toEqual(casesOf('financeCuBao', 'termOverdue', 'termEnding'));
    expect(await idsOf('snv.thamdinh', '?field=tai-chinh-ke-toan&stage=department_review')).toEqual(casesOf('financeCuBao', 'financeBuonMaThuot'));
    expect(await idsOf('snv.thamdinh', '?field=dat-dai&department=so-tai-chinh')).toEqual([]);
    // A filter never widens the scope: Sở Tài chính's head sees none of the other department's cases.
    expect(await idsOf('gd.taichinh', '?field=dat-dai')).toEqual([]);
    expect(await idsOf('gd.nnmt', '?field=dat-dai')).toEqual(casesOf('land'));
  });

  it('counts the pipeline and exports the list with the same field filter', async () => {
    const land = await pipeline('snv.thamdinh', '?field=dat-dai');
    expect(land).toMatchObject({ open: 1, overdueSteps: 0, overdueTerms: 0 });
    expect(land.byStage).toEqual([{ stage: 'department_review', count: 1, overdue: 0 }]);
    expect(land.bySendingUnit).toEqual([expect.objectContaining({ unitId: 'so-nong-nghiep-moi-truong', stage: 'department_review', count: 1 })]);
    const finance = await pipeline('snv.thamdinh', '?field=tai-chinh-ke-toan');
    expect(finance).toMatchObject({ open: 4, overdueSteps: 1, overdueTerms: 1, termsEndingIn30Days: 1 });

    const csv = await api.as('snv.thamdinh').get('/cases/export?format=csv&field=dat-dai').buffer(true).parse(rawBody).expect(200);
    const lines = (csv.body as Buffer).subarray(3).toString('utf8').split('\r\n').slice(1, -1);
    expect(lines.map((line) => line.split(',')[0])).toEqual([made.land.caseId]);
    expect(lines[0]).toContain(made.land.official.name);
  });

  it('gives an empty list for a field no official of these cases has, and refuses a malformed field naming the parameter', async () => {
    // A well-formed id is a question like an unknown department or commune: nothing matches.
    expect(await list('snv.thamdinh', '?field=khong-co-linh-vuc-nay')).toEqual({ items: [], total: 0, page: 1, pageSize: 50 });
    expect(await list('snv.thamdinh', '?field=giao-duc')).toMatchObject({ items: [], total: 0 });
    expect(await pipeline('snv.thamdinh', '?field=khong-co-linh-vuc-nay')).toMatchObject({ open: 0, byStage: [], bySendingUnit: [] });
    // Anything that cannot be a field's id (a name typed instead, an injection attempt) is a 400 naming `field`.
    for (const bad of ['Quản lý đất đai', "dat-dai' OR 1=1 --", 'DAT-DAI', '-dat-dai']) {
      const refused = await api.as('snv.thamdinh').get(`/cases?field=${encodeURIComponent(bad)}`);
      expectProblem(refused, 400, 'validation-failed');
      expect(refused.body.errors).toEqual([expect.objectContaining({ field: 'field', rule: 'matches' })]);
      expectProblem(await api.as('snv.thamdinh').get(`/pipeline?field=${encodeURIComponent(bad)}`), 400, 'validation-failed');
    }
  });

  it('filters overdue steps and overdue terms apart, as the pipeline counts them', async () => {
    const all = await pipeline('snv.thamdinh', '');
    expect(all).toMatchObject({ overdueSteps: 1, overdueTerms: 1 });
    const steps = await list('snv.thamdinh', '?overdue=step');
    expect(steps.total).toBe(all.overdueSteps);
    expect(sorted(steps.items.map((item) => item.caseId))).toEqual(casesOf('financeBuonMaThuot'));
    const terms = await list('snv.thamdinh', '?overdue=term');
    expect(terms.total).toBe(all.overdueTerms);
    expect(sorted(terms.items.map((item) => item.caseId))).toEqual(casesOf('termOverdue'));
    // true: either; false: neither (as before).
    expect(await idsOf('snv.thamdinh', '?overdue=true')).toEqual(casesOf('financeBuonMaThuot', 'termOverdue'));
    expect(await idsOf('snv.thamdinh', '?overdue=false')).toEqual(casesOf('financeCuBao', 'land', 'refiled', 'termEnding'));
    // The per-stage overdue count of the pipeline is the list of that stage's overdue cases.
    const review = all.byStage.find((row) => row.stage === 'department_review');
    expect(review?.overdue).toBe((await list('snv.thamdinh', '?stage=department_review&overdue=true')).total);
    // And the pipeline under the same filter counts the same cases.
    expect(await pipeline('snv.thamdinh', '?overdue=step')).toMatchObject({ open: 1, overdueSteps: 1, overdueTerms: 0 });
    const refused = await api.as('snv.thamdinh').get('/cases?overdue=soon');
    expectProblem(refused, 400, 'validation-failed');
    expect(refused.body.errors).toEqual([expect.objectContaining({ field: 'overdue' })]);
  });

  it("lists the terms ending within 30 and 90 days that the pipeline counts (open cases, today to today + N)", async () => {
    const today = vnToday();
    const all = await pipeline('snv.thamdinh', '');
    for (const days of [30, 90]) {
      const window = `?open=true&termEndsAfter=${addDays(today, -1)}&termEndsBefore=${addDays(today, days + 1)}`;
      const ending = await list('snv.thamdinh', window);
      expect(ending.total).toBe(days === 30 ? all.termsEndingIn30Days : all.termsEndingIn90Days);
      expect(sorted(ending.items.map((item) => item.caseId))).toEqual(casesOf('termEnding'));
    }
  });
});
