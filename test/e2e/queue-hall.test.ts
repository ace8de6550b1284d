/**
 * The hall queue end to end through the real hall server (issue 17, Proof): one chain in Chromium.
 * - The hall server (server/main.ts on PGlite) numbers the hall's tickets and serves the display.
 * - A dispenser shell (role dispenser, enrolled with a one-time code, its ticket printer the
 *   virtual printer on TCP): a touch on a category issues a hall ticket (A001, not a number of the
 *   dispenser's own fallback range) and the virtual printer prints it.
 * - A window shell (role window, enrolled, serving that category): the clerk signs in and calls
 *   with F3; the panel shows that ticket as its current number.
 * - The server's display page (`/display?hall=JQ`) shows that number at that window and speaks it
 *   once (its speech engine is a recorder, as in queue-display.test.ts).
 * Screenshots: test/artifacts/queue-hall-dispenser.png, queue-hall-window.png, queue-hall-display.png.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { callApi, makeTempDir, type RunningShell } from '../support/browser-shell-process';
import { animationsSettled, screenshot } from '../support/chromium';
import { freePort } from '../support/postgres';
import { queueBrowser, requireDisplayBuild, spokenOn, startQueueShell, waitSpoken } from '../support/queue-e2e';
import { startSyncServer, type SyncServer } from '../support/sync-server';
import { startVirtualPrinter, type VirtualPrinter } from '../support/virtual-printer';

const HALL = { code: 'JQ', name: '金桥区政务服务中心' } as const;
const CLERK = { staffNumber: '1001', name: '王芳', pin: '246810' } as const;
/** The hall's categories, the same on every device: window 12 serves A. */
const CATEGORIES = [
  { letter: 'A', name: '企业开办', windows: [12] },
  { letter: 'B', name: '社保医保', windows: [3] },
];

/** Polls `probe` every 200 ms until it answers true; throws with `what` after `timeoutMs`. */
async function until(what: string, probe: () => Promise<boolean>, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await probe().catch(() => false)) return;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`timed out waiting for ${what}`);
}

describe('the hall queue through the hall server: dispenser → window → display', () => {
  let server: SyncServer;
  let printer: VirtualPrinter;
  let dispenser: RunningShell;
  let windowShell: RunningShell;
  let browser: Browser;
  let kiosk: Page;
  let panel: Page;
  let display: Page;
  const pageErrors: string[] = [];

  beforeAll(async () => {
    requireDisplayBuild();
    const root = makeTempDir('queue-hall-e2e');
    server = await startSyncServer({ backend: 'pglite', dataDir: path.join(root, 'server') });

    const dispenserDir = path.join(root, 'dispenser');
    fs.mkdirSync(dispenserDir);
    printer = await startVirtualPrinter({ tcpPort: await freePort(), dir: dispenserDir });
    dispenser = await startQueueShell(dispenserDir, {
      hall: HALL,
      window: { number: 91 },
      role: 'dispenser',
      sync: { url: server.url, enrolmentCode: await server.enrol(HALL.code, 91) },
      devices: { ticketPrinter: { type: 'tcp', host: '127.0.0.1', port: printer.tcpPort, paperWidthMm: 80 } },
      queue: { categories: CATEGORIES, fallbackSlot: 2 },
    });

    const windowDir = path.join(root, 'window');
    fs.mkdirSync(windowDir);
    windowShell = await startQueueShell(
      windowDir,
      {
        hall: HALL,
        window: { number: 12 },
        role: 'window',
        sync: { url: server.url, enrolmentCode: await server.enrol(HALL.code, 12) },
        queue: { categories: CATEGORIES, fallbackSlot: 1 },
      },
      CLERK,
    );

    const chromium = await queueBrowser({
      viewports: { kiosk: { width: 1920, height: 1080 }, window: { width: 1366, height: 768 }, display: { width: 1920, height: 1080 } },
      errors: pageErrors,
      speechEndMs: 300,
    });
    browser = chromium.browser;
    ({ kiosk, window: panel, display } = chromium.pages);
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    if (windowShell) expect(await windowShell.stop()).toBe(0);
    if (dispenser) expect(await dispenser.stop()).toBe(0);
    await printer?.stop();
    await server?.stop();
  });

  it('a touch at the dispenser prints a hall ticket; F3 at window 12 calls it; the hall display shows it and speaks it once', async () => {
    // The dispenser enrols with its code and numbers from the hall server (not its fallback range).
    await until('the dispenser in hall mode', async () => {
      const { body } = await callApi(dispenser, 'queue.dispenserState', {});
      return (body as { ok: boolean; value?: { mode: { mode: string } } }).value?.mode.mode === 'hall';
    });

    await display.goto(`${server.url}/display?hall=${HALL.code}`);
    await display.locator('.hall-display[data-status="open"]').waitFor({ timeout: 30_000 });

    await kiosk.goto(dispenser.url);
    await kiosk.getByRole('heading', { name: '取号' }).waitFor({ timeout: 30_000 });
    await kiosk.locator('.kiosk[data-printer="ready"]').waitFor({ timeout: 30_000 });
    await kiosk.getByRole('button', { name: '企业开办' }).click();
    const ticket = kiosk.getByRole('region', { name: '您的号码' });
    await ticket.getByText('前面还有').waitFor();
    const number = (await ticket.locator('.kiosk-ticket-number').textContent()) ?? '';
    // The hall's first A ticket of the day: a fallback number would be A2000 or above.
    expect(number).toBe('A001');
    expect(await kiosk.locator('.kiosk-mode').count()).toBe(0);
    const [paper] = await printer.waitForDocuments(1, 15_000);
    const printed = paper?.lines.join('\n') ?? '';
    expect(printed).toContain(number);
    expect(printed).toContain('企业开办');
    // Through the hall server the count and wait are the hall's, in the same words on screen and paper.
    await ticket.getByText('即将叫号，请留意叫号屏').waitFor();
    expect(printed).toContain('前面还有 0 人');
    expect(printed).toContain('即将叫号，请留意叫号屏');
    await animationsSettled(kiosk);
    await screenshot(kiosk, 'queue-hall-dispenser');

    // The clerk at window 12 signs in, opens the calling panel (hall mode) and calls with F3.
    await panel.goto(windowShell.url);
    await panel.getByLabel('工号').fill(CLERK.staffNumber);
    await panel.getByLabel('密码').fill(CLERK.pin);
    await panel.keyboard.press('Enter');
    await panel.getByRole('combobox', { name: '搜索事项' }).waitFor({ timeout: 30_000 });
    await panel.keyboard.press('Alt+4');
    await panel.getByRole('heading', { name: '叫号 · 12 号窗口' }).waitFor();
    await panel.getByText('大厅排队服务器').waitFor({ timeout: 60_000 });
    await panel.keyboard.press('F3');
    await panel.getByLabel('当前号', { exact: true }).getByText(number).waitFor({ timeout: 30_000 });
    await animationsSettled(panel);
    await screenshot(panel, 'queue-hall-window');

    // The hall display shows the number at window 12 and speaks the call once.
    await display.getByRole('region', { name: '各窗口叫号' }).getByRole('row', { name: `12 号 ${number}` }).waitFor({ timeout: 30_000 });
    await display.getByRole('region', { name: '当前叫号' }).getByText(number).waitFor();
    await waitSpoken(display, 1);
    // A moment more: a second announcement of the same call would have arrived by now.
    await display.waitForTimeout(1500);
    expect(await spokenOn(display)).toEqual(['请A零零一号到十二号窗口办理']);
    await screenshot(display, 'queue-hall-display');
    expect(pageErrors).toEqual([]);
  }, 180_000);
});
