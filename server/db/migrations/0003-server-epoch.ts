import type { ServerMigration } from '../migrate';

// The database's epoch (issue 16 review, finding 5): a random word made once, when this migration
// runs on a database, and written into every pull cursor (`<epoch>:<seq>`, server/changes/pull.ts).
// A window whose cursor names another epoch pulled from another database — a fresh one, PGlite
// swapped for PostgreSQL — and is told `bad_cursor`, so it pulls from the beginning instead of
// silently skipping every change numbered below its old cursor. A dump restored elsewhere keeps
// its epoch (and its sequence), so its cursors stay good. After restoring an OLDER backup over a
// live database, the operator gives it a new epoch so every window pulls again:
//   UPDATE server_epoch SET epoch = substr(md5(random()::text || clock_timestamp()::text), 1, 16);
// (a cursor ahead of the sequence is caught without it, but only until new changes pass it).
// One row (`id` is always true); not keyed by hall: the epoch is the database's, not a hall's.
export const migration0003: ServerMigration = {
  version: 3,
  name: 'server-epoch',
  sql: `
CREATE TABLE server_epoch (
  id boolean PRIMARY KEY DEFAULT true CHECK (id),
  epoch text NOT NULL CHECK (epoch ~ '^[0-9a-z]{8,32}$'),
  created_at timestamptz NOT NULL DEFAULT now()
);
INSERT INTO server_epoch (epoch) VALUES (substr(md5(gen_random_uuid()::text || clock_timestamp()::text), 1, 16));
`,
};
