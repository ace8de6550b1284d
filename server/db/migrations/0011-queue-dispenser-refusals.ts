import type { ServerMigration } from '../migrate';

// A dispenser's offline tickets the hall refused (review finding F2): a 取号机 that issued from its
// own fallback range while the server was away uploads them later, and the server may refuse one
// or find its number taken (window migration 0018 keeps the refusal on the dispenser). Nobody
// stands at a dispenser's screen, so its printer report carries today's unacknowledged refusals
// and the windows' 叫号 page lists them. Kept as the report's whole list (jsonb array of
// {number, reason}), overwritten by each report like the rest of the row; NULL: none reported
// (also every dispenser older than the field).
export const migration0011: ServerMigration = {
  version: 11,
  name: 'queue-dispenser-refusals',
  sql: `
ALTER TABLE queue_dispensers ADD COLUMN refused_tickets jsonb NULL
  CHECK (refused_tickets IS NULL OR jsonb_typeof(refused_tickets) = 'array');
`,
};
