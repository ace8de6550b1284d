/**
 * The window's calling panel and the browser shell's hall screen end to end (issue 17), on one
 * window PC with its own (local) queue: no hall server configured, so it numbers from its
 * fallback slot. Tickets are taken through the shell's API as a walk-in would be; the clerk calls
 * with F3 (also from the intake page), skips with F7, recalls the skipped number from the list, chooses a waiting number with
 * F8 (选号) and the arrow keys; the hall screen on `#/display`
 * shows and speaks each call (its speech engine is a recorder, as in queue-display.test.ts).
 * Screenshots: test/artifacts/queue-window*.png (queue-window-choose: the chooser), queue-display-shell.png.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTempDir, type RunningShell } from '../support/browser-shell-process';
import { animationsSettled, screenshot } from '../support/chromium';
import { queueBrowser, spokenOn, startQueueShell, waitSpoken } from '../support/queue-e2e';

const CLERK = { staffNumber: '1001', name: '王芳', pin: '246810' } as const;

describe('calling at the window, shown on the hall screen of the browser shell', () => {
  let shell: RunningShell;
  let browser: Browser;
  let page: Page;
  let display: Page;
  const pageErrors: string[] = [];

  const issue = async (letter: string) => {
    const answer = await fetch(`${shell.origin}/api/queue.issue`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${shell.token}` },
      body: JSON.stringify({ letter }),
    });
    const body = (await answer.json()) as { ok: boolean; value?: { ticket: { number: string } } };
    expect(body.ok).toBe(true);
    return body.value!.ticket.number;
  };
  const spoken = () => spokenOn(display);
  const current = () => page.getByLabel('当前号', { exact: true });

  beforeAll(async () => {
    const dir = makeTempDir('queue-window-e2e');
    shell = await startQueueShell(
      dir,
      {
        hall: { code: 'JQ', name: '金桥区政务服务中心' },
        window: { number: 12 },
        queue: {
          categories: [
            { letter: 'A', name: '企业开办', windows: [12] },
            { letter: 'B', name: '社保', windows: [3] },
          ],
          fallbackSlot: 1,
        },
      },
      CLERK,
    );
    const chromium = await queueBrowser({
      viewports: { window: { width: 1366, height: 768 }, display: { width: 1920, height: 1080 } },
      errors: pageErrors,
      speechEndMs: 200,
    });
    browser = chromium.browser;
    ({ window: page, display } = chromium.pages);
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    if (shell) expect(await shell.stop()).toBe(0);
  });

  it('calls with F3, skips with F7 and recalls the skipped number; the hall screen speaks each call in order', async () => {
    const first = await issue('A');
    const second = await issue('A');
    await display.goto(`${shell.url}#/display`);
    await display.locator('.hall-display[data-status="open"]').waitFor({ timeout: 30_000 });

    await page.goto(shell.url);
    await page.getByLabel('工号').fill(CLERK.staffNumber);
    await page.getByLabel('密码').fill(CLERK.pin);
    await page.keyboard.press('Enter');
    await page.getByRole('combobox', { name: '搜索事项' }).waitFor();
    // F3 calls from the intake page too (the cursor in the item search), answering in a toast.
    await page.keyboard.press('F3');
    await page.locator('.ant-message').getByText(first, { exact: false }).waitFor();
    await page.keyboard.press('Alt+4');
    await page.getByRole('heading', { name: '叫号 · 12 号窗口' }).waitFor();
    await page.getByText('本机号段').first().waitFor();
    await current().getByText(first).waitFor();
    await page.keyboard.press('F7');
    await page.locator('.queue-skipped').getByText(first).waitFor();
    await page.keyboard.press('F3');
    await current().getByText(second).waitFor();
    // The skipped number called back from the list.
    await page.locator('.queue-skipped li').filter({ hasText: first }).getByRole('button', { name: '重呼' }).click();
    await current().getByText(first).waitFor();
    // Nothing waits any more: F3 is refused, in the contract's words, beside the panel.
    await page.keyboard.press('F3');
    await page.locator('.queue-note').getByText('当前没有等候的号').waitFor();
    await animationsSettled(page);
    await screenshot(page, 'queue-window');

    const digits = (n: string) => [...n.slice(1)].map((d) => '零一二三四五六七八九'[Number(d)]).join('');
    await waitSpoken(display, 3);
    expect(await spoken()).toEqual([
      `请A${digits(first)}号到十二号窗口办理`,
      `请A${digits(second)}号到十二号窗口办理`,
      `再次呼叫，请A${digits(first)}号到十二号窗口办理`,
    ]);
    await display.getByRole('region', { name: '当前叫号' }).getByText(first).waitFor();
    await screenshot(display, 'queue-display-shell');
    expect(pageErrors).toEqual([]);
  });

  it('lists every calling key in the F1 sheet opened on 叫号, which still fits the screen', async () => {
    await page.keyboard.press('F1');
    const help = page.getByRole('dialog', { name: '快捷键' });
    const group = help.getByRole('region', { name: '叫号', exact: true });
    await group.getByRole('row', { name: /叫号\/重呼\/过号/ }).waitFor();
    expect(await group.getByRole('row', { name: /叫号\/重呼\/过号/ }).locator('kbd').allTextContents()).toEqual(['F3', 'F4', 'F7']);
    expect(await group.getByRole('row', { name: /选号/ }).locator('kbd').allTextContents()).toEqual(['F8']);
    expect(await group.getByRole('row', { name: /暂停恢复\/转移/ }).locator('kbd').allTextContents()).toEqual(['F9', 'F10']);
    expect(await group.getByRole('row', { name: /办结并叫下一位/ }).locator('kbd').allTextContents()).toEqual(['F3']);
    await animationsSettled(page);
    const box = await help.boundingBox();
    await screenshot(page, 'queue-window-f1');
    expect((box?.y ?? 0) + (box?.height ?? 1000)).toBeLessThanOrEqual(768);
    await page.keyboard.press('Escape');
    await help.waitFor({ state: 'hidden' });
  });

  it('选号 with the keyboard: F8 lists the waiting numbers, ↓ chooses, Enter calls that one out of turn', async () => {
    const waiting = [await issue('A'), await issue('A'), await issue('A')];
    // The panel hears of the new tickets (queue.changed) and shows them as numbers to pick.
    await page.locator('.queue-next-pick').getByRole('button', { name: waiting[2]! }).waitFor();
    await page.keyboard.press('F8');
    const chooser = page.getByRole('dialog', { name: '选号' });
    const list = chooser.getByRole('listbox', { name: '可选的号' });
    await expect.poll(() => list.getByRole('option').allTextContents()).toEqual(waiting.map((n) => `${n} · 企业开办 · 等候中`));
    await expect.poll(() => list.getByRole('option', { selected: true }).textContent()).toContain(waiting[0]);
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowDown');
    await expect.poll(() => list.getByRole('option', { selected: true }).textContent()).toContain(waiting[2]);
    await animationsSettled(page);
    await screenshot(page, 'queue-window-choose');
    await page.keyboard.press('Enter');
    await chooser.waitFor({ state: 'hidden' });
    await current().getByText(waiting[2]!).waitFor();
    await page.locator('.queue-note').getByText(waiting[2]!, { exact: false }).waitFor();
    // The two passed over still wait, in line order.
    await expect.poll(() => page.locator('.queue-next-pick button').allTextContents()).toEqual([waiting[0], waiting[1]]);
    await animationsSettled(page);
    await screenshot(page, 'queue-window-chosen');
    expect(pageErrors).toEqual([]);
  });

  it('F9 午休 Enter pauses and F9 resumes; F10 1 3 Enter is refused beside the field, F10 3 Enter transfers', async () => {
    const held = await current().textContent();
    // F9: the cursor in the reason (its default selected); typing replaces it; Enter confirms.
    await page.keyboard.press('F9');
    const pause = page.getByRole('dialog', { name: '暂停叫号' });
    const reason = pause.getByLabel('暂停原因（显示在大厅显示屏上）：');
    await expect.poll(() => reason.evaluate((el) => el === document.activeElement)).toBe(true);
    await page.keyboard.type('午休');
    await animationsSettled(page);
    await screenshot(page, 'queue-window-pause-dialog');
    // The common reasons do not cover the dialog's 暂停 button.
    const ok = await pause.getByRole('button', { name: '暂停' }).boundingBox();
    const picks = await pause.getByLabel('常用原因').boundingBox();
    expect((picks?.y ?? 0) + (picks?.height ?? 0)).toBeLessThanOrEqual(ok?.y ?? 0);
    await page.keyboard.press('Enter');
    await pause.waitFor({ state: 'hidden' });
    await page.getByText('窗口暂停中（午休），按 F9 恢复').waitFor();
    await page.keyboard.press('F9');
    await page.getByText('窗口暂停中（午休），按 F9 恢复').waitFor({ state: 'hidden' });

    // F10: the cursor in the window number; 13 serves no category of the hall: refused beside the field.
    await page.keyboard.press('F10');
    const transfer = page.getByRole('dialog', { name: /^转移/ });
    const field = transfer.getByLabel('转到的窗口号');
    await expect.poll(() => field.evaluate((el) => el === document.activeElement)).toBe(true);
    await page.keyboard.type('13');
    await page.keyboard.press('Enter');
    await transfer.getByText('该窗口未设置办理任何业务类别，不能转移到该窗口').waitFor();
    await animationsSettled(page);
    await screenshot(page, 'queue-window-transfer-refused');
    await expect.poll(() => current().textContent()).toBe(held);
    // Window 3 calls B: the ticket goes there, the dialog closes.
    await field.fill('3');
    await page.keyboard.press('Enter');
    await transfer.waitFor({ state: 'hidden' });
    await page.locator('.queue-note').getByText('已转移到 3 号窗口').waitFor();
    expect(pageErrors).toEqual([]);
  });
});
