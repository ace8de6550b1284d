import { describe, expect, it } from 'vitest';
import { BACKOFF_MAX_MS, backoffDelayMs, bodyCeilingBytes, grownBatch, grownBudget, halvedBatch } from '../../../../electron/core/sync/backoff';
import { clockOffsetMs, clockWarning } from '../../../../electron/core/sync/clock-offset';

describe('back-off after failed rounds', () => {
  it('doubles from about a second to five minutes, never more, and each wait lies between half and all of its step', () => {
    const low = () => 0;
    const high = () => 0.999999;
    expect([1, 2, 3, 4].map((n) => backoffDelayMs(n, high))).toEqual([1000, 2000, 4000, 8000]);
    expect([1, 2, 3, 4].map((n) => backoffDelayMs(n, low))).toEqual([500, 1000, 2000, 4000]);
    expect(backoffDelayMs(9, high)).toBe(256_000);
    for (const n of [10, 11, 20, 1000]) {
      expect(backoffDelayMs(n, high)).toBe(BACKOFF_MAX_MS);
      expect(backoffDelayMs(n, low)).toBe(BACKOFF_MAX_MS / 2);
    }
  });

  it('spreads windows that failed together over the step (jitter), rather than all at one instant', () => {
    let seed = 7;
    const random = () => ((seed = (seed * 16807) % 2147483647) - 1) / 2147483646;
    const waits = new Set(Array.from({ length: 50 }, () => backoffDelayMs(6, random)));
    expect(waits.size).toBeGreaterThan(40);
    for (const w of waits) {
      expect(w).toBeGreaterThanOrEqual(16_000);
      expect(w).toBeLessThanOrEqual(32_000);
    }
  });
});

describe('batch size after a 413', () => {
  it('halves down to one event, then says the event alone is too large (null) instead of trying forever', () => {
    const steps: Array<number | null> = [];
    let size: number | null = 500;
    while (size !== null) {
      size = halvedBatch(size);
      steps.push(size);
    }
    expect(steps).toEqual([250, 125, 62, 31, 15, 7, 3, 1, null]);
  });

  it('grows back a quarter at a time after accepted pushes (not straight to the size refused), never past the maximum', () => {
    expect(grownBatch(1, 500)).toBe(2);
    expect(grownBatch(250, 500)).toBe(313);
    expect(grownBatch(450, 500)).toBe(500);
    expect(grownBatch(500, 500)).toBe(500);
    // From 250 after a 413 at 500: several accepted pushes before 500 is tried again.
    let size = 250;
    let steps = 0;
    while (size < 500) {
      size = grownBatch(size, 500);
      steps += 1;
    }
    expect(steps).toBeGreaterThanOrEqual(3);
  });
});

describe('push bodies sized by bytes', () => {
  it('keeps a body under 80 % of the limit the server publishes, assuming 4 MB when it says none', () => {
    expect(bodyCeilingBytes(1_000_000, null)).toBe(800_000);
    expect(bodyCeilingBytes(null, null)).toBe(Math.floor(4 * 1024 * 1024 * 0.8));
  });

  it('stays below a body size a proxy actually refused with 413, even when the server publishes more', () => {
    expect(bodyCeilingBytes(4 * 1024 * 1024, 2_000_000)).toBe(1_600_000);
    expect(bodyCeilingBytes(1_000_000, 5_000_000)).toBe(800_000);
  });

  it('grows a halved budget back by a quarter per accepted push, up to the ceiling', () => {
    expect(grownBudget(400_000, 800_000)).toBe(500_000);
    expect(grownBudget(700_000, 800_000)).toBe(800_000);
  });
});

describe('the window clock against the server', () => {
  it('takes the middle of the request as when the server read its clock', () => {
    const sent = Date.parse('2026-11-30T08:00:00.000Z');
    expect(clockOffsetMs('2026-11-30T08:00:01.000Z', sent, sent + 2000)).toBe(0);
    expect(clockOffsetMs('2026-11-30T09:00:00.000Z', sent, sent)).toBe(3_600_000);
  });

  it('tells a window an hour off, fast or slow, and keeps quiet within two minutes', () => {
    expect(clockWarning(-3_600_000)).toBe('本机时钟比上级平台快 60 分钟，请校准本机时间');
    expect(clockWarning(3_600_000)).toBe('本机时钟比上级平台慢 60 分钟，请校准本机时间');
    expect(clockWarning(119_000)).toBeNull();
    expect(clockWarning(-120_000)).toBeNull();
    expect(clockWarning(null)).toBeNull();
    expect(clockWarning(-181_000)).toBe('本机时钟比上级平台快 3 分钟，请校准本机时间');
  });
});
