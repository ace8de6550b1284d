import { describe, expect, it } from 'vitest';
import { CounterError } from '../../../../electron/contract/errors';
import { methods, type MethodName } from '../../../../electron/contract/methods';
import { createDispatcher, DEFAULT_SLOW_CALL_MS, type Handlers } from '../../../../electron/core/dispatcher/dispatcher';
import type { Logger } from '../../../../electron/core/logging/logger';
import type { OnDuty } from '../../../../electron/core/staff/session-manager';

interface Line {
  level: 'debug' | 'info' | 'warn' | 'error';
  message: string;
  fields: Record<string, unknown> | undefined;
}

function recordingLog(): Logger & { lines: Line[] } {
  const lines: Line[] = [];
  const at = (level: Line['level']) => (message: string, fields?: Record<string, unknown>) => {
    lines.push({ level, message, fields });
  };
  return { lines, debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
}

/** Every method answers `null` at once unless the test gives it a handler of its own. */
function handlersWith(own: Partial<Record<MethodName, (args: unknown) => unknown>>): Handlers {
  const all = Object.fromEntries((Object.keys(methods) as MethodName[]).map((m) => [m, own[m] ?? (() => null)]));
  return all as unknown as Handlers;
}

const noStaff = (): OnDuty => {
  throw new Error('no staff method is called in these tests');
};

/** A clock the handlers move on, so "took 150 ms" does not depend on how busy the machine is. */
function fakeClock(): { now: () => number; advance(ms: number): void } {
  let t = 1_000;
  return { now: () => t, advance: (ms) => (t += ms) };
}

describe('slow calls', () => {
  it('logs a call that takes longer than the threshold, by method name, duration and outcome, never its arguments', async () => {
    const clock = fakeClock();
    const log = recordingLog();
    const dispatch = createDispatcher(
      handlersWith({
        'app.health': async () => {
          clock.advance(150);
          return null;
        },
      }),
      noStaff,
      log,
      { now: clock.now },
    );
    const envelope = await dispatch('app.health', {});
    expect(envelope.ok).toBe(true);
    expect(log.lines).toEqual([{ level: 'warn', message: 'slow call', fields: { method: 'app.health', ms: 150, ok: true } }]);
  });

  it('logs a slow call that fails too, with its error code, and without the arguments that made it fail', async () => {
    const clock = fakeClock();
    const log = recordingLog();
    const dispatch = createDispatcher(
      handlersWith({
        'session.signIn': () => {
          clock.advance(400);
          throw new Error('disk gone');
        },
      }),
      noStaff,
      log,
      { now: clock.now, slowCallMs: 250 },
    );
    const envelope = await dispatch('session.signIn', { staffNumber: '1001', pin: '583920' });
    expect(envelope.ok).toBe(false);
    const slow = log.lines.filter((l) => l.message === 'slow call');
    expect(slow).toEqual([{ level: 'warn', message: 'slow call', fields: { method: 'session.signIn', ms: 400, ok: false, code: 'internal' } }]);
    expect(JSON.stringify(log.lines)).not.toContain('583920');
  });

  it("logs a refused slow call's code but not its message, which may quote what the clerk typed", async () => {
    const clock = fakeClock();
    const log = recordingLog();
    const dispatch = createDispatcher(
      handlersWith({
        'session.signIn': () => {
          clock.advance(300);
          throw new CounterError('sign_in_failed', '工号 7731 或密码不正确');
        },
      }),
      noStaff,
      log,
      { now: clock.now },
    );
    const envelope = await dispatch('session.signIn', { staffNumber: '7731', pin: '583920' });
    expect(envelope.ok).toBe(false);
    expect(log.lines).toEqual([{ level: 'warn', message: 'slow call', fields: { method: 'session.signIn', ms: 300, ok: false, code: 'sign_in_failed' } }]);
    expect(JSON.stringify(log.lines)).not.toContain('7731');
  });

  it('says nothing of a call within the threshold, 100 ms unless told otherwise', async () => {
    expect(DEFAULT_SLOW_CALL_MS).toBe(100);
    const clock = fakeClock();
    const log = recordingLog();
    let takes = 0;
    const dispatch = createDispatcher(
      handlersWith({
        'app.health': () => {
          clock.advance(takes);
          return null;
        },
      }),
      noStaff,
      log,
      { now: clock.now },
    );
    for (takes of [0, 40, 100]) await dispatch('app.health', {});
    expect(log.lines).toEqual([]);
    takes = 101;
    await dispatch('app.health', {});
    expect(log.lines.map((l) => l.fields)).toEqual([{ method: 'app.health', ms: 101, ok: true }]);
  });

  it('times real calls with the default clock: a handler that waits past the threshold is logged, a quick one is not', async () => {
    const log = recordingLog();
    const dispatch = createDispatcher(
      handlersWith({
        'app.health': () => new Promise((resolve) => setTimeout(() => resolve(null), 80)),
        'app.windowInfo': () => null,
      }),
      noStaff,
      log,
      // Far from both calls' durations, so a busy machine cannot flip either result.
      { slowCallMs: 40 },
    );
    await dispatch('app.windowInfo', {});
    expect(log.lines).toEqual([]);
    await dispatch('app.health', {});
    expect(log.lines).toHaveLength(1);
    expect(log.lines[0]?.fields?.['method']).toBe('app.health');
    expect(log.lines[0]?.fields?.['ms']).toBeGreaterThanOrEqual(75);
  });

  it('does not log an unknown method name, whatever it is', async () => {
    const clock = fakeClock();
    const log = recordingLog();
    const dispatch = createDispatcher(handlersWith({}), noStaff, log, { now: () => (clock.advance(500), clock.now()) });
    const envelope = await dispatch('cases.drop', {});
    expect(envelope).toEqual({ ok: false, error: { code: 'unknown_method', message: '未知的调用：cases.drop' } });
    expect(log.lines).toEqual([]);
  });
});
