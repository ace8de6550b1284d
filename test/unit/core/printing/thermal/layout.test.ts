import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { PrinterProfile } from '../../../../../electron/core/printing/printer-profile';
import { printerProfile } from '../../../../../electron/core/printing/printer-profile';
import { displayColumns } from '../../../../../electron/core/printing/thermal/print-units';
import { thermalPreviewLines } from '../../../../../electron/core/printing/thermal/render-thermal';
import type { ThermalBlock, ThermalDocument } from '../../../../../electron/core/printing/thermal/thermal-document';
import { fixedGlyphs } from './fixed-glyphs';

const NARROW = printerProfile({ paperWidthMm: 58, encoding: 'gbk', qrMode: 'native' });
const WIDE = printerProfile({ paperWidthMm: 80, encoding: 'gbk', qrMode: 'native' });

function doc(...blocks: ThermalBlock[]): ThermalDocument {
  return { kind: 'acceptanceReceipt', title: 'SWB-2026-000123', blocks };
}

function preview(profile: PrinterProfile, ...blocks: ThermalBlock[]): string[] {
  return thermalPreviewLines(doc(...blocks), profile, { glyphs: fixedGlyphs() });
}

const RECEIPT = doc(
  { kind: 'text', text: '某某市政务服务中心', align: 'center', bold: true },
  { kind: 'text', text: '受理回执', align: 'center', size: 2 },
  { kind: 'rule', style: 'thick' },
  { kind: 'field', label: '受理编号', value: 'SWB-2026-000123' },
  { kind: 'field', label: '申请人', value: '张𠮷𡒄（身份证 110101********1234）' },
  { kind: 'field', label: '事项', value: '个体工商户设立登记（含名称自主申报、经营范围规范表述）' },
  { kind: 'pair', left: '营业执照复印件', right: '已收' },
  { kind: 'pair', left: '法定代表人身份证明及其授权委托书（原件、复印件各一份）', right: '2026-12-07前补交' },
  { kind: 'rule' },
  { kind: 'qr', payload: 'https://zwfw.example.gov.cn/q/SWB-2026-000123', caption: '扫码查询办理进度' },
  { kind: 'feed', lines: 1 },
  { kind: 'ruler' },
);

describe('thermal layout at 58 and 80 mm', () => {
  it('keeps every line within 32 / 48 columns', () => {
    for (const profile of [NARROW, WIDE]) {
      const lines = thermalPreviewLines(RECEIPT, profile, { glyphs: fixedGlyphs(), reprint: { at: '2026-11-30 14:05' } });
      expect(lines.length).toBeGreaterThan(10);
      for (const line of lines) expect(displayColumns(line, profile.encoding)).toBeLessThanOrEqual(profile.columns);
    }
  });

  it('draws rules and the ruler across the full width', () => {
    for (const profile of [NARROW, WIDE]) {
      const [thin, thick, digits, cjk] = preview(profile, { kind: 'rule' }, { kind: 'rule', style: 'thick' }, { kind: 'ruler' });
      expect(thin).toBe('-'.repeat(profile.columns));
      expect(thick).toBe('='.repeat(profile.columns));
      expect(digits).toBe('1234567890'.repeat(5).slice(0, profile.columns));
      expect(cjk?.startsWith('一二三四五六七八九十一')).toBe(true);
      expect(displayColumns(cjk ?? '', 'gbk')).toBe(profile.columns);
    }
  });

  it('indents a field value under itself', () => {
    const lines = preview(NARROW, { kind: 'field', label: '事项', value: '个体工商户设立登记（含名称自主申报、经营范围规范表述）' });
    // 13 characters a line after the 6-column label; `）` may not start a line, so `述` goes with it.
    expect(lines).toEqual(['事项：个体工商户设立登记（含名称', '      自主申报、经营范围规范表', '      述）']);
  });

  it('puts a pair on one line, right part flush right, and wraps the left part when both do not fit', () => {
    expect(preview(NARROW, { kind: 'pair', left: '营业执照复印件', right: '已收' })).toEqual(['营业执照复印件' + ' '.repeat(14) + '已收']);
    const long = preview(NARROW, { kind: 'pair', left: '法定代表人身份证明及其授权委托书', right: '12-07前补交' });
    expect(long).toEqual(['法定代表人身份证明及 12-07前补交', '其授权委托书']);
    expect(displayColumns(long[0] ?? '', 'gbk')).toBe(32);
    const wide = preview(WIDE, { kind: 'pair', left: '法定代表人身份证明及其授权委托书', right: '12-07前补交' });
    expect(wide).toEqual(['法定代表人身份证明及其授权委托书     12-07前补交']);
  });

  it('counts size-2 text double', () => {
    const lines = preview(NARROW, { kind: 'text', text: '请到三号窗口办理业务谢谢', size: 2 });
    expect(lines).toEqual(['请到三号窗口办理', '业务谢谢']);
    expect(preview(NARROW, { kind: 'text', text: 'A008', size: 2, align: 'center' })).toEqual([' '.repeat(14) + 'A008']);
  });

  it('centres and right-aligns with the same width rule', () => {
    expect(preview(NARROW, { kind: 'text', text: '受理回执', align: 'center' })).toEqual([' '.repeat(12) + '受理回执']);
    expect(preview(NARROW, { kind: 'text', text: '𠮷A', align: 'right' })).toEqual([' '.repeat(29) + '𠮷A']);
  });

  it('marks a reprint at the top, and shows a QR code by its payload', () => {
    const lines = thermalPreviewLines(doc({ kind: 'qr', payload: 'Q123', caption: '扫码查询' }), NARROW, { reprint: { at: '2026-11-30 14:05' } });
    expect(lines.map((l) => l.trim())).toEqual(['【补打】 2026-11-30 14:05', '[二维码] Q123', '扫码查询']);
  });

  it('refuses a QR payload that is not ASCII (the caller’s bug)', () => {
    expect(() => preview(NARROW, { kind: 'qr', payload: '查询张三' })).toThrow(/ASCII/);
    expect(() => preview(NARROW, { kind: 'qr', payload: '' })).toThrow(/ASCII/);
  });

  it('shows rare characters as themselves, and a character no font has as its marker', () => {
    expect(preview(NARROW, { kind: 'field', label: '申请人', value: '张𠮷\u{2EBF0}' })).toEqual(['申请人：张𠮷[U+2EBF0]']);
    expect(thermalPreviewLines(doc({ kind: 'text', text: '张𠮷\u{2EBF0}' }), NARROW)).toEqual(['张𠮷\u{2EBF0}']);
  });
});

describe('any document', () => {
  const piece = fc.array(fc.constantFrom('张', '三', 'A', '7', ' ', '，', '）', '𠮷', '㐂', '\u{2EBF0}', '-', '：'), { maxLength: 60 }).map((c) => c.join(''));
  const block: fc.Arbitrary<ThermalBlock> = fc.oneof(
    fc.record({ kind: fc.constant('text' as const), text: piece, align: fc.constantFrom('left' as const, 'center' as const, 'right' as const), size: fc.constantFrom(1 as const, 2 as const) }),
    fc.record({ kind: fc.constant('field' as const), label: piece, value: piece }),
    fc.record({ kind: fc.constant('pair' as const), left: piece, right: piece }),
  );

  it('never lays out a line wider than the paper, at 58 or 80 mm', () => {
    fc.assert(
      fc.property(fc.array(block, { minLength: 1, maxLength: 6 }), fc.constantFrom(NARROW, WIDE), (blocks, profile) => {
        for (const line of preview(profile, ...blocks)) expect(displayColumns(line, 'gbk', (c) => fixedGlyphs().glyph(c, 24))).toBeLessThanOrEqual(profile.columns);
      }),
      { numRuns: 300 },
    );
  });
});
