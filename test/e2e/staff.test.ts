/**
 * 人员 as each role sees it, end to end: a 窗口工作人员 has no 人员 at all; a 组长 sees the list
 * and may only unlock a 窗口工作人员 and reset their PIN; the 系统管理员 starts at 设置, has
 * every act, the core's refusals (a taken 工号, a trivial PIN) show in the dialog in its words,
 * and the acts the core refuses on oneself are disabled on one's own row, each saying why. Real browser shell, real core,
 * Chromium at 1366×768.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { addStaff, callApi, makeTempDir, startShell, writeConfig, type RunningShell } from '../support/browser-shell-process';
import { animationsSettled, launchChromium, screenshot } from '../support/chromium';

const ADMIN = { staffNumber: '9001', name: '张伟', pin: '583920' };
const LEAD = { staffNumber: '2001', name: '李强', pin: '617283' };
const CLERK = { staffNumber: '1001', name: '王芳', pin: '246810' };

let shell: RunningShell;
let browser: Browser;
let page: Page;

async function signIn(who: { staffNumber: string; pin: string }): Promise<void> {
  // Each test starts from the sign-in screen, whatever the one before left behind.
  await callApi(shell, 'session.signOut');
  await page.goto(shell.url);
  await page.getByLabel('工号').fill(who.staffNumber);
  await page.getByLabel('密码').fill(who.pin);
  await page.keyboard.press('Enter');
  await page.getByRole('navigation', { name: '主导航' }).waitFor();
}

async function signOut(): Promise<void> {
  await page.getByRole('banner').getByRole('button', { name: /退\s*出/ }).click();
  await page.getByRole('dialog', { name: '退出登录？' }).getByRole('button', { name: /退\s*出/ }).click();
  await page.getByText('工作人员登录').waitFor();
}

const nav = () => page.getByRole('navigation', { name: '主导航' });
const navLabels = () => nav().getByRole('menuitem').allInnerTexts();
const row = (staffNumber: string) => page.getByRole('row').filter({ has: page.getByRole('cell', { name: staffNumber, exact: true }) });

async function shot(name: string): Promise<void> {
  await animationsSettled(page);
  await screenshot(page, name);
}

beforeAll(async () => {
  const dir = makeTempDir('staff-e2e');
  const config = writeConfig(dir, { hall: { code: 'JQ', name: '金桥区政务服务中心' }, window: { number: 12 } });
  await addStaff(dir, ADMIN.staffNumber, ADMIN.name, ADMIN.pin, 'it_admin');
  await addStaff(dir, LEAD.staffNumber, LEAD.name, LEAD.pin, 'lead');
  await addStaff(dir, CLERK.staffNumber, CLERK.name, CLERK.pin);
  shell = await startShell(['--data-dir', dir, '--config', config]);
  browser = await launchChromium();
  const context = await browser.newContext({ viewport: { width: 1366, height: 768 }, locale: 'zh-CN' });
  page = await context.newPage();
});

afterAll(async () => {
  await browser?.close();
  await shell?.stop();
});

describe('人员', () => {
  test('a 窗口工作人员 has no 人员: not in the navigation, and its address says 无权访问', async () => {
    await signIn(CLERK);
    const labels = (await navLabels()).map((l) => l.replace(/\s+/g, ''));
    expect(labels).toEqual(['受理Alt+1', '办件Alt+2', '打印任务Alt+3', '叫号Alt+4', '评价Alt+5', '统计Alt+6', '设置Alt+7']);
    await page.getByRole('banner').getByText('窗口工作人员').waitFor();
    // 修改密码 is in the header for everyone.
    await page.getByRole('banner').getByRole('button', { name: '修改密码' }).click();
    const change = page.getByRole('dialog', { name: '修改密码' });
    await expect.poll(() => change.getByLabel('当前密码').evaluate((el) => el === document.activeElement)).toBe(true);
    // Tab goes from PIN to PIN, never onto a show-PIN icon.
    await page.keyboard.press('Tab');
    await expect.poll(() => change.getByLabel('新密码', { exact: true }).evaluate((el) => el === document.activeElement)).toBe(true);
    await page.keyboard.press('Escape');
    await change.waitFor({ state: 'hidden' });
    await page.goto(`${shell.origin}/#/staff`);
    await page.getByText('无权访问').waitFor();
    await page.getByText('当前角色（窗口工作人员）不能使用“人员”').waitFor();
    await shot('staff-clerk-forbidden');
    // 退出 tells a 窗口工作人员 that the 受理单 being filled in is kept as a draft.
    await page.getByRole('banner').getByRole('button', { name: /退\s*出/ }).click();
    await page.getByRole('dialog', { name: '退出登录？' }).getByText('正在填写的受理单会保存为草稿', { exact: false }).waitFor();
    await page.keyboard.press('Escape');
    await page.getByRole('dialog', { name: '退出登录？' }).waitFor({ state: 'hidden' });
    await signOut();
  });

  test('a 组长 sees everyone, and may only unlock a 窗口工作人员 and reset their PIN', async () => {
    // 王芳 mistypes her PIN five times at 8:55: locked.
    for (let i = 0; i < 5; i++) await callApi(shell, 'session.signIn', { staffNumber: CLERK.staffNumber, pin: '999999' });
    await signIn(LEAD);
    await page.getByRole('banner').getByText('组长').waitFor();
    await page.keyboard.press('Alt+7');
    await page.getByRole('heading', { name: '人员' }).waitFor();
    await row(CLERK.staffNumber).getByText(/^已锁定至 \d{2}:\d{2}$/).waitFor();
    expect(await page.getByRole('button', { name: /新增人员/ }).count()).toBe(0);
    expect(await row(CLERK.staffNumber).getByRole('button').allInnerTexts()).toEqual(['解锁', '重置密码']);
    expect(await row(LEAD.staffNumber).getByRole('button').count()).toBe(0);
    expect(await row(ADMIN.staffNumber).getByRole('button').count()).toBe(0);
    await shot('staff-lead-list');

    // F1 lists 人员 among the lead's sections and still fits the screen; N (新增) is not theirs.
    await page.keyboard.press('F1');
    const help = page.getByRole('dialog', { name: /快捷键/ });
    await help.getByText('依次打开：受理、办件、打印任务、叫号、评价、统计、人员、设置').waitFor();
    expect(await help.getByText('新增人员（不在输入框中时）').count()).toBe(0);
    await animationsSettled(page);
    await shot('staff-lead-f1');
    const box = await help.boundingBox();
    expect(box && box.y + box.height).toBeLessThanOrEqual(768);
    await page.keyboard.press('Escape');
    await help.waitFor({ state: 'hidden' });

    // 解锁: a question, answered with Enter.
    await row(CLERK.staffNumber).getByRole('button', { name: '解锁' }).click();
    const unlock = page.getByRole('dialog', { name: `解锁 ${CLERK.name}（${CLERK.staffNumber}）？` });
    await expect.poll(() => unlock.getByRole('button', { name: '解锁' }).evaluate((el) => el === document.activeElement)).toBe(true);
    await page.keyboard.press('Enter');
    await unlock.waitFor({ state: 'hidden' });
    await row(CLERK.staffNumber).getByText('正常').waitFor();

    // 重置密码: a trivial PIN is refused beside the field; a good one leaves the account 待改密.
    await row(CLERK.staffNumber).getByRole('button', { name: '重置密码' }).click();
    const reset = page.getByRole('dialog', { name: `重置密码：${CLERK.name}（${CLERK.staffNumber}）` });
    await reset.waitFor();
    await reset.getByText('请当面告知本人；本人下次登录时须修改。').waitFor();
    await expect.poll(() => reset.getByLabel('临时密码', { exact: true }).evaluate((el) => el === document.activeElement)).toBe(true);
    await page.keyboard.type('123456');
    // Tab goes from PIN to PIN, past the show-PIN icon (which is for the mouse only).
    await page.keyboard.press('Tab');
    await expect.poll(() => reset.getByLabel('再次输入临时密码').evaluate((el) => el === document.activeElement)).toBe(true);
    await page.keyboard.type('123456');
    await page.keyboard.press('Enter');
    await reset.getByText(/密码不能是依次递增或递减的数字/).waitFor();
    await shot('staff-lead-reset-trivial');
    await reset.getByLabel('临时密码', { exact: true }).fill('402817');
    await reset.getByLabel('再次输入临时密码').fill('402817');
    await page.keyboard.press('Enter');
    await reset.waitFor({ state: 'hidden' });
    await row(CLERK.staffNumber).getByText('待改密').waitFor();

    // What the method table refuses the 组长 is refused by the core too, not only hidden.
    const list = (await callApi(shell, 'staff.list')).body as { value: Array<{ id: string; staffNumber: string }> };
    const adminId = list.value.find((m) => m.staffNumber === ADMIN.staffNumber)?.id;
    const forbidden = await callApi(shell, 'staff.setActive', { staffId: adminId, active: false });
    expect(forbidden.body).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    await signOut();
  });

  test('the 系统管理员 starts at 设置, has every act, and sees the core’s refusals in the dialog', async () => {
    await signIn(ADMIN);
    await expect.poll(() => new URL(page.url()).hash).toBe('#/settings');
    expect((await navLabels()).map((l) => l.replace(/\s+/g, ''))).toEqual(['人员Alt+1', '设置Alt+2']);
    await page.goto(`${shell.origin}/#/intake`);
    await page.getByText('无权访问').waitFor();
    await page.keyboard.press('Alt+1');
    await page.getByRole('heading', { name: '人员' }).waitFor();
    await row(CLERK.staffNumber).getByRole('button', { name: '停用' }).waitFor();
    expect(await row(CLERK.staffNumber).getByRole('button').allInnerTexts()).toEqual(['重置密码', '修改角色', '停用']);
    // One's own row: the acts the core refuses on oneself are there but disabled, each saying why.
    const own = row(ADMIN.staffNumber);
    expect(await own.getByRole('button').allInnerTexts()).toEqual(['重置密码', '修改角色', '停用']);
    for (const name of ['重置密码', '修改角色', '停用']) expect(await own.getByRole('button', { name }).isDisabled()).toBe(true);
    await own.getByRole('button', { name: '重置密码' }).hover({ force: true });
    await page.getByRole('tooltip').getByText('修改自己的密码请用右上角“修改密码”').waitFor();
    await shot('staff-admin-own-row');
    await own.getByRole('button', { name: '停用' }).hover({ force: true });
    await page.getByRole('tooltip').getByText('不能停用自己的账号').waitFor();
    await page.mouse.move(0, 0);
    // The core refuses it all the same (the rule is the core's; the button only says it first).
    const members = (await callApi(shell, 'staff.list')).body as { value: Array<{ id: string; staffNumber: string }> };
    const ownId = members.value.find((m) => m.staffNumber === ADMIN.staffNumber)?.id;
    const refused = await callApi(shell, 'staff.setActive', { staffId: ownId, active: false });
    expect(refused.body).toMatchObject({ ok: false, error: { message: '不能停用自己的账号' } });
    await shot('staff-admin-list');

    // N in the filter box is a letter, not 新增人员.
    await page.getByLabel('筛选人员').click();
    await page.keyboard.press('n');
    expect(await page.getByLabel('筛选人员').inputValue()).toBe('n');
    expect(await page.getByRole('dialog', { name: '新增人员' }).count()).toBe(0);
    await page.getByLabel('筛选人员').fill('');
    // N anywhere else on the page (here nothing has the focus) opens 新增人员; a 工号 already in use
    // is refused beside the field.
    await page.getByRole('heading', { name: '人员' }).click();
    await page.keyboard.press('n');
    const add = page.getByRole('dialog', { name: '新增人员' });
    await add.waitFor();
    await add.getByText('首次登录时须修改密码').waitFor();
    const number = add.getByLabel('工号');
    await expect.poll(() => number.evaluate((el) => el === document.activeElement)).toBe(true);
    await page.keyboard.type(CLERK.staffNumber);
    await add.getByLabel('姓名').fill('赵敏');
    // Tab from the first PIN lands in the second (not on the show-PIN icon); Enter there submits.
    await add.getByLabel('初始密码', { exact: true }).fill('739164');
    await page.keyboard.press('Tab');
    await expect.poll(() => add.getByLabel('再次输入初始密码').evaluate((el) => el === document.activeElement)).toBe(true);
    await page.keyboard.type('739164');
    await page.keyboard.press('Enter');
    await add.getByText(`工号 ${CLERK.staffNumber} 已存在`).waitFor();
    expect(await add.getByText(`工号 ${CLERK.staffNumber} 已存在`).count()).toBe(1); // beside 工号, not again on top
    await shot('staff-admin-add-taken');
    await number.fill('1003');
    await add.getByLabel('姓名').press('Enter');
    await add.waitFor({ state: 'hidden' });
    await row('1003').getByText('待改密').waitFor();

    // The F1 sheet lists what this role has: 人员 and 设置, and N.
    await page.keyboard.press('F1');
    const help = page.getByRole('dialog', { name: /快捷键/ });
    await help.getByText('依次打开：人员、设置').waitFor();
    await help.getByText('新增人员（不在输入框中时）').waitFor();
    expect(await help.getByText('定位到事项搜索').count()).toBe(0); // no intake keys for the 系统管理员
    await shot('staff-admin-f1');
    await page.keyboard.press('Escape');
    await help.waitFor({ state: 'hidden' });

    // 退出: a 系统管理员 has no intake, so the dialog says nothing of a 受理单 draft.
    await page.getByRole('banner').getByRole('button', { name: /退\s*出/ }).click();
    const bye = page.getByRole('dialog', { name: '退出登录？' });
    await bye.getByText('未提交的内容（如打开的对话框）不会保存。').waitFor();
    expect(await bye.getByText(/草稿/).count()).toBe(0);
    await shot('staff-admin-sign-out');
    await bye.getByRole('button', { name: /退\s*出/ }).click();
    await page.getByText('工作人员登录').waitFor();
  });
});
