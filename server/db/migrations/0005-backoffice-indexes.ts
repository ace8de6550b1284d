import type { ServerMigration } from '../migrate';

// Indexes for the back office's lists (review-16 finding 15, server/backoffice/hall-cases.ts):
// - the case list and its search read a hall's `case.received` events newest first
//   (`WHERE hall AND stream_type = 'case' AND type = 'case.received' ORDER BY seq DESC LIMIT n`):
//   without an index that is a scan of every event of every hall, growing with a city's history;
// - the decisions shown beside those cases are `changes` of kind `case.backOfficeDecision` looked
//   up by `body->>'caseId'`: a partial expression index on just those rows.
// The search's ILIKE over names still reads the hall's received events (newest first, stopping at
// the page's limit); a trigram index would need pg_trgm, which the embedded PGlite lacks by default.
// Plain CREATE INDEX (not CONCURRENTLY): migrations run in one transaction at start, and on a large
// PostgreSQL this one briefly blocks writes to these tables while it builds.
export const migration0005: ServerMigration = {
  version: 5,
  name: 'backoffice-indexes',
  sql: `
CREATE INDEX events_hall_case_type_seq_idx ON events (hall, stream_type, type, seq DESC);
CREATE INDEX changes_hall_decision_case_idx ON changes (hall, (body->>'caseId')) WHERE kind = 'case.backOfficeDecision';
`,
};
