/**
 * 好差评 at the window, end to end: the browser shell with a v1 rating device on a serial line (a
 * socat pty pair whose other end the virtual rating device holds), Chromium at the counters'
 * 1366×768.
 * - The device not yet answering: 请评价 by hand (Alt+K on the intake result) shows the panel with
 *   评价器未连接，连接后将自动开启评价; it never takes the clerk's focus; Esc folds it and the session
 *   stays armed.
 * - The device comes up: the session opens on it; a coin (满意) is thanked for by name, then the
 *   panel is gone and the session ended.
 * - 作出决定 on the case page arms a session: 请评价 with a countdown that runs; a 非常不满意 coin
 *   shows on the case page's 评价 card with its staff member, attribution and its follow-up
 *   (差评处理：待核实, linking to /ratings/follow-ups/:id); the window's figures (ratings.summary)
 *   count both ratings, 满意率 50 %. 请评价 again on the rated case: the core's refusal
 *   (该办件本次服务已评价) stands beside the button (一次一评).
 * - A fault (币箱已满) is told at once with what to do, and closes on ×; while the flag is set a
 *   session's panel says 评价器故障：币箱已满，暂不能评价, not 未连接.
 * - F1 lists Alt+K (under 办件详情), and the sheet still fits 1366×768.
 * Screenshots: test/artifacts/ratings-window-*.png.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { addStaff, makeTempDir, startShell, writeConfig, type RunningShell } from '../support/browser-shell-process';
import { api, idNumber, submitIntake } from '../support/case-fixtures';
import { animationsSettled, launchChromium, screenshot } from '../support/chromium';
import { startPtyPair, type PtyPair } from '../support/socat';
import { startVirtualRatingDevice, type VirtualRatingDevice } from '../support/virtual-rating-device';

const CLERK = { number: '1001', name: '王芳', pin: '246810' } as const;
const ITEM_NAME = '个体工商户设立登记';

let pty: PtyPair;
let device: VirtualRatingDevice;
let shell: RunningShell;
let browser: Browser;
let page: Page;
const pageErrors: string[] = [];

async function shot(name: string): Promise<void> {
  await animationsSettled(page);
  await screenshot(page, `ratings-window-${name}`);
}

/** Accepts a case on the intake page from the keyboard: every material received, 受理, Ctrl+Enter. */
async function acceptAtTheWindow(name: string, id: string): Promise<string> {
  await page.goto(`${shell.origin}/#/cases`);
  await page.getByRole('heading', { name: '办件', level: 2 }).waitFor();
  await page.goto(`${shell.origin}/#/intake`);
  const search = page.getByRole('combobox', { name: '搜索事项' });
  await expect.poll(() => search.evaluate((el) => el === document.activeElement), { timeout: 5_000 }).toBe(true);
  await page.keyboard.type('gtgs');
  await page.getByRole('option', { name: new RegExp(ITEM_NAME) }).first().waitFor();
  await page.keyboard.press('Enter');
  await page.getByLabel('已选事项').getByText(ITEM_NAME).waitFor();
  const nameField = page.locator('#ik-applicant\\.name');
  await expect.poll(() => nameField.evaluate((el) => el === document.activeElement), { timeout: 5_000 }).toBe(true);
  await page.keyboard.insertText(name);
  await page.keyboard.press('Enter');
  await page.keyboard.press('Enter');
  await page.keyboard.type(id);
  await page.keyboard.press('Enter');
  await page.keyboard.type('13805712345');
  await page.keyboard.press('Alt+M');
  await page.keyboard.press('a');
  await page.getByRole('button', { name: '确认受理' }).waitFor();
  await page.keyboard.press('Control+Enter');
  const number = page.getByTestId('case-number');
  await number.waitFor();
  return (await number.textContent())?.trim() ?? '';
}

beforeAll(async () => {
  const dir = makeTempDir('ratings-window-e2e');
  pty = await startPtyPair(dir);
  const config = writeConfig(dir, {
    hall: { code: 'JQ', name: '金桥区政务服务中心' },
    window: { number: 12, name: '综合受理窗口' },
    devices: { ratingDevice: { type: 'serial', path: pty.a, baudRate: 9600, protocol: 'v1', address: 1 } },
    // Long enough for the device to come up (a child process) within the first session.
    ratings: { sessionSeconds: 180 },
  });
  await addStaff(dir, CLERK.number, CLERK.name, CLERK.pin);
  shell = await startShell(['--data-dir', dir, '--config', config]);
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1366, height: 768 }, locale: 'zh-CN' });
  page.on('pageerror', (err) => pageErrors.push(`pageerror: ${err.message}`));
  page.on('console', (msg) => {
    if (msg.type() === 'error') pageErrors.push(`console: ${msg.text()}`);
  });
  await page.goto(shell.url);
  await page.getByLabel('工号').waitFor({ timeout: 15_000 });
  await page.getByLabel('工号').fill(CLERK.number);
  await page.getByLabel('密码').fill(CLERK.pin);
  await page.keyboard.press('Enter');
  await page.getByRole('combobox', { name: '搜索事项' }).waitFor();
}, 120_000);

afterAll(async () => {
  await device?.stop().catch(() => undefined);
  await browser?.close().catch(() => undefined);
  await shell?.stop().catch(() => undefined);
  await pty?.stop().catch(() => undefined);
});

/** The 请评价 panel (an aside, never a dialog). */
const panel = () => page.getByRole('complementary', { name: '请评价' });
const thanks = () => page.getByRole('status', { name: '评价结果' });

/** Whether the focused element is inside the 请评价 panel or its folded reminder. */
async function focusInPanel(): Promise<boolean> {
  return page.evaluate(() => document.activeElement?.closest('.rating-panel, .rating-reminder') != null);
}

async function currentSession(): Promise<{ id: string; state: string; deviceArmed: boolean; caseId: string | null } | null> {
  return api(shell, 'ratings.session', {});
}

async function caseIdOf(caseNumber: string): Promise<string> {
  const found = await api<{ rows: Array<{ id: string }> }>(shell, 'cases.search', { caseNumber });
  return found.rows[0]?.id ?? '';
}

describe('请评价 at the window', () => {
  let firstCaseNumber = '';

  test('by hand with the device offline: the panel says it will open when the device is back, keeps the focus away, Esc folds it', async () => {
    firstCaseNumber = await acceptAtTheWindow('李明', idNumber('33010219880512301'));
    // The panel never takes the clerk's focus while 请评价 comes and goes.
    await page.keyboard.press('Alt+K');
    await panel().waitFor();
    await panel().getByText('评价器未连接，连接后将自动开启评价').waitFor();
    await panel().getByText(firstCaseNumber).waitFor();
    // Non-modal: the focus stays out of it.
    expect(await focusInPanel()).toBe(false);
    await shot('0-offline');

    // Esc folds it into a reminder; the session is still armed (staff cannot end or steer it).
    await page.keyboard.press('Escape');
    await panel().waitFor({ state: 'hidden' });
    await page.getByRole('button', { name: '请评价进行中，点击展开' }).waitFor();
    const session = await currentSession();
    expect(session?.state).toBe('armed');
    expect(session?.caseId).toBe(await caseIdOf(firstCaseNumber));
    expect(await focusInPanel()).toBe(false);
  });

  test('the device comes up: the session opens on it, and its coin is thanked for with the level’s name, then gone', async () => {
    device = await startVirtualRatingDevice({ port: pty.b, serial: 'RW-E2E-1' });
    await expect.poll(async () => (await currentSession())?.deviceArmed, { timeout: 20_000 }).toBe(true);
    await page.getByRole('button', { name: '请评价进行中，点击展开' }).click();
    await panel().getByText('请群众在评价器上投币，为本次服务评价').waitFor();
    await device.coin('满意');
    await thanks().getByText('谢谢您的评价').waitFor();
    await thanks().getByText('满意', { exact: true }).waitFor();
    await shot('1-thanks');
    // ~3 s, then nothing.
    await thanks().waitFor({ state: 'hidden', timeout: 10_000 });
    expect(await panel().count()).toBe(0);
    expect(await currentSession()).toBeNull();
  });

  test('finishing a case on its page (作出决定) asks for a rating with a running countdown; the coin lands on the case page', async () => {
    const { id } = await submitIntake(
      shell,
      '失业保险金申领',
      { kind: 'person', name: '张伟', idType: 'resident_id_card', idNumber: idNumber('33010219850611203'), mobile: '13700002222', address: '' },
      { kind: 'accept' },
    );
    await page.goto(`${shell.origin}/#/cases/${id}`);
    const head = page.getByRole('region', { name: '办件概要' });
    await head.getByRole('button', { name: '进入审查' }).click();
    await page.getByRole('dialog').filter({ hasText: '进入审查？' }).getByRole('button', { name: '进入审查' }).click();
    await head.getByText('审查中').waitFor();
    await head.getByRole('button', { name: '作出决定' }).click();
    const dialog = page.getByRole('dialog', { name: '作出决定' });
    await dialog.getByText('准予给付', { exact: true }).click();
    await dialog.getByRole('button', { name: '确认决定' }).click();
    await dialog.waitFor({ state: 'hidden' });
    await head.getByText('已决定').waitFor();

    await panel().waitFor();
    await panel().getByText('请群众在评价器上投币，为本次服务评价').waitFor();
    // The countdown runs down from the session's length and never above it. No bound on how much
    // of it is left when read: a slow, shared machine may take many seconds to get here.
    const timer = panel().getByRole('timer');
    const first = Number(await timer.getAttribute('data-seconds'));
    expect(first).toBeGreaterThan(0);
    expect(first).toBeLessThanOrEqual(180);
    await expect.poll(async () => Number(await timer.getAttribute('data-seconds')), { timeout: 10_000 }).toBeLessThan(first);
    expect(Number(await timer.getAttribute('data-seconds'))).toBeGreaterThanOrEqual(0);
    expect(await focusInPanel()).toBe(false);
    await shot('2-asking');

    await device.coin('非常不满意');
    await thanks().getByText('非常不满意', { exact: true }).waitFor();
    const ratings = page.locator('.case-ratings');
    const row = ratings.getByRole('row', { name: /非常不满意/ });
    await row.waitFor();
    await row.getByText(`12号窗口 · ${CLERK.name}`).waitFor();
    await row.getByText('一次一评', { exact: true }).waitFor();
    const followUp = row.getByRole('link', { name: /差评处理：待核实/ });
    await followUp.waitFor();
    expect(await followUp.getAttribute('href')).toMatch(/#\/ratings\/follow-ups\/[0-9a-f-]{36}$/);
    await thanks().waitFor({ state: 'hidden', timeout: 10_000 });
    // 一次一评: asking again for the service just rated is refused, with the core's words beside the button.
    await ratings.getByRole('button', { name: /请评价/ }).click();
    await ratings.getByRole('alert').getByText('该办件本次服务已评价').waitFor();
    // The browser logs the refused call (HTTP 409) as a failed resource: expected here, and only this one.
    const refusedCalls = pageErrors.filter((e) => e.includes('status of 409'));
    expect(refusedCalls).toHaveLength(1);
    pageErrors.splice(pageErrors.indexOf(refusedCalls[0] ?? ''), 1);
    expect(await currentSession()).toBeNull();
    expect(await panel().count()).toBe(0);
    await ratings.scrollIntoViewIfNeeded();
    await shot('3-case-page');
  });

  test('the first case’s page shows its rating too, and the window’s figures count both', async () => {
    await page.goto(`${shell.origin}/#/cases/${await caseIdOf(firstCaseNumber)}`);
    const row = page.locator('.case-ratings').getByRole('row', { name: /满意/ });
    await row.waitFor();
    expect(await row.textContent()).not.toContain('差评处理：');
    const { today } = await api<{ today: string }>(shell, 'app.windowInfo', {});
    const summary = await api<{ all: { total: number; counts: Record<string, number>; satisfactionRate: number | null } }>(shell, 'ratings.summary', {
      from: today,
      to: today,
      groupBy: 'window',
    });
    expect(summary.all.total).toBe(2);
    expect(summary.all.counts['satisfied']).toBe(1);
    expect(summary.all.counts['very_dissatisfied']).toBe(1);
    expect(summary.all.satisfactionRate).toBe(0.5);

    // The same figures on the 评价 page (helper U2's): today, by window.
    await page.goto(`${shell.origin}/#/ratings`);
    // 合计: 非常满意 0, 满意 1, 基本满意 0, 不满意 0, 非常不满意 1, total 2, 满意率 50%, 申诉成立 0.
    const all = page.locator('[aria-label="评价统计表"] tr', { hasText: '合计' }).last();
    await expect.poll(() => all.textContent(), { timeout: 10_000 }).toBe('合计01001250%0');
    await shot('6-figures');
  });

  test('a device fault is told at once with what to do, until the clerk closes it', async () => {
    await device.fault('box_full');
    const alert = page.locator('.rating-fault-alert');
    await alert.getByText('评价器故障：币箱已满').waitFor({ timeout: 10_000 });
    await alert.getByText(/请联系管理员清理币箱/).waitFor();
    await shot('4-fault');
    await alert.locator('.ant-notification-notice-close').click();
    await alert.waitFor({ state: 'hidden' });

    // The device is there but cannot take a coin: a session's panel says so, not 未连接.
    await api(shell, 'ratings.requestRating', { caseId: null });
    await panel().getByText('评价器故障：币箱已满，暂不能评价').waitFor({ timeout: 10_000 });
    expect(await panel().getByText('评价器未连接', { exact: false }).count()).toBe(0);
    await shot('4b-fault-panel');
    await device.clearFaults();
    await panel().getByText('评价器故障：币箱已满，暂不能评价').waitFor({ state: 'hidden', timeout: 10_000 });
    await page.keyboard.press('Escape');
    await panel().waitFor({ state: 'hidden' });
  });

  test('F1 lists 请评价 (Alt+K) for the clerk', async () => {
    await page.keyboard.press('F1');
    const help = page.getByRole('dialog', { name: '快捷键' });
    // One line under 办件详情 (a group of its own pushed a 组长's sheet past the screen).
    const row = help.getByRole('region', { name: '办件详情', exact: true }).getByRole('row', { name: /请评价（也在受理结果上）/ });
    expect(await row.locator('kbd').allTextContents()).toEqual(['Alt', 'K']);
    // The sheet still fits the counters' screen without scrolling.
    const box = await help.boundingBox();
    await shot('5-help');
    expect((box?.y ?? 0) + (box?.height ?? 1000)).toBeLessThanOrEqual(768);
    await page.keyboard.press('Escape');
    await help.waitFor({ state: 'hidden' });
    expect(pageErrors).toEqual([]);
  });
});
