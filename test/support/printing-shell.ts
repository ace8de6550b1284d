import type { Browser, Page } from 'playwright-core';
import { addStaff, makeTempDir, startShell, writeConfig, type RunningShell } from './browser-shell-process';
import { launchChromium } from './chromium';
import { startPtyPair, type PtyPair } from './socat';
import { startVirtualPrinter, type VirtualPrinter } from './virtual-printer';

/** The clerk every printing e2e test signs in as (a counter clerk of window 12). */
export const PRINTING_CLERK = { number: '1001', name: '王芳', pin: '246810' } as const;

/** What a printing e2e test varies about its counter window. */
export interface PrintingShellOptions {
  /** Prefix of the temp data folder (shows in a failure's paths). */
  name: string;
  /**
   * A serial receipt printer on a socat pty pair whose far end the virtual printer holds (default
   * true); false: no printer configured (the A4 notices alone).
   */
  receiptPrinter?: boolean;
  /** `printing.autoReceipt` in the window's config (absent: the config default, on). */
  autoReceipt?: boolean;
  /**
   * Called once the page exists, before it is first opened: listeners and init scripts (the
   * desktop bridge needs the shell's token, hence the shell).
   */
  preparePage?: (page: Page, shell: RunningShell) => Promise<void> | void;
}

/**
 * The browser shell (the built one) on a temp data folder with window 12's config, Chromium at the
 * counters' 1366×768 in zh-CN, and — unless asked not to — the virtual printer as the receipt
 * printer. `shell` changes on `restart`; read it from here after one.
 */
export interface PrintingShell {
  readonly dir: string;
  readonly printer: VirtualPrinter | null;
  shell: RunningShell;
  readonly browser: Browser;
  readonly page: Page;
  /**
   * Opens the shell's page and signs PRINTING_CLERK in; resolves on the 受理 form. Throws if no
   * sign-in page shows within 15 s, with the page's start and `context()` (e.g. its errors).
   */
  signIn(context?: () => string): Promise<void>;
  /** Stops the program and starts it again on the same data folder and config (as after a power cut). */
  restart(): Promise<RunningShell>;
  /** Closes Chromium, the shell, the printer and the pty pair, each even if an earlier one failed. */
  stop(): Promise<void>;
}

/** Starts a PrintingShell (not yet signed in). */
export async function startPrintingShell(options: PrintingShellOptions): Promise<PrintingShell> {
  const started: { pty?: PtyPair; printer?: VirtualPrinter; shell?: RunningShell; browser?: Browser } = {};
  try {
    return await start(options, started);
  } catch (err) {
    // What did start is stopped here: the test's afterAll has no handle on it yet.
    await started.browser?.close().catch(() => undefined);
    await started.shell?.stop().catch(() => undefined);
    await started.printer?.stop().catch(() => undefined);
    await started.pty?.stop().catch(() => undefined);
    throw err;
  }
}

async function start(
  options: PrintingShellOptions,
  started: { pty?: PtyPair; printer?: VirtualPrinter; shell?: RunningShell; browser?: Browser },
): Promise<PrintingShell> {
  const dir = makeTempDir(options.name);
  let pty: PtyPair | null = null;
  let printer: VirtualPrinter | null = null;
  if (options.receiptPrinter !== false) {
    pty = started.pty = await startPtyPair(dir);
    printer = started.printer = await startVirtualPrinter({ port: pty.b, dir });
  }
  const config = writeConfig(dir, {
    hall: { code: 'JQ', name: '金桥区政务服务中心' },
    window: { number: 12, name: '综合受理窗口' },
    ...(pty ? { devices: { receiptPrinter: { type: 'serial', path: pty.a, baudRate: 115200, paperWidthMm: 80 } } } : {}),
    ...(options.autoReceipt === undefined ? {} : { printing: { autoReceipt: options.autoReceipt } }),
  });
  await addStaff(dir, PRINTING_CLERK.number, PRINTING_CLERK.name, PRINTING_CLERK.pin);
  const shell = (started.shell = await startShell(['--data-dir', dir, '--config', config]));
  const browser = (started.browser = await launchChromium());
  const page = await browser.newPage({ viewport: { width: 1366, height: 768 }, locale: 'zh-CN' });
  await options.preparePage?.(page, shell);
  const pair = pty;
  const running: PrintingShell = {
    dir,
    printer,
    shell,
    browser,
    page,
    async signIn(context) {
      await page.goto(running.shell.url);
      await page
        .getByLabel('工号')
        .waitFor({ timeout: 15_000 })
        .catch(async (err: unknown) => {
          throw new Error(`no sign-in page: ${String(err)}\n${context?.() ?? ''}\n${(await page.content()).slice(0, 2000)}`);
        });
      await page.getByLabel('工号').fill(PRINTING_CLERK.number);
      await page.getByLabel('密码').fill(PRINTING_CLERK.pin);
      await page.keyboard.press('Enter');
      await page.getByRole('combobox', { name: '搜索事项' }).waitFor();
    },
    async restart() {
      await running.shell.stop();
      running.shell = await startShell(['--data-dir', dir, '--config', config]);
      return running.shell;
    },
    async stop() {
      await browser.close().catch(() => undefined);
      await running.shell.stop().catch(() => undefined);
      await printer?.stop().catch(() => undefined);
      await pair?.stop().catch(() => undefined);
    },
  };
  return running;
}

/** The virtual printer of a PrintingShell started with a receipt printer; throws if it has none. */
export function receiptPrinterOf(running: PrintingShell): VirtualPrinter {
  if (!running.printer) throw new Error('this PrintingShell was started without a receipt printer');
  return running.printer;
}
