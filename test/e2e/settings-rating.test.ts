/**
 * The rating device on the 设置 page and in the status bar, end to end: the browser shell (dist/,
 * so build first) with the virtual rating device (test/support/virtual-rating-device.ts, a child
 * process on its own socat pty pair), Chromium at the counters' 1366×768.
 * - The administrator sets a legacy-bus evaluator (a vendor numbering 0–4) with its score map: a
 *   byte past 255 and a byte used twice are refused beside the row, the map is saved as bytes →
 *   level names, in effect at once; 测试评价器 draws the device from the map (no status lights on
 *   that bus).
 * - The same window moved to a v1 device: the score map is hidden, 测试评价器 shows the device's
 *   serial, firmware and round trip and draws its slots left to right as the device reports them
 *   and its lights; a full coin box lights 币箱满 and the status bar says 评价器 已连接 币箱已满 in
 *   amber.
 * - The device unplugged: 测试评价器 says so in Chinese, with what to check.
 * Screenshots: test/artifacts/settings-rating-*.png.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addStaff, makeTempDir, startShell, writeConfig, type RunningShell } from '../support/browser-shell-process';
import { animationsSettled, ARTIFACTS_DIR, launchChromium, screenshot } from '../support/chromium';
import { startVirtualRatingDevice, type VirtualRatingDevice } from '../support/virtual-rating-device';

const VIEWPORT = { width: 1366, height: 768 };
const ADMIN = { staffNumber: '9001', name: '李强', pin: '135790' } as const;
const V1_SERIAL = 'HX-EVAL-0012';

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

/** The message under one score row's byte. */
function byteMessage(rating: Locator, row: number): Locator {
  // `has` is queried inside each row's item: a locator from the page, not from `rating`.
  return rating.locator('.rating-score-byte').filter({ has: rating.page().getByLabel(`第 ${row} 行分值`) }).locator('.ant-form-item-explain-error');
}

/** The message antd shows under a form field, found from the field's label. */
function fieldMessage(scope: Locator, label: string): Locator {
  return scope.locator('.ant-form-item').filter({ has: scope.page().getByLabel(label, { exact: true }) }).locator('.ant-form-item-explain-error');
}

/** A picture of one element, for a close look beside the full-page ones. */
async function shotOf(page: Page, locator: Locator, name: string): Promise<void> {
  // Clear of the sticky save bar, which an element's picture would otherwise include.
  await locator.evaluate((el) => el.scrollIntoView({ block: 'center' }));
  await animationsSettled(page);
  fs.mkdirSync(ARTIFACTS_DIR, { recursive: true });
  await locator.screenshot({ path: path.join(ARTIFACTS_DIR, `${name}.png`) });
}

interface SavedRatingDevice {
  type: string;
  path: string;
  protocol: string;
  address: number;
  usb: unknown;
  legacyScores: Record<string, string>;
}

describe('the rating device on the 设置 page and in the status bar', () => {
  let dir: string;
  let configFile: string;
  let legacy: VirtualRatingDevice;
  let v1: VirtualRatingDevice;
  let shell: RunningShell;
  let browser: Browser;
  let page: Page;
  const pageErrors: string[] = [];

  const savedDevice = (): SavedRatingDevice | undefined =>
    (JSON.parse(fs.readFileSync(configFile, 'utf8')) as { devices?: { ratingDevice?: SavedRatingDevice } }).devices?.ratingDevice;

  beforeAll(async () => {
    dir = makeTempDir('settings-rating');
    // A hall's old evaluator: five keys sending 0 (差) … 4 (很好), at bus address 5.
    legacy = await startVirtualRatingDevice({ ptyDir: makeTempDir('settings-rating-legacy'), protocol: 'legacy-bus', slots: [4, 3, 2, 1, 0], address: 5 });
    v1 = await startVirtualRatingDevice({ ptyDir: makeTempDir('settings-rating-v1'), protocol: 'v1', serial: V1_SERIAL });
    configFile = writeConfig(dir, { hall: { code: 'JQ', name: '金桥区政务服务中心' }, window: { number: 12, name: '综合受理窗口' } });
    await addStaff(dir, ADMIN.staffNumber, ADMIN.name, ADMIN.pin, 'it_admin');
    shell = await startShell(['--data-dir', dir, '--config', configFile]);
    browser = await launchChromium();
    page = await browser.newPage({ viewport: VIEWPORT, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
    page.on('pageerror', (err) => pageErrors.push(`pageerror: ${err.message}`));
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    if (shell) expect(await shell.stop()).toBe(0);
    await legacy?.stop();
    await v1?.stop();
  });

  it('sets a legacy-bus evaluator with its score map, refusing a bad or repeated byte beside the row', async () => {
    await page.goto(shell.url);
    await signIn(page, ADMIN);
    await visible(page.getByRole('heading', { name: '设置', level: 2 }));
    const rating = page.getByRole('group', { name: '评价器' });
    const test = rating.locator('.test-rating');
    await visible(test.getByText('未设置评价器'));
    expect(await test.getByRole('button', { name: '测试评价器' }).isDisabled()).toBe(true);

    await rating.getByText('串口', { exact: true }).click();
    await rating.getByRole('combobox', { name: '串口' }).fill(legacy.appPath!);
    await page.keyboard.press('Escape');
    // v1 is the default, with its one line; the score map belongs to the legacy bus only.
    await visible(rating.getByText('本系统配套的投币评价器', { exact: false }));
    expect(await rating.getByRole('group', { name: '分值对照' }).count()).toBe(0);
    await rating.getByText('大厅总线', { exact: true }).click();
    await visible(rating.getByText('大厅原有的旧评价器', { exact: false }));
    const scores = rating.getByRole('group', { name: '分值对照' });
    await visible(scores);
    // The default map: 1–5 as the national scale.
    for (let row = 1; row <= 5; row++) expect(await scores.getByLabel(`第 ${row} 行分值`).inputValue()).toBe(String(row));
    await rating.getByLabel('评价器地址').fill('5');

    // This vendor numbers its keys 0 (非常不满意) … 4 (非常满意); a typo first.
    for (let row = 1; row <= 4; row++) await scores.getByLabel(`第 ${row} 行分值`).fill(String(row - 1));
    await scores.getByLabel('第 5 行分值').fill('256');
    await visible(byteMessage(rating, 5).getByText('分值应为 0–255 的整数'));
    // A byte used twice: both rows say so.
    await scores.getByLabel('第 5 行分值').fill('3');
    await visible(byteMessage(rating, 5).getByText('分值不能重复'));
    await visible(byteMessage(rating, 4).getByText('分值不能重复'));
    await scores.scrollIntoViewIfNeeded();
    await animationsSettled(page);
    await screenshot(page, 'settings-rating-score-error');
    // Ctrl+S refuses while a row is wrong, and puts the cursor on it.
    await page.keyboard.press('Control+s');
    await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute('aria-label'))).toBe('第 4 行分值');
    expect(savedDevice()).toBeUndefined();

    await scores.getByLabel('第 5 行分值').fill('4');
    await byteMessage(rating, 5).waitFor({ state: 'detached' });
    await byteMessage(rating, 4).waitFor({ state: 'detached' });
    // Not saved yet: the test would talk to the device as saved, so it waits for 保存.
    await visible(test.getByText('请先保存评价器的设置'));
    await scores.evaluate((el) => el.scrollIntoView({ block: 'center' }));
    await animationsSettled(page);
    await screenshot(page, 'settings-rating-legacy-form');

    await page.keyboard.press('Control+s');
    const saved = page.locator('.settings-saved');
    await visible(saved.getByText('已保存 1 项修改'));
    // Run by the ratings module as saved: nothing waits for a restart.
    await visible(saved.getByText('已立即生效'));
    expect(await page.locator('.settings-restart-banner').count()).toBe(0);
    expect(savedDevice()).toEqual({
      type: 'serial',
      path: legacy.appPath,
      baudRate: 9600,
      protocol: 'legacy-bus',
      address: 5,
      usb: null,
      legacyScores: { '0': 'very_dissatisfied', '1': 'dissatisfied', '2': 'basically_satisfied', '3': 'satisfied', '4': 'very_satisfied' },
    });
    // 变更记录: the device and its map, in words.
    const history = page.locator('.settings-history');
    await visible(history.getByText('大厅总线（分值 0 非常不满意、1 不满意、2 基本满意、3 满意、4 非常满意）', { exact: false }));
    expect(pageErrors).toEqual([]);
  });

  it('测试评价器 on the legacy bus draws the device from the score map, without status lights', async () => {
    const rating = page.getByRole('group', { name: '评价器' });
    const test = rating.locator('.test-rating');
    await test.scrollIntoViewIfNeeded();
    await visible(page.locator('footer.status-bar').getByText('评价器 已连接'), 20_000);
    await test.getByRole('button', { name: '测试评价器' }).click();
    const picture = test.getByRole('figure', { name: '评价器示意图' });
    await visible(picture, 20_000);
    const slots = picture.getByRole('listitem').filter({ has: page.locator('.rdp-opening') });
    expect(await slots.evaluateAll((els) => els.map((e) => e.getAttribute('aria-label')))).toEqual([
      // As the evaluator's front: 非常满意 on the left … 非常不满意 on the right, whatever its bytes.
      '分值 4：非常满意',
      '分值 3：满意',
      '分值 2：基本满意',
      '分值 1：不满意',
      '分值 0：非常不满意',
    ]);
    await visible(test.getByText('—（大厅总线无设备编号）'));
    await visible(picture.getByText('大厅总线的评价器不报告状态', { exact: false }));
    expect(await picture.locator('.rdp-light-unknown').count()).toBe(5);
    await animationsSettled(page);
    await screenshot(page, 'settings-rating-legacy-test');
    expect(pageErrors).toEqual([]);
  });

  it('moves the window to a v1 device: 测试评价器 shows serial, firmware, round trip, the slots and lights', async () => {
    const rating = page.getByRole('group', { name: '评价器' });
    await rating.getByRole('combobox', { name: '串口' }).fill(v1.appPath!);
    await page.keyboard.press('Escape');
    await rating.getByText('评价器协议 v1', { exact: true }).click();
    await rating.getByRole('group', { name: '分值对照' }).waitFor({ state: 'detached' });
    // The address is still the bus's 5: the device answers at 1 only.
    await rating.getByLabel('评价器地址').fill('0');
    await visible(fieldMessage(rating, '评价器地址').getByText('地址应为 1–255 的整数'));
    await rating.getByLabel('评价器地址').fill('1');
    await fieldMessage(rating, '评价器地址').waitFor({ state: 'detached' });
    await page.keyboard.press('Control+s');
    await visible(page.locator('.settings-saved').getByText('已保存 1 项修改'));
    // The map was good: kept in the file for a return to the bus, though v1 does not read it.
    expect(savedDevice()).toMatchObject({ path: v1.appPath, protocol: 'v1', address: 1, legacyScores: { '0': 'very_dissatisfied', '4': 'very_satisfied' } });

    const test = rating.locator('.test-rating');
    // The form is mounted afresh on the saved settings: wait for it before scrolling to the test.
    await visible(test.getByRole('button', { name: '测试评价器', disabled: false }));
    await visible(test.locator('.test-rating-state').getByText('已连接'), 20_000);
    await test.getByRole('button', { name: '测试评价器' }).click();
    const picture = test.getByRole('figure', { name: '评价器示意图' });
    await visible(picture, 20_000);
    await visible(test.getByText(V1_SERIAL));
    const result = test.locator('.test-rating-result');
    expect(await result.locator('tr').filter({ hasText: '固件版本' }).innerText()).toMatch(/\d+\.\d+/);
    expect(await result.locator('tr').filter({ hasText: '往返时间' }).innerText()).toMatch(/\d+ 毫秒/);
    const slots = picture.getByRole('listitem').filter({ has: page.locator('.rdp-opening') });
    // As the device reports them, left to right (the emulator's default 5,4,3,2,1).
    expect(await slots.evaluateAll((els) => els.map((e) => e.getAttribute('aria-label')))).toEqual([
      '投币口 1：非常满意',
      '投币口 2：满意',
      '投币口 3：基本满意',
      '投币口 4：不满意',
      '投币口 5：非常不满意',
    ]);
    expect(await picture.getByRole('listitem', { name: '币箱满：灭' }).count()).toBe(1);
    await animationsSettled(page);
    await shotOf(page, test, 'settings-rating-v1-test');
    await screenshot(page, 'settings-rating-v1-test-page');
    expect(pageErrors).toEqual([]);
  });

  it('lights 币箱满 and says 币箱已满 in amber in the status bar when the coin box is full', async () => {
    await v1.fault('box_full');
    const bar = page.locator('footer.status-bar');
    const item = bar.locator('.status-item').filter({ hasText: '评价器' });
    await visible(item.getByText('评价器 已连接 币箱已满'), 20_000);
    expect(await item.getAttribute('class')).toContain('status-warn');
    const test = page.getByRole('group', { name: '评价器' }).locator('.test-rating');
    await visible(test.locator('.test-rating-state').getByText('币箱已满'));
    await test.getByRole('button', { name: '测试评价器' }).click();
    await visible(test.getByRole('listitem', { name: '币箱满：亮' }), 20_000);
    await shotOf(page, test, 'settings-rating-box-full');
    await shotOf(page, bar, 'settings-rating-status-bar-box-full');
    // The tooltip says what to do about it, not only what is wrong.
    await item.hover();
    const tip = page.locator('.ant-tooltip').filter({ hasText: '评价器报告' });
    await visible(tip.getByText('处理办法：币箱已满：请管理员打开币箱取出评价币，清空后自动恢复'));
    await animationsSettled(page);
    await screenshot(page, 'settings-rating-box-full-remedy');
    await page.mouse.move(0, 0);
    await v1.clearFaults();
    await visible(item.getByText('评价器 已连接', { exact: true }), 20_000);
    expect(await item.getAttribute('class')).toContain('status-ok');
    expect(pageErrors).toEqual([]);
  });

  it('says in Chinese that the device is not there when it is unplugged, and what to check', async () => {
    await v1.unplug();
    const bar = page.locator('footer.status-bar');
    await visible(bar.getByText('评价器 离线'), 30_000);
    const test = page.getByRole('group', { name: '评价器' }).locator('.test-rating');
    await test.getByRole('button', { name: '测试评价器' }).click();
    const failure = test.locator('.test-rating-failure');
    await visible(failure.getByText(/^测试评价器失败：评价器/), 20_000);
    await visible(failure.getByText('评价器离线：请检查串口线', { exact: false }));
    // Nothing of the last good test is left to mislead.
    expect(await test.getByRole('figure').count()).toBe(0);
    await test.scrollIntoViewIfNeeded();
    await animationsSettled(page);
    await screenshot(page, 'settings-rating-offline');
    expect(pageErrors).toEqual([]);
  });
});
