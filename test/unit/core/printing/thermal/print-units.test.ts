import { describe, expect, it } from 'vitest';
import { encodeInPrinterFont } from '../../../../../electron/core/printing/thermal/printer-charset';
import { displayColumns, printUnits, unitText } from '../../../../../electron/core/printing/thermal/print-units';
import { standardEquivalent } from '../../../../../electron/core/printing/thermal/standard-equivalent';
import { fixedGlyphs } from './fixed-glyphs';

const hex = (bytes: Uint8Array | null): string | null => (bytes ? Buffer.from(bytes).toString('hex') : null);
const lookup = (char: string) => fixedGlyphs().glyph(char, 24);

describe('what the printer font holds', () => {
  it('takes ASCII as one byte and GBK characters as two, on both encodings', () => {
    for (const encoding of ['gbk', 'gb18030'] as const) {
      expect(hex(encodeInPrinterFont('A', encoding))).toBe('41');
      expect(hex(encodeInPrinterFont('张', encoding))).toBe('d5c5');
      expect(hex(encodeInPrinterFont('【', encoding))).toBe('a1be');
    }
  });

  it('refuses characters a GBK font lacks, and 4-byte GB18030 on a gb18030 printer', () => {
    for (const encoding of ['gbk', 'gb18030'] as const) {
      expect(encodeInPrinterFont('𠮷', encoding)).toBeNull(); // U+20BB7, 4 bytes in GB18030
      expect(encodeInPrinterFont('𡒄', encoding)).toBeNull();
      expect(encodeInPrinterFont('㐂', encoding)).toBeNull(); // Ext. A, 4 bytes in GB18030
      expect(encodeInPrinterFont('\uE000', encoding)).toBeNull(); // user-defined area: vendor-specific
      expect(encodeInPrinterFont('\u001b', encoding)).toBeNull(); // would be a command
    }
    // cp936 puts € at the single byte 0x80: not a character of Chinese mode.
    expect(encodeInPrinterFont('€', 'gbk')).toBeNull();
    expect(hex(encodeInPrinterFont('€', 'gb18030'))).toBe('a2e3');
  });

  it('prints a compatibility ideograph as its unified form, and nothing else as another character', () => {
    expect(standardEquivalent('\uF900', 'gbk')).toBe('\u8C48'); // 豈 → 豈
    expect(standardEquivalent('\u{2F800}', 'gbk')).toBe('\u4E3D'); // 丽 → 丽
    expect(standardEquivalent('\u2F00', 'gbk')).toBe('一'); // Kangxi radical one
    expect(standardEquivalent('\u00A0', 'gbk')).toBe(' ');
    expect(standardEquivalent('𠮷', 'gbk')).toBeNull();
    expect(standardEquivalent('㐂', 'gb18030')).toBeNull();
    // U+2F80D's unified form is U+2063A (Ext. B), in no printer font: no equivalent, a picture instead.
    expect(standardEquivalent('\u{2F80D}', 'gbk')).toBeNull();
    expect(standardEquivalent('\u{2F81F}', 'gb18030')).toBeNull(); // → U+34DF, Ext. A
  });
});

describe('print units', () => {
  it('makes a rare character a two-column glyph, a character no font has a marker', () => {
    const units = printUnits('张𠮷\u{2EBF0}A', 'gbk', lookup);
    expect(units.map((u) => [u.kind, u.text, u.columns])).toEqual([
      ['font', '张', 2],
      ['glyph', '𠮷', 2],
      ['font', '[U+2EBF0]', 9],
      ['font', 'A', 1],
    ]);
  });

  it('prints a compatibility ideograph in the font, and shows it as stored', () => {
    const [unit] = printUnits('\uF900', 'gbk', lookup);
    expect(unit?.kind).toBe('font');
    expect(unit?.text).toBe('\uF900');
    expect(unit?.kind === 'font' && hex(unit.bytes)).toBe(hex(encodeInPrinterFont('\u8C48', 'gbk')));
  });

  it('composes combining marks and keeps variation selectors out of the bytes', () => {
    const [composed] = printUnits('e\u0301', 'gbk', lookup);
    expect(composed?.kind === 'font' && hex(composed.bytes)).toBe('a8a6'); // é
    const ivs = printUnits('葛\u{E0100}', 'gbk', lookup);
    expect(ivs).toHaveLength(1);
    expect(ivs[0]?.kind === 'font' && hex(ivs[0].bytes)).toBe(hex(encodeInPrinterFont('葛', 'gbk')));
    expect(unitText(ivs)).toBe('葛\u{E0100}');
  });

  it('counts columns by bytes in the font, glyphs as two', () => {
    expect(displayColumns('受理ABC', 'gbk')).toBe(7);
    expect(displayColumns('𠮷', 'gbk')).toBe(2);
    expect(displayColumns('𠮷', 'gb18030')).toBe(2);
    expect(displayColumns('\u{2EBF0}', 'gbk', lookup)).toBe(9);
    expect(displayColumns('\u{2EBF0}', 'gbk')).toBe(2);
  });

  it('never drops a character: every one is in the font, a glyph or a marker', () => {
    const name = '张𠮷𡒄㐂\uF900\u{2F800}\u{2EBF0}😀';
    const units = printUnits(name, 'gbk', (char) => fixedGlyphs(['\u{2EBF0}', '😀']).glyph(char, 24));
    expect(units).toHaveLength([...name].length);
    expect(unitText(units)).toBe('张𠮷𡒄㐂\uF900\u{2F800}[U+2EBF0][U+1F600]');
  });
});
