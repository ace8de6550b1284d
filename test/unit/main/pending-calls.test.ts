import { describe, expect, it, vi } from 'vitest';

import { failure } from '../../../electron/contract/envelope';
import { PendingCalls } from '../../../electron/main/pending-calls';

describe('PendingCalls', () => {
  it('gives every call its own increasing id', () => {
    const calls = new PendingCalls();
    const ids = [calls.open('a').id, calls.open('b').id, calls.open('c').id];
    expect(ids).toEqual([1, 2, 3]);
    expect(calls.size).toBe(3);
  });

  it('settles the call whose id the answer carries, and only that one', async () => {
    const calls = new PendingCalls();
    const first = calls.open('app.health');
    const second = calls.open('cases.get');
    expect(calls.settle(second.id, { ok: true, value: 'second' })).toBe(true);
    await expect(second.result).resolves.toEqual({ ok: true, value: 'second' });
    expect(calls.has(first.id)).toBe(true);
    expect(calls.has(second.id)).toBe(false);
    expect(calls.size).toBe(1);
  });

  it('ignores an answer for an unknown or already settled id', async () => {
    const calls = new PendingCalls();
    const call = calls.open('x');
    expect(calls.settle(99, { ok: true, value: null })).toBe(false);
    expect(calls.settle(call.id, { ok: true, value: 1 })).toBe(true);
    expect(calls.settle(call.id, { ok: true, value: 2 })).toBe(false);
    await expect(call.result).resolves.toEqual({ ok: true, value: 1 });
  });

  it('fails every open call with the same error and reports which were ended', async () => {
    let now = 1000;
    const calls = new PendingCalls(() => now);
    const a = calls.open('intake.submit');
    now = 2000;
    const b = calls.open('cases.search');
    const ended = calls.failAll({ code: 'unavailable', message: '核心服务意外退出' });
    expect(ended).toEqual([
      { id: a.id, method: 'intake.submit', startedAt: 1000 },
      { id: b.id, method: 'cases.search', startedAt: 2000 },
    ]);
    for (const call of [a, b]) {
      await expect(call.result).resolves.toEqual({ ok: false, error: { code: 'unavailable', message: '核心服务意外退出' } });
    }
    expect(calls.size).toBe(0);
  });

  it('keeps counting ids after a failAll, so a late answer cannot match a new call', () => {
    const calls = new PendingCalls();
    const old = calls.open('a');
    calls.failAll({ code: 'unavailable', message: 'x' });
    const fresh = calls.open('b');
    expect(fresh.id).toBeGreaterThan(old.id);
    expect(calls.settle(old.id, { ok: true, value: 'late' })).toBe(false);
    expect(calls.has(fresh.id)).toBe(true);
  });

  it('has no timeout: an unanswered call stays open for as long as the core works on it', async () => {
    vi.useFakeTimers();
    try {
      const calls = new PendingCalls();
      const call = calls.open('sync.pushBatch');
      let settled = false;
      void call.result.then(() => (settled = true));
      await vi.advanceTimersByTimeAsync(24 * 60 * 60 * 1000);
      expect(settled).toBe(false);
      expect(calls.has(call.id)).toBe(true);
    } finally {
      vi.useRealTimers();
    }
  });
});

describe('failure (the contract\'s one failure-envelope builder)', () => {
  it('builds a failure value with and without details', () => {
    expect(failure('unauthorized', '请求来源不受信任')).toEqual({
      ok: false,
      error: { code: 'unauthorized', message: '请求来源不受信任' },
    });
    expect(failure('unavailable', 'x', { details: { retryInMs: 1000 } })).toEqual({
      ok: false,
      error: { code: 'unavailable', message: 'x', details: { retryInMs: 1000 } },
    });
  });
});
