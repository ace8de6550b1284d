import { describe, expect, it } from 'vitest';

import {
  MAX_STARTS_WITHOUT_READY,
  RESTART_DELAYS_MS,
  RestartBackoff,
  STABLE_RUN_MS,
  restartDelayMs,
} from '../../../electron/main/restart-backoff';

describe('restartDelayMs', () => {
  it('grows 1 s, 2 s, 5 s, 10 s, 30 s and then stays at the cap', () => {
    expect([0, 1, 2, 3, 4, 5, 6, 100].map((attempt) => restartDelayMs(attempt))).toEqual([
      1_000, 2_000, 5_000, 10_000, 30_000, 30_000, 30_000, 30_000,
    ]);
  });

  it('treats nonsense attempts as the first', () => {
    expect(restartDelayMs(-3)).toBe(1_000);
    expect(restartDelayMs(0.7)).toBe(1_000);
  });

  it('never returns less than a second or more than the cap', () => {
    for (let attempt = 0; attempt < 50; attempt += 1) {
      const delay = restartDelayMs(attempt);
      expect(delay).toBeGreaterThanOrEqual(1_000);
      expect(delay).toBeLessThanOrEqual(Math.max(...RESTART_DELAYS_MS));
    }
  });

  it('refuses an empty schedule', () => {
    expect(() => restartDelayMs(0, [])).toThrow();
    expect(() => new RestartBackoff({ delays: [] })).toThrow();
  });
});

describe('RestartBackoff', () => {
  it('backs off across crashes of a core that keeps dying soon after it is ready', () => {
    const backoff = new RestartBackoff();
    const delays: number[] = [];
    let now = 0;
    for (let i = 0; i < 7; i += 1) {
      backoff.recordReady(now);
      now += 1_000;
      const verdict = backoff.onUnexpectedExit(now);
      if (!verdict.restart) throw new Error('should restart');
      delays.push(verdict.delayMs);
      now += verdict.delayMs;
    }
    expect(delays).toEqual([1_000, 2_000, 5_000, 10_000, 30_000, 30_000, 30_000]);
  });

  it('starts over at 1 s after the core ran stably', () => {
    const backoff = new RestartBackoff();
    backoff.recordReady(0);
    backoff.onUnexpectedExit(10);
    backoff.recordReady(2_000);
    backoff.onUnexpectedExit(2_010);
    expect(backoff.consecutiveFailures).toBe(2);

    backoff.recordReady(10_000);
    const verdict = backoff.onUnexpectedExit(10_000 + STABLE_RUN_MS);
    expect(verdict).toEqual({ restart: true, delayMs: 1_000, attempt: 0 });
  });

  it('gives up after repeated starts that never reach ready', () => {
    const backoff = new RestartBackoff();
    const verdicts = [];
    for (let i = 0; i < MAX_STARTS_WITHOUT_READY; i += 1) verdicts.push(backoff.onUnexpectedExit(i * 1000));
    expect(verdicts.slice(0, -1).every((v) => v.restart)).toBe(true);
    expect(verdicts.at(-1)).toEqual({ restart: false, startsWithoutReady: MAX_STARTS_WITHOUT_READY });
  });

  it('forgives failed starts once a start succeeds', () => {
    const backoff = new RestartBackoff({ maxStartsWithoutReady: 2 });
    expect(backoff.onUnexpectedExit(0).restart).toBe(true);
    backoff.recordReady(1_000);
    expect(backoff.onUnexpectedExit(2_000).restart).toBe(true);
    expect(backoff.onUnexpectedExit(3_000).restart).toBe(true);
    expect(backoff.onUnexpectedExit(4_000).restart).toBe(false);
  });

  it('accepts its own schedule', () => {
    const backoff = new RestartBackoff({ delays: [10, 20] });
    expect([0, 1, 2].map(() => {
      const verdict = backoff.onUnexpectedExit(0);
      return verdict.restart ? verdict.delayMs : -1;
    })).toEqual([10, 20, 20]);
  });
});
