import type { Migration } from '../migration';

/**
 * Who was signed in at a moment (ratings/attribution.ts staffSignedInAt) is read from the staff
 * streams' events by time: for every coin with no session, every 请评价 from a keypad, every
 * service the queue finishes and every sign-in or sign-out. With no index for it SQLite walked
 * the whole event log each time — a million events at a window after a few years, a large part
 * of a second on the clerk's path. A partial index holds the staff events only (a few per shift),
 * so a case's commit, which writes none, pays nothing for it.
 */
const STAFF_EVENTS_BY_TIME = `CREATE INDEX events_staff_by_time ON events (occurred_at, seq) WHERE stream_type = 'staff';`;

export const migration0019: Migration = {
  version: 19,
  name: 'staff-events-by-time',
  // Reads every event to find the staff ones: off the reporting thread at start (index-off-thread.ts).
  indexSql: STAFF_EVENTS_BY_TIME,
  up(db) {
    db.exec(STAFF_EVENTS_BY_TIME);
  },
};
