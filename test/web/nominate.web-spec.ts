import { searchKey } from '@app/domain';
import { source as axeSource } from 'axe-core';
import type { Page } from 'playwright-core';
import { vnDay } from '../support/api-client';
import { eventually } from '../support/notifications';
import { screenshot, signInAs, useWebStack } from '../support/browser';
import { nominationBody } from '../support/case-walk';
import { nextOfficial, type FixtureOfficial } from '../support/fixture-officials';

/** axe-core's WCAG 2.1 A and AA violations on the page as it is now (as test/web/accessibility.web-spec.ts runs it), by rule and first targets. */
async function axeViolations(page: Page): Promise<{ rule: string; targets: string[] }[]> {
  await page.evaluate(axeSource);
  const options = { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] }, resultTypes: ['violations'] };
  const violations = await page.evaluate<{ id: string; nodes: { target: unknown[] }[] }[]>(`axe.run(document, ${JSON.stringify(options)}).then((result) => result.violations)`);
  return violations.map((v) => ({ rule: v.id, targets: v.nodes.slice(0, 5).map((n) => n.target.join(' ')) }));
}

/**
 * New nomination in a real headless Chromium against the real API, worker and database: the rule
 * check runs on the server as the form is filled in and lists every problem before submitting; a
 * sound nomination lands on its new case; one that breaks a rule is refused when forced, and
 * nothing is made; a list of three with one refused says what happened to each row.
 */
describe('web UI: new nomination', () => {
  const web = useWebStack('web-nominate');

  /** The cases about an official, as Home Affairs sees them. */
  const casesOf = async (officialId: string) =>
    (await web.api.as('snv.thamdinh').get(`/cases?officialId=${officialId}`).expect(200)).body as { total: number; items: { caseId: string; stage: string; receivingUnitId: string; form: string }[] };

  /** Picks the official by typing their name without diacritics, and the commune by typing "cu bao". */
  async function fillNomination(page: Page, official: FixtureOfficial): Promise<void> {
    await page.getByRole('combobox', { name: 'Công chức được cử' }).fill(searchKey(official.name));
    await page.getByRole('option').filter({ hasText: official.id }).click();
    await page.getByRole('combobox', { name: 'Xã/phường nhận' }).fill('cu bao');
    await page.getByRole('option', { name: 'Xã Cư Bao' }).click();
    await page.getByLabel('Vị trí việc làm tại xã').fill('Công chức Tài chính – Kế toán');
    await page.getByRole('textbox', { name: 'Lý do', exact: true }).fill('Xã thiếu công chức tài chính – kế toán sau sắp xếp');
  }

  it('hr.taichinh nominates a fresh official to Xã Cư Bao: the check finds no problem, the submit lands on the case at department review', async () => {
    const official = nextOfficial();
    const page = await web.newPage();
    await signInAs(page, 'hr.taichinh', '/nominations/new');
    await page.getByRole('heading', { name: 'Đề xuất biệt phái mới' }).waitFor();
    // A department's HR officer sends from their own department; a secondment is the default, for 36 months.
    expect(await page.locator('.fixed-value').textContent()).toBe('Sở Tài chính');
    expect(await page.getByRole('radio', { name: /^Biệt phái/ }).isChecked()).toBe(true);
    expect(await page.getByLabel('Số tháng').inputValue()).toBe('36');
    expect(await page.getByLabel('Ngày dự kiến bắt đầu').inputValue()).toBe(vnDay(30).split('-').reverse().join('/'));

    await fillNomination(page, official);
    await page.getByRole('status').filter({ hasText: 'Không phát hiện vấn đề: đề xuất đáp ứng các quy định.' }).waitFor();
    expect(await page.locator('.check-problem').count()).toBe(0);

    await page.getByRole('button', { name: 'Gửi đề xuất' }).click();
    await page.waitForURL(/\/cases\/HS-\d{4}-[0-9A-Z]{8}$/);
    const caseId = decodeURIComponent(new URL(page.url()).pathname.split('/').pop() ?? '');
    const made = (await web.api.as('hr.taichinh').get(`/cases/${caseId}`).expect(200)).body as Record<string, unknown>;
    expect(made).toMatchObject({ stage: 'department_review', form: 'secondment', officialId: official.id, receivingUnitId: 'xa-cu-bao', position: 'Công chức Tài chính – Kế toán', proposerId: 'hr.taichinh' });
    expect(await casesOf(official.id)).toMatchObject({ total: 1 });
  });

  it('shows the rules a nomination breaks before the submit; forced, the server refuses and nothing is made', async () => {
    const official = nextOfficial();
    const first = await web.api.as('hr.taichinh').post('/cases').send(nominationBody({ officialId: official.id })).expect(201);
    const page = await web.newPage();
    await signInAs(page, 'hr.taichinh', '/nominations/new');
    await page.getByRole('radio', { name: /^Tăng cường/ }).check();
    // A reinforcement starts at its cap; two more months break it.
    expect(await page.getByLabel('Số tháng').inputValue()).toBe('6');
    await page.getByLabel('Số tháng').fill('8');
    await fillNomination(page, official);

    await page.getByRole('status').filter({ hasText: 'Phát hiện 2 vấn đề' }).waitFor();
    const problems = page.locator('.check-panel .check-problem');
    expect(await problems.locator('strong').allTextContents()).toEqual(['Tăng cường quá 6 tháng', 'Công chức đang có hồ sơ chưa kết thúc']);
    expect(await problems.nth(1).textContent()).toContain(first.body.caseId as string);
    // The term field says so too, where it is typed.
    await page.locator('.term-fields .field-error').filter({ hasText: 'Tăng cường quá 6 tháng' }).waitFor();
    expect(await axeViolations(page)).toEqual([]);
    await screenshot(page, 'nominate');

    await page.getByRole('button', { name: 'Gửi đề xuất' }).click();
    const dialog = page.getByRole('dialog', { name: 'Đề xuất còn vấn đề' });
    await dialog.waitFor();
    expect(await axeViolations(page)).toEqual([]);
    await dialog.getByRole('button', { name: 'Vẫn gửi' }).click();
    const alert = page.locator('.form-actions').getByRole('alert');
    await alert.waitFor();
    expect(await alert.textContent()).toContain('Không đúng quy định');
    expect(new URL(page.url()).pathname).toBe('/nominations/new');
    expect(await casesOf(official.id)).toMatchObject({ total: 1, items: [{ caseId: first.body.caseId as string }] });
  });

  it('a list of three with one refused: each row checked before the submit, then what happened to each, with links to the new cases', async () => {
    const [a, refused, b] = [nextOfficial(), nextOfficial(), nextOfficial()];
    const open = await web.api.as('hr.taichinh').post('/cases').send(nominationBody({ officialId: refused.id })).expect(201);
    const page = await web.newPage();
    await signInAs(page, 'hr.taichinh', '/nominations/new?mode=batch');
    await page.getByRole('button', { name: 'Nhiều công chức (danh sách)', pressed: true }).waitFor();

    const start = vnDay(45).split('-').reverse().join('/');
    const line = (official: FixtureOfficial) => [official.id, 'cu bao', 'Công chức Tài chính – Kế toán', start, 'Xã thiếu công chức tài chính – kế toán'].join('\t');
    await page.getByText('Dán từ bảng tính (Excel)').click();
    await page.getByLabel('Nội dung dán').fill(['Mã công chức\tXã\tVị trí\tNgày bắt đầu\tLý do', line(a), line(refused), line(b)].join('\n'));
    await page.getByRole('button', { name: 'Thêm các dòng đã dán' }).click();

    // The pasted ids get their names; each row is checked.
    // Polled from the spec: a waitForFunction would evaluate a string in the page, which its CSP forbids.
    await eventually(async () => {
      const values = await Promise.all((await page.locator('input').all()).map((input) => input.inputValue()));
      expect(values).toEqual(expect.arrayContaining([a.name, refused.name, b.name]));
    });
    await page.getByRole('status').filter({ hasText: 'Kiểm tra: 2/3 dòng hợp lệ, 1 dòng có vấn đề' }).waitFor();
    expect(await page.locator('[data-row-check="1"]').textContent()).toContain('Hợp lệ');
    expect(await page.locator('[data-row-check="2"]').textContent()).toContain('Công chức đang có hồ sơ chưa kết thúc');
    expect(await page.locator('[data-row-check="3"]').textContent()).toContain('Hợp lệ');
    expect(await page.getByRole('combobox', { name: 'Xã/phường nhận, dòng 3' }).inputValue()).toBe('Xã Cư Bao');
    expect(await axeViolations(page)).toEqual([]);
    await screenshot(page, 'nominate-batch');

    await page.getByRole('button', { name: 'Gửi 3 đề xuất' }).click();
    const dialog = page.getByRole('dialog', { name: 'Có dòng bị từ chối' });
    await dialog.getByRole('button', { name: 'Chỉ gửi 2 dòng hợp lệ' }).click();
    await page.getByRole('status').filter({ hasText: 'Đã tạo 2 hồ sơ; 1 dòng bị từ chối.' }).waitFor();

    const made = [await casesOf(a.id), await casesOf(b.id)];
    for (const [i, cases] of made.entries()) {
      expect(cases).toMatchObject({ total: 1, items: [{ stage: 'department_review', receivingUnitId: 'xa-cu-bao' }] });
      const row = page.locator(`[data-row-result="${i === 0 ? 1 : 3}"]`);
      expect(await row.getByRole('link').getAttribute('href')).toBe(`/cases/${cases.items[0].caseId}`);
    }
    expect(await page.locator('[data-row-result="2"]').textContent()).toContain('Công chức đang có hồ sơ chưa kết thúc');
    expect(await casesOf(refused.id)).toMatchObject({ total: 1, items: [{ caseId: open.body.caseId as string }] });
    expect(await axeViolations(page)).toEqual([]);

    await page.locator('[data-row-result="1"]').getByRole('link').click();
    await page.waitForURL(`**/cases/${made[0].items[0].caseId}`);
  });

  it('fits a phone (390×844): the rule check between the form and the submit, and no sideways scrolling of the page', async () => {
    const page = await web.newPage({ width: 390, height: 844 });
    await signInAs(page, 'hr.taichinh', '/nominations/new');
    await page.getByRole('heading', { name: 'Kiểm tra quy định' }).waitFor();
    expect(await page.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(390);
    const [fields, check, submit] = await Promise.all([
      page.locator('.nominate-fields').boundingBox(),
      page.locator('.check-panel').boundingBox(),
      page.getByRole('button', { name: 'Gửi đề xuất' }).boundingBox(),
    ]);
    expect(fields!.y).toBeLessThan(check!.y);
    expect(check!.y).toBeLessThan(submit!.y);
    await screenshot(page, 'nominate-phone');

    await page.getByRole('button', { name: 'Nhiều công chức (danh sách)' }).click();
    await page.getByRole('combobox', { name: 'Công chức, dòng 1' }).waitFor();
    expect(await page.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(390);
  });
});
