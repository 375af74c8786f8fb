import { readFile } from 'node:fs/promises';
import type { Download, Page } from 'playwright-core';
import { searchKey } from '@app/domain';
import { nominate, walkCase } from '../support/case-walk';
import { screenshot, signInAs, useWebStack } from '../support/browser';
import { nextOfficial, type FixtureOfficial } from '../support/fixture-officials';

/** The stages an open case can be at, as the pipeline shows them (a tile each). */
const OPEN_STAGES = ['proposed', 'department_review', 'home_affairs_appraisal', 'party_committee_approval', 'awaiting_decision', 'decision_issued', 'posted', 'serving', 'ending'];

interface PipelineBody {
  open: number;
  byStage: { stage: string; count: number }[];
}

interface CaseRow {
  caseId: string;
  officialName: string;
  sendingUnitId: string;
  receivingUnitName: string;
}

/**
 * The pipeline in a real Chromium against the real stack: the counts per stage are GET /pipeline's
 * for the filters in the URL; filtering by form, sending department and receiving commune (typed
 * without diacritics) narrows the counts and the list alike; the URL keeps the filters across a
 * reload; the filtered list exports to CSV and Excel; a department head sees only their cases.
 */
describe('web UI: the pipeline', () => {
  const web = useWebStack('web-pipeline');
  /** The cases made here, with their officials. */
  const made: { caseId: string; official: FixtureOfficial }[] = [];

  async function make(unitId: string, proposer: string, overrides: Record<string, unknown>): Promise<string> {
    const official = nextOfficial(unitId);
    const caseId = await nominate(web.api, { officialId: official.id, ...overrides }, proposer);
    made.push({ caseId, official });
    return caseId;
  }

  beforeAll(async () => {
    const api = web.api;
    // Sở Tài chính: a secondment to Cư Bao at the head's review, a reinforcement to Buôn Ma Thuột
    // at Home Affairs, a secondment to Cư Bao with the Party committee, one with its decision issued.
    await make('so-tai-chinh', 'hr.taichinh', { receivingUnitId: 'xa-cu-bao' });
    await walkCase(api, await make('so-tai-chinh', 'hr.taichinh', { form: 'reinforcement', receivingUnitId: 'phuong-buon-ma-thuot', term: { months: 3 } }), 'home_affairs_appraisal');
    await walkCase(api, await make('so-tai-chinh', 'hr.taichinh', { receivingUnitId: 'xa-cu-bao' }), 'party_committee_approval');
    await walkCase(api, await make('so-tai-chinh', 'hr.taichinh', { receivingUnitId: 'xa-cu-bao' }), 'decision_issued');
    // Sở Nông nghiệp và Môi trường: a secondment to Cư Bao at Home Affairs, one to Ea Kar at the head's review.
    const land = { position: 'Công chức Địa chính – Xây dựng' };
    await walkCase(api, await make('so-nong-nghiep-moi-truong', 'hr.nnmt', { ...land, receivingUnitId: 'xa-cu-bao' }), 'home_affairs_appraisal', { head: 'gd.nnmt' });
    await make('so-nong-nghiep-moi-truong', 'hr.nnmt', { ...land, receivingUnitId: 'xa-ea-kar' });
  });

  /** GET /pipeline as `user` with the API's filters: the count of each open stage (0 when none). */
  async function apiCounts(user: string, query = ''): Promise<{ open: number; stages: Record<string, number> }> {
    const body = (await web.api.as(user).get(`/pipeline${query}`).expect(200)).body as PipelineBody;
    return { open: body.open, stages: Object.fromEntries(OPEN_STAGES.map((stage) => [stage, body.byStage.find((row) => row.stage === stage)?.count ?? 0])) };
  }

  /** GET /cases as `user`: the ids of the open cases the filters find. */
  async function apiCases(user: string, query = ''): Promise<CaseRow[]> {
    const body = (await web.api.as(user).get(`/cases?open=true&pageSize=500${query}`).expect(200)).body as { items: CaseRow[] };
    return body.items;
  }

  /** The counts the page shows once they answer the URL's filters (the attribute is there only then). */
  async function shownCounts(page: Page): Promise<{ open: number; stages: Record<string, number> }> {
    await page.locator('[data-stage-count="department_review"]').waitFor();
    // A string: the specs compile without the DOM's types, and this runs in the page.
    const stages = await page.evaluate<[string, string][]>(`[...document.querySelectorAll('[data-stage-count]')].map((e) => [e.getAttribute('data-stage-count'), e.textContent])`);
    for (const [, text] of stages) expect(text).toMatch(/^\d+$/);
    const open = await page.locator('[data-total="open"] .value').textContent();
    return { open: Number(open?.replace(/\D/g, '')), stages: Object.fromEntries(stages.map(([stage, text]) => [stage, Number(text)])) };
  }

  /** The case ids the list shows once it answers the URL's filters. */
  async function shownCases(page: Page): Promise<string[]> {
    await page.locator('section.pipeline-cases[aria-busy="false"]').waitFor();
    return (await page.locator('.case-table .case-link').allTextContents()).sort();
  }

  const ids = (rows: { caseId: string }[]) => rows.map((row) => row.caseId).sort();

  it('shows Home Affairs the counts of GET /pipeline per stage and the whole province in the list', async () => {
    const page = await web.newPage();
    await signInAs(page, 'snv.thamdinh', '/pipeline');
    const province = await apiCounts('snv.thamdinh');
    expect(province.open).toBe(made.length);
    expect(await shownCounts(page)).toEqual(province);
    expect(await shownCases(page)).toEqual(ids(await apiCases('snv.thamdinh')));
    // The unit tables: each department and commune of the cases, with its total.
    await page.getByRole('heading', { name: 'Theo đơn vị cử đi' }).waitFor();
    const sending = page.locator('#by-sending').locator('..').locator('table');
    expect(await sending.getByRole('rowheader').allTextContents()).toEqual(['Sở Nông nghiệp và Môi trường', 'Sở Tài chính']);
    await screenshot(page, 'pipeline');

    // A name typed without diacritics finds its case (the API searches), and the counts follow.
    const someone = made[made.length - 1];
    const typed = searchKey(someone.official.name);
    expect(typed).not.toBe(someone.official.name.toLowerCase());
    await page.getByRole('searchbox', { name: 'Tìm theo tên công chức hoặc mã hồ sơ' }).fill(typed);
    await page.keyboard.press('Enter');
    await page.waitForURL((url) => url.searchParams.get('q') === typed);
    const found = await shownCases(page);
    expect(found).toContain(someone.caseId);
    expect(found).toEqual(ids(await apiCases('snv.thamdinh', `&q=${encodeURIComponent(typed)}`)));
    expect(await shownCounts(page)).toEqual(await apiCounts('snv.thamdinh', `?open=true&q=${encodeURIComponent(typed)}`));
    await page.getByRole('button', { name: 'Xóa bộ lọc' }).click();
    await page.waitForURL((url) => url.search === '');

    // The official's field of expertise (the registry's): Sở Nông nghiệp và Môi trường's land officers.
    await page.getByRole('combobox', { name: 'Lĩnh vực chuyên môn' }).fill('dat dai');
    await page.getByRole('option', { name: 'Quản lý đất đai' }).click();
    await page.waitForURL((url) => url.searchParams.get('field') === 'dat-dai');
    const land = made.filter((item) => item.official.fieldId === 'dat-dai').map((item) => item.caseId);
    expect(land.length).toBeGreaterThan(0);
    expect(await shownCases(page)).toEqual([...land].sort());
    expect(await shownCounts(page)).toEqual(await apiCounts('snv.thamdinh', '?open=true&field=dat-dai'));
  });

  it('narrows the counts and the list by form, department and commune typed without diacritics, keeps them in the URL across a reload, and opens a case', async () => {
    const page = await web.newPage();
    await signInAs(page, 'snv.thamdinh', '/pipeline');
    const all = await shownCounts(page);

    // By form: the one reinforcement.
    await page.getByLabel('Hình thức').selectOption({ label: 'Tăng cường' });
    await page.waitForURL((url) => url.searchParams.get('form') === 'reinforcement');
    const reinforcements = await apiCounts('snv.thamdinh', '?form=reinforcement&open=true');
    expect(reinforcements.open).toBeGreaterThan(0);
    expect(reinforcements.open).toBeLessThan(all.open);
    expect(await shownCounts(page)).toEqual(reinforcements);
    expect(await shownCases(page)).toEqual(ids(await apiCases('snv.thamdinh', '&form=reinforcement')));
    await page.getByLabel('Hình thức').selectOption({ label: 'Tất cả' });
    await page.waitForURL((url) => !url.searchParams.has('form'));

    // By department, typed without diacritics.
    const department = page.getByRole('combobox', { name: 'Sở, ngành cử đi' });
    await department.fill('nong nghiep');
    await page.getByRole('option', { name: 'Sở Nông nghiệp và Môi trường' }).click();
    await page.waitForURL((url) => url.searchParams.get('department') === 'so-nong-nghiep-moi-truong');
    const land = await apiCounts('snv.thamdinh', '?department=so-nong-nghiep-moi-truong&open=true');
    expect(land.open).toBeLessThan(all.open);
    expect(await shownCounts(page)).toEqual(land);
    expect(await shownCases(page)).toEqual(ids(await apiCases('snv.thamdinh', '&department=so-nong-nghiep-moi-truong')));

    // And by commune, typed "cu bao": both filters apply.
    const commune = page.getByRole('combobox', { name: 'Xã, phường tiếp nhận' });
    await commune.fill('cu bao');
    await page.getByRole('option', { name: 'Xã Cư Bao' }).click();
    await page.waitForURL((url) => url.searchParams.get('commune') === 'xa-cu-bao' && url.searchParams.get('department') === 'so-nong-nghiep-moi-truong');
    const both = '?department=so-nong-nghiep-moi-truong&commune=xa-cu-bao&open=true';
    const narrowed = await apiCounts('snv.thamdinh', both);
    expect(narrowed.open).toBeGreaterThan(0);
    expect(narrowed.open).toBeLessThan(land.open);
    expect(await shownCounts(page)).toEqual(narrowed);
    const listed = await shownCases(page);
    expect(listed).toEqual(ids(await apiCases('snv.thamdinh', '&department=so-nong-nghiep-moi-truong&commune=xa-cu-bao')));

    // A reload keeps the view: the filters come back from the URL.
    const url = page.url();
    await page.reload();
    expect(page.url()).toBe(url);
    expect(await shownCounts(page)).toEqual(narrowed);
    expect(await shownCases(page)).toEqual(listed);
    expect(await commune.inputValue()).toBe('Xã Cư Bao');
    expect(await department.inputValue()).toBe('Sở Nông nghiệp và Môi trường');

    // A case opens from the list; back returns to the same filtered view.
    await page.getByRole('link', { name: listed[0] }).click();
    await page.waitForURL(`**/cases/${listed[0]}`);
    await page.goBack();
    await page.waitForURL(url);
    expect(await shownCounts(page)).toEqual(narrowed);
  });

  it('exports the filtered list to CSV (ids and Vietnamese names intact) and to Excel', async () => {
    const page = await web.newPage();
    await signInAs(page, 'snv.thamdinh', '/pipeline?commune=xa-cu-bao');
    const expected = await apiCases('snv.thamdinh', '&commune=xa-cu-bao');
    expect(await shownCases(page)).toEqual(ids(expected));

    const download = async (button: string): Promise<{ file: Download; bytes: Buffer }> => {
      const [file] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: button }).click()]);
      const path = await file.path();
      return { file, bytes: await readFile(path) };
    };
    const csv = await download('Xuất CSV');
    expect(csv.file.suggestedFilename()).toMatch(/\.csv$/);
    expect([...csv.bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = csv.bytes.subarray(3).toString('utf8').split('\r\n').filter(Boolean);
    expect(lines[0].startsWith('Mã hồ sơ,Họ và tên,')).toBe(true);
    expect(lines.slice(1).map((line) => line.split(',')[0]).sort()).toEqual(ids(expected));
    for (const row of expected) {
      const line = lines.find((candidate) => candidate.startsWith(row.caseId)) ?? '';
      expect(line).toContain(row.officialName);
      expect(line).toContain('Xã Cư Bao');
    }
    expect(expected.some((row) => /[\u00c0-\u1ef9]/.test(row.officialName))).toBe(true);

    const xlsx = await download('Xuất Excel');
    expect(xlsx.file.suggestedFilename()).toMatch(/\.xlsx$/);
    expect(xlsx.bytes.subarray(0, 2).toString('latin1')).toBe('PK');
  });

  it("shows a department head only their department's cases, with the API's counts for them", async () => {
    const page = await web.newPage();
    await signInAs(page, 'gd.taichinh', '/pipeline');
    const theirs = await apiCounts('gd.taichinh');
    const province = await apiCounts('snv.thamdinh');
    expect(theirs.open).toBeLessThan(province.open);
    expect(await shownCounts(page)).toEqual(theirs);
    const listed = await shownCases(page);
    const finance = made.filter((item) => item.official.unitId === 'so-tai-chinh').map((item) => item.caseId);
    expect(listed).toEqual([...finance].sort());
    await page.getByText('Phạm vi: hồ sơ Sở Tài chính cử đi hoặc tiếp nhận.').waitFor();
  });

  it('fits a phone: the filters fold away, the list becomes cards', async () => {
    const page = await web.newPage({ width: 390, height: 844 });
    await signInAs(page, 'snv.thamdinh', '/pipeline');
    expect(await shownCounts(page)).toEqual(await apiCounts('snv.thamdinh'));
    await shownCases(page);
    expect(await page.locator('details.pipeline-filters').getAttribute('open')).toBeNull();
    expect(await page.evaluate<number>('document.documentElement.scrollWidth - window.innerWidth')).toBeLessThanOrEqual(0);
    await screenshot(page, 'pipeline-phone');
  });
});
