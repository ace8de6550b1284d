/**
 * The rating device in the first-run wizard, end to end: the browser shell (dist/, so build
 * first) on an empty data folder, two virtual rating devices (test/support/virtual-rating-device.ts,
 * each on its own socat pty pair), Chromium at the counters' 1366×768.
 * - 设备 step: 测试评价器 under the rating device's fields once 串口 is chosen, disabled until a port is typed; on
 *   the settings as typed (nothing saved yet) it identifies a v1 device (serial, slots) and a
 *   hall-bus evaluator at address 5, and says in Chinese what to check when nothing answers.
 * - 确认 step: the rating device's protocol and address read back on their own rows.
 * - After 完成设置 the program's own driver opens the same port (the test's driver let it go):
 *   the status bar says 评价器 已连接.
 * Screenshots: test/artifacts/setup-rating-*.png.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTempDir, startShell, type RunningShell } from '../support/browser-shell-process';
import { animationsSettled, ARTIFACTS_DIR, launchChromium, screenshot } from '../support/chromium';
import { startVirtualRatingDevice, type VirtualRatingDevice } from '../support/virtual-rating-device';

const VIEWPORT = { width: 1366, height: 768 };
const ADMIN = { staffNumber: '9001', name: '李明', pin: '739154' };
const V1_SERIAL = 'HX-EVAL-0007';

async function visible(locator: Locator, timeout = 15_000): Promise<void> {
  await locator.first().waitFor({ state: 'visible', timeout });
}

/** A picture of one element, for a close look beside the full-page ones. */
async function shotOf(page: Page, locator: Locator, name: string): Promise<void> {
  await locator.evaluate((el) => el.scrollIntoView({ block: 'center' }));
  await animationsSettled(page);
  fs.mkdirSync(ARTIFACTS_DIR, { recursive: true });
  await locator.screenshot({ path: path.join(ARTIFACTS_DIR, `${name}.png`) });
}

describe('the rating device in the first-run wizard', () => {
  let v1: VirtualRatingDevice;
  let legacy: VirtualRatingDevice;
  let dataDir: string;
  let shell: RunningShell;
  let browser: Browser;
  let page: Page;
  const pageErrors: string[] = [];

  beforeAll(async () => {
    v1 = await startVirtualRatingDevice({ ptyDir: makeTempDir('setup-rating-v1'), protocol: 'v1', serial: V1_SERIAL });
    legacy = await startVirtualRatingDevice({ ptyDir: makeTempDir('setup-rating-legacy'), protocol: 'legacy-bus', address: 5 });
    dataDir = makeTempDir('setup-rating');
    shell = await startShell(['--data-dir', dataDir]);
    browser = await launchChromium();
    page = await browser.newPage({ viewport: VIEWPORT, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
    page.on('pageerror', (err) => pageErrors.push(`pageerror: ${err.message}`));
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    if (shell) expect(await shell.stop()).toBe(0);
    await v1?.stop();
    await legacy?.stop();
  });

  it('tests a v1 device on the settings as typed, before anything is saved', async () => {
    await page.goto(shell.url);
    await visible(page.getByRole('heading', { name: '首次设置' }));
    await page.getByLabel('大厅代码').fill('JQ');
    await page.getByLabel('大厅名称').fill('金桥区政务服务中心');
    await page.getByLabel('窗口号').fill('12');
    await page.getByLabel('窗口号').press('Enter');
    await visible(page.getByRole('group', { name: '设备' }));

    const rating = page.getByRole('group', { name: '评价器' });
    const test = rating.locator('.test-rating');
    // No device, nothing to test; a serial one not yet typed: the button says why it cannot be pressed.
    expect(await rating.getByRole('button', { name: '测试评价器' }).count()).toBe(0);
    await rating.getByText('串口', { exact: true }).click();
    await visible(test.getByText('请先在上方选择或填写串口'));
    expect(await test.getByRole('button', { name: '测试评价器' }).isDisabled()).toBe(true);

    await rating.getByRole('combobox', { name: '串口' }).fill(v1.appPath!);
    await page.keyboard.press('Escape');
    await test.getByRole('button', { name: '测试评价器', disabled: false }).click();
    const picture = test.getByRole('figure', { name: '评价器示意图' });
    await visible(picture, 20_000);
    await visible(test.getByText(V1_SERIAL));
    expect(await test.locator('.test-rating-result tr').filter({ hasText: '往返时间' }).innerText()).toMatch(/\d+ 毫秒/);
    const slots = picture.getByRole('listitem').filter({ has: page.locator('.rdp-opening') });
    expect(await slots.evaluateAll((els) => els.map((e) => e.getAttribute('aria-label')))).toEqual([
      '投币口 1：非常满意',
      '投币口 2：满意',
      '投币口 3：基本满意',
      '投币口 4：不满意',
      '投币口 5：非常不满意',
    ]);
    await shotOf(page, rating, 'setup-rating-v1-test');
    // Nothing was written: the wizard is still on 设备, and no settings file exists yet.
    await visible(page.getByRole('group', { name: '设备' }));
    expect(fs.existsSync(path.join(dataDir, 'config.json'))).toBe(false);
    expect(pageErrors).toEqual([]);
  });

  it('says what to check when nothing answers at the port typed, and clears an old result when the fields change', async () => {
    const rating = page.getByRole('group', { name: '评价器' });
    const test = rating.locator('.test-rating');
    await rating.getByRole('combobox', { name: '串口' }).fill(path.join(makeTempDir('setup-rating-none'), 'ttyNONE'));
    await page.keyboard.press('Escape');
    // The result of the other port is gone at once.
    await test.getByRole('figure', { name: '评价器示意图' }).waitFor({ state: 'detached' });
    await test.getByRole('button', { name: '测试评价器' }).click();
    const failure = test.locator('.test-rating-failure');
    await visible(failure, 20_000);
    await visible(failure.getByText(/测试评价器失败：评价器未连接/));
    await visible(failure.getByText('请核对上面的串口、波特率、协议和地址与评价器一致', { exact: false }));
    await shotOf(page, rating, 'setup-rating-no-answer');
  });

  it('tests a hall-bus evaluator at its address, and reads back the protocol and address before 完成设置', async () => {
    const rating = page.getByRole('group', { name: '评价器' });
    const test = rating.locator('.test-rating');
    await rating.getByRole('combobox', { name: '串口' }).fill(legacy.appPath!);
    await page.keyboard.press('Escape');
    await rating.getByText('大厅总线', { exact: true }).click();
    await rating.getByLabel('评价器地址').fill('5');
    await test.getByRole('button', { name: '测试评价器' }).click();
    const result = test.locator('.test-rating-result');
    await visible(result, 20_000);
    await visible(result.getByText('—（大厅总线无设备编号）'));
    await visible(result.getByText('大厅总线（旧评价器、呼叫器）'));
    await shotOf(page, rating, 'setup-rating-legacy-test');

    await rating.getByLabel('评价器地址').press('Enter');
    await visible(page.getByRole('group', { name: '管理员账号' }));
    await page.getByLabel('工号').fill(ADMIN.staffNumber);
    await page.getByLabel('姓名').fill(ADMIN.name);
    await page.getByLabel('密码', { exact: true }).fill(ADMIN.pin);
    await page.getByLabel('再次输入密码').fill(ADMIN.pin);
    await page.getByLabel('再次输入密码').press('Enter');
    const summary = page.getByRole('group', { name: '确认' });
    await visible(summary);
    const row = (label: string) => summary.locator('tr').filter({ has: page.locator('th', { hasText: new RegExp(`^${label}$`) }) });
    expect(await row('评价器协议').locator('td').innerText()).toBe('大厅总线（旧评价器、呼叫器）');
    expect(await row('评价器地址').locator('td').innerText()).toBe('5');
    expect(await row('评价器').locator('td').innerText()).toContain(`串口 ${legacy.appPath!}`);
    await animationsSettled(page);
    await screenshot(page, 'setup-rating-confirm');
  });

  it('hands the port to the program’s own driver after 完成设置: 评价器 已连接', async () => {
    await page.getByRole('button', { name: '完成设置' }).press('Enter');
    await visible(page.getByText('工作人员登录'), 60_000);
    await page.getByLabel('工号').fill(ADMIN.staffNumber);
    await page.getByLabel('密码').fill(ADMIN.pin);
    await page.keyboard.press('Enter');
    await visible(page.getByRole('button', { name: '退出' }));
    await visible(page.locator('.status-item').filter({ hasText: '评价器 已连接' }), 20_000);
    await animationsSettled(page);
    await screenshot(page, 'setup-rating-after-setup');
    expect(pageErrors).toEqual([]);
  });
});
