import { IDLE_WINDOW, type WindowStatus } from '../../electron/core/queue/queue-state';

/** A queue_windows row (migration 0006); `service_day` is read as text by `service_day::text`. */
export interface WindowRow {
  hall: string;
  window_number: number;
  service_day: string | Date;
  current_ticket: string | null;
  paused_reason: string | null;
  paused_since: Date | null;
  preferred_streak: number;
}

/** The columns to select for a WindowRow (the day as text: no time zone can shift it). */
export const WINDOW_COLUMNS = `hall, window_number, service_day::text AS service_day, current_ticket::text AS current_ticket, paused_reason, paused_since, preferred_streak`;

/**
 * The window's status on `serviceDay`: as stored when the row is of that day, idle otherwise
 * (a new day starts every window open and idle, as core/queue queueAt does).
 */
export function windowStatusOf(row: WindowRow, serviceDay: string): WindowStatus {
  if (String(row.service_day) !== serviceDay) return IDLE_WINDOW;
  return {
    current: row.current_ticket,
    paused: row.paused_reason === null ? null : { reason: row.paused_reason, since: (row.paused_since ?? new Date(0)).toISOString() },
    preferredStreak: row.preferred_streak,
  };
}
