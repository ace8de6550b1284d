import { describe, expect, it } from 'vitest';
import { CounterCallError } from '../../../electron/contract';
import { errorMessage, sameNameFields, splitCallError } from '../../../renderer/src/shared/call-error';

describe('a failed call becomes messages beside fields and one on top', () => {
  const fields = sameNameFields('reason', 'legalBasis');

  it('puts each field error beside its field and drops the generic summary', () => {
    const err = new CounterCallError({
      code: 'invalid_arguments',
      message: '参数不正确',
      fieldErrors: [
        { path: 'reason', message: '不予许可须写明理由' },
        { path: 'legalBasis', message: '不予许可须写明法律依据' },
      ],
    });
    expect(splitCallError(err, fields)).toEqual({
      general: null,
      fields: [
        { name: 'reason', errors: ['不予许可须写明理由'] },
        { name: 'legalBasis', errors: ['不予许可须写明法律依据'] },
      ],
    });
  });

  it('never drops a message the form has no field for', () => {
    const err = new CounterCallError({
      code: 'invalid_arguments',
      message: '参数不正确',
      fieldErrors: [
        { path: 'reason', message: '请填写原因' },
        { path: 'caseId', message: '标识格式不正确' },
      ],
    });
    const split = splitCallError(err, fields);
    expect(split.general).toBe('标识格式不正确');
    expect(split.fields).toEqual([{ name: 'reason', errors: ['请填写原因'] }]);
  });

  it('keeps the core message on top when the refusal is about the case, not a field', () => {
    const err = new CounterCallError({
      code: 'illegal_transition',
      message: '尚有 1 项容缺材料未补齐，不能作出准予决定',
    });
    expect(splitCallError(err, fields)).toEqual({ general: '尚有 1 项容缺材料未补齐，不能作出准予决定', fields: [] });
  });

  it('maps nested paths through the form’s own mapping', () => {
    const err = new CounterCallError({
      code: 'invalid_arguments',
      message: '参数不正确',
      fieldErrors: [{ path: 'materials.1.copies', message: '已收材料份数至少为 1' }],
    });
    const ticked = ['M2', 'M5'];
    const split = splitCallError(err, (path) => {
      const m = /^materials\.(\d+)\.(\w+)$/.exec(path);
      return m ? ['rows', ticked[Number(m[1])] ?? '', m[2] ?? ''] : null;
    });
    expect(split.fields).toEqual([{ name: ['rows', 'M5', 'copies'], errors: ['已收材料份数至少为 1'] }]);
  });

  it('says something in Chinese for any other failure', () => {
    expect(errorMessage(new Error('boom'))).toBe('操作失败：boom');
    expect(errorMessage('x')).toBe('操作失败，请重试');
    expect(splitCallError(new TypeError('x is undefined'), fields).general).toBe('操作失败：x is undefined');
  });
});
