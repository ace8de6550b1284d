/**
 * After a stop with a receipt still waiting (the printer silent), the clerk who signs in is told
 * at once that a receipt needs a decision, and is led to 打印任务; a job certainly not printed
 * offers 重新打印 (its first, unmarked copy) and 作废, never 补打. Screenshots:
 * test/artifacts/printing-restart-*.png.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { idNumber } from '../support/case-fixtures';
import { animationsSettled, screenshot } from '../support/chromium';
import { receiptPrinterOf, startPrintingShell, type PrintingShell } from '../support/printing-shell';
import type { VirtualPrinter } from '../support/virtual-printer';

const ITEM_NAME = '个体工商户设立登记';
const QIAN_ID = idNumber('33010219850301123');

let running: PrintingShell;
let printer: VirtualPrinter;
let page: Page;

async function shot(name: string): Promise<void> {
  await animationsSettled(page);
  await screenshot(page, `printing-restart-${name}`);
}

beforeAll(async () => {
  running = await startPrintingShell({ name: 'printing-restart-e2e' });
  ({ page } = running);
  printer = receiptPrinterOf(running);
  await running.signIn();
}, 120_000);

afterAll(async () => {
  await running?.stop();
});

describe('receipts left behind by a stop', () => {
  test('are announced at sign-in and offered 重新打印 (unmarked) and 作废, not 补打', async () => {
    // The printer stops answering: the receipt waits.
    await printer.set('mute');
    const search = page.getByRole('combobox', { name: '搜索事项' });
    await expect.poll(() => search.evaluate((el) => el === document.activeElement)).toBe(true);
    await page.keyboard.type('gtgs');
    await page.getByRole('option', { name: new RegExp(ITEM_NAME) }).first().waitFor();
    await page.keyboard.press('Enter');
    const nameField = page.locator('#ik-applicant\\.name');
    await expect.poll(() => nameField.evaluate((el) => el === document.activeElement)).toBe(true);
    await page.keyboard.insertText('钱多');
    await page.keyboard.press('Enter');
    await page.keyboard.press('Enter');
    await page.keyboard.type(QIAN_ID);
    await page.keyboard.press('Enter');
    await page.keyboard.type('13805712345');
    await page.keyboard.press('Alt+M');
    await page.keyboard.press('a');
    await page.getByRole('button', { name: '确认受理' }).waitFor();
    await page.keyboard.press('Control+Enter');
    const caseNumber = ((await page.getByTestId('case-number').textContent()) ?? '').trim();
    const receipt = page.getByRole('region', { name: '回执与通知书' });
    await receipt.getByTestId('receipt-state').getByText(/等待打印机/).waitFor({ timeout: 20_000 });

    // The program stops and starts again; the clerk signs in to an empty 受理 form.
    await running.restart();
    await running.signIn();
    const pending = page.locator('.print-jobs-pending');
    await pending.getByText('1 张受理回执需要您处理').waitFor({ timeout: 15_000 });
    await pending.getByText(/1 个未打印（可重新打印或作废）/).waitFor();
    await shot('1-signin');

    await pending.getByRole('button', { name: '去处理（打印任务）' }).click();
    await page.getByRole('heading', { name: '打印任务' }).waitFor();
    const row = page.getByRole('table', { name: '需要处理的打印任务' }).getByRole('row').filter({ hasText: caseNumber });
    await row.getByText('未打印：程序重启前未打印，请选择重新打印或作废').waitFor();
    await row.getByText(/重新打印即第一次打印，纸上不标“补打”/).waitFor();
    await row.getByRole('button', { name: /重新打印/ }).waitFor();
    await row.getByRole('button', { name: /作废/ }).waitFor();
    expect(await row.getByRole('button', { name: /补打/ }).count()).toBe(0);
    await shot('2-jobs');

    // The printer answers again: 重新打印 prints the receipt once, unmarked.
    await printer.set('unmute');
    await row.getByRole('button', { name: /重新打印/ }).click();
    const [paper] = await printer.waitForDocuments(1, 20_000);
    expect(paper?.lines.join('')).toContain(caseNumber);
    expect(paper?.lines.join('\n')).not.toContain('补打');
    await page.getByRole('table', { name: '最近的打印任务' }).getByRole('row').filter({ hasText: caseNumber }).getByText('已打印').waitFor({ timeout: 15_000 });
  }, 120_000);
});
