import type { Migration } from '../migration';

/** Settings of this installation, the versioned catalog and the holiday calendar. */
export const migration0001: Migration = {
  version: 1,
  name: 'foundation',
  up(db) {
    db.exec(`
      CREATE TABLE app_meta (
        key   TEXT PRIMARY KEY,
        value TEXT NOT NULL
      ) STRICT, WITHOUT ROWID;

      -- One row per version of an item. A case points at (code, version) and the row is never
      -- changed afterwards, so a case always shows the rules it was accepted under.
      CREATE TABLE catalog_items (
        code             TEXT    NOT NULL,
        version          INTEGER NOT NULL CHECK (version >= 1),
        name             TEXT    NOT NULL,
        department       TEXT    NOT NULL,
        case_type        TEXT    NOT NULL CHECK (case_type IN ('immediate', 'promised', 'joint', 'referred')),
        legal_days       INTEGER NOT NULL CHECK (legal_days >= 0),
        promised_days    INTEGER NOT NULL CHECK (promised_days >= 0),
        in_force         INTEGER NOT NULL CHECK (in_force IN (0, 1)),
        catalog_version  TEXT    NOT NULL,
        body             TEXT    NOT NULL CHECK (json_valid(body)),
        imported_at      TEXT    NOT NULL,
        PRIMARY KEY (code, version)
      ) STRICT;
      CREATE UNIQUE INDEX catalog_items_in_force ON catalog_items (code) WHERE in_force = 1;

      CREATE TABLE catalog_imports (
        id               INTEGER PRIMARY KEY,
        catalog_version  TEXT    NOT NULL,
        source           TEXT    NOT NULL,
        added            INTEGER NOT NULL,
        changed          INTEGER NOT NULL,
        cancelled        INTEGER NOT NULL,
        imported_at      TEXT    NOT NULL
      ) STRICT;

      -- Each year's schedule as published (official) or as computed from the statutory rules
      -- while unpublished (provisional).
      CREATE TABLE calendar_years (
        year        INTEGER PRIMARY KEY,
        status      TEXT    NOT NULL CHECK (status IN ('official', 'provisional')),
        body        TEXT    NOT NULL CHECK (json_valid(body)),
        updated_at  TEXT    NOT NULL
      ) STRICT;
    `);
  },
};
