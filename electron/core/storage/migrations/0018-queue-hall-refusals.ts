import type { Migration } from '../migration';

/**
 * Local tickets the hall server did not take (issue 17, review finding M2). When a window or a
 * dispenser uploads its offline history, the server may answer a ticket `conflicting` (its number
 * is already another ticket's at the hall that day: two devices on one fallback slot) or
 * `refused` (with the server's reason). Its word is final — such a ticket is never resent — but it
 * is not "sent" either: the hall does not have it and will never call it, while a citizen may
 * hold its paper ticket. So it gets a state of its own beside `sent_at`:
 *
 * - `refusal_kind`: 'conflicting' or 'refused'; NULL for a ticket the hall took or not yet answered.
 * - `refusal`: the reason in Chinese (the server's words for `refused`; ours for `conflicting`).
 * - `refused_at`: when the hall answered so (ISO 8601).
 * - `refusal_seen_at`: when a clerk acknowledged the warning the window's 叫号 panel shows for it
 *   (ISO 8601); NULL while it is still shown.
 *
 * The three first are set together (CHECKs); `sent_at` stays NULL on such a row, and the unsent
 * history leaves it out (local-queue-store.ts), as do the local lines unless a window here holds it.
 */
export const migration0018: Migration = {
  version: 18,
  name: 'queue-hall-refusals',
  up(db) {
    db.exec(`
      ALTER TABLE queue_tickets ADD COLUMN refusal_kind TEXT CHECK (refusal_kind IN ('conflicting', 'refused'));
      ALTER TABLE queue_tickets ADD COLUMN refusal TEXT CHECK ((refusal IS NULL) = (refusal_kind IS NULL) AND (refusal IS NULL OR length(refusal) > 0));
      ALTER TABLE queue_tickets ADD COLUMN refused_at TEXT CHECK ((refused_at IS NULL) = (refusal_kind IS NULL));
      ALTER TABLE queue_tickets ADD COLUMN refusal_seen_at TEXT CHECK (refusal_seen_at IS NULL OR refusal_kind IS NOT NULL);
      -- The window's panel reads the refusals still to be acknowledged, per service day.
      CREATE INDEX queue_tickets_refusals_shown ON queue_tickets (service_day) WHERE refusal_kind IS NOT NULL AND refusal_seen_at IS NULL;
    `);
  },
};
