/**
 * Times on paper as the hall reads them: instants are stored in UTC and printed in the hall's
 * time zone (config `timeZone`), never the PC's, which an installer may have set wrong.
 */
import { wallClockIn, type WallClock } from '../../../contract/dates';

function partsIn(iso: string, timeZone: string): WallClock {
  const instant = new Date(iso);
  if (Number.isNaN(instant.getTime())) throw new Error(`不是有效的时间：${iso}`);
  return wallClockIn(timeZone, instant);
}

/** `2026-11-30 09:31`: an ISO instant in the hall's zone. Throws on an unreadable instant. */
export function hallDateTime(iso: string, timeZone: string): string {
  const p = partsIn(iso, timeZone);
  return `${p.year}-${p.month}-${p.day} ${p.hour}:${p.minute}`;
}

/** `2026年11月30日`: the hall's date of an ISO instant, as a notice is dated. */
export function hallDateChinese(iso: string, timeZone: string): string {
  const p = partsIn(iso, timeZone);
  return `${p.year}年${Number(p.month)}月${Number(p.day)}日`;
}

/** The hall's year of an ISO instant (the year in a 文书编号). */
export function hallYear(iso: string, timeZone: string): number {
  return Number(partsIn(iso, timeZone).year);
}

/** `2026年12月7日` from a calendar date `2026-12-07` (already the hall's; no zone involved). */
export function calendarDateChinese(date: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (!m) return date;
  return `${m[1]}年${Number(m[2])}月${Number(m[3])}日`;
}
