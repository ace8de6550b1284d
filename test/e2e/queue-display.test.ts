/**
 * The hall display end to end (issue 17): the real hall server (server/main.ts on PGlite) serves
 * `/display?hall=JQ` (dist/renderer/display.html, so build first) and its call stream; Chromium
 * shows it at 1920×1080 behind a TCP relay, so the server can go away and come back on another
 * port at the same address, as a restarted server does.
 * - Calls made at two windows, and a recall, are shown and spoken in order, each once.
 * - The server stops: the screen says 连接中断，正在重连 and keeps what it showed; it starts
 *   again: the screen reconnects by itself (no reload) and speaks the next call, nothing twice.
 * Headless Chromium has no voices, so the page's speech engine is a recorder that says each
 * sentence "ended" a moment later: what is judged is what the page gives it, and in which order.
 * Screenshots: test/artifacts/queue-display*.png.
 */
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { QueueRulesSchema, type QueueRules } from '../../electron/contract/queue';
import { makeTempDir } from '../support/browser-shell-process';
import { screenshot } from '../support/chromium';
import { enrolDevices, issue, newPress, press } from '../support/queue-client';
import { queueBrowser, requireDisplayBuild, spokenOn, waitSpoken } from '../support/queue-e2e';
import { startSyncServer, type SyncServer } from '../support/sync-server';
import { startTcpProxy, type TcpProxy } from '../integration/sync/tcp-proxy';

const HALL = 'JQ';
const RULES: QueueRules = QueueRulesSchema.parse({
  timeZone: 'Asia/Shanghai',
  categories: [{ letter: 'A', name: '企业开办', windows: [12, 3] }],
});

describe('the hall display served by the hall server', () => {
  let server: SyncServer;
  let proxy: TcpProxy;
  let browser: Browser;
  let page: Page;
  let dataDir: string;
  let tokens: Map<number, string>;
  const pageErrors: string[] = [];

  const spoken = () => spokenOn(page);

  beforeAll(async () => {
    requireDisplayBuild();
    dataDir = makeTempDir('queue-display-e2e');
    server = await startSyncServer({ backend: 'pglite', dataDir: path.join(dataDir, 'server') });
    proxy = await startTcpProxy(server.port);
    tokens = await enrolDevices(server, HALL, [91, 12, 3]);
    for (let i = 0; i < 5; i++) await issue(server.url, tokens.get(91)!, RULES, 'A', 'ordinary');
    const chromium = await queueBrowser({ viewports: { display: { width: 1920, height: 1080 } }, errors: pageErrors, speechEndMs: 400 });
    browser = chromium.browser;
    page = chromium.pages.display;
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    await proxy?.close();
  });

  const call = (window: number, action: Parameters<typeof newPress>[1]) => press(server.url, tokens.get(window)!, RULES, ['A'], newPress(window, action));

  it('shows and speaks every call in order, a recall again, each once', async () => {
    await page.goto(`${proxy.url}/display?hall=${HALL}`);
    await page.locator('.hall-display[data-status="open"]').waitFor({ timeout: 30_000 });
    // Three calls in quick succession: they arrive while the first is still being spoken.
    expect(await call(12, { kind: 'callNext' })).toMatchObject({ kind: 'called', number: 'A001' });
    expect(await call(3, { kind: 'callNext' })).toMatchObject({ kind: 'called', number: 'A002' });
    expect(await call(12, { kind: 'recall' })).toMatchObject({ kind: 'called', number: 'A001', recall: true });
    await waitSpoken(page, 3);
    expect(await spoken()).toEqual(['请A零零一号到十二号窗口办理', '请A零零二号到三号窗口办理', '再次呼叫，请A零零一号到十二号窗口办理']);
    const windows = page.getByRole('region', { name: '各窗口叫号' });
    await windows.getByRole('row', { name: '12 号 A001' }).waitFor();
    await windows.getByRole('row', { name: '3 号 A002' }).waitFor();
    await page.getByRole('region', { name: '当前叫号' }).getByText('A001').waitFor();
    await screenshot(page, 'queue-display');
    expect(pageErrors).toEqual([]);
  });

  it('says it lost the server, reconnects by itself after a restart, and misses nothing', async () => {
    proxy.mode = 'down';
    await server.stop();
    await page.getByText('连接中断，正在重连').waitFor({ timeout: 30_000 });
    // What was on screen stays there.
    await page.getByRole('region', { name: '各窗口叫号' }).getByRole('row', { name: '3 号 A002' }).waitFor();
    await screenshot(page, 'queue-display-reconnecting');

    server = await startSyncServer({ backend: 'pglite', dataDir: path.join(dataDir, 'server') });
    proxy.targetPort = server.port;
    proxy.mode = 'pass';
    await page.locator('.hall-display[data-status="open"]').waitFor({ timeout: 60_000 });
    await page.getByText('连接中断，正在重连').waitFor({ state: 'hidden' });
    expect(await call(3, { kind: 'callNext' })).toMatchObject({ kind: 'called', number: 'A003' });
    await waitSpoken(page, 4);
    await page.getByRole('region', { name: '各窗口叫号' }).getByRole('row', { name: '3 号 A003' }).waitFor();
    expect(await spoken()).toEqual([
      '请A零零一号到十二号窗口办理',
      '请A零零二号到三号窗口办理',
      '再次呼叫，请A零零一号到十二号窗口办理',
      '请A零零三号到三号窗口办理',
    ]);
    expect(pageErrors).toEqual([]);
  });
});
