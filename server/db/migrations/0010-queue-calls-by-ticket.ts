import type { ServerMigration } from '../migrate';

// The hall queue's figures per window (issue 17, capability 6; server/queue/figures.ts) read a
// day's calls by ticket: a ticket's first call is its wait's end, and a window's recalls are its
// recall rows. queue_calls is keyed by (hall, seq) for the display's stream and keeps every day's
// calls; without this index the figures of one day would read the hall's whole call history.
// The timestamps themselves exist already (migration 0006: issued_at, called_at — the last call —,
// skipped_at, finished_at on queue_tickets; every call's called_at on queue_calls).
export const migration0010: ServerMigration = {
  version: 10,
  name: 'queue-calls-by-ticket',
  sql: `
CREATE INDEX queue_calls_ticket_idx ON queue_calls (hall, ticket_id);
`,
};
