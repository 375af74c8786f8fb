import { readFile } from 'node:fs/promises';
import type { Locator, Page, Request } from 'playwright-core';
import { searchKey } from '@app/domain';
import { pdf, vnDay, vnToday } from '../support/api-client';
import { nominate, walkCase } from '../support/case-walk';
import { screenshot, signInAs, useWebStack } from '../support/browser';

interface InboxRow {
  caseId: string;
  officialName: string;
  actions: { action: string }[];
}

interface CaseBody {
  caseId: string;
  version: number;
  stage: string;
  outcome: string | null;
  state: { decision: unknown };
  timeline: { type: string; reason: string | null; actor: { id: string; onBehalfOf?: { id: string; name: string } } }[];
}

/** The POST requests a page sends to a path ending in `suffix`, as they go out. */
function posts(page: Page, suffix: string): Request[] {
  const sent: Request[] = [];
  page.on('request', (request) => {
    if (request.method() === 'POST' && new URL(request.url()).pathname.endsWith(suffix)) sent.push(request);
  });
  return sent;
}

/** An attribute of each element the locator finds, in order. */
async function attributes(locator: Locator, name: string): Promise<(string | null)[]> {
  const count = await locator.count();
  return Promise.all(Array.from({ length: count }, (_, i) => locator.nth(i).getAttribute(name)));
}

/** Presses Tab until `isTarget` holds for the focused element (at most `limit` presses). */
async function tabTo(page: Page, isTarget: string, limit = 80): Promise<void> {
  for (let i = 0; i < limit; i += 1) {
    await page.keyboard.press('Tab');
    if (await page.evaluate(isTarget)) return;
  }
  throw new Error(`Tab never reached: ${isTarget}`);
}

/**
 * My inbox and the case page in a real Chromium against the real stack, beyond the main scenario:
 * reject and return for changes with a reason from the inbox (an empty reason is refused before
 * anything is sent), the same with the keyboard only, a batch approval with one case refused (each
 * case's result shown), the filter that ignores missing diacritics, the case page in English, and
 * a refusal of the server shown beside the form with the case unchanged.
 */
describe('web UI: my inbox and the case page', () => {
  const web = useWebStack('web-inbox-case');
  /** At the finance head's review: rejected, returned, rejected by keyboard, then three in a batch. */
  let rejected = '';
  let returned = '';
  let byKeyboard = '';
  let batch: string[] = [];
  /** Approved by the head's deputy, for the head. */
  let byDeputy = '';
  /** Land officials' cases: one at Home Affairs appraisal, one awaiting the decision. */
  let appraisal = '';
  let awaiting = '';

  const caseBody = async (caseId: string) => (await web.api.as('thanhtra').get(`/cases/${caseId}`).expect(200)).body as CaseBody;
  const inboxOf = async (user: string) => (await web.api.as(user).get('/inbox').expect(200)).body as InboxRow[];
  const row = (page: Page, caseId: string) => page.locator(`tr[data-case-id="${caseId}"]`);

  beforeAll(async () => {
    const land = { position: 'Công chức Địa chính – Xây dựng' };
    const ids = await Promise.all([
      ...Array.from({ length: 7 }, () => nominate(web.api)),
      nominate(web.api, land, 'hr.nnmt'),
      nominate(web.api, land, 'hr.nnmt'),
    ]);
    [rejected, returned, byKeyboard] = ids;
    batch = ids.slice(3, 6);
    [byDeputy, appraisal, awaiting] = ids.slice(6);
    await Promise.all([walkCase(web.api, appraisal, 'home_affairs_appraisal', { head: 'gd.nnmt' }), walkCase(web.api, awaiting, 'awaiting_decision', { head: 'gd.nnmt' })]);
  });

  it('exports the inbox to CSV and Excel through the API', async () => {
    const items = await inboxOf('gd.taichinh');
    const page = await web.newPage();
    await signInAs(page, 'gd.taichinh');
    await page.locator('tbody tr').nth(items.length - 1).waitFor();
    const [csv] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Xuất CSV' }).click()]);
    expect(csv.suggestedFilename()).toMatch(/\.csv$/);
    const text = (await readFile(await csv.path())).toString('utf8');
    for (const item of items) {
      expect(text).toContain(item.caseId);
      expect(text).toContain(item.officialName);
    }
    const [xlsx] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Xuất Excel' }).click()]);
    expect(xlsx.suggestedFilename()).toMatch(/\.xlsx$/);
    expect((await readFile(await xlsx.path())).subarray(0, 2).toString('latin1')).toBe('PK');
  });

  it('filters the list ignoring the diacritics the user leaves out, and keeps the filter in the URL', async () => {
    const items = await inboxOf('gd.taichinh');
    expect(items.map((item) => item.caseId).sort()).toEqual([rejected, returned, byKeyboard, ...batch, byDeputy].sort());
    const page = await web.newPage();
    await signInAs(page, 'gd.taichinh');
    await page.locator('tbody tr').nth(items.length - 1).waitFor();
    const filter = page.getByLabel('Lọc danh sách');

    // A name typed without its marks finds that official's case.
    const target = items.find((item) => item.caseId === batch[1])!;
    const typed = searchKey(target.officialName);
    expect(typed).not.toBe(target.officialName.toLowerCase());
    await filter.fill(typed);
    await page.waitForURL((url) => url.searchParams.get('q') === typed);
    const words = typed.split(' ');
    const expected = items.filter((item) => words.every((word) => searchKey(item.officialName).includes(word))).map((item) => item.caseId);
    expect(expected).toContain(target.caseId);
    await page.locator('tbody tr').nth(expected.length - 1).waitFor();
    expect((await attributes(page.locator('tbody tr'), 'data-case-id')).sort()).toEqual(expected.sort());

    // "cu bao" finds every case to Xã Cư Bao; a wrong mark ("Cừ") finds none.
    await filter.fill('cu bao');
    await page.locator('tbody tr').nth(items.length - 1).waitFor();
    expect(await page.locator('tbody tr').count()).toBe(items.length);
    await filter.fill('Cừ Bao');
    await page.getByText('Không có hồ sơ nào khớp với «Cừ Bao».').waitFor();
    expect(await page.locator('tbody tr').count()).toBe(0);

    // The URL keeps it: a reload shows the same filtered view.
    await filter.fill(typed);
    await page.reload();
    expect(await page.getByLabel('Lọc danh sách').inputValue()).toBe(typed);
    await row(page, target.caseId).waitFor();
    expect(await page.locator('tbody tr').count()).toBe(expected.length);
  });

  it('rejects from the inbox with a reason in a small dialog; an empty reason is refused before anything is sent', async () => {
    const page = await web.newPage();
    await signInAs(page, 'gd.taichinh');
    const sent = posts(page, `/cases/${rejected}/reject`);
    await row(page, rejected).getByRole('button', { name: 'Không chấp thuận' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.waitFor();
    expect(await dialog.getByRole('heading').textContent()).toContain('Không chấp thuận');

    await dialog.getByRole('button', { name: 'Không chấp thuận' }).click();
    await dialog.getByRole('alert').getByText('«Lý do» là bắt buộc.').waitFor();
    expect(await dialog.getByLabel('Lý do').getAttribute('aria-invalid')).toBe('true');
    expect(sent).toHaveLength(0);
    await screenshot(page, 'inbox-reject-dialog');
    expect((await caseBody(rejected)).stage).toBe('department_review');

    await dialog.getByLabel('Lý do').fill('Công chức đang được xem xét kỷ luật');
    await dialog.getByRole('button', { name: 'Không chấp thuận' }).click();
    await page.getByRole('status').getByText(`Đã không chấp thuận hồ sơ ${rejected}`).waitFor();
    await row(page, rejected).waitFor({ state: 'detached' });
    expect(sent).toHaveLength(1);
    const body = await caseBody(rejected);
    expect({ stage: body.stage, outcome: body.outcome }).toEqual({ stage: 'closed', outcome: 'rejected' });
    expect(body.timeline.find((entry) => entry.type === 'CaseRejected')?.reason).toBe('Công chức đang được xem xét kỷ luật');
  });

  it('returns a case for changes from the inbox; it goes back to its proposer', async () => {
    const page = await web.newPage();
    await signInAs(page, 'gd.taichinh');
    await row(page, returned).getByRole('button', { name: 'Trả lại để chỉnh sửa' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('Lý do').fill('Bổ sung văn bản thống nhất của UBND xã');
    await dialog.getByRole('button', { name: 'Trả lại để chỉnh sửa' }).click();
    await page.getByRole('status').getByText(`Đã trả lại để chỉnh sửa hồ sơ ${returned}`).waitFor();
    const body = await caseBody(returned);
    expect(body.stage).toBe('proposed');
    expect(body.timeline.at(-1)).toMatchObject({ type: 'ReturnedForChanges', reason: 'Bổ sung văn bản thống nhất của UBND xã' });
    expect((await inboxOf('hr.taichinh')).find((item) => item.caseId === returned)?.actions.map((a) => a.action)).toContain('resubmit');
  });

  it('opens the reject dialog and submits it with the keyboard only', async () => {
    const page = await web.newPage();
    await signInAs(page, 'gd.taichinh');
    await row(page, byKeyboard).waitFor();
    const rejectButton = `document.activeElement?.tagName === 'BUTTON' && document.activeElement.textContent.startsWith('Không chấp thuận hồ sơ ${byKeyboard}')`;
    await tabTo(page, rejectButton);
    await page.keyboard.press('Enter');
    await page.getByRole('dialog').waitFor();
    // The cursor is in the reason at once.
    expect(await page.evaluate(`document.activeElement?.tagName === 'TEXTAREA'`)).toBe(true);
    await page.keyboard.type('Chưa đủ thời gian công tác tại sở');
    await tabTo(page, `document.activeElement?.getAttribute('type') === 'submit' && document.activeElement?.closest('dialog') !== null`, 5);
    await page.keyboard.press('Enter');
    await page.getByRole('status').getByText(`Đã không chấp thuận hồ sơ ${byKeyboard}`).waitFor();
    const body = await caseBody(byKeyboard);
    expect({ stage: body.stage, outcome: body.outcome, reason: body.timeline.find((entry) => entry.type === 'CaseRejected')?.reason }).toEqual({
      stage: 'closed',
      outcome: 'rejected',
      reason: 'Chưa đủ thời gian công tác tại sở',
    });
  });

  it("shows a deputy the head's cases marked with whom they act for, and records the approval as theirs for the head", async () => {
    await web.api
      .as('gd.taichinh')
      .post('/delegations')
      .send({ deputy: 'pgd.taichinh', startsOn: vnToday(), endsOn: vnDay(7), reason: 'Đi công tác Hà Nội' })
      .expect(201);
    const page = await web.newPage();
    await signInAs(page, 'pgd.taichinh');
    const deputyRow = row(page, byDeputy);
    await deputyRow.getByText('thay cho Lê Văn Cường').waitFor();
    await deputyRow.getByRole('button', { name: 'Phê duyệt' }).click();
    await page.getByRole('status').getByText(`Đã phê duyệt hồ sơ ${byDeputy}`).waitFor();
    const body = await caseBody(byDeputy);
    expect(body.timeline.at(-1)).toMatchObject({ type: 'StageApproved', actor: { id: 'pgd.taichinh', onBehalfOf: { id: 'gd.taichinh', name: 'Lê Văn Cường' } } });
    // The case page's timeline says it too.
    await page.goto(`/cases/${byDeputy}`);
    const approval = page.locator('ol.case-timeline > li[data-event-type="StageApproved"]');
    await approval.getByText('thay cho Lê Văn Cường').waitFor();
    expect(await approval.textContent()).toContain('Phạm Minh Châu');
  });

  it('approves several cases at once and shows each result: one approved elsewhere meanwhile is refused, the others done', async () => {
    const page = await web.newPage();
    await signInAs(page, 'gd.taichinh');
    for (const caseId of batch) await row(page, caseId).waitFor();
    // Someone approves the last one through the API while this list is on screen.
    const [first, second, stale] = batch;
    await web.api.as('gd.taichinh').post(`/cases/${stale}/approve`).set('Idempotency-Key', `elsewhere-${stale}`).send({}).expect(200);
    await row(page, stale).waitFor();

    const sent = posts(page, '/batch/approve');
    await page.getByLabel(/Chọn tất cả hồ sơ có thể phê duyệt/).check();
    const approveAll = page.getByRole('button', { name: 'Phê duyệt các hồ sơ đã chọn (3)' });
    await approveAll.click();
    const results = page.getByRole('status').locator('li[data-status]');
    await results.nth(2).waitFor();
    expect(sent).toHaveLength(1);
    expect(sent[0].headers()['idempotency-key']).toMatch(/\S/);
    expect(sent[0].postDataJSON()).toEqual({ caseIds: expect.arrayContaining(batch), proceedWithoutRefused: true });
    const [ids, states] = await Promise.all([attributes(results, 'data-case-id'), attributes(results, 'data-status')]);
    const statuses = Object.fromEntries(ids.map((id, i) => [id, states[i]]));
    expect(statuses).toEqual({ [first]: 'done', [second]: 'done', [stale]: 'refused' });
    await page.getByRole('status').getByText('Đã phê duyệt 2/3 hồ sơ.').waitFor();
    // The refusal says why, as the API says it.
    const again = await web.api.as('gd.taichinh').post('/batch/approve').send({ caseIds: [stale], proceedWithoutRefused: true }).expect(200);
    const why = again.body.results[0].problem.messages.vi as string;
    expect(await page.locator(`li[data-case-id="${stale}"]`).textContent()).toContain(why);
    await screenshot(page, 'inbox-batch');

    for (const caseId of batch) {
      const body = await caseBody(caseId);
      expect([caseId, body.stage, body.timeline.filter((entry) => entry.type === 'StageApproved').length]).toEqual([caseId, 'home_affairs_appraisal', 1]);
    }
    await page.locator('.inbox-empty').getByText('Không có việc nào đang chờ bạn.').waitFor();
  });

  it('shows the case page in English after switching the language', async () => {
    const page = await web.newPage();
    await signInAs(page, 'snv.thamdinh', `/cases/${appraisal}`);
    await page.getByRole('heading', { name: `Hồ sơ ${appraisal}` }).waitFor();
    await page.getByRole('button', { name: 'English' }).click();
    await page.getByRole('heading', { name: `Case ${appraisal}`, level: 1 }).waitFor();
    expect(await page.locator('html').getAttribute('lang')).toBe('en');
    for (const heading of ['What you can do', 'Parties', 'Dates', 'Documents', 'Coming deadlines and reminders', 'Timeline']) {
      await page.getByRole('heading', { name: heading, level: 2 }).waitFor();
    }
    await page.locator('.case-head .badge-stage', { hasText: 'Home Affairs appraisal' }).waitFor();
    for (const action of ['Approve', 'Reject', 'Return for changes']) expect(await page.getByRole('button', { name: action, exact: true }).count()).toBe(1);
    const events = page.locator('ol.case-timeline > li');
    expect(await events.locator('.event-title').allTextContents()).toEqual(['Nominated', 'Approved']);
    expect(await events.nth(1).textContent()).toContain('(department head)');
    expect(await events.nth(1).locator('time').textContent()).toMatch(/^\d{2}\/\d{2}\/\d{4} \d{2}:\d{2}$/);
    await page.getByRole('button', { name: 'Approve', exact: true }).click();
    await page.getByRole('form', { name: 'Approve' }).getByLabel('Comment').waitFor();
    // Back to Vietnamese (the account keeps the choice for its emails).
    await page.getByRole('button', { name: 'Tiếng Việt' }).click();
    await page.getByRole('heading', { name: `Hồ sơ ${appraisal}`, level: 1 }).waitFor();
  });

  it('checks dates before sending, shows a refusal of the server beside the form with the case unchanged, and a corrected retry succeeds with the same key', async () => {
    const page = await web.newPage();
    await signInAs(page, 'snv.quyetdinh', `/cases/${awaiting}?action=issueDecision`);
    const sent = posts(page, `/cases/${awaiting}/issue-decision`);
    const form = page.getByRole('form', { name: 'Ban hành quyết định' });
    await form.getByLabel('Số quyết định').fill('77/QĐ-SNV');
    await form.getByLabel(/^Người ký/).fill('Nguyễn Thị Mai');
    await form.getByLabel('Chức vụ người ký').fill('Giám đốc Sở Nội vụ');
    await form.getByLabel('Văn bản thống nhất', { exact: false }).setInputFiles({ name: 'thong-nhat.pdf', mimeType: 'application/pdf', buffer: pdf(`thong nhat ${awaiting}`) });
    await form.getByLabel('Biên bản gặp công chức', { exact: false }).setInputFiles({ name: 'bien-ban.pdf', mimeType: 'application/pdf', buffer: pdf(`bien ban ${awaiting}`) });
    await form.locator('.uploaded li').nth(1).waitFor();

    // Not a day: refused in the page, nothing sent.
    const effective = form.getByLabel('Ngày hiệu lực');
    const plannedStart = await effective.inputValue();
    await effective.fill('31/02/2027');
    await form.getByRole('button', { name: 'Ban hành quyết định' }).click();
    await form.getByRole('alert').getByText('«Ngày hiệu lực»: ngày không hợp lệ, nhập theo dạng dd/mm/yyyy.').waitFor();
    expect(sent).toHaveLength(0);

    // A term beyond the 36-month cap: the API refuses it, naming the rule; nothing changes.
    await effective.fill(plannedStart);
    await form.getByLabel('Số tháng').fill('48');
    const before = await caseBody(awaiting);
    await form.getByRole('button', { name: 'Ban hành quyết định' }).click();
    const problem = form.locator('.problem[role="alert"]');
    await problem.getByText('Không đúng quy định').waitFor();
    expect(await problem.getAttribute('data-problem-type')).toBe('/problems/rule-violated');
    expect(await problem.textContent()).toContain('36 tháng');
    await form.locator('.term-field .field-error').waitFor();
    expect(sent).toHaveLength(1);
    const after = await caseBody(awaiting);
    expect({ version: after.version, stage: after.stage, decision: after.state.decision }).toEqual({ version: before.version, stage: 'awaiting_decision', decision: null });
    expect(await form.getByLabel('Số quyết định').inputValue()).toBe('77/QĐ-SNV');
    await screenshot(page, 'case-refused');

    // Corrected (the proposal's term), sent again under the same key: done once.
    await form.getByLabel('Số tháng').fill('');
    await form.getByRole('button', { name: 'Ban hành quyết định' }).click();
    await page.getByRole('status').getByText('Hồ sơ hiện ở bước «đã có quyết định, chờ tiếp nhận»').waitFor();
    expect(sent).toHaveLength(2);
    expect(sent[1].headers()['idempotency-key']).toBe(sent[0].headers()['idempotency-key']);
    const done = await caseBody(awaiting);
    expect(done.stage).toBe('decision_issued');
    expect(done.timeline.filter((entry) => entry.type === 'DecisionIssued')).toHaveLength(1);
  });
});
