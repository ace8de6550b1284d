/**
 * The window's paper end to end: the browser shell with a receipt printer on a serial line (a
 * socat pty pair whose other end the virtual printer holds), Chromium at the counters' 1366×768.
 * - Accepting a case on the intake page prints its 受理回执 without a further click: the
 *   virtual printer decodes the case number, the applicant's masked ID and a cut, and the intake
 *   result says 已打印.
 * - With the paper out, the next acceptance's receipt waits: the result says 等待打印机：缺纸 in
 *   the warning colour and a notice points to 打印任务; paper back → printed exactly once.
 * - A 一次性告知补正 issues its 补正材料通知书: its preview (the stored HTML in a sandboxed frame)
 *   lists exactly the materials asked for.
 * - 补打 from the case page's 文书: a second receipt arrives marked 补打, and the timeline shows it;
 *   a notice's 补打 is recorded when it is printed from its 补打 preview, not when previewed.
 * Screenshots: test/artifacts/printing-*.png.
 */
import type { Frame, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { maskIdNumber } from '../../electron/contract/validation';
import type { RunningShell } from '../support/browser-shell-process';
import { api, idNumber, submitIntake } from '../support/case-fixtures';
import { animationsSettled, screenshot } from '../support/chromium';
import { receiptPrinterOf, startPrintingShell, type PrintingShell } from '../support/printing-shell';
import type { VirtualPrinter } from '../support/virtual-printer';

const ITEM_NAME = '个体工商户设立登记';
const LI_ID = idNumber('33010219880512301');
const ZHAO_ID = idNumber('33010219920708402');

let running: PrintingShell;
let printer: VirtualPrinter;
let shell: RunningShell;
let page: Page;
const pageErrors: string[] = [];

async function shot(name: string): Promise<void> {
  await animationsSettled(page);
  await screenshot(page, `printing-${name}`);
}

/**
 * What each receipt printed so far says, one string per receipt: its lines run together, since
 * the case number is printed large and may be wrapped over two paper lines.
 */
function receiptsReceived(): string[] {
  return printer.documents().map((d) => d.lines.join(''));
}

/** Accepts a case on the intake page from the keyboard: every material received, 受理, Ctrl+Enter. */
async function acceptAtTheWindow(name: string, id: string): Promise<string> {
  // From another page, so the intake page opens on an empty form (not the previous result).
  await page.goto(`${shell.origin}/#/cases`);
  await page.getByRole('heading', { name: '办件', level: 2 }).waitFor();
  await page.goto(`${shell.origin}/#/intake`);
  const search = page.getByRole('combobox', { name: '搜索事项' });
  await expect.poll(() => search.evaluate((el) => el === document.activeElement)).toBe(true);
  await page.keyboard.type('gtgs');
  await page.getByRole('option', { name: new RegExp(ITEM_NAME) }).first().waitFor();
  await page.keyboard.press('Enter');
  await page.getByLabel('已选事项').getByText(ITEM_NAME).waitFor();
  const nameField = page.locator('#ik-applicant\\.name');
  await expect.poll(() => nameField.evaluate((el) => el === document.activeElement)).toBe(true);
  await page.keyboard.insertText(name);
  await page.keyboard.press('Enter'); // → 证件类型
  await page.keyboard.press('Enter'); // 居民身份证 → 证件号码
  await page.keyboard.type(id);
  await page.keyboard.press('Enter'); // → 手机号码
  await page.keyboard.type('13805712345');
  await page.keyboard.press('Alt+M');
  await page.keyboard.press('a'); // all received
  await page.getByRole('button', { name: '确认受理' }).waitFor();
  await page.keyboard.press('Control+Enter');
  const number = page.getByTestId('case-number');
  await number.waitFor();
  return (await number.textContent())?.trim() ?? '';
}

async function caseIdOf(caseNumber: string): Promise<string> {
  const found = await api<{ rows: Array<{ id: string }> }>(shell, 'cases.search', { caseNumber });
  return found.rows[0]?.id ?? '';
}

/** The notice's frame on the preview, once its content is in. */
async function noticeFrame(): Promise<Frame> {
  const handle = await page.locator('iframe.a4-paper').elementHandle();
  const frame = await handle?.contentFrame();
  if (!frame) throw new Error('no notice frame');
  await frame.waitForLoadState();
  return frame;
}

beforeAll(async () => {
  running = await startPrintingShell({
    name: 'printing-e2e',
    preparePage: (tab) => {
      tab.on('pageerror', (err) => pageErrors.push(`pageerror: ${err.message}`));
      tab.on('console', (msg) => {
        if (msg.type() === 'error') pageErrors.push(`console: ${msg.text()}`);
      });
    },
  });
  ({ shell, page } = running);
  printer = receiptPrinterOf(running);
  await running.signIn();
}, 120_000);

afterAll(async () => {
  await running?.stop();
});

describe('the window’s paper', () => {
  let acceptedNumber = '';

  test('accepting a case prints its 受理回执 at once: case number, masked ID, cut', async () => {
    acceptedNumber = await acceptAtTheWindow('李明', LI_ID);
    const receipt = page.getByRole('region', { name: '回执与通知书' });
    await receipt.getByTestId('receipt-state').getByText('已打印').waitFor({ timeout: 15_000 });

    const [doc] = await printer.waitForDocuments(1);
    const text = doc?.lines.join('') ?? '';
    expect(text).toContain(acceptedNumber);
    // The progress-lookup QR carries the case number (no lookup address configured).
    expect(doc?.qr).toEqual([acceptedNumber]);
    expect(doc?.maxColumns).toBeLessThanOrEqual(48);
    expect(text).toContain(maskIdNumber(LI_ID));
    expect(text).not.toContain(LI_ID);
    expect(doc?.cut).toBe(true);
    expect(text).not.toContain('补打');
    // 80 mm: the case number at double size on one line (19 characters, 38 of 48 columns), never cut mid-number.
    expect(doc?.lines.some((l) => l.includes(acceptedNumber))).toBe(true);
    // No lookup address: the QR's caption says what it holds, not 查询办理进度.
    expect(text).toContain('扫码读取办件编号');
    expect(text).not.toContain('查询办理进度');

    // The decision's notice is a button away, with its key on it.
    await receipt.getByRole('button', { name: /预览\/打印 受理通知书/ }).waitFor();
    await expect(receipt.getByRole('button', { name: /预览\/打印 受理通知书/ }).textContent()).resolves.toContain('Alt+T');
    await shot('1-intake-printed');

    // Alt+T: the 受理通知书 over the result; Esc closes it, back to the result.
    await page.keyboard.press('Alt+T');
    const dialog = page.getByRole('dialog', { name: '文书预览' });
    await dialog.waitFor();
    const frame = await noticeFrame();
    await expect.poll(() => frame.locator('body').innerText(), { timeout: 10_000 }).toContain(acceptedNumber);
    await shot('2-acceptance-notice-preview');
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'hidden' });
    await page.getByTestId('case-number').waitFor();

    // Alt+V: the receipt as on paper — the case number large and bold, the date 生成于.
    await page.keyboard.press('Alt+V');
    await dialog.waitFor();
    const large = dialog.locator('.thermal-line-large.thermal-line-bold').filter({ hasText: acceptedNumber });
    await large.waitFor();
    expect(await large.evaluate((el) => parseFloat(getComputedStyle(el).fontSize))).toBeGreaterThan(20);
    await dialog.getByText(/^生成于 /).waitFor();
    await shot('2b-receipt-preview');
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'hidden' });
    await page.getByTestId('case-number').waitFor();

    // Alt+P: the applicant lost it at once — 补打, marked so on the paper.
    await page.keyboard.press('Alt+P');
    await page.getByText('已补打受理回执', { exact: false }).waitFor();
    const [, again] = await printer.waitForDocuments(2);
    expect(again?.lines.join('')).toContain(acceptedNumber);
    expect(again?.lines.join('')).toContain('补打');
    await receipt.getByTestId('receipt-state').getByText('已打印').waitFor();
  });

  test('with the paper out the receipt waits, the clerk sees why, and it prints once when the paper is back', async () => {
    await printer.setPaper('out');
    const number = await acceptAtTheWindow('赵雪', ZHAO_ID);
    const state = page.getByRole('region', { name: '回执与通知书' }).getByTestId('receipt-state');
    await state.getByText(/^等待打印机：.*缺纸/).waitFor({ timeout: 15_000 });
    // The result itself says why and what to do: no notice over that guidance (1366×768).
    await page.getByRole('region', { name: '回执与通知书' }).getByText(/装好纸、合上盖或接通打印机后自动打印/).waitFor();
    const alert = page.locator('.print-job-alert');
    // (given the notice's moment of grace to see that the result shows the job)
    await new Promise((r) => setTimeout(r, 1000));
    expect(await alert.count()).toBe(0);
    await shot('3-paper-out');
    expect(receiptsReceived().some((r) => r.includes(number))).toBe(false);
    // Elsewhere, a notice says so and leads to 打印任务.
    await page.goto(`${shell.origin}/#/cases`);
    await alert.getByText(/等待打印机：.*缺纸/).waitFor();
    await shot('3b-paper-out-elsewhere');

    await alert.getByRole('button', { name: '打开打印任务' }).click();
    await page.getByRole('heading', { name: '打印任务' }).waitFor();
    const waitingRow = page.getByRole('table', { name: '需要处理的打印任务' }).getByRole('row').filter({ hasText: number });
    await waitingRow.getByText(/缺纸/).waitFor();
    await shot('4-jobs-waiting');

    await printer.setPaper('ok');
    await expect.poll(async () => receiptsReceived().filter((r) => r.includes(number)).length, { timeout: 20_000 }).toBe(1);
    await page.getByRole('table', { name: '最近的打印任务' }).getByRole('row').filter({ hasText: number }).getByText('已打印').waitFor();
    // Printed once, and only once, even after the driver has looked at its queue again (two more looks of DLE EOT 1, 2, 4).
    const asked = printer.requests().length;
    await printer.waitFor((p) => p.requests().length >= asked + 6, 20_000);
    expect(receiptsReceived().filter((r) => r.includes(number))).toHaveLength(1);
  });

  test('a 一次性告知补正 issues its 补正材料通知书, which lists exactly the materials asked for', async () => {
    const items = [
      { materialId: 'M2', name: '公司章程修正案', instruction: '须由全体股东签名' },
      { materialId: null, name: '股东会决议', instruction: '加盖公司公章' },
    ];
    const made = await submitIntake(
      shell,
      '公司变更登记',
      { kind: 'person', name: '陈静', idType: 'resident_id_card', idNumber: idNumber('33010219900307124'), mobile: '13800001111', address: '' },
      { kind: 'request_correction', items, note: '' },
      ['M2'],
    );
    await page.goto(`${shell.origin}/#/cases/${made.id}`);
    const docs = page.locator('.case-documents');
    await docs.getByText('补正材料通知书').waitFor();
    await docs.getByRole('button', { name: '预览补正材料通知书' }).click();
    await page.getByRole('heading', { name: /补正材料通知书/ }).waitFor();
    const frame = await noticeFrame();
    const body = frame.locator('body');
    await expect.poll(() => body.innerText(), { timeout: 10_000 }).toContain('公司章程修正案');
    // The list, row by row: exactly the materials asked for, each with its instruction, in order.
    const rows = await frame.locator('table tbody tr').evaluateAll((trs) =>
      trs.map((tr) => Array.from(tr.querySelectorAll('td')).map((td) => (td.textContent ?? '').trim())),
    );
    const listed = rows.filter((cells) => /^\d+$/.test(cells[0] ?? ''));
    expect(listed).toEqual(items.map((item, i) => [String(i + 1), item.name, item.instruction]));
    const text = await body.innerText();
    expect(text).toContain('共2项');
    expect(text).not.toContain('补打');
    await page.getByText('在浏览器打印对话框中选择 A4 打印机', { exact: false }).waitFor();
    await shot('5-correction-notice');

    // Its 补打: the preview is marked 补打; only 打印 records it on the case.
    await page.keyboard.press('Escape');
    await docs.getByRole('button', { name: '补打补正材料通知书' }).click();
    await page.getByRole('heading', { name: /补正材料通知书/ }).getByText('补打').waitFor();
    const reprintFrame = await noticeFrame();
    await expect.poll(() => reprintFrame.locator('body').innerText(), { timeout: 10_000 }).toContain('补打');
    const before = await api<{ timeline: Array<{ title: string }> }>(shell, 'cases.get', { caseId: made.id });
    expect(before.timeline.some((e) => e.title.includes('补打'))).toBe(false);
    // The browser's dialog cannot be driven headless: count the frame's print() instead.
    await page.locator('iframe.a4-paper').evaluate((el) => {
      const win = (el as HTMLIFrameElement).contentWindow as (Window & { printed?: number }) | null;
      if (!win) throw new Error('no frame window');
      win.printed = 0;
      win.print = () => {
        win.printed = (win.printed ?? 0) + 1;
      };
    });
    await page.keyboard.press('Control+P');
    await page.getByText('本次补打已记入办件').waitFor();
    expect(await page.locator('iframe.a4-paper').evaluate((el) => ((el as HTMLIFrameElement).contentWindow as Window & { printed?: number }).printed)).toBe(1);
    await shot('6-correction-notice-reprint');
    await page.keyboard.press('Escape');
    const timeline = page.getByRole('complementary', { name: '办理过程' });
    await timeline.getByText(/补打.*补正材料通知书/).waitFor();
  });

  test('补打 from the case page: a second receipt marked 补打, and the timeline shows it', async () => {
    const id = await caseIdOf(acceptedNumber);
    await page.goto(`${shell.origin}/#/cases/${id}`);
    const docs = page.locator('.case-documents');
    const receiptRow = docs.getByRole('row').filter({ hasText: '受理回执' });
    await receiptRow.getByText('已打印').waitFor();
    const before = receiptsReceived().filter((r) => r.includes(acceptedNumber)).length;

    await receiptRow.getByRole('button', { name: '补打受理回执' }).click();
    await page.getByText('已补打受理回执', { exact: false }).waitFor();
    await expect
      .poll(async () => receiptsReceived().filter((r) => r.includes(acceptedNumber)).length, { timeout: 15_000 })
      .toBe(before + 1);
    const reprinted = receiptsReceived().filter((r) => r.includes(acceptedNumber)).at(-1) ?? '';
    expect(reprinted).toContain('补打');
    expect(reprinted).toContain(maskIdNumber(LI_ID));

    const timeline = page.getByRole('complementary', { name: '办理过程' });
    await expect.poll(() => timeline.getByText(/补打.*受理回执/).count()).toBe(2);
    // One 补打 from the intake result, one from here.
    await receiptRow.getByText('2 次').waitFor();
    await shot('7-case-reprinted');
  });

  test('a waiting job discarded on 打印任务, with its reason, is never printed', async () => {
    await printer.setPaper('out');
    const id = await caseIdOf(acceptedNumber);
    await page.goto(`${shell.origin}/#/cases/${id}`);
    const receiptRow = page.locator('.case-documents').getByRole('row').filter({ hasText: '受理回执' });
    await receiptRow.getByRole('button', { name: '补打受理回执' }).click();
    await receiptRow.getByText(/等待打印机/).waitFor({ timeout: 15_000 });
    const printedBefore = receiptsReceived().length;

    await page.keyboard.press('Alt+3');
    await page.getByRole('heading', { name: '打印任务' }).waitFor();
    const row = page.getByRole('table', { name: '需要处理的打印任务' }).getByRole('row').filter({ hasText: acceptedNumber });
    await row.getByRole('button', { name: /作废/ }).click();
    const dialog = page.getByRole('dialog', { name: '作废打印任务' });
    await dialog.waitFor();
    // The cursor is in the reason as the dialog opens.
    const reason = dialog.getByLabel('作废原因');
    await expect.poll(() => reason.evaluate((el) => el === document.activeElement)).toBe(true);
    // No reason, no 作废: the message is beside the field.
    await page.keyboard.press('Control+Enter');
    await dialog.getByText('请填写作废原因').waitFor();
    await page.keyboard.insertText('申请人已离开，不再需要回执');
    await shot('8-discard-dialog');
    await page.keyboard.press('Control+Enter');
    await dialog.waitFor({ state: 'hidden' });
    const done = page.getByRole('table', { name: '最近的打印任务' }).getByRole('row').filter({ hasText: '申请人已离开' });
    await done.getByText(/已作废/).waitFor();
    await shot('9-jobs-discarded');

    await printer.setPaper('ok');
    // The driver looks at the printer twice more with paper back (DLE EOT 1, 2, 4 each) and sends nothing.
    const asked = printer.requests().length;
    await printer.waitFor((p) => p.requests().length >= asked + 6, 20_000);
    expect(receiptsReceived()).toHaveLength(printedBefore);
    expect(pageErrors).toEqual([]);
  });
});
