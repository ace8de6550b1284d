import type { Migration } from '../migration';

/** Cases: the projection of their events, the daily number sequences, and intake idempotency. */
export const migration0003: Migration = {
  version: 3,
  name: 'cases',
  up(db) {
    db.exec(`
      -- One row per case-number prefix (hall-window-date). Bumped in the same transaction that
      -- records the case, so a number is used at most once even across crashes.
      -- WITHOUT ROWID: keyed by text, one b-tree instead of a table plus its key's index, so
      -- each accept writes one page fewer (this and intake_requests are on every accept).
      CREATE TABLE case_number_sequences (
        prefix    TEXT    PRIMARY KEY,
        last_seq  INTEGER NOT NULL CHECK (last_seq >= 1)
      ) STRICT, WITHOUT ROWID;

      -- The current state of each case, written only together with the event that changed it:
      -- the columns the case list searches on here, narrow so that searching a million cases
      -- reads few pages; the full fold of its events in case_states.
      CREATE TABLE cases (
        seq                  INTEGER PRIMARY KEY,
        id                   TEXT    NOT NULL UNIQUE,
        case_number          TEXT    NOT NULL UNIQUE,
        item_code            TEXT    NOT NULL,
        item_version         INTEGER NOT NULL,
        status               TEXT    NOT NULL,
        applicant_name       TEXT    NOT NULL,
        applicant_id_number  TEXT    NOT NULL,
        applicant_mobile     TEXT    NOT NULL,
        received_at          TEXT    NOT NULL,
        received_date        TEXT    NOT NULL,
        promised_due_date    TEXT,
        window_number        INTEGER NOT NULL,
        staff_id             TEXT    NOT NULL REFERENCES staff (id),
        version              INTEGER NOT NULL CHECK (version >= 1),
        FOREIGN KEY (item_code, item_version) REFERENCES catalog_items (code, version)
      ) STRICT;

      CREATE TABLE case_states (
        case_seq  INTEGER PRIMARY KEY REFERENCES cases (seq),
        state     TEXT    NOT NULL CHECK (json_valid(state))
      ) STRICT;
      -- The case list shows the newest first (received_date, then seq) and pages on that key.
      -- Every index ends in it (seq is the rowid, implicit at the end), so a search on one item,
      -- one status or a date range reads its first page in index order and stops: no sort, at
      -- any number of cases.
      CREATE INDEX cases_by_received_date ON cases (received_date);
      CREATE INDEX cases_by_item ON cases (item_code, received_date);
      CREATE INDEX cases_by_status ON cases (status, received_date);
      CREATE INDEX cases_by_item_status ON cases (item_code, status, received_date);
      -- A name prefix is a range, so its matches must be sorted; carrying the date makes that
      -- sort read the index alone. (Prefixes too common to sort are searched the other way
      -- round, see case-search.ts.)
      CREATE INDEX cases_by_applicant_name ON cases (applicant_name, received_date);
      CREATE INDEX cases_by_applicant_id_number ON cases (applicant_id_number);
      CREATE INDEX cases_by_applicant_mobile ON cases (applicant_mobile);

      -- The UI's id for one intake form: a repeated submit returns the case already made.
      -- args_hash: the same id with different content is a mistake to refuse, not a repeat.
      CREATE TABLE intake_requests (
        client_request_id  TEXT PRIMARY KEY,
        case_id            TEXT NOT NULL REFERENCES cases (id),
        args_hash          TEXT NOT NULL
      ) STRICT, WITHOUT ROWID;
    `);
  },
};
