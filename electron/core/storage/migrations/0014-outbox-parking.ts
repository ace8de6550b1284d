import type { Migration } from '../migration';

/**
 * Parking in the outbox (issue 16, review finding 1). An event the upstream will never take as
 * it is (a stream version already held under another id after a restored backup: 409; a value
 * PostgreSQL refuses: 400; one event alone over the body limit; a row the wire schema refuses)
 * must not hold back every later event of the window. Its row is marked parked, with the reason
 * in words for the 设置 page; the push then skips every outbox row of that event's stream (its
 * later versions wait behind it, in order), while the other streams go up. 重试 (sync.retryParked)
 * clears the marks for one more try. Nothing is deleted: a parked event stays in the outbox until
 * the server holds it.
 */
export const migration0014: Migration = {
  version: 14,
  name: 'outbox-parking',
  up(db) {
    db.exec(`
      -- parked_at: when the push parked this event (ISO 8601 UTC); NULL: not parked (almost every row).
      -- parked_reason: why, in Chinese words for the 设置 page and the status bar.
      ALTER TABLE outbox ADD COLUMN parked_at TEXT;
      ALTER TABLE outbox ADD COLUMN parked_reason TEXT;
      -- A partial index holding the parked rows only (none, or a few): the push reads it for every
      -- batch to skip the parked streams, at no cost to the clerk's commit (a NULL row is not in it).
      CREATE INDEX outbox_parked ON outbox (event_seq) WHERE parked_at IS NOT NULL;
    `);
    // A parked row always says why; a row not parked carries no stale reason. Only on UPDATE: the
    // event store inserts `event_seq` alone (both NULL), and the clerk's commit pays for no trigger.
    db.exec(`
      CREATE TRIGGER outbox_parked_has_reason_update BEFORE UPDATE OF parked_at, parked_reason ON outbox
      WHEN (NEW.parked_at IS NULL) <> (NEW.parked_reason IS NULL)
      BEGIN SELECT RAISE(ABORT, 'outbox: parked_at and parked_reason go together'); END;
    `);
  },
};
