import { describe, expect, it } from 'vitest';
import {
  formatDocumentNumber,
  NOTICE_KINDS,
  parseDocumentNumber,
  type DocumentNumberParts,
} from '../../../../../electron/core/printing/notices/document-number';

describe('文书编号', () => {
  it('hall, window, the kind’s word, the year in 〔〕 and the sequence', () => {
    expect(formatDocumentNumber({ hallCode: 'HX', windowNumber: 7, kind: 'acceptanceNotice', year: 2026, sequence: 1 })).toBe('HX-7受〔2026〕0001号');
    expect(formatDocumentNumber({ hallCode: 'JQ01', windowNumber: 12, kind: 'correctionNotice', year: 2026, sequence: 35 })).toBe('JQ01-12补〔2026〕0035号');
    expect(formatDocumentNumber({ hallCode: 'HX', windowNumber: 7, kind: 'rejectionNotice', year: 2027, sequence: 9999 })).toBe('HX-7不受〔2027〕9999号');
    expect(formatDocumentNumber({ hallCode: 'HX', windowNumber: 7, kind: 'refusalDecision', year: 2026, sequence: 10000 })).toBe('HX-7不许〔2026〕10000号');
    expect(formatDocumentNumber({ hallCode: 'HX', windowNumber: 999, kind: 'completionNotice', year: 2026, sequence: 2 })).toBe('HX-999结〔2026〕0002号');
  });

  it('windows of one hall never share a number, even where hall code and window run together', () => {
    const a = formatDocumentNumber({ hallCode: 'HX7', windowNumber: 12, kind: 'acceptanceNotice', year: 2026, sequence: 1 });
    const b = formatDocumentNumber({ hallCode: 'HX71', windowNumber: 2, kind: 'acceptanceNotice', year: 2026, sequence: 1 });
    expect(a).not.toBe(b);
    const seen = new Set<string>();
    for (const kind of NOTICE_KINDS) {
      for (const windowNumber of [1, 2, 12, 120]) {
        for (const sequence of [1, 2, 10]) seen.add(formatDocumentNumber({ hallCode: 'HX', windowNumber, kind, year: 2026, sequence }));
      }
    }
    expect(seen.size).toBe(NOTICE_KINDS.length * 4 * 3);
  });

  it('parses back what it made, every kind', () => {
    for (const kind of NOTICE_KINDS) {
      for (const parts of [
        { hallCode: 'HX', windowNumber: 7, kind, year: 2026, sequence: 1 },
        { hallCode: 'A1B2C3D4', windowNumber: 999, kind, year: 2031, sequence: 123456 },
      ] satisfies DocumentNumberParts[]) {
        expect(parseDocumentNumber(formatDocumentNumber(parts))).toEqual(parts);
      }
    }
  });

  it('reads nothing else as a number', () => {
    for (const text of ['', 'HX-7-20261130-0001', 'HX7受〔2026〕0001号', 'HX-7受〔2026〕1号', 'HX-7收〔2026〕0001号', 'hx-7受〔2026〕0001号', 'HX-0受〔2026〕0001号', 'HX-7受〔2026〕0000号', 'HX-7受[2026]0001号', 'HX-7受〔2026〕00001号']) {
      expect(parseDocumentNumber(text), text).toBeNull();
    }
  });

  it('refuses parts that would make an ambiguous or false number', () => {
    const ok: DocumentNumberParts = { hallCode: 'HX', windowNumber: 7, kind: 'acceptanceNotice', year: 2026, sequence: 1 };
    expect(() => formatDocumentNumber({ ...ok, hallCode: 'hx' })).toThrow(/大厅代码/);
    expect(() => formatDocumentNumber({ ...ok, hallCode: 'H-X' })).toThrow(/大厅代码/);
    expect(() => formatDocumentNumber({ ...ok, windowNumber: 0 })).toThrow(/窗口号/);
    expect(() => formatDocumentNumber({ ...ok, windowNumber: 1000 })).toThrow(/窗口号/);
    expect(() => formatDocumentNumber({ ...ok, year: 26 })).toThrow(/年份/);
    expect(() => formatDocumentNumber({ ...ok, sequence: 0 })).toThrow(/序号/);
    expect(() => formatDocumentNumber({ ...ok, sequence: 1.5 })).toThrow(/序号/);
  });
});
