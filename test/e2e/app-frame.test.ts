import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addStaff, makeTempDir, startShell, writeConfig, type RunningShell } from '../support/browser-shell-process';
import { launchChromium, screenshot } from '../support/chromium';

// The app frame as a clerk meets it at the start of a day: sign in, read the header and the
// status bar, move around with the keyboard, step away and come back. Runs the real browser
// shell (dist/, so build first) against a fresh data directory.

/** Most counters run 1366×768; everything must fit there. */
const VIEWPORT = { width: 1366, height: 768 };
const PIN = '246810';

/** Console errors that are expected: a refused sign-in answers 403, which Chromium logs. */
function isExpectedConsoleError(text: string): boolean {
  return /Failed to load resource: the server responded with a status of 403/.test(text);
}

async function visible(locator: Locator): Promise<void> {
  await locator.first().waitFor({ state: 'visible', timeout: 15_000 });
}

/**
 * Starts the browser shell with the core's PC time zone set to `zone` (the core takes it from TZ;
 * spawn copies the environment at once, so it is put back right after).
 */
async function startShellInZone(args: string[], zone: string): Promise<RunningShell> {
  const previous = process.env['TZ'];
  process.env['TZ'] = zone;
  const starting = startShell(args);
  if (previous === undefined) delete process.env['TZ'];
  else process.env['TZ'] = previous;
  return starting;
}

/**
 * A zone whose date is not the hall's (Asia/Shanghai, UTC+8) right now: UTC−12 shares
 * Shanghai's date only from 12:00 to 15:59 UTC, and UTC+14 only from 16:00 to 09:59 UTC; the
 * hour ranges keep clear of both, with an hour's margin against a slow run.
 */
function zoneWithAnotherDate(now: Date): string {
  const hour = now.getUTCHours();
  return hour < 11 || hour >= 16 ? 'Etc/GMT+12' : 'Pacific/Kiritimati';
}

describe('app frame (configured window)', () => {
  let shell: RunningShell;
  let browser: Browser;
  let page: Page;
  const pageErrors: string[] = [];

  beforeAll(async () => {
    const dataDir = makeTempDir('app-frame');
    const config = writeConfig(dataDir, {
      hall: { code: 'JQ', name: '金桥区政务服务中心' },
      window: { number: 12, name: '综合受理窗口' },
    });
    await addStaff(dataDir, '1001', '王芳', PIN);
    // The PC in the hall's own zone: its date is the hall's, so no date warning (checked below).
    shell = await startShellInZone(['--data-dir', dataDir, '--config', config], 'Asia/Shanghai');
    browser = await launchChromium();
    page = await browser.newPage({ viewport: VIEWPORT, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
    page.on('pageerror', (err) => pageErrors.push(`pageerror: ${err.message}`));
    page.on('console', (msg) => {
      if (msg.type() === 'error' && !isExpectedConsoleError(msg.text())) pageErrors.push(`console: ${msg.text()}`);
    });
  });

  afterAll(async () => {
    await browser?.close();
    if (shell) expect(await shell.stop()).toBe(0);
  });

  it('opens on the sign-in screen naming the hall and the window', async () => {
    await page.goto(shell.url);
    await visible(page.getByRole('heading', { name: '金桥区政务服务中心' }));
    await visible(page.getByText('12号窗口'));
    await visible(page.getByText('工作人员登录'));
    expect(await page.getByLabel('工号').isVisible()).toBe(true);
    expect(await page.getByLabel('密码').getAttribute('type')).toBe('password');
    // A configured window shows no demo warning.
    expect(await page.getByText('正在使用演示配置').count()).toBe(0);
    await screenshot(page, 'app-frame-signin');
  });

  it('says beside the password how many tries are left after a wrong PIN', async () => {
    await page.getByLabel('工号').fill('1001');
    await page.getByLabel('密码').fill('999999');
    await page.keyboard.press('Enter');
    await visible(page.getByText('工号或密码错误，还可尝试 4 次'));
    expect(await page.getByLabel('密码').inputValue()).toBe('');
  });

  it('signs in with the PIN and shows the hall, the window and the clerk in the header', async () => {
    // The cursor is back in the emptied password field: the clerk just types again.
    await page.keyboard.type(PIN);
    await page.keyboard.press('Enter');
    const header = page.getByRole('banner');
    await visible(header.getByText('王芳'));
    await visible(header.getByText('金桥区政务服务中心'));
    await visible(header.getByText('12号窗口'));
    await visible(header.getByText('综合受理窗口'));
    await visible(header.getByText('工号 1001'));
    await visible(header.getByRole('button', { name: '暂离' }));
    await visible(header.getByRole('button', { name: '退出' }));
    // The clock ticks in the hall's time zone: HH:MM:SS.
    expect(await header.getByLabel('当前时间').textContent()).toMatch(/^\d{2}:\d{2}:\d{2}$/);
  });

  it('shows the database, sync and every device in the status bar', async () => {
    const status = page.getByRole('contentinfo', { name: '状态栏' });
    for (const text of ['数据库 正常', '同步 未配置', '评价器 未配置', '回执打印机 未配置', '排队票打印机 未配置', '本机服务 已连接']) {
      await visible(status.getByText(text, { exact: true }));
    }
    await visible(status.getByText('版本 0.1.0'));
    await visible(status.getByText(/^\d{4}年\d{1,2}月\d{1,2}日 星期./));
    // The PC's date is the hall's: no date warning.
    expect(await status.getByText('本机日期与大厅日期不同').count()).toBe(0);
    // Every section is in the navigation with its shortcut.
    const nav = page.getByRole('navigation', { name: '主导航' });
    for (const [label, digit] of [['受理', 1], ['办件', 2], ['打印任务', 3], ['叫号', 4], ['评价', 5], ['统计', 6], ['设置', 7]] as const) {
      await visible(nav.getByRole('menuitem', { name: new RegExp(`${label}\\s*Alt\\+${digit}`) }));
    }
    await screenshot(page, 'app-frame');
  });

  it('goes to 办件 with Alt+2 and says plainly that there are no cases yet', async () => {
    await page.keyboard.press('Alt+2');
    await visible(page.getByRole('heading', { name: '办件', level: 2 }));
    await visible(page.getByText('还没有办件'));
    expect(page.url()).toMatch(/#\/cases$/);
    // `/` puts the cursor in the search box, wherever focus was.
    await page.getByRole('heading', { name: '办件', level: 2 }).click();
    await page.keyboard.press('/');
    expect(await page.getByLabel('搜索办件').evaluate((el) => el === document.activeElement)).toBe(true);
    await page.keyboard.press('Escape');
    await page.getByRole('heading', { name: '办件', level: 2 }).click();
    await screenshot(page, 'cases-empty');
  });

  it('opens the shortcut list with F1 and closes it with Esc', async () => {
    await page.keyboard.press('F1');
    const help = page.getByRole('dialog', { name: '快捷键' });
    await visible(help);
    await visible(help.getByText('暂离：锁定屏幕，暂停服务'));
    await page.keyboard.press('Escape');
    await help.waitFor({ state: 'hidden' });
  });

  it('pauses with Ctrl+L behind an opaque lock screen and resumes with the PIN where it was', async () => {
    await page.keyboard.press('Control+L');
    const lock = page.getByRole('dialog', { name: '12号窗口 暂停服务' });
    await visible(lock);
    await visible(lock.getByText('王芳'));
    // Nothing behind the lock reacts to shortcuts.
    await page.keyboard.press('Alt+6');
    expect(page.url()).toMatch(/#\/cases$/);
    await screenshot(page, 'app-frame-paused');

    // The PIN field has the cursor as soon as the lock screen is up.
    await page.keyboard.type(PIN);
    await page.keyboard.press('Enter');
    await lock.waitFor({ state: 'hidden' });
    await visible(page.getByRole('heading', { name: '办件', level: 2 }));
    await visible(page.getByRole('banner').getByText('王芳'));
  });

  it('gives the cursor back to the field the clerk was typing in when the window resumes', async () => {
    await page.keyboard.press('Alt+1');
    const name = page.locator('#ik-applicant\\.name');
    await name.click();
    await page.keyboard.insertText('李雷');
    await page.keyboard.press('Control+L');
    const lock = page.getByRole('dialog', { name: '12号窗口 暂停服务' });
    await visible(lock);
    // Behind the lock nothing has the focus: the PIN field has it.
    expect(await name.evaluate((el) => el === document.activeElement)).toBe(false);

    await page.keyboard.type(PIN);
    await page.keyboard.press('Enter');
    await lock.waitFor({ state: 'hidden' });
    await expect.poll(() => name.evaluate((el) => el === document.activeElement)).toBe(true);
    expect(await name.inputValue()).toBe('李雷');
    // Typing goes on where it stopped.
    await page.keyboard.insertText('明');
    expect(await name.inputValue()).toBe('李雷明');
  });

  it('raised no errors in the page', () => {
    expect(pageErrors).toEqual([]);
  });
});

describe('app frame (no config file)', () => {
  let shell: RunningShell;
  let browser: Browser;

  beforeAll(async () => {
    const dataDir = makeTempDir('app-frame-demo');
    // With no staff account an empty folder opens the first-run setup (setup-wizard.test.ts);
    // a folder given staff by the command but no config file runs on the demo settings.
    await addStaff(dataDir, '1001', '王芳', PIN);
    shell = await startShell(['--data-dir', dataDir]);
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    if (shell) expect(await shell.stop()).toBe(0);
  });

  it('warns on every screen that the demonstration settings are in use', async () => {
    const page = await browser.newPage({ viewport: VIEWPORT });
    await page.goto(shell.url);
    await visible(
      page.getByText('未指定配置文件，正在使用演示配置：办件编号以 DEMO 开头。请信息科按 README 配置。', { exact: true }),
    );
    await visible(page.getByRole('heading', { name: '演示政务服务中心' }));
  });
});

describe('app frame on a PC whose date is not the hall’s', () => {
  let shell: RunningShell;
  let browser: Browser;
  const zone = zoneWithAnotherDate(new Date());

  beforeAll(async () => {
    const dataDir = makeTempDir('app-frame-tz');
    const config = writeConfig(dataDir, { hall: { code: 'JQ', name: '金桥区政务服务中心' }, window: { number: 12 } });
    await addStaff(dataDir, '1001', '王芳', PIN);
    shell = await startShellInZone(['--data-dir', dataDir, '--config', config], zone);
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    if (shell) expect(await shell.stop()).toBe(0);
  });

  it('warns a clerk in the status bar, naming both dates and that the hall’s date counts', async () => {
    const page = await browser.newPage({ viewport: VIEWPORT, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
    await page.goto(shell.url);
    await page.getByLabel('工号').fill('1001');
    await page.getByLabel('密码').fill(PIN);
    await page.keyboard.press('Enter');
    // A clerk starts at 受理 and never opens 设置: the warning is in the status bar on every page.
    const status = page.getByRole('contentinfo', { name: '状态栏' });
    const warning = status.locator('.status-date-warning');
    await visible(warning);
    expect(await warning.innerText()).toContain('本机日期与大厅日期不同');
    // Reachable from the keyboard: the tooltip with both dates opens on focus.
    await warning.focus();
    const tip = page.getByRole('tooltip');
    await visible(tip.getByText(/本机日期 \d{4}-\d{2}-\d{2}（/));
    const text = (await tip.first().textContent()) ?? '';
    const [, pcDate, hallDate] = /本机日期 (\d{4}-\d{2}-\d{2})（[^）]+）\s*大厅日期 (\d{4}-\d{2}-\d{2})（Asia\/Shanghai）/.exec(text) ?? [];
    expect(pcDate).toBeDefined();
    expect(pcDate).not.toBe(hallDate);
    expect(text).toContain(`（${zone}）`);
    expect(text).toContain('办件编号和期限按大厅日期计算');
    await screenshot(page, 'app-frame-pc-date-differs');
  });
});
