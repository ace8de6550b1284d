import { calendarDateIn } from '../../contract/dates';
import type { Clock } from '../../contract/settings';

/**
 * A zone's offset from UTC at `instant`, in minutes east of Greenwich (Asia/Shanghai: 480), as
 * ICU states it (`GMT+08:00`); daylight saving included.
 */
export function utcOffsetMinutes(timeZone: string, instant: Date): number {
  const name = new Intl.DateTimeFormat('en-US', { timeZone, timeZoneName: 'longOffset' })
    .formatToParts(instant)
    .find((p) => p.type === 'timeZoneName')?.value;
  // `GMT` alone is UTC itself.
  const match = /^GMT(?:([+-])(\d{1,2})(?::(\d{2}))?)?$/.exec(name ?? '');
  if (!match) throw new Error(`unexpected offset ${String(name)} for ${timeZone}`);
  if (match[1] === undefined) return 0;
  const minutes = Number(match[2]) * 60 + Number(match[3] ?? 0);
  return match[1] === '-' ? -minutes : minutes;
}

/** The zone this process runs in (the PC's setting, or TZ when set). */
export function processTimeZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone;
}

/**
 * The PC's clock against the hall's at `now` (`app.clock`, ClockSchema): each zone's date and
 * offset, and whether the dates differ (numbers and deadlines use the hall's date; the 设置 page
 * warns). `pcTimeZone` defaults to this process's zone.
 */
export function readClock(now: Date, hallTimeZone: string, pcTimeZone: string = processTimeZone()): Clock {
  const hallToday = calendarDateIn(hallTimeZone, now);
  const pcToday = calendarDateIn(pcTimeZone, now);
  return {
    now: now.toISOString(),
    hallTimeZone,
    hallToday,
    hallUtcOffsetMinutes: utcOffsetMinutes(hallTimeZone, now),
    pcTimeZone,
    pcToday,
    pcUtcOffsetMinutes: utcOffsetMinutes(pcTimeZone, now),
    datesDiffer: hallToday !== pcToday,
  };
}
