import { afterEach, describe, expect, it } from 'vitest';
import type { PrintJob } from '../../../electron/contract/printing';
import { maskIdNumber } from '../../../electron/contract/validation';
import { createTestCore, JQ_WINDOW_12, type TestCore } from '../../support/core-fixture';
import { FOOD_LICENCE, intakeArgs, personApplicant } from '../../support/intake-args';
import { until, usePrintingWindows, type PrintingWindow } from '../../support/printing-window';
import { makeTempDir } from '../../support/temp-dirs';
import { startVirtualPrinter, type VirtualPrinter } from '../../support/virtual-printer';

// A serial receipt printer played by the virtual printer on its own socat pty pair: the core's
// printing driver opens the app's end (`printer.appPath`) as it would /dev/ttyUSB0; `unplug`
// makes that path vanish as pulling the USB adapter does, `plug` brings it back.

const RARE_NAME = '王𠮷';

/**
 * Waits until the driver has asked the printer's status `looks` more times from now (each look
 * asks DLE EOT 1, 2 and 4): it has provably looked at its queue again, so whatever it would send
 * by itself it has sent (no fixed sleep).
 */
async function looksAgain(printer: VirtualPrinter, looks = 2): Promise<void> {
  const before = printer.requests().length;
  await printer.waitFor((p) => p.requests().length >= before + 3 * looks, 20_000);
}

const openWindow = usePrintingWindows();

// The tests that set up a printer of another kind stop it themselves.
const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup().catch(() => undefined);
});

const setUp = (paper: 'ok' | 'near' | 'out' = 'ok'): Promise<PrintingWindow> => openWindow({ name: 'print-jobs', paper, recognise: ['𠮷'] });

async function accept(t: TestCore, name = RARE_NAME) {
  const food = await t.call('catalog.getItem', { code: FOOD_LICENCE.code });
  return t.call(
    'intake.submit',
    intakeArgs(FOOD_LICENCE, food.materials, { received: ['M1', 'M2', 'M3', 'M4', 'M5'] }, { kind: 'accept' }, { applicant: personApplicant(name) }),
  );
}

const jobOf = async (t: TestCore, caseId: string): Promise<PrintJob | undefined> => (await t.call('printing.listJobs', { caseId }))[0];
const receiptPrinterHealth = async (t: TestCore) => (await t.call('app.health', {})).devices.find((d) => d.id === 'receiptPrinter');

describe('print jobs on a serial receipt printer (virtual printer on a real pty pair)', () => {
  it('prints the 受理回执 of an accepted case by itself: name as stored, ID masked, QR, cut, no line over 48 columns', async () => {
    const { printer, t, events } = await setUp();
    const accepted = await accept(t);
    const job = await until('receipt printed', () => jobOf(t, accepted.id), (j) => j?.state === 'printed');
    expect(job).toMatchObject({ documentKind: 'acceptanceReceipt', documentTitle: accepted.caseNumber, caseNumber: accepted.caseNumber, attempts: 1, reprint: false, reason: null });
    expect(job?.printedAt).not.toBeNull();

    const [doc, ...more] = await printer.waitForDocuments(1);
    expect(more).toHaveLength(0);
    const text = doc?.lines.join('\n') ?? '';
    // The case number is printed large, so it may take two lines.
    expect(doc?.lines.join('')).toContain(accepted.caseNumber);
    expect(text).toContain(RARE_NAME);
    const idNumber = personApplicant(RARE_NAME).idNumber;
    expect(text).toContain(maskIdNumber(idNumber));
    expect(text).not.toContain(idNumber);
    expect(doc?.cut).toBe(true);
    expect(doc?.maxColumns).toBeLessThanOrEqual(48);
    // Nothing sent as a 4-byte GB18030 sequence a GBK printer would print as garbage.
    expect(doc?.fourByte).toEqual([]);
    expect(doc?.qr.some((payload) => payload.includes(accepted.caseNumber))).toBe(true);

    // The UI heard each step of the job.
    const states = events.flatMap((e) => (e.name === 'printing.jobChanged' && e.payload.id === job?.id ? [e.payload.state] : []));
    expect(states).toEqual(['queued', 'sending', 'printed']);
    expect(await receiptPrinterHealth(t)).toMatchObject({ state: 'connected', detail: null, condition: { paper: 'ok', online: true, coverOpen: false, error: null } });
  });

  it('paper out before the receipt: the case is accepted, the job waits showing 缺纸, and prints exactly once when paper is back', async () => {
    const { printer, t } = await setUp('out');
    const accepted = await accept(t, '李四');
    expect(accepted.status).toBe('accepted');
    const waiting = await until('job waiting', () => jobOf(t, accepted.id), (j) => j?.state === 'waiting');
    expect(waiting?.reason).toContain('缺纸');
    expect((await t.call('printing.listJobs', { states: ['waiting'] })).map((j) => j.id)).toEqual([waiting?.id]);
    const health = await until('health shows 缺纸', () => receiptPrinterHealth(t), (d) => d?.detail?.includes('缺纸') === true);
    expect(health).toMatchObject({ state: 'error', condition: { paper: 'end' } });
    // Looked at again and again while waiting; nothing sent.
    await looksAgain(printer);
    expect(printer.documents()).toHaveLength(0);
    expect(printer.heldCount()).toBe(0);

    await printer.setPaper('ok');
    const done = await until('printed after paper back', () => jobOf(t, accepted.id), (j) => j?.state === 'printed');
    expect(done?.attempts).toBe(1);
    await looksAgain(printer, 1);
    expect(printer.documents()).toHaveLength(1);
    expect(await receiptPrinterHealth(t)).toMatchObject({ state: 'connected', detail: null });
  });

  it('paper near its end: the receipt prints, and the status bar says 纸将尽', async () => {
    const { printer, t } = await setUp('near');
    const accepted = await accept(t, '钱七');
    await until('printed', () => jobOf(t, accepted.id), (j) => j?.state === 'printed');
    expect(printer.documents()).toHaveLength(1);
    expect(await receiptPrinterHealth(t)).toMatchObject({ state: 'connected', detail: '纸将尽', condition: { paper: 'near_end' } });
  });

  it('a printer that does not answer DLE EOT: the job waits, its reason naming the printer once, and prints once when it answers again', async () => {
    const { printer, t } = await setUp();
    await printer.set('mute');
    const accepted = await accept(t, '孙八');
    const waiting = await until('job waiting', () => jobOf(t, accepted.id), (j) => j?.state === 'waiting');
    expect(waiting?.reason).toBe('回执打印机无应答（未开机、已脱机或连接线松动），恢复后自动打印');
    expect(printer.documents()).toHaveLength(0);

    await printer.set('unmute');
    await until('printed once answered', () => jobOf(t, accepted.id), (j) => j?.state === 'printed');
    expect(printer.documents()).toHaveLength(1);
  });

  it('unplugged mid-job: the job is marked with the reason, never printed twice; the printer is reopened by itself and 补打 prints it once, marked 补打', async () => {
    const { printer, t } = await setUp();
    // The USB adapter is pulled as the receipt's first lines arrive.
    let pulled: Promise<void> | null = null;
    printer.onBytes(() => {
      if (pulled === null && printer.records().some((r) => r.type === 'line')) pulled = printer.unplug();
    });
    const accepted = await accept(t, '赵六');
    const job = await until('job interrupted', () => jobOf(t, accepted.id), (j) => j?.state !== 'queued' && j?.state !== 'sending' && j?.state !== 'waiting', 40_000);
    await pulled;
    // Bytes went and then the line failed: it may be on paper, the clerk decides.
    expect(job?.state).toBe('unknown');
    expect(job?.reason).toContain('请查看纸面后选择确认已打印、补打或作废');
    await until('health shows the printer away', () => receiptPrinterHealth(t), (d) => d?.state === 'offline');
    const before = printer.documents().length + (printer.uncut() ? 1 : 0);

    // Plugged back in on the same path: reopened without a restart.
    await printer.plug();
    await until('reopened by itself', () => receiptPrinterHealth(t), (d) => d?.state === 'connected', 20_000);
    await looksAgain(printer, 1);
    // Never sent again by itself.
    expect(printer.documents().length + (printer.uncut() ? 1 : 0)).toBe(before);
    const after = await jobOf(t, accepted.id);
    expect(after?.state).toBe('unknown');
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
    const docs = printer.documents();
    const last = docs.at(-1);
    expect(last?.lines.join('\n')).toContain('补打');
    expect(last?.lines.join('')).toContain(accepted.caseNumber);
    expect(docs.filter((d) => d.lines.some((l) => l.includes('补打')))).toHaveLength(1);
    const timeline = (await t.call('cases.get', { caseId: accepted.id })).timeline;
    expect(timeline.at(-1)?.title).toBe('补打 受理回执');
  });

  it('测试打印 prints the test page with the printer\'s state; a printed job cannot be 作废', async () => {
    const { printer, t } = await setUp();
    await t.signInAs('it_admin');
    const job = await t.call('printing.testPrint', { printer: 'receiptPrinter' });
    expect(job).toMatchObject({ documentKind: 'testPage', caseId: null, state: 'queued' });
    const [page] = await printer.waitForDocuments(1);
    expect(page?.lines.join('\n')).toContain('打印测试页');
    expect(page?.lines.join('\n')).toContain('正常');
    expect(page?.maxColumns).toBeLessThanOrEqual(48);
    const unknownPrinter = await t.fail('printing.testPrint', { printer: 'ticketPrinter' });
    expect(unknownPrinter.code).toBe('unavailable');

    // A printed job is not 作废; an unknown job is not found (jobs are the window's work: the clerk again).
    await t.signIn();
    const done = await until('test page printed', () => t.call('printing.listJobs', { printer: 'receiptPrinter' }), (jobs) => jobs[0]?.state === 'printed');
    const refused = await t.fail('printing.discard', { jobId: done[0]?.id ?? '', reason: '' });
    expect(refused.code).toBe('illegal_transition');
    const missing = await t.fail('printing.retry', { jobId: '01900000-0000-7000-8000-000000000000' });
    expect(missing.code).toBe('not_found');
  });

  it('a receipt printer set on the 设置 page is driven at once, without a restart', async () => {
    const dir = makeTempDir('print-jobs-live');
    const printer = await startVirtualPrinter({ ptyDir: dir });
    cleanups.push(() => printer.stop());
    const t = await createTestCore({ config: JQ_WINDOW_12 });
    cleanups.push(() => t.close());
    expect(await receiptPrinterHealth(t)).toMatchObject({ state: 'not_configured' });
    await t.signInAs('it_admin');
    const before = await t.call('settings.get', {});
    expect(before.appliedLive).toEqual(expect.arrayContaining(['devices.receiptPrinter', 'devices.ticketPrinter', 'printing']));
    const saved = await t.call('settings.update', {
      config: { ...before.config, devices: { ...before.config.devices, receiptPrinter: { type: 'serial', path: printer.appPath ?? '', baudRate: 9600, paperWidthMm: 58 } } },
      revision: before.revision,
    });
    expect(saved.applied).toEqual(['devices.receiptPrinter']);
    expect(saved.restartRequired).toBe(false);
    await until('driven', () => receiptPrinterHealth(t), (d) => d?.state === 'connected');

    await t.signIn();
    const accepted = await accept(t, '孙八');
    await until('printed', () => jobOf(t, accepted.id), (j) => j?.state === 'printed');
    const [doc] = await printer.waitForDocuments(1);
    // The new settings' paper: 58 mm, 32 columns.
    expect(doc?.maxColumns).toBeLessThanOrEqual(32);
    expect(doc?.lines.join('')).toContain(accepted.caseNumber);
  });

  it('a network printer (TCP 9100) gets its receipt over a connection opened for the job', async () => {
    const printer = await startVirtualPrinter({ tcpPort: 0 }, { recognise: ['𠮷'] });
    cleanups.push(() => printer.stop());
    const t = await createTestCore({ config: { ...JQ_WINDOW_12, devices: { receiptPrinter: { type: 'tcp', host: '127.0.0.1', port: printer.tcpPort ?? 0, paperWidthMm: 58 } } } });
    cleanups.push(() => t.close());
    await t.signIn();
    const accepted = await accept(t);
    await until('printed', () => jobOf(t, accepted.id), (j) => j?.state === 'printed');
    const [doc] = await printer.waitForDocuments(1);
    expect(doc?.lines.join('\n')).toContain(RARE_NAME);
    expect(doc?.maxColumns).toBeLessThanOrEqual(32);
    expect(await receiptPrinterHealth(t)).toMatchObject({ state: 'connected', endpoint: `127.0.0.1:${printer.tcpPort}` });
  });
});
