/**
 * Nothing a clerk typed is lost (issue 11 §5): a half-filled intake comes back after the app is
 * killed mid-intake and started again on the same data folder — a new process, a new port (so a
 * new origin: the page's own storage is gone) and a new browser — once the same clerk signs in
 * again. It is the clerk's: another clerk at the same window gets an empty form. A damaged stored
 * draft is dropped with a note, not a crash.
 */
import path from 'node:path';
import Database from 'better-sqlite3';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { addStaff, callApi, makeTempDir, startShell, writeConfig, type RunningShell } from '../support/browser-shell-process';
import { animationsSettled, launchChromium, screenshot } from '../support/chromium';
import { residentIdNumber } from '../support/identity-numbers';

const ITEM_NAME = '个体工商户设立登记';
// U+21484 (Ext. B) after an ordinary character: kept exactly through the core and back.
const NAME = '王𡒄';
const ID_NUMBER = residentIdNumber('330102', '1985-06-15', 7);
const HALF_TYPED_MOBILE = '1380571';

let dataDir: string;
let config: string;
let shell: RunningShell | null = null;
let browser: Browser;
let context: BrowserContext | null = null;

interface StoredDraft {
  draft: { applicant: { person: { name: string; idNumber: string; mobile: string } }; receipts: Record<string, { received: boolean }> } | null;
  discarded: string | null;
}

async function storedDraft(s: RunningShell): Promise<StoredDraft> {
  const res = await callApi(s, 'drafts.get', {});
  const body = res.body as { ok: true; value: StoredDraft } | { ok: false; error: { message: string } };
  if (!body.ok) throw new Error(`drafts.get: ${body.error.message}`);
  return body.value;
}

/** A fresh browser (no storage from before), signed in on the running shell. */
async function openSignedIn(s: RunningShell, staffNumber: string, pin: string): Promise<Page> {
  // The window has one session, whichever browser shows it: end it, as a restart would.
  await callApi(s, 'session.signOut', {});
  await context?.close();
  context = await browser.newContext({ viewport: { width: 1366, height: 768 }, locale: 'zh-CN' });
  const page = await context.newPage();
  await page.goto(s.url);
  await page.getByLabel('工号').fill(staffNumber);
  await page.getByLabel('密码').fill(pin);
  await page.keyboard.press('Enter');
  await page.getByRole('combobox', { name: '搜索事项' }).waitFor();
  return page;
}

async function signOut(page: Page): Promise<void> {
  await page.getByRole('banner').getByRole('button', { name: /退出/ }).click();
  await page.getByRole('dialog', { name: '退出登录？' }).getByRole('button', { name: /退出/ }).click();
  await page.getByText('工作人员登录').waitFor();
}

const nameField = (p: Page) => p.locator('#ik-applicant\\.name');
const idField = (p: Page) => p.locator('#ik-applicant\\.idNumber');
const mobileField = (p: Page) => p.locator('#ik-applicant\\.mobile');

beforeAll(async () => {
  dataDir = makeTempDir('intake-draft-e2e');
  config = writeConfig(dataDir, { hall: { code: 'JQ', name: '金桥区政务服务中心' }, window: { number: 12 } });
  await addStaff(dataDir, '1001', '王芳', '246810');
  await addStaff(dataDir, '1002', '李娜', '135790');
  shell = await startShell(['--data-dir', dataDir, '--config', config]);
  browser = await launchChromium();
});

afterAll(async () => {
  await context?.close();
  await browser?.close();
  await shell?.stop();
});

describe('intake drafts', () => {
  test('a half-filled intake comes back after the app is killed and started again, to its clerk only', async () => {
    let page = await openSignedIn(shell!, '1001', '246810');
    const search = page.getByRole('combobox', { name: '搜索事项' });
    await expect.poll(() => search.evaluate((el) => el === document.activeElement)).toBe(true);
    await page.keyboard.type('gtgs');
    await page.getByRole('option', { name: new RegExp(ITEM_NAME) }).first().waitFor();
    await page.keyboard.press('Enter');
    await page.getByLabel('已选事项').getByText(ITEM_NAME).waitFor();
    await expect.poll(() => nameField(page).evaluate((el) => el === document.activeElement)).toBe(true);
    await page.keyboard.insertText(NAME);
    await idField(page).fill(ID_NUMBER);
    await mobileField(page).click();
    await page.keyboard.type(HALF_TYPED_MOBILE); // still being typed when the app dies
    await page.keyboard.press('Alt+M');
    await page.keyboard.press('Space'); // M1 received
    await page.getByText('必需材料 3 项：已齐 1').waitFor();

    // The core holds it shortly after typing stops, without the field being left.
    await expect
      .poll(async () => {
        const d = (await storedDraft(shell!)).draft;
        return d ? [d.applicant.person.name, d.applicant.person.idNumber, d.applicant.person.mobile, d.receipts.M1?.received] : null;
      }, { timeout: 10_000 })
      .toEqual([NAME, ID_NUMBER, HALF_TYPED_MOBILE, true]);

    // A crash of the whole app: the process is killed, the browser goes with it.
    const oldOrigin = shell!.origin;
    shell!.process.kill('SIGKILL');
    await shell!.stop();
    await context?.close();
    context = null;
    shell = await startShell(['--data-dir', dataDir, '--config', config]);
    // Another port, another origin: nothing the page kept itself can be there.
    expect(shell.origin).not.toBe(oldOrigin);

    page = await openSignedIn(shell, '1001', '246810');
    await page.goto(`${shell.origin}/#/intake`);
    const banner = page.getByText(/已恢复 \d{2}:\d{2} 的草稿/);
    await banner.waitFor();
    await expect.poll(() => nameField(page).inputValue()).toBe(NAME);
    expect(await idField(page).inputValue()).toBe(ID_NUMBER);
    expect(await mobileField(page).inputValue()).toBe(HALF_TYPED_MOBILE);
    await page.getByLabel('已选事项').getByText(ITEM_NAME).waitFor();
    await page.getByText('必需材料 3 项：已齐 1').waitFor();
    await animationsSettled(page);
    await screenshot(page, 'intake-draft-restored');

    // Another clerk at the same window: an empty form, no banner.
    await signOut(page);
    await page.getByLabel('工号').fill('1002');
    await page.getByLabel('密码').fill('135790');
    await page.keyboard.press('Enter');
    await page.getByRole('combobox', { name: '搜索事项' }).waitFor();
    await page.goto(`${shell.origin}/#/intake`);
    await page.getByRole('combobox', { name: '搜索事项' }).waitFor();
    expect((await storedDraft(shell)).draft).toBeNull();
    expect(await nameField(page).inputValue()).toBe('');
    expect(await page.getByText(/已恢复.*的草稿/).count()).toBe(0);
    await signOut(page);

    // Signing out did not throw the first clerk's draft away.
    page = await openSignedIn(shell, '1001', '246810');
    await page.goto(`${shell.origin}/#/intake`);
    await page.getByText(/已恢复 \d{2}:\d{2} 的草稿/).waitFor();
    await expect.poll(() => nameField(page).inputValue()).toBe(NAME);

    // 丢弃草稿 (after asking) removes the core's copy too.
    await page.getByRole('button', { name: '丢弃草稿' }).click();
    await page.getByRole('dialog', { name: '放弃本件，重新开始？' }).getByRole('button', { name: /清空重来/ }).click();
    expect(await nameField(page).inputValue()).toBe('');
    await expect.poll(async () => (await storedDraft(shell!)).draft).toBeNull();
  });

  test('a damaged stored draft is dropped with a note, and the form works', async () => {
    let page = await openSignedIn(shell!, '1001', '246810');
    await page.goto(`${shell!.origin}/#/intake`);
    await expect.poll(() => nameField(page).evaluate((el) => el !== null)).toBe(true);
    await nameField(page).fill('张三');
    await expect.poll(async () => (await storedDraft(shell!)).draft?.applicant.person.name).toBe('张三');
    // Damaged on disk while the app runs (a bad sector, a hand edit).
    const db = new Database(path.join(dataDir, 'counter.sqlite'));
    db.prepare(`UPDATE intake_drafts SET body = '{"clientRequestId": "d'`).run();
    db.close();

    page = await openSignedIn(shell!, '1001', '246810');
    await page.goto(`${shell!.origin}/#/intake`);
    await page.getByText('上次保存的草稿已损坏，无法读取，已丢弃。').waitFor();
    expect(await nameField(page).inputValue()).toBe('');
    await nameField(page).fill('李四');
    await expect.poll(async () => (await storedDraft(shell!)).draft?.applicant.person.name).toBe('李四');
  });
});
