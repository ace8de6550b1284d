import { describe, expect, it } from 'vitest';
import { codePointCount, limitedEdit, refusedMessage } from '../../../renderer/src/components/limited-text-rules';

describe('a limited text field', () => {
  it('counts rare characters as one, as the core does', () => {
    expect(codePointCount('𠮷𠮷a')).toBe(3);
    expect(limitedEdit('𠮷𠮷', '𠮷𠮷𠮷', 3)).toEqual({ value: '𠮷𠮷𠮷', refused: false });
  });

  it('refuses an edit past the limit whole, cutting nothing already typed', () => {
    // Typed in the middle of a full field: the end is not dropped to make room.
    expect(limitedEdit('abcde', 'abXcde', 5)).toEqual({ value: 'abcde', refused: true });
    // A paste that would overflow leaves the field as it was (the clipboard still has it all).
    expect(limitedEdit('ab', 'ab' + '字'.repeat(10), 5)).toEqual({ value: 'ab', refused: true });
    expect(refusedMessage(500)).toBe('最多 500 字，这次输入或粘贴会超出，未录入');
    expect(refusedMessage(40, '位')).toBe('最多 40 位，这次输入或粘贴会超出，未录入');
  });

  it('always lets an over-long value (a restored draft) be shortened', () => {
    expect(limitedEdit('abcdefg', 'abcdef', 5)).toEqual({ value: 'abcdef', refused: false });
    expect(limitedEdit('abcdefg', 'abcdefgh', 5)).toEqual({ value: 'abcdefg', refused: true });
  });

  it('keeps line breaks as typed', () => {
    expect(limitedEdit('第一行', '第一行\n第二行', 10)).toEqual({ value: '第一行\n第二行', refused: false });
  });
});
