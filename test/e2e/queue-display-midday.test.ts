/**
 * Hall displays switched on mid-day, and the role-display app losing the server (issue 17,
 * capability 5; trial 27 F7, F8, F12), in Chromium against the real hall server (PGlite):
 * - Two calls are made; then the server's `/display?hall=JQ&name=…` is opened: it shows both at
 *   once (each window's latest call) and speaks nothing; its title is the hall's name and its
 *   clock the hall's (Asia/Shanghai) although the browser runs in UTC. A call made after it
 *   opened is spoken.
 * - The app in `role: display` (browser shell, enrolled), opened after those calls, shows them
 *   too; the server stops: it says 连接中断，正在重连; the server comes back: the words go.
 * Screenshots: test/artifacts/queue-display-midday*.png, queue-display-role-*.png.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { QueueRulesSchema, type QueueRules } from '../../electron/contract/queue';
import { makeTempDir, type RunningShell } from '../support/browser-shell-process';
import { launchChromium, screenshot } from '../support/chromium';
import { enrolDevices, issue, newPress, press } from '../support/queue-client';
import { recordSpeech, requireDisplayBuild, spokenOn, startQueueShell, waitSpoken } from '../support/queue-e2e';
import { startSyncServer, type SyncServer } from '../support/sync-server';

const HALL = { code: 'JQ', name: '金桥区政务服务中心' } as const;
const CATEGORIES = [{ letter: 'A', name: '企业开办', windows: [12, 3] }];
const RULES: QueueRules = QueueRulesSchema.parse({ timeZone: 'Asia/Shanghai', categories: CATEGORIES });

/** HH:MM now on the hall's clock. */
function hallTime(at: Date): string {
  return new Intl.DateTimeFormat('en-GB', { timeZone: 'Asia/Shanghai', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(at);
}

describe('hall displays opened mid-day', () => {
  let server: SyncServer;
  let dataDir: string;
  let tokens: Map<number, string>;
  let browser: Browser;
  let context: BrowserContext;
  let shell: RunningShell | null = null;
  const pageErrors: string[] = [];

  const call = (window: number, action: Parameters<typeof newPress>[1]) => press(server.url, tokens.get(window)!, RULES, ['A'], newPress(window, action));
  const newPage = async (name: string): Promise<Page> => {
    const page = await context.newPage();
    await page.setViewportSize({ width: 1920, height: 1080 });
    page.on('pageerror', (err) => pageErrors.push(`${name} pageerror: ${err.message}`));
    return page;
  };

  beforeAll(async () => {
    requireDisplayBuild();
    dataDir = makeTempDir('queue-display-midday-e2e');
    server = await startSyncServer({ backend: 'pglite', dataDir: path.join(dataDir, 'server') });
    tokens = await enrolDevices(server, HALL.code, [91, 12, 3]);
    for (let i = 0; i < 4; i++) await issue(server.url, tokens.get(91)!, RULES, 'A', 'ordinary');
    browser = await launchChromium();
    // A display PC imaged with UTC: the hall's clock must not follow it.
    context = await browser.newContext({ locale: 'zh-CN', timezoneId: 'UTC' });
    await context.addInitScript(recordSpeech, 300);
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    if (shell) await shell.stop();
    await server?.stop();
  });

  it("the server's display opened after two calls shows them, unspoken, under the hall's name and clock", async () => {
    expect(await call(12, { kind: 'callNext' })).toMatchObject({ kind: 'called', number: 'A001' });
    expect(await call(3, { kind: 'callNext' })).toMatchObject({ kind: 'called', number: 'A002' });

    const page = await newPage('server display');
    await page.goto(`${server.url}/display?hall=${HALL.code}&name=${encodeURIComponent(HALL.name)}`);
    const windows = page.getByRole('region', { name: '各窗口叫号' });
    await windows.getByRole('row', { name: '12 号 A001' }).waitFor({ timeout: 30_000 });
    await windows.getByRole('row', { name: '3 号 A002' }).waitFor();
    await page.getByRole('region', { name: '当前叫号' }).getByText('A002').waitFor();
    await page.getByRole('heading', { name: `${HALL.name} 叫号信息` }).waitFor();
    expect(await page.title()).toBe(`${HALL.name} 叫号信息`);
    const before = hallTime(new Date());
    const clock = (await page.locator('.hall-display-head').innerText()).replace(/\s+/g, ' ');
    const after = hallTime(new Date());
    expect([before, after].some((t) => clock.includes(t))).toBe(true);
    await screenshot(page, 'queue-display-midday');

    // What was on the board is not news: nothing spoken. A call made now is.
    expect(await call(12, { kind: 'callNext' })).toMatchObject({ kind: 'called', number: 'A003' });
    await waitSpoken(page, 1);
    await windows.getByRole('row', { name: '12 号 A003' }).waitFor();
    expect(await spokenOn(page)).toEqual(['请A零零三号到十二号窗口办理']);
    await page.close();
    expect(pageErrors).toEqual([]);
  });

  it('the app in role display, opened mid-day, shows the board, and says when the hall server is gone and when it is back', async () => {
    const dir = path.join(dataDir, 'display');
    fs.mkdirSync(dir);
    shell = await startQueueShell(dir, {
      hall: HALL,
      window: { number: 95 },
      role: 'display',
      sync: { url: server.url, enrolmentCode: await server.enrol(HALL.code, 95) },
      queue: { categories: CATEGORIES },
    });
    const page = await newPage('role display');
    await page.goto(shell.url);
    const windows = page.getByRole('region', { name: '各窗口叫号' });
    await windows.getByRole('row', { name: '12 号 A003' }).waitFor({ timeout: 60_000 });
    await windows.getByRole('row', { name: '3 号 A002' }).waitFor();
    await page.locator('.hall-display[data-status="open"]').waitFor({ timeout: 30_000 });
    await screenshot(page, 'queue-display-role-midday');

    const port = new URL(server.url).port;
    await server.stop();
    await page.getByText('连接中断，正在重连').waitFor({ timeout: 60_000 });
    // What it showed stays.
    await windows.getByRole('row', { name: '12 号 A003' }).waitFor();
    await screenshot(page, 'queue-display-role-lost');

    server = await startSyncServer({ backend: 'pglite', dataDir: path.join(dataDir, 'server'), port: Number(port) });
    await page.getByText('连接中断，正在重连').waitFor({ state: 'hidden', timeout: 60_000 });
    expect(await call(3, { kind: 'callNext' })).toMatchObject({ kind: 'called', number: 'A004' });
    await windows.getByRole('row', { name: '3 号 A004' }).waitFor({ timeout: 30_000 });
    await waitSpoken(page, 1);
    // The board it opened with was not spoken; the call after the server's return was.
    expect(await spokenOn(page)).toEqual(['请A零零四号到三号窗口办理']);
    await screenshot(page, 'queue-display-role-back');
    expect(pageErrors).toEqual([]);
  });
});
