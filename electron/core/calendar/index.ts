import type { CalendarFile, CalendarYear } from './calendar-schema';
import { describeIssues } from '../schema-issues';
import { calendarFileSchema, calendarYearSchema } from './calendar-schema';

export type { CalendarFile, CalendarYear, CalendarHoliday, CalendarYearStatus } from './calendar-schema';
export { calendarFileSchema, calendarYearSchema, noticeCovers, MIN_CALENDAR_YEAR, MAX_CALENDAR_YEAR } from './calendar-schema';
export { provisionalCalendarYear, RULES_EFFECTIVE_FROM } from './statutory-holidays';
export type { WorkCalendar, DueDate, YearTable } from './working-days';
export {
  buildWorkCalendar,
  isWorkingDay,
  addWorkingDays,
  workingDaysBetween,
  workingDaysIn,
  provisionalYearsBetween,
  yearStatus,
  MAX_WORKING_DAYS_RANGE,
} from './working-days';

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
