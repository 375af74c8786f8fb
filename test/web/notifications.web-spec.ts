import request from 'supertest';
import { nominate } from '../support/case-walk';
import { screenshot, signInAs, useWebStack } from '../support/browser';
import { nextOfficial } from '../support/fixture-officials';

interface Message {
  id: string;
  caseId: string | null;
  readAt: string | null;
  subject: string;
}

interface Inbox {
  items: Message[];
  total: number;
  unread: number;
}

interface Preferences {
  language: 'vi' | 'en';
  email: string | null;
  notifyMode: 'each' | 'digest';
}

/**
 * Notifications and preferences in a real Chromium against the real stack: a step opened for the
 * head shows as an unread message (and in the menu's count), opening it marks it read and opens
 * the case, "mark all read" clears the rest; the preferences switch the language at once, choose
 * the daily digest, and refuse a bad email address beside the field, changing nothing.
 */
describe('web UI: notifications and preferences', () => {
  const web = useWebStack('web-notifications');

  const inbox = async (user: string, query = '?limit=100') => (await web.api.as(user).get(`/notifications${query}`).expect(200)).body as Inbox;
  const preferences = async (user: string) => (await web.api.as(user).get('/me/preferences').expect(200)).body as Preferences;
  const patch = (user: string) => request(web.api.url).patch('/api/v1/me/preferences').set('Authorization', `Bearer ${web.api.tokens[user]}`);

  it('shows the head a step opened for them as unread, counted in the menu; opening it marks it read and opens the case; mark all read clears the rest', async () => {
    const official = nextOfficial('so-tai-chinh');
    const caseId = await nominate(web.api, { officialId: official.id });
    await nominate(web.api, { receivingUnitId: 'phuong-buon-ma-thuot' });
    const before = await inbox('gd.taichinh');
    const message = before.items.find((item) => item.caseId === caseId);
    expect(message).toMatchObject({ readAt: null });
    expect(before.unread).toBeGreaterThanOrEqual(2);

    const page = await web.newPage();
    await signInAs(page, 'gd.taichinh', '/notifications');
    // The menu counts the unread messages, for screen readers too.
    const menuCount = page.getByRole('navigation', { name: 'Chức năng chính' }).getByLabel(`${before.unread} thông báo chưa đọc`);
    expect(await menuCount.textContent()).toBe(String(before.unread));
    // The message: its subject names the case and the official, bold and said unread.
    const item = page.locator(`li.message[data-notification-id="${message!.id}"]`);
    const link = item.getByRole('link', { name: `chưa đọc: ${message!.subject}` });
    await link.waitFor();
    expect(await item.getAttribute('class')).toContain('unread');
    expect(await link.textContent()).toContain(official.name);
    expect(await page.evaluate<string>(`getComputedStyle(document.querySelector('li.message[data-notification-id="${message!.id}"] .message-subject')).fontWeight`)).toBe('700');
    expect(await item.locator('time').textContent()).toMatch(/^\d{2}\/\d{2}\/\d{4} \d{2}:\d{2}$/);
    await page.getByRole('status').filter({ hasText: `${before.unread} thông báo chưa đọc` }).waitFor();
    await screenshot(page, 'notifications');

    // Opening it: read first, then the case.
    await link.click();
    await page.waitForURL(`**/cases/${caseId}`);
    const after = await inbox('gd.taichinh');
    expect(after.items.find((item) => item.id === message!.id)?.readAt).not.toBeNull();
    expect(after.unread).toBe(before.unread - 1);
    await page.getByRole('navigation', { name: 'Chức năng chính' }).getByLabel(`${after.unread} thông báo chưa đọc`).waitFor();

    // Unread only, then mark all read.
    await page.goto('/notifications?unread=true');
    await page.locator('li.message').first().waitFor();
    expect(await page.locator('li.message').count()).toBe(after.unread);
    expect(await page.locator(`li.message[data-notification-id="${message!.id}"]`).count()).toBe(0);
    await page.getByRole('button', { name: 'Đánh dấu tất cả đã đọc' }).click();
    await page.getByRole('status').filter({ hasText: `Đã đánh dấu ${after.unread} thông báo là đã đọc.` }).waitFor();
    await page.getByText('Không có thông báo chưa đọc.', { exact: true }).first().waitFor();
    expect((await inbox('gd.taichinh')).unread).toBe(0);
    await page.getByRole('navigation', { name: 'Chức năng chính' }).getByRole('link', { name: 'Thông báo', exact: true }).waitFor();
    // All of them are there, read.
    await page.getByLabel('Chỉ hiện thông báo chưa đọc').uncheck();
    await page.waitForURL((url) => !url.searchParams.has('unread'));
    await page.locator(`li.message[data-notification-id="${message!.id}"]:not(.unread)`).waitFor();
  });

  it('switches the language at once, chooses the daily digest, and refuses a bad email beside the field, changing nothing', async () => {
    await patch('gd.taichinh').send({ language: 'vi', notifyMode: 'each' }).expect(200);
    const start = await preferences('gd.taichinh');
    const page = await web.newPage();
    await signInAs(page, 'gd.taichinh', '/preferences');
    await page.getByRole('heading', { name: 'Tùy chọn', level: 1 }).waitFor();
    expect(await page.getByLabel('Địa chỉ email').inputValue()).toBe(start.email ?? '');
    await page.getByText('Nhắc hạn xử lý và nhắc hết thời hạn biệt phái là thông báo bắt buộc', { exact: false }).waitFor();
    await screenshot(page, 'preferences');

    // English: the screen switches as soon as it is saved, and so does the account.
    await page.getByRole('radio', { name: 'English' }).check();
    await page.getByRole('button', { name: 'Lưu' }).click();
    await page.getByRole('heading', { name: 'Preferences', level: 1 }).waitFor();
    await page.getByRole('status').filter({ hasText: 'Preferences saved.' }).waitFor();
    expect(await page.locator('html').getAttribute('lang')).toBe('en');
    expect((await preferences('gd.taichinh')).language).toBe('en');

    // The daily digest.
    await page.getByRole('radio', { name: /One daily digest/ }).check();
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByRole('status').filter({ hasText: 'Preferences saved.' }).waitFor();
    const saved = await preferences('gd.taichinh');
    expect(saved).toEqual({ ...start, language: 'en', notifyMode: 'digest' });

    // A bad address: refused beside the field, which names it; nothing changes.
    const email = page.getByLabel('Email address');
    await email.fill('not an address');
    await page.getByRole('radio', { name: /An email for each message/ }).check();
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByRole('alert').filter({ hasText: 'Not saved' }).waitFor();
    expect(await email.getAttribute('aria-invalid')).toBe('true');
    const describedBy = (await email.getAttribute('aria-describedby')) ?? '';
    const errorText = await page.locator(describedBy.split(' ').map((id) => `[id="${id}"].field-error`).join(', ')).textContent();
    expect(errorText).toContain('Not a valid email address');
    expect(await preferences('gd.taichinh')).toEqual(saved);
  });
});
