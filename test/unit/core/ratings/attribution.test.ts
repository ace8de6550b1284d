import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { attribute, believedDeviceTime, coinTime, DEVICE_CLOCK_SET_FLOOR, onDutyLookupAt, PLAUSIBLE_DEVICE_CLOCK_MS, signedInLookupAt } from '../../../../electron/core/ratings/attribution';

const HOST = '2026-11-30T02:00:00.000Z';
const at = (ms: number): string => new Date(Date.parse(HOST) + ms).toISOString();

describe('the time of a coin', () => {
  it('believes a device time up to 10 minutes ahead of the host, however late it was delivered, and not before the clock-set floor', () => {
    expect(coinTime(at(-PLAUSIBLE_DEVICE_CLOCK_MS), HOST)).toBe(at(-PLAUSIBLE_DEVICE_CLOCK_MS));
    // Queued in the device over lunch (cable out): the time it fell, not the delivery.
    expect(coinTime(at(-25 * 60_000), HOST)).toBe(at(-25 * 60_000));
    expect(coinTime(at(-3 * 86_400_000), HOST)).toBe(at(-3 * 86_400_000));
    expect(coinTime(at(PLAUSIBLE_DEVICE_CLOCK_MS), HOST)).toBe(at(PLAUSIBLE_DEVICE_CLOCK_MS));
    expect(coinTime(at(PLAUSIBLE_DEVICE_CLOCK_MS + 1000), HOST)).toBe(HOST);
    expect(coinTime('1970-01-01T00:00:00.000Z', HOST)).toBe(HOST);
    expect(coinTime('2019-12-31T23:59:59.000Z', HOST)).toBe(HOST);
    expect(coinTime(DEVICE_CLOCK_SET_FLOOR, HOST)).toBe(DEVICE_CLOCK_SET_FLOOR);
    expect(coinTime(null, HOST)).toBe(HOST);
    expect(coinTime('not a time', HOST)).toBe(HOST);
  });

  it('is never after the host by more than 10 minutes, nor before the floor, whatever the device says', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 0xffffffff }), (unixSeconds) => {
        const t = Date.parse(coinTime(new Date(unixSeconds * 1000).toISOString(), HOST));
        expect(t - Date.parse(HOST)).toBeLessThanOrEqual(PLAUSIBLE_DEVICE_CLOCK_MS);
        expect(t).toBeGreaterThanOrEqual(Date.parse(DEVICE_CLOCK_SET_FLOOR));
      }),
    );
  });

  it('looks up who was on duty at the end of the device second; at receipt for a device with no clock; nobody for a clock not believed', () => {
    expect(signedInLookupAt(at(-5000))).toBe(at(-4001));
    expect(onDutyLookupAt(at(-25 * 60_000), HOST)).toBe(at(-25 * 60_000 + 999));
    expect(onDutyLookupAt(null, HOST)).toBe(HOST);
    expect(onDutyLookupAt('1970-01-01T00:00:00.000Z', HOST)).toBeNull();
    expect(onDutyLookupAt(at(PLAUSIBLE_DEVICE_CLOCK_MS + 1000), HOST)).toBeNull();
    expect(believedDeviceTime('garbage', HOST)).toBeNull();
  });
});

describe('attribution', () => {
  it('a known session first, then whoever was signed in, then nobody', () => {
    expect(attribute({ id: 's', caseId: 'c', staffId: 'p' }, 'q')).toEqual({ attribution: 'session', sessionId: 's', caseId: 'c', staffId: 'p' });
    expect(attribute(null, 'q')).toEqual({ attribution: 'on_duty', sessionId: null, caseId: null, staffId: 'q' });
    expect(attribute(null, null)).toEqual({ attribution: 'nobody', sessionId: null, caseId: null, staffId: null });
  });
});
