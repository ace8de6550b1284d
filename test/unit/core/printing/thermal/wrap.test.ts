import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isSpace, printUnits, unitColumns, unitText } from '../../../../../electron/core/printing/thermal/print-units';
import { wrapUnits } from '../../../../../electron/core/printing/thermal/wrap';
import { fixedGlyphs } from './fixed-glyphs';

const glyphs = fixedGlyphs();
const lookup = (char: string) => glyphs.glyph(char, 24);
const ALPHABET = ['张', '三', '受', '理', 'A', 'b', '7', '-', ' ', ' ', '，', '𠮷', '㐂', '\uF900', '\u{2EBF0}', '/'];

describe('wrapping', () => {
  it('never overflows a line nor splits a character (mixed CJK / ASCII / glyphs / markers)', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...ALPHABET), { maxLength: 160 }), fc.constantFrom(10, 16, 24, 32, 48), (chars, width) => {
        const units = printUnits(chars.join(''), 'gbk', lookup);
        const lines = wrapUnits(units, width);
        for (const line of lines) expect(unitColumns(line)).toBeLessThanOrEqual(width);
        // Only spaces may disappear (at the breaks); every other unit comes out whole and in order.
        const kept = lines.flat().filter((u) => !isSpace(u));
        expect(kept).toEqual(units.filter((u) => !isSpace(u)));
      }),
      { numRuns: 400 },
    );
  });

  it('breaks CJK anywhere and fills the line', () => {
    const lines = wrapUnits(printUnits('一二三四五六七八九十一二三四五六七八九十', 'gbk'), 32);
    expect(lines.map(unitText)).toEqual(['一二三四五六七八九十一二三四五六', '七八九十']);
  });

  it('never puts half of a 2-byte character at a line end: an odd width leaves a column free', () => {
    const lines = wrapUnits(printUnits('A一二三四五六七八', 'gbk'), 8);
    expect(lines.map(unitText)).toEqual(['A一二三', '四五六七', '八']);
  });

  it('moves an ASCII word whole to the next line when it fits there', () => {
    const lines = wrapUnits(printUnits('编号 SWB-2026-000123 已受理', 'gbk'), 16);
    expect(lines.map(unitText)).toEqual(['编号', 'SWB-2026-000123', '已受理']);
  });

  it('breaks a word longer than the line after its last hyphen that fits, never mid-number', () => {
    // A case number at size 2 on 58 mm paper: 16 columns.
    expect(wrapUnits(printUnits('JQ-12-20261130-0001', 'gbk'), 16).map(unitText)).toEqual(['JQ-12-20261130-', '0001']);
    // On 80 mm (24 columns at size 2) it stays whole.
    expect(wrapUnits(printUnits('JQ-12-20261130-0001', 'gbk'), 24).map(unitText)).toEqual(['JQ-12-20261130-0001']);
    // Glued to CJK text the word breaks at its hyphen too; with no hyphen, where the width runs out.
    expect(wrapUnits(printUnits('编号JQ-12-20261130-0001', 'gbk'), 16).map(unitText)).toEqual(['编号JQ-12-', '20261130-0001']);
    expect(wrapUnits(printUnits('ABCDEFGHIJKLMNOPQRST', 'gbk'), 16).map(unitText)).toEqual(['ABCDEFGHIJKLMNOP', 'QRST']);
  });

  it('keeps a marker whole', () => {
    const lines = wrapUnits(printUnits('一二三四五六\u{2EBF0}', 'gbk', lookup), 16);
    expect(lines.map(unitText)).toEqual(['一二三四五六', '[U+2EBF0]']);
  });
});

describe('line-start punctuation (避头)', () => {
  it('takes the character before a closing mark to the next line instead of starting a line with it', () => {
    const lines = wrapUnits(printUnits('一二三四五六七，八', 'gbk'), 14);
    expect(lines.map(unitText)).toEqual(['一二三四五六', '七，八']);
  });
});
