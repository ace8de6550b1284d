import { SyncEventSchema, type SyncEvent } from '../../contract/sync';
import type { Db } from '../storage/database';
import { statement } from '../storage/statements';

/** One outbox event as it goes upstream, with the row it came from. */
export interface OutboxEntry {
  seq: number;
  event: SyncEvent;
}

/** An event of the outbox that the wire schema refuses (it would make the server refuse its whole batch). */
export interface UnsendableEvent {
  seq: number;
  id: string;
  type: string;
  /** Why, in the schema's words (for the log and IT staff). */
  problem: string;
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

/**
 * The oldest `limit` events of the outbox, in the order the window wrote them (`events.seq`), as
 * SyncEvents carrying exactly the stored row. One short read: at most one batch is in memory, so
 * a week's backlog is streamed, never loaded whole. The batch stops before the first event of
 * another hall or window than its first (a window renumbered in its settings: a batch is one
 * window's, contract/sync/push.ts), and before an event the wire schema refuses, which is
 * returned as `unsendable` when it is the very first (nothing before it to send).
 */
export function readOutboxBatch(db: Db, limit: number): { entries: OutboxEntry[]; unsendable: UnsendableEvent | null } {
  const rows = statement(
    db,
    `SELECT e.seq, e.id, e.stream_type, e.stream_id, e.stream_version, e.type, e.occurred_at, e.hall_code, e.window_number, e.staff_id, e.payload
       FROM outbox o JOIN events e ON e.seq = o.event_seq
      ORDER BY o.event_seq LIMIT ?`,
  ).all(limit) as Row[];
  const entries: OutboxEntry[] = [];
  for (const row of rows) {
    const first = entries[0]?.event;
    if (first && (first.hall !== row.hall_code || first.window !== row.window_number)) break;
    const parsed = SyncEventSchema.safeParse(toWire(row));
    if (!parsed.success) {
      const problem = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
      return { entries, unsendable: entries.length === 0 ? { seq: row.seq, id: row.id, type: row.type, problem } : null };
    }
    entries.push({ seq: row.seq, event: parsed.data });
  }
  return { entries, unsendable: null };
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
