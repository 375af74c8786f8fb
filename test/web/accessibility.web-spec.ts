import { source as axeSource } from 'axe-core';
import type { Page } from 'playwright-core';
import { nominate } from '../support/case-walk';
import { signInAs, useWebStack } from '../support/browser';

interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: unknown[] }[];
}

/** axe-core's WCAG 2.1 A and AA rules on the page as it is now (run through the DevTools protocol, so the page's CSP does not apply). */
async function axeViolations(page: Page): Promise<{ rule: string; impact: string | null; help: string; targets: string[] }[]> {
  await page.evaluate(axeSource);
  const options = { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] }, resultTypes: ['violations'] };
  // A string: the specs compile without the DOM's types, and this runs in the page.
  const violations = await page.evaluate<AxeViolation[]>(`axe.run(document, ${JSON.stringify(options)}).then((result) => result.violations)`);
  return violations.map((v) => ({ rule: v.id, impact: v.impact, help: v.help, targets: v.nodes.slice(0, 5).map((n) => n.target.join(' ')) }));
}

/** Nothing wider than the screen but the tables' own scrolling boxes. */
async function horizontalOverflow(page: Page): Promise<number> {
  return page.evaluate<number>('document.documentElement.scrollWidth - window.innerWidth');
}

/**
 * Every main screen, on a laptop and on a phone, in both languages where it matters: no WCAG 2.1
 * A/AA violation that axe-core can find (labels, names, contrast, landmarks, ARIA), no sideways
 * scrolling on a phone, and the first Tab reaches the skip link.
 */
describe('web UI: accessibility', () => {
  const web = useWebStack('web-a11y');
  let caseId: string;

  beforeAll(async () => {
    caseId = await nominate(web.api, { receivingUnitId: 'xa-cu-bao' });
  });

  const SCREENS: { user: string; path: () => string; ready: string }[] = [
    { user: 'gd.taichinh', path: () => '/inbox', ready: 'main h1' },
    { user: 'snv.thamdinh', path: () => '/pipeline', ready: '[data-stage-count="department_review"]' },
    { user: 'gd.taichinh', path: () => `/cases/${caseId}`, ready: 'main h1' },
    { user: 'hr.taichinh', path: () => '/nominations/new', ready: 'main form' },
    { user: 'snv.thamdinh', path: () => '/gap', ready: 'main table' },
    { user: 'gd.taichinh', path: () => '/notifications', ready: 'main h1' },
    { user: 'gd.taichinh', path: () => '/preferences', ready: 'main form' },
  ];

  it('the sign-in page passes axe-core on a laptop and a phone, without sideways scrolling', async () => {
    for (const width of [1366, 390]) {
      const page = await web.newPage({ width, height: 900 });
      await page.goto('/login');
      await page.locator('button.demo-account').first().waitFor();
      expect(await axeViolations(page)).toEqual([]);
      expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
    }
  });

  it.each([1366, 390])('every main screen passes axe-core at %i px wide, without sideways scrolling', async (width) => {
    const found: Record<string, unknown> = {};
    for (const screen of SCREENS) {
      const page = await web.newPage({ width, height: 900 });
      await signInAs(page, screen.user, screen.path());
      await page.locator(screen.ready).first().waitFor();
      const violations = await axeViolations(page);
      if (violations.length) found[screen.path()] = violations;
      const overflow = await horizontalOverflow(page);
      if (overflow > 0) found[`${screen.path()} overflow`] = `${overflow}px wider than the screen`;
      await page.context().close();
    }
    expect(found).toEqual({});
  });

  it('is usable from the keyboard: the first Tab reaches the skip link, which moves focus to the content', async () => {
    const page = await web.newPage();
    await signInAs(page, 'gd.taichinh');
    await page.locator('main h1').waitFor();
    await page.keyboard.press('Tab');
    expect(await page.locator(':focus').getAttribute('class')).toBe('skip-link');
    await page.keyboard.press('Enter');
    expect(await page.locator(':focus').getAttribute('id')).toBe('main');
  });
});
