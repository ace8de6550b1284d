import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { attribute, coinTime, PLAUSIBLE_DEVICE_CLOCK_MS, signedInLookupAt } from '../../../../electron/core/ratings/attribution';

const HOST = '2026-11-30T02:00:00.000Z';
const at = (ms: number): string => new Date(Date.parse(HOST) + ms).toISOString();

describe('the time of a coin', () => {
  it('believes the device within 10 minutes of the host, and the host otherwise', () => {
    expect(coinTime(at(-PLAUSIBLE_DEVICE_CLOCK_MS), HOST)).toBe(at(-PLAUSIBLE_DEVICE_CLOCK_MS));
    expect(coinTime(at(-PLAUSIBLE_DEVICE_CLOCK_MS - 1000), HOST)).toBe(HOST);
    expect(coinTime(at(PLAUSIBLE_DEVICE_CLOCK_MS + 1000), HOST)).toBe(HOST);
    expect(coinTime('1970-01-01T00:00:00.000Z', HOST)).toBe(HOST);
    expect(coinTime(null, HOST)).toBe(HOST);
    expect(coinTime('not a time', HOST)).toBe(HOST);
  });

  it('is never further than 10 minutes from the host, whatever the device says', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 0xffffffff }), (unixSeconds) => {
        const t = coinTime(new Date(unixSeconds * 1000).toISOString(), HOST);
        expect(Math.abs(Date.parse(t) - Date.parse(HOST))).toBeLessThanOrEqual(PLAUSIBLE_DEVICE_CLOCK_MS);
      }),
    );
  });

  it('looks up who was signed in at the end of the device second, the host instant as is', () => {
    expect(signedInLookupAt(at(-5000), HOST)).toBe(at(-4001));
    expect(signedInLookupAt(HOST, HOST)).toBe(HOST);
  });
});

describe('attribution', () => {
  it('a known session first, then whoever was signed in, then nobody', () => {
    expect(attribute({ id: 's', caseId: 'c', staffId: 'p' }, 'q')).toEqual({ attribution: 'session', sessionId: 's', caseId: 'c', staffId: 'p' });
    expect(attribute(null, 'q')).toEqual({ attribution: 'on_duty', sessionId: null, caseId: null, staffId: 'q' });
    expect(attribute(null, null)).toEqual({ attribution: 'nobody', sessionId: null, caseId: null, staffId: null });
  });
});
