import { useMemo } from 'react';
import { WORKING_DAYS_RANGE_MAX } from '../../../../electron/contract';
import { useQuery } from '../../api/hooks';

/** `YYYY-MM-DD` plus `days` calendar days, computed in UTC so no zone can shift it. */
function plusDays(isoDate: string, days: number): string {
  const t = Date.UTC(Number(isoDate.slice(0, 4)), Number(isoDate.slice(5, 7)) - 1, Number(isoDate.slice(8, 10)));
  return new Date(t + days * 86_400_000).toISOString().slice(0, 10);
}

export interface HallWorkingDays {
  /** The working days from `from` to `to` on the hall calendar (make-up days in, holidays out). */
  days: ReadonlySet<string>;
  /** Years in the range whose schedule is unpublished: a date reached across one is 暂定. */
  provisionalYears: readonly number[];
}

/**
 * The hall calendar's working days between two dates, from the core (calendar.workingDays),
 * for date pickers that may offer working days only. Null while loading, when a bound is
 * unknown, or when the core could not answer; callers then fall back to the range checks
 * alone (the core refuses a non-working day anyway).
 */
export function useWorkingDays(from: string | null, to: string | null): HallWorkingDays | null {
  const range = from !== null && to !== null && to >= from ? { from, to: minDate(to, plusDays(from, WORKING_DAYS_RANGE_MAX - 1)) } : null;
  const query = useQuery('calendar.workingDays', range);
  const data = query.data;
  return useMemo(() => (data ? { days: new Set(data.workingDays), provisionalYears: data.provisionalYears } : null), [data]);
}

function minDate(a: string, b: string): string {
  return a < b ? a : b;
}
