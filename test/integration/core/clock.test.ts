import { afterEach, describe, expect, it } from 'vitest';
import { fixedClock } from '../../../electron/core/clock';
import { createTestCore, JQ_WINDOW_12 } from '../../support/core-fixture';

const savedTz = process.env.TZ;
afterEach(() => {
  if (savedTz === undefined) delete process.env.TZ;
  else process.env.TZ = savedTz;
});

describe('the PC’s clock against the hall’s', () => {
  it('warns when the PC set to another zone shows another date than the hall', async () => {
    // 01:30 on 2 March in Shanghai is still 1 March in London.
    process.env.TZ = 'Europe/London';
    const t = await createTestCore({ clock: fixedClock('2026-03-01T17:30:00.000Z') });
    try {
      expect(await t.call('app.clock', {})).toEqual({
        now: '2026-03-01T17:30:00.000Z',
        hallTimeZone: 'Asia/Shanghai',
        hallToday: '2026-03-02',
        hallUtcOffsetMinutes: 480,
        pcTimeZone: 'Europe/London',
        pcToday: '2026-03-01',
        pcUtcOffsetMinutes: 0,
        datesDiffer: true,
      });
      // The same PC at noon in Shanghai: another zone, the same date, no warning.
      await t.close();
      const noon = await createTestCore({ dataDir: t.dataDir, clock: fixedClock('2026-03-02T04:00:00.000Z') });
      expect(await noon.call('app.clock', {})).toMatchObject({ hallToday: '2026-03-02', pcToday: '2026-03-02', datesDiffer: false });
      await noon.close();
    } finally {
      await t.close();
    }
  });

  it('follows the hall’s zone from the settings, and the PC’s summer time', async () => {
    process.env.TZ = 'America/New_York';
    const t = await createTestCore({ config: { ...JQ_WINDOW_12, timeZone: 'Asia/Urumqi' }, clock: fixedClock('2026-07-01T03:00:00.000Z') });
    try {
      expect(await t.call('app.clock', {})).toEqual({
        now: '2026-07-01T03:00:00.000Z',
        hallTimeZone: 'Asia/Urumqi',
        hallToday: '2026-07-01',
        hallUtcOffsetMinutes: 360,
        pcTimeZone: 'America/New_York',
        pcToday: '2026-06-30',
        pcUtcOffsetMinutes: -240,
        datesDiffer: true,
      });
    } finally {
      await t.close();
    }
  });
});
