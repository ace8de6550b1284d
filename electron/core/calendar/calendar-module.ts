import path from 'node:path';
import type { CapabilityModule, CoreContext, HandlerSlice } from '../assembly/capability-module';
import { readJsonFile } from '../resources/read-json';
import { workingDaysOf } from './working-days-of';
import { calendarRevision, loadStoredCalendarYears, mergeCalendarYears } from './calendar-store';
import { buildWorkCalendar, loadCalendarFile, type CalendarYear, type WorkCalendar } from '.';

/** The working-day calendar this core computes deadlines with. */
export interface CalendarModule extends CapabilityModule {
  /** The calendar in force: read it at each use, since a pulled year's schedule replaces it. */
  readonly calendar: WorkCalendar;
  /**
   * Identifies the stored calendar years (calendar-store.ts): the open cases' deadlines are
   * recomputed when it differs from the one they were last computed with (cases-module.ts).
   */
  readonly revision: string;
  /**
   * Stores a year's schedule from the upstream (issue 16, `calendar.yearPublished`) if it
   * supersedes the stored one (calendar-store.ts, supersedes). Call inside the caller's
   * transaction; the calendar in force stays as it was until `install` is called with the
   * answer after commit, so a rolled-back pull changes nothing. Null: nothing changed.
   */
  stageYear(year: CalendarYear): StagedCalendar | null;
  /** Serves a staged calendar from now on (after its transaction committed). */
  install(staged: StagedCalendar): void;
}

/** The calendar as it will be once a staged year's transaction commits. */
export interface StagedCalendar {
  readonly calendar: WorkCalendar;
  readonly revision: string;
  /** The years whose schedule changed. */
  readonly years: readonly number[];
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
  let calendar = buildWorkCalendar(storedYears);
  let revision = calendarRevision(storedYears);
  return {
    name: 'calendar',
    get calendar() {
      return calendar;
    },
    get revision() {
      return revision;
    },
    stageYear(year) {
      const years = mergeCalendarYears(db, [year], ctx.clock.now().toISOString());
      if (years.length === 0) return null;
      const stored = loadStoredCalendarYears(db);
      return { calendar: buildWorkCalendar(stored), revision: calendarRevision(stored), years };
    },
    install(staged) {
      calendar = staged.calendar;
      revision = staged.revision;
    },
    handlers: {
      'calendar.workingDays': (args) => workingDaysOf(calendar, args.from, args.to),
    } satisfies HandlerSlice,
  };
}
