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
  const parts = formatterFor(timeZone).formatToParts(instant);
  const get = (type: string): string => parts.find((p) => p.type === type)?.value ?? '';
  return `${get('year')}-${get('month')}-${get('day')}`;
}

export const HALL_TIME_ZONE_DEFAULT = 'Asia/Shanghai';
