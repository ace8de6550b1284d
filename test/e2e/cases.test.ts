/**
 * 办件 end to end: the list and the case page. From the keyboard: `/` to search by the
 * applicant's name, ↓ and Enter to open the case, Esc back to the list, and Enter to go on with
 * the next step, which has the focus after each action. With the mouse: the first action on a
 * case and the fields inside the dialogs. Along the way: 审查, a 不予给付 decision (a 给付 item is
 * not a licence: no 准予许可 / 不予许可 on it) with the reasons the law requires, a 容缺 material brought in later, and a dialog whose case changed while it
 * was open. Cases are made through the API first (the intake page has its own test). Real
 * browser shell, core and Chromium.
 */
import type { Browser, Page, Request } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { unifiedSocialCreditCodeCheckCharacter } from '../../electron/contract/validation/unified-social-credit-code';
import { addStaff, makeTempDir, startShell, writeConfig, type RunningShell } from '../support/browser-shell-process';
import { api, idNumber, submitIntake } from '../support/case-fixtures';
import { launchChromium, screenshot } from '../support/chromium';

const PIN = '135790';
const ZHANG_ID = idNumber('33010219850612301');
const CREDIT_CODE = creditCode('91330102MA2H3K7Q1');

function creditCode(first17: string): string {
  return first17 + unifiedSocialCreditCodeCheckCharacter(first17);
}

async function visible(locator: ReturnType<Page['getByText']>): Promise<void> {
  await locator.first().waitFor({ state: 'visible', timeout: 15_000 });
}

function isFocused(locator: ReturnType<Page['getByText']>): Promise<boolean> {
  return locator.evaluate((el) => el === document.activeElement);
}

describe('cases list and case page', () => {
  let shell: RunningShell;
  let browser: Browser;
  let page: Page;
  const pageErrors: string[] = [];

  beforeAll(async () => {
    const dataDir = makeTempDir('cases');
    const config = writeConfig(dataDir, {
      hall: { code: 'JQ', name: '金桥区政务服务中心' },
      window: { number: 12, name: '综合受理窗口' },
    });
    await addStaff(dataDir, '1001', '王芳', PIN);
    shell = await startShell(['--data-dir', dataDir, '--config', config]);

    // The session belongs to the window, so signing in here signs in the browser below too.
    await api(shell, 'session.signIn', { staffNumber: '1001', pin: PIN });
    const food = await api<{ code: string }[]>(shell, 'catalog.search', { query: '食品经营许可', limit: 1 });
    const preview = await api<{ defaultDeferralDueDate: string }>(shell, 'intake.preview', { itemCode: food[0]?.code });
    await submitIntake(
      shell,
      '食品经营许可',
      { kind: 'person', name: '陈静', idType: 'resident_id_card', idNumber: idNumber('33010219900307124'), mobile: '13800001111', address: '' },
      { kind: 'accept_with_deferral', deferrals: [{ materialId: 'M2', dueDate: preview.defaultDeferralDueDate }] },
      ['M2'],
    );
    await submitIntake(
      shell,
      '公司变更登记',
      {
        kind: 'organisation',
        name: '金桥区晨光餐饮管理有限公司',
        creditCode: CREDIT_CODE,
        legalRepresentative: '陈明',
        contactName: '刘晓燕',
        mobile: '13912345678',
        address: '金桥区金桥路 88 号',
      },
      { kind: 'request_correction', items: [{ materialId: 'M2', name: '公司章程修正案', instruction: '须由全体股东签名' }], note: '' },
      ['M2'],
    );
    await submitIntake(
      shell,
      '食品经营许可',
      { kind: 'person', name: '赵磊', idType: 'resident_id_card', idNumber: idNumber('33010219870921253'), mobile: '13600003333', address: '' },
      { kind: 'request_correction', items: [{ materialId: 'M1', name: '食品经营许可申请书', instruction: '请补交经营者签字的申请书' }], note: '' },
      ['M1'],
    );
    await submitIntake(
      shell,
      '失业保险金申领',
      { kind: 'person', name: '张伟', idType: 'resident_id_card', idNumber: ZHANG_ID, mobile: '13700002222', address: '金桥区人民路 8 号' },
      { kind: 'accept' },
    );


    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1366, height: 768 }, locale: 'zh-CN' });
    page.on('pageerror', (err) => pageErrors.push(`pageerror: ${err.message}`));
    page.on('console', (msg) => {
      if (msg.type() === 'error') pageErrors.push(`console: ${msg.text()}`);
    });
  });

  afterAll(async () => {
    await browser?.close();
    if (shell) expect(await shell.stop()).toBe(0);
  });

  const caseRows = () => page.getByRole('row').filter({ hasText: /JQ-12-\d{8}-\d{4}/ });
  const head = () => page.getByRole('region', { name: '办件概要' });
  const caseIdInUrl = () => /#\/cases\/([0-9a-f-]{36})$/.exec(page.url())?.[1] ?? '';

  /** From the list: search by the applicant's name and open the one case found, with the mouse. */
  async function openCaseOf(applicant: string): Promise<void> {
    await page.getByLabel('搜索办件').fill(applicant);
    await page.keyboard.press('Enter');
    await expect.poll(() => caseRows().count()).toBe(1);
    await caseRows().first().click();
  }

  /**
   * Counts the page's reads of a case (POST /api/cases.get) from now until `stop`. The case page
   * is given the case by its action's answer: the action's own case.changed, which the core sends
   * before that answer, must not make it read the case again.
   */
  function countCaseReads(): { count: () => number; stop: () => void } {
    let reads = 0;
    const onRequest = (request: Request) => {
      if (new URL(request.url()).pathname === '/api/cases.get') reads++;
    };
    page.on('request', onRequest);
    return { count: () => reads, stop: () => page.off('request', onRequest) };
  }

  /** No read of the case follows the action's answer, even a little later (the event may come last). */
  async function noCaseReadAfterOwnAction(reads: ReturnType<typeof countCaseReads>): Promise<void> {
    await page.waitForTimeout(500);
    reads.stop();
    expect(reads.count()).toBe(0);
  }

  /** The case's own refresh ends, whatever refreshes an action's events set off. */
  async function refreshSettles(): Promise<void> {
    const refresh = page.getByRole('button', { name: /刷新/ });
    await expect
      .poll(() => refresh.evaluate((el) => el.classList.contains('ant-btn-loading')), { timeout: 5_000 })
      .toBe(false);
  }

  it('lists the cases newest first, with status and masked ID numbers', async () => {
    await page.goto(shell.url);
    await page.getByRole('banner').getByText('王芳').waitFor();
    await page.keyboard.press('Alt+2');
    await visible(page.getByRole('row', { name: /张伟/ }));
    expect(await caseRows().count()).toBe(4);
    const first = (await caseRows().first().textContent()) ?? '';
    expect(first).toContain('张伟');
    expect(first).toContain('已受理');
    expect(first).toContain('330102********');
    expect(first).not.toContain(ZHANG_ID);
    await visible(page.getByRole('row', { name: /金桥区晨光餐饮管理有限公司.*待补正/ }));
    await visible(page.getByText('已显示 4 件，已全部显示'));
    await screenshot(page, 'cases-list');
  });

  it('finds a case by the applicant name typed in the search box', async () => {
    await page.keyboard.press('/');
    await page.keyboard.type('张伟');
    await page.keyboard.press('Enter');
    await expect.poll(() => caseRows().count()).toBe(1);
  });

  it('opens the found case with ↓ and Enter', async () => {
    await page.keyboard.press('ArrowDown'); // from the search box into the results
    await page.keyboard.press('Enter');
    const head = page.getByRole('region', { name: '办件概要' });
    await visible(head.getByText('失业保险金申领'));
    await visible(head.getByText('已受理'));
    await visible(head.getByText('承诺件'));
    expect(page.url()).toMatch(/#\/cases\/[0-9a-f-]{36}$/);

    const timeline = page.getByRole('complementary', { name: '办理过程' });
    await visible(timeline.getByText('收件', { exact: true }));
    await visible(timeline.getByText('受理', { exact: true }));
    await visible(timeline.getByText(/经办人 王芳（1001）/));

    // Personal numbers stay masked until asked for.
    expect(await page.getByText(ZHANG_ID).count()).toBe(0);
    await page.getByRole('button', { name: '显示号码' }).click();
    await visible(page.getByText(ZHANG_ID));
    await page.getByRole('button', { name: '隐藏号码' }).click();
  });

  it('starts the review after confirming, then has the next step focused and the refresh at rest', async () => {
    const head = page.getByRole('region', { name: '办件概要' });
    await head.getByRole('button', { name: '进入审查' }).click();
    const confirm = page.getByRole('dialog').filter({ hasText: '进入审查？' });
    const reads = countCaseReads();
    await confirm.getByRole('button', { name: '进入审查' }).click();
    await visible(head.getByText('审查中'));
    await visible(page.getByRole('complementary', { name: '办理过程' }).getByText('进入审查'));
    await expect.poll(() => isFocused(head.getByRole('button', { name: '作出决定' }))).toBe(true);
    await refreshSettles();
    await noCaseReadAfterOwnAction(reads);
  });

  it('refuses the 给付 only with a reason and a legal basis, each asked for beside its field, in the item’s words', async () => {
    const head = page.getByRole('region', { name: '办件概要' });
    // The next step has the focus: Enter opens it.
    await page.keyboard.press('Enter');
    const dialog = page.getByRole('dialog', { name: '作出决定' });
    // 失业保险金申领 is a 行政给付: its decision is 准予给付 / 不予给付, never a licence's.
    await visible(dialog.getByText('准予给付', { exact: true }));
    expect(await dialog.getByText(/许可/).count()).toBe(0);
    await dialog.getByText('不予给付', { exact: true }).click();
    await dialog.getByRole('button', { name: '确认决定' }).click();
    await visible(dialog.getByText('不予给付须写明理由'));
    await visible(dialog.getByText('不予给付须写明法律依据'));
    await visible(dialog.getByText(/不予给付决定书将告知申请人：可以自收到之日起 60 日内/));

    await dialog.getByLabel('不予给付的理由').fill('申请人在领取失业保险金期间已重新就业');
    await dialog.getByLabel('法律依据').fill('《失业保险条例》第十五条第（一）项');
    const reads = countCaseReads();
    await dialog.getByRole('button', { name: '确认决定' }).click();
    await dialog.waitFor({ state: 'hidden' });
    await visible(head.getByText('已决定'));
    await visible(page.getByText('申请人在领取失业保险金期间已重新就业').first());
    // The next step the core allows is delivery, and nothing else.
    // Each button also shows its key (送达 Alt+G); the key hint is not part of the name.
    const actionNames = await head
      .getByRole('group', { name: '办理操作' })
      .getByRole('button')
      .evaluateAll((buttons) => buttons.map((b) => Array.from(b.childNodes).filter((n) => n.nodeName !== 'KBD').map((n) => n.textContent).join('')));
    expect(actionNames).toEqual(['送达']);
    await expect.poll(() => isFocused(head.getByRole('button', { name: '送达' }))).toBe(true);
    await refreshSettles();
    await noCaseReadAfterOwnAction(reads);
    await screenshot(page, 'case-detail');
  });

  it('goes back to the list with Esc, which shows the new status', async () => {
    await page.keyboard.press('Escape');
    await visible(page.getByRole('row', { name: /张伟.*已决定/ }));
  });

  it('records a deferred (容缺) material brought in later', async () => {
    await openCaseOf('陈静');
    const head = page.getByRole('region', { name: '办件概要' });
    await visible(head.getByText('食品经营许可'));
    await visible(page.getByText('1 项待补交'));

    await head.getByRole('button', { name: '补交容缺材料' }).click();
    const dialog = page.getByRole('dialog', { name: '补交容缺材料' });
    await dialog.getByRole('button', { name: '确认收取' }).click();
    await visible(dialog.getByText('请勾选本次收到的材料'));
    await dialog.getByRole('checkbox').first().check();
    await dialog.getByRole('button', { name: '确认收取' }).click();
    await dialog.waitFor({ state: 'hidden' });
    await visible(page.getByText('已全部补交'));
    await visible(page.getByRole('complementary', { name: '办理过程' }).getByText('补交材料'));
    // Nothing more to supplement, so the action is gone; the next step has the focus instead.
    expect(await head.getByRole('button', { name: '补交容缺材料' }).count()).toBe(0);
    await expect.poll(() => isFocused(head.getByRole('button', { name: '进入审查' }))).toBe(true);
    await refreshSettles();
  });

  it('refuses a dialog whose case changed while it was open, and shows the case as it now is', async () => {
    await page.keyboard.press('Escape');
    await openCaseOf('金桥区晨光餐饮管理有限公司');
    await visible(head().getByText('公司变更登记'));
    await visible(head().getByText('待补正'));

    await head().getByRole('button', { name: '撤回申请' }).click();
    const dialog = page.getByRole('dialog', { name: '撤回申请' });
    await dialog.getByLabel('原因').fill('申请人书面申请撤回');
    // Meanwhile another window takes in the 补正 materials; this page follows, the dialog must not.
    const id = caseIdInUrl();
    const before = await api<{ version: number; materials: Array<{ materialId: string; form: 'original' | 'copy' | 'original_and_copy'; copies: number }> }>(
      shell,
      'cases.get',
      { caseId: id },
    );
    await api(shell, 'cases.supplementMaterials', {
      caseId: id,
      expectedVersion: before.version,
      materials: before.materials.filter((m) => m.materialId === 'M2').map((m) => ({
        materialId: m.materialId,
        received: true,
        form: m.form === 'original_and_copy' ? 'both' : m.form,
        copies: m.copies,
        defective: false,
        defectNote: '',
      })),
    });
    await visible(head().getByText('已收件'));

    await dialog.getByRole('button', { name: '确认撤回' }).click();
    await visible(dialog.getByText(/该办件已有新的办理记录，页面已显示最新内容/));
    expect(await dialog.getByRole('button', { name: '确认撤回' }).isDisabled()).toBe(true);
    expect(await dialog.getByLabel('原因').inputValue()).toBe('申请人书面申请撤回');
    await screenshot(page, 'case-conflict');
    expect((await api<{ status: string }>(shell, 'cases.get', { caseId: id })).status).toBe('received');
    // Chromium logs the refusal (HTTP 409) as a console error: that one was meant.
    const conflictLogged = () => pageErrors.findIndex((e) => e.includes('status of 409 (Conflict)'));
    await expect.poll(conflictLogged).toBeGreaterThanOrEqual(0);
    pageErrors.splice(conflictLogged(), 1);
    await dialog.getByRole('button', { name: '返回办件' }).click();
    await dialog.waitFor({ state: 'hidden' });

    // On the case as it now is, the withdrawal goes through and its reason is shown.
    await head().getByRole('button', { name: '撤回申请' }).click();
    await dialog.getByLabel('原因').fill('申请人书面申请撤回');
    await dialog.getByRole('button', { name: '确认撤回' }).click();
    await dialog.waitFor({ state: 'hidden' });
    await visible(head().getByText('已撤回'));
    const closed = page.locator('.section-closed');
    await visible(closed.getByText('申请人已撤回'));
    await visible(closed.getByText('原因：申请人书面申请撤回'));
    await visible(closed.getByText(/经办人 王芳（1001）/));
    // Nothing is left to do on a closed case: the clerk is on its number.
    await expect.poll(() => isFocused(head().locator('.case-number'))).toBe(true);
    await refreshSettles();
  });

  it('refuses to accept a case whose applicant never brought what the notice listed (逾期未补正)', async () => {
    await page.keyboard.press('Escape');
    await openCaseOf('赵磊');
    await visible(head().getByText('待补正'));

    await head().getByRole('button', { name: '不予受理' }).click();
    const dialog = page.getByRole('dialog', { name: '不予受理' });
    // The usual reason for this step is filled in, with its legal basis.
    await expect.poll(() => dialog.getByLabel('不予受理的理由').inputValue()).toContain('逾期未补');
    expect(await dialog.getByLabel('法律依据').inputValue()).toContain('行政许可法');
    await dialog.getByLabel('法律依据').fill('');
    await dialog.getByRole('button', { name: '确认不予受理' }).click();
    await visible(dialog.getByText('请填写法律依据'));
    await dialog.getByLabel('法律依据').fill('《中华人民共和国行政许可法》第三十二条第一款第（四）项');
    await dialog.getByText('请填写法律依据').waitFor({ state: 'detached' });
    await screenshot(page, 'case-reject-intake');
    await dialog.getByRole('button', { name: '确认不予受理' }).click();
    await dialog.waitFor({ state: 'hidden' });

    await visible(head().getByText('不予受理'));
    const refusal = page.locator('.section-negative', { hasText: '不予受理' });
    await visible(refusal.getByText('《中华人民共和国行政许可法》第三十二条第一款第（四）项'));
    expect(await page.getByText('申请人已按告知补交材料').count()).toBe(0);
    await visible(page.getByRole('complementary', { name: '办理过程' }).getByText('不予受理'));
    expect(await head().getByRole('button').filter({ hasText: /不予受理|登记补正材料|撤回申请|终止办理/ }).count()).toBe(0);
    await refreshSettles();
  });

  it('raised no errors in the page', () => {
    expect(pageErrors).toEqual([]);
  });
});
