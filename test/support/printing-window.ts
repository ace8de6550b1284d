import { afterEach } from 'vitest';
import type { AnyCoreEvent } from '../../electron/contract/events';
import { createTestCore, JQ_WINDOW_12, type TestCore, type TestCoreOptions } from './core-fixture';
import { makeTempDir } from './temp-dirs';
import { startVirtualPrinter, type VirtualPrinter, type VirtualPrinterTestOptions } from './virtual-printer';

/**
 * Polls `read` every 50 ms until `done` holds, and returns that value; throws naming `what` and
 * the last value after `ms` (polling instead of a fixed sleep: jobs end when the printer answers).
 */
export async function until<T>(what: string, read: () => Promise<T> | T, done: (value: T) => boolean, ms = 15_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    if (Date.now() > deadline) throw new Error(`${what}: still ${JSON.stringify(value).slice(0, 400)}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** What a printing test varies about its counter window; everything else is JQ_WINDOW_12. */
export interface PrintingWindowOptions {
  /** Prefix of the temp folder holding the pty pair (shows in a failure's paths). */
  name: string;
  /** The virtual printer's paper at start (default ok). */
  paper?: VirtualPrinterTestOptions['paper'];
  /** Rare characters the virtual printer reads back from their raster glyphs. */
  recognise?: VirtualPrinterTestOptions['recognise'];
  /** The receipt printer's paper width in mm (default 80). */
  paperWidthMm?: 58 | 80;
  /** `printing.autoReceipt` in the window's config (absent: the config default, on). */
  autoReceipt?: boolean;
  /** The printer drivers' timing. */
  printerTiming?: TestCoreOptions['printerTiming'];
}

/** A signed-in counter window whose receipt printer is the virtual printer on a real pty pair. */
export interface PrintingWindow {
  printer: VirtualPrinter;
  t: TestCore;
  /** Every core event since sign-in, in order. */
  events: AnyCoreEvent[];
  /** The receipt printer's serial settings without paper width (for 设置 changes in the test). */
  serial: { readonly type: 'serial'; readonly path: string; readonly baudRate: 9600 };
}

/**
 * Registers (once, at a test file's top level) an afterEach that stops, newest first, what each
 * test opened, and returns the opener: a core on a temp folder whose serial receipt printer is
 * the app's end of a socat pty pair, the far end played by the virtual printer; STAFF signed in.
 */
export function usePrintingWindows(): (options: PrintingWindowOptions) => Promise<PrintingWindow> {
  const cleanups: Array<() => Promise<void>> = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup().catch(() => undefined);
  });
  return async (options) => {
    const printer = await startVirtualPrinter(
      { ptyDir: makeTempDir(options.name) },
      { paper: options.paper ?? 'ok', ...(options.recognise ? { recognise: options.recognise } : {}) },
    );
    cleanups.push(() => printer.stop());
    const serial = { type: 'serial', path: printer.appPath ?? '', baudRate: 9600 } as const;
    const t = await createTestCore({
      config: {
        ...JQ_WINDOW_12,
        devices: { receiptPrinter: { ...serial, paperWidthMm: options.paperWidthMm ?? 80 } },
        ...(options.autoReceipt === undefined ? {} : { printing: { autoReceipt: options.autoReceipt } }),
      },
      ...(options.printerTiming ? { printerTiming: options.printerTiming } : {}),
    });
    cleanups.push(() => t.close());
    await t.signIn();
    const events: AnyCoreEvent[] = [];
    t.core.subscribe((e) => events.push(e));
    return { printer, t, events, serial };
  };
}
