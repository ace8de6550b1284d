import { describe, expect, it } from 'vitest';
import { methods } from '../../../electron/contract/methods';

/** The messages of the first problem zod finds with `args` for `method`. */
function messages(method: keyof typeof methods, args: unknown): string[] {
  const parsed = methods[method].args.safeParse(args);
  if (parsed.success) throw new Error('expected a refusal');
  return parsed.error.issues.map((i) => i.message);
}

describe('a call of the wrong shape', () => {
  it('is refused in Chinese, not in zod English', () => {
    const said = [
      ...messages('cases.search', { text: '张'.repeat(61) }),
      ...messages('cases.search', { text: '张三', colour: 'red' }),
      ...messages('cases.search', { limit: 'x' }),
      ...messages('catalog.search', {}),
    ];
    for (const message of said) {
      expect(message).toMatch(/[\u4e00-\u9fff]/);
      expect(message).not.toMatch(/Too big|Unrecognized|Invalid input|expected/i);
    }
    expect(said).toContain('不认识的字段：colour');
    expect(said).toContain('缺少必填项');
    expect(said).toContain('类型不正确');
    expect(said).toContain('不超过 60 个字符');
  });

  it('keeps the words a schema gives itself', () => {
    expect(messages('cases.get', { caseId: 42 })).toEqual(['标识格式不正确']);
  });
});
