import path from 'node:path';
import type { CapabilityModule, CoreContext, HandlerSlice } from '../assembly/capability-module';
import { readJsonFile } from '../resources/read-json';
import { workingDaysOf } from './working-days-of';
import { calendarRevision, loadStoredCalendarYears, mergeCalendarYears } from './calendar-store';
import { buildWorkCalendar, loadCalendarFile, type WorkCalendar } from '.';

/** The working-day calendar this core computes deadlines with. */
export interface CalendarModule extends CapabilityModule {
  readonly calendar: WorkCalendar;
  /**
   * Identifies the stored calendar years (calendar-store.ts): the open cases' deadlines are
   * recomputed when it differs from the one they were last computed with (cases-module.ts).
   */
  readonly revision: string;
}

/**
 * `calendar.workingDays`. Every start merges in any newer official holiday schedule shipped with
 * this build (`<resourcesDir>/calendar/cn-calendar.json`), then builds the calendar from the
 * stored years.
 * @throws the loader's error for a missing or malformed shipped calendar, SQLite's for a store
 *   that cannot be written (start-up reports both).
 */
export function calendarModule(ctx: CoreContext): CalendarModule {
  const { db } = ctx;
  const shipped = loadCalendarFile(readJsonFile(path.join(ctx.places.resourcesDir, 'calendar', 'cn-calendar.json')));
  db.transaction(() => mergeCalendarYears(db, shipped.years, ctx.clock.now().toISOString())).immediate();
  const storedYears = loadStoredCalendarYears(db);
  const calendar = buildWorkCalendar(storedYears);
  return {
    name: 'calendar',
    calendar,
    revision: calendarRevision(storedYears),
    handlers: {
      'calendar.workingDays': (args) => workingDaysOf(calendar, args.from, args.to),
    } satisfies HandlerSlice,
  };
}
