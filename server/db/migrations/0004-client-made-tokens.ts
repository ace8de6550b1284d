import type { ServerMigration } from '../migrate';

// Enrolment made idempotent (review-16, finding 3): the window makes its token itself and sends
// only its SHA-256, so an answer lost on the way back costs nothing — the window sends the same
// code with the same hash again and is answered 200 again.
// - `enrolment_codes.token_hash`: the hash the code was spent for (NULL: unspent, or spent before
//   this migration by a server that made the token itself). A repeat of the code is accepted only
//   with this hash.
// - tokens' hash unique across all halls: the hash is now the client's choice, and a push names no
//   hall, so two windows must never share one (the old index was not unique). On Citus `tokens`
//   is a reference table, so a unique index without `hall` is allowed.
export const migration0004: ServerMigration = {
  version: 4,
  name: 'client-made-tokens',
  sql: `
ALTER TABLE enrolment_codes ADD COLUMN token_hash text NULL;
DROP INDEX tokens_token_hash_idx;
CREATE UNIQUE INDEX tokens_token_hash_key ON tokens (token_hash);
`,
};
