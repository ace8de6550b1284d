import { wallClockIn } from '../../contract/dates';

// The service day (营业日) of the hall queue: numbering restarts and the line is emptied at the
// reset hour of the hall's wall clock (config `timeZone`), never the PC's zone, which an installer
// may have set wrong. With reset hour 4, 03:59 on the 24th still belongs to the 23rd.

const DAY_MS = 86_400_000;

/** The calendar date before `date` (`YYYY-MM-DD`). */
function dayBefore(date: string): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d) - DAY_MS).toISOString().slice(0, 10);
}

/**
 * The service day (`YYYY-MM-DD`) an instant belongs to: the hall's calendar date, or the date
 * before when the hall's wall clock is still before `resetHour` (0–23). Compared on the wall
 * clock, so a zone with daylight saving turns over at its local reset hour all the same.
 */
export function serviceDayOf(instant: Date, timeZone: string, resetHour: number): string {
  const clock = wallClockIn(timeZone, instant);
  const date = `${clock.year}-${clock.month}-${clock.day}`;
  return Number(clock.hour) < resetHour ? dayBefore(date) : date;
}

/** Milliseconds by which the hall's wall clock is ahead of UTC at an instant. */
function offsetAt(timeZone: string, ms: number): number {
  const c = wallClockIn(timeZone, new Date(ms));
  return Date.UTC(Number(c.year), Number(c.month) - 1, Number(c.day), Number(c.hour), Number(c.minute), Number(c.second)) - Math.floor(ms / 1000) * 1000;
}

/**
 * The instant a service day starts: `serviceDay` at `resetHour`:00 on the hall's wall clock
 * (when that hour is skipped by a daylight-saving jump, the instant an hour later). The day ends
 * where the next one starts. Used to take "the day's" service times and figures.
 */
export function serviceDayStart(serviceDay: string, timeZone: string, resetHour: number): Date {
  const [y, m, d] = serviceDay.split('-').map(Number) as [number, number, number];
  const wall = Date.UTC(y, m - 1, d, resetHour);
  // The offset at the guess may differ from the offset at the answer across a DST change: twice.
  let ms = wall - offsetAt(timeZone, wall);
  ms = wall - offsetAt(timeZone, ms);
  return new Date(ms);
}
