import type { Migration } from '../migration';
import { rebuildTable } from '../rebuild-table';

/**
 * The events table as 0002 made it, with `rating` admitted as a stream type (issue 15: a rating
 * and its follow-up are a `rating` event stream). Same columns, copied by name with
 * `seq` (which outbox rows point at) kept.
 */
const EVENTS_NEW = `
  CREATE TABLE events_new (
    seq             INTEGER PRIMARY KEY,
    id              TEXT    NOT NULL UNIQUE,
    stream_type     TEXT    NOT NULL CHECK (stream_type IN ('case', 'staff', 'rating')),
    stream_id       TEXT    NOT NULL,
    stream_version  INTEGER NOT NULL CHECK (stream_version >= 1),
    type            TEXT    NOT NULL,
    occurred_at     TEXT    NOT NULL,
    hall_code       TEXT    NOT NULL,
    window_number   INTEGER NOT NULL,
    staff_id        TEXT    REFERENCES staff (id),
    payload         TEXT    NOT NULL CHECK (json_valid(payload)),
    UNIQUE (stream_type, stream_id, stream_version)
  ) STRICT`;

/**
 * 好差评 (issue 15): ratings kept once per device vote, 一次一评 sessions and device faults.
 * A rating row is written once (append-only triggers); its follow-up lives elsewhere (0010).
 */
export const migration0009: Migration = {
  version: 9,
  name: 'ratings',
  foreignKeysOff: true,
  // Rows change only through rebuildTable, which checks the table and all pointing at it; the rest creates tables.
  foreignKeyCheck: 'rebuilt tables',
  up(db, onProgress) {
    // SQLite cannot alter a CHECK in place: the whole log is rebuilt (rebuild-table.ts, with its
    // indexes, the append-only triggers and anything a later step put on it), seq kept, so the
    // outbox, issued_documents and the rest still point at the same events.
    rebuildTable(db, { table: 'events', createNew: EVENTS_NEW, ...(onProgress ? { onProgress } : {}) });
    db.exec(`
      -- One citizen's coin. vote_key: the device's own identity of the vote (v1
      -- "v1:<serial>:<event_id>", protocols/rating-device.md host rule 1), so a vote delivered
      -- again after a lost ACK or a restart of either side is stored once. satisfaction BY NAME
      -- (contract/ratings.ts SATISFACTIONS), never a number. received_date: the hall calendar
      -- date of received_at (a 差评's follow-up is due counted from it: it opens on receipt).
      -- rated_date: the hall calendar date of rated_at (the coin's believed time), the day the
      -- figures count it on: a coin queued overnight in the device counts on the day it fell.
      -- device_session_id: the session id the device sent with the coin (v1; 0 = none; null on
      -- the legacy bus), kept to tell a redelivery from a reused event id. attribution: session | on_duty |
      -- nobody (COMMON rule: the session's case, staff and window, else whoever was signed in
      -- at the coin's time, else the window alone). event_id: its rating.received event.
      CREATE TABLE ratings (
        seq              INTEGER PRIMARY KEY,
        id               TEXT    NOT NULL UNIQUE,
        vote_key         TEXT    NOT NULL UNIQUE,
        satisfaction     TEXT    NOT NULL CHECK (satisfaction IN ('very_satisfied', 'satisfied', 'basically_satisfied', 'dissatisfied', 'very_dissatisfied')),
        received_at      TEXT    NOT NULL,
        received_date    TEXT    NOT NULL,
        rated_at         TEXT    NOT NULL,
        rated_date       TEXT    NOT NULL,
        attribution      TEXT    NOT NULL CHECK (attribution IN ('session', 'on_duty', 'nobody')),
        session_id       TEXT,
        case_id          TEXT    REFERENCES cases (id),
        staff_id         TEXT    REFERENCES staff (id),
        hall_code        TEXT    NOT NULL,
        window_number    INTEGER NOT NULL,
        protocol         TEXT    NOT NULL CHECK (protocol IN ('v1', 'legacy-bus')),
        device_serial    TEXT,
        device_event_id  INTEGER,
        address          INTEGER NOT NULL,
        slot             INTEGER,
        device_session_id INTEGER,
        device_time      TEXT,
        event_id         TEXT    NOT NULL REFERENCES events (id),
        CHECK ((attribution = 'session') = (session_id IS NOT NULL)),
        CHECK (attribution <> 'nobody' OR staff_id IS NULL)
      ) STRICT;
      -- Nothing edits or deletes a citizen's rating; an upheld appeal marks the follow-up.
      CREATE TRIGGER ratings_are_append_only_update BEFORE UPDATE ON ratings
      BEGIN SELECT RAISE(ABORT, 'ratings are never changed'); END;
      CREATE TRIGGER ratings_are_append_only_delete BEFORE DELETE ON ratings
      BEGIN SELECT RAISE(ABORT, 'ratings are never deleted'); END;
      -- The figures: by day (any range), by staff member over days, by item through the case,
      -- a case's own rating.
      CREATE INDEX ratings_by_day ON ratings (rated_date, satisfaction);
      CREATE INDEX ratings_by_staff ON ratings (staff_id, rated_date) WHERE staff_id IS NOT NULL;
      CREATE INDEX ratings_by_case ON ratings (case_id) WHERE case_id IS NOT NULL;
      -- 一次一评: a session has at most one rating. A safety net only: the vote sink gives a
      -- coin its session only while the session has none (vote-sink.ts), so this never fires
      -- there (if it did, the vote could never be committed, nor acknowledged).
      CREATE UNIQUE INDEX ratings_one_per_session ON ratings (session_id) WHERE session_id IS NOT NULL;

      -- 一次一评 sessions (protocols/rating-device.md rule 2): one armed at a time at a window;
      -- its device_session_id (the u32 sent in ARM) unique among the open ones.
      CREATE TABLE rating_sessions (
        seq                INTEGER PRIMARY KEY,
        id                 TEXT    NOT NULL UNIQUE,
        device_session_id  INTEGER NOT NULL CHECK (device_session_id BETWEEN 1 AND 4294967295),
        state              TEXT    NOT NULL CHECK (state IN ('armed', 'rated', 'expired', 'superseded', 'ended')),
        case_id            TEXT    REFERENCES cases (id),
        staff_id           TEXT    NOT NULL REFERENCES staff (id),
        service_label      TEXT    NOT NULL,
        armed_at           TEXT    NOT NULL,
        expires_at         TEXT    NOT NULL,
        device_armed       INTEGER NOT NULL DEFAULT 0 CHECK (device_armed IN (0, 1)),
        rating_id          TEXT    REFERENCES ratings (id),
        ended_at           TEXT,
        CHECK ((state = 'armed') = (ended_at IS NULL)),
        CHECK ((state = 'rated') = (rating_id IS NOT NULL))
      ) STRICT;
      CREATE UNIQUE INDEX rating_sessions_one_armed ON rating_sessions (state) WHERE state = 'armed';
      CREATE INDEX rating_sessions_by_device_id ON rating_sessions (device_session_id);
      CREATE INDEX rating_sessions_by_case ON rating_sessions (case_id) WHERE case_id IS NOT NULL;

      -- Faults the device reported, once each (fault_key "v1:<serial>:<event_id>").
      CREATE TABLE device_faults (
        seq            INTEGER PRIMARY KEY,
        id             TEXT    NOT NULL UNIQUE,
        fault_key      TEXT    NOT NULL UNIQUE,
        fault          TEXT    NOT NULL CHECK (fault IN ('coin_jam', 'box_full', 'cover_opened', 'sensor_fault')),
        at             TEXT    NOT NULL,
        device_serial  TEXT,
        device_time    TEXT
      ) STRICT;
    `);
  },
};
