import { createHash } from 'node:crypto';
import type { Db } from '../storage/database';
import { statement } from '../storage/statements';
import { calendarYearSchema, type CalendarYear } from './calendar-schema';

export function loadStoredCalendarYears(db: Db): CalendarYear[] {
  const rows = statement(db, 'SELECT body FROM calendar_years ORDER BY year').all() as Array<{ body: string }>;
  // Re-validated on the way out too: the table is written by this module only, but a year that
  // no longer parses must stop the start rather than produce wrong deadlines.
  return rows.map((r) => calendarYearSchema.parse(JSON.parse(r.body)));
}

function saveYear(db: Db, year: CalendarYear, at: string): void {
  statement(
    db,
    `INSERT INTO calendar_years (year, status, body, updated_at) VALUES (?, ?, ?, ?)
     ON CONFLICT (year) DO UPDATE SET status = excluded.status, body = excluded.body, updated_at = excluded.updated_at`,
  ).run(year.year, year.status, JSON.stringify(year), at);
}

/**
 * Whether `incoming` should replace `stored`: an official schedule replaces a provisional one;
 * between official ones the later publication wins (a correction notice); a provisional year
 * never replaces an official one.
 */
export function supersedes(incoming: CalendarYear, stored: CalendarYear | undefined): boolean {
  if (!stored) return true;
  if (incoming.status === 'provisional') return false;
  if (stored.status === 'provisional') return true;
  return (incoming.publishedOn ?? '') > (stored.publishedOn ?? '');
}

/**
 * Merges years (from the shipped file at start, later from the upstream) into the store and
 * returns the years that changed, so open cases' deadlines can be recomputed.
 */
export function mergeCalendarYears(db: Db, years: readonly CalendarYear[], at: string): number[] {
  const stored = new Map(loadStoredCalendarYears(db).map((y) => [y.year, y]));
  const changed: number[] = [];
  for (const year of years) {
    if (!supersedes(year, stored.get(year.year))) continue;
    saveYear(db, year, at);
    changed.push(year.year);
  }
  return changed;
}

/**
 * How deadlines are derived from the calendar. Raised when that changes, so that every open
 * case is recomputed once under the new rules. 2: a notice's days in a neighbouring year count
 * in that year, and 容缺 due dates carry their 暂定 mark.
 */
const DEADLINE_RULES_VERSION = 2;

/**
 * A fingerprint of the whole calendar in force and of the rules that read it: deadlines
 * computed under another are stale.
 */
export function calendarRevision(years: readonly CalendarYear[]): string {
  const sorted = [...years].sort((a, b) => a.year - b.year);
  return createHash('sha256').update(`rules ${DEADLINE_RULES_VERSION}\n`).update(JSON.stringify(sorted)).digest('hex');
}
