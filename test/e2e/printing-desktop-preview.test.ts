/**
 * The A4 notice preview as the desktop shell shows it (issue 14: "In Electron: printed through
 * webContents to the configured A4 printer, with a preview first"). Electron itself is not run
 * here: the page gets the preload's bridge (`window.counter`, which makes the renderer take the
 * IPC transport and the desktop's ways) relaying each call to the same core over the browser
 * shell's API. That core has no Chromium printing host, so `printing.printNotice` answers
 * `unavailable` with its words — and what is checked is the renderer's side: 打印 asks the core to
 * print (no browser dialog), shows the outcome beside the notice, and on a 补打 preview records
 * the 补打 first and says it was recorded when the printer could not print it.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { RunningShell } from '../support/browser-shell-process';
import { api, idNumber, submitIntake } from '../support/case-fixtures';
import { animationsSettled, screenshot } from '../support/chromium';
import { startPrintingShell, type PrintingShell } from '../support/printing-shell';

let running: PrintingShell;
let shell: RunningShell;
let page: Page;
const pageErrors: string[] = [];

beforeAll(async () => {
  running = await startPrintingShell({
    name: 'printing-desktop-e2e',
    receiptPrinter: false,
    preparePage: async (tab, started) => {
      tab.on('pageerror', (err) => pageErrors.push(`pageerror: ${err.message}`));
      // The preload's bridge, relayed to the core over the shell's API with its token.
      await tab.addInitScript((token: string) => {
        const bridge = {
          invoke: async (method: string, args: unknown) => {
            const response = await fetch(`/api/${method}`, {
              method: 'POST',
              headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` },
              body: JSON.stringify(args ?? {}),
            });
            return response.json();
          },
          subscribe: () => () => undefined,
        };
        (window as unknown as { counter: typeof bridge }).counter = bridge;
      }, started.token);
      tab.on('console', (msg) => {
        // The relay's fetch of a call the core answers `unavailable` (HTTP 503) is logged by Chromium: expected here.
        if (msg.type() === 'error' && !msg.text().includes('status of 503')) pageErrors.push(`console: ${msg.text()}`);
      });
    },
  });
  ({ shell, page } = running);
  await running.signIn(() => pageErrors.join('\n'));
}, 120_000);

afterAll(async () => {
  await running?.stop();
});

describe('an A4 notice in the desktop shell', () => {
  test('打印 sends it through the core, not the browser dialog, and shows why it did not print; a 补打 is recorded first and says so', async () => {
    const made = await submitIntake(
      shell,
      '公司变更登记',
      { kind: 'person', name: '陈静', idType: 'resident_id_card', idNumber: idNumber('33010219900307124'), mobile: '13800001111', address: '' },
      { kind: 'request_correction', items: [{ materialId: 'M2', name: '公司章程修正案', instruction: '须由全体股东签名' }], note: '' },
      ['M2'],
    );
    await page.goto(`${shell.origin}/#/cases/${made.id}`);
    const docs = page.locator('.case-documents');
    await docs.getByRole('button', { name: '预览补正材料通知书' }).click();
    await page.getByRole('heading', { name: /补正材料通知书/ }).waitFor();
    await page.getByText('直接送到 A4 打印机', { exact: false }).waitFor();
    // The frame's own print() (the browser dialog) must not be used here.
    const countFramePrints = () =>
      page.locator('iframe.a4-paper').evaluate((el) => {
        const win = (el as HTMLIFrameElement).contentWindow as (Window & { printed?: number }) | null;
        if (!win) throw new Error('no frame window');
        win.printed = 0;
        win.print = () => {
          win.printed = (win.printed ?? 0) + 1;
        };
      });
    const framePrints = () => page.locator('iframe.a4-paper').evaluate((el) => ((el as HTMLIFrameElement).contentWindow as Window & { printed?: number }).printed);
    await countFramePrints();
    await page.keyboard.press('Control+P');
    await page.locator('.doc-print-error').getByText('浏览器模式下由浏览器打印', { exact: false }).waitFor();
    expect(await framePrints()).toBe(0);
    await animationsSettled(page);
    await screenshot(page, 'printing-desktop-1-notice-not-printed');

    // Its 补打: recorded on the case when 打印 is pressed, and the failure says it was recorded.
    await page.keyboard.press('Escape');
    await docs.getByRole('button', { name: '补打补正材料通知书' }).click();
    await page.getByRole('heading', { name: /补正材料通知书/ }).getByText('补打').waitFor();
    await countFramePrints();
    await page.keyboard.press('Control+P');
    await page.locator('.doc-print-error').getByText('本次补打已记入办件，但未打印', { exact: false }).waitFor();
    expect(await framePrints()).toBe(0);
    const after = await api<{ timeline: Array<{ title: string }> }>(shell, 'cases.get', { caseId: made.id });
    expect(after.timeline.filter((e) => e.title.includes('补打'))).toHaveLength(1);
    // Pressed again: not recorded twice.
    await page.keyboard.press('Control+P');
    await page.locator('.doc-print-error').getByText('本次补打已记入办件', { exact: false }).waitFor();
    const again = await api<{ timeline: Array<{ title: string }> }>(shell, 'cases.get', { caseId: made.id });
    expect(again.timeline.filter((e) => e.title.includes('补打'))).toHaveLength(1);
    await animationsSettled(page);
    await screenshot(page, 'printing-desktop-2-reprint-recorded');
    expect(pageErrors).toEqual([]);
  });
});
