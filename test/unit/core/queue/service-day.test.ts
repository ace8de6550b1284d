import { afterEach, describe, expect, it } from 'vitest';
import { serviceDayOf, serviceDayStart } from '../../../../electron/core/queue';

const PC_ZONE = process.env.TZ;
afterEach(() => {
  if (PC_ZONE === undefined) delete process.env.TZ;
  else process.env.TZ = PC_ZONE;
});

describe('the service day', () => {
  it('starts at the reset hour of the hall’s clock: with reset at 04:00, 03:59 is still the day before', () => {
    // Asia/Shanghai is UTC+8: 04:00 on the 24th there is 20:00Z on the 23rd, across UTC's midnight.
    expect(serviceDayOf(new Date('2026-11-23T19:59:59.999Z'), 'Asia/Shanghai', 4)).toBe('2026-11-23');
    expect(serviceDayOf(new Date('2026-11-23T20:00:00.000Z'), 'Asia/Shanghai', 4)).toBe('2026-11-24');
    // Shanghai's midnight (16:00Z) does not turn the day over with reset at 04:00 …
    expect(serviceDayOf(new Date('2026-11-23T16:30:00.000Z'), 'Asia/Shanghai', 4)).toBe('2026-11-23');
    // … and does with reset at 0.
    expect(serviceDayOf(new Date('2026-11-23T15:59:59.999Z'), 'Asia/Shanghai', 0)).toBe('2026-11-23');
    expect(serviceDayOf(new Date('2026-11-23T16:00:00.000Z'), 'Asia/Shanghai', 0)).toBe('2026-11-24');
    expect(serviceDayStart('2026-11-24', 'Asia/Shanghai', 4).toISOString()).toBe('2026-11-23T20:00:00.000Z');
    // Across a month's and a year's end.
    expect(serviceDayOf(new Date('2026-12-31T17:00:00.000Z'), 'Asia/Shanghai', 4)).toBe('2026-12-31');
    expect(serviceDayOf(new Date('2026-02-28T18:00:00.000Z'), 'Asia/Shanghai', 4)).toBe('2026-02-28');
  });

  it('is the same on a PC whose own time zone is another (an installer set it wrong)', () => {
    const instants = ['2026-11-23T15:59:00.000Z', '2026-11-23T16:00:00.000Z', '2026-11-23T19:59:00.000Z', '2026-11-23T20:00:00.000Z'].map((s) => new Date(s));
    const inShanghai = instants.map((d) => serviceDayOf(d, 'Asia/Shanghai', 4));
    process.env.TZ = 'America/Los_Angeles';
    // The PC's zone did change (its local hour of 20:00Z is 12).
    expect(new Date('2026-11-23T20:00:00.000Z').getHours()).toBe(12);
    expect(instants.map((d) => serviceDayOf(d, 'Asia/Shanghai', 4))).toEqual(inShanghai);
    expect(inShanghai).toEqual(['2026-11-23', '2026-11-23', '2026-11-23', '2026-11-24']);
    expect(serviceDayStart('2026-11-24', 'Asia/Shanghai', 4).toISOString()).toBe('2026-11-23T20:00:00.000Z');
  });

  it('turns over at the local reset hour in a zone with daylight saving, on the change days too', () => {
    // New York, 2026-03-08: clocks jump from 02:00 to 03:00 (EST → EDT); reset at 04:00 EDT = 08:00Z.
    expect(serviceDayOf(new Date('2026-03-08T07:59:00.000Z'), 'America/New_York', 4)).toBe('2026-03-07');
    expect(serviceDayOf(new Date('2026-03-08T08:00:00.000Z'), 'America/New_York', 4)).toBe('2026-03-08');
    expect(serviceDayStart('2026-03-08', 'America/New_York', 4).toISOString()).toBe('2026-03-08T08:00:00.000Z');
    expect(serviceDayStart('2026-03-07', 'America/New_York', 4).toISOString()).toBe('2026-03-07T09:00:00.000Z');
  });
});
