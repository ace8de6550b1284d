import { SyncEventSchema, type SyncEvent } from '../../contract/sync';
import type { Db } from '../storage/database';
import { statement } from '../storage/statements';

/**
 * One outbox event as it went upstream: the row it came from and its id and type as sent (for the
 * ack and for words about it). Its JSON is only in the batch's body: nothing of an event's text
 * stays on the JS heap while the push waits for its answer (issue 16, the client's memory: held
 * across that wait, each batch's text was promoted to the old generation, and a catch-up's heap
 * grew by some 100 MiB of it before a full collection).
 */
export interface OutboxEntry {
  seq: number;
  /** The event's id as sent (lower case, as the wire's Uuid). */
  id: string;
  /** Its type, e.g. `case.accepted`. */
  type: string;
  /** Its stream as stored, `<stream_type> <stream_id>` (what a batch sent beside it is kept clear of: ReadBatchOptions.besides). */
  stream: string;
}

/** An event of the outbox that the wire schema refuses (it would make the server refuse its whole batch). */
export interface UnsendableEvent {
  seq: number;
  id: string;
  type: string;
  /** Why, in the schema's words (for the log and IT staff). */
  problem: string;
}

/** How readOutboxBatch reads (see there). */
export interface ReadBatchOptions {
  only?: { hall: string; window: number } | undefined;
  /** Bytes; default no limit. */
  maxBytes?: number;
  bodyBuffer?: BodyBuffer | null;
  /**
   * A batch on its way (its answer not read yet): its rows are left out, and so is every row of a
   * stream it carries (see readOutboxBatch). Default none.
   */
  besides?: readonly OutboxEntry[];
}

/** What readOutboxBatch read: the batch, its push body, and an unsendable first event. */
export interface OutboxBatch {
  entries: OutboxEntry[];
  unsendable: UnsendableEvent | null;
  /**
   * `{"events":[…]}` of `entries` as UTF-8, exactly as posted. Bytes, written piece by piece: a
   * body as one JS string (UTF-16, often megabytes) would go to V8's large-object space and stay
   * there until a full collection, which is what grew a catch-up's memory (issue 16).
   */
  body: Buffer<ArrayBuffer>;
  /** Bytes of `body`. */
  bodyBytes: number;
  /**
   * Whether the read stopped before the rows it could take ran out (at `limit`, `maxBytes`, another
   * window's event or one the wire refuses): more may follow. False: this was the last of them.
   */
  cut: boolean;
}

/**
 * A growing buffer that push bodies are written into, one after another (a round of pushes
 * keeps two, one per push on its way: sync-client.ts sends two at most). Why: a body of
 * hundreds of KiB is an ArrayBuffer outside V8's heap, freed only when a full collection finds
 * its wrapper dead; V8 waits for about 64 MiB of such memory before it collects, so a backlog
 * pushed with a new Buffer per batch held that much more resident memory than it needed
 * (issue 16, client RSS). The caller must be done with one body (its request answered, which
 * also ends the sending of the body: sync-http.ts exchange) before it takes the next.
 */
export class BodyBuffer {
  private buffer: Buffer<ArrayBuffer> | null = null;

  /** A view of `bytes` bytes (contents undefined), valid until the next take or release. Grows (doubling) when needed. */
  take(bytes: number): Buffer<ArrayBuffer> {
    if (this.buffer === null || this.buffer.length < bytes) {
      this.buffer = Buffer.allocUnsafeSlow(Math.max(bytes, Math.min((this.buffer?.length ?? 0) * 2, 64 * 1024 * 1024), 64 * 1024));
    }
    return this.buffer.subarray(0, bytes);
  }

  /** Lets the memory go (a round of pushes is over). */
  release(): void {
    this.buffer = null;
  }
}

/** An events row as stored, in the columns the wire carries (snake_case: the table's). */
export interface StoredEventRow {
  id: string;
  stream_type: string;
  stream_id: string;
  stream_version: number;
  type: string;
  occurred_at: string;
  hall_code: string;
  window_number: number;
  staff_id: string | null;
  /** The payload's JSON text as stored. */
  payload: string;
}

/** The body around the events: `{"events":[` and `]}`, in bytes. */
const ENVELOPE_BYTES = Buffer.byteLength('{"events":[]}');

// The batch read, as arrays (better-sqlite3's raw mode: no object per row). The columns, by place:
const SEQ = 0;
const ID = 1;
const STREAM_TYPE = 2;
const STREAM_ID = 3;
const VERSION = 4;
const TYPE = 5;
const OCCURRED_AT = 6;
const HALL = 7;
const WINDOW = 8;
const STAFF = 9;
const PAYLOAD = 10;
const AS_STORED = 11;
type RawRow = [number, string, string, string, number, string, string, string, number, string | null, string, 0 | 1];
const COLUMNS = 'o.event_seq, e.id, e.stream_type, e.stream_id, e.stream_version, e.type, e.occurred_at, e.hall_code, e.window_number, e.staff_id, e.payload, o.as_stored';

// Parked streams' rows are skipped. The parked rows are few (none, almost always) and in a partial
// index of their own (migration 0014); with none parked (the usual case, checked first through
// that index) the read leaves the condition out.
const NOT_PARKED = `AND NOT EXISTS (SELECT 1 FROM outbox p CROSS JOIN events pe ON pe.seq = p.event_seq
                                     WHERE p.parked_at IS NOT NULL AND pe.stream_type = e.stream_type AND pe.stream_id = e.stream_id)`;
// A stream whose earlier rows wait in another (hall, window) group (a window renumbered, its old
// number not enrolled) waits behind them: sent now, its later versions would reach the server
// before its earlier ones, and a stream with a gap is a case the back office and the export
// cannot read. Few rows per stream, found through events' (stream_type, stream_id, version) key.
const NO_EARLIER_ELSEWHERE = `AND NOT EXISTS (SELECT 1 FROM events qe CROSS JOIN outbox q ON q.event_seq = qe.seq
                                              WHERE qe.stream_type = e.stream_type AND qe.stream_id = e.stream_id AND qe.stream_version < e.stream_version
                                                AND (qe.hall_code <> e.hall_code OR qe.window_number <> e.window_number))`;

// Beside a batch on its way (ReadBatchOptions.besides): its rows, and the rows of its streams. Both
// lists are sets SQLite builds once per read (an IN over json_each, not correlated); the outbox's
// rows are tested before their event is looked up.
const BESIDES = `AND o.event_seq NOT IN (SELECT value FROM json_each(?))
                 AND e.stream_type || ' ' || e.stream_id NOT IN (SELECT value FROM json_each(?))`;

/**
 * The batch read's SQL: `only` one (hall, window) group; `parked` with parked streams left out;
 * `besides` beside a batch on its way (two more parameters after the first: its rows, its streams).
 * Every join here is written CROSS JOIN, which keeps SQLite's join order as written: the outbox
 * (or the stream's own few events) outside, each event found by its key. With a plain JOIN the
 * planner may start from events — the outbox of a window that has synced is empty when the
 * statistics are taken, so it has no figures and looks as large as the log — and walk the whole
 * event log for every batch, every round of sync. Exported for its plan's test (field-plans).
 */
export function batchSql(only: boolean, parked: boolean, besides = false): string {
  return `SELECT ${COLUMNS} FROM outbox o CROSS JOIN events e ON e.seq = o.event_seq
           WHERE true ${besides ? BESIDES : ''} ${only ? 'AND e.hall_code = ? AND e.window_number = ?' : ''} ${parked ? NOT_PARKED : ''} ${NO_EARLIER_ELSEWHERE}
           ORDER BY o.event_seq LIMIT ?`;
}

/**
 * The oldest `limit` events of the outbox, in the order the window wrote them (`events.seq`), with
 * their JSON as it goes upstream. One short read of at most one batch: a week's backlog is
 * streamed, never loaded whole.
 * - An event marked `as_stored` (checked when written, sendsAsStored) goes as its stored text,
 *   unparsed (storedWireJson); any other is checked against the wire schema now and serialised
 *   by wireJson, exactly the text sendsAsStored compares with.
 * - A stream with an earlier row in another (hall, window) group waits for it (see above).
 * - Parked streams (parkStream) are skipped whole: every outbox row of a stream that has a parked
 *   row waits, so its versions still go up in order once it is un-parked; other streams' rows
 *   keep their order.
 * - `besides`: a batch on its way, whose answer is not read yet (sync-client.ts sends a second
 *   batch while the first waits): its rows are left out, and so is every row of a stream it
 *   carries, wherever it stands. So the two batches share no stream, and whatever becomes of the
 *   first (refused, its stream parked, halved), no later version of its streams has gone up ahead
 *   of it; a stream's rows left out here are the oldest the next read finds.
 * - `only`: that hall and window number's events alone (each number is pushed with its own token,
 *   sync-client.ts). Without it the batch stops before the first event of another hall or window
 *   than its first (a batch is one window's, contract/sync/push.ts).
 * - `maxBytes`: the batch stops before the event that would take the body over it; the first
 *   event is always taken (the caller decides what one event over the limit means).
 * - The batch stops before an event the wire schema refuses, which is returned as `unsendable`
 *   when it is the very first (nothing before it to send).
 * - `bodyBuffer`: the body is written into it (and valid until its next `take`) instead of a
 *   new Buffer per batch (see BodyBuffer).
 */
export function readOutboxBatch(db: Db, limit: number, options: ReadBatchOptions = {}): OutboxBatch {
  const { only, maxBytes = Infinity, bodyBuffer = null, besides } = options;
  const parked = statement(db, 'SELECT EXISTS (SELECT 1 FROM outbox WHERE parked_at IS NOT NULL) AS p').get() as { p: 0 | 1 };
  const beside = besides !== undefined && besides.length > 0;
  const read = statement(db, batchSql(only !== undefined, parked.p === 1, beside)).raw(true);
  const params: unknown[] = beside ? [JSON.stringify(besides.map((e) => e.seq)), JSON.stringify([...new Set(besides.map((e) => e.stream))])] : [];
  if (only) params.push(only.hall, only.window);
  params.push(limit);
  const rows = read.all(...params) as RawRow[];
  const entries: OutboxEntry[] = [];
  const texts: string[] = [];
  let bytes = ENVELOPE_BYTES;
  const first = rows[0];
  let cut = rows.length === limit;
  for (const row of rows) {
    if (first && (first[HALL] !== row[HALL] || first[WINDOW] !== row[WINDOW])) {
      cut = true;
      break;
    }
    let id = row[ID];
    let json: string;
    if (row[AS_STORED] === 1) {
      json = storedWireJson(row);
    } else {
      const parsed = SyncEventSchema.safeParse(toWire(row));
      if (!parsed.success) {
        const problem = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
        if (entries.length === 0) return { entries: [], body: Buffer.from('{"events":[]}'), bodyBytes: ENVELOPE_BYTES, unsendable: { seq: row[SEQ], id: row[ID], type: row[TYPE], problem }, cut: true };
        cut = true;
        break;
      }
      id = parsed.data.id;
      json = wireJson(parsed.data);
    }
    const size = Buffer.byteLength(json) + (entries.length > 0 ? 1 : 0);
    if (entries.length > 0 && bytes + size > maxBytes) {
      cut = true;
      break;
    }
    bytes += size;
    entries.push({ seq: row[SEQ], id, type: row[TYPE], stream: `${row[STREAM_TYPE]} ${row[STREAM_ID]}` });
    texts.push(json);
  }
  const body = bodyBuffer ? bodyBuffer.take(bytes) : Buffer.allocUnsafe(bytes);
  let at = body.write('{"events":[', 0);
  texts.forEach((json, i) => {
    if (i > 0) at += body.write(',', at);
    at += body.write(json, at);
  });
  body.write(']}', at);
  return { entries, body, bodyBytes: bytes, unsendable: null, cut };
}

/**
 * An event's wire JSON built from its stored columns and its payload text as they are, with no
 * parse: the text sendsAsStored compares with what the wire schema makes of the row, and the
 * push sends for a row marked `as_stored`. The field order is SyncEventSchema's.
 */
function storedWireJson(row: RawRow): string {
  // Plain quotes, no escaping: the wire schema lets no character that JSON escapes into these
  // fields (uuids, codes, an ISO instant). A stored value that had one makes text that is not
  // wireJson's, so sendsAsStored says no and such a row never takes this way.
  const staff = row[STAFF] === null ? 'null' : `"${row[STAFF]}"`;
  return (
    `{"id":"${row[ID]}","stream":{"type":"${row[STREAM_TYPE]}","id":"${row[STREAM_ID]}"},"version":${row[VERSION]},"type":"${row[TYPE]}",` +
    `"occurredAt":"${row[OCCURRED_AT]}","hall":"${row[HALL]}","window":${row[WINDOW]},"staff":${staff},"payload":${row[PAYLOAD]}}`
  );
}

/**
 * Whether the event stored as `row` goes upstream exactly as stored: the wire schema takes it, and
 * what it makes of it, serialised by wireJson (ids in lower case, U+0000 mapped, the payload parsed
 * and written again), is character for character storedWireJson of the row. The event store asks
 * once, when it writes the event (its outbox row's `as_stored`, migration 0017); false sends the
 * event down the push's own check, which parks it if the schema refuses it. About as costly as
 * one push of the event used to be, once instead of on every push that carries it.
 */
export function sendsAsStored(row: StoredEventRow): boolean {
  const raw: RawRow = [0, row.id, row.stream_type, row.stream_id, row.stream_version, row.type, row.occurred_at, row.hall_code, row.window_number, row.staff_id, row.payload, 0];
  const parsed = SyncEventSchema.safeParse(toWire(raw));
  return parsed.success && wireJson(parsed.data) === storedWireJson(raw);
}

/**
 * An event as JSON for the push body, with every U+0000 (NUL) in its strings sent as U+FFFD (the
 * replacement character). Why: PostgreSQL's `jsonb` cannot hold U+0000 (its text type has no NUL),
 * so the server refuses the whole batch with 400, for ever. New text can no longer carry control
 * characters (contract/common.ts boundedText), but rows stored before that (a card reader padding
 * a field with NUL) must still go up. U+FFFD rather than dropping the character: the upstream then
 * shows that something unreadable stood there, instead of silently joining the text around it.
 * Other control characters are valid in `jsonb` and go as they are. The window's own row is not
 * changed (events are append-only).
 */
export function wireJson(event: SyncEvent): string {
  const json = JSON.stringify(event);
  // JSON.stringify writes U+0000 as the six characters \u0000; only then (rare) is the event walked.
  if (!json.includes('\\u0000')) return json;
  return JSON.stringify(event, (_key, value: unknown) => (typeof value === 'string' ? value.split('\u0000').join('\uFFFD') : value));
}

function toWire(row: RawRow): unknown {
  let payload: unknown;
  try {
    payload = JSON.parse(row[PAYLOAD]);
  } catch {
    payload = null;
  }
  return {
    id: row[ID],
    stream: { type: row[STREAM_TYPE], id: row[STREAM_ID] },
    version: row[VERSION],
    type: row[TYPE],
    occurredAt: row[OCCURRED_AT],
    hall: row[HALL],
    window: row[WINDOW],
    staff: row[STAFF],
    payload,
  };
}

/**
 * The server's ack: the events of `sent` whose ids it holds leave the outbox, in one short
 * transaction (with the clock offset read from the same ack, when given): one DELETE for the
 * batch, its rows named in a JSON array (json_each), not a statement per row. Ids the server
 * names that were not sent are ignored. Returns how many rows left the outbox.
 *
 * Committed without waiting for the disk (synchronous = NORMAL for this transaction alone, then
 * the connection's own setting again): an ack lost in a power cut only puts its events back in
 * the outbox, and the server stores each id once, so sending them again changes nothing there;
 * the clerk's commits keep their FULL (the next one's sync covers this one too, WAL frames being
 * in order). It spares a disk flush per batch, the most of an ack's time on a backlog.
 */
export function acknowledge(db: Db, sent: readonly OutboxEntry[], held: readonly string[], clockOffsetMs: number | null, pushedAt: string): number {
  const heldIds = new Set(held);
  const seqs: number[] = [];
  for (const entry of sent) if (heldIds.has(entry.id)) seqs.push(entry.seq);
  let removed = 0;
  const synchronous = db.pragma('synchronous', { simple: true }) as number;
  db.pragma('synchronous = NORMAL');
  try {
    db.transaction(() => {
      if (seqs.length > 0) removed = statement(db, 'DELETE FROM outbox WHERE event_seq IN (SELECT value FROM json_each(?))').run(JSON.stringify(seqs)).changes;
      statement(db, 'UPDATE sync_state SET last_push_at = ?, clock_offset_ms = coalesce(?, clock_offset_ms) WHERE id = 1').run(pushedAt, clockOffsetMs);
    }).immediate();
  } finally {
    db.pragma(`synchronous = ${synchronous}`);
  }
  return removed;
}

/**
 * Parks the stream of the outbox row `seq` (migration 0014): that row is marked with `reason`
 * (Chinese words for the 设置 page) and `at`, and from then on every outbox row of its stream is
 * skipped by readOutboxBatch until unparkAll. Returns false when the row is no longer in the
 * outbox (acknowledged meanwhile: nothing to park).
 */
export function parkStream(db: Db, seq: number, reason: string, at: string): boolean {
  return statement(db, 'UPDATE outbox SET parked_at = ?, parked_reason = ? WHERE event_seq = ?').run(at, reason, seq).changes > 0;
}

/** What the outbox holds back: events of parked streams (the parked ones and those waiting behind them), and the latest reason. */
export interface ParkedSummary {
  /** Outbox events that cannot go up now: the parked events and their streams' later events. */
  count: number;
  /** Parked streams. */
  streams: number;
  /** The reason of the most recently parked event, in words. */
  reason: string;
  /** When that was (ISO 8601). */
  parkedAt: string;
}

/** The parked streams and their rows, from the parked rows out (CROSS JOIN, see batchSql). */
export const PARKED_COUNTS_SQL = `WITH parked AS (SELECT DISTINCT pe.stream_type, pe.stream_id FROM outbox p CROSS JOIN events pe ON pe.seq = p.event_seq WHERE p.parked_at IS NOT NULL)
     SELECT (SELECT count(*) FROM parked) AS streams,
            (SELECT count(*) FROM parked k CROSS JOIN events e ON e.stream_type = k.stream_type AND e.stream_id = k.stream_id CROSS JOIN outbox o ON o.event_seq = e.seq) AS count`;

/** The outbox's parked streams in numbers and words; null when none is parked. One short read. */
export function parkedSummary(db: Db): ParkedSummary | null {
  const latest = statement(db, 'SELECT parked_at AS at, parked_reason AS reason FROM outbox WHERE parked_at IS NOT NULL ORDER BY parked_at DESC, event_seq DESC LIMIT 1').get() as
    | { at: string; reason: string }
    | undefined;
  if (latest === undefined) return null;
  const counts = statement(db, PARKED_COUNTS_SQL).get() as { streams: number; count: number };
  return { count: counts.count, streams: counts.streams, reason: latest.reason, parkedAt: latest.at };
}

/** 重试: every parked row is un-parked, for one more try by the next push. Returns how many were parked. */
export function unparkAll(db: Db): number {
  return statement(db, 'UPDATE outbox SET parked_at = NULL, parked_reason = NULL WHERE parked_at IS NOT NULL').run().changes;
}

/**
 * Un-parks every parked row whose reason does not contain `keepMarked` (sync-words.ts
 * CONFLICT_MARK: a 409 stays parked), for one more try by the next push. Returns how many rows
 * were released.
 */
export function unparkAllBut(db: Db, keepMarked: string): number {
  return statement(db, "UPDATE outbox SET parked_at = NULL, parked_reason = NULL WHERE parked_at IS NOT NULL AND instr(parked_reason, ?) = 0").run(keepMarked).changes;
}
