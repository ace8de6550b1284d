import type { z } from 'zod';
import type { CalendarFile, CalendarYear } from './calendar-schema';
import { calendarFileSchema, calendarYearSchema } from './calendar-schema';

export type { CalendarFile, CalendarYear, CalendarHoliday, CalendarYearStatus } from './calendar-schema';
export { calendarFileSchema, calendarYearSchema, MIN_CALENDAR_YEAR, MAX_CALENDAR_YEAR } from './calendar-schema';
export { provisionalCalendarYear, RULES_EFFECTIVE_FROM } from './statutory-holidays';
export type { WorkCalendar, DueDate, YearTable } from './working-days';
export { buildWorkCalendar, isWorkingDay, addWorkingDays, workingDaysBetween, yearStatus } from './working-days';

function describeIssues(issues: readonly z.core.$ZodIssue[]): string {
  return issues
    .map((issue) => {
      // Render the path the way a person would look it up in the JSON: years[2].holidays[0].dates[1]
      const path = issue.path
        .map((key, i) => (typeof key === 'number' ? `[${key}]` : `${i === 0 ? '' : '.'}${String(key)}`))
        .join('');
      return `${path === '' ? '(root)' : path}: ${issue.message}`;
    })
    .join('; ');
}

/** Validates the shipped calendar file (or any JSON claiming to be one); throws naming the bad fields. */
export function loadCalendarFile(json: unknown): CalendarFile {
  const result = calendarFileSchema.safeParse(json);
  if (!result.success) throw new Error(`Invalid calendar file: ${describeIssues(result.error.issues)}`);
  return result.data;
}

/** Validates one year as sent by the upstream server; throws naming the bad fields. */
export function loadCalendarYear(json: unknown): CalendarYear {
  const result = calendarYearSchema.safeParse(json);
  if (!result.success) throw new Error(`Invalid calendar year: ${describeIssues(result.error.issues)}`);
  return result.data;
}
