import { afterEach, describe, expect, it } from 'vitest';
import type { IssuedDocumentSummary } from '../../../electron/contract/printing';
import { fixedClock } from '../../../electron/core/clock';
import { BROWSER_PRINTS_NOTICE_WORDS } from '../../../electron/core/printing/printing-module';
import type { SystemPrintHost } from '../../../electron/core/printing/transport/system-print-host';
import { createTestCore, JQ_WINDOW_12, type TestCore } from '../../support/core-fixture';
import { FOOD_LICENCE, intakeArgs } from '../../support/intake-args';

// printing.printNotice: an issued A4 notice printed by the desktop shell to the configured A4
// printer. Electron's Chromium is not in these tests: the host's printA4 is played by a function
// that keeps what it was given (the page and the printer) or fails with the words main would give,
// which is what the core is responsible for. The page itself is checked as a PDF in notices-pdf.test.ts.

// 10:00 in the hall on Monday 2026-11-30.
const MONDAY = '2026-11-30T02:00:00.000Z';

let t: TestCore | null = null;
afterEach(async () => {
  await t?.close();
  t = null;
});

interface Printed {
  html: string;
  printerName: string;
}

function recordingHost(printed: Printed[], fail: string | null = null): SystemPrintHost {
  return {
    print: () => Promise.reject(new Error('不用于此测试')),
    printA4: async (html, options) => {
      if (fail !== null) throw new Error(fail);
      printed.push({ html, printerName: options.printerName });
    },
    pdfOf: async () => new TextEncoder().encode('%PDF-1.7'),
  };
}

async function start(host: SystemPrintHost | undefined): Promise<TestCore> {
  t = await createTestCore({
    clock: fixedClock(MONDAY, 1000),
    config: { ...JQ_WINDOW_12, printing: { a4PrinterName: '综合窗口 HP LaserJet' } },
    ...(host ? { systemPrintHost: host } : {}),
  });
  await t.signIn();
  return t;
}

async function acceptedDocuments(t: TestCore): Promise<IssuedDocumentSummary[]> {
  const food = await t.call('catalog.getItem', { code: FOOD_LICENCE.code });
  const accepted = await t.call('intake.submit', intakeArgs(FOOD_LICENCE, food.materials, { received: ['M1', 'M2', 'M3', 'M4', 'M5'] }, { kind: 'accept' }));
  return t.call('printing.documents', { caseId: accepted.id });
}

describe('printing.printNotice (A4 notices through the desktop shell)', () => {
  it('sends the notice exactly as issued to the configured A4 printer; the 补打 copy carries the mark and nothing else changes', async () => {
    const printed: Printed[] = [];
    const t = await start(recordingHost(printed));
    const notice = (await acceptedDocuments(t)).find((d) => d.kind === 'acceptanceNotice');
    if (!notice) throw new Error('no 受理通知书 issued');
    const issued = (await t.call('printing.document', { documentId: notice.id })).html ?? '';

    expect(await t.call('printing.printNotice', { documentId: notice.id })).toEqual({ printed: true });
    expect(printed).toEqual([{ html: issued, printerName: '综合窗口 HP LaserJet' }]);

    expect(await t.call('printing.printNotice', { documentId: notice.id, reprint: true })).toEqual({ printed: true });
    const reprinted = printed[1]?.html ?? '';
    expect(reprinted).not.toBe(issued);
    expect(reprinted).toContain('补打');
    expect(issued).not.toContain('【补打】');
    expect(reprinted).toContain(notice.documentNumber ?? '?');
    // The stored notice is untouched by printing its 补打 copy.
    expect((await t.call('printing.document', { documentId: notice.id })).html).toBe(issued);
  });

  it('says why when the A4 printer fails, in the host’s words; a thermal receipt is not an A4 notice', async () => {
    const t = await start(recordingHost([], '找不到打印机“综合窗口 HP LaserJet”'));
    const documents = await acceptedDocuments(t);
    const notice = documents.find((d) => d.kind === 'acceptanceNotice');
    const failure = await t.fail('printing.printNotice', { documentId: notice?.id });
    expect(failure.code).toBe('unavailable');
    expect(failure.message).toBe('受理通知书未打印：找不到打印机“综合窗口 HP LaserJet”');

    const receipt = documents.find((d) => d.kind === 'acceptanceReceipt');
    expect((await t.fail('printing.printNotice', { documentId: receipt?.id })).code).toBe('rule_violation');
  });

  it('in the browser shell answers that the browser prints the preview with its own dialog', async () => {
    const t = await start(undefined);
    const notice = (await acceptedDocuments(t)).find((d) => d.kind === 'acceptanceNotice');
    const failure = await t.fail('printing.printNotice', { documentId: notice?.id });
    expect(failure.code).toBe('unavailable');
    expect(failure.message).toBe(BROWSER_PRINTS_NOTICE_WORDS);
    expect(failure.message).toContain('浏览器');
  });
});
