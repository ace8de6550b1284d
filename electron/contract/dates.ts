// Building an Intl formatter costs a few hundred microseconds; accepting a case needs today's
// date several times, so one formatter per zone is kept.
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

/**
 * The calendar date of an instant in a given time zone, `YYYY-MM-DD`. Dates on cases (today,
 * deadlines, the case number's date) are the hall's dates, not the PC's: a PC whose time zone
 * was set wrong by an installer must still number today's cases with today's date.
 */
export function calendarDateIn(timeZone: string, instant: Date = new Date()): string {
  // Every zone in use changes date only on a whole minute, so one answer per zone and minute.
  const minute = Math.floor(instant.getTime() / 60_000);
  const cached = lastDates.get(timeZone);
  if (cached && cached.minute === minute) return cached.date;
  const parts = formatterFor(timeZone).formatToParts(instant);
  const get = (type: string): string => parts.find((p) => p.type === type)?.value ?? '';
  const date = `${get('year')}-${get('month')}-${get('day')}`;
  lastDates.set(timeZone, { minute, date });
  return date;
}

const lastDates = new Map<string, { minute: number; date: string }>();

export const HALL_TIME_ZONE_DEFAULT = 'Asia/Shanghai';

export function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

export function daysInMonth(year: number, month: number): number {
  if (month === 2) return isLeapYear(year) ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}
