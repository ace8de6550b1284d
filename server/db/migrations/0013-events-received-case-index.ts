import type { ServerMigration } from '../migrate';

// The back office's case list reads a hall's `case.received` events newest first (server/
// backoffice/hall-cases.ts listHallCases); migration 0005 indexed every event for it, on
// (hall, stream_type, type, seq DESC), so each of the four indexes on `events` took an entry per
// event a window pushed — a share of PostgreSQL's time storing a push (issue 16: index inserts
// were ~28 % of it on bench:sync, four indexes). The list only ever asks for case.received, so
// the index now holds those rows alone (about one event in three of a case's history, fewer
// for a case with many steps): the same plan for the list, fewer entries written per push.
// Plain CREATE INDEX (not CONCURRENTLY), as 0005: migrations run in one transaction at start;
// on a large PostgreSQL it briefly blocks writes to `events` while it builds.
export const migration0013: ServerMigration = {
  version: 13,
  name: 'events-received-case-index',
  sql: `
CREATE INDEX events_hall_received_case_seq_idx ON events (hall, seq DESC) WHERE stream_type = 'case' AND type = 'case.received';
DROP INDEX events_hall_case_type_seq_idx;
`,
};
