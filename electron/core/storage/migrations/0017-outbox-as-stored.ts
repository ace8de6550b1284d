import type { Migration } from '../migration';

/**
 * The outbox learns which events go upstream exactly as stored (issue 16, push speed). The push
 * used to parse every event's payload, check it against the wire schema and serialise it again,
 * per push: most of a window's CPU while a week's backlog went up. Now the event store checks an
 * event once, when it is written (event-store.ts appendEvent, sync/outbox.ts sendsAsStored), and
 * marks its outbox row `as_stored = 1` when its wire JSON is the stored columns and payload text
 * as they are; the push then sends that text without parsing it. Rows written before this step
 * (and any event the check refused: it is parked by the push, as before) keep 0 and are checked
 * at push time as before.
 */
export const migration0017: Migration = {
  version: 17,
  name: 'outbox-as-stored',
  up(db) {
    db.exec(`
      -- as_stored: 1 when the event goes upstream as its stored row, checked against the wire schema
      -- when written; 0 (rows from before this step, events the check refused): checked at push time.
      ALTER TABLE outbox ADD COLUMN as_stored INTEGER NOT NULL DEFAULT 0 CHECK (as_stored IN (0, 1));
    `);
  },
};
