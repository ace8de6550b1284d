/**
 * The words fit the item (issue 11 §3), end to end: choosing 不予受理 for 居住证申领 (公共服务)
 * offers only reasons on the item's own law — never 申请事项依法不需要取得行政许可, which rests
 * on the Administrative Licensing Law — fills in the item's 设定依据 as the legal basis, and
 * tells the remedies a public service has. Real browser shell, core and Chromium at 1366×768.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { RunningShell } from '../support/browser-shell-process';
import { screenshot } from '../support/chromium';
import { openSignedInWindow, type SignedInWindow } from '../support/signed-in-window';

let shell: RunningShell;
let page: Page;

let window: SignedInWindow;

beforeAll(async () => {
  window = await openSignedInWindow('item-type-e2e');
  ({ shell, page } = window);
});

afterAll(async () => {
  await window?.close();
});

describe('不予受理 of a public service', () => {
  test('offers no licence reason for 居住证申领, and prints its own law and remedies', async () => {
    await page.goto(`${shell.origin}/#/intake`);
    const search = page.getByRole('combobox', { name: '搜索事项' });
    await expect.poll(() => search.evaluate((el) => el === document.activeElement)).toBe(true);
    await page.keyboard.type('居住证');
    await page.getByRole('option', { name: /居住证申领/ }).first().waitFor();
    await page.keyboard.press('Enter');
    const card = page.getByLabel('已选事项');
    await card.getByText('居住证申领').waitFor();
    await card.getByText('公共服务', { exact: true }).waitFor();

    await page.locator('.ik-choice-reject').click();
    const preset = page.locator('.ik-reject-preset .ant-select');
    await preset.click();
    const options = page.locator('.ant-select-dropdown:visible .ant-select-item-option');
    // The dropdown animates in and may render its list twice: read it once it holds options.
    await expect.poll(async () => (await options.allTextContents()).length).toBeGreaterThan(0);
    const offered = await options.allTextContents();
    expect(offered).not.toContain('申请事项依法不需要取得行政许可');
    expect(offered.join('\n')).not.toMatch(/行政许可/);
    expect(offered).toContain('申请人不属于本事项规定的申请对象，依法不能提出本项申请');

    await options.filter({ hasText: '申请人不属于本事项规定的申请对象' }).click();
    const basis = page.locator('[data-field="decision.legalBasis"] textarea');
    await expect.poll(() => basis.inputValue()).toBe('《居住证暂行条例》第二条、第九条');
    expect(await page.locator('[data-field="decision.reason"] textarea').inputValue()).toBe('申请人不属于本事项规定的申请对象，依法不能提出本项申请');
    const remedies = page.locator('.ik-remedies');
    await expect.poll(() => remedies.textContent()).toMatch(/12345/);
    expect(await remedies.textContent()).not.toMatch(/60 日/);
    await page.locator('#ik-decision').evaluate((el) => el.scrollIntoView({ block: 'start' }));
    await screenshot(page, 'intake-reject-public-service');
  });
});
