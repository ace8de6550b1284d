import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { TicketNumberSchema } from '../../../../electron/contract/queue';
import {
  FALLBACK_SLOTS,
  SERVER_NUMBER_RANGE,
  allocateTicketNumber,
  fallbackNumberRange,
  fallbackSlotOf,
  formatTicketNumber,
  type NumberCounters,
  type NumberRange,
} from '../../../../electron/core/queue';

function issue(counters: NumberCounters | null, letter: string, day: string, range: NumberRange = SERVER_NUMBER_RANGE) {
  const result = allocateTicketNumber(counters, letter, day, range);
  if (!result.ok) throw new Error(result.reason);
  return result;
}

describe('ticket numbers', () => {
  it('count from A001 per category and start again on a new service day', () => {
    const a1 = issue(null, 'A', '2026-11-24');
    const a2 = issue(a1.counters, 'A', '2026-11-24');
    const b1 = issue(a2.counters, 'B', '2026-11-24');
    const next = issue(b1.counters, 'A', '2026-11-25');
    expect([a1.number, a2.number, b1.number, next.number]).toEqual(['A001', 'A002', 'B001', 'A001']);
    expect(formatTicketNumber('A', 12)).toBe('A012');
    expect(formatTicketNumber('A', 1000)).toBe('A1000');
    for (const n of ['A001', 'A012', 'A999', 'A1000', 'A5012']) expect(TicketNumberSchema.safeParse(n).success).toBe(true);
    for (const n of ['A12', 'A0012', 'a012', 'AB12', 'A10000']) expect(TicketNumberSchema.safeParse(n).success).toBe(false);
  });

  it('a clock set back across the reset hour does not reopen the day before', () => {
    const today = issue(issue(null, 'A', '2026-11-24').counters, 'A', '2026-11-25');
    const afterSetBack = issue(today.counters, 'A', '2026-11-24');
    expect(afterSetBack).toMatchObject({ number: 'A002', serviceDay: '2026-11-25' });
  });

  it('offline devices number in ranges that meet neither the server’s nor each other’s', () => {
    const ranges = [SERVER_NUMBER_RANGE, ...Array.from({ length: FALLBACK_SLOTS }, (_, i) => fallbackNumberRange(i + 1))];
    for (const [i, a] of ranges.entries()) {
      for (const b of ranges.slice(i + 1)) expect(a.last < b.first || b.last < a.first).toBe(true);
    }
    const slot2 = issue(null, 'A', '2026-11-24', fallbackNumberRange(2));
    expect(slot2.number).toBe('A6000');
    expect(fallbackSlotOf(slot2.number)).toBe(2);
    expect(fallbackSlotOf('A4999')).toBeNull();
    expect(TicketNumberSchema.safeParse(formatTicketNumber('A', fallbackNumberRange(FALLBACK_SLOTS).last)).success).toBe(true);
    expect(() => fallbackNumberRange(FALLBACK_SLOTS + 1)).toThrow(RangeError);
  });

  it('a used-up range issues nothing rather than a number again', () => {
    const range = { first: 1, last: 2 };
    const two = issue(issue(null, 'A', '2026-11-24', range).counters, 'A', '2026-11-24', range);
    expect(allocateTicketNumber(two.counters, 'A', '2026-11-24', range)).toEqual({ ok: false, reason: 'rangeExhausted' });
  });

  it('never gives the same number twice in a service day, whatever the order of days asked', () => {
    const days = ['2026-11-23', '2026-11-24', '2026-11-25'];
    fc.assert(
      fc.property(fc.array(fc.record({ letter: fc.constantFrom('A', 'B'), day: fc.constantFrom(...days) }), { maxLength: 200 }), (asks) => {
        let counters: NumberCounters | null = null;
        const seen = new Set<string>();
        for (const ask of asks) {
          const result = issue(counters, ask.letter, ask.day);
          const key = `${result.serviceDay} ${result.number}`;
          expect(seen.has(key)).toBe(false);
          seen.add(key);
          counters = result.counters;
        }
      }),
    );
  });
});
