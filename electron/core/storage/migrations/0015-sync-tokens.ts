import type { Migration } from '../migration';

/**
 * One enrolment token per (hall, window) the window has held (review-16, findings 2 and 3).
 *
 * - A window renumbered in config.json (or moved to another hall) still holds events recorded
 *   under its old number: they go up only with that number's token (the server lets a token push
 *   its own window's events only), so the old token is kept beside the new one and each run of
 *   the outbox is pushed with its own (sync-client.ts).
 * - The window makes its token itself and stores it here as `pending_token`, with the SHA-256 of
 *   the code it is sent with, BEFORE the request (enrol.ts): an answer lost on the way back is
 *   retried with the same code and the same token, which the server accepts again. An accepted
 *   one moves to `token`.
 *
 * Columns: `token` the live token (43-char base64url; never logged, never shown) and `enrolled_at`
 * (ISO 8601, the window's clock), both NULL until accepted; `pending_token`, `pending_code_hash`
 * (SHA-256 hex of the normalised code) and `pending_at` while an enrolment's answer is not had.
 * The token held in `sync_state` by migration 0012 is copied in (its hall and window are those
 * the server confirmed).
 */
export const migration0015: Migration = {
  version: 15,
  name: 'sync-tokens',
  up(db) {
    db.exec(`
      CREATE TABLE sync_tokens (
        hall_code          TEXT    NOT NULL,
        window_number      INTEGER NOT NULL,
        token              TEXT,
        enrolled_at        TEXT,
        pending_token      TEXT,
        pending_code_hash  TEXT,
        pending_at         TEXT,
        PRIMARY KEY (hall_code, window_number),
        CHECK ((pending_token IS NULL) = (pending_code_hash IS NULL))
      ) STRICT, WITHOUT ROWID;
      INSERT INTO sync_tokens (hall_code, window_number, token, enrolled_at)
        SELECT enrolled_hall, enrolled_window, token, enrolled_at FROM sync_state
         WHERE id = 1 AND token IS NOT NULL AND enrolled_hall IS NOT NULL AND enrolled_window IS NOT NULL;
    `);
  },
};
