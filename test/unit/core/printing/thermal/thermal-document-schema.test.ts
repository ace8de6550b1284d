import { describe, expect, it } from 'vitest';
import { CounterError } from '../../../../../electron/contract/errors';
import { buildAcceptanceReceipt } from '../../../../../electron/core/printing/documents/acceptance-receipt';
import { buildQueueTicket } from '../../../../../electron/core/printing/documents/queue-ticket';
import { buildTestPage } from '../../../../../electron/core/printing/documents/test-page';
import { printerProfile } from '../../../../../electron/core/printing/printer-profile';
import {
  DAMAGED_THERMAL_WORDS,
  parseStoredProfile,
  parseStoredThermal,
} from '../../../../../electron/core/printing/thermal/thermal-document-schema';
import { acceptedCase, caseInputs, queueInputs, testPageInputs } from '../documents/document-fixtures';

function damaged(read: () => unknown): CounterError {
  try {
    read();
  } catch (err) {
    if (err instanceof CounterError) return err;
    throw err;
  }
  throw new Error('read back without complaint');
}

describe('a stored thermal document read back from the database', () => {
  it('reads back every document the builders make exactly as stored', () => {
    for (const doc of [buildAcceptanceReceipt(caseInputs(acceptedCase())), buildQueueTicket(queueInputs()), buildTestPage(testPageInputs())]) {
      expect(parseStoredThermal('d1', JSON.stringify(doc))).toEqual(doc);
    }
  });

  it.each([
    ['cut short', '{"kind":"acceptanceReceipt","title":"JQ-12'],
    ['not a document', '[]'],
    ['a block of an unknown kind', '{"kind":"acceptanceReceipt","title":"t","blocks":[{"kind":"barcode","data":"1"}]}'],
    ['a QR without its payload', '{"kind":"acceptanceReceipt","title":"t","blocks":[{"kind":"qr"}]}'],
    ['a notice kind on thermal paper', '{"kind":"refusalDecision","title":"t","blocks":[]}'],
  ])('is refused with words for the clerk when %s', (_, content) => {
    const err = damaged(() => parseStoredThermal('d1', content));
    expect(err.code).toBe('internal');
    expect(err.message).toBe(DAMAGED_THERMAL_WORDS);
    expect(err.details).toMatchObject({ documentId: 'd1', what: 'content' });
  });

  it('reads a stored printer profile, none, or refuses a damaged one', () => {
    const profile = printerProfile({ paperWidthMm: 58, encoding: 'gb18030', qrMode: 'raster' });
    expect(parseStoredProfile('d1', JSON.stringify(profile))).toEqual(profile);
    expect(parseStoredProfile('d1', null)).toBeNull();
    for (const bad of ['{"columns":40,"dotsPerLine":384,"encoding":"gbk","qrMode":"native"}', 'nope']) {
      const err = damaged(() => parseStoredProfile('d1', bad));
      expect([err.code, err.message, err.details?.['what']]).toEqual(['internal', DAMAGED_THERMAL_WORDS, 'profile']);
    }
  });
});
