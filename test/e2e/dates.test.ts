/**
 * Dates on the intake screen: 容缺 closed (with the reason) for an item due the day it is
 * accepted, and the 容缺 date picker offering only the hall calendar's working days up to the
 * case's deadline. Real browser shell, real core, real Chromium at the counters' 1366×768.
 * The hall's today is the real one, so expectations come from the core's own calendar
 * (calendar.workingDays), not from fixed dates.
 */
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import { addStaff, callApi, makeTempDir, REPO_ROOT, startShell, writeConfig, type RunningShell } from '../support/browser-shell-process';
import { animationsSettled, screenshot } from '../support/chromium';
import { api } from '../support/case-fixtures';
import { openSignedInWindow, type SignedInWindow } from '../support/signed-in-window';
import { FOOD_LICENCE, intakeArgs } from '../support/intake-args';

let shell: RunningShell;
let context: BrowserContext;
let page: Page;

/** A fresh tab on an empty intake page: the previous test's form (kept as a draft) is discarded. */
async function freshPage(): Promise<Page> {
  await page?.close();
  await callApi(shell, 'drafts.discard', {});
  page = await context.newPage();
  await page.goto(shell.url);
  await page.getByRole('combobox', { name: '搜索事项' }).waitFor();
  return page;
}

async function chooseItem(p: Page, query: string, name: string): Promise<void> {
  const search = p.getByRole('combobox', { name: '搜索事项' });
  await search.waitFor();
  await expect.poll(() => search.evaluate((el) => el === document.activeElement)).toBe(true);
  await p.keyboard.type(query);
  await p.getByRole('option', { name: new RegExp(name) }).first().waitFor();
  await p.keyboard.press('Enter');
  await p.getByLabel('已选事项').getByText(name).waitFor();
  await p.getByLabel('办结日期').waitFor();
}

/** Ticks the materials at the given 0-based rows of the checklist, from the keyboard. */
async function tick(p: Page, rowsToTick: number[], rowCount: number): Promise<void> {
  await p.keyboard.press('Alt+M');
  const grid = p.getByRole('grid', { name: '申请材料清单' });
  await expect.poll(() => grid.evaluate((g) => g.contains(document.activeElement))).toBe(true);
  for (let i = 0; i < rowCount; i++) {
    if (rowsToTick.includes(i)) await p.keyboard.press('Space');
    if (i < rowCount - 1) await p.keyboard.press('ArrowDown');
  }
}

let window: SignedInWindow;

beforeAll(async () => {
  window = await openSignedInWindow('dates-e2e');
  ({ shell, context, page } = window);
});

afterAll(async () => {
  await window?.close();
});

describe('dates at intake', () => {
  test('an item due the day it is accepted offers no 容缺, and says why', async () => {
    // 税务登记信息确认: 即办件, legal limit 0 working days. M1 (营业执照) is the only non-key material.
    await freshPage();
    await chooseItem(page, '税务登记信息确认', '税务登记信息确认');
    await tick(page, [1, 2], 4);
    await page.getByText('（当日办结，不能容缺）').waitFor();
    const deferral = page.getByRole('radio', { name: /^容缺受理/ });
    await expect(deferral.isDisabled()).resolves.toBe(true);
    await page.getByText('该事项法定办结日即受理当日，不能容缺受理，请一次性告知补正').waitFor();
    // What is open instead is the notice asking for everything at once.
    await expect(page.getByRole('radio', { name: /^一次性告知补正/ }).isChecked()).resolves.toBe(true);
    await page.locator('#ik-decision').evaluate((el) => el.scrollIntoView({ block: 'start' }));
    await animationsSettled(page);
    await screenshot(page, 'dates-1-no-deferral');
  });

  test('the 容缺 date picker offers only working days up to the promised date', async () => {
    // 食品经营许可: 承诺件; M2 (营业执照) is a required non-key material, left missing.
    await freshPage();
    await chooseItem(page, '食品经营许可', '食品经营许可');
    await tick(page, [0, 2, 3, 4], 6);
    await page.getByRole('radio', { name: /^容缺受理/ }).check();
    const preview = await api<{
      acceptanceDate: string;
      deferral: { possible: true; defaultDueDate: string; latestDueDate: string };
    }>(shell, 'intake.preview', { itemCode: '11330102MB170512570100117001005' });
    const input = page.getByLabel('营业执照或者其他主体资格证明文件 补交期限');
    expect(await input.inputValue()).toBe(preview.deferral.defaultDueDate);

    const { workingDays } = await api<{ workingDays: string[] }>(shell, 'calendar.workingDays', {
      from: preview.acceptanceDate,
      to: preview.deferral.latestDueDate,
    });
    const working = new Set(workingDays);
    await input.click();
    const panel = page.locator('.ant-picker-dropdown:not(.ant-picker-dropdown-hidden)');
    await panel.waitFor();
    await animationsSettled(page);
    await screenshot(page, 'dates-2-deferral-picker');

    // Every day of the months shown: selectable exactly when it is a working day after today
    // and no later than the promised date.
    const cells = await panel.locator('td.ant-picker-cell').evaluateAll((tds) =>
      tds.map((td) => ({ date: td.getAttribute('title') ?? '', disabled: td.classList.contains('ant-picker-cell-disabled') })),
    );
    const inView = cells.filter((c) => /^\d{4}-\d{2}-\d{2}$/.test(c.date));
    expect(inView.length).toBeGreaterThan(27);
    const weekend = (d: string) => [0, 6].includes(new Date(`${d}T00:00:00Z`).getUTCDay());
    for (const c of inView) {
      const allowed = c.date > preview.acceptanceDate && c.date <= preview.deferral.latestDueDate && working.has(c.date);
      expect({ date: c.date, selectable: !c.disabled }).toEqual({ date: c.date, selectable: allowed });
      if (weekend(c.date) && !working.has(c.date)) expect(c.disabled).toBe(true);
    }
    await page.keyboard.press('Escape');
  });
});

describe('dates in a year whose schedule is not published', () => {
  // The shipped data without this year's official schedule (nor any later one): from today on
  // every day lies in a provisional year, whatever today is.
  let other: RunningShell;
  beforeAll(async () => {
    const dir = makeTempDir('dates-provisional-e2e');
    const resources = path.join(dir, 'resources');
    fs.cpSync(path.join(REPO_ROOT, 'resources'), resources, { recursive: true });
    const file = path.join(resources, 'calendar', 'cn-calendar.json');
    const calendar = JSON.parse(fs.readFileSync(file, 'utf8')) as { years: Array<{ year: number }> };
    const thisYear = new Date().getUTCFullYear();
    calendar.years = calendar.years.filter((y) => y.year < thisYear);
    fs.writeFileSync(file, JSON.stringify(calendar));
    const config = writeConfig(dir, { hall: { code: 'JQ', name: '金桥区政务服务中心' }, window: { number: 12 } });
    await addStaff(dir, '1001', '王芳', '246810');
    other = await startShell(['--data-dir', dir, '--config', config, '--resources-dir', resources]);
  });
  afterAll(async () => {
    await other?.stop();
  });

  test('the decision section and the 容缺 due date carry 暂定', async () => {
    await page?.close();
    page = await context.newPage();
    await page.goto(other.url);
    await page.getByLabel('工号').fill('1001');
    await page.getByLabel('密码').fill('246810');
    await page.keyboard.press('Enter');
    await chooseItem(page, '食品经营许可', '食品经营许可');

    // Everything in: 受理, with the promised date marked.
    await tick(page, [0, 1, 2, 3, 4], 6);
    const decision = page.locator('#ik-decision');
    await decision.getByText('承诺办结日').waitFor();
    await decision.locator('.ik-decision-line .provisional-tag').waitFor();

    // M2 out again: 容缺受理, the limit and the offered date both marked.
    await page.keyboard.press('ArrowUp');
    await page.keyboard.press('ArrowUp');
    await page.keyboard.press('ArrowUp');
    await page.keyboard.press('ArrowUp');
    await page.keyboard.press('Space');
    await page.getByRole('radio', { name: /^容缺受理/ }).check();
    await decision.getByText(/不晚于承诺办结日 \d{4}-\d{2}-\d{2}/).waitFor();
    await expect(decision.locator('.ik-deferrals .ik-decision-line .provisional-tag').count()).resolves.toBe(1);
    await expect(decision.locator('.ik-deferral-weekday .provisional-tag').count()).resolves.toBe(1);
    await decision.evaluate((el) => el.scrollIntoView({ block: 'start' }));
    await animationsSettled(page);
    await screenshot(page, 'dates-3-provisional');

    // Stored with the case: the case page's 容缺 list and material status show it too.
    const preview = await api<{ deferral: { possible: true; defaultDueDate: string } }>(other, 'intake.preview', { itemCode: FOOD_LICENCE.code });
    const food = await api<{ materials: Array<{ id: string; form: string; copies: number }> }>(other, 'catalog.getItem', { code: FOOD_LICENCE.code });
    const made = await api<{ id: string; deferrals: Array<{ dueProvisional: boolean }> }>(
      other,
      'intake.submit',
      intakeArgs(FOOD_LICENCE, food.materials, { received: ['M1', 'M3', 'M4', 'M5'] }, {
        kind: 'accept_with_deferral',
        deferrals: [{ materialId: 'M2', dueDate: preview.deferral.defaultDueDate }],
      }),
    );
    expect(made.deferrals[0]?.dueProvisional).toBe(true);
    await page.goto(`${other.origin}/#/cases/${made.id}`);
    const deferrals = page.locator('.section-card').filter({ hasText: '容缺材料' });
    await deferrals.getByText(preview.deferral.defaultDueDate).first().waitFor();
    await expect(deferrals.locator('.provisional-tag').count()).resolves.toBe(1);
    await page.getByRole('complementary', { name: '办理过程' }).getByText(`${preview.deferral.defaultDueDate} 前补交（暂定）`, { exact: false }).waitFor();
    await deferrals.evaluate((el) => el.scrollIntoView({ block: 'center' }));
    await animationsSettled(page);
    await screenshot(page, 'dates-4-case-deferral');
  });
});
