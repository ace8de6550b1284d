import type { ServerMigration } from '../migrate';

// Withdrawn tickets (issue 17, offline history): a dispenser whose issue request reached the
// server but whose answer was lost issues a local ticket with the same issueId; the citizen holds
// the local one. When the history brings it, the server's ticket (still waiting) is a phantom: it
// becomes 'withdrawn' — out of every line, never called, not a no-show (skipped) and not a service
// (done) in the figures. The state stays the server's own: the contract's TicketState has no
// 'withdrawn' and no query answers a withdrawn ticket (server/queue/ticket-rows.ts).
// `withdrawn_for` is the offline ticket that stands instead, `withdrawn_at` when the history came.
export const migration0007: ServerMigration = {
  version: 7,
  name: 'queue-withdrawn',
  sql: `
ALTER TABLE queue_tickets DROP CONSTRAINT queue_tickets_state_check;
ALTER TABLE queue_tickets ADD CONSTRAINT queue_tickets_state_check
  CHECK (state IN ('waiting', 'called', 'serving', 'skipped', 'done', 'transferred', 'withdrawn'));
ALTER TABLE queue_tickets ADD COLUMN withdrawn_at timestamptz NULL;
ALTER TABLE queue_tickets ADD COLUMN withdrawn_for uuid NULL;
ALTER TABLE queue_tickets ADD CONSTRAINT queue_tickets_withdrawn_check
  CHECK ((state = 'withdrawn') = (withdrawn_at IS NOT NULL) AND (state = 'withdrawn') = (withdrawn_for IS NOT NULL));
`,
};
