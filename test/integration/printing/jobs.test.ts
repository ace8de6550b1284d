import { SerialPort } from 'serialport';
import { afterEach, describe, expect, it } from 'vitest';
import type { AnyCoreEvent } from '../../../electron/contract/events';
import type { PrintJob } from '../../../electron/contract/printing';
import { maskIdNumber } from '../../../electron/contract/validation';
import { decodeEscPos } from '../../../electron/core/printing/emulator/escpos-decoder';
import type { EscPosRecord, LineRecord } from '../../../electron/core/printing/emulator/escpos-records';
import { createFontGlyphSource } from '../../../electron/core/printing/thermal/font-glyph-source';
import type { Bitmap } from '../../../electron/core/printing/thermal/glyph-source';
import { createTestCore, JQ_WINDOW_12, RESOURCES_DIR, type TestCore } from '../../support/core-fixture';
import { FOOD_LICENCE, intakeArgs, personApplicant } from '../../support/intake-args';
import { startPtyPair, type PtyPair } from '../../support/socat';
import { makeTempDir } from '../../support/temp-dirs';
import { PAPER_END, PAPER_OK, StatusResponder } from './transport-responder';

// A serial receipt printer played by the far end of a socat pty pair: the core's printing driver
// opens end `a` as it would /dev/ttyUSB0; end `b` answers DLE EOT as the test says and keeps
// every byte, decoded with the virtual printer's ESC/POS decoder.

const RARE_NAME = '王𠮷';

interface PrinterEnd {
  responder: StatusResponder;
  close(): Promise<void>;
}

async function printerEnd(path: string): Promise<PrinterEnd> {
  const port = new SerialPort({ path, baudRate: 9600, autoOpen: false });
  await new Promise<void>((resolve, reject) => port.open((err) => (err ? reject(err) : resolve())));
  const responder = new StatusResponder((bytes) => port.write(Buffer.from(bytes)));
  port.on('data', (chunk: Buffer) => responder.feed(chunk));
  port.on('error', () => undefined);
  return {
    responder,
    close: async () => {
      responder.stop();
      if (port.isOpen) await new Promise<void>((resolve) => port.close(() => resolve()));
    },
  };
}

const glyphs = createFontGlyphSource(`${RESOURCES_DIR}/fonts`);
const glyph = glyphs.glyph('𠮷', 24);
/** Names a raster glyph as 𠮷 when its dots are the font's 𠮷 (the renderer's rare-character path). */
function recogniseGlyph(bitmap: Bitmap): string | null {
  if (!glyph) return null;
  // ESC * 33 sends the 24×24 cell column by column; compare the dots whatever the order by count and transpose.
  const same = (a: Bitmap, b: Bitmap, transpose: boolean): boolean => {
    if (a.width !== b.width || a.height !== b.height) return false;
    for (let y = 0; y < a.height; y++) {
      for (let x = 0; x < a.width; x++) {
        const other = transpose ? b.dots[x * b.width + y] : b.dots[y * b.width + x];
        if ((a.dots[y * a.width + x] ?? 0) !== (other ?? 0)) return false;
      }
    }
    return true;
  };
  return same(bitmap, glyph, false) || same(bitmap, glyph, true) ? '𠮷' : null;
}

/** The documents the printer received: records split at each cut. */
function printed(responder: StatusResponder): EscPosRecord[][] {
  const records = decodeEscPos(Uint8Array.from(responder.jobBytes()), { recogniseGlyph });
  const docs: EscPosRecord[][] = [];
  let current: EscPosRecord[] = [];
  for (const r of records) {
    if (r.type === 'statusRequest' || r.type === 'init') continue;
    current.push(r);
    if (r.type === 'cut') {
      docs.push(current);
      current = [];
    }
  }
  if (current.some((r) => r.type === 'line')) docs.push(current);
  return docs;
}

const lineText = (doc: EscPosRecord[]): string[] =>
  doc.filter((r): r is LineRecord => r.type === 'line').map((l) => l.segments.map((s) => (s.kind === 'text' ? s.text : (s.glyph ?? '\uFFFC'))).join(''));

async function until<T>(what: string, read: () => Promise<T> | T, done: (value: T) => boolean, ms = 15_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    if (Date.now() > deadline) throw new Error(`${what}: still ${JSON.stringify(value).slice(0, 400)}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup().catch(() => undefined);
});

async function setUp(paper = PAPER_OK): Promise<{ dir: string; pty: PtyPair; printer: PrinterEnd; t: TestCore; events: AnyCoreEvent[] }> {
  const dir = makeTempDir('print-jobs');
  const pty = await startPtyPair(dir);
  cleanups.push(() => pty.stop());
  const printer = await printerEnd(pty.b);
  printer.responder.table = paper;
  cleanups.push(() => printer.close());
  const t = await createTestCore({
    config: { ...JQ_WINDOW_12, devices: { receiptPrinter: { type: 'serial', path: pty.a, baudRate: 9600, paperWidthMm: 80 } } },
  });
  cleanups.push(() => t.close());
  await t.signIn();
  const events: AnyCoreEvent[] = [];
  t.core.subscribe((e) => events.push(e));
  return { dir, pty, printer, t, events };
}

async function accept(t: TestCore, name = RARE_NAME) {
  const food = await t.call('catalog.getItem', { code: FOOD_LICENCE.code });
  return t.call(
    'intake.submit',
    intakeArgs(FOOD_LICENCE, food.materials, { received: ['M1', 'M2', 'M3', 'M4', 'M5'] }, { kind: 'accept' }, { applicant: personApplicant(name) }),
  );
}

const jobOf = async (t: TestCore, caseId: string): Promise<PrintJob | undefined> => (await t.call('printing.listJobs', { caseId }))[0];
const receiptPrinterHealth = async (t: TestCore) => (await t.call('app.health', {})).devices.find((d) => d.id === 'receiptPrinter');

describe('print jobs on a serial receipt printer (real pty pair)', () => {
  it('prints the 受理回执 of an accepted case by itself: name as stored, ID masked, QR, cut, no line over 48 columns', async () => {
    const { printer, t, events } = await setUp();
    const accepted = await accept(t);
    const job = await until('receipt printed', () => jobOf(t, accepted.id), (j) => j?.state === 'printed');
    expect(job).toMatchObject({ documentKind: 'acceptanceReceipt', documentTitle: accepted.caseNumber, caseNumber: accepted.caseNumber, attempts: 1, reprint: false, reason: null });
    expect(job?.printedAt).not.toBeNull();

    const docs = printed(printer.responder);
    expect(docs).toHaveLength(1);
    const [doc = []] = docs;
    const text = lineText(doc).join('\n');
    // The case number is printed large, so it may take two lines.
    expect(lineText(doc).join('')).toContain(accepted.caseNumber);
    expect(text).toContain(RARE_NAME);
    const idNumber = personApplicant(RARE_NAME).idNumber;
    expect(text).toContain(maskIdNumber(idNumber));
    expect(text).not.toContain(idNumber);
    expect(doc.at(-1)?.type).toBe('cut');
    for (const line of doc.filter((r): r is LineRecord => r.type === 'line')) expect(line.columns).toBeLessThanOrEqual(48);
    const qr = doc.find((r) => r.type === 'qr');
    expect(qr?.type === 'qr' ? qr.payload : '').toContain(accepted.caseNumber);

    // The UI heard each step of the job.
    const states = events.flatMap((e) => (e.name === 'printing.jobChanged' && e.payload.id === job?.id ? [e.payload.state] : []));
    expect(states).toEqual(['queued', 'sending', 'printed']);
    expect(await receiptPrinterHealth(t)).toMatchObject({ state: 'connected', condition: { paper: 'ok', online: true, coverOpen: false, error: null } });
  });

  it('paper out before the receipt: the case is accepted, the job waits showing 缺纸, and prints exactly once when paper is back', async () => {
    const { printer, t } = await setUp(PAPER_END);
    const accepted = await accept(t, '李四');
    expect(accepted.status).toBe('accepted');
    const waiting = await until('job waiting', () => jobOf(t, accepted.id), (j) => j?.state === 'waiting');
    expect(waiting?.reason).toContain('缺纸');
    expect((await t.call('printing.listJobs', { states: ['waiting'] })).map((j) => j.id)).toEqual([waiting?.id]);
    const health = await until('health shows 缺纸', () => receiptPrinterHealth(t), (d) => d?.detail?.includes('缺纸') === true);
    expect(health).toMatchObject({ state: 'error', condition: { paper: 'end' } });
    // Looked at again and again while waiting; nothing printed.
    await new Promise((r) => setTimeout(r, 1500));
    expect(printed(printer.responder)).toHaveLength(0);

    printer.responder.table = PAPER_OK;
    const done = await until('printed after paper back', () => jobOf(t, accepted.id), (j) => j?.state === 'printed');
    expect(done?.attempts).toBe(1);
    await new Promise((r) => setTimeout(r, 1500));
    expect(printed(printer.responder)).toHaveLength(1);
    expect(await receiptPrinterHealth(t)).toMatchObject({ state: 'connected', detail: null });
  });

  it('unplugged mid-job: the job is marked with the reason, never printed twice; the printer is reopened by itself and 补打 prints it once, marked 补打', async () => {
    const { dir, printer, t, pty } = await setUp();
    // The printer vanishes as the receipt's first bytes arrive (the cable pulled while printing).
    let pulled: Promise<void> | null = null;
    const feed = printer.responder.feed.bind(printer.responder);
    printer.responder.feed = (chunk: Uint8Array) => {
      feed(chunk);
      if (pulled === null && printer.responder.jobBytes().length > 0) pulled = printer.close().then(() => pty.stop());
    };
    const accepted = await accept(t, '赵六');
    // A pty whose far end vanished gives no error: the transport's write time-out (5 s + 3 × the
    // bytes' line time at 9600 baud) ends the job.
    const job = await until('job interrupted', () => jobOf(t, accepted.id), (j) => j?.state !== 'queued' && j?.state !== 'sending' && j?.state !== 'waiting', 40_000);
    await pulled;
    // Bytes went and the printer never answered after them: it may be on paper, the clerk decides.
    expect(job?.state).toBe('unknown');
    expect(job?.reason).toContain('无法确认是否已打印');
    await until('health shows the printer away', () => receiptPrinterHealth(t), (d) => d?.state === 'offline');

    // Plugged back in: the same device path, a printer that answers again.
    const again = await startPtyPair(dir);
    cleanups.push(() => again.stop());
    const back = await printerEnd(again.b);
    cleanups.push(() => back.close());
    await until('reopened by itself', () => receiptPrinterHealth(t), (d) => d?.state === 'connected', 20_000);
    await new Promise((r) => setTimeout(r, 1500));
    // Never sent again by itself.
    expect(printed(back.responder)).toHaveLength(0);
    const after = await jobOf(t, accepted.id);
    expect(after?.state).toBe(job?.state);
    expect(after?.attempts).toBe(1);
    const retry = await t.fail('printing.retry', { jobId: after?.id ?? '' });
    expect(retry.code).toBe('illegal_transition');

    const [receipt] = await t.call('printing.documents', { caseId: accepted.id });
    const reprint = await t.call('printing.reprint', { documentId: receipt?.id ?? '' });
    expect(reprint.job).toMatchObject({ reprint: true, reprintOf: after?.id, state: 'queued' });
    await until('reprint printed', () => t.call('printing.listJobs', { caseId: accepted.id }), (jobs) => jobs[0]?.state === 'printed');
    const jobs = await t.call('printing.listJobs', { caseId: accepted.id });
    expect(jobs.map((j) => [j.state, j.reason])).toEqual([
      ['printed', null],
      ['discarded', '已补打'],
    ]);
    const docs = printed(back.responder);
    expect(docs).toHaveLength(1);
    expect(lineText(docs[0] ?? []).join('\n')).toContain('补打');
    expect(lineText(docs[0] ?? []).join('')).toContain(accepted.caseNumber);
    const timeline = (await t.call('cases.get', { caseId: accepted.id })).timeline;
    expect(timeline.at(-1)?.title).toBe('补打 受理回执');
  });
});
