import type { Migration } from '../migration';

/**
 * Intake drafts: each clerk's half-filled intake form, kept by the core so it survives a restart
 * of the app or a crash (issue 11 §5), not only a reload of the page.
 */
export const migration0004: Migration = {
  version: 4,
  name: 'intake drafts',
  up(db) {
    db.exec(`
      -- One draft per clerk: the form is one per window and a clerk works at one window at a
      -- time. Keyed by the clerk only (not the window number), so a draft still comes back after
      -- IT renumbers the window in config.json; window_number records where it was typed.
      -- body: the form as JSON, validated against the contract's schema when read (a damaged or
      -- older-format body is removed then, with a note to the clerk), so no CHECK here that
      -- would turn such a body into a failure to start.
      -- Holds personal data (names, ID numbers): same file, same protection as the cases.
      CREATE TABLE intake_drafts (
        staff_id           TEXT    PRIMARY KEY REFERENCES staff (id),
        window_number      INTEGER NOT NULL,
        client_request_id  TEXT    NOT NULL,
        format             INTEGER NOT NULL,
        body               TEXT    NOT NULL,
        updated_at         TEXT    NOT NULL
      ) STRICT, WITHOUT ROWID;
    `);
  },
};
