/**
 * Sync end to end (issue 16): the browser shell (dist/, so build first) whose upstream is not
 * there yet, Chromium at the counters' 1366×768, and then the real upstream server (server/main.ts
 * on its embedded PostgreSQL) behind a TCP relay at the address the window's config names.
 * - With no server, what the window records waits: the status bar says 待同步 N 条.
 * - The server starts; the 系统管理员 types a wrong code into 上级平台同步 on 设置 (the reason
 *   beside the field), then the operator's one-time code: the status bar goes 在线 and nothing waits.
 * Screenshots: test/artifacts/sync-*.png.
 */
import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addStaff, makeTempDir, startShell, writeConfig, type RunningShell } from '../support/browser-shell-process';
import { launchChromium, screenshot } from '../support/chromium';
import { startSyncServer, type SyncServer } from '../support/sync-server';
import { startTcpProxy, type TcpProxy } from '../integration/sync/tcp-proxy';

const VIEWPORT = { width: 1366, height: 768 };
const ADMIN = { staffNumber: '9001', name: '李强', pin: '135790' } as const;

async function visible(locator: Locator, timeout = 15_000): Promise<void> {
  await locator.first().waitFor({ state: 'visible', timeout });
}

describe('the window syncing with the upstream', () => {
  let proxy: TcpProxy;
  let server: SyncServer | null = null;
  let shell: RunningShell;
  let browser: Browser;
  let page: Page;
  const pageErrors: string[] = [];

  beforeAll(async () => {
    const dir = makeTempDir('sync-e2e');
    proxy = await startTcpProxy(1, 'down');
    const configFile = writeConfig(dir, { hall: { code: 'JQ', name: '金桥区政务服务中心' }, window: { number: 12, name: '综合受理窗口' }, sync: { url: proxy.url, intervalSeconds: 5 } });
    await addStaff(dir, ADMIN.staffNumber, ADMIN.name, ADMIN.pin, 'it_admin');
    shell = await startShell(['--data-dir', dir, '--config', configFile]);
    browser = await launchChromium();
    page = await browser.newPage({ viewport: VIEWPORT, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
    page.on('pageerror', (err) => pageErrors.push(`pageerror: ${err.message}`));
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    if (shell) expect(await shell.stop()).toBe(0);
    await server?.stop();
    await proxy?.close();
  });

  it('keeps what was recorded offline, and once enrolled with the server goes online with nothing waiting', async () => {
    await page.goto(shell.url);
    await visible(page.getByLabel('工号'));
    await page.getByLabel('工号').fill(ADMIN.staffNumber);
    await page.getByLabel('密码').fill(ADMIN.pin);
    await page.keyboard.press('Enter');
    await visible(page.getByRole('button', { name: '退出' }));
    const bar = page.locator('footer.status-bar');
    // The account's registration and the sign-in are events: they wait for the upstream.
    await visible(page.getByText(/待同步 \d+ 条/));
    // A 系统管理员 does no case work: the app opens on 设置.
    await visible(page.getByRole('heading', { name: '设置', level: 2 }));
    const card = page.locator('.sync-card');
    await visible(card);
    await visible(card.getByText('本窗口尚未注册到上级平台', { exact: false }));
    await screenshot(page, 'sync-offline');

    server = await startSyncServer({ backend: 'pglite' });
    proxy.targetPort = server.port;
    proxy.mode = 'pass';

    await card.getByLabel('注册码').fill('0000-0000-0000-0000');
    await page.keyboard.press('Enter');
    await visible(card.locator('.ant-form-item-explain-error').getByText(/^注册码被拒绝/));
    await card.locator('.sync-actions').evaluate((el) => el.scrollIntoView({ block: 'end' }));
    await screenshot(page, 'sync-code-refused');

    await card.getByLabel('注册码').fill(await server.enrol('JQ', 12));
    await page.keyboard.press('Enter');
    await visible(card.getByText('注册成功', { exact: false }), 30_000);
    await visible(bar.getByText('在线'), 30_000);
    await page.getByText(/待同步 \d+ 条/).waitFor({ state: 'detached', timeout: 30_000 });
    await visible(card.getByText('已注册为 JQ 大厅 12 号窗口', { exact: false }));
    // The last push is shown once the round that emptied the outbox has ended.
    await expect.poll(() => card.innerText(), { timeout: 15_000 }).toMatch(/最近上传\s+\d{4}-\d{2}-\d{2} /);
    await card.locator('.sync-actions').evaluate((el) => el.scrollIntoView({ block: 'end' }));
    await screenshot(page, 'sync-online');
    expect(pageErrors).toEqual([]);
  }, 180_000);
});
