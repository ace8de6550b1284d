import type { Migration } from '../migration';

/**
 * The local hall queue (issue 17; core/queue/local-queue-store.ts): what this PC keeps while the
 * hall server is unreachable (or not set up) — the tickets it issued or called, every press with
 * its answer, its number counters and the windows' standing — and which of it the server has not
 * had yet.
 *
 * - `queue_tickets`: one row per ticket, its latest state as the contract's Ticket (JSON, zod-read
 *   on load). `number` is unique within its service day (numbers never repeat in a day).
 *   `issue_id` (UUID, the dispenser's touch) makes issuing idempotent. `sent_at` (ISO 8601) is
 *   NULL while the latest state is not yet with the server — the unsent history: set when
 *   `POST /v1/queue/history` answered, cleared by the next change.
 * - `queue_presses`: one row per press (pressId unique; a refused press too, so its retry is
 *   refused alike), in the order applied (`seq`), with the press and its outcome (JSON) and
 *   `sent_at` as above.
 * - `queue_counters`: the last sequence issued per (service day, letter) in this PC's fallback
 *   range: numbers only go up, never max+1 over the tickets.
 * - `queue_windows`: each window's standing per service day (WindowStatus JSON: the ticket it
 *   holds, its pause, its interleaving streak).
 */
export const migration0016: Migration = {
  version: 16,
  name: 'queue',
  up(db) {
    db.exec(`
      CREATE TABLE queue_tickets (
        id           TEXT NOT NULL PRIMARY KEY,
        service_day  TEXT NOT NULL,
        number       TEXT NOT NULL,
        issue_id     TEXT UNIQUE,
        ticket       TEXT NOT NULL CHECK (json_valid(ticket)),
        sent_at      TEXT,
        UNIQUE (service_day, number)
      ) STRICT, WITHOUT ROWID;
      CREATE INDEX queue_tickets_unsent ON queue_tickets (service_day) WHERE sent_at IS NULL;
      CREATE TABLE queue_presses (
        seq            INTEGER PRIMARY KEY,
        press_id       TEXT    NOT NULL UNIQUE,
        service_day    TEXT    NOT NULL,
        window_number  INTEGER NOT NULL,
        press          TEXT    NOT NULL CHECK (json_valid(press)),
        outcome        TEXT    NOT NULL CHECK (json_valid(outcome)),
        pressed_at     TEXT    NOT NULL,
        sent_at        TEXT
      ) STRICT;
      CREATE INDEX queue_presses_day ON queue_presses (service_day, seq);
      CREATE INDEX queue_presses_unsent ON queue_presses (seq) WHERE sent_at IS NULL;
      CREATE TABLE queue_counters (
        service_day  TEXT    NOT NULL,
        letter       TEXT    NOT NULL CHECK (length(letter) = 1),
        last         INTEGER NOT NULL CHECK (last BETWEEN 1 AND 9999),
        PRIMARY KEY (service_day, letter)
      ) STRICT, WITHOUT ROWID;
      CREATE TABLE queue_windows (
        service_day    TEXT    NOT NULL,
        window_number  INTEGER NOT NULL,
        status         TEXT    NOT NULL CHECK (json_valid(status)),
        PRIMARY KEY (service_day, window_number)
      ) STRICT, WITHOUT ROWID;
    `);
  },
};
