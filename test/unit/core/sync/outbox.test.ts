import { describe, expect, it } from 'vitest';
import { PushBatchSchema } from '../../../../electron/contract/sync';
import { appendEvent, countOutbox, type NewEvent } from '../../../../electron/core/events/event-store';
import { acknowledge, BodyBuffer, parkedSummary, parkStream, readOutboxBatch, unparkAll } from '../../../../electron/core/sync/outbox';
import { readSyncState } from '../../../../electron/core/sync/sync-state-store';
import { LATEST_SCHEMA_VERSION } from '../../../../electron/core/storage/migrations';
import { databaseAt } from '../storage/migrations/migrate-to';

let n = 0;
function uuid(i: number): string {
  return `0193a000-0000-7000-8000-${i.toString(16).padStart(12, '0')}`;
}

function event(stream: number, version: number, extra: Partial<NewEvent> = {}): NewEvent {
  n += 1;
  return {
    id: uuid(n),
    streamType: 'case',
    streamId: uuid(100_000 + stream),
    streamVersion: version,
    type: 'case.received',
    occurredAt: '2026-11-30T02:00:00.000Z',
    hallCode: 'JQ',
    windowNumber: 12,
    staffId: null,
    payload: { note: `事件 ${n}` },
    ...extra,
  };
}

describe('the outbox read for a push', () => {
  it('reads the oldest events first, one batch at a time, as the stored rows, which the wire schema takes', () => {
    const db = databaseAt(LATEST_SCHEMA_VERSION);
    const made = [event(1, 1), event(2, 1), event(1, 2), event(3, 1), event(2, 2)];
    for (const e of made) appendEvent(db, e);
    const { entries, unsendable, body } = readOutboxBatch(db, 3);
    expect(unsendable).toBeNull();
    expect(entries.map((e) => e.id)).toEqual(made.slice(0, 3).map((e) => e.id));
    const sent = (JSON.parse(body.toString()) as { events: unknown[] }).events;
    expect(sent.map((e) => (e as { id: string }).id)).toEqual(entries.map((e) => e.id));
    expect(sent[0]).toEqual({
      id: made[0]?.id,
      stream: { type: 'case', id: made[0]?.streamId },
      version: 1,
      type: 'case.received',
      occurredAt: '2026-11-30T02:00:00.000Z',
      hall: 'JQ',
      window: 12,
      staff: null,
      payload: { note: made[0] ? (made[0].payload as { note: string }).note : '' },
    });
    expect(PushBatchSchema.safeParse({ events: sent }).success).toBe(true);
  });

  it('sends an event checked when written as its stored text: the same text as the push checking it itself', () => {
    const db = databaseAt(LATEST_SCHEMA_VERSION);
    db.prepare("INSERT INTO staff (id, staff_number, name, pin_hash, created_at, updated_at) VALUES (?, '1001', '王芳', 'x', '2026-11-30', '2026-11-30')").run(uuid(77));
    const upper = event(4, 1);
    const made = [
      event(1, 1, { payload: { name: '张三', note: '引号" 反斜杠\\ 换行\n', n: 1.5, list: [1, null, true], nested: { a: '' } } }),
      event(2, 1, { staffId: uuid(77) }),
      // Not as stored: what the wire makes of these differs from the row (an id in upper case is
      // sent in lower case, a NUL as U+FFFD), or the wire refuses it; the push checks them itself.
      { ...upper, id: upper.id.toUpperCase() },
      event(3, 1, { payload: { name: '李四\u0000' } }),
      event(5, 1, { type: 'case.2bad' }),
    ];
    for (const e of made) appendEvent(db, e);
    expect(db.prepare('SELECT as_stored FROM outbox ORDER BY event_seq').pluck().all()).toEqual([1, 1, 0, 0, 0]);
    const asStored = readOutboxBatch(db, 4);
    expect(asStored.entries.map((e) => e.id)).toEqual([made[0]?.id, made[1]?.id, upper.id, made[3]?.id]);
    // The same rows through the push's own check (zod, then wireJson): character for character.
    db.prepare('UPDATE outbox SET as_stored = 0').run();
    const checked = readOutboxBatch(db, 4);
    expect(checked.body.toString()).toBe(asStored.body.toString());
    expect(checked.bodyBytes).toBe(asStored.bodyBytes);
    expect(PushBatchSchema.safeParse(JSON.parse(asStored.body.toString())).success).toBe(true);
  });

  it('writes each batch of a round into one reused buffer, each body whole and exactly its own', () => {
    const db = databaseAt(LATEST_SCHEMA_VERSION);
    const made = [event(1, 1, { payload: { note: '长'.repeat(3000) } }), event(2, 1), event(3, 1)];
    for (const e of made) appendEvent(db, e);
    const bodies = new BodyBuffer();
    const big = readOutboxBatch(db, 1, { bodyBuffer: bodies });
    const bigText = big.body.toString();
    expect(big.bodyBytes).toBe(Buffer.byteLength(bigText));
    acknowledge(db, big.entries, big.entries.map((e) => e.id), null, '2026-11-30T02:00:01.000Z');
    // A smaller body after a larger one: the same memory, nothing of the first left in the second.
    const small = readOutboxBatch(db, 2, { bodyBuffer: bodies });
    expect(small.body.buffer).toBe(big.body.buffer);
    expect(small.body.length).toBe(small.bodyBytes);
    const parsed = PushBatchSchema.parse(JSON.parse(small.body.toString()));
    expect(parsed.events.map((e) => e.id)).toEqual([made[1]?.id, made[2]?.id]);
    // And what it holds is what a batch read without the buffer sends.
    expect(small.body.toString()).toBe(readOutboxBatch(db, 2).body.toString());
    expect(JSON.parse(bigText)).toMatchObject({ events: [{ id: made[0]?.id }] });
  });

  it('reads beside a batch on its way: none of its rows and none of its streams, wherever they stand; a parked case still skipped whole', () => {
    const db = databaseAt(LATEST_SCHEMA_VERSION);
    // Cases 1–5; case 2's second version stands after the first batch, case 3's too.
    const made = [event(1, 1), event(2, 1), event(3, 1), event(2, 2), event(4, 1), event(3, 2), event(5, 1)];
    for (const e of made) appendEvent(db, e);
    const first = readOutboxBatch(db, 2);
    expect(first.entries.map((e) => e.id)).toEqual([made[0]?.id, made[1]?.id]);
    // Cut short at its limit: more may follow (the client sends a batch beside it only then).
    expect(first.cut).toBe(true);
    const beside = readOutboxBatch(db, 10, { besides: first.entries });
    expect(beside.cut).toBe(false);
    // Case 2 is on its way: its second version waits; the cases after it go, in order.
    expect(beside.entries.map((e) => e.id)).toEqual([made[2]?.id, made[4]?.id, made[5]?.id, made[6]?.id]);
    expect(beside.entries.map((e) => e.stream)).toEqual([`case ${made[2]?.streamId}`, `case ${made[4]?.streamId}`, `case ${made[5]?.streamId}`, `case ${made[6]?.streamId}`]);
    // The body says exactly those events.
    expect(PushBatchSchema.parse(JSON.parse(beside.body.toString())).events.map((e) => e.id)).toEqual(beside.entries.map((e) => e.id));
    // Once the first is acknowledged, what waited is the oldest again.
    acknowledge(db, first.entries, first.entries.map((e) => e.id), null, '2026-11-30T02:00:01.000Z');
    expect(readOutboxBatch(db, 1, { besides: beside.entries }).entries.map((e) => e.id)).toEqual([made[3]?.id]);
    // Case 3 parked at its first version: its second waits too, beside a batch or not.
    parkStream(db, beside.entries[0]?.seq ?? 0, '测试', '2026-11-30T02:00:02.000Z');
    expect(readOutboxBatch(db, 10).entries.map((e) => e.id)).toEqual([made[3]?.id, made[4]?.id, made[6]?.id]);
    expect(readOutboxBatch(db, 10, { besides: readOutboxBatch(db, 1).entries }).entries.map((e) => e.id)).toEqual([made[4]?.id, made[6]?.id]);
  });

  it('ends a batch where the window was renumbered: one batch, one window', () => {
    const db = databaseAt(LATEST_SCHEMA_VERSION);
    appendEvent(db, event(1, 1));
    appendEvent(db, event(1, 2));
    appendEvent(db, event(1, 3, { windowNumber: 13 }));
    expect(readOutboxBatch(db, 500).entries).toHaveLength(2);
    // Another case recorded under window 13: the batch stops before it, cut short (it follows).
    appendEvent(db, event(2, 1, { windowNumber: 13 }));
    const batch = readOutboxBatch(db, 500);
    expect(batch.entries).toHaveLength(2);
    expect(batch.cut).toBe(true);
  });

  it('names an event the wire refuses when it is first, and sends those before it otherwise', () => {
    const db = databaseAt(LATEST_SCHEMA_VERSION);
    appendEvent(db, event(1, 1));
    const bad = event(2, 1, { type: 'case.2bad' });
    appendEvent(db, bad);
    const first = readOutboxBatch(db, 500);
    expect(first.entries).toHaveLength(1);
    expect(first.unsendable).toBeNull();
    acknowledge(db, first.entries, first.entries.map((e) => e.id), null, '2026-11-30T02:00:01.000Z');
    const second = readOutboxBatch(db, 500);
    expect(second.entries).toEqual([]);
    expect(second.unsendable).toMatchObject({ id: bad.id, type: 'case.2bad' });
  });
});

describe('parked streams and byte-sized batches', () => {
  it('skips a parked stream whole (its later versions wait behind it) while the other streams keep their order', () => {
    const db = databaseAt(LATEST_SCHEMA_VERSION);
    const made = [event(1, 1), event(2, 1), event(1, 2), event(3, 1), event(2, 2), event(1, 3)];
    for (const e of made) appendEvent(db, e);
    const seqOf = (id: string) => readOutboxBatch(db, 10).entries.find((e) => e.id === id)?.seq ?? -1;
    expect(parkStream(db, seqOf(made[0]?.id ?? ''), '冲突', '2026-11-30T02:00:09.000Z')).toBe(true);
    expect(readOutboxBatch(db, 10).entries.map((e) => e.id)).toEqual([made[1], made[3], made[4]].map((e) => e?.id));
    // Every event of the stream waits, the parked one and the two behind it.
    expect(parkedSummary(db)).toEqual({ count: 3, streams: 1, reason: '冲突', parkedAt: '2026-11-30T02:00:09.000Z' });
    // A new version of the parked stream waits too.
    appendEvent(db, event(1, 4));
    expect(readOutboxBatch(db, 10).entries).toHaveLength(3);
    expect(parkedSummary(db)?.count).toBe(4);
    // 重试: all of it goes again, in the window's order.
    expect(unparkAll(db)).toBe(1);
    expect(parkedSummary(db)).toBeNull();
    expect(readOutboxBatch(db, 10).entries.map((e) => e.id).slice(0, 3)).toEqual([made[0], made[1], made[2]].map((e) => e?.id));
  });

  it('stops a batch before the event that would take the body over the byte budget, but always takes the first', () => {
    const db = databaseAt(LATEST_SCHEMA_VERSION);
    for (let i = 1; i <= 5; i += 1) appendEvent(db, event(i, 1, { payload: { note: 'x'.repeat(1000) } }));
    const whole = readOutboxBatch(db, 10);
    expect(whole.entries).toHaveLength(5);
    expect(whole.bodyBytes).toBe(whole.body.length);
    const events = (JSON.parse(whole.body.toString()) as { events: unknown[] }).events;
    expect(events.map((e) => (e as { id: string }).id)).toEqual(whole.entries.map((e) => e.id));
    // Exactly the bytes of a body of the first two: two fit, one byte less and only one does.
    const twoBytes = Buffer.byteLength(`{"events":[${JSON.stringify(events[0])},${JSON.stringify(events[1])}]}`);
    const two = readOutboxBatch(db, 10, { maxBytes: twoBytes });
    expect(two.entries).toHaveLength(2);
    expect(two.bodyBytes).toBe(twoBytes);
    expect(two.bodyBytes).toBe(two.body.length);
    expect(readOutboxBatch(db, 10, { maxBytes: twoBytes - 1 }).entries).toHaveLength(1);
    expect(readOutboxBatch(db, 10, { maxBytes: 10 }).entries).toHaveLength(1);
  });

  it('sends a NUL stored in an event as U+FFFD (PostgreSQL jsonb refuses U+0000), leaving the stored row as it was', () => {
    const db = databaseAt(LATEST_SCHEMA_VERSION);
    appendEvent(db, event(1, 1, { payload: { name: '张三\u0000\u0000', nested: { id: '\u00001' }, tab: 'a\tb' } }));
    const { body } = readOutboxBatch(db, 10);
    const bodyText = body.toString();
    expect(bodyText).not.toContain('\\u0000');
    expect(JSON.parse(bodyText).events[0].payload).toEqual({ name: '张三\uFFFD\uFFFD', nested: { id: '\uFFFD1' }, tab: 'a\tb' });
    expect(PushBatchSchema.safeParse(JSON.parse(bodyText)).success).toBe(true);
    expect(JSON.parse(db.prepare('SELECT payload FROM events').pluck().get() as string)).toEqual({ name: '张三\u0000\u0000', nested: { id: '\u00001' }, tab: 'a\tb' });
  });
});

describe('the ack', () => {
  it('takes out of the outbox only the sent events the server holds, and keeps the clock offset and the push time', () => {
    const db = databaseAt(LATEST_SCHEMA_VERSION);
    db.pragma('synchronous = FULL');
    for (let i = 1; i <= 4; i += 1) appendEvent(db, event(i, 1));
    const { entries } = readOutboxBatch(db, 3);
    const held = [entries[0]?.id ?? '', entries[2]?.id ?? '', uuid(999_999)];
    expect(acknowledge(db, entries, held, -3_600_000, '2026-11-30T02:00:05.000Z')).toBe(2);
    expect(countOutbox(db)).toBe(2);
    expect(readOutboxBatch(db, 10).entries.map((e) => e.id)).toEqual([entries[1]?.id, readOutboxBatch(db, 10).entries[1]?.id]);
    expect(readSyncState(db)).toMatchObject({ clockOffsetMs: -3_600_000, lastPushAt: '2026-11-30T02:00:05.000Z', token: null });
    // Acknowledged again (the answer to a repeated batch): nothing more leaves.
    expect(acknowledge(db, entries, held, null, '2026-11-30T02:00:06.000Z')).toBe(0);
    expect(readSyncState(db).clockOffsetMs).toBe(-3_600_000);
    // The ack commits without a disk flush of its own; the clerk's commits keep theirs (FULL = 2).
    expect(db.pragma('synchronous', { simple: true })).toBe(2);
  });
});
