import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { projectRoot } from '@app/config/project-root';
import { webRoot } from '../../apps/api/src/web/web-ui';
import { useApiStack, type ApiSpec } from './api-client';
import { testEnv } from './test-env';

/** Where the browser specs save their screenshots (git-ignored); the closing notes cite these paths. */
export const SCREENSHOT_DIR = join(projectRoot(), '.test-results', 'screenshots');

/**
 * Debian's Chromium (provisioned by the global setup), headless. The background-networking flags
 * keep it from calling out of this closed network; `--no-sandbox` because CI runs as root.
 */
export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: testEnv('chromiumPath'),
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-dev-shm-usage',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

export interface WebSpec extends ApiSpec {
  /** Filled in by beforeAll: the browser, shared by the file's tests. */
  browser: Browser;
  /** A fresh context (its own storage: nobody signed in) on a laptop-sized screen, or the size given. */
  newPage(options?: { width?: number; height?: number; locale?: string }): Promise<Page>;
}

/**
 * A spec file's stack (API serving the built UI, worker, fresh database) and a headless Chromium,
 * with the demo accounts listed on the sign-in page. Every context opened is closed after the file.
 */
export function useWebStack(prefix: string): WebSpec {
  let saved: string | undefined;
  beforeAll(() => {
    if (!existsSync(join(webRoot(), 'index.html'))) throw new Error(`the web UI is not built at ${webRoot()}: run npm run build (npm test does)`);
    saved = process.env.SHOW_DEMO_ACCOUNTS;
    process.env.SHOW_DEMO_ACCOUNTS = 'true';
  });
  const spec = useApiStack(prefix) as WebSpec;
  const contexts: BrowserContext[] = [];
  beforeAll(async () => {
    if (saved === undefined) delete process.env.SHOW_DEMO_ACCOUNTS;
    else process.env.SHOW_DEMO_ACCOUNTS = saved;
    spec.browser = await launchBrowser();
    spec.newPage = async ({ width = 1366, height = 900, locale = 'vi-VN' } = {}) => {
      const context = await spec.browser.newContext({ viewport: { width, height }, locale, timezoneId: 'Asia/Ho_Chi_Minh', baseURL: spec.stack.api.url });
      contexts.push(context);
      const page = await context.newPage();
      page.setDefaultTimeout(20_000);
      return page;
    };
  });
  afterAll(async () => {
    await Promise.all(contexts.map((context) => context.close().catch(() => undefined)));
    await spec.browser?.close();
  });
  return spec;
}

/** Signs in through the sign-in page by the demo account's button, and waits for the inbox (or `next`). */
export async function signInAs(page: Page, username: string, next = '/inbox'): Promise<void> {
  await page.goto(next === '/inbox' ? '/login' : `/login?next=${encodeURIComponent(next)}`);
  await page.locator(`button[data-username="${username}"]`).click();
  await page.waitForURL((url) => url.pathname === next.split('?')[0]);
}

/** A full-page screenshot at `.test-results/screenshots/<name>.png`. */
export async function screenshot(page: Page, name: string): Promise<string> {
  await mkdir(SCREENSHOT_DIR, { recursive: true });
  const path = join(SCREENSHOT_DIR, `${name}.png`);
  await page.screenshot({ path, fullPage: true });
  return path;
}
