import type { ServerMigration } from '../migrate';

// The hall queue (排队叫号, issue 17; server/queue/). `hall` first in every key, as everywhere.
// - queue_tickets: one row per ticket, server-issued (`origin` 'server', numbers 1–4999 of the
//   day and letter) or uploaded from a device's offline history ('offline', its fallback range);
//   (hall, service_day, number) is unique, so two tickets can never share a printed number.
//   `issue_id` makes issuing idempotent. `category` is where it waits now (a transfer to another
//   category changes it; `letter`, the printed number's, never does).
// - queue_counters: the last sequence per (hall, day, letter), taken by INSERT … ON CONFLICT DO
//   UPDATE … RETURNING (a row lock held to commit), never max+1.
// - queue_windows: one row per window: its current ticket, pause and preferred streak for
//   `service_day` (older: idle). A press locks only its own window's row.
// - queue_presses: every press applied, by pressId, with its outcome (the answer to a repeat).
// - queue_calls: every call and recall for the hall display, `seq` per hall taken from
//   queue_call_counters at the end of the press's transaction, so seqs commit in order and
//   without gaps: a display resuming after seq N (Last-Event-ID) misses none.
// queue_tickets_line_idx serves "the first tickets in line in these categories of this lane,
// by issued_at, id" (states waiting and transferred only: a partial index stays small);
// queue_tickets_finished_idx the wait estimate's latest finished services of a category.
export const migration0006: ServerMigration = {
  version: 6,
  name: 'queue',
  sql: `
CREATE TABLE queue_tickets (
  hall text NOT NULL,
  id uuid NOT NULL,
  issue_id uuid NULL,
  service_day date NOT NULL,
  letter text NOT NULL CHECK (letter ~ '^[A-Z]$'),
  category text NOT NULL CHECK (category ~ '^[A-Z]$'),
  lane text NOT NULL CHECK (lane IN ('ordinary', 'priority', 'appointment')),
  sequence integer NOT NULL CHECK (sequence BETWEEN 1 AND 9999),
  number text NOT NULL,
  booking_code text NULL,
  issued_at timestamptz NOT NULL,
  issued_by integer NULL,
  state text NOT NULL CHECK (state IN ('waiting', 'called', 'serving', 'skipped', 'done', 'transferred')),
  called_by integer NULL,
  called_at timestamptz NULL,
  recalls integer NOT NULL DEFAULT 0,
  for_window integer NULL,
  served_at timestamptz NULL,
  skipped_at timestamptz NULL,
  finished_at timestamptz NULL,
  origin text NOT NULL CHECK (origin IN ('server', 'offline')),
  received_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (hall, id),
  UNIQUE (hall, service_day, number),
  UNIQUE (hall, issue_id)
);
CREATE INDEX queue_tickets_line_idx ON queue_tickets (hall, service_day, category, lane, issued_at, id)
  WHERE state IN ('waiting', 'transferred');
CREATE INDEX queue_tickets_for_window_idx ON queue_tickets (hall, service_day, for_window, issued_at, id)
  WHERE state IN ('waiting', 'transferred') AND for_window IS NOT NULL;
CREATE INDEX queue_tickets_called_by_idx ON queue_tickets (hall, service_day, called_by, state);
CREATE INDEX queue_tickets_finished_idx ON queue_tickets (hall, service_day, category, finished_at DESC) WHERE state = 'done';

CREATE TABLE queue_counters (
  hall text NOT NULL,
  service_day date NOT NULL,
  letter text NOT NULL,
  last integer NOT NULL,
  PRIMARY KEY (hall, service_day, letter)
);

CREATE TABLE queue_windows (
  hall text NOT NULL,
  window_number integer NOT NULL,
  service_day date NOT NULL,
  current_ticket uuid NULL,
  paused_reason text NULL,
  paused_since timestamptz NULL,
  preferred_streak integer NOT NULL DEFAULT 0,
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (hall, window_number)
);

CREATE TABLE queue_presses (
  hall text NOT NULL,
  press_id uuid NOT NULL,
  window_number integer NOT NULL,
  action jsonb NOT NULL,
  outcome jsonb NOT NULL,
  at timestamptz NOT NULL,
  origin text NOT NULL CHECK (origin IN ('server', 'offline')),
  PRIMARY KEY (hall, press_id)
);

CREATE TABLE queue_call_counters (
  hall text NOT NULL,
  last bigint NOT NULL,
  PRIMARY KEY (hall)
);

CREATE TABLE queue_calls (
  hall text NOT NULL,
  seq bigint NOT NULL,
  window_number integer NOT NULL,
  ticket_id uuid NOT NULL,
  number text NOT NULL,
  recall boolean NOT NULL,
  called_at timestamptz NOT NULL,
  PRIMARY KEY (hall, seq)
);
`,
};
