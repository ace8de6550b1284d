import { describe, expect, it } from 'vitest';
import { boundedText, CONTROL_CHARACTER_MESSAGE, requiredText } from '../../../electron/contract/common';

describe('free text refuses control characters (an ID-card reader padding with NUL, pasted text)', () => {
  it('refuses NUL and the other C0 controls, with words a clerk can act on', () => {
    for (const text of ['张三\u0000', 'a\u0001b', '\u001b[0m', 'x\u000by', 'x\u000cy', '\u001f']) {
      const result = boundedText(50).safeParse(text);
      expect(result.success, JSON.stringify(text)).toBe(false);
      expect(result.error?.issues[0]?.message).toBe(CONTROL_CHARACTER_MESSAGE);
      expect(requiredText(50, '请填写').safeParse(text).success).toBe(false);
    }
  });

  it('keeps tabs and line breaks inside the text, and everything printable', () => {
    expect(boundedText(50).parse('第一行\n第二行\r\n\t缩进')).toBe('第一行\n第二行\r\n\t缩进');
    expect(requiredText(50, '请填写').parse('  𠮷野家 No.1  ')).toBe('𠮷野家 No.1');
  });
});
