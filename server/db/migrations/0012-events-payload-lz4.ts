import type { ServerMigration } from '../migrate';

// Events' payloads are compressed with lz4 where the server has it (PostgreSQL 14+ built
// --with-lz4, as Debian's and the official images are), not pglz: a case's payload with its
// applicant and materials is often over the 2 KB TOAST threshold, and pglz took ~8 % of
// PostgreSQL's time storing bench:sync's pushes (issue 16) where lz4 compresses several times
// faster for a similar size. Rows already stored keep their compression; both read alike. A
// server without lz4 (PGlite's build, a PostgreSQL built without it) keeps pglz: the same
// migration serves both backends, so the refusal is caught here rather than failing the upgrade.
export const migration0012: ServerMigration = {
  version: 12,
  name: 'events-payload-lz4',
  sql: `
DO $$
BEGIN
  ALTER TABLE events ALTER COLUMN payload SET COMPRESSION lz4;
EXCEPTION WHEN feature_not_supported OR invalid_parameter_value THEN
  NULL;
END
$$;
`,
};
