/**
 * The builders' documents laid out by the text layer (thermalPreviewLines) on both paper widths:
 * what the citizen gets, line by line.
 */
import { describe, expect, it } from 'vitest';
import { buildAcceptanceReceipt } from '../../../../../electron/core/printing/documents/acceptance-receipt';
import { buildQueueTicket } from '../../../../../electron/core/printing/documents/queue-ticket';
import { buildTestPage } from '../../../../../electron/core/printing/documents/test-page';
import type { PrinterProfile } from '../../../../../electron/core/printing/printer-profile';
import { displayColumns } from '../../../../../electron/core/printing/thermal/print-units';
import { thermalPreviewLines, thermalPreviewPaper } from '../../../../../electron/core/printing/thermal/render-thermal';
import type { ThermalDocument } from '../../../../../electron/core/printing/thermal/thermal-document';
import { acceptedCase, AGENT_ID, caseInputs, queueInputs, RARE_NAME, testPageInputs } from './document-fixtures';

const PROFILES: PrinterProfile[] = [
  { columns: 32, dotsPerLine: 384, encoding: 'gbk', qrMode: 'native' },
  { columns: 48, dotsPerLine: 576, encoding: 'gb18030', qrMode: 'raster' },
];

const documents = (): ThermalDocument[] => [
  buildAcceptanceReceipt(caseInputs(acceptedCase({ agent: { name: '李木子', idType: 'resident_id_card', idNumber: AGENT_ID, mobile: '13700001234' } }))),
  buildQueueTicket(queueInputs()),
  buildTestPage(testPageInputs()),
];

describe('documents on paper', () => {
  it('the preview keeps the emphasis: the case number one size-2 bold line on 80 mm, two (broken after a hyphen) on 58 mm', () => {
    const [narrow, wide] = PROFILES.map((profile) => thermalPreviewPaper(documents()[0]!, profile));
    expect(wide?.filter((l) => l.size === 2).map((l) => l.text)).toEqual(['受理回执', 'HX-7-20261130-0001']);
    expect(narrow?.filter((l) => l.size === 2).map((l) => l.text)).toEqual(['受理回执', 'HX-7-20261130-', '0001']);
    expect(wide?.find((l) => l.text === 'HX-7-20261130-0001')).toMatchObject({ bold: true, align: 'center' });
    // The same lines as the plain preview, line for line.
    expect(wide?.map((l) => l.text.trim())).toEqual(thermalPreviewLines(documents()[0]!, PROFILES[1]!).map((l) => l.trim()));
  });

  for (const profile of PROFILES) {
    it(`no line is wider than ${profile.columns} columns`, () => {
      for (const doc of documents()) {
        for (const line of thermalPreviewLines(doc, profile)) {
          expect(displayColumns(line, 'gb18030'), `${doc.kind}: ${line}`).toBeLessThanOrEqual(profile.columns);
        }
      }
    });

    it(`on ${profile.columns} columns the receipt keeps the name as stored and the case number in whole parts`, () => {
      const lines = thermalPreviewLines(documents()[0]!, profile).map((l) => l.trim());
      expect(lines).toContain(`申请人：${RARE_NAME}`);
      if (profile.columns === 48) {
        // 18 characters at double size (36 of 48 columns): one line on 80 mm.
        expect(lines).toContain('HX-7-20261130-0001');
      } else {
        // 16 double-width columns on 58 mm: broken after a hyphen, never mid-number.
        expect(lines).toContain('HX-7-20261130-');
        expect(lines).toContain('0001');
      }
      expect(lines).toContain('承诺办结：2027-01-06 前（暂定）');
    });
  }
});
