import type { WorkCalendar } from '../calendar';
import type { Logger } from '../logging/logger';
import { readMeta, writeMeta } from '../storage/app-meta';
import { recomputeOpenDeadlines, type CaseCommandContext } from './case-commands';
import type { CaseState } from './case-state';

/** app_meta key: the calendar revision the open cases' deadlines were last computed with. */
const DEADLINES_CALENDAR_KEY = 'deadlines_calendar_revision';

/**
 * At start, once every module's services run (the recomputes are case changes, so every module's
 * case subscribers see them, and a subscriber's service is already there to act on them): the
 * open cases' deadlines follow the calendar they were last computed with, and when the calendar
 * differs (a newer schedule shipped or synced), they are brought up to date. The mark is written
 * only after every case is done, so a crash half-way resumes at next start. The cases module's
 * `afterStart`.
 * @throws SQLite's error when the store cannot be written (start-up reports it).
 */
export function catchUpDeadlines(cases: CaseCommandContext, calendarRevision: string, log: Logger): void {
  if (readMeta(cases.db, DEADLINES_CALENDAR_KEY) === calendarRevision) return;
  recomputeUnderCalendar(cases, cases.calendar(), calendarRevision, log);
}

/**
 * Brings every open case's deadlines to `calendar` (whose revision is `calendarRevision`,
 * calendar-store.ts) and marks them so, by the same recompute as at start: used at start by
 * catchUpDeadlines, and by the pull when a year's schedule arrives from the upstream (issue 16),
 * inside its transaction, before the calendar module serves the new calendar. Returns the cases
 * whose deadlines moved.
 * @throws SQLite's error when the store cannot be written.
 */
export function recomputeUnderCalendar(cases: CaseCommandContext, calendar: WorkCalendar, calendarRevision: string, log: Logger): CaseState[] {
  const recomputed = recomputeOpenDeadlines({ ...cases, calendar: () => calendar });
  writeMeta(cases.db, DEADLINES_CALENDAR_KEY, calendarRevision);
  if (recomputed.length > 0) log.info('deadlines recomputed after calendar update', { cases: recomputed.length });
  return recomputed;
}
