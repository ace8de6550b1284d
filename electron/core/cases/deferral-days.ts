import { isWorkingDay, provisionalYearsBetween, type WorkCalendar } from '../calendar';

/** What the 容缺 rules need of the hall calendar (intake-rules.ts stays free of the calendar itself). */
export interface DeferralDays {
  /** A working day on the hall calendar: weekdays but holidays, plus make-up days (调休上班). */
  isWorkingDay(date: string): boolean;
  /** Counting from `from` to `to` crosses a day of a year whose schedule is unpublished (暂定). */
  touchesProvisional(from: string, to: string): boolean;
}

/**
 * The calendar in force as `DeferralDays`. A date the calendar cannot answer for (a year
 * before 2025 missing from the data) is not a working day: such a due date is refused rather
 * than accepted on a guess.
 */
export function deferralDays(calendar: WorkCalendar): DeferralDays {
  return {
    isWorkingDay(date) {
      try {
        return isWorkingDay(calendar, date);
      } catch (err) {
        if (err instanceof RangeError) return false;
        throw err;
      }
    },
    touchesProvisional: (from, to) => provisionalYearsBetween(calendar, from, to).length > 0,
  };
}
