import type { Db } from '../storage/database';
import { statement } from '../storage/statements';
import { sendsAsStored } from '../sync/outbox';

export type StreamType = 'case' | 'staff' | 'rating';

export interface NewEvent {
  id: string;
  streamType: StreamType;
  streamId: string;
  streamVersion: number;
  type: string;
  occurredAt: string;
  hallCode: string;
  windowNumber: number;
  staffId: string | null;
  payload: unknown;
}

export interface StoredEvent extends NewEvent {
  seq: number;
}

interface EventRow {
  seq: number;
  id: string;
  stream_type: StreamType;
  stream_id: string;
  stream_version: number;
  type: string;
  occurred_at: string;
  hall_code: string;
  window_number: number;
  staff_id: string | null;
  payload: string;
}

function fromRow(row: EventRow): StoredEvent {
  return {
    seq: row.seq,
    id: row.id,
    streamType: row.stream_type,
    streamId: row.stream_id,
    streamVersion: row.stream_version,
    type: row.type,
    occurredAt: row.occurred_at,
    hallCode: row.hall_code,
    windowNumber: row.window_number,
    staffId: row.staff_id,
    payload: JSON.parse(row.payload) as unknown,
  };
}

/**
 * Appends one event and queues it for sync. Call inside the transaction that also writes the
 * projection it caused, so the log, the outbox and the projection commit together. The event is
 * checked against the sync wire here, once (sync/outbox.ts sendsAsStored, some tens of µs): its
 * outbox row says whether the push may send it as stored, unparsed. A refusal does not stop the
 * clerk's commit: the push checks such an event again and parks it.
 */
export function appendEvent(db: Db, event: NewEvent): number {
  const payload = JSON.stringify(event.payload);
  const result = statement(
    db,
    `INSERT INTO events (id, stream_type, stream_id, stream_version, type, occurred_at, hall_code, window_number, staff_id, payload)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  ).run(
    event.id,
    event.streamType,
    event.streamId,
    event.streamVersion,
    event.type,
    event.occurredAt,
    event.hallCode,
    event.windowNumber,
    event.staffId,
    payload,
  );
  const seq = Number(result.lastInsertRowid);
  const asStored = sendsAsStored({
    id: event.id,
    stream_type: event.streamType,
    stream_id: event.streamId,
    stream_version: event.streamVersion,
    type: event.type,
    occurred_at: event.occurredAt,
    hall_code: event.hallCode,
    window_number: event.windowNumber,
    staff_id: event.staffId,
    payload,
  });
  statement(db, 'INSERT INTO outbox (event_seq, as_stored) VALUES (?, ?)').run(seq, asStored ? 1 : 0);
  return seq;
}

export function readStream(db: Db, streamType: StreamType, streamId: string): StoredEvent[] {
  const rows = statement(
    db,
    'SELECT * FROM events WHERE stream_type = ? AND stream_id = ? ORDER BY stream_version',
  ).all(streamType, streamId) as EventRow[];
  return rows.map(fromRow);
}

export function lastStreamVersion(db: Db, streamType: StreamType, streamId: string): number {
  const row = statement(
    db,
    'SELECT max(stream_version) AS v FROM events WHERE stream_type = ? AND stream_id = ?',
  ).get(streamType, streamId) as { v: number | null };
  return row.v ?? 0;
}

export function countOutbox(db: Db): number {
  return (statement(db, 'SELECT count(*) AS n FROM outbox').get() as { n: number }).n;
}
