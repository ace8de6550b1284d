import { SyncEventSchema, type SyncEvent } from '../../contract/sync';
import type { Db } from '../storage/database';
import { statement } from '../storage/statements';

/** One outbox event as it goes upstream, with the row it came from and its JSON as sent. */
export interface OutboxEntry {
  seq: number;
  event: SyncEvent;
  /** `event` serialised as it goes in the push body (JSON, U+0000 mapped: wireJson). */
  json: string;
}

/** An event of the outbox that the wire schema refuses (it would make the server refuse its whole batch). */
export interface UnsendableEvent {
  seq: number;
  id: string;
  type: string;
  /** Why, in the schema's words (for the log and IT staff). */
  problem: string;
}

/** What readOutboxBatch read: the batch, its push body, and an unsendable first event. */
export interface OutboxBatch {
  entries: OutboxEntry[];
  unsendable: UnsendableEvent | null;
  /** `{"events":[…]}` of `entries`, exactly as posted (its UTF-8 length is the body's size). */
  bodyText: string;
  /** Bytes of `bodyText` as UTF-8. */
  bodyBytes: number;
}

interface Row {
  seq: number;
  id: string;
  stream_type: string;
  stream_id: string;
  stream_version: number;
  type: string;
  occurred_at: string;
  hall_code: string;
  window_number: number;
  staff_id: string | null;
  payload: string;
}

/** The body around the events: `{"events":[` and `]}`, in bytes. */
const ENVELOPE_BYTES = Buffer.byteLength('{"events":[]}');

/**
 * The oldest `limit` events of the outbox, in the order the window wrote them (`events.seq`), as
 * SyncEvents carrying exactly the stored row (but for U+0000, wireJson). One short read: at most
 * one batch is in memory, so a week's backlog is streamed, never loaded whole.
 * - A stream with an earlier row in another (hall, window) group waits for it (see below).
 * - Parked streams (parkStream) are skipped whole: every outbox row of a stream that has a parked
 *   row waits, so its versions still go up in order once it is un-parked; other streams' rows
 *   keep their order.
 * - `only`: that hall and window number's events alone (each number is pushed with its own token,
 *   sync-client.ts). Without it the batch stops before the first event of another hall or window
 *   than its first (a batch is one window's, contract/sync/push.ts).
 * - `maxBytes`: the batch stops before the event that would take the body over it; the first
 *   event is always taken (the caller decides what one event over the limit means).
 * - The batch stops before an event the wire schema refuses, which is returned as `unsendable`
 *   when it is the very first (nothing before it to send).
 */
export function readOutboxBatch(db: Db, limit: number, only?: { hall: string; window: number }, maxBytes = Infinity): OutboxBatch {
  const columns = 'e.seq, e.id, e.stream_type, e.stream_id, e.stream_version, e.type, e.occurred_at, e.hall_code, e.window_number, e.staff_id, e.payload';
  // The parked rows are few (none, almost always) and in a partial index of their own (migration
  // 0014): the NOT EXISTS reads that index, not the outbox.
  const notParked = `NOT EXISTS (SELECT 1 FROM outbox p JOIN events pe ON pe.seq = p.event_seq
                                 WHERE p.parked_at IS NOT NULL AND pe.stream_type = e.stream_type AND pe.stream_id = e.stream_id)`;
  // A stream whose earlier rows wait in another (hall, window) group (a window renumbered, its old
  // number not enrolled) waits behind them: sent now, its later versions would reach the server
  // before its earlier ones, and a stream with a gap is a case the back office and the export
  // cannot read. Few rows per stream, found through events' (stream_type, stream_id, version) key.
  const noEarlierElsewhere = `NOT EXISTS (SELECT 1 FROM events qe JOIN outbox q ON q.event_seq = qe.seq
                                          WHERE qe.stream_type = e.stream_type AND qe.stream_id = e.stream_id AND qe.stream_version < e.stream_version
                                            AND (qe.hall_code <> e.hall_code OR qe.window_number <> e.window_number))`;
  const rows = (
    only
      ? statement(db, `SELECT ${columns} FROM outbox o JOIN events e ON e.seq = o.event_seq WHERE e.hall_code = ? AND e.window_number = ? AND ${notParked} AND ${noEarlierElsewhere} ORDER BY o.event_seq LIMIT ?`).all(
          only.hall,
          only.window,
          limit,
        )
      : statement(db, `SELECT ${columns} FROM outbox o JOIN events e ON e.seq = o.event_seq WHERE ${notParked} AND ${noEarlierElsewhere} ORDER BY o.event_seq LIMIT ?`).all(limit)
  ) as Row[];
  const entries: OutboxEntry[] = [];
  let bytes = ENVELOPE_BYTES;
  for (const row of rows) {
    const first = entries[0]?.event;
    if (first && (first.hall !== row.hall_code || first.window !== row.window_number)) break;
    const parsed = SyncEventSchema.safeParse(toWire(row));
    if (!parsed.success) {
      const problem = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
      if (entries.length === 0) return { ...body([], ENVELOPE_BYTES), unsendable: { seq: row.seq, id: row.id, type: row.type, problem } };
      break;
    }
    const json = wireJson(parsed.data);
    const size = Buffer.byteLength(json) + (entries.length > 0 ? 1 : 0);
    if (entries.length > 0 && bytes + size > maxBytes) break;
    bytes += size;
    entries.push({ seq: row.seq, event: parsed.data, json });
  }
  return { ...body(entries, bytes), unsendable: null };
}

function body(entries: OutboxEntry[], bytes: number): { entries: OutboxEntry[]; bodyText: string; bodyBytes: number } {
  return { entries, bodyText: `{"events":[${entries.map((e) => e.json).join(',')}]}`, bodyBytes: bytes };
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

function toWire(row: Row): unknown {
  let payload: unknown;
  try {
    payload = JSON.parse(row.payload);
  } catch {
    payload = null;
  }
  return {
    id: row.id,
    stream: { type: row.stream_type, id: row.stream_id },
    version: row.stream_version,
    type: row.type,
    occurredAt: row.occurred_at,
    hall: row.hall_code,
    window: row.window_number,
    staff: row.staff_id,
    payload,
  };
}

/**
 * The server's ack: the events of `sent` whose ids it holds leave the outbox, in one short
 * transaction (with the clock offset read from the same ack, when given). Ids the server names
 * that were not sent are ignored. Returns how many rows left the outbox.
 */
export function acknowledge(db: Db, sent: readonly OutboxEntry[], held: readonly string[], clockOffsetMs: number | null, pushedAt: string): number {
  const heldIds = new Set(held);
  const remove = statement(db, 'DELETE FROM outbox WHERE event_seq = ?');
  let removed = 0;
  db.transaction(() => {
    for (const entry of sent) {
      if (heldIds.has(entry.event.id)) removed += remove.run(entry.seq).changes;
    }
    statement(db, 'UPDATE sync_state SET last_push_at = ?, clock_offset_ms = coalesce(?, clock_offset_ms) WHERE id = 1').run(pushedAt, clockOffsetMs);
  }).immediate();
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

/** The outbox's parked streams in numbers and words; null when none is parked. One short read. */
export function parkedSummary(db: Db): ParkedSummary | null {
  const latest = statement(db, 'SELECT parked_at AS at, parked_reason AS reason FROM outbox WHERE parked_at IS NOT NULL ORDER BY parked_at DESC, event_seq DESC LIMIT 1').get() as
    | { at: string; reason: string }
    | undefined;
  if (latest === undefined) return null;
  const counts = statement(
    db,
    `WITH parked AS (SELECT DISTINCT pe.stream_type, pe.stream_id FROM outbox p JOIN events pe ON pe.seq = p.event_seq WHERE p.parked_at IS NOT NULL)
     SELECT (SELECT count(*) FROM parked) AS streams,
            (SELECT count(*) FROM outbox o JOIN events e ON e.seq = o.event_seq JOIN parked k ON k.stream_type = e.stream_type AND k.stream_id = e.stream_id) AS count`,
  ).get() as { streams: number; count: number };
  return { count: counts.count, streams: counts.streams, reason: latest.reason, parkedAt: latest.at };
}

/** 重试: every parked row is un-parked, for one more try by the next push. Returns how many were parked. */
export function unparkAll(db: Db): number {
  return statement(db, 'UPDATE outbox SET parked_at = NULL, parked_reason = NULL WHERE parked_at IS NOT NULL').run().changes;
}
