import { readFile } from 'node:fs/promises';
import { source as axeSource } from 'axe-core';
import type { Locator, Page } from 'playwright-core';
import { STAGE_LABELS, capitalised } from '@app/domain';
import { pdf, vnDay, vnToday } from '../support/api-client';
import { nominate } from '../support/case-walk';
import { screenshot, signInAs, useWebStack } from '../support/browser';

/** The stages an open case can be at; the pipeline shows a count for each. */
const OPEN_STAGES = ['proposed', 'department_review', 'home_affairs_appraisal', 'party_committee_approval', 'awaiting_decision', 'decision_issued', 'posted', 'serving', 'ending'] as const;
type OpenStage = (typeof OPEN_STAGES)[number];
type Counts = Record<OpenStage, number>;

interface CaseBody {
  caseId: string;
  officialName: string;
  version: number;
  stage: string;
  actions: { action: string }[];
  timeline: { type: string; actor: { id: string; role: string }; reason: string | null; documentNumber: string | null }[];
  state: { decision: { attachments: { kind: string; documentId: string; name: string }[] } | null; arrivedOn: string | null; partyOpinion: { documentNumber: string } | null };
}

/** An attribute of each element the locator finds, in order. */
async function attributes(locator: Locator, name: string): Promise<(string | null)[]> {
  const count = await locator.count();
  return Promise.all(Array.from({ length: count }, (_, i) => locator.nth(i).getAttribute(name)));
}

/** axe-core's WCAG 2.1 A and AA rules on the page as it is now: the rule and the elements of each violation. */
async function axeViolations(page: Page): Promise<{ rule: string; targets: string[] }[]> {
  await page.evaluate(axeSource);
  const options = { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] }, resultTypes: ['violations'] };
  return page.evaluate<{ rule: string; targets: string[] }[]>(
    `axe.run(document, ${JSON.stringify(options)}).then((result) => result.violations.map((v) => ({ rule: v.id, targets: v.nodes.slice(0, 5).map((n) => n.target.join(' ')) })))`,
  );
}

/** dd/mm/yyyy, as people type a day into the forms. */
function typed(day: string): string {
  const [y, m, d] = day.split('-');
  return `${d}/${m}/${y}`;
}

/**
 * The scenario in a real Chromium against the real stack, all through the UI but the
 * nomination: the department head approves it from the inbox in one click, Home Affairs appraises
 * it on the case page, the Party committee's opinion is recorded, Home Affairs issues the decision
 * with its dossier uploaded in the form, the commune leader confirms the arrival. After each step
 * the pipeline (as Home Affairs sees it) counts the case at its new stage, the same as GET
 * /pipeline. An action the viewer may not take is not offered, and forced through the API with
 * their own session it is refused (403) and changes nothing.
 */
describe('web UI: a case from nomination to arrival', () => {
  const web = useWebStack('web-lifecycle');
  let caseId = '';
  let officialName = '';
  let expected: Counts;
  /** Home Affairs' pipeline, open in its own tab all along. */
  let pipeline: Page;

  async function apiCounts(): Promise<Counts> {
    const body = (await web.api.as('snv.thamdinh').get('/pipeline').expect(200)).body as { byStage: { stage: string; count: number }[] };
    return Object.fromEntries(OPEN_STAGES.map((stage) => [stage, body.byStage.find((row) => row.stage === stage)?.count ?? 0])) as Counts;
  }

  /** The counts the pipeline screen shows, freshly loaded (the attribute is there once they answer). */
  async function shownCounts(): Promise<Counts> {
    await pipeline.goto('/pipeline');
    await pipeline.locator('[data-stage-count="department_review"]').waitFor();
    const texts = await Promise.all(OPEN_STAGES.map((stage) => pipeline.locator(`[data-stage-count="${stage}"]`).textContent()));
    return Object.fromEntries(OPEN_STAGES.map((stage, i) => [stage, /^\d+$/.test((texts[i] ?? '').trim()) ? Number(texts[i]) : Number.NaN])) as Counts;
  }

  /** The case moved from one stage to the next: the API and the screen both count it there. */
  async function expectMoved(from: OpenStage | null, to: OpenStage): Promise<void> {
    if (from) expected[from] -= 1;
    expected[to] += 1;
    const api = await apiCounts();
    expect(api).toEqual(expected);
    expect(await shownCounts()).toEqual(api);
  }

  async function caseBody(): Promise<CaseBody> {
    return (await web.api.as('thanhtra').get(`/cases/${caseId}`).expect(200)).body as CaseBody;
  }

  /** The case page's notice once the action is done (role=status), naming the new stage. */
  async function expectDone(page: Page, stage: OpenStage): Promise<void> {
    await page.getByRole('status').getByText(`Hồ sơ hiện ở bước «${STAGE_LABELS[stage].vi}»`).waitFor();
    await page.locator('.case-head .badge-stage', { hasText: capitalised(STAGE_LABELS[stage].vi) }).waitFor();
  }

  beforeAll(async () => {
    // Two more cases wait for the same head, so the inbox shows a list; then the count before ours.
    await Promise.all([nominate(web.api), nominate(web.api, { form: 'reinforcement', term: { months: 4 }, receivingUnitId: 'xa-ea-kar' })]);
    expected = await apiCounts();
    pipeline = await web.newPage();
    await signInAs(pipeline, 'snv.thamdinh', '/pipeline');
    expect(await shownCounts()).toEqual(expected);
    // hr.taichinh nominates through the API, to Xã Cư Bao.
    caseId = await nominate(web.api, { receivingUnitId: 'xa-cu-bao' });
    officialName = (await caseBody()).officialName;
  });

  it('counts the nomination at department review, in the pipeline as in GET /pipeline', async () => {
    await expectMoved(null, 'department_review');
  });

  it('does not offer the approval to those who may not give it, and refuses it when forced (403), changing nothing', async () => {
    const before = await caseBody();
    // The commune leader sees the case (it comes to their commune) but has nothing to do at this step.
    const commune = await web.newPage();
    await signInAs(commune, 'ct.cubao', `/cases/${caseId}`);
    await commune.getByRole('heading', { name: 'Việc bạn có thể làm' }).waitFor();
    await commune.getByText('Ở bước này bạn không có thao tác nào').waitFor();
    expect(await commune.getByRole('button', { name: 'Phê duyệt' }).count()).toBe(0);
    // Another department's head cannot even open it.
    const other = await web.newPage();
    await signInAs(other, 'gd.nnmt', `/cases/${caseId}`);
    await other.getByRole('alert').getByText('Không có quyền').waitFor();
    expect(await other.getByRole('button', { name: 'Phê duyệt' }).count()).toBe(0);

    // Forced: POST /cases/:id/approve from each page, with that user's own session.
    for (const [page, rule] of [
      [commune, 'not_authorised'],
      [other, 'out_of_scope'],
    ] as const) {
      // A string: the specs compile without the DOM's types, and this runs in the page.
      const forced = await page.evaluate<{ status: number; contentType: string; body: { type: string; rule?: string } }>(`(async () => {
        const { token } = JSON.parse(localStorage.getItem('secondment.session') ?? '{}');
        const response = await fetch('/api/v1/cases/${caseId}/approve', {
          method: 'POST',
          headers: { Authorization: 'Bearer ' + token, 'Content-Type': 'application/json', 'Idempotency-Key': crypto.randomUUID() },
          body: '{}',
        });
        return { status: response.status, contentType: response.headers.get('content-type') ?? '', body: await response.json() };
      })()`);
      expect(forced.status).toBe(403);
      expect(forced.contentType).toMatch(/^application\/problem\+json/);
      expect(forced.body).toMatchObject({ type: '/problems/forbidden', rule });
    }
    const after = await caseBody();
    expect({ version: after.version, stage: after.stage, timeline: after.timeline.length }).toEqual({ version: before.version, stage: 'department_review', timeline: before.timeline.length });
    expect(await apiCounts()).toEqual(expected);
  });

  it('the department head approves it from the inbox in one click', async () => {
    const phone = await web.newPage({ width: 390, height: 844 });
    await signInAs(phone, 'gd.taichinh');
    await phone.locator(`tr[data-case-id="${caseId}"]`).waitFor();
    await screenshot(phone, 'inbox-phone');
    expect(await phone.evaluate<number>('document.documentElement.scrollWidth - window.innerWidth')).toBeLessThanOrEqual(0);

    const page = await web.newPage();
    await signInAs(page, 'gd.taichinh');
    const row = page.locator(`tr[data-case-id="${caseId}"]`);
    await row.waitFor();
    expect(await page.locator('tbody tr').count()).toBe(3);
    expect(await row.textContent()).toContain(officialName);
    expect(await row.textContent()).toContain('Xã Cư Bao');
    await screenshot(page, 'inbox');

    await row.getByRole('button', { name: 'Phê duyệt' }).click();
    await page.getByRole('status').getByText(`Đã phê duyệt hồ sơ ${caseId}`).waitFor();
    await row.waitFor({ state: 'detached' });
    const body = await caseBody();
    expect(body.stage).toBe('home_affairs_appraisal');
    expect(body.timeline.at(-1)).toMatchObject({ type: 'StageApproved', actor: { id: expect.any(String), role: 'department_head' } });
    await expectMoved('department_review', 'home_affairs_appraisal');
  });

  it('Home Affairs appraises it on the case page, with a comment', async () => {
    const page = await web.newPage();
    await signInAs(page, 'snv.thamdinh');
    await page.getByRole('link', { name: caseId }).click();
    await page.waitForURL(`**/cases/${caseId}`);
    await page.getByRole('button', { name: 'Phê duyệt', exact: true }).click();
    const form = page.getByRole('form', { name: 'Phê duyệt' });
    await form.getByLabel('Ý kiến').fill('Hồ sơ đủ điều kiện, đề nghị Ban Thường vụ cho ý kiến');
    await form.getByRole('button', { name: 'Phê duyệt' }).click();
    await expectDone(page, 'party_committee_approval');
    const body = await caseBody();
    expect(body.timeline.at(-1)).toMatchObject({ type: 'StageApproved', actor: { role: 'home_affairs_officer' }, reason: 'Hồ sơ đủ điều kiện, đề nghị Ban Thường vụ cho ý kiến' });
    await expectMoved('home_affairs_appraisal', 'party_committee_approval');
  });

  it("the Party secretariat records the committee's opinion from its inbox", async () => {
    const page = await web.newPage();
    await signInAs(page, 'vp.tinhuy');
    // The inbox opens the case with the form ready.
    await page.getByRole('link', { name: `Ghi nhận ý kiến Ban Thường vụ — mở hồ sơ ${caseId}` }).click();
    await page.waitForURL(`**/cases/${caseId}?action=recordPartyOpinion`);
    const form = page.getByRole('form', { name: 'Ghi nhận ý kiến Ban Thường vụ' });
    await form.getByLabel('Số văn bản').fill('125-TB/TU');
    expect(await form.getByLabel('Ngày văn bản').inputValue()).toBe(typed(vnToday()));
    expect(await form.getByLabel('Ý kiến của Ban Thường vụ').inputValue()).toBe('agree');
    await form.getByRole('button', { name: 'Ghi nhận ý kiến Ban Thường vụ' }).click();
    await expectDone(page, 'awaiting_decision');
    const body = await caseBody();
    expect(body.state.partyOpinion).toMatchObject({ documentNumber: '125-TB/TU' });
    expect(body.timeline.at(-1)).toMatchObject({ type: 'PartyOpinionRecorded', actor: { role: 'party_secretariat' }, documentNumber: '125-TB/TU' });
    await expectMoved('party_committee_approval', 'awaiting_decision');
  });

  it('Home Affairs issues the decision, uploading the dossier in the form, and the documents download', async () => {
    const page = await web.newPage();
    await signInAs(page, 'snv.quyetdinh', `/cases/${caseId}`);
    await page.getByRole('button', { name: 'Ban hành quyết định', exact: true }).click();
    const form = page.getByRole('form', { name: 'Ban hành quyết định' });
    await form.getByLabel('Số quyết định').fill('1234/QĐ-UBND');
    expect(await form.getByLabel('Ngày ký quyết định').inputValue()).toBe(typed(vnToday()));
    await form.getByLabel(/^Người ký/).fill('Nguyễn Thị Mai');
    await form.getByLabel('Chức vụ người ký').fill('Giám đốc Sở Nội vụ');
    await form.getByLabel('Ngày hiệu lực').fill(typed(vnDay(30)));
    // Both units' written agreements in one pick, then the meeting record.
    await form.getByLabel('Văn bản thống nhất giữa hai cơ quan (sở và UBND xã) (bắt buộc)').setInputFiles([
      { name: 'Văn bản Sở Tài chính.pdf', mimeType: 'application/pdf', buffer: pdf(`so tai chinh ${caseId}`) },
      { name: 'Văn bản UBND xã Cư Bao.pdf', mimeType: 'application/pdf', buffer: pdf(`xa cu bao ${caseId}`) },
    ]);
    await form.getByLabel('Biên bản gặp công chức (bắt buộc)').setInputFiles({ name: 'Biên bản gặp công chức.pdf', mimeType: 'application/pdf', buffer: pdf(`bien ban ${caseId}`) });
    await form.locator('.uploaded li').nth(2).waitFor();
    expect(await form.locator('.uploaded li').allTextContents()).toEqual([
      expect.stringContaining('Văn bản Sở Tài chính.pdf'),
      expect.stringContaining('Văn bản UBND xã Cư Bao.pdf'),
      expect.stringContaining('Biên bản gặp công chức.pdf'),
    ]);
    await screenshot(page, 'issue-decision');
    // The open form, filled, with its uploads: labelled and readable (WCAG 2.1 AA as axe-core checks it).
    expect(await axeViolations(page)).toEqual([]);
    await form.getByRole('button', { name: 'Ban hành quyết định' }).click();
    await expectDone(page, 'decision_issued');

    const body = await caseBody();
    expect(body.timeline.at(-1)).toMatchObject({ type: 'DecisionIssued', actor: { role: 'home_affairs_officer' }, documentNumber: '1234/QĐ-UBND' });
    expect(body.state.decision?.attachments.map((a) => [a.kind, a.name])).toEqual([
      ['units_agreement', 'Văn bản Sở Tài chính'],
      ['units_agreement', 'Văn bản UBND xã Cư Bao'],
      ['meeting_record', 'Biên bản gặp công chức'],
    ]);
    // The documents section lists them; one downloads with the session (the link is authenticated).
    const documents = page.locator('section', { has: page.getByRole('heading', { name: 'Tài liệu' }) });
    await documents.getByRole('button', { name: 'Tải về: Biên bản gặp công chức' }).waitFor();
    const [file] = await Promise.all([page.waitForEvent('download'), documents.getByRole('button', { name: 'Tải về: Biên bản gặp công chức' }).click()]);
    expect((await readFile(await file.path())).toString('utf8')).toContain(`bien ban ${caseId}`);
    await expectMoved('awaiting_decision', 'decision_issued');
  });

  it('the commune leader confirms the arrival; the case page shows the whole story', async () => {
    const page = await web.newPage();
    await signInAs(page, 'ct.cubao');
    await page.getByRole('link', { name: `Xác nhận tiếp nhận — mở hồ sơ ${caseId}` }).click();
    await page.waitForURL(`**/cases/${caseId}?action=confirmArrival`);
    const form = page.getByRole('form', { name: 'Xác nhận tiếp nhận' });
    expect(await form.getByLabel('Ngày đến nhận công tác').inputValue()).toBe(typed(vnToday()));
    await form.getByLabel('Công việc được giao').fill('Phụ trách kế toán ngân sách xã');
    await form.getByRole('button', { name: 'Xác nhận tiếp nhận' }).click();
    // Effective in 30 days: arrived, waiting for the term to start.
    await expectDone(page, 'posted');
    const body = await caseBody();
    expect(body.state.arrivedOn).toBe(vnToday());
    expect(body.timeline.map((entry) => entry.type)).toEqual(['CaseProposed', 'StageApproved', 'StageApproved', 'PartyOpinionRecorded', 'DecisionIssued', 'ArrivalConfirmed']);
    await expectMoved('decision_issued', 'posted');

    // The timeline on the page: each event, who and in which role, the decision's number.
    await page.reload();
    const timeline = page.locator('ol.case-timeline > li');
    await timeline.nth(5).waitFor();
    expect(await attributes(timeline, 'data-event-type')).toEqual(body.timeline.map((entry) => entry.type));
    expect(await timeline.nth(1).textContent()).toContain('Lê Văn Cường (thủ trưởng sở)');
    expect(await timeline.nth(4).textContent()).toContain('1234/QĐ-UBND');
    expect(await page.getByRole('heading', { name: 'Việc bạn có thể làm' }).isVisible()).toBe(true);
    await page.getByText('Bắt đầu thời hạn công tác (ngày hiệu lực của quyết định)').waitFor();
    await screenshot(page, 'case');

    const phone = await web.newPage({ width: 390, height: 844 });
    await signInAs(phone, 'snv.thamdinh', `/cases/${caseId}`);
    await phone.locator('ol.case-timeline > li').nth(5).waitFor();
    expect(await phone.evaluate<number>('document.documentElement.scrollWidth - window.innerWidth')).toBeLessThanOrEqual(0);
    await screenshot(phone, 'case-phone');
  });
});
