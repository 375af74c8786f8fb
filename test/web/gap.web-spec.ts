import { searchKey } from '@app/domain';
import { source as axeSource } from 'axe-core';
import type { Page } from 'playwright-core';
import { seedDemoProvince, withDataSource } from '@app/persistence';
import { screenshot, signInAs, useWebStack } from '../support/browser';

/** axe-core's WCAG 2.1 A and AA violations on the page as it is now (as test/web/accessibility.web-spec.ts runs it), by rule and first targets. */
async function axeViolations(page: Page): Promise<{ rule: string; targets: string[] }[]> {
  await page.evaluate(axeSource);
  const options = { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] }, resultTypes: ['violations'] };
  const violations = await page.evaluate<{ id: string; nodes: { target: unknown[] }[] }[]>(`axe.run(document, ${JSON.stringify(options)}).then((result) => result.violations)`);
  return violations.map((v) => ({ rule: v.id, targets: v.nodes.slice(0, 5).map((n) => n.target.join(' ')) }));
}

interface GapBody {
  summary: { vi: string; en: string };
  totals: { shortCommunes: number; overCommunes: number };
  communes: { unitId: string; name: string; balance: number }[];
}

/**
 * The staffing gap in a real headless Chromium against the real API, worker and database, with
 * the generated demo province (about a hundred communes, short and over): the table and the
 * chart, the filters, a commune's need and the suggested officials, and a nomination made from a
 * suggestion that lands on its new case.
 */
describe('web UI: staffing gap', () => {
  const web = useWebStack('web-gap');
  let gap: GapBody;

  beforeAll(async () => {
    await withDataSource(web.stack.db.url, (dataSource) => seedDemoProvince(dataSource));
    gap = (await web.api.as('snv.thamdinh').get('/gap').expect(200)).body as GapBody;
    // The demo province has both sides.
    expect(gap.totals.shortCommunes).toBeGreaterThan(0);
    expect(gap.totals.overCommunes).toBeGreaterThan(0);
  });

  /** The names in the table's first column, top to bottom. */
  const tableNames = (page: Page) => page.locator('table.gap-table tbody th').allTextContents();

  it('shows the communes short and over as a table and a chart; sorts the Vietnamese way; filters by a name typed without diacritics', async () => {
    const page = await web.newPage();
    await signInAs(page, 'snv.thamdinh', '/gap');
    await page.getByText(gap.summary.vi).waitFor();
    await page.locator('table.gap-table tbody tr').nth(gap.communes.length - 1).waitFor();
    expect(await page.locator('table.gap-table tbody tr').count()).toBe(gap.communes.length);
    // Most short first, as the API ranks them; the chart draws both sides.
    expect((await tableNames(page))[0]).toContain(gap.communes[0].name);
    const chart = page.getByRole('figure', { name: 'Theo xã/phường' });
    expect(await chart.locator('.bar-short').count()).toBeGreaterThan(0);
    expect(await chart.locator('.bar-surplus').count()).toBeGreaterThan(0);
    expect(await page.getByRole('figure', { name: 'Theo lĩnh vực' }).locator('.bar-row').count()).toBeGreaterThan(5);
    expect(await axeViolations(page)).toEqual([]);
    await screenshot(page, 'gap');

    await page.getByRole('button', { name: 'Sắp xếp theo Xã/phường' }).click();
    const byName = (await tableNames(page)).map((name) => name.replace('Vùng khó khăn', ''));
    expect(byName).toEqual([...byName].sort(new Intl.Collator('vi').compare));
    expect(new URL(page.url()).searchParams.get('sort')).toBe('name');

    await page.getByLabel('Tìm xã/phường').fill('cu bao');
    const expected = gap.communes.filter((commune) => searchKey(commune.name).includes('cu') && searchKey(commune.name).includes('bao')).map((c) => c.name);
    expect(expected).toContain('Xã Cư Bao');
    await page.locator('table.gap-table tbody tr').nth(expected.length).waitFor({ state: 'detached' });
    expect((await tableNames(page)).map((name) => name.replace('Vùng khó khăn', ''))).toEqual(expected.sort(new Intl.Collator('vi').compare));
  });

  it('opens a short commune: its need per field and the suggested officials with their reasons; nominating one lands on the new case', async () => {
    const commune = gap.communes[0];
    const page = await web.newPage();
    await signInAs(page, 'snv.thamdinh', '/gap');
    await page.getByLabel('Tìm xã/phường').fill(searchKey(commune.name));
    await page.locator('table.gap-table').getByRole('link', { name: commune.name, exact: true }).click();
    const panel = page.locator('section.commune-panel');
    await panel.getByRole('heading', { name: new RegExp(commune.name) }).waitFor();
    await panel.getByRole('heading', { name: 'Nhu cầu theo lĩnh vực' }).waitFor();

    // A field it is short in: its candidates, each with the reasons for its rank.
    const detail = (await web.api.as('snv.thamdinh').get(`/gap/communes/${commune.unitId}`).expect(200)).body as { fields: { fieldId: string; nameVi: string; balance: number }[] };
    const mostShort = [...detail.fields].sort((a, b) => a.balance - b.balance)[0];
    expect(mostShort.balance).toBeLessThan(0);
    await panel.getByRole('button', { name: `Gợi ý cho ${mostShort.nameVi}` }).click();
    await panel.getByRole('heading', { name: `Công chức được gợi ý: ${mostShort.nameVi}` }).waitFor();
    const list = (await web.api.as('snv.thamdinh').get(`/gap/communes/${commune.unitId}/candidates?fieldId=${mostShort.fieldId}`).expect(200)).body as {
      candidates: { officialId: string; name: string; unitId: string; reasons: { text: { vi: string } }[] }[];
    };
    expect(list.candidates.length).toBeGreaterThan(0);
    const [best] = list.candidates;
    const card = panel.locator(`li.candidate[data-official="${best.officialId}"]`);
    await card.waitFor();
    for (const reason of best.reasons) expect(await card.textContent()).toContain(reason.text.vi);
    expect(await panel.locator('li.candidate').count()).toBe(list.candidates.length);
    expect(await axeViolations(page)).toEqual([]);
    await screenshot(page, 'gap-commune');

    await card.getByRole('button', { name: `Đề cử ${best.name}` }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByRole('heading', { name: `Đề cử ${best.name} biệt phái đến ${commune.name}` }).waitFor();
    expect(await dialog.getByLabel('Thời hạn (tháng)').inputValue()).toBe('36');
    expect(await dialog.getByRole('textbox', { name: 'Lý do' }).inputValue()).toContain(commune.name);
    expect(await axeViolations(page)).toEqual([]);
    await dialog.getByRole('button', { name: 'Gửi đề cử' }).click();
    await page.waitForURL(/\/cases\/HS-\d{4}-[0-9A-Z]{8}$/);
    const caseId = decodeURIComponent(new URL(page.url()).pathname.split('/').pop() ?? '');
    const made = (await web.api.as('snv.thamdinh').get(`/cases/${caseId}`).expect(200)).body as Record<string, unknown>;
    expect(made).toMatchObject({ stage: 'department_review', form: 'secondment', officialId: best.officialId, sendingUnitId: best.unitId, receivingUnitId: commune.unitId, proposerId: 'snv.thamdinh' });
  });

  it('a department head reads the suggestions but is offered no nomination', async () => {
    const commune = gap.communes[1];
    const page = await web.newPage();
    await signInAs(page, 'gd.taichinh', `/gap?commune=${commune.unitId}`);
    const panel = page.locator('section.commune-panel');
    await panel.locator('li.candidate').first().waitFor();
    expect(await panel.getByRole('button', { name: /^Đề cử/ }).count()).toBe(0);
    await panel.getByText('Chỉ Sở Nội vụ và cán bộ tổ chức của sở có công chức được đề cử.').waitFor();
  });

  it('fits a phone (390×844): no sideways scrolling of the page, the table as cards', async () => {
    const page = await web.newPage({ width: 390, height: 844 });
    await signInAs(page, 'snv.thamdinh', '/gap');
    await page.getByText(gap.summary.vi).waitFor();
    await page.locator('table.gap-table tbody tr').first().waitFor();
    expect(await page.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(390);
    await screenshot(page, 'gap-phone');
  });
});
