import { describe, expect, it } from 'vitest';
import { columns, databaseAt, tables } from './migrate-to';

const TICKET = '{"id":"x"}';

describe('migration 0016: the local hall queue', () => {
  it('adds the four queue tables and nothing else', () => {
    const before = tables(databaseAt(15));
    const db = databaseAt(16);
    expect(tables(db).filter((t) => !before.includes(t))).toEqual(['queue_counters', 'queue_presses', 'queue_tickets', 'queue_windows']);
    expect(columns(db, 'queue_tickets')).toEqual(['id', 'service_day', 'number', 'issue_id', 'ticket', 'sent_at']);
    expect(columns(db, 'queue_presses')).toEqual(['seq', 'press_id', 'service_day', 'window_number', 'press', 'outcome', 'pressed_at', 'sent_at']);
  });

  it('never lets a number repeat within a service day, nor an issue or a press be stored twice', () => {
    const db = databaseAt(16);
    const ticket = db.prepare('INSERT INTO queue_tickets (id, service_day, number, issue_id, ticket) VALUES (?, ?, ?, ?, ?)');
    ticket.run('t1', '2026-12-01', 'A5000', 'i1', TICKET);
    ticket.run('t2', '2026-12-02', 'A5000', 'i2', TICKET);
    expect(() => ticket.run('t3', '2026-12-01', 'A5000', 'i3', TICKET)).toThrow(/UNIQUE/);
    expect(() => ticket.run('t4', '2026-12-01', 'A5001', 'i1', TICKET)).toThrow(/UNIQUE/);
    expect(() => ticket.run('t5', '2026-12-01', 'A5002', 'i5', 'not json')).toThrow(/CHECK/);
    const press = db.prepare('INSERT INTO queue_presses (press_id, service_day, window_number, press, outcome, pressed_at) VALUES (?, ?, ?, ?, ?, ?)');
    press.run('p1', '2026-12-01', 12, '{}', '{}', '2026-12-01T01:00:00.000Z');
    expect(() => press.run('p1', '2026-12-01', 12, '{}', '{}', '2026-12-01T01:00:01.000Z')).toThrow(/UNIQUE/);
  });

  it('keeps one counter per day and letter, within the ticket sequences', () => {
    const db = databaseAt(16);
    const counter = db.prepare('INSERT INTO queue_counters (service_day, letter, last) VALUES (?, ?, ?)');
    counter.run('2026-12-01', 'A', 5000);
    counter.run('2026-12-01', 'B', 5000);
    expect(() => counter.run('2026-12-01', 'A', 5001)).toThrow(/UNIQUE|PRIMARY KEY/);
    expect(() => counter.run('2026-12-02', 'A', 10000)).toThrow(/CHECK/);
  });
});
