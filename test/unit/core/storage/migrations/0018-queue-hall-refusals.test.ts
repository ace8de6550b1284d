import { describe, expect, it } from 'vitest';
import { columns, databaseAt, migrate, tables } from './migrate-to';

const TICKET_ID = '0193a000-0000-7000-8000-000000000101';
const ticketJson = JSON.stringify({ id: TICKET_ID, number: 'A6001', state: 'waiting' });

describe('migration 0018: local tickets the hall did not take', () => {
  it('adds the refusal columns to queue_tickets, no table, and leaves the tickets already stored as they were', () => {
    const before = tables(databaseAt(17));
    const db = databaseAt(17);
    db.prepare(`INSERT INTO queue_tickets (id, service_day, number, ticket, sent_at) VALUES (?, '2026-12-01', 'A6001', ?, '2026-12-01T02:00:00.000Z')`).run(TICKET_ID, ticketJson);
    migrate(db, 18);
    expect(tables(db)).toEqual(before);
    expect(columns(db, 'queue_tickets')).toEqual(['id', 'service_day', 'number', 'issue_id', 'ticket', 'sent_at', 'refusal_kind', 'refusal', 'refused_at', 'refusal_seen_at']);
    expect(db.prepare('SELECT sent_at, refusal_kind, refusal, refused_at, refusal_seen_at FROM queue_tickets').all()).toEqual([
      { sent_at: '2026-12-01T02:00:00.000Z', refusal_kind: null, refusal: null, refused_at: null, refusal_seen_at: null },
    ]);
  });

  it('keeps a refusal whole: a known kind, with its reason and time together, acknowledged only once refused', () => {
    const db = databaseAt(18);
    db.prepare(`INSERT INTO queue_tickets (id, service_day, number, ticket, sent_at) VALUES (?, '2026-12-01', 'A6001', ?, NULL)`).run(TICKET_ID, ticketJson);
    const set = (sql: string) => () => db.prepare(`UPDATE queue_tickets SET ${sql}`).run();
    expect(set("refusal_kind = 'lost', refusal = '未保存', refused_at = '2026-12-01T02:00:00.000Z'")).toThrow(/CHECK/);
    expect(set("refusal_kind = 'refused', refused_at = '2026-12-01T02:00:00.000Z'")).toThrow(/CHECK/);
    expect(set("refusal_kind = 'refused', refusal = '', refused_at = '2026-12-01T02:00:00.000Z'")).toThrow(/CHECK/);
    expect(set("refusal_kind = 'refused', refusal = '未保存'")).toThrow(/CHECK/);
    expect(set("refusal_seen_at = '2026-12-01T03:00:00.000Z'")).toThrow(/CHECK/);
    set("refusal_kind = 'conflicting', refusal = '号码已被大厅其他号票占用', refused_at = '2026-12-01T02:00:00.000Z'")();
    set("refusal_seen_at = '2026-12-01T03:00:00.000Z'")();
    expect(db.prepare('SELECT refusal_kind, refusal, refusal_seen_at FROM queue_tickets').get()).toEqual({
      refusal_kind: 'conflicting',
      refusal: '号码已被大厅其他号票占用',
      refusal_seen_at: '2026-12-01T03:00:00.000Z',
    });
  });
});
