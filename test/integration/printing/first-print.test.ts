import { describe, expect, it } from 'vitest';
import { FOOD_LICENCE, intakeArgs } from '../../support/intake-args';
import { until, usePrintingWindows, type PrintingWindow } from '../../support/printing-window';

// The first paper of a receipt is never a 补打 (issue 14: 补打 is "marked 补打 on the paper and
// recorded on the case" — a copy of something already handed out). A receipt with no print job
// (automatic printing off here) is printed first through printing.print.

const openWindow = usePrintingWindows();

const setUp = (): Promise<PrintingWindow> => openWindow({ name: 'first-print', autoReceipt: false });

describe('the first print of a receipt (automatic printing off)', () => {
  it('打印回执 prints it unmarked and records no 补打; only a later 补打 is marked and recorded', async () => {
    const { printer, t } = await setUp();
    const food = await t.call('catalog.getItem', { code: FOOD_LICENCE.code });
    const accepted = await t.call('intake.submit', intakeArgs(FOOD_LICENCE, food.materials, { received: ['M1', 'M2', 'M3', 'M4', 'M5'] }, { kind: 'accept' }));
    const [receipt] = await t.call('printing.documents', { caseId: accepted.id });
    expect(receipt).toMatchObject({ kind: 'acceptanceReceipt', label: '受理回执', sent: false, lastJob: null, reprints: 0 });

    // 补打 of a receipt never on paper is refused: its first copy must not say 补打.
    const early = await t.fail('printing.reprint', { documentId: receipt?.id ?? '' });
    expect(early.code).toBe('illegal_transition');
    expect(early.message).toContain('还没有打印过');

    const first = await t.call('printing.print', { documentId: receipt?.id ?? '' });
    expect(first).toMatchObject({ reprint: false, reprintOf: null, documentLabel: '受理回执', documentSent: false });
    // A second press while it is on its way (or after) never queues a second first copy.
    const twice = await t.fail('printing.print', { documentId: receipt?.id ?? '' });
    expect(twice.code).toBe('illegal_transition');
    await until('first copy printed', () => t.call('printing.listJobs', { caseId: accepted.id }), (jobs) => jobs[0]?.state === 'printed');

    const [paper] = await printer.waitForDocuments(1);
    expect(paper?.lines.join('')).toContain(accepted.caseNumber);
    expect(paper?.lines.join('\n')).not.toContain('补打');
    let detail = await t.call('cases.get', { caseId: accepted.id });
    expect(detail.timeline.map((e) => e.title).filter((title) => title.includes('补打'))).toEqual([]);
    const [afterFirst] = await t.call('printing.documents', { caseId: accepted.id });
    expect(afterFirst).toMatchObject({ reprints: 0, sent: true });

    // Now it is on paper: another copy is a 补打, and 打印 is refused.
    const again = await t.fail('printing.print', { documentId: receipt?.id ?? '' });
    expect(again.code).toBe('illegal_transition');
    expect(again.message).toContain('补打');
    const reprint = await t.call('printing.reprint', { documentId: receipt?.id ?? '' });
    expect(reprint.job).toMatchObject({ reprint: true, documentSent: true });
    await until('补打 printed', () => t.call('printing.listJobs', { caseId: accepted.id }), (jobs) => jobs[0]?.state === 'printed');
    const docs = await printer.waitForDocuments(2);
    expect(docs[1]?.lines.join('\n')).toContain('补打');
    detail = await t.call('cases.get', { caseId: accepted.id });
    expect(detail.timeline.at(-1)?.title).toBe('补打 受理回执');
    const [afterReprint] = await t.call('printing.documents', { caseId: accepted.id });
    expect(afterReprint?.reprints).toBe(1);
  });
});
