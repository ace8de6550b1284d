/**
 * The dispenser kiosk (取号机) end to end (issue 17): a browser shell whose config says
 * `role: dispenser`, its ticket printer the virtual printer on TCP, Chromium at 1920×1080.
 * - The kiosk opens on its screen, without anyone signing in: the hall's name, one large button
 *   per category with its letter and lane, no 预约 when the hall has no appointment category.
 * - No hall server in this config: a touch issues a number from the dispenser's own range, and
 *   both the screen and the paper say the hall server is away and the wait unknown (never
 *   前面还有 0 人 / 约 0 分钟); the paper's QR is captioned 号票凭证.
 * - The printer runs out of paper (its DLE EOT answer says so): the kiosk says 缺纸 and its
 *   buttons take no touch, so nothing is issued; paper back, it issues again.
 * Screenshots: test/artifacts/queue-dispenser*.png.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTempDir, type RunningShell } from '../support/browser-shell-process';
import { screenshot } from '../support/chromium';
import { freePort } from '../support/postgres';
import { queueBrowser, startQueueShell } from '../support/queue-e2e';
import { startVirtualPrinter, type VirtualPrinter } from '../support/virtual-printer';

describe('the dispenser kiosk', () => {
  let shell: RunningShell;
  let printer: VirtualPrinter;
  let browser: Browser;
  let page: Page;
  const pageErrors: string[] = [];

  beforeAll(async () => {
    const dir = makeTempDir('queue-dispenser-e2e');
    printer = await startVirtualPrinter({ tcpPort: await freePort(), dir });
    shell = await startQueueShell(dir, {
      hall: { code: 'JQ', name: '金桥区政务服务中心' },
      window: { number: 91 },
      role: 'dispenser',
      devices: { ticketPrinter: { type: 'tcp', host: '127.0.0.1', port: printer.tcpPort, paperWidthMm: 80 } },
      queue: {
        categories: [
          { letter: 'A', name: '企业开办', windows: [12] },
          { letter: 'B', name: '社保医保', windows: [3] },
          { letter: 'G', name: '绿色通道', windows: [12, 3], lane: 'priority' },
        ],
        fallbackSlot: 2,
      },
    });
    const chromium = await queueBrowser({ viewports: { kiosk: { width: 1920, height: 1080 } }, errors: pageErrors });
    browser = chromium.browser;
    page = chromium.pages.kiosk;
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    if (shell) expect(await shell.stop()).toBe(0);
    await printer?.stop();
  });

  it('issues a ticket at a touch and shows it large', async () => {
    await page.goto(shell.url);
    await page.getByRole('heading', { name: '取号' }).waitFor({ timeout: 30_000 });
    await page.locator('.kiosk[data-printer="ready"]').waitFor({ timeout: 30_000 });
    await page.getByText('金桥区政务服务中心').waitFor();
    // Each category with its lane beside it; no 预约取号 (the hall has no appointment category).
    await expect.poll(() => page.getByRole('button', { name: /绿色通道.*G 类 · 绿色通道/ }).count()).toBe(1);
    expect(await page.getByRole('button', { name: /企业开办.*A 类 · 普通/ }).count()).toBe(1);
    expect(await page.getByText('预约').count()).toBe(0);
    // The buttons fill the kiosk: the lowest reaches into the bottom quarter of a 1080-high screen.
    const lowest = await page.getByRole('button', { name: /绿色通道/ }).boundingBox();
    expect((lowest?.y ?? 0) + (lowest?.height ?? 0)).toBeGreaterThan(800);
    await screenshot(page, 'queue-dispenser-start');
    await page.getByRole('button', { name: '企业开办' }).click();
    const ticket = page.getByRole('region', { name: '您的号码' });
    // No hall server in this config: the kiosk's queue is the whole queue, its count exact (review 27 F3).
    await ticket.getByText('前面还有 0 人').waitFor();
    await ticket.getByText('即将叫号，请留意叫号屏').waitFor();
    expect(await ticket.getByText(/网络中断|暂无法估计|排队服务器/).count()).toBe(0);
    const number = (await ticket.locator('.kiosk-ticket-number').textContent()) ?? '';
    expect(number).toMatch(/^A\d{3,4}$/);
    const [paper] = await printer.waitForDocuments(1, 15_000);
    const printed = paper?.lines.join('\n') ?? '';
    expect(printed).toContain(number);
    expect(printed).toContain('企业开办');
    // The paper says what the screen says.
    expect(printed).toContain('前面还有 0 人');
    expect(printed).toContain('即将叫号，请留意叫号屏');
    expect(printed).not.toMatch(/网络中断|暂无法估计|排队服务器/);
    expect(printed).toContain('号票凭证');
    expect(printed).toContain('过号后请留意叫号屏或到窗口请求重呼');
    expect(paper?.qr).toHaveLength(1);
    await screenshot(page, 'queue-dispenser');
    expect(pageErrors).toEqual([]);
  });

  it('says paper out as the printer answers it, and issues nothing until paper is back', async () => {
    await page.getByRole('region', { name: '您的号码' }).click();
    await printer.setPaper('out');
    await page.getByText('取号机缺纸，暂停取号，请联系工作人员').waitFor({ timeout: 30_000 });
    expect(await page.getByRole('button', { name: '企业开办' }).isDisabled()).toBe(true);
    await screenshot(page, 'queue-dispenser-paper-out');
    // Nothing went to the printer while it was out of paper.
    expect(printer.documents()).toHaveLength(1);
    expect(printer.heldCount()).toBe(0);
    await printer.setPaper('ok');
    await page.locator('.kiosk[data-printer="ready"]').waitFor({ timeout: 30_000 });
    await page.getByRole('button', { name: '社保医保' }).click();
    const second = (await page.getByRole('region', { name: '您的号码' }).locator('.kiosk-ticket-number').textContent()) ?? '';
    expect(second).toMatch(/^B\d{3,4}$/);
    const papers = await printer.waitForDocuments(2, 15_000);
    expect(papers[1]?.lines.join('\n')).toContain(second);
    expect(pageErrors).toEqual([]);
  });
});
