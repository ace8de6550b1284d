/**
 * A back-office decision pulled from the upstream (issue 16), as the clerk sees it on the case
 * page: the status 已决定 with 待领取 beside it, the decision with the department that took it,
 * the 待领取 block, and each back-office step on the timeline by 系统. The steps are applied to
 * the window's store by the pull's own function (applyPullResponse) on a real core first; then
 * the real browser shell serves that store to Chromium.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { coreCapabilities } from '../../electron/core/create-core';
import { applyPullResponse } from '../../electron/core/sync/pull/apply-pull';
import { addStaff, makeTempDir, startShell, type RunningShell } from '../support/browser-shell-process';
import { api } from '../support/case-fixtures';
import { launchChromium, screenshot } from '../support/chromium';
import { createTestCore, JQ_WINDOW_12, STAFF } from '../support/core-fixture';
import { FOOD_LICENCE, intakeArgs } from '../support/intake-args';
import { answer, capturingPullDeps, decisionChange } from '../integration/sync/pull-core';

describe('a back-office decision on the case page', () => {
  let shell: RunningShell;
  let browser: Browser;
  let page: Page;
  let caseId = '';

  beforeAll(async () => {
    const dataDir = makeTempDir('cases-back-office');
    await addStaff(dataDir, STAFF.number, STAFF.name, STAFF.pin);
    const captured = capturingPullDeps(coreCapabilities);
    const t = await createTestCore({ dataDir, config: JQ_WINDOW_12, register: captured.register });
    await t.signIn();
    const food = await t.call('catalog.getItem', { code: FOOD_LICENCE.code });
    const c = await t.call('intake.submit', intakeArgs(FOOD_LICENCE, food.materials, { received: ['M1', 'M2', 'M3', 'M4', 'M5'] }, { kind: 'accept' }));
    caseId = c.id;
    // The back office acts after the acceptance: one, two and three hours later.
    const later = (hours: number) => new Date(Date.parse(c.acceptedAt ?? c.receivedAt) + hours * 3_600_000).toISOString();
    const result = applyPullResponse(
      captured.deps(),
      answer(
        '3',
        decisionChange(c, { step: 'reviewStarted' }, later(1)),
        decisionChange(c, { step: 'decided', outcome: 'refused', reason: '经营场所与食品安全要求不符', legalBasis: '《食品经营许可和备案管理办法》第十一条' }, later(2)),
        decisionChange(c, { step: 'readyForPickup' }, later(3)),
      ),
    );
    expect(result).toMatchObject({ applied: 3, skipped: 0 });
    await t.close();

    shell = await startShell(['--data-dir', dataDir, '--config', `${dataDir}/config.json`]);
    await api(shell, 'session.signIn', { staffNumber: STAFF.number, pin: STAFF.pin });
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1366, height: 768 }, locale: 'zh-CN' });
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    if (shell) expect(await shell.stop()).toBe(0);
  });

  it('shows 已决定 and 待领取, the refusal with its department, and the three steps on the timeline', async () => {
    await page.goto(`${shell.url}#/cases/${caseId}`);
    const head = page.getByRole('region', { name: '办件概要' });
    await head.getByText('待领取').waitFor({ timeout: 15_000 });
    await head.getByText('已决定').waitFor();
    await page.getByText('区市场监督管理局审批科').first().waitFor();
    await page.getByText('经营场所与食品安全要求不符').first().waitFor();
    await page.getByText('办理结果已可到窗口领取，请在申请人领取时办理“送达”').waitFor();
    const timeline = page.getByRole('complementary', { name: '办理过程' });
    for (const title of ['后台开始审查', '后台作出决定：不予许可', '办结待领取']) await timeline.getByText(title, { exact: true }).waitFor();
    // The next step at the window is the delivery.
    await head.getByRole('button', { name: '送达' }).waitFor();
    await screenshot(page, 'case-back-office-decision');
  });
});
