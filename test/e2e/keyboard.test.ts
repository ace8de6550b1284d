/**
 * The keyboard, sign-in and the 1366×768 screen, end to end: the empty sign-in form says what is
 * missing; every case action opens by its Alt key (shown on its button and in F1); every dialog
 * opens with the cursor in its first field; Enter in a one-line field and Ctrl+Enter anywhere
 * (a text area, a drop-down) confirm; the case number stays on one line in the list even for
 * the longest hall code; a success toast does not cover the clock; buttons read 取消, never
 * 取 消; a posted result says 收件人 in the timeline as in the panel. Cases are made through
 * the API; real browser shell, core and Chromium.
 */
import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addStaff, makeTempDir, startShell, writeConfig, type RunningShell } from '../support/browser-shell-process';
import { api, defaultDeferralDueDate, idNumber, person, submitIntake } from '../support/case-fixtures';
import { launchChromium, screenshot } from '../support/chromium';

const PIN = '583920';
// The longest case number there can be: an 8-character hall code and a 3-digit window.
const HALL = 'JQZWFW01';
const WINDOW = 128;

interface Case {
  id: string;
  caseNumber: string;
}

function isFocused(locator: Locator): Promise<boolean> {
  return locator.evaluate((el) => el === document.activeElement || el.contains(document.activeElement));
}

/** What has the focus, for messages: tag, type and label or text. */
function focusedDescription(page: Page): Promise<string> {
  return page.evaluate(() => {
    const el = document.activeElement;
    if (!el) return 'nothing';
    const label = el.getAttribute('aria-label') ?? el.closest('label')?.textContent ?? el.textContent ?? '';
    return `${el.tagName.toLowerCase()}[type=${el.getAttribute('type') ?? ''}][role=${el.getAttribute('role') ?? ''}] ${label.slice(0, 30)}`;
  });
}

function overlaps(a: { x: number; y: number; width: number; height: number }, b: { x: number; y: number; width: number; height: number }): boolean {
  return a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
}

describe('keyboard, sign-in and the 1366×768 screen', () => {
  let shell: RunningShell;
  let browser: Browser;
  let page: Page;
  const pageErrors: string[] = [];
  const cases: Record<'review' | 'deferral' | 'correction' | 'withdraw' | 'terminate', Case> = {} as never;

  beforeAll(async () => {
    const dataDir = makeTempDir('keyboard');
    const config = writeConfig(dataDir, { hall: { code: HALL, name: '金桥区政务服务中心' }, window: { number: WINDOW, name: '综合受理窗口' } });
    await addStaff(dataDir, '1001', '王芳', PIN);
    shell = await startShell(['--data-dir', dataDir, '--config', config]);

    await api(shell, 'session.signIn', { staffNumber: '1001', pin: PIN });
    cases.review = await submitIntake(shell, '失业保险金申领', person('张伟', '33010219850612301', '金桥区人民路 8 号'), { kind: 'accept' });
    const due = await defaultDeferralDueDate(shell, '食品经营许可');
    cases.deferral = await submitIntake(
      shell,
      '食品经营许可',
      person('陈静', '33010219900307124'),
      { kind: 'accept_with_deferral', deferrals: [{ materialId: 'M2', dueDate: due }] },
      ['M2'],
    );
    cases.correction = await submitIntake(
      shell,
      '食品经营许可',
      person('赵磊', '33010219870921253'),
      { kind: 'request_correction', items: [{ materialId: 'M1', name: '食品经营许可申请书', instruction: '请补交经营者签字的申请书' }], note: '' },
      ['M1'],
    );
    cases.withdraw = await submitIntake(shell, '失业保险金申领', person('李强', '33010219791103451'), { kind: 'accept' });
    cases.terminate = await submitIntake(shell, '失业保险金申领', person('周敏', '33010219920214262'), { kind: 'accept' });
    // The browser starts signed out: the sign-in screen is part of this test.
    await api(shell, 'session.signOut', {});

    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1366, height: 768 }, locale: 'zh-CN' });
    page.on('pageerror', (err) => pageErrors.push(`pageerror: ${err.message}`));
  });

  afterAll(async () => {
    await browser?.close();
    if (shell) expect(await shell.stop()).toBe(0);
  });

  const head = () => page.getByRole('region', { name: '办件概要' });
  const timeline = () => page.getByRole('complementary', { name: '办理过程' });

  async function openCase(c: Case): Promise<void> {
    await page.evaluate((id) => (location.hash = `#/cases/${id}`), c.id);
    await head().getByText(c.caseNumber).first().waitFor();
  }

  /** The dialog is open, and its first field — not the × — has the cursor. */
  async function expectFocusIn(dialog: Locator, field: Locator): Promise<void> {
    await dialog.waitFor();
    await expect.poll(() => isFocused(field), { message: `focus is on ${await focusedDescription(page)}` }).toBe(true);
    expect(await isFocused(dialog.getByRole('button', { name: /关闭|Close/ }))).toBe(false);
  }

  it('says beside each field what is missing when the sign-in form is sent empty', async () => {
    await page.goto(shell.url);
    await page.getByText('工作人员登录').waitFor();
    // Enter on the empty 工号 goes on to 密码; Enter there sends the form.
    await page.keyboard.press('Enter');
    await page.keyboard.press('Enter');
    const number = page.locator('.ant-form-item').filter({ has: page.getByLabel('工号') });
    const pin = page.locator('.ant-form-item').filter({ has: page.getByLabel('密码') });
    await number.getByText('请输入工号').waitFor();
    await pin.getByText('请输入密码').waitFor();
    await screenshot(page, 'keyboard-signin-empty');

    // Spaces only are still nothing.
    await page.getByLabel('工号').fill('   ');
    await page.getByRole('button', { name: '登录' }).click();
    await number.getByText('请输入工号').waitFor();

    await page.getByLabel('工号').fill('1001');
    await page.getByLabel('密码').fill(PIN);
    await page.keyboard.press('Enter');
    await page.getByRole('banner').getByText('王芳').waitFor();
  });

  it('keeps every case number on one line in the list at 1366×768', async () => {
    await page.keyboard.press('Alt+2');
    const links = page.getByRole('link', { name: new RegExp(`^${HALL}-`) });
    await expect.poll(() => links.count()).toBe(5).catch(async (err: unknown) => {
      await screenshot(page, 'keyboard-case-list-failed');
      console.log(await page.locator('.case-table tbody tr').first().innerHTML());
      throw err;
    });
    const lines = await links.evaluateAll((els) =>
      els.map((el) => ({ text: el.textContent ?? '', rects: el.getClientRects().length, height: el.getBoundingClientRect().height })),
    );
    for (const l of lines) {
      expect(l.text).toMatch(new RegExp(`^${HALL}-${WINDOW}-\\d{8}-\\d{4}$`));
      expect(l.rects, l.text).toBe(1);
      expect(l.height, l.text).toBeLessThan(26);
    }
    // And the number stays inside its own cell, not drawn over the next one.
    const spill = await page.locator('.case-table tbody tr td:first-child').evaluateAll((cells) =>
      cells.filter((td) => td.scrollWidth > td.clientWidth).map((td) => td.textContent),
    );
    expect(spill).toEqual([]);
    await screenshot(page, 'keyboard-case-list-1366');
  });

  it('shows each action key on its button and lists them all in F1', async () => {
    await openCase(cases.review);
    const start = head().getByRole('button', { name: '进入审查' });
    expect(await start.getAttribute('aria-keyshortcuts')).toBe('Alt+C');
    expect(await start.locator('kbd').textContent()).toBe('Alt+C');
    await page.keyboard.press('F1');
    const help = page.getByRole('dialog', { name: /快捷键/ });
    await help.waitFor();
    const rows = await help.getByRole('row').evaluateAll((trs) =>
      trs.map((tr) => ({
        keys: Array.from(tr.querySelectorAll('kbd'), (k) => k.textContent).join('+'),
        action: tr.querySelector('td:last-child')?.textContent ?? '',
      })),
    );
    for (const [keys, action] of [
      ['Alt+C', '进入审查'],
      ['Alt+J', '作出决定'],
      ['Alt+G', '送达'],
      ['Alt+B', '补交容缺材料 / 登记补正材料'],
      ['Alt+Y', '不予受理（逾期未补正）'],
      ['Alt+H', '撤回申请'],
      ['Alt+Z', '终止办理'],
      ['Alt+L', '受理决定（转到受理页）'],
      ['Enter', '在单行输入框中：确认'],
      ['Ctrl+Enter', '确认（任意位置，包括多行文本框和下拉框）'],
    ] as const) {
      expect(rows, action).toContainEqual({ keys, action });
    }
    // No key does two things on the case page.
    const caseKeys = rows.filter((r) => r.keys.startsWith('Alt+') && /^Alt\+[A-Z]$/.test(r.keys)).map((r) => r.keys);
    expect(new Set(caseKeys).size).toBe(caseKeys.length);
    // The sheet still fits the screen.
    const box = await help.boundingBox();
    await screenshot(page, 'keyboard-f1');
    await page.keyboard.press('Escape');
    await help.waitFor({ state: 'hidden' });
    expect(box && box.y + box.height).toBeLessThanOrEqual(768);
  });

  it('进入审查 with Alt+C and Enter; the toast stays clear of the clock and the header', async () => {
    await page.keyboard.press('Alt+C');
    const confirm = page.getByRole('dialog').filter({ hasText: '进入审查？' });
    await confirm.waitFor();
    expect(await confirm.getByRole('button', { name: /取\s*消/ }).textContent()).toBe('取消');
    // The dialog is painted a moment before its default button takes the cursor (antd focuses it on
    // the next tick); a clerk sees the focus ring, the test waits for it, or Enter goes nowhere.
    await expect.poll(() => isFocused(confirm.getByRole('button', { name: /进入审查/ }))).toBe(true);
    await page.keyboard.press('Enter');
    await head().getByText('审查中').first().waitFor();
    const text = page.getByText(/办件已进入审查/).first();
    await text.waitFor();
    // The toast as seen: the nearest box around its words that paints a background.
    const toastBoxNow = () =>
      text.evaluate((el) => {
        let box: Element | null = el;
        while (box && getComputedStyle(box).backgroundColor === 'rgba(0, 0, 0, 0)') box = box.parentElement;
        const r = (box ?? el).getBoundingClientRect();
        return { x: r.x, y: r.y, width: r.width, height: r.height };
      });
    // Where it comes to rest once it has slid in (its entry animation starts a little higher).
    let toastBox = await toastBoxNow();
    await expect
      .poll(async () => {
        const before = toastBox.y;
        toastBox = await toastBoxNow();
        return toastBox.y === before;
      })
      .toBe(true);
    const clockBox = await page.locator('.clock').boundingBox();
    const headerBox = await page.locator('.app-header').boundingBox();
    await screenshot(page, 'keyboard-toast');
    if (!clockBox || !headerBox) throw new Error('clock or header not on screen');
    expect(overlaps(toastBox, clockBox), JSON.stringify({ toastBox, clockBox })).toBe(false);
    expect(toastBox.y).toBeGreaterThanOrEqual(headerBox.y + headerBox.height);
  });

  it('作出决定 with Alt+J opens on the decision, not on ×, and Enter confirms it', async () => {
    await page.keyboard.press('Alt+J');
    const dialog = page.getByRole('dialog', { name: '作出决定' });
    // The first choice is the approval (its words follow the item's type), and it is chosen.
    const approve = dialog.getByRole('radio').first();
    await expectFocusIn(dialog, approve);
    expect(await approve.isChecked()).toBe(true);
    expect(await dialog.getByRole('button', { name: /取\s*消/ }).textContent()).toBe('取消');
    await screenshot(page, 'keyboard-decide');
    await page.keyboard.press('Enter');
    await dialog.waitFor({ state: 'hidden' });
    await head().getByRole('button', { name: '送达' }).waitFor();
  });

  it('送达 with Alt+G: posted, Enter in the tracking number confirms, and 收件人 is said everywhere', async () => {
    await page.keyboard.press('Alt+G');
    const dialog = page.getByRole('dialog', { name: '送达办理结果' });
    await expectFocusIn(dialog, dialog.getByRole('radio', { name: '窗口领取' }));
    await page.keyboard.press('ArrowRight'); // → 邮寄送达
    await dialog.getByLabel('邮件单号').waitFor();
    await dialog.getByLabel('邮件单号').focus();
    await page.keyboard.type('SF1234567890');
    await page.keyboard.press('Enter');
    await dialog.waitFor({ state: 'hidden' });
    await head().getByText('已办结').first().waitFor();
    const panel = page.locator('.section-card').filter({ hasText: '送达方式' });
    await panel.getByText('收件人').waitFor();
    await timeline().getByText('收件人：张伟').waitFor();
    await timeline().getByText('收件地址：金桥区人民路 8 号').waitFor();
    await panel.getByText('收件地址').waitFor();
    expect(await timeline().getByText(/领取人/).count()).toBe(0);
    await screenshot(page, 'keyboard-delivered-by-post');
  });

  it('补交容缺材料 with Alt+B: the first check box has the cursor, Space ticks it and Enter confirms', async () => {
    await openCase(cases.deferral);
    await page.keyboard.press('Alt+B');
    const dialog = page.getByRole('dialog', { name: '补交容缺材料' });
    await expectFocusIn(dialog, dialog.getByRole('checkbox').first());
    await page.keyboard.press('Space');
    await page.keyboard.press('Enter');
    await dialog.waitFor({ state: 'hidden' });
    expect(await head().getByRole('button', { name: '补交容缺材料' }).count()).toBe(0);
  });

  it('不予受理 with Alt+Y: Ctrl+Enter in the reason drop-down confirms instead of opening it', async () => {
    await openCase(cases.correction);
    await page.keyboard.press('Alt+Y');
    const dialog = page.getByRole('dialog', { name: '不予受理' });
    const reason = dialog.getByRole('combobox').first();
    await expectFocusIn(dialog, reason);
    // The usual reason fills the form once the list has arrived.
    await expect.poll(() => dialog.getByLabel('不予受理的理由').inputValue()).not.toBe('');
    await page.keyboard.press('Control+Enter');
    await dialog.waitFor({ state: 'hidden' });
    expect(await page.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden)').count()).toBe(0);
    await head().getByText('不予受理').first().waitFor();
  });

  it('撤回申请 with Alt+H: Enter in the reason is a new line, Ctrl+Enter confirms', async () => {
    await openCase(cases.withdraw);
    await page.keyboard.press('Alt+H');
    const dialog = page.getByRole('dialog', { name: '撤回申请' });
    const reason = dialog.getByLabel('原因');
    await expectFocusIn(dialog, reason);
    await page.keyboard.type('申请人书面申请撤回');
    await page.keyboard.press('Enter');
    await page.keyboard.type('附撤回申请书');
    expect(await dialog.isVisible()).toBe(true);
    expect(await reason.inputValue()).toBe('申请人书面申请撤回\n附撤回申请书');
    await page.keyboard.press('Control+Enter');
    await dialog.waitFor({ state: 'hidden' });
    await head().getByText('已撤回').first().waitFor();
  });

  it('Esc on a dialog with typed text asks before throwing it away; 继续填写 is the default', async () => {
    await openCase(cases.terminate);
    await page.keyboard.press('Alt+Z');
    const dialog = page.getByRole('dialog', { name: '终止办理' });
    const reason = dialog.getByLabel('原因');
    await expectFocusIn(dialog, reason);
    await page.keyboard.type('申请人已死亡，办理无法继续');
    await page.keyboard.press('Escape');
    const ask = page.getByRole('dialog', { name: '放弃已填写的内容？' });
    await ask.waitFor();
    await expect.poll(() => isFocused(ask.getByRole('button', { name: '继续填写' }))).toBe(true);
    await page.waitForTimeout(400); // the zoom-in animation, for the picture
    await screenshot(page, 'keyboard-discard-ask');
    // Enter takes the default, 继续填写: the text is still there.
    await page.keyboard.press('Enter');
    await ask.waitFor({ state: 'hidden' });
    expect(await reason.inputValue()).toBe('申请人已死亡，办理无法继续');
    // × asks too; 放弃并关闭 closes, and the case is as it was.
    await dialog.getByRole('button', { name: /close|关闭/i }).first().click();
    await ask.getByRole('button', { name: '放弃并关闭' }).click();
    await dialog.waitFor({ state: 'hidden' });
    // Until the question has faded out, shortcuts still see a dialog up and stay quiet.
    await ask.waitFor({ state: 'hidden' });
    await head().getByText('已受理').first().waitFor();
  });

  it('终止办理 with Alt+Z opens on the reason, and Esc leaves the case as it was', async () => {
    await openCase(cases.terminate);
    await page.keyboard.press('Alt+Z');
    const dialog = page.getByRole('dialog', { name: '终止办理' });
    await expectFocusIn(dialog, dialog.getByLabel('原因'));
    // Sent empty with Ctrl+Enter: the message is beside the field, and the dialog stays.
    await page.keyboard.press('Control+Enter');
    await dialog.getByText('请填写原因').waitFor();
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'hidden' });
    await head().getByText('已受理').first().waitFor();
  });

  it('on the intake page, Ctrl+Enter in the 不予受理 reason drop-down confirms the decision', async () => {
    await page.keyboard.press('Alt+1');
    const search = page.getByRole('combobox', { name: '搜索事项' });
    await expect.poll(() => isFocused(search)).toBe(true);
    await page.keyboard.type('失业保险金');
    await page.getByRole('option', { name: /失业保险金申领/ }).first().waitFor();
    await page.keyboard.press('Enter');
    const name = page.locator('#ik-applicant\\.name');
    await expect.poll(() => isFocused(name)).toBe(true);
    await page.keyboard.insertText('吴昊');
    await page.keyboard.press('Enter'); // → 证件类型
    await page.keyboard.press('Enter'); // → 证件号码
    await page.keyboard.type(idNumber('33010219880516273'));
    await page.keyboard.press('Enter'); // → 手机号码
    await page.keyboard.type('13800002222');
    await page.locator('.ik-choice-reject').click();
    const reasons = page.locator('.ik-reject-preset .ant-select');
    await reasons.click();
    await page.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option').first().waitFor();
    await page.keyboard.press('Enter'); // picks the first reason, which fills the reason and its basis
    await expect.poll(() => isFocused(reasons)).toBe(true);
    await page.keyboard.press('Control+Enter');
    await page.getByRole('heading', { name: '不予受理' }).waitFor();
    expect(await page.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden)').count()).toBe(0);
    await screenshot(page, 'keyboard-intake-rejected');
  });

  it('had no page errors', () => {
    expect(pageErrors).toEqual([]);
  });
});
