import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { DEMO_ACCOUNTS } from '@app/persistence';
import { SCREENSHOT_DIR, screenshot, signInAs, useWebStack } from '../support/browser';

/** The bytes a first visit may move over the wire (compressed) before the sign-in page is usable: a budget for slow connections. */
const FIRST_VISIT_BUDGET_BYTES = 40 * 1024;

/**
 * The web UI in a real headless Chromium against the real API, worker and database: served at `/`,
 * in Vietnamese by default, signing in and out, deep links from emails, and the language switch.
 */
describe('web UI: signing in', () => {
  const web = useWebStack('web-sign-in');

  it('serves the app at / and at any page path, precompressed, with a strict content security policy', async () => {
    const root = await fetch(`${web.stack.api.url}/`, { headers: { 'Accept-Encoding': 'br' } });
    expect(root.status).toBe(200);
    expect(root.headers.get('content-type')).toMatch(/^text\/html/);
    expect(root.headers.get('content-encoding')).toBe('br');
    expect(root.headers.get('cache-control')).toBe('no-cache');
    expect(root.headers.get('content-security-policy')).toContain("script-src 'self'");
    const html = await root.text();
    const script = /src="(\/assets\/index-[^"]+\.js)"/.exec(html)?.[1];
    expect(script).toBeDefined();
    const asset = await fetch(`${web.stack.api.url}${script}`, { headers: { 'Accept-Encoding': 'gzip' } });
    expect(asset.headers.get('cache-control')).toContain('immutable');
    expect(asset.headers.get('content-encoding')).toBe('gzip');
    // Email links: the page path serves the app; the API and unknown files keep their own answers.
    expect((await fetch(`${web.stack.api.url}/cases/HS-2026-7K3M9Q2X`)).headers.get('content-type')).toMatch(/^text\/html/);
    expect((await fetch(`${web.stack.api.url}/api/v1/me`)).status).toBe(401);
    expect((await fetch(`${web.stack.api.url}/assets/missing.js`)).status).toBe(404);
  });

  it('lists the demo accounts in Vietnamese, signs in with one click, and signs out', async () => {
    const page = await web.newPage();
    await page.goto('/');
    await page.waitForURL('**/login');
    expect(await page.locator('html').getAttribute('lang')).toBe('vi');
    await page.getByRole('heading', { name: 'Tài khoản dùng thử' }).waitFor();
    expect(await page.locator('button.demo-account').count()).toBe(DEMO_ACCOUNTS.length);
    await screenshot(page, 'login');

    await page.locator('button[data-username="gd.taichinh"]').click();
    await page.waitForURL('**/inbox');
    await page.getByRole('banner').getByText('Lê Văn Cường').waitFor();
    await page.getByRole('button', { name: 'Đăng xuất' }).click();
    await page.waitForURL('**/login');
    // The session ended on the server too: going back does not sign anyone in.
    await page.goto('/inbox');
    await page.waitForURL('**/login?next=%2Finbox');
  });

  it('refuses a wrong password with the reason, in the chosen language, and changes nothing', async () => {
    const page = await web.newPage();
    await page.goto('/login');
    await page.getByRole('button', { name: 'English' }).click();
    await page.getByLabel('Username').fill('gd.taichinh');
    await page.getByLabel('Password').fill('not the password');
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    const alert = page.getByRole('alert');
    await alert.waitFor();
    expect(await alert.textContent()).toContain('The username or password is wrong');
    expect(new URL(page.url()).pathname).toBe('/login');
  });

  it('keeps a first visit small for a slow connection: the page, its script and styles and the first data, compressed', async () => {
    const page = await web.newPage();
    const transfers: { url: string; bytes: number }[] = [];
    page.on('requestfinished', (request) => {
      void request.sizes().then((sizes) => transfers.push({ url: new URL(request.url()).pathname, bytes: sizes.responseBodySize + sizes.responseHeadersSize }));
    });
    await page.goto('/login');
    await page.locator('button.demo-account').first().waitFor();
    await page.waitForLoadState('networkidle');
    const total = transfers.reduce((sum, t) => sum + t.bytes, 0);
    // Recorded for the notes (the closing note of issue 7 cites it); the budget is the assertion.
    await mkdir(join(SCREENSHOT_DIR, '..'), { recursive: true });
    await writeFile(join(SCREENSHOT_DIR, '..', 'first-visit.json'), JSON.stringify({ totalBytes: total, transfers }, null, 2));
    expect(transfers.map((t) => t.url)).toEqual(expect.arrayContaining(['/login', '/api/v1/auth/demo-accounts']));
    expect(total).toBeLessThan(FIRST_VISIT_BUDGET_BYTES);
  });

  it('opens the page an email links to after signing in (deep link)', async () => {
    const page = await web.newPage();
    await signInAs(page, 'snv.thamdinh', '/notifications');
    expect(new URL(page.url()).pathname).toBe('/notifications');
  });
});
