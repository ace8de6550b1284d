import { describe, expect, it } from 'vitest';
import { ChangePinArgs, CounterCallError } from '../../../electron/contract';
import { changePinArgs, changePinErrors } from '../../../renderer/src/app/change-pin';

// The PIN-change screen and dialog: the call they make and where a refusal is shown.

describe('changing one’s own PIN', () => {
  it('sends the current and the new PIN, not the repeated one', () => {
    expect(changePinArgs({ currentPin: '260417', newPin: '739154', newPinAgain: '739154' })).toEqual({ currentPin: '260417', newPin: '739154' });
  });

  it('gets the contract’s own words for a trivial new PIN or the same one again', () => {
    const trivial = ChangePinArgs.safeParse(changePinArgs({ currentPin: '260417', newPin: '111111' }));
    expect(trivial.success ? null : trivial.error.issues.map((i) => [i.path.join('.'), i.message])).toEqual([['newPin', '密码不能全是同一个数字']]);
    const same = ChangePinArgs.safeParse(changePinArgs({ currentPin: '739154', newPin: '739154' }));
    expect(same.success ? null : same.error.issues.map((i) => [i.path.join('.'), i.message])).toEqual([['newPin', '新密码不能与当前密码相同']]);
  });

  it('shows a wrong current PIN beside 当前密码, with the tries left', () => {
    const err = new CounterCallError({ code: 'sign_in_failed', message: '密码错误，还可尝试 4 次' });
    expect(changePinErrors(err)).toEqual({ general: null, fields: [{ name: 'currentPin', errors: ['密码错误，还可尝试 4 次'] }] });
    // Said once, not also on top, when the core names the field itself.
    const named = new CounterCallError({
      code: 'sign_in_failed',
      message: '密码错误，还可尝试 3 次',
      fieldErrors: [{ path: 'currentPin', message: '密码错误，还可尝试 3 次' }],
    });
    expect(changePinErrors(named)).toEqual({ general: null, fields: [{ name: 'currentPin', errors: ['密码错误，还可尝试 3 次'] }] });
  });

  it('puts the core’s field messages beside their fields and anything else on top', () => {
    const err = new CounterCallError({
      code: 'invalid_arguments',
      message: '参数不正确',
      fieldErrors: [{ path: 'newPin', message: '密码不能是日期（如生日 19900101、199001、900101）' }],
    });
    expect(changePinErrors(err)).toEqual({ general: null, fields: [{ name: 'newPin', errors: ['密码不能是日期（如生日 19900101、199001、900101）'] }] });
    expect(changePinErrors(new CounterCallError({ code: 'staff_locked', message: '账号已锁定，请 5 分钟后再试' }))).toEqual({
      general: '账号已锁定，请 5 分钟后再试',
      fields: [],
    });
  });
});
