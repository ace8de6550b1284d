import type { Migration } from '../migration';

/**
 * The sync client's own state (issue 16; electron/core/sync/). One row (`id = 1`), made here, so
 * readers and writers only ever UPDATE it.
 *
 * - `token`: the window's enrolment token (43-char base64url, contract/sync/enrolment.ts), kept in
 *   the database and not in config.json because IT copies configs between PCs; never logged,
 *   never shown.
 * - `enrolled_hall` / `enrolled_window` / `enrolled_at`: what the server said the token is for,
 *   and when (ISO 8601, the window's clock).
 * - `pull_cursor`: the server's cursor after the last applied pull response (a decimal string,
 *   opaque here); written in the same transaction as the changes it covers (sync/pull/).
 * - `last_push_at` / `last_pull_at` / `last_success_at`: ISO 8601 instants of the last
 *   acknowledged push, the last applied pull, the last round that ended without an error.
 * - `last_error` / `last_error_at`: the last failure in words (Chinese, shown as is) and when;
 *   NULL again after a success.
 * - `clock_offset_ms`: server time minus this PC's time at the last ack (ms); the status warns
 *   when it is large. Ordering never uses it.
 *
 * `sync_applied_changes`: the pulled changes already applied (by the server's change id), so a
 * response received twice changes nothing the second time.
 */
export const migration0012: Migration = {
  version: 12,
  name: 'sync',
  up(db) {
    db.exec(`
      CREATE TABLE sync_state (
        id               INTEGER PRIMARY KEY CHECK (id = 1),
        token            TEXT,
        enrolled_hall    TEXT,
        enrolled_window  INTEGER,
        enrolled_at      TEXT,
        pull_cursor      TEXT,
        last_push_at     TEXT,
        last_pull_at     TEXT,
        last_success_at  TEXT,
        last_error       TEXT,
        last_error_at    TEXT,
        clock_offset_ms  INTEGER
      ) STRICT;
      INSERT INTO sync_state (id) VALUES (1);

      CREATE TABLE sync_applied_changes (
        change_id   TEXT PRIMARY KEY,
        kind        TEXT NOT NULL,
        applied_at  TEXT NOT NULL
      ) STRICT, WITHOUT ROWID;
    `);
  },
};
