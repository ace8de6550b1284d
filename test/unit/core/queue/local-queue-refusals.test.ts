import { describe, expect, it } from 'vitest';
import { HALL_NUMBER_TAKEN_WORDS, HALL_REFUSAL_UNEXPLAINED_WORDS } from '../../../../electron/contract/queue';
import {
  acknowledgeHallRefusals,
  hallRefusals,
  handHoldsToHall,
  keptRefusalReason,
  issueLocally,
  loadLocalQueue,
  markSent,
  pressLocally,
  unsentCount,
  unsentHistory,
} from '../../../../electron/core/queue/local-queue-store';
import { windowStatus } from '../../../../electron/core/queue/queue-state';
import { fallbackNumberRange } from '../../../../electron/core/queue/ticket-numbering';
import { LATEST_SCHEMA_VERSION } from '../../../../electron/core/storage/migrations';
import { databaseAt } from '../storage/migrations/migrate-to';
import { DAY, OPENING, STRICT, uuid } from './queue-fixtures';

// Review finding M2: the tickets of an offline history the hall server did not take (numbers
// another device already used there, tickets it refused) are recorded with the hall's reason —
// never resent, out of the local lines, listed for the window's panel until acknowledged — instead
// of being marked sent like the rest and lost from both queues.

const at = (minutes: number) => new Date(OPENING + minutes * 60_000);
const RANGE = fallbackNumberRange(2);

describe('local tickets the hall did not take', () => {
  it('are kept with their reason, not resent, out of the lines, listed until acknowledged; the rest is sent', () => {
    const db = databaseAt(LATEST_SCHEMA_VERSION);
    const issue = (n: number, letter: string) => {
      const done = issueLocally(db, STRICT, { issueId: uuid(900 + n), ticketId: uuid(n), letter, lane: 'ordinary', bookingCode: null }, RANGE, at(n));
      if (!done.ok) throw new Error('range exhausted');
      return done.ticket;
    };
    const taken = issue(1, 'A');
    const conflicting = issue(2, 'A');
    const refused = issue(3, 'B');
    expect([taken.number, conflicting.number, refused.number]).toEqual(['A6000', 'A6001', 'B6000']);
    // Window 1 calls A6000 and serves it to the end: a done ticket the hall refuses is no citizen waiting.
    pressLocally(db, STRICT, { pressId: uuid(501), window: 1, action: { kind: 'callNext' } }, at(5));
    pressLocally(db, STRICT, { pressId: uuid(502), window: 1, action: { kind: 'finish' } }, at(6));
    const batch = unsentHistory(db, 100);
    expect(batch.tickets.map((t) => t.number).sort()).toEqual(['A6000', 'A6001', 'B6000']);
    expect(unsentCount(db)).toBe(5);

    markSent(db, batch, at(10).toISOString(), [
      { ticketId: conflicting.id, kind: 'conflicting', reason: HALL_NUMBER_TAKEN_WORDS },
      { ticketId: refused.id, kind: 'refused', reason: '号码 B6000 属于营业日 2026-11-20，未保存' },
    ]);

    // Nothing left to send: the hall's word is final, the refused tickets do not go up again.
    expect(unsentCount(db)).toBe(0);
    expect(unsentHistory(db, 100).tickets).toEqual([]);
    // Kept in the store, apart from a plain "sent": the taken one is sent, the other two are not.
    const rows = db.prepare('SELECT number, sent_at, refusal_kind, refusal FROM queue_tickets ORDER BY number').all();
    expect(rows).toEqual([
      { number: 'A6000', sent_at: at(10).toISOString(), refusal_kind: null, refusal: null },
      { number: 'A6001', sent_at: null, refusal_kind: 'conflicting', refusal: HALL_NUMBER_TAKEN_WORDS },
      { number: 'B6000', sent_at: null, refusal_kind: 'refused', refusal: '号码 B6000 属于营业日 2026-11-20，未保存' },
    ]);
    // Out of the local lines: a later offline spell never calls them as if nothing had happened.
    expect(Object.keys(loadLocalQueue(db, STRICT, at(11)).tickets)).toEqual([]);

    // Listed for the panel, oldest first, with the ticket's state here.
    expect(hallRefusals(db, DAY)).toEqual([
      { ticketId: conflicting.id, number: 'A6001', serviceDay: DAY, state: 'waiting', kind: 'conflicting', reason: HALL_NUMBER_TAKEN_WORDS, refusedAt: at(10).toISOString() },
      { ticketId: refused.id, number: 'B6000', serviceDay: DAY, state: 'waiting', kind: 'refused', reason: '号码 B6000 属于营业日 2026-11-20，未保存', refusedAt: at(10).toISOString() },
    ]);
    // Not on a later service day's panel: its citizens have long gone.
    expect(hallRefusals(db, '2026-11-25')).toEqual([]);

    // The clerk acknowledges one: it leaves the list, and stays in the store.
    expect(acknowledgeHallRefusals(db, [conflicting.id], at(12).toISOString())).toBe(1);
    expect(acknowledgeHallRefusals(db, [conflicting.id, taken.id], at(13).toISOString())).toBe(0);
    expect(hallRefusals(db, DAY).map((r) => r.number)).toEqual(['B6000']);
    expect(db.prepare('SELECT refusal_kind, refusal_seen_at FROM queue_tickets WHERE id = ?').get(conflicting.id)).toEqual({
      refusal_kind: 'conflicting',
      refusal_seen_at: at(12).toISOString(),
    });
  });

  it('a ticket a window here held when the hall refused it is let go at the hand-over, and listed', () => {
    const db = databaseAt(LATEST_SCHEMA_VERSION);
    const done = issueLocally(db, STRICT, { issueId: uuid(901), ticketId: uuid(1), letter: 'A', lane: 'ordinary', bookingCode: null }, RANGE, at(1));
    if (!done.ok) throw new Error('range exhausted');
    pressLocally(db, STRICT, { pressId: uuid(501), window: 1, action: { kind: 'callNext' } }, at(2));
    const batch = unsentHistory(db, 100);
    markSent(db, batch, at(3).toISOString(), [{ ticketId: done.ticket.id, kind: 'conflicting', reason: HALL_NUMBER_TAKEN_WORDS }]);
    // Still held until hall mode resumes (the window is serving that citizen).
    expect(windowStatus(loadLocalQueue(db, STRICT, at(3)), 1).current).toBe(done.ticket.id);
    handHoldsToHall(db, STRICT, at(4));
    const after = loadLocalQueue(db, STRICT, at(4));
    expect(windowStatus(after, 1).current).toBeNull();
    expect(after.tickets).toEqual({});
    expect(hallRefusals(db, DAY)).toMatchObject([{ number: 'A6000', state: 'called', kind: 'conflicting' }]);
  });

  it('a ticket changed since it was sent is neither marked sent nor refused: it goes up again', () => {
    const db = databaseAt(LATEST_SCHEMA_VERSION);
    const done = issueLocally(db, STRICT, { issueId: uuid(901), ticketId: uuid(1), letter: 'A', lane: 'ordinary', bookingCode: null }, RANGE, at(1));
    if (!done.ok) throw new Error('range exhausted');
    const batch = unsentHistory(db, 100);
    pressLocally(db, STRICT, { pressId: uuid(501), window: 1, action: { kind: 'callNext' } }, at(2));
    markSent(db, batch, at(3).toISOString(), [{ ticketId: done.ticket.id, kind: 'refused', reason: '未保存' }]);
    expect(unsentHistory(db, 100).tickets.map((t) => [t.number, t.state])).toEqual([['A6000', 'called']]);
    expect(hallRefusals(db, DAY)).toEqual([]);
  });

  it('an empty or over-long reason from the server is kept as words of ours or cut, not refused by the store (review 27 F11)', () => {
    const db = databaseAt(LATEST_SCHEMA_VERSION);
    const issue = (n: number) => {
      const done = issueLocally(db, STRICT, { issueId: uuid(900 + n), ticketId: uuid(n), letter: 'A', lane: 'ordinary', bookingCode: null }, RANGE, at(n));
      if (!done.ok) throw new Error('range exhausted');
      return done.ticket;
    };
    const silent = issue(1);
    const blank = issue(2);
    const wordy = issue(3);
    const batch = unsentHistory(db, 100);
    // Migration 0018 refuses an empty reason; before, this markSent threw and the upload was stuck on this batch.
    markSent(db, batch, at(10).toISOString(), [
      { ticketId: silent.id, kind: 'refused', reason: '' },
      { ticketId: blank.id, kind: 'refused', reason: '   ' },
      { ticketId: wordy.id, kind: 'refused', reason: '未保存'.repeat(100) },
    ]);
    expect(unsentCount(db)).toBe(0);
    const reasons = hallRefusals(db, DAY).map((r) => [r.number, r.reason]);
    expect(reasons.slice(0, 2)).toEqual([
      ['A6000', HALL_REFUSAL_UNEXPLAINED_WORDS],
      ['A6001', HALL_REFUSAL_UNEXPLAINED_WORDS],
    ]);
    const cut = reasons[2]?.[1] ?? '';
    expect(Array.from(cut)).toHaveLength(200);
    expect(cut.endsWith('…')).toBe(true);
    expect(cut.startsWith('未保存未保存')).toBe(true);
    // Cut by characters, never inside one: a reason of 4-byte characters stays whole characters.
    expect(Array.from(keptRefusalReason('𠀀'.repeat(300)))).toHaveLength(200);
    expect(keptRefusalReason(' 号码不在备用号段内 ')).toBe('号码不在备用号段内');
  });
});
