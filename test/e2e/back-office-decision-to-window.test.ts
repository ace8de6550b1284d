/**
 * A back-office decision from the back-office page to the window's case page, joined (issue 16,
 * Proof: "record a decision in the back-office page and see it on the window's case"):
 * - the real upstream (server/main.ts in a child process, as `npm run server` runs it, on its
 *   embedded PostgreSQL), with the officer's account made by the server's own command
 *   (`backoffice-account`, password on standard input);
 * - the real browser shell (dist/, so build first) whose config names that server and carries the
 *   operator's one-time code (a scripted install): it enrols itself;
 * - a case accepted at the window goes up by itself; in Chromium the officer signs in to
 *   /backoffice, finds the case and records a refusal by clicking; the window pulls by itself
 *   and the clerk's case page, open all along, shows 已决定 with the reason and the department;
 *   the window's own record of the step goes up and the back office stops showing it as pending.
 * Screenshots: test/artifacts/joined-back-office-*.png, joined-window-*.png.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addStaff, makeTempDir, startShell, writeConfig, type RunningShell } from '../support/browser-shell-process';
import { api } from '../support/case-fixtures';
import { launchChromium, screenshot } from '../support/chromium';
import { JQ_WINDOW_12, STAFF } from '../support/core-fixture';
import { FOOD_LICENCE, intakeArgs } from '../support/intake-args';
import { freshPgliteDataDir, runServerCli, startSyncServer, type SyncServer } from '../support/sync-server';

/** The window's log lines about sync (for a failure's message). */
function logTail(dataDir: string): string {
  const logs = path.join(dataDir, 'logs');
  if (!fs.existsSync(logs)) return '';
  return fs
    .readdirSync(logs)
    .flatMap((f) => fs.readFileSync(path.join(logs, f), 'utf8').split('\n'))
    .filter((line) => line.includes('sync'))
    .slice(-8)
    .join('\n');
}

const VIEWPORT = { width: 1366, height: 768 };
const OFFICER = { username: 'zhang.wei', name: '张伟', department: '区市场监督管理局审批科', password: 'correct horse 9' };
const REASON = '经营场所与住宅未有效隔离';
const LEGAL_BASIS = '《食品安全法》第三十三条';

describe('a decision recorded in the back office, seen on the window', () => {
  let server: SyncServer;
  let shell: RunningShell;
  let browser: Browser;
  let windowPage: Page;
  let officePage: Page;
  const pageErrors: string[] = [];
  let serverDir = '';
  let windowDir = '';

  beforeAll(async () => {
    serverDir = fs.mkdtempSync(path.join(os.tmpdir(), 'counter-joined-server-'));
    await freshPgliteDataDir(serverDir);
    const made = await runServerCli(
      ['backoffice-account', '--hall', 'JQ', '--username', OFFICER.username, '--name', OFFICER.name, '--department', OFFICER.department, '--data-dir', serverDir],
      { DATABASE_URL: '' },
      `${OFFICER.password}\n`,
    );
    expect(made, made.stderr).toMatchObject({ code: 0 });
    expect(made.stdout).toContain(`已建立后台账号 JQ / ${OFFICER.username}`);
    server = await startSyncServer({ backend: 'pglite', dataDir: serverDir });

    const dir = makeTempDir('joined-window');
    windowDir = dir;
    // The config first: the clerk's account (an event) is then stamped JQ window 12, not the demo hall.
    const configFile = writeConfig(dir, { ...JQ_WINDOW_12, sync: { url: server.url, enrolmentCode: await server.enrol('JQ', 12), intervalSeconds: 5 } });
    await addStaff(dir, STAFF.number, STAFF.name, STAFF.pin);
    shell = await startShell(['--data-dir', dir, '--config', configFile]);
    browser = await launchChromium();
    windowPage = await browser.newPage({ viewport: VIEWPORT, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
    windowPage.on('pageerror', (err) => pageErrors.push(`window: ${err.message}`));
    // Its own context: the officer's cookie and the window's session never meet.
    officePage = await browser.newPage({ viewport: { width: 1366, height: 900 }, locale: 'zh-CN' });
    officePage.on('pageerror', (err) => pageErrors.push(`back office: ${err.message}`));
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    if (shell) expect(await shell.stop()).toBe(0);
    await server?.stop();
    if (serverDir) fs.rmSync(serverDir, { recursive: true, force: true });
  });

  it('shows the refusal recorded by the officer on the case page of the window that accepted it', async () => {
    // The clerk accepts a case at the window.
    await api(shell, 'session.signIn', { staffNumber: STAFF.number, pin: STAFF.pin });
    const food = await api<{ materials: Array<{ id: string; form: string; copies: number }> }>(shell, 'catalog.getItem', { code: FOOD_LICENCE.code });
    const accepted = await api<{ id: string; caseNumber: string }>(
      shell,
      'intake.submit',
      intakeArgs(FOOD_LICENCE, food.materials, { received: ['M1', 'M2', 'M3', 'M4', 'M5'] }, { kind: 'accept' }),
    );
    await windowPage.goto(`${shell.url}#/cases/${accepted.id}`);
    const head = windowPage.getByRole('region', { name: '办件概要' });
    await head.getByText('已受理').first().waitFor({ timeout: 15_000 });
    // Enrolled by the config's code, it pushes the case: the status bar goes 在线 with nothing waiting.
    const bar = windowPage.locator('footer.status-bar');
    await bar
      .getByText('在线')
      .waitFor({ timeout: 30_000 })
      .catch(async (err: Error) => {
        throw new Error(`${err.message}\nstatus bar: ${await bar.innerText()}\n${await bar.locator('[title]').evaluateAll((els) => els.map((e) => e.getAttribute('title')).join(' | '))}\n${logTail(windowDir)}`);
      });
    await windowPage.getByText(/待同步 \d+ 条/).waitFor({ state: 'detached', timeout: 30_000 });
    await screenshot(windowPage, 'joined-window-accepted');

    // The officer signs in to the back office and records a refusal on that case.
    await officePage.goto(`${server.url}/backoffice`);
    await officePage.fill('#hall', 'JQ');
    await officePage.fill('#username', OFFICER.username);
    await officePage.fill('#password', OFFICER.password);
    await Promise.all([officePage.waitForEvent('load'), officePage.keyboard.press('Enter')]);
    await officePage.waitForSelector('text=JQ 大厅 · 后台办理');
    const row = officePage.locator('tr', { hasText: accepted.caseNumber });
    await row.waitFor({ timeout: 15_000 });
    await row.locator('select[name=outcome]').selectOption('refused');
    await row.locator('input[name=reason]').fill(REASON);
    await row.locator('input[name=legalBasis]').fill(LEGAL_BASIS);
    await Promise.all([officePage.waitForEvent('load'), row.locator('button', { hasText: '记录决定' }).click()]);
    const decided = officePage.locator('tr', { hasText: accepted.caseNumber });
    await expect.poll(() => decided.locator('td.status').textContent()).toContain('已决定');
    expect(await decided.textContent()).toContain(REASON);
    expect(await decided.textContent()).toContain('项待窗口同步');
    await screenshot(officePage, 'joined-back-office-decided');

    // The window pulls by itself (every 5 s here); the clerk's open case page follows.
    await head.getByText('已决定').first().waitFor({ timeout: 30_000 });
    await windowPage.getByText(REASON).first().waitFor();
    await windowPage.getByText(OFFICER.department).first().waitFor();
    const timeline = windowPage.getByRole('complementary', { name: '办理过程' });
    await timeline.getByText('后台作出决定：不予许可', { exact: true }).waitFor();
    await screenshot(windowPage, 'joined-window-decided');

    // The window's record of the decision goes up: the back office no longer shows it as pending.
    await expect
      .poll(
        async () => {
          await officePage.reload();
          return officePage.locator('tr', { hasText: accepted.caseNumber }).textContent();
        },
        { timeout: 30_000, interval: 1000 },
      )
      .not.toContain('项待窗口同步');
    await screenshot(officePage, 'joined-back-office-recorded');
    expect(pageErrors).toEqual([]);
  }, 180_000);
});
