import type { WorkingDays } from '../../contract/calendar';
import { CounterError } from '../../contract/errors';
import { workingDaysIn, yearStatus, type WorkCalendar } from './working-days';

/**
 * `calendar.workingDays`: the range's working days and its provisional years (contract/calendar.ts).
 * @throws CounterError `invalid_arguments` when a year in the range has no holiday schedule.
 */
export function workingDaysOf(calendar: WorkCalendar, from: string, to: string): WorkingDays {
  const provisionalYears: number[] = [];
  const [first, last] = [from, to].map((d) => Number(d.slice(0, 4))) as [number, number];
  for (let y = first; y <= last; y++) if (yearStatus(calendar, y) === 'provisional') provisionalYears.push(y);
  try {
    return { workingDays: workingDaysIn(calendar, from, to), provisionalYears };
  } catch (err) {
    // Only a year with neither a published schedule nor statutory rules in the app gets here
    // (before 2025 and not in the data): say so rather than guess its working days.
    if (!(err instanceof RangeError)) throw err;
    throw new CounterError('invalid_arguments', '该日期范围内有年份没有节假日安排', {
      fieldErrors: [{ path: 'from', message: '该日期范围内有年份没有节假日安排' }],
    });
  }
}
