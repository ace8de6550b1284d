import type { Migration } from '../migration';
import { rebuildTable } from '../rebuild-table';

/** The new shape: `content` ANY (TEXT or compressed BLOB), `stylesheet`, `document_number` without its column UNIQUE. */
const ISSUED_DOCUMENTS_NEW = `
  CREATE TABLE issued_documents_new (
    seq              INTEGER PRIMARY KEY,
    id               TEXT    NOT NULL UNIQUE,
    case_id          TEXT    REFERENCES cases (id),
    kind             TEXT    NOT NULL CHECK (kind IN ('acceptanceReceipt', 'queueTicket', 'testPage', 'acceptanceNotice',
                                                      'correctionNotice', 'rejectionNotice', 'refusalDecision', 'completionNotice')),
    medium           TEXT    NOT NULL CHECK (medium IN ('thermal', 'a4')),
    title            TEXT    NOT NULL,
    label            TEXT    NOT NULL CHECK (length(label) > 0),
    document_number  TEXT,
    content          ANY     NOT NULL CHECK (typeof(content) IN ('text', 'blob')),
    sha256           TEXT    NOT NULL CHECK (length(sha256) = 64),
    profile          TEXT    CHECK (profile IS NULL OR json_valid(profile)),
    issued_at        TEXT    NOT NULL,
    staff_id         TEXT    REFERENCES staff (id),
    event_id         TEXT    REFERENCES events (id),
    hall_code        TEXT    NOT NULL,
    window_number    INTEGER NOT NULL,
    stylesheet       INTEGER REFERENCES document_stylesheets (id) CHECK (stylesheet IS NULL OR medium = 'a4')
  ) STRICT`;

/**
 * Issued documents written with fewer pages (issue 14's accept latency, bench:intake): every
 * accept issues a 受理回执 and a 受理通知书 inside the case's transaction, and each page it dirties
 * is one more WAL frame to write and fsync, and to checkpoint later.
 *
 * - `document_stylesheets`: an A4 notice's stylesheet (≈ 4 KB, the same in every notice of a
 *   template version) is stored once and referred to by `stylesheet`; the row keeps the rest of
 *   the HTML with an empty `<style></style>` where it was, and document-store puts it back on
 *   reading. `sha256` stays the hash of the whole document as issued. Without it a notice was
 *   ≈ 7 KB, two overflow pages beyond its leaf on every accept.
 * - `content` may be a BLOB: the document's UTF-8 bytes compressed (raw DEFLATE, RFC 1951), which
 *   document-store writes for every new document (a notice's ≈ 3 KB left after its stylesheet
 *   and a receipt's ≈ 2 KB of JSON become ≈ 1.4 KB and ≈ 0.8 KB, so an accept's two documents
 *   share a page instead of taking one each); TEXT as before for the rows already there, read as
 *   they are. The column is `ANY` (STRICT allows it) so neither kind needs converting.
 * - `document_number` unique only where there is one: a receipt has none, and a full UNIQUE
 *   column indexed its NULL too, so every accept wrote two leaf pages of that index (the NULLs'
 *   end and the numbers' end) instead of one.
 *
 * SQLite changes neither a column constraint nor a table's shape in place, so `issued_documents`
 * is rebuilt by the 12-step procedure (https://www.sqlite.org/lang_altertable.html, "Making Other
 * Kinds Of Table Schema Changes") with foreign keys off (print_jobs points at it); rows are copied
 * as they are (stylesheet NULL: their content is the whole document).
 */
export const migration0011: Migration = {
  version: 11,
  name: 'document-storage',
  foreignKeysOff: true,
  // Rows change only through rebuildTable, which checks the table and all pointing at it; the rest creates tables.
  foreignKeyCheck: 'rebuilt tables',
  up(db, onProgress) {
    db.exec(`
      CREATE TABLE document_stylesheets (
        id      INTEGER PRIMARY KEY,
        sha256  TEXT    NOT NULL UNIQUE CHECK (length(sha256) = 64),
        css     TEXT    NOT NULL
      ) STRICT;
      CREATE TRIGGER document_stylesheets_are_append_only_update BEFORE UPDATE ON document_stylesheets
      BEGIN SELECT RAISE(ABORT, 'stylesheets of issued documents are never changed'); END;
      CREATE TRIGGER document_stylesheets_are_append_only_delete BEFORE DELETE ON document_stylesheets
      BEGIN SELECT RAISE(ABORT, 'stylesheets of issued documents are never changed'); END;
    `);
    // Rows copied as they are; `stylesheet`, new, is NULL for them (their content is the whole
    // document). Whatever 0008 or a later step put on the table (issued_documents_by_case …)
    // comes back as it was (rebuild-table.ts).
    rebuildTable(db, {
      table: 'issued_documents',
      createNew: ISSUED_DOCUMENTS_NEW,
      ...(onProgress ? { onProgress } : {}),
    });
    db.exec(`CREATE UNIQUE INDEX issued_documents_by_number ON issued_documents (document_number) WHERE document_number IS NOT NULL`);
  },
};
