/**
 * A window's local ticket the hall server does not take, end to end (review finding M2): the
 * window shell (enrolled, fallback slot 2) reaches the hall server (server/main.ts on PGlite)
 * through a TCP relay the test cuts. While cut, a walk-in's ticket is issued locally: A6000. Window
 * 14 — set by mistake to the same fallback slot — sends the hall its own offline A6000 first. When
 * the relay passes again, window 12's history goes up by its own probe; the server answers its
 * A6000 `conflicting`, and the 叫号 panel shows the warning in Chinese with the number and the
 * reason until the clerk presses 已知晓. Screenshot: test/artifacts/queue-window-refusals.png.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { v7 as uuidv7 } from 'uuid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { QUEUE_PATHS, QueueRulesSchema } from '../../electron/contract/queue';
import { waitingTicket } from '../../electron/core/queue/queue-state';
import { serviceDayOf } from '../../electron/core/queue/service-day';
import { startTcpProxy, type TcpProxy } from '../integration/sync/tcp-proxy';
import { addStaff, callApi, makeTempDir, startShell, writeConfig, type RunningShell } from '../support/browser-shell-process';
import { animationsSettled, launchChromium, screenshot } from '../support/chromium';
import { enrolDevices, postQueue } from '../support/queue-client';
import { startSyncServer, type SyncServer } from '../support/sync-server';

const HALL = { code: 'JQ', name: '金桥区政务服务中心' } as const;
const CLERK = { staffNumber: '1001', name: '王芳', pin: '246810' } as const;
const CATEGORIES = [{ letter: 'A', name: '企业开办', windows: [12, 14] }];
const RULES = QueueRulesSchema.parse({ timeZone: 'Asia/Shanghai', resetHour: 4, policy: { kind: 'strict' }, categories: CATEGORIES });

describe('a local ticket the hall did not take, on the window panel', () => {
  let server: SyncServer;
  let relay: TcpProxy;
  let windowShell: RunningShell;
  let browser: Browser;
  let panel: Page;
  const pageErrors: string[] = [];

  beforeAll(async () => {
    const root = makeTempDir('queue-refusals-e2e');
    server = await startSyncServer({ backend: 'pglite', dataDir: path.join(root, 'server') });
    relay = await startTcpProxy(server.port);
    const windowDir = path.join(root, 'window');
    fs.mkdirSync(windowDir);
    const windowConfig = writeConfig(windowDir, {
      hall: HALL,
      window: { number: 12 },
      role: 'window',
      sync: { url: relay.url, enrolmentCode: await server.enrol(HALL.code, 12) },
      queue: { resetHour: 4, categories: CATEGORIES, fallbackSlot: 2 },
    });
    await addStaff(windowDir, CLERK.staffNumber, CLERK.name, CLERK.pin);
    windowShell = await startShell(['--data-dir', windowDir, '--config', windowConfig]);
    browser = await launchChromium();
    const context = await browser.newContext({ locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
    panel = await context.newPage();
    await panel.setViewportSize({ width: 1366, height: 768 });
    panel.on('pageerror', (err) => pageErrors.push(`window pageerror: ${err.message}`));
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    if (windowShell) expect(await windowShell.stop()).toBe(0);
    await relay?.close();
    await server?.stop();
  });

  it('warns of the number the hall already held, with the reason, until 已知晓', async () => {
    await panel.goto(windowShell.url);
    await panel.getByLabel('工号').fill(CLERK.staffNumber);
    await panel.getByLabel('密码').fill(CLERK.pin);
    await panel.keyboard.press('Enter');
    await panel.getByRole('combobox', { name: '搜索事项' }).waitFor({ timeout: 30_000 });
    await panel.keyboard.press('Alt+4');
    await panel.getByRole('heading', { name: '叫号 · 12 号窗口' }).waitFor();
    await panel.getByText('大厅排队服务器').waitFor({ timeout: 60_000 });

    // The hall server out of reach: the walk-in's ticket comes from this window's fallback range.
    relay.mode = 'down';
    const { body } = await callApi(windowShell, 'queue.issue', { letter: 'A' });
    const issued = body as { ok: boolean; value?: { ticket: { number: string }; mode: { mode: string } } };
    expect(issued.value?.ticket.number).toBe('A6000');
    expect(issued.value?.mode.mode).toBe('local');

    // Window 14, on the same slot by mistake, brings the hall its own offline A6000 first.
    const token14 = (await enrolDevices(server, HALL.code, [14])).get(14) ?? '';
    const now = new Date();
    const theirs = waitingTicket({
      id: uuidv7(),
      number: 'A6000',
      serviceDay: serviceDayOf(now, RULES.timeZone, RULES.resetHour),
      category: 'A',
      lane: 'ordinary',
      issuedAt: now.toISOString(),
      bookingCode: null,
    });
    const stored = await postQueue(server.url, token14, QUEUE_PATHS.history, { rules: RULES, tickets: [theirs], issueIds: {}, presses: [] });
    expect(stored).toMatchObject({ status: 200, body: { stored: 1, conflicting: [], refused: [] } });

    // The relay passes again: window 12's probe sends its history and the hall answers `conflicting`.
    relay.mode = 'pass';
    const warning = panel.locator('.queue-hall-refusals');
    await warning.getByText('以下本机号票未被排队服务器接收，不会被叫号：A6000（号码已被大厅另一张号票占用，叫到此号时可能两人同来） — 请为持票群众人工安排').waitFor({ timeout: 60_000 });
    await panel.getByText('大厅排队服务器').waitFor();
    await animationsSettled(panel);
    await screenshot(panel, 'queue-window-refusals');

    // 已知晓: the warning goes, and stays gone after the page reads the panel again.
    await warning.getByRole('button', { name: '已知晓' }).click();
    await warning.waitFor({ state: 'detached' });
    await panel.reload();
    await panel.getByRole('heading', { name: '叫号 · 12 号窗口' }).waitFor({ timeout: 30_000 });
    await panel.getByText('大厅排队服务器').waitFor();
    expect(await panel.locator('.queue-hall-refusals').count()).toBe(0);
    expect(pageErrors).toEqual([]);
  }, 180_000);
});
