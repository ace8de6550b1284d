import { describe, expect, it } from 'vitest';
import type { PrintJob } from '../../../electron/contract/printing';
import type { TestCore } from '../../support/core-fixture';
import { FOOD_LICENCE, intakeArgs, personApplicant } from '../../support/intake-args';
import { until, usePrintingWindows } from '../../support/printing-window';

// 设置 saved while the receipt printer is busy: the worker on the old settings finishes its job on
// its own line, the worker on the new settings takes over once it has ended (a serial port is
// opened once), and neither closes the other's line.

const openWindow = usePrintingWindows();

async function accept(t: TestCore, name: string) {
  const food = await t.call('catalog.getItem', { code: FOOD_LICENCE.code });
  return t.call(
    'intake.submit',
    intakeArgs(FOOD_LICENCE, food.materials, { received: ['M1', 'M2', 'M3', 'M4', 'M5'] }, { kind: 'accept' }, { applicant: personApplicant(name) }),
  );
}

const jobOf = async (t: TestCore, caseId: string): Promise<PrintJob | undefined> => (await t.call('printing.listJobs', { caseId }))[0];

async function saveReceiptPrinter(t: TestCore, receiptPrinter: unknown): Promise<void> {
  await t.signInAs('it_admin');
  const before = await t.call('settings.get', {});
  const devices = { ...before.config.devices } as Record<string, unknown>;
  if (receiptPrinter === null) delete devices.receiptPrinter;
  else devices.receiptPrinter = receiptPrinter;
  await t.call('settings.update', { config: { ...before.config, devices } as typeof before.config, revision: before.revision });
  await t.signIn();
}

describe('receipt printer settings changed while it works (virtual printer on a real pty pair)', () => {
  it('a job being sent when 设置 is saved ends printed on the old settings; the next prints on the new ones; nothing twice', async () => {
    // Answers to the status read after the job are held 1.5 s each (three requests): the old worker
    // is still busy with its job well past the 2 s a stop waits for it.
    const { printer, t, serial } = await openWindow({ name: 'print-reconfigure', printerTiming: { conditionTimeoutMs: 3000 } });

    let slowed: Promise<unknown> | null = null;
    printer.onBytes(() => {
      if (slowed === null && printer.records().some((r) => r.type === 'line')) slowed = printer.set('delay 1500');
    });
    const first = await accept(t, '周一');
    await printer.waitFor(() => slowed);
    await slowed;
    // The receipt is on its way: the paper changes to 58 mm.
    await saveReceiptPrinter(t, { ...serial, paperWidthMm: 58 });

    const firstJob = await until('first job ended', () => jobOf(t, first.id), (j) => j?.state !== 'sending' && j?.state !== 'queued', 30_000);
    expect(firstJob?.state).toBe('printed');
    await printer.set('delay 0');

    const second = await accept(t, '吴二');
    const secondJob = await until('second job ended', () => jobOf(t, second.id), (j) => j?.state !== 'sending' && j?.state !== 'queued' && j?.state !== 'waiting', 30_000);
    expect(secondJob).toMatchObject({ state: 'printed', attempts: 1 });

    const docs = printer.documents();
    expect(docs).toHaveLength(2);
    expect(docs.filter((d) => d.lines.join('').includes(first.caseNumber))).toHaveLength(1);
    expect(docs.filter((d) => d.lines.join('').includes(second.caseNumber))).toHaveLength(1);
    // The first on the old 80 mm paper (its longest line is wider than 58 mm's 32 columns), the second on 58 mm.
    expect(docs[0]?.maxColumns).toBeGreaterThan(32);
    expect(docs[1]?.maxColumns).toBeLessThanOrEqual(32);
    expect((await t.call('app.health', {})).devices.find((d) => d.id === 'receiptPrinter')).toMatchObject({ state: 'connected' });
  }, 60_000);

  it('jobs waiting for a printer that is removed in 设置 fail, saying so', async () => {
    const { printer, t } = await openWindow({ name: 'print-removed', paper: 'out' });
    const accepted = await accept(t, '郑三');
    await until('job waiting', () => jobOf(t, accepted.id), (j) => j?.state === 'waiting', 30_000);

    await saveReceiptPrinter(t, null);
    const job = await jobOf(t, accepted.id);
    expect(job).toMatchObject({ state: 'failed', reason: '回执打印机已从设置中移除' });
    expect(await t.call('printing.listJobs', { states: ['queued', 'waiting'] })).toEqual([]);
    expect(printer.documents()).toHaveLength(0);
  });
});
