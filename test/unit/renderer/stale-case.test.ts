import { describe, expect, it } from 'vitest';
import { CounterCallError } from '../../../electron/contract';
import { isStaleCase, isVersionConflict, placeFieldErrors } from '../../../renderer/src/shared/call-error';

describe('a case that is no longer as the clerk saw it', () => {
  it('is a conflict over the case’s version, a step its state no longer allows, or a case not there', () => {
    const moved = new CounterCallError({ code: 'conflict', message: '办件已有新的办理记录，请刷新后再操作', details: { expectedVersion: 3, version: 4 } });
    expect(isVersionConflict(moved)).toBe(true);
    expect(isStaleCase(moved)).toBe(true);
    expect(isStaleCase(new CounterCallError({ code: 'illegal_transition', message: '当前状态不能送达' }))).toBe(true);
    expect(isStaleCase(new CounterCallError({ code: 'not_found', message: '办件不存在' }))).toBe(true);
  });

  it('is not any other conflict, nor a refusal about the arguments, nor a broken connection', () => {
    const resubmitted = new CounterCallError({ code: 'conflict', message: '这份受理单已经提交过', details: { caseId: 'c1' } });
    expect(isVersionConflict(resubmitted)).toBe(false);
    expect(isStaleCase(resubmitted)).toBe(false);
    expect(isStaleCase(new CounterCallError({ code: 'invalid_arguments', message: '参数不正确' }))).toBe(false);
    expect(isStaleCase(new Error('network'))).toBe(false);
  });
});

describe('placing messages on fields', () => {
  it('groups them by field in the order named and keeps the ones no field can show', () => {
    const placed = placeFieldErrors(
      [
        { path: 'reason', message: 'a' },
        { path: 'caseId', message: 'b' },
        { path: 'reason', message: 'c' },
        { path: 'legalBasis', message: 'd' },
      ],
      (path) => (path === 'caseId' ? null : path),
    );
    expect(placed).toEqual({
      fields: [
        { name: 'reason', errors: ['a', 'c'] },
        { name: 'legalBasis', errors: ['d'] },
      ],
      unplaced: ['b'],
    });
  });
});
