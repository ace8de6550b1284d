/**
 * The printers on the 设置 page and in the status bar, end to end: the browser shell (dist/, so
 * build first) with the virtual printer on the far end of a serial pty pair, Chromium at the
 * counters' 1366×768.
 * - The administrator sets up the receipt printer on the serial port and the receipt's lookup
 *   address (a bad one refused beside its field; the QR payload shown), saves — in effect at once,
 *   no restart — and presses 测试打印: the test page (title, column ruler, rare characters as
 *   glyph images) arrives at the virtual printer and the page says 已打印. 测试打印 waits while the
 *   printer's edits are not saved.
 * - With the paper out, the status bar says 回执打印机 缺纸 and 测试打印 says 等待打印机 … 缺纸;
 *   a clerk sees the printer's 缺纸 and the job waiting (打印待处理 1), which opens the print
 *   jobs; paper back → the waiting page prints once, and the count goes. Paper running low still
 *   prints, and the bar says 纸将尽 in amber.
 * Screenshots: test/artifacts/settings-printing-*.png, status-bar-*.png.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addStaff, makeTempDir, startShell, writeConfig, type RunningShell } from '../support/browser-shell-process';
import { animationsSettled, ARTIFACTS_DIR, launchChromium, screenshot } from '../support/chromium';
import { startPtyPair, type PtyPair } from '../support/socat';
import { startVirtualPrinter, type VirtualPrinter } from '../support/virtual-printer';
import { TEST_PAGE_RARE_CHARACTERS } from '../../electron/core/printing/jobs/printing-glyphs';

const VIEWPORT = { width: 1366, height: 768 };
const ADMIN = { staffNumber: '9001', name: '李强', pin: '135790' } as const;
const CLERK = { staffNumber: '1001', name: '王芳', pin: '246810' } as const;
const LOOKUP_URL = 'https://zwfw.example.gov.cn/progress?case=';

async function visible(locator: Locator, timeout = 15_000): Promise<void> {
  await locator.first().waitFor({ state: 'visible', timeout });
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
function fieldMessage(page: Page, label: string): Locator {
  return page.locator('.ant-form-item').filter({ has: page.getByLabel(label, { exact: true }) }).locator('.ant-form-item-explain-error');
}

/** The status bar alone, large enough to read, beside the full-page pictures. */
async function statusBarShot(page: Page, name: string): Promise<void> {
  await animationsSettled(page);
  fs.mkdirSync(ARTIFACTS_DIR, { recursive: true });
  await page.locator('footer.status-bar').screenshot({ path: path.join(ARTIFACTS_DIR, `${name}.png`) });
  await screenshot(page, `${name}-page`);
}

describe('printers on the 设置 page and in the status bar', () => {
  let dir: string;
  let configFile: string;
  let pty: PtyPair;
  let printer: VirtualPrinter;
  let shell: RunningShell;
  let browser: Browser;
  let page: Page;
  const pageErrors: string[] = [];

  beforeAll(async () => {
    dir = makeTempDir('settings-printing');
    pty = await startPtyPair(dir);
    // The rare characters read back from their glyph images, as drawn from the app's fonts.
    printer = await startVirtualPrinter({ port: pty.b, dir }, { recognise: TEST_PAGE_RARE_CHARACTERS });
    configFile = writeConfig(dir, { hall: { code: 'JQ', name: '金桥区政务服务中心' }, window: { number: 12, name: '综合受理窗口' } });
    await addStaff(dir, ADMIN.staffNumber, ADMIN.name, ADMIN.pin, 'it_admin');
    await addStaff(dir, CLERK.staffNumber, CLERK.name, CLERK.pin);
    shell = await startShell(['--data-dir', dir, '--config', configFile]);
    browser = await launchChromium();
    page = await browser.newPage({ viewport: VIEWPORT, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
    page.on('pageerror', (err) => pageErrors.push(`pageerror: ${err.message}`));
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    if (shell) expect(await shell.stop()).toBe(0);
    await printer?.stop();
    await pty?.stop();
  });

  it('sets up the receipt printer on a serial port and the lookup address, in effect at once', async () => {
    await page.goto(shell.url);
    await signIn(page, ADMIN);
    await visible(page.getByRole('heading', { name: '设置', level: 2 }));
    const receipt = page.getByRole('group', { name: '回执打印机' });
    const test = receipt.locator('.test-print');
    // Nothing configured: nothing to test.
    await visible(test.getByText('未设置此打印机'));
    expect(await test.getByRole('button', { name: '测试打印' }).isDisabled()).toBe(true);

    await receipt.getByText('串口', { exact: true }).click();
    await receipt.getByRole('combobox', { name: '串口' }).fill(pty.a);
    await page.keyboard.press('Escape');
    await receipt.getByText('RTS/CTS', { exact: true }).waitFor();
    await receipt.getByText('GB18030', { exact: true }).waitFor();
    // Not saved yet: the test page would go to the printer as saved, so it waits for 保存.
    await visible(test.getByText('请先保存此打印机的设置'));
    expect(await test.getByRole('button', { name: '测试打印' }).isDisabled()).toBe(true);

    // The 打印 section: a lookup address that is not http(s) is refused beside the field.
    const printing = page.locator('.settings-printing');
    await printing.scrollIntoViewIfNeeded();
    await printing.getByLabel('进度查询地址').fill('ftp://zwfw.example.gov.cn/p?case=');
    await visible(fieldMessage(page, '进度查询地址').getByText('查询地址应为 http(s):// 开头的网址'));
    await printing.getByLabel('进度查询地址').fill(LOOKUP_URL);
    await fieldMessage(page, '进度查询地址').waitFor({ state: 'detached' });
    // The QR payload a citizen will scan: this window's case number after the address.
    await visible(printing.locator('.lookup-payload').getByText(new RegExp(`^${LOOKUP_URL.replace(/[?.]/g, '\\$&')}JQ-12-\\d{8}-0001$`)));
    expect(await printing.getByRole('switch', { name: '受理后自动打印回执' }).getAttribute('aria-checked')).toBe('true');
    await visible(printing.getByText('浏览器模式下用浏览器打印对话框选择打印机'));
    await animationsSettled(page);
    await screenshot(page, 'settings-printing-form');

    await page.keyboard.press('Control+s');
    const saved = page.locator('.settings-saved');
    await visible(saved.getByText('已保存 2 项修改'));
    // Printers and printing are applied by the printing module as saved: nothing waits for a restart.
    await visible(saved.getByText('已立即生效'));
    await visible(saved.getByText('进度查询地址'));
    expect(await page.locator('.settings-restart-banner').count()).toBe(0);
    const written = JSON.parse(fs.readFileSync(configFile, 'utf8')) as { devices: { receiptPrinter: unknown }; printing: { lookupUrl: string } };
    expect(written.devices.receiptPrinter).toEqual({
      type: 'serial',
      path: pty.a,
      baudRate: 9600,
      flowControl: 'none',
      paperWidthMm: 80,
      encoding: 'gbk',
      qrMode: 'native',
    });
    expect(written.printing.lookupUrl).toBe(LOOKUP_URL);

    // 变更记录: the printer and the address, in words.
    const history = page.locator('.settings-history');
    await history.scrollIntoViewIfNeeded();
    await visible(history.locator('tr').filter({ hasText: '回执打印机' }).getByText(`串口 ${pty.a}，9600，80mm`));
    const lookupRow = history.locator('tr').filter({ hasText: '进度查询地址' });
    await visible(lookupRow.getByText('（无：二维码只含办件编号）'));
    await visible(lookupRow.getByText(LOOKUP_URL));
    await animationsSettled(page);
    await screenshot(page, 'settings-printing-history');
    expect(pageErrors).toEqual([]);
  });

  it('prints the test page: title, column ruler and rare characters reach the printer, and the page says 已打印', async () => {
    const receipt = page.getByRole('group', { name: '回执打印机' });
    const test = receipt.locator('.test-print');
    await test.scrollIntoViewIfNeeded();
    await expect.poll(() => test.getByRole('button', { name: '测试打印' }).isEnabled(), { timeout: 10_000 }).toBe(true);
    // The status bar has the printer as the printing module sees it.
    await visible(page.locator('footer.status-bar').getByText('回执打印机 已连接'), 20_000);
    await test.getByRole('button', { name: '测试打印' }).click();
    await visible(test.locator('.test-print-job').getByText('已打印'), 20_000);
    const [doc] = await printer.waitForDocuments(1);
    expect(printer.documents()).toHaveLength(1);
    const text = doc!.lines.join('\n');
    expect(text).toContain('打印测试页');
    expect(text).toContain('列宽标尺');
    // The ruler fills the 80 mm paper's 48 columns exactly, and no line runs past them.
    expect(doc!.lineRecords.some((l) => /^\d{48}$/.test(l.text) && l.columns === 48)).toBe(true);
    expect(doc!.maxColumns).toBeLessThanOrEqual(48);
    // The rare characters of the app's own fonts come as glyph images (a GBK printer's font has
    // none of them), read back as themselves; nothing as a 4-byte sequence the printer would garble.
    const rare = doc!.lineRecords.find((l) => l.text.includes('生僻字'));
    for (const c of TEST_PAGE_RARE_CHARACTERS) expect(rare?.text).toContain(c);
    // Those beyond the 2-byte GBK range (𠮷, 𰻞: 4-byte in GB18030) can only be images.
    const beyondGbk = TEST_PAGE_RARE_CHARACTERS.filter((c) => c.codePointAt(0)! > 0xffff);
    const images = (rare?.segments ?? []).flatMap((s) => (s.kind === 'image' ? [s.glyph] : []));
    for (const c of beyondGbk) expect(images).toContain(c);
    expect(doc!.fourByte).toEqual([]);
    expect(doc!.cut).toBe(true);
    await animationsSettled(page);
    await screenshot(page, 'settings-printing-test-printed');
    expect(pageErrors).toEqual([]);
  });

  it('names the paper out in the status bar and at 测试打印, and prints once the paper is back', async () => {
    const receipt = page.getByRole('group', { name: '回执打印机' });
    const test = receipt.locator('.test-print');
    await printer.setPaper('out');
    const bar = page.locator('footer.status-bar');
    await test.getByRole('button', { name: '测试打印' }).click();
    const job = test.locator('.test-print-job');
    await visible(job.getByText(/等待打印机：.*缺纸/), 20_000);
    // The printer's condition by name beside the button, and in the status bar in red.
    await visible(test.locator('.test-print-printer').getByText('缺纸', { exact: true }), 20_000);
    const item = bar.locator('.status-item').filter({ hasText: '回执打印机' });
    await visible(item.getByText('回执打印机 缺纸'), 20_000);
    expect(await item.getAttribute('class')).toContain('status-bad');
    await test.scrollIntoViewIfNeeded();
    await animationsSettled(page);
    await screenshot(page, 'settings-printing-paper-out');
    await statusBarShot(page, 'status-bar-paper-out-admin');
    // Nothing came out meanwhile.
    expect(printer.documents()).toHaveLength(1);
  });

  it('shows a clerk the printer out of paper and the job waiting, which opens the print jobs', async () => {
    await signOut(page);
    await signIn(page, CLERK);
    const bar = page.locator('footer.status-bar');
    await visible(bar.getByText('回执打印机 缺纸'));
    const count = bar.getByRole('button', { name: /打印待处理 1 项/ });
    await visible(count, 10_000);
    expect(await count.getAttribute('class')).toContain('status-warn');
    await statusBarShot(page, 'status-bar-paper-out-clerk');
    await count.click();
    await expect.poll(() => page.url()).toMatch(/#\/printing$/);

    // Paper back: the waiting test page prints exactly once, and nothing is left to attend to.
    await printer.setPaper('ok');
    await printer.waitForDocuments(2, 20_000);
    await visible(bar.getByText('回执打印机 已连接'), 20_000);
    await count.waitFor({ state: 'detached', timeout: 10_000 });
    await statusBarShot(page, 'status-bar-paper-back');
    // Still two after the driver has looked at its queue again (two more looks of DLE EOT 1, 2, 4).
    const asked = printer.requests().length;
    await printer.waitFor((p) => p.requests().length >= asked + 6, 20_000);
    expect(printer.documents()).toHaveLength(2);
    expect(printer.documents()[1]!.lines.join('\n')).toContain('打印测试页');
    expect(pageErrors).toEqual([]);
  });

  it('prints with the paper running low, and says 纸将尽 in amber', async () => {
    await signOut(page);
    await signIn(page, ADMIN);
    await printer.setPaper('near');
    const test = page.getByRole('group', { name: '回执打印机' }).locator('.test-print');
    await test.scrollIntoViewIfNeeded();
    await test.getByRole('button', { name: '测试打印' }).click();
    await visible(test.locator('.test-print-job').getByText('已打印'), 20_000);
    await printer.waitForDocuments(3, 20_000);
    await visible(test.locator('.test-print-printer').getByText('纸将尽', { exact: true }), 20_000);
    const item = page.locator('footer.status-bar .status-item').filter({ hasText: '回执打印机' });
    await visible(item.getByText('回执打印机 纸将尽'), 20_000);
    expect(await item.getAttribute('class')).toContain('status-warn');
    await statusBarShot(page, 'status-bar-paper-near');
    await screenshot(page, 'settings-printing-paper-near');
    expect(pageErrors).toEqual([]);
  });
});
