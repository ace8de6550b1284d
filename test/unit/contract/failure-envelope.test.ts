import { describe, expect, it } from 'vitest';
import { failure } from '../../../electron/contract/envelope';
import { EnvelopeSchema } from '../../../electron/contract/envelope-schema';
import { CounterError } from '../../../electron/contract/errors';

describe('failure, the one failure-envelope builder', () => {
  it('builds the envelope with field errors and details when there are any', () => {
    const fieldErrors = [{ path: 'applicant.name', message: '请输入姓名' }];
    expect(failure('invalid_arguments', '请输入姓名', { fieldErrors, details: { from: 'a' } })).toEqual({
      ok: false,
      error: { code: 'invalid_arguments', message: '请输入姓名', fieldErrors, details: { from: 'a' } },
    });
    expect(failure('invalid_arguments', 'x', { fieldErrors: [] })).toEqual({ ok: false, error: { code: 'invalid_arguments', message: 'x' } });
    expect(Object.keys(failure('internal', 'x', { fieldErrors: undefined, details: undefined }).error)).toEqual(['code', 'message']);
  });

  it("gives a CounterError's failure the same shape as its payload", () => {
    const errors = [
      new CounterError('staff_locked', '已锁定', { details: { lockedUntil: '2026-11-23T02:00:00.000Z' } }),
      new CounterError('invalid_arguments', '输入有误', { fieldErrors: [] }),
      new CounterError('not_found', '未找到'),
    ];
    for (const err of errors) expect(failure(err.code, err.message, err)).toEqual({ ok: false, error: err.toPayload() });
  });

  it('builds what the envelope schema accepts', () => {
    expect(EnvelopeSchema.safeParse(failure('unavailable', '核心服务正在启动，请稍候', { details: { retryInMs: 1000 } })).success).toBe(true);
  });
});
