import type { Db } from '../storage/database';
import { statement } from '../storage/statements';

/** The sync client's row in `sync_state` (migration 0012), in code's words. Times are ISO 8601. */
export interface SyncStateRow {
  /** The last enrolment's token (what the 设置 page shows as enrolled); each number's live token is in sync_tokens (sync-tokens.ts). */
  token: string | null;
  enrolledHall: string | null;
  enrolledWindow: number | null;
  enrolledAt: string | null;
  pullCursor: string | null;
  lastPushAt: string | null;
  lastPullAt: string | null;
  lastSuccessAt: string | null;
  lastError: string | null;
  lastErrorAt: string | null;
  /** Server clock minus this PC's, ms. */
  clockOffsetMs: number | null;
}

interface Row {
  token: string | null;
  enrolled_hall: string | null;
  enrolled_window: number | null;
  enrolled_at: string | null;
  pull_cursor: string | null;
  last_push_at: string | null;
  last_pull_at: string | null;
  last_success_at: string | null;
  last_error: string | null;
  last_error_at: string | null;
  clock_offset_ms: number | null;
}

/** Reads the one row (made by migration 0012). */
export function readSyncState(db: Db): SyncStateRow {
  const row = statement(db, 'SELECT * FROM sync_state WHERE id = 1').get() as Row | undefined;
  if (!row) throw new Error('sync_state has no row: migration 0012 did not run');
  return {
    token: row.token,
    enrolledHall: row.enrolled_hall,
    enrolledWindow: row.enrolled_window,
    enrolledAt: row.enrolled_at,
    pullCursor: row.pull_cursor,
    lastPushAt: row.last_push_at,
    lastPullAt: row.last_pull_at,
    lastSuccessAt: row.last_success_at,
    lastError: row.last_error,
    lastErrorAt: row.last_error_at,
    clockOffsetMs: row.clock_offset_ms,
  };
}

/** A round (push and pull) ended without an error. */
export function noteSyncSuccess(db: Db, at: string): void {
  statement(db, 'UPDATE sync_state SET last_success_at = ?, last_error = NULL, last_error_at = NULL WHERE id = 1').run(at);
}

/** A round failed; `words` is what the status bar shows. */
export function noteSyncError(db: Db, words: string, at: string): void {
  statement(db, 'UPDATE sync_state SET last_error = ?, last_error_at = ? WHERE id = 1').run(words, at);
}

/** A pull response was applied (its cursor was stored by the pull's own transaction). */
export function notePulled(db: Db, at: string): void {
  statement(db, 'UPDATE sync_state SET last_pull_at = ? WHERE id = 1').run(at);
}

/** The stored pull cursor (null: from the beginning). */
export function readPullCursor(db: Db): string | null {
  return (statement(db, 'SELECT pull_cursor AS c FROM sync_state WHERE id = 1').get() as { c: string | null } | undefined)?.c ?? null;
}
