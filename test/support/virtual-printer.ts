import fs from 'node:fs';
import path from 'node:path';
import type { EscPosRecord } from '../../electron/core/printing/emulator/escpos-records';
import { glyphRecogniser, printedDocuments, type PrintedDocument } from '../../electron/core/printing/emulator/printed-documents';
import type { VirtualPrinterCommand, VirtualPrinterState } from '../../electron/core/printing/emulator/printer-status';
import { recordToJson } from '../../electron/core/printing/emulator/record-output';
import { VirtualPrinter as Emulator, type AnsweredRequest, type PrintedRecord } from '../../electron/core/printing/emulator/virtual-printer';
import { createFontGlyphSource } from '../../electron/core/printing/thermal/font-glyph-source';

const REPO_ROOT = path.resolve(__dirname, '..', '..');

export type { PrintedDocument, PrintedRecord, AnsweredRequest, VirtualPrinterState, VirtualPrinterCommand };

/**
 * Where the test's virtual printer sits:
 * - `{ path }` (or `{ port }`, the same): the far end of a pty pair the test made with
 *   startPtyPair (socat.ts); `unplug` closes that end (the app's end stays, unanswered);
 * - `{ ptyDir }`: a pty pair of its own in that folder; the app opens `appPath`; `unplug` takes
 *   the app's device path away (socat stopped) as pulling a USB adapter does, `plug` brings it back
 *   on the same path;
 * - `{ tcpPort }`: listens on 127.0.0.1 (0: a free port, read `tcpPort`); `unplug` drops
 *   connections and refuses new ones.
 * `dir` (optional, any form): the JSON-lines record file goes to `<dir>/virtual-printer.jsonl`.
 */
export type VirtualPrinterPlace = ({ path: string } | { port: string } | { ptyDir: string } | { tcpPort: number }) & { dir?: string };

export interface VirtualPrinterTestOptions {
  /** Paper at start (default ok). */
  paper?: VirtualPrinterState['paper'];
  /**
   * Rare characters to read back from their raster glyphs (drawn from resources/fonts, as the
   * app does): with ['𠮷'], a line printing 𠮷 as an image reads `…𠮷…` instead of `\uFFFC`.
   */
  recognise?: readonly string[];
}

/** The virtual printer as a test drives it. */
export interface VirtualPrinter {
  /** `{ ptyDir }`: the path to put in the app's printer config; else null. */
  readonly appPath: string | null;
  /** `{ tcpPort }`: the port listened on; else null. */
  readonly tcpPort: number | null;
  /** Every printed record, in order (held records only once printed). */
  records(): EscPosRecord[];
  /** The same with their order number and time. */
  printed(): PrintedRecord[];
  /** Every DLE EOT / GS r request and what was answered (null: unanswered). */
  requests(): AnsweredRequest[];
  /** The printed records split at cuts (see printedDocuments): one per receipt / ticket / test page, each ended by its cut. */
  documents(): PrintedDocument[];
  /** What was printed after the last cut, if anything (a document still arriving, or one never cut). */
  uncut(): PrintedDocument | null;
  /** Bytes received so far. */
  bytesReceived(): number;
  /** Records received but held (the printer cannot print now). */
  heldCount(): number;
  state(): VirtualPrinterState;
  /**
   * Polls `predicate` (every 20 ms) until it returns something truthy, and returns that.
   * @throws Error after `timeoutMs` (default 10 s) with the documents seen so far.
   */
  waitFor<T>(predicate: (printer: VirtualPrinter) => T | false | null | undefined, timeoutMs?: number): Promise<T>;
  /** Waits until there are at least `count` documents; returns them all. */
  waitForDocuments(count: number, timeoutMs?: number): Promise<PrintedDocument[]>;
  /** `paper out`, `paper near`, `paper back`, `cover open`, `cover close`, `offline`, `online`, `mute`, `unmute`, `delay 800`, `unplug`, `plug`. */
  set(command: VirtualPrinterCommand): Promise<VirtualPrinterState>;
  /** Shorthand: ok → `paper back`, near → `paper near`, out → `paper out`. */
  setPaper(paper: VirtualPrinterState['paper']): Promise<VirtualPrinterState>;
  unplug(): Promise<void>;
  plug(): Promise<void>;
  /** Called for each chunk of bytes as it arrives, with process.hrtime.bigint() of its arrival (benchmarks). */
  onBytes(listener: (count: number, atNs: bigint) => void): void;
  stop(): Promise<void>;
}

/**
 * Starts the virtual printer in this process (electron/core/printing/emulator/virtual-printer.ts).
 * @throws Error when the port cannot be opened / listened on.
 */
export async function startVirtualPrinter(place: VirtualPrinterPlace, options: VirtualPrinterTestOptions = {}): Promise<VirtualPrinter> {
  const endpoint =
    'tcpPort' in place
      ? { tcpPort: place.tcpPort }
      : 'ptyDir' in place
        ? { ptyLink: path.join(place.ptyDir, 'printer-tty') }
        : { path: 'path' in place ? place.path : place.port };
  const recogniseGlyph = options.recognise?.length ? glyphRecogniser(createFontGlyphSource(path.join(REPO_ROOT, 'resources', 'fonts')), options.recognise) : undefined;
  const emulator = new Emulator({ endpoint, ...(options.paper ? { paper: options.paper } : {}), ...(recogniseGlyph ? { recogniseGlyph } : {}) });
  if (place.dir) {
    const file = path.join(place.dir, 'virtual-printer.jsonl');
    emulator.on('record', (p) => fs.appendFileSync(file, `${JSON.stringify({ seq: p.seq, at: p.at, ...recordToJson(p.record) })}\n`));
  }
  await emulator.start();
  const records = () => emulator.records().map((p) => p.record);
  const printer: VirtualPrinter = {
    appPath: emulator.appPath,
    get tcpPort() {
      return emulator.tcpPort;
    },
    records,
    printed: () => emulator.records(),
    requests: () => emulator.requests(),
    documents: () => printedDocuments(records()),
    uncut: () => printedDocuments(records(), { includeUncut: true }).find((d) => !d.cut) ?? null,
    bytesReceived: () => emulator.bytesReceived,
    heldCount: () => emulator.heldCount(),
    state: () => emulator.state,
    async waitFor(predicate, timeoutMs = 10_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const value = predicate(printer);
        if (value) return value;
        if (Date.now() > deadline) {
          const seen = printedDocuments(records(), { includeUncut: true }).map((d, i) => `#${i + 1}${d.cut ? '' : '（未切纸）'}\n${d.lines.join('\n')}`);
          throw new Error(`虚拟打印机 ${timeoutMs} 毫秒内未等到期望的输出。已打印：\n${seen.join('\n') || '（无）'}`);
        }
        await new Promise((r) => setTimeout(r, 20));
      }
    },
    waitForDocuments(count, timeoutMs) {
      return printer.waitFor((p) => {
        const docs = p.documents();
        return docs.length >= count ? docs : null;
      }, timeoutMs);
    },
    set: (command) => emulator.set(command),
    setPaper: (paper) => emulator.set(paper === 'ok' ? 'paper back' : paper === 'near' ? 'paper near' : 'paper out'),
    async unplug() {
      await emulator.set('unplug');
    },
    async plug() {
      await emulator.set('plug');
    },
    onBytes(listener) {
      emulator.on('bytes', listener);
    },
    stop: () => emulator.stop(),
  };
  return printer;
}
