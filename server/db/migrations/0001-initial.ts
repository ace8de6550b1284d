import type { ServerMigration } from '../migrate';

// The upstream's tables. Every one carries `hall` first in its primary key, so a city or a
// province can partition by hall or distribute on Citus with `hall` as the distribution column
// (server/README.md, "Scaling"). Times are timestamptz: a server or a window in another time
// zone reads the same instant. `window_number`, not `window` (a reserved word in SQL).
export const migration0001: ServerMigration = {
  version: 1,
  name: 'initial',
  sql: `
CREATE TABLE halls (
  hall text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (hall)
);

CREATE TABLE windows (
  hall text NOT NULL,
  window_number integer NOT NULL CHECK (window_number BETWEEN 1 AND 999),
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (hall, window_number)
);

-- One-time enrolment codes, stored only as SHA-256 hex of the normalised code.
CREATE TABLE enrolment_codes (
  hall text NOT NULL,
  code_hash text NOT NULL,
  window_number integer NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  expires_at timestamptz NOT NULL,
  spent_at timestamptz NULL,
  revoked_at timestamptz NULL,
  PRIMARY KEY (hall, code_hash)
);

-- Window tokens, stored only as SHA-256 hex. A push names no hall, so a token is found by its
-- hash alone (token_hash_idx); on Citus this small table is a reference table.
CREATE TABLE tokens (
  hall text NOT NULL,
  token_hash text NOT NULL,
  window_number integer NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  revoked_at timestamptz NULL,
  PRIMARY KEY (hall, token_hash)
);
CREATE INDEX tokens_token_hash_idx ON tokens (token_hash);

-- The server's own order: one sequence for every hall, never the window's clock.
CREATE SEQUENCE event_seq AS bigint;

-- The windows' events as they sent them (occurred_at is the window's clock) beside the server's
-- receive time and order.
CREATE TABLE events (
  hall text NOT NULL,
  id uuid NOT NULL,
  window_number integer NOT NULL,
  stream_type text NOT NULL,
  stream_id uuid NOT NULL,
  stream_version integer NOT NULL,
  type text NOT NULL,
  occurred_at timestamptz NOT NULL,
  received_at timestamptz NOT NULL DEFAULT now(),
  seq bigint NOT NULL DEFAULT nextval('event_seq'),
  staff uuid NULL,
  payload jsonb NOT NULL,
  PRIMARY KEY (hall, id),
  -- A stream's version is written once: the same version under another id is a conflict.
  CONSTRAINT events_stream_version_key UNIQUE (hall, stream_type, stream_id, stream_version)
);
CREATE INDEX events_hall_window_seq_idx ON events (hall, window_number, seq);

CREATE SEQUENCE change_seq AS bigint;

-- What the windows pull: catalog and calendar changes (window_number NULL = the whole hall) and
-- back-office decisions (the case's window only). The pull cursor is the last seq sent.
CREATE TABLE changes (
  hall text NOT NULL,
  seq bigint NOT NULL DEFAULT nextval('change_seq'),
  id uuid NOT NULL,
  kind text NOT NULL,
  window_number integer NULL,
  body jsonb NOT NULL,
  published_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (hall, seq),
  CONSTRAINT changes_id_key UNIQUE (hall, id)
);
`,
};
