import type { Migration } from '../migration';

/** Staff, and the append-only event log with its outbox. */
export const migration0002: Migration = {
  version: 2,
  name: 'events-and-staff',
  up(db) {
    db.exec(`
      CREATE TABLE staff (
        id               TEXT    PRIMARY KEY,
        staff_number     TEXT    NOT NULL UNIQUE,
        name             TEXT    NOT NULL,
        -- scrypt with a per-staff salt, see staff/pin-hash.ts; never the PIN itself.
        pin_hash         TEXT    NOT NULL,
        failed_attempts  INTEGER NOT NULL DEFAULT 0 CHECK (failed_attempts >= 0),
        locked_until     TEXT,
        active           INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
        created_at       TEXT    NOT NULL,
        updated_at       TEXT    NOT NULL
      ) STRICT;

      -- Every act at the window. seq orders the log for sync; (stream, version) orders one
      -- case's or one staff member's history and makes a concurrent second writer fail loudly.
      -- No AUTOINCREMENT: rows are never deleted (see the triggers), so a plain rowid already
      -- only grows, without a sqlite_sequence page written on every commit.
      CREATE TABLE events (
        seq             INTEGER PRIMARY KEY,
        id              TEXT    NOT NULL UNIQUE,
        stream_type     TEXT    NOT NULL CHECK (stream_type IN ('case', 'staff')),
        stream_id       TEXT    NOT NULL,
        stream_version  INTEGER NOT NULL CHECK (stream_version >= 1),
        type            TEXT    NOT NULL,
        occurred_at     TEXT    NOT NULL,
        hall_code       TEXT    NOT NULL,
        window_number   INTEGER NOT NULL,
        staff_id        TEXT    REFERENCES staff (id),
        payload         TEXT    NOT NULL CHECK (json_valid(payload)),
        UNIQUE (stream_type, stream_id, stream_version)
      ) STRICT;

      CREATE TRIGGER events_are_append_only_update BEFORE UPDATE ON events
      BEGIN SELECT RAISE(ABORT, 'events are append-only'); END;
      CREATE TRIGGER events_are_append_only_delete BEFORE DELETE ON events
      BEGIN SELECT RAISE(ABORT, 'events are append-only'); END;

      -- Events not yet acknowledged by the upstream. A row leaves only after the ack.
      CREATE TABLE outbox (
        event_seq INTEGER PRIMARY KEY REFERENCES events (seq)
      ) STRICT;
    `);
  },
};
