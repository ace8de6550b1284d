/**
 * The ticket at the counter on 受理 and on the case accepted for it (issue 17 §3), end to end in
 * the browser shell, on a window with its own (local) queue: F3 on the intake page calls a
 * ticket, the page's header shows it (当前号 A5000 · 企业开办); a case accepted meanwhile (through
 * the API, as the intake form submits) shows 号票 A5000 on its page; 办结 clears the header.
 * Screenshots: test/artifacts/queue-intake-ticket*.png.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTempDir, type RunningShell } from '../support/browser-shell-process';
import { api } from '../support/case-fixtures';
import { animationsSettled, screenshot } from '../support/chromium';
import { FOOD_LICENCE, intakeArgs } from '../support/intake-args';
import { queueBrowser, startQueueShell } from '../support/queue-e2e';

const CLERK = { staffNumber: '1001', name: '王芳', pin: '246810' } as const;

describe('the ticket at the counter on the intake page and on the case', () => {
  let shell: RunningShell;
  let browser: Browser;
  let page: Page;
  const pageErrors: string[] = [];

  beforeAll(async () => {
    const dir = makeTempDir('queue-intake-ticket-e2e');
    shell = await startQueueShell(
      dir,
      {
        hall: { code: 'JQ', name: '金桥区政务服务中心' },
        window: { number: 12 },
        queue: { categories: [{ letter: 'A', name: '企业开办', windows: [12] }], fallbackSlot: 1 },
      },
      CLERK,
    );
    const chromium = await queueBrowser({ viewports: { window: { width: 1366, height: 768 } }, errors: pageErrors });
    browser = chromium.browser;
    page = chromium.pages.window;
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    if (shell) expect(await shell.stop()).toBe(0);
  });

  it('shows 当前号 on 受理 after F3, 号票 on the case accepted meanwhile, and nothing after 办结', async () => {
    const issued = await api<{ ticket: { number: string } }>(shell, 'queue.issue', { letter: 'A' });
    await page.goto(shell.url);
    await page.getByLabel('工号').fill(CLERK.staffNumber);
    await page.getByLabel('密码').fill(CLERK.pin);
    await page.keyboard.press('Enter');
    await page.getByRole('combobox', { name: '搜索事项' }).waitFor();
    const counter = page.locator('.ik-page-head .ik-counter-ticket');
    expect(await counter.count()).toBe(0);

    await page.keyboard.press('F3');
    await counter.getByText(`当前号 ${issued.ticket.number} · 企业开办`).waitFor();
    await animationsSettled(page);
    await screenshot(page, 'queue-intake-ticket');

    const food = await api<{ materials: Array<{ id: string; form: string; copies: number }> }>(shell, 'catalog.getItem', { code: FOOD_LICENCE.code });
    const accepted = await api<{ id: string; acceptedTicket: { number: string } | null }>(
      shell,
      'intake.submit',
      intakeArgs(FOOD_LICENCE, food.materials, { received: ['M1', 'M2', 'M3', 'M4', 'M5'] }, { kind: 'accept' }),
    );
    expect(accepted.acceptedTicket?.number).toBe(issued.ticket.number);
    await page.goto(`${shell.url}#/cases/${accepted.id}`);
    const facts = page.locator('.ant-descriptions').filter({ hasText: '号票' });
    await facts.getByText(issued.ticket.number, { exact: false }).waitFor({ timeout: 15_000 });
    await animationsSettled(page);
    await screenshot(page, 'queue-intake-ticket-case');

    // 办结 (from the API, as the caller keypad would): the header no longer names a ticket.
    await page.keyboard.press('Alt+1');
    await counter.waitFor();
    await api(shell, 'queue.press', { action: { kind: 'finish' } });
    await counter.waitFor({ state: 'detached' });
    expect(pageErrors).toEqual([]);
  });
});
