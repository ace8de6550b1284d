import type { ServerMigration } from '../migrate';

// The back office's case list reads a hall's `case.received` events newest first (server/
// backoffice/hall-cases.ts listHallCases); migration 0005 indexed every event for it, on
// (hall, stream_type, type, seq DESC), so each of the four indexes on `events` took an entry per
// event a window pushed — a share of PostgreSQL's time storing a push (issue 16: index inserts
// were ~28 % of it on bench:sync, four indexes). The list only ever asks for case.received, so
// the index now holds those rows alone (about one event in three of a case's history, fewer
// for a case with many steps): the same plan for the list, fewer entries written per push.
// Plain CREATE INDEX (not CONCURRENTLY), as 0005: migrations run in one transaction at start;
// on a large PostgreSQL it blocks writes to `events` while it builds (seconds per million
// events). The DROP then needs the table to itself: with several server processes on one
// PostgreSQL, an export running in another (its read-only transaction lasts the whole export)
// would hold it off, and every push behind this migration's locks meanwhile. So the migration
// waits for a lock at most 10 s: past that it fails, nothing of it stays, the new process does not
// start (its log says "lock timeout") and is started again once the export is done; the running
// processes serve as before.
export const migration0013: ServerMigration = {
  version: 13,
  name: 'events-received-case-index',
  sql: `
SET LOCAL lock_timeout = '10s';
CREATE INDEX events_hall_received_case_seq_idx ON events (hall, seq DESC) WHERE stream_type = 'case' AND type = 'case.received';
DROP INDEX events_hall_case_type_seq_idx;
`,
};
