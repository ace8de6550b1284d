import type { Migration } from '../migration';

/**
 * Printing (issue 14): the documents issued to citizens, kept as issued (content and SHA-256),
 * the 文书编号 sequences, and print jobs as durable rows (DESIGN.md "Data rules": a job is
 * stored in the same transaction as the act that causes it, and is never lost).
 */
export const migration0008: Migration = {
  version: 8,
  name: 'printing',
  up(db) {
    db.exec(`
      -- What was handed out, exactly: a thermal document as ThermalDocument JSON, an A4 notice
      -- as its complete HTML page. A 补打 renders this content again (never the template of the
      -- day), so the hash of a reprint's content is the hash of the original.
      -- event_id: the case event whose commit issued it (null for a test page or a ticket).
      -- profile: the printer profile it was laid out for (JSON), so the preview of an old
      -- receipt keeps the paper width it was printed at.
      -- label: the document's name as issued, its page's own title (不予给付决定书 for a 行政给付
      -- item's refusal, not the kind's generic name), for lists, toasts and the case's timeline.
      -- Holds personal data (names, masked ID numbers): same file, same protection as cases.
      CREATE TABLE issued_documents (
        seq              INTEGER PRIMARY KEY,
        id               TEXT    NOT NULL UNIQUE,
        case_id          TEXT    REFERENCES cases (id),
        kind             TEXT    NOT NULL CHECK (kind IN ('acceptanceReceipt', 'queueTicket', 'testPage', 'acceptanceNotice',
                                                          'correctionNotice', 'rejectionNotice', 'refusalDecision', 'completionNotice')),
        medium           TEXT    NOT NULL CHECK (medium IN ('thermal', 'a4')),
        title            TEXT    NOT NULL,
        label            TEXT    NOT NULL CHECK (length(label) > 0),
        document_number  TEXT    UNIQUE,
        content          TEXT    NOT NULL,
        sha256           TEXT    NOT NULL CHECK (length(sha256) = 64),
        profile          TEXT    CHECK (profile IS NULL OR json_valid(profile)),
        issued_at        TEXT    NOT NULL,
        staff_id         TEXT    REFERENCES staff (id),
        event_id         TEXT    REFERENCES events (id),
        hall_code        TEXT    NOT NULL,
        window_number    INTEGER NOT NULL
      ) STRICT;
      CREATE INDEX issued_documents_by_case ON issued_documents (case_id, seq) WHERE case_id IS NOT NULL;

      -- 文书编号 (notices): unique per hall and year without the network, because the number
      -- carries the window (hall-year-window-sequence), one sequence per hall, window, kind and
      -- year. Bumped in the transaction that issues the notice: a number is used at most once,
      -- even across crashes.
      CREATE TABLE document_number_sequences (
        hall_code      TEXT    NOT NULL,
        window_number  INTEGER NOT NULL,
        kind           TEXT    NOT NULL,
        year           INTEGER NOT NULL,
        last_seq       INTEGER NOT NULL CHECK (last_seq >= 1),
        PRIMARY KEY (hall_code, window_number, kind, year)
      ) STRICT, WITHOUT ROWID;

      -- A print job's life (contract/printing.ts, PRINT_JOB_STATES). reprint_of: the job this
      -- one reprints (补打). attempts: how many times bytes began to go out.
      CREATE TABLE print_jobs (
        seq          INTEGER PRIMARY KEY,
        id           TEXT    NOT NULL UNIQUE,
        document_id  TEXT    NOT NULL REFERENCES issued_documents (id),
        case_id      TEXT    REFERENCES cases (id),
        printer      TEXT    NOT NULL CHECK (printer IN ('receiptPrinter', 'ticketPrinter')),
        state        TEXT    NOT NULL CHECK (state IN ('queued', 'waiting', 'sending', 'printed', 'failed', 'unknown', 'discarded')),
        reason       TEXT,
        reprint      INTEGER NOT NULL DEFAULT 0 CHECK (reprint IN (0, 1)),
        reprint_of   TEXT    REFERENCES print_jobs (id),
        attempts     INTEGER NOT NULL DEFAULT 0 CHECK (attempts >= 0),
        created_at   TEXT    NOT NULL,
        updated_at   TEXT    NOT NULL,
        printed_at   TEXT,
        staff_id     TEXT    REFERENCES staff (id)
      ) STRICT;
      -- The worker takes the oldest job to send on each printer; the jobs page lists by state;
      -- a case's page lists its jobs; a document's latest job.
      CREATE INDEX print_jobs_by_state ON print_jobs (state, printer, seq);
      CREATE INDEX print_jobs_by_case ON print_jobs (case_id, seq) WHERE case_id IS NOT NULL;
      CREATE INDEX print_jobs_by_document ON print_jobs (document_id, seq);
    `);
  },
};
