/**
 * Dates and times as the hall reads them. Instants from the core are UTC; they are shown in
 * the hall's time zone (from app.windowInfo), never the PC's, which an installer may have set
 * wrong. Calendar dates (`YYYY-MM-DD`) are already the hall's and are shown as they are.
 */
import { wallClockIn } from '../../../electron/contract';

interface Parts {
  date: string;
  time: string;
}

function partsOf(instant: Date, timeZone: string, withSeconds: boolean): Parts {
  const c = wallClockIn(timeZone, instant);
  const time = withSeconds ? `${c.hour}:${c.minute}:${c.second}` : `${c.hour}:${c.minute}`;
  return { date: `${c.year}-${c.month}-${c.day}`, time };
}

/** `2026-05-12 09:31` in the hall's zone; an unreadable value is shown as given rather than hidden. */
export function formatInstant(iso: string | null | undefined, timeZone: string): string {
  if (!iso) return '—';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  const { date, time } = partsOf(d, timeZone, false);
  return `${date} ${time}`;
}

/** `今天 09:31` when the instant is on `today` (the hall's date), else `2026-05-11 09:31`. */
export function formatInstantShort(iso: string, timeZone: string, today: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  const { date, time } = partsOf(d, timeZone, false);
  return date === today ? `今天 ${time}` : `${date} ${time}`;
}

export function clockTime(now: Date, timeZone: string): string {
  return partsOf(now, timeZone, true).time;
}

/** Sunday first, as Date.getUTCDay counts. */
const WEEKDAY_NAMES = ['日', '一', '二', '三', '四', '五', '六'];

function calendarParts(isoDate: string): { y: number; mo: number; d: number } | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(isoDate);
  return m ? { y: Number(m[1]), mo: Number(m[2]), d: Number(m[3]) } : null;
}

/** `二` for a calendar date; computed in UTC so no zone can shift the day. */
function weekdayName(p: { y: number; mo: number; d: number }): string {
  return WEEKDAY_NAMES[new Date(Date.UTC(p.y, p.mo - 1, p.d)).getUTCDay()] ?? '';
}

/** `2026年5月12日 星期二` from a calendar date. */
export function formatCalendarDate(isoDate: string, withWeekday = false): string {
  const p = calendarParts(isoDate);
  if (!p) return isoDate;
  const text = `${p.y}年${p.mo}月${p.d}日`;
  return withWeekday ? `${text} 星期${weekdayName(p)}` : text;
}

/** `周二` for a calendar date, as the applicant is told a due date; '' for anything else. */
export function weekdayOf(isoDate: string): string {
  const p = calendarParts(isoDate);
  return p ? `周${weekdayName(p)}` : '';
}

/** `YYYY-MM-DD` shifted by whole days, for date presets counted from the hall's today. */
export function addDays(isoDate: string, days: number): string {
  const t = Date.parse(`${isoDate}T00:00:00Z`) + days * 86_400_000;
  return new Date(t).toISOString().slice(0, 10);
}

/** `09:31` in the hall's zone. */
export function formatTimeOfDay(iso: string, timeZone: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return partsOf(d, timeZone, false).time;
}
