/**
 * Validation as a clerk meets it (issue 11 §2): a Hong Kong resident's Hong Kong mobile number
 * is accepted; a credit code whose check character does not follow GB 32100 can be accepted only
 * by ticking the confirmation beside the warning, and the case page says who confirmed it and
 * when; a reason with line breaks is shown as typed; a text area refuses what would go past its
 * limit, with a message. Real browser shell, real core, Chromium at 1366×768.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { RunningShell } from '../support/browser-shell-process';
import { api } from '../support/case-fixtures';
import { animationsSettled, screenshot } from '../support/chromium';
import { openSignedInWindow, type SignedInWindow } from '../support/signed-in-window';
import { unifiedSocialCreditCode } from '../support/identity-numbers';
import { FOOD_LICENCE, receipts } from '../support/intake-args';

const VALID_CODE = unifiedSocialCreditCode('91330102MA2H0T109');
const PRE_STANDARD_CODE = VALID_CODE.slice(0, 17) + (VALID_CODE.endsWith('0') ? '1' : '0');

let shell: RunningShell;
let page: Page;

let window: SignedInWindow;

beforeAll(async () => {
  window = await openSignedInWindow('validation-e2e');
  ({ shell, page } = window);
});

afterAll(async () => {
  await window?.close();
});

describe('validation at the window', () => {
  test('a Hong Kong resident with a Hong Kong number; a pre-standard credit code only with a deliberate confirmation', async () => {
    await page.goto(`${shell.origin}/#/intake`);
    await page.locator('#ik-applicant\\.name').waitFor();

    // A 港澳居民来往内地通行证 holder: +852 is accepted.
    await page.locator('#ik-applicant\\.idType').click();
    await page.getByRole('option', { name: '港澳居民来往内地通行证' }).click();
    await page.locator('#ik-applicant\\.idNumber').fill('H12345678');
    await page.locator('#ik-applicant\\.mobile').fill('+852 9123 4567');
    await page.locator('#ik-applicant\\.mobile').blur();
    await expect.poll(() => page.locator('[data-field="applicant.mobile"] .ant-form-item-explain-error').count()).toBe(0);
    // A resident ID holder is held to the mainland rule, told why.
    await page.locator('#ik-applicant\\.idType').click();
    await page.getByRole('option', { name: '居民身份证' }).click();
    await page.locator('#ik-applicant\\.mobile').focus();
    await page.locator('#ik-applicant\\.mobile').blur();
    const mainlandOnly = page.getByText('请填写内地11位手机号码（境外号码仅限持港澳台或外国证件的申请人、代办人）');
    await mainlandOnly.waitFor();
    // Choosing the 港澳 permit again takes the message away at once: the rule follows the document.
    await page.locator('#ik-applicant\\.idType').click();
    await page.getByRole('option', { name: '港澳居民来往内地通行证' }).click();
    await expect.poll(() => mainlandOnly.count()).toBe(0);

    // An organisation whose credit code fails only its check character.
    await page.getByText('单位（法人）').click();
    const code = page.locator('#ik-applicant\\.creditCode');
    await code.fill(PRE_STANDARD_CODE);
    await code.blur();
    await page.getByText('统一社会信用代码校验位不正确，请核对最后一位').waitFor();
    const confirm = page.getByRole('checkbox', { name: '已核对证件原件，号码与原件一致' });
    await confirm.waitFor();
    expect(await confirm.isChecked()).toBe(false);
    await animationsSettled(page);
    await screenshot(page, 'validation-1-checksum-warning');

    await confirm.check();
    await expect.poll(() => page.getByText('统一社会信用代码校验位不正确，请核对最后一位').count()).toBe(0);
    // Editing the number withdraws the confirmation: it was given for the other number.
    await code.fill(PRE_STANDARD_CODE.slice(0, 17) + (PRE_STANDARD_CODE.endsWith('2') ? '3' : '2'));
    if (await confirm.count()) expect(await confirm.isChecked()).toBe(false);
    await code.fill(VALID_CODE);
    await expect.poll(() => confirm.count()).toBe(0);
  });

  test('the case page shows who confirmed the number and when; typed line breaks are kept', async () => {
    const food = await api<{ materials: Array<{ id: string; form: string; copies: number }> }>(shell, 'catalog.getItem', { code: FOOD_LICENCE.code });
    const detail = await api<{ id: string; version: number }>(shell, 'intake.submit', {
      clientRequestId: crypto.randomUUID(),
      itemCode: FOOD_LICENCE.code,
      itemVersion: FOOD_LICENCE.version,
      applicant: {
        kind: 'organisation',
        name: '杭州某某科技有限公司',
        creditCode: PRE_STANDARD_CODE,
        creditCodeChecksumConfirmed: true,
        legalRepresentative: '王芳',
        contactName: '李明',
        mobile: '13812345678',
        address: '',
      },
      agent: null,
      materials: receipts(food.materials, { received: ['M1', 'M2', 'M3', 'M4', 'M5'] }),
      decision: { kind: 'accept' },
    });
    await api(shell, 'cases.withdraw', { caseId: detail.id, reason: '申请人来电撤回。\n第二行：材料已退回。' });

    await page.goto(`${shell.origin}/#/cases/${detail.id}`);
    await page.getByText('以下号码校验位不符合国家标准，受理时经办人已核对证件原件并确认').waitFor();
    await page.getByText(/统一社会信用代码：经办人 王芳（1001） 于 .* 确认/).waitFor();
    await page.getByText('校验位不符·已核对原件').waitFor();
    const reason = page.locator('.typed-text', { hasText: '申请人来电撤回' });
    expect(await reason.evaluate((el) => getComputedStyle(el).whiteSpace)).toBe('pre-wrap');
    // Two lines as typed, not one run-on line.
    expect(await reason.evaluate((el) => el.getClientRects().length > 0 && el.getBoundingClientRect().height > 30)).toBe(true);
    await animationsSettled(page);
    await screenshot(page, 'validation-2-case-override');
  });

  test('a tracking number typed from the waybill with spaces is taken, and stored without them', async () => {
    const food = await api<{ materials: Array<{ id: string; form: string; copies: number }> }>(shell, 'catalog.getItem', { code: FOOD_LICENCE.code });
    const accepted = await api<{ id: string }>(shell, 'intake.submit', {
      clientRequestId: crypto.randomUUID(),
      itemCode: FOOD_LICENCE.code,
      itemVersion: FOOD_LICENCE.version,
      applicant: { kind: 'person', name: '林小美', idType: 'taiwan_permit', idNumber: '12345678', mobile: '+886 912 345 678', address: '杭州市西湖区文三路 1 号' },
      agent: null,
      materials: receipts(food.materials, { received: ['M1', 'M2', 'M3', 'M4', 'M5'] }),
      decision: { kind: 'accept' },
    });
    await api(shell, 'cases.startReview', { caseId: accepted.id });
    await api(shell, 'cases.decide', { caseId: accepted.id, outcome: 'approved' });

    await page.goto(`${shell.origin}/#/cases/${accepted.id}`);
    await page.getByRole('button', { name: /^送达/ }).first().click();
    const dialog = page.getByRole('dialog');
    await dialog.getByText('邮寄送达').click();
    const tracking = dialog.getByPlaceholder('如 SF 1234 5678 9012');
    await tracking.fill('SF 1234 5678 9012');
    await dialog.getByRole('button', { name: /确认送达/ }).click();
    await page.getByText('邮件单号：SF123456789012').waitFor();
  });

  test('a text area refuses what would go past its limit, saying so, and keeps what was typed', async () => {
    const food = await api<{ materials: Array<{ id: string; form: string; copies: number }> }>(shell, 'catalog.getItem', { code: FOOD_LICENCE.code });
    const detail = await api<{ id: string }>(shell, 'intake.submit', {
      clientRequestId: crypto.randomUUID(),
      itemCode: FOOD_LICENCE.code,
      itemVersion: FOOD_LICENCE.version,
      applicant: { kind: 'person', name: '陈大文', idType: 'hk_macao_permit', idNumber: 'H87654321', mobile: '+852 9123 4567', address: '' },
      agent: null,
      materials: receipts(food.materials, { received: ['M1', 'M2', 'M3', 'M4', 'M5'] }),
      decision: { kind: 'accept' },
    });
    await page.goto(`${shell.origin}/#/cases/${detail.id}`);
    await page.getByRole('button', { name: /撤回申请/ }).first().click();
    const area = page.getByRole('dialog').locator('textarea');
    await area.waitFor();
    await area.focus();
    const full = '𠮷'.repeat(499) + '字';
    await page.keyboard.insertText(full);
    await page.getByRole('dialog').getByText('500 / 500').waitFor();
    await page.keyboard.insertText('多');
    await page.getByRole('dialog').getByText('最多 500 字，这次输入或粘贴会超出，未录入').waitFor();
    expect(await area.inputValue()).toBe(full);
    await animationsSettled(page);
    await screenshot(page, 'validation-3-limit-refused');
  });
});
