import { describe, expect, it } from 'vitest';
import type { PrintJob } from '../../../electron/contract/printing';
import type { TestCore } from '../../support/core-fixture';
import { FOOD_LICENCE, intakeArgs, personApplicant } from '../../support/intake-args';
import { until, usePrintingWindows, type PrintingWindow } from '../../support/printing-window';

// 确认已打印: a receipt interrupted mid-job (the USB adapter pulled as its lines arrive, the
// virtual printer on a real pty pair) may or may not be on paper; the clerk who sees it came
// out says so, and the job is `printed` — never voided while the citizen holds the paper.

const openWindow = usePrintingWindows();

const setUp = (): Promise<PrintingWindow> => openWindow({ name: 'print-confirm' });

async function accept(t: TestCore, name: string) {
  const food = await t.call('catalog.getItem', { code: FOOD_LICENCE.code });
  return t.call(
    'intake.submit',
    intakeArgs(FOOD_LICENCE, food.materials, { received: ['M1', 'M2', 'M3', 'M4', 'M5'] }, { kind: 'accept' }, { applicant: personApplicant(name) }),
  );
}

const jobOf = async (t: TestCore, caseId: string): Promise<PrintJob | undefined> => (await t.call('printing.listJobs', { caseId }))[0];

describe('printing.confirmPrinted', () => {
  it('turns an unknown receipt job the clerk saw on paper into printed, tells the UI, and refuses every other state', async () => {
    const { printer, t, events } = await setUp();
    let pulled: Promise<void> | null = null;
    printer.onBytes(() => {
      if (pulled === null && printer.records().some((r) => r.type === 'line')) pulled = printer.unplug();
    });
    const accepted = await accept(t, '赵六');
    const unknown = await until('job interrupted', () => jobOf(t, accepted.id), (j) => j?.state !== undefined && !['queued', 'sending', 'waiting'].includes(j.state), 40_000);
    await pulled;
    expect(unknown?.state).toBe('unknown');
    const jobId = unknown?.id ?? '';

    const confirmed = await t.call('printing.confirmPrinted', { jobId });
    expect(confirmed).toMatchObject({ id: jobId, state: 'printed', reason: '经办人确认已打印', attempts: 1, reprint: false, documentSent: true });
    expect(confirmed.printedAt).not.toBeNull();
    expect(await jobOf(t, accepted.id)).toMatchObject({ state: 'printed', reason: '经办人确认已打印' });
    const heard = events.flatMap((e) => (e.name === 'printing.jobChanged' && e.payload.id === jobId ? [e.payload] : []));
    expect(heard.at(-1)).toMatchObject({ state: 'printed', reason: '经办人确认已打印' });

    // Confirmed once: a second confirmation, a retry or a 作废 of a printed job are refused.
    expect((await t.fail('printing.confirmPrinted', { jobId })).code).toBe('illegal_transition');
    expect((await t.fail('printing.discard', { jobId, reason: '' })).code).toBe('illegal_transition');
    expect((await t.fail('printing.retry', { jobId })).code).toBe('illegal_transition');
    // The document is on paper: another copy is a 补打, not a first print.
    const [receipt] = await t.call('printing.documents', { caseId: accepted.id });
    expect((await t.fail('printing.print', { documentId: receipt?.id ?? '' })).code).toBe('illegal_transition');
  }, 60_000);

  it('refuses a job still waiting for the printer, a discarded one and an unknown id', async () => {
    const { printer, t } = await setUp();
    await printer.set('mute');
    const accepted = await accept(t, '钱七');
    const waiting = await until('job waiting', () => jobOf(t, accepted.id), (j) => j?.state === 'waiting', 20_000);
    const refused = await t.fail('printing.confirmPrinted', { jobId: waiting?.id ?? '' });
    expect(refused.code).toBe('illegal_transition');
    expect(refused.message).toContain('确认已打印');
    expect((await jobOf(t, accepted.id))?.state).toBe('waiting');
    const discarded = await t.call('printing.discard', { jobId: waiting?.id ?? '', reason: '申请人不要回执' });
    expect(discarded.state).toBe('discarded');
    expect((await t.fail('printing.confirmPrinted', { jobId: discarded.id })).code).toBe('illegal_transition');
    expect((await t.fail('printing.confirmPrinted', { jobId: '00000000-0000-4000-8000-000000000000' })).code).toBe('not_found');
  }, 60_000);
});
