import type { Migration } from '../migration';

/**
 * A4 notices owed by committed case events (issue 14; printing/issuing/issue-owed-notices.ts). The
 * case command's transaction records that its event owes a notice (one small row, no HTML), and
 * the notice is rendered and stored right after the commit in a transaction of its own — off the
 * clerk's wait (issue 12's accept latency). A crash in between leaves the row, so the notice is
 * issued at the next start: owed by the event, never forgotten, never issued twice (the row goes
 * in the notice's own transaction).
 */
export const migration0013: Migration = {
  version: 13,
  name: 'notices-owed',
  up(db) {
    db.exec(`
      -- event_id: the case event that issues the notice (documents-for-events.ts).
      -- case_version: the case's version after the change that event belongs to — the notice is
      -- rendered from the case as it stood then, even when it is issued after a restart.
      -- WITHOUT ROWID and no other index: ids are UUIDv7, so a row lands on the rightmost page
      -- (one WAL frame in the clerk's commit) and the table holds a few rows at most.
      CREATE TABLE notices_owed (
        event_id      TEXT    PRIMARY KEY REFERENCES events (id),
        case_id       TEXT    NOT NULL,
        case_version  INTEGER NOT NULL CHECK (case_version >= 1)
      ) STRICT, WITHOUT ROWID;
    `);
  },
};
