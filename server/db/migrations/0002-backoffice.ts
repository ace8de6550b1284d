import type { ServerMigration } from '../migrate';

// The back office's accounts and sign-in sessions (S2, server/backoffice/): people of a hall's
// departments, not windows. Passwords are stored only as scrypt hashes, session tokens only as
// SHA-256 hex; `hall` first in each key, as everywhere (server/README.md, "Scaling").
export const migration0002: ServerMigration = {
  version: 2,
  name: 'backoffice',
  sql: `
CREATE TABLE backoffice_accounts (
  hall text NOT NULL,
  username text NOT NULL,
  display_name text NOT NULL,
  department text NOT NULL,
  password_hash text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  disabled_at timestamptz NULL,
  PRIMARY KEY (hall, username)
);

CREATE TABLE backoffice_sessions (
  hall text NOT NULL,
  token_hash text NOT NULL,
  username text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  expires_at timestamptz NOT NULL,
  PRIMARY KEY (hall, token_hash)
);
CREATE INDEX backoffice_sessions_token_idx ON backoffice_sessions (token_hash);
`,
};
