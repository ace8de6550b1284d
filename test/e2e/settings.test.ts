import { spawn } from 'node:child_process';
import fs from 'node:fs';
import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addStaff, makeTempDir, requireBuilt, startShell, writeConfig, type RunningShell } from '../support/browser-shell-process';
import { animationsSettled, launchChromium, screenshot } from '../support/chromium';

// The 设置 page as the hall's IT administrator and a clerk meet it: the administrator changes the
// window's name and its receipt printer, is told what waits for a restart, and finds the change
// in the 变更记录 with their name; a bad value is refused beside its field; a clerk only reads.
// Runs the real browser shell (dist/, so build first) on a fresh data folder.

const VIEWPORT = { width: 1366, height: 768 };
const ADMIN = { staffNumber: '9001', name: '李强', pin: '135790' } as const;
const CLERK = { staffNumber: '1001', name: '王芳', pin: '246810' } as const;

/** Registers a 系统管理员 through the staff command, as a scripted install does. */
async function addAdministrator(dataDir: string): Promise<void> {
  const cli = requireBuilt('staff-cli.cjs');
  const args = [cli, 'add', '--number', ADMIN.staffNumber, '--name', ADMIN.name, '--role', 'it_admin', '--pin-stdin', '--data-dir', dataDir];
  await new Promise<void>((resolve, reject) => {
    const child = spawn(process.execPath, args, { stdio: ['pipe', 'pipe', 'pipe'] });
    let err = '';
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`staff add --role it_admin failed (${code}): ${err}`))));
    child.stdin.end(`${ADMIN.pin}\n`);
  });
}

async function visible(locator: Locator): Promise<void> {
  await locator.first().waitFor({ state: 'visible', timeout: 15_000 });
}

async function signIn(page: Page, who: { staffNumber: string; pin: string }): Promise<void> {
  await visible(page.getByLabel('工号'));
  await page.getByLabel('工号').fill(who.staffNumber);
  await page.getByLabel('密码').fill(who.pin);
  await page.keyboard.press('Enter');
  await visible(page.getByRole('button', { name: '退出' }));
}

async function signOut(page: Page): Promise<void> {
  await page.getByRole('banner').getByRole('button', { name: '退出' }).click();
  await page.getByRole('dialog').getByRole('button', { name: '退出' }).click();
  await visible(page.getByLabel('工号'));
}

/** The message antd shows under a form field, found from the field's label. */
function fieldMessage(page: Page | Locator, label: string): Locator {
  return page.locator('.ant-form-item').filter({ has: page.getByLabel(label, { exact: true }) }).locator('.ant-form-item-explain-error');
}

type Box = { x: number; y: number; width: number; height: number };

/** No two boxes share any area (each device's box stays its own). */
function expectNoOverlap(boxes: readonly Box[]): void {
  for (const [i, a] of boxes.entries()) {
    for (const b of boxes.slice(i + 1)) {
      const apart = a.x + a.width <= b.x || b.x + b.width <= a.x || a.y + a.height <= b.y || b.y + b.height <= a.y;
      expect(apart, `${JSON.stringify(a)} overlaps ${JSON.stringify(b)}`).toBe(true);
    }
  }
}

/**
 * A zone whose date differs from Shanghai's (UTC+8) now: UTC−12 is a day behind before 12:00
 * UTC and Shanghai a day ahead from 16:00; in between UTC+14 is a day ahead of Shanghai.
 */
function zoneWithAnotherDate(now: Date): string {
  const hour = now.getUTCHours();
  return hour < 11 || hour >= 16 ? 'Etc/GMT+12' : 'Pacific/Kiritimati';
}

describe('设置 for the administrator and a clerk', () => {
  let dataDir: string;
  let configFile: string;
  let shell: RunningShell;
  let browser: Browser;
  let page: Page;
  const pageErrors: string[] = [];

  beforeAll(async () => {
    dataDir = makeTempDir('settings');
    configFile = writeConfig(dataDir, {
      hall: { code: 'JQ', name: '金桥区政务服务中心' },
      window: { number: 12, name: '综合受理窗口' },
    });
    await addAdministrator(dataDir);
    await addStaff(dataDir, CLERK.staffNumber, CLERK.name, CLERK.pin);
    shell = await startShell(['--data-dir', dataDir, '--config', configFile]);
    browser = await launchChromium();
    page = await browser.newPage({ viewport: VIEWPORT, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
    page.on('pageerror', (err) => pageErrors.push(`pageerror: ${err.message}`));
  });

  afterAll(async () => {
    await browser?.close();
    if (shell) expect(await shell.stop()).toBe(0);
  });

  it('opens 设置 for the administrator with the form, the clock and the ports found', async () => {
    await page.goto(shell.url);
    await signIn(page, ADMIN);
    await visible(page.getByRole('heading', { name: '设置', level: 2 }));
    // The form starts from the saved file. The cursor is on the page, not in the hall code (the
    // start of every case number, rarely changed), and each rule-bound field has its asterisk.
    await visible(page.getByLabel('窗口名称'));
    expect(await page.getByLabel('窗口名称').inputValue()).toBe('综合受理窗口');
    expect(await page.getByLabel('窗口号').inputValue()).toBe('12');
    await expect
      .poll(() => page.getByRole('heading', { name: '设置', level: 2 }).evaluate((el) => el === document.activeElement))
      .toBe(true);
    expect(await page.getByLabel('大厅代码').evaluate((el) => el === document.activeElement)).toBe(false);
    expect(await page.locator('label.ant-form-item-required[for="hall_code"]').count()).toBe(1);
    // The clock card: the PC's time and the hall's, both ticking.
    const clock = page.locator('.clock-card');
    await visible(clock.getByText('本机时间'));
    await visible(clock.getByText('大厅时间'));
    expect(await clock.getByTestId('hall-clock').textContent()).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/);
    // 检测串口 lists what the OS has (or says in words why it cannot).
    await page.getByRole('button', { name: '检测串口' }).click();
    await visible(page.locator('.port-list-table, .port-list-alert'));
    await screenshot(page, 'settings-admin');
    expect(pageErrors).toEqual([]);
  });

  it('refuses window number 1000 beside the field and saves nothing', async () => {
    const before = fs.readFileSync(configFile, 'utf8');
    const number = page.getByLabel('窗口号');
    await number.fill('1000');
    await visible(fieldMessage(page, '窗口号').getByText('窗口号应为 1–999 的整数'));
    await page.keyboard.press('Control+s');
    // Still refused, still on the page, the cursor back in the bad field; the file is as it was.
    await visible(fieldMessage(page, '窗口号').getByText('窗口号应为 1–999 的整数'));
    expect(await number.evaluate((el) => el === document.activeElement)).toBe(true);
    await number.scrollIntoViewIfNeeded();
    await screenshot(page, 'settings-invalid');
    expect(fs.readFileSync(configFile, 'utf8')).toBe(before);
    await expect.poll(() => page.locator('.settings-history').getByText('暂无变更记录').count()).toBe(1);
    // 12.5 is not quietly rounded to 13: it stays as typed, with the schema's message.
    await number.fill('12.5');
    await visible(fieldMessage(page, '窗口号').getByText('窗口号应为 1–999 的整数'));
    await page.getByLabel('窗口名称').focus();
    expect(await number.inputValue()).toBe('12.5');
    await visible(fieldMessage(page, '窗口号').getByText('窗口号应为 1–999 的整数'));
    await number.fill('12');
    await fieldMessage(page, '窗口号').waitFor({ state: 'detached' });
  });

  it('says what a new 窗口号 does to the case numbers before saving it, and saves nothing when told no', async () => {
    const before = fs.readFileSync(configFile, 'utf8');
    await page.getByLabel('窗口号').fill('13');
    await page.keyboard.press('Control+s');
    const ask = page.getByRole('dialog').filter({ hasText: '修改办件编号' });
    await visible(ask.getByText('重启后新办件编号将以 JQ-13- 开头；与其他窗口重复会造成编号重复。确认修改？'));
    await animationsSettled(page);
    expect(await ask.getByRole('button', { name: '取消' }).evaluate((el) => el === document.activeElement)).toBe(true);
    await screenshot(page, 'settings-numbering-confirm');
    // 取消 has the cursor: Enter keeps the file as it was and the edit on the page.
    await page.keyboard.press('Enter');
    await ask.waitFor({ state: 'hidden' });
    expect(fs.readFileSync(configFile, 'utf8')).toBe(before);
    await visible(page.getByText('有尚未保存的修改'));
    await page.getByRole('button', { name: '撤销修改' }).click();
    await visible(page.getByText('没有未保存的修改'));
  });

  it('lays the three devices out without overlap at 1366 px, each on a serial port or network printer', async () => {
    await page.getByRole('group', { name: '评价器' }).getByText('串口', { exact: true }).click();
    await page.getByRole('group', { name: '回执打印机' }).getByText('串口', { exact: true }).click();
    await page.getByRole('group', { name: '排队票打印机' }).getByText('网络打印机', { exact: true }).click();
    for (const name of ['评价器', '回执打印机', '排队票打印机']) {
      // Nothing sticks out of its box into the next.
      expect(await page.getByRole('group', { name }).evaluate((el) => el.scrollWidth <= el.clientWidth + 1)).toBe(true);
    }
    const boxes = await Promise.all(
      ['评价器', '回执打印机', '排队票打印机'].map(async (name) => (await page.getByRole('group', { name }).boundingBox())!),
    );
    expectNoOverlap(boxes);
    await page.getByRole('group', { name: '评价器' }).scrollIntoViewIfNeeded();
    await screenshot(page, 'settings-devices-serial');
    // Back to 无, as saved: nothing of this is to be saved.
    await page.getByRole('button', { name: '撤销修改' }).click();
    await visible(page.getByText('没有未保存的修改'));
  });

  it('saves a new window name and receipt printer, says what needs a restart, and records old → new', async () => {
    await page.getByLabel('窗口名称').fill('社保医保窗口');
    const printer = page.getByRole('group', { name: '回执打印机' });
    await printer.getByText('网络打印机', { exact: true }).click();
    // 另办事项: an item of another department, chosen by name.
    await page.getByLabel('另办事项').fill('食品经营许可');
    await page.locator('.ant-select-item-option').filter({ hasText: '食品经营许可' }).first().click();
    await page.keyboard.press('Escape');
    await printer.getByLabel('打印机地址').fill('192.168.1.50');
    await visible(page.getByText('有尚未保存的修改'));
    await page.keyboard.press('Control+s');

    const saved = page.locator('.settings-saved');
    await visible(saved.getByText('已保存 3 项修改'));
    // The cursor stays where it was when saving, not back at the top of the form.
    await expect.poll(() => printer.getByLabel('打印机地址').evaluate((el) => el === document.activeElement)).toBe(true);
    // The file now holds the new settings.
    const written = JSON.parse(fs.readFileSync(configFile, 'utf8')) as {
      window: { name: string };
      devices: { receiptPrinter: unknown };
    };
    expect(written.window.name).toBe('社保医保窗口');
    expect(written.devices.receiptPrinter).toEqual({ type: 'tcp', host: '192.168.1.50', port: 9100, paperWidthMm: 80, encoding: 'gbk', qrMode: 'native' });
    // The window's name is read at start: the banner says so, old → new, with 立即重启.
    const banner = page.locator('.settings-restart-banner');
    await visible(banner.getByText('重新启动程序后生效'));
    await visible(banner.getByText('综合受理窗口'));
    await visible(banner.getByText('社保医保窗口'));
    await visible(banner.getByRole('button', { name: '立即重启' }));
    // What waits for a restart is listed once (the notice above), not again in the saved note.
    expect(await page.locator('.settings-editor > .ant-alert').getByText('社保医保窗口', { exact: true }).count()).toBe(1);
    await visible(saved.getByText('其中 2 项重新启动程序后生效'));
    await visible(page.getByText('没有未保存的修改'));
    await page.locator('.settings-editor').evaluate((el) => el.scrollIntoView());
    await animationsSettled(page);
    await screenshot(page, 'settings-saved');

    // 变更记录: who, how, and each setting's old → new value in words.
    const history = page.locator('.settings-history');
    await history.scrollIntoViewIfNeeded();
    const nameRow = history.locator('tr').filter({ hasText: '窗口名称' });
    await visible(nameRow.getByText(`${ADMIN.name}（${ADMIN.staffNumber}）`));
    await visible(nameRow.getByText('设置页'));
    await visible(nameRow.getByText('综合受理窗口'));
    await visible(nameRow.getByText('社保医保窗口'));
    const printerRow = history.locator('tr').filter({ hasText: '回执打印机' });
    await visible(printerRow.getByText('未配置'));
    await visible(printerRow.getByText('网络 192.168.1.50:9100，80mm'));
    // 另办事项 by name, not by its 31-character code.
    const itemRow = history.locator('tr').filter({ hasText: '另办事项' });
    await visible(itemRow.getByText('食品经营许可'));
    expect(await itemRow.textContent()).not.toMatch(/[0-9A-Z]{20,}/);
    await screenshot(page, 'settings-history');
    // Saving again with nothing changed writes nothing and records nothing.
    await page.keyboard.press('Control+s');
    await visible(page.getByText('没有修改，无需保存'));
    expect(await history.locator('tbody tr.ant-table-row').count()).toBe(3);
    expect(pageErrors).toEqual([]);
  });

  it('asks before leaving the page with unsaved changes, and saves with the first Ctrl+S after 继续填写', async () => {
    await page.getByLabel('容缺补正默认期限').fill('8');
    await visible(page.getByText('有尚未保存的修改'));
    await page.getByRole('navigation', { name: '主导航' }).getByRole('menuitem', { name: /人员/ }).click();
    const ask = page.getByRole('dialog').filter({ hasText: '设置尚未保存' });
    await visible(ask);
    // Staying is the default: Enter keeps the administrator on the page with the edit, and the
    // very next Ctrl+S saves it, pressed as soon as the dialog starts to go.
    await page.keyboard.press('Enter');
    await page.keyboard.press('Control+s');
    await ask.waitFor({ state: 'hidden' });
    expect(page.url()).toMatch(/#\/settings$/);
    await visible(page.getByText('没有未保存的修改'));
    const written = JSON.parse(fs.readFileSync(configFile, 'utf8')) as { intake: { deferralWorkingDays: number } };
    expect(written.intake.deferralWorkingDays).toBe(8);
  });

  it('refuses to overwrite a file changed meanwhile and offers 重新载入', async () => {
    // Someone edits config.json by hand while the page is open.
    const onDisk = JSON.parse(fs.readFileSync(configFile, 'utf8')) as { window: { name: string } };
    onDisk.window.name = '不动产登记窗口';
    fs.writeFileSync(configFile, JSON.stringify(onDisk, null, 2));
    await page.getByLabel('大厅名称').fill('金桥区市民中心');
    await page.keyboard.press('Control+s');
    const conflict = page.locator('.settings-conflict');
    await visible(conflict.getByText('配置文件已被他人修改'));
    await screenshot(page, 'settings-conflict');
    expect((JSON.parse(fs.readFileSync(configFile, 'utf8')) as { hall: { name: string } }).hall.name).toBe('金桥区政务服务中心');
    // The cursor is on 重新载入: Enter reads the file again.
    expect(await conflict.getByRole('button', { name: '重新载入' }).evaluate((el) => el === document.activeElement)).toBe(true);
    await page.keyboard.press('Enter');
    await conflict.waitFor({ state: 'detached' });
    // The form now shows the file as it is; the edit that would have overwritten it is gone.
    await expect.poll(() => page.getByLabel('窗口名称').inputValue()).toBe('不动产登记窗口');
    expect(await page.getByLabel('大厅名称').inputValue()).toBe('金桥区政务服务中心');
  });

  it('restarts on the saved settings with 立即重启, asking first when an edit is not saved', async () => {
    await page.getByLabel('大厅名称').fill('金桥区市民中心');
    const restart = page.locator('.settings-restart-banner').getByRole('button', { name: '立即重启' });
    await restart.click();
    const ask = page.getByRole('dialog').filter({ hasText: '有尚未保存的修改，重新启动后将丢失。仍要重新启动？' });
    await visible(ask);
    // 继续填写 has the cursor: Enter keeps the page and the edit.
    const stay = ask.getByRole('button', { name: '继续填写' });
    await expect.poll(() => stay.evaluate((el) => el === document.activeElement)).toBe(true);
    await page.keyboard.press('Enter');
    await ask.waitFor({ state: 'hidden' });
    expect(await page.getByLabel('大厅名称').inputValue()).toBe('金桥区市民中心');
    await restart.click();
    await ask.getByRole('button', { name: '仍要重新启动' }).click();
    // The core restarts on the file: the session ends and the window comes back under its new name.
    // Signing in is for once the cover is gone, as it is for the administrator at the PC.
    await visible(page.getByLabel('工号'));
    await page.locator('.restarting-overlay').waitFor({ state: 'detached', timeout: 30_000 });
    await signIn(page, ADMIN);
    await visible(page.getByRole('banner').getByText('不动产登记窗口'));
    await visible(page.getByLabel('窗口名称'));
    expect(await page.locator('.settings-restart-banner').count()).toBe(0);
    expect(pageErrors).toEqual([]);
  });

  it('shows a clerk the settings read-only, with the clock and no edit controls', async () => {
    await signOut(page);
    await signIn(page, CLERK);
    await page.getByRole('navigation', { name: '主导航' }).getByRole('menuitem', { name: /设置/ }).click();
    await visible(page.getByRole('heading', { name: '设置', level: 2 }));
    await visible(page.getByText('以下信息只读'));
    await visible(page.locator('.clock-card').getByText('大厅时间'));
    expect(await page.getByRole('button', { name: /保存/ }).count()).toBe(0);
    expect(await page.getByRole('button', { name: '检测串口' }).count()).toBe(0);
    expect(await page.getByRole('button', { name: '立即重启' }).count()).toBe(0);
    expect(await page.locator('.settings-page input').count()).toBe(0);
    expect(await page.getByText('变更记录').count()).toBe(0);
    // The window's 另办事项, by name.
    const windowCard = page.locator('.section-card').filter({ has: page.getByText('另办事项') });
    await visible(windowCard.getByText('食品经营许可'));
    await screenshot(page, 'settings-clerk');
    expect(pageErrors).toEqual([]);
  });
});

describe('设置 on a PC whose date is not the hall’s', () => {
  let shell: RunningShell;
  let browser: Browser;
  const zone = zoneWithAnotherDate(new Date());

  beforeAll(async () => {
    const dataDir = makeTempDir('settings-tz');
    const configFile = writeConfig(dataDir, { hall: { code: 'JQ', name: '金桥区政务服务中心' }, window: { number: 12 } });
    await addStaff(dataDir, CLERK.staffNumber, CLERK.name, CLERK.pin);
    // The core process takes the PC's zone from TZ; spawn copies the environment at once.
    const previous = process.env['TZ'];
    process.env['TZ'] = zone;
    const starting = startShell(['--data-dir', dataDir, '--config', configFile]);
    if (previous === undefined) delete process.env['TZ'];
    else process.env['TZ'] = previous;
    shell = await starting;
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    if (shell) expect(await shell.stop()).toBe(0);
  });

  it('warns that numbers and deadlines use the hall’s date, and names both zones', async () => {
    const page = await browser.newPage({ viewport: VIEWPORT, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
    await page.goto(shell.url);
    await signIn(page, CLERK);
    await page.getByRole('navigation', { name: '主导航' }).getByRole('menuitem', { name: /设置/ }).click();
    const clock = page.locator('.clock-card');
    await visible(clock.getByText('大厅时间'));
    const hallDate = (await clock.getByTestId('hall-clock').textContent())?.slice(0, 10) ?? '';
    const pcDate = (await clock.getByTestId('pc-clock').textContent())?.slice(0, 10) ?? '';
    expect(pcDate).not.toBe(hallDate);
    await visible(clock.getByText(`本机日期与大厅日期不同：办件编号和期限按大厅日期 ${hallDate} 计算，请核对本机时钟和时区`));
    await visible(clock.getByText(`本机时区（${zone}）与大厅时区（Asia/Shanghai）不同`, { exact: false }));
    await screenshot(page, 'settings-dates-differ');
  });
});

describe('设置 when the restart cannot use the file on disk', () => {
  let shell: RunningShell;
  let browser: Browser;
  let configFile: string;

  beforeAll(async () => {
    const dataDir = makeTempDir('settings-restart-failed');
    configFile = writeConfig(dataDir, { hall: { code: 'JQ', name: '金桥区政务服务中心' }, window: { number: 12, name: '综合受理窗口' } });
    await addAdministrator(dataDir);
    shell = await startShell(['--data-dir', dataDir, '--config', configFile]);
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    if (shell) expect(await shell.stop()).toBe(0);
  });

  it('stops waiting and says why the program did not come back', async () => {
    const page = await browser.newPage({ viewport: VIEWPORT, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
    await page.goto(shell.url);
    await signIn(page, ADMIN);
    await page.getByLabel('窗口名称').fill('社保医保窗口');
    await page.keyboard.press('Control+s');
    const restart = page.locator('.settings-restart-banner').getByRole('button', { name: '立即重启' });
    await visible(restart);
    // Someone breaks the file by hand before the restart reads it.
    fs.writeFileSync(configFile, '{ "hall": ');
    await restart.click();
    await page.getByText(/^程序未能重新启动：配置文件 .*不是有效的 JSON/).waitFor({ state: 'visible', timeout: 10_000 });
    // No overlay left spinning over it, no 重试 that cannot help.
    expect(await page.locator('.restarting-overlay').count()).toBe(0);
    expect(await page.getByRole('button', { name: '重试' }).count()).toBe(0);
    await screenshot(page, 'settings-restart-failed');
  });
});
