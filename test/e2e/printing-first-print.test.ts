/**
 * The first paper of a receipt is never a 补打, end to end: automatic printing is off, so the
 * intake result offers 打印回执; pressing it prints the receipt unmarked, records nothing on the
 * case, and only from then on is the next copy offered as 补打 (intake result and case page).
 * Screenshots: test/artifacts/printing-first-print-*.png.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { RunningShell } from '../support/browser-shell-process';
import { api, idNumber } from '../support/case-fixtures';
import { animationsSettled, screenshot } from '../support/chromium';
import { receiptPrinterOf, startPrintingShell, type PrintingShell } from '../support/printing-shell';
import type { VirtualPrinter } from '../support/virtual-printer';

const ITEM_NAME = '个体工商户设立登记';
const SUN_ID = idNumber('33010219850301123');

let running: PrintingShell;
let printer: VirtualPrinter;
let shell: RunningShell;
let page: Page;

async function shot(name: string): Promise<void> {
  await animationsSettled(page);
  await screenshot(page, `printing-first-print-${name}`);
}

beforeAll(async () => {
  running = await startPrintingShell({ name: 'printing-first-e2e', autoReceipt: false });
  ({ shell, page } = running);
  printer = receiptPrinterOf(running);
  await running.signIn();
}, 120_000);

afterAll(async () => {
  await running?.stop();
});

describe('the first print of a receipt with automatic printing off', () => {
  test('打印回执 prints it unmarked and records nothing; only then is 补打 offered', async () => {
    const search = page.getByRole('combobox', { name: '搜索事项' });
    await expect.poll(() => search.evaluate((el) => el === document.activeElement)).toBe(true);
    await page.keyboard.type('gtgs');
    await page.getByRole('option', { name: new RegExp(ITEM_NAME) }).first().waitFor();
    await page.keyboard.press('Enter');
    const nameField = page.locator('#ik-applicant\\.name');
    await expect.poll(() => nameField.evaluate((el) => el === document.activeElement)).toBe(true);
    await page.keyboard.insertText('孙悦');
    await page.keyboard.press('Enter');
    await page.keyboard.press('Enter');
    await page.keyboard.type(SUN_ID);
    await page.keyboard.press('Enter');
    await page.keyboard.type('13805712345');
    await page.keyboard.press('Alt+M');
    await page.keyboard.press('a');
    await page.getByRole('button', { name: '确认受理' }).waitFor();
    await page.keyboard.press('Control+Enter');
    const caseNumber = ((await page.getByTestId('case-number').textContent()) ?? '').trim();

    const receipt = page.getByRole('region', { name: '回执与通知书' });
    await receipt.getByTestId('receipt-state').getByText('未打印').waitFor();
    expect(await receipt.getByRole('button', { name: /补打/ }).count()).toBe(0);
    await shot('1-not-printed');
    await receipt.getByRole('button', { name: /打印回执/ }).click();
    await receipt.getByTestId('receipt-state').getByText('已打印').waitFor({ timeout: 15_000 });

    const [paper] = await printer.waitForDocuments(1);
    expect(paper?.lines.join('')).toContain(caseNumber);
    expect(paper?.lines.join('\n')).not.toContain('补打');
    // Now it is on paper: the next copy is a 补打.
    await receipt.getByRole('button', { name: /补打/ }).waitFor();
    expect(await receipt.getByRole('button', { name: /打印回执/ }).count()).toBe(0);
    await shot('2-printed');

    const found = await api<{ rows: Array<{ id: string }> }>(shell, 'cases.search', { caseNumber });
    const id = found.rows[0]?.id ?? '';
    const detail = await api<{ timeline: Array<{ title: string }> }>(shell, 'cases.get', { caseId: id });
    expect(detail.timeline.filter((e) => e.title.includes('补打'))).toEqual([]);
    await page.goto(`${shell.origin}/#/cases/${id}`);
    const receiptRow = page.locator('.case-documents').getByRole('row').filter({ hasText: '受理回执' });
    await receiptRow.getByRole('button', { name: '补打受理回执' }).waitFor();
    expect(await receiptRow.getByRole('button', { name: '打印受理回执' }).count()).toBe(0);
    await receiptRow.getByText('—').first().waitFor();
  });
});
