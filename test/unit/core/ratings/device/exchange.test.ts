import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ExchangeAttempts, V1RequestEngine, type ExchangeLine } from '../../../../../electron/core/ratings/device/exchange';
import { encodeV1Frame, type V1Frame } from '../../../../../electron/core/ratings/protocol/v1-frame';

const timing = { replyTimeoutMs: 200, resends: 3 };
const request = { addr: 1, seq: 42, cmd: 0x02, payload: Uint8Array.of(7, 0, 0, 0) };
const reply = (over: Partial<V1Frame> = {}): V1Frame => ({ ver: 1, addr: 1, seq: 42, cmd: 0x82, payload: Uint8Array.of(0, 0), ...over });

describe('ExchangeAttempts (the pure exchange of protocols/rating-device.md)', () => {
  it('sends the same bytes 1 + 3 times, 200 ms apart, then counts one missed exchange', () => {
    const machine = new ExchangeAttempts(request, timing);
    const first = machine.start();
    expect(first).toEqual({ kind: 'send', bytes: encodeV1Frame(request), waitMs: 200 });
    for (let i = 0; i < 3; i++) {
      const again = machine.timedOut();
      expect(again.kind).toBe('send');
      if (again.kind === 'send' && first.kind === 'send') expect(again.bytes.equals(first.bytes)).toBe(true);
    }
    expect(machine.timedOut()).toEqual({ kind: 'done', outcome: { kind: 'missed', attempts: 4 } });
  });

  it('takes only the reply with the same ADDR and SEQ; a NAK ends it too; a stale cached reply is told apart', () => {
    const machine = new ExchangeAttempts(request, timing);
    machine.start();
    expect(machine.received(reply({ seq: 41 }))).toBeNull();
    expect(machine.received(reply({ addr: 2 }))).toBeNull();
    // The request itself heard back (a looped line) is not a reply.
    expect(machine.received(reply({ cmd: 0x02 }))).toBeNull();
    machine.timedOut();
    expect(machine.received(reply())).toMatchObject({ kind: 'done', outcome: { kind: 'reply', attempts: 2 } });

    const refused = new ExchangeAttempts(request, timing);
    refused.start();
    expect(refused.received(reply({ cmd: 0x7f, payload: Uint8Array.of(3) }))).toMatchObject({ kind: 'done', outcome: { kind: 'nak' } });

    const stale = new ExchangeAttempts(request, timing);
    stale.start();
    expect(stale.received(reply({ cmd: 0x81 }))).toMatchObject({ kind: 'done', outcome: { kind: 'stale' } });
  });

  it('never sends more than 1 + resends times and always ends, whatever arrives when (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(fc.constant('timeout' as const), fc.record({ seq: fc.integer({ min: 0, max: 255 }), cmd: fc.constantFrom(0x82, 0x7f, 0x81, 0x02) })), { maxLength: 12 }), (steps) => {
        const machine = new ExchangeAttempts(request, timing);
        let sends = 1;
        machine.start();
        for (const step of steps) {
          const next = step === 'timeout' ? machine.timedOut() : machine.received(reply(step));
          if (next?.kind === 'send') sends++;
          if (next?.kind === 'done' && next.outcome.kind !== 'missed') expect(step === 'timeout' ? 42 : step.seq).toBe(42);
        }
        expect(sends).toBeLessThanOrEqual(4);
      }),
    );
  });
});

describe('V1RequestEngine over a fake line', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('advances SEQ mod 256 for every new request and resends the same SEQ on time-out', async () => {
    const sent: Buffer[] = [];
    const line: ExchangeLine = { write: async (bytes) => void sent.push(Buffer.from(bytes)) };
    const engine = new V1RequestEngine(timing, 255);
    // First request: answered only after two time-outs.
    const first = engine.request(line, 1, 0x02, Uint8Array.of(0, 0, 0, 0));
    await vi.advanceTimersByTimeAsync(199);
    expect(sent).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(sent).toHaveLength(2);
    await vi.advanceTimersByTimeAsync(200);
    expect(sent).toHaveLength(3);
    expect(new Set(sent.map((b) => b.toString('hex'))).size).toBe(1);
    expect(sent[0]?.[4]).toBe(255);
    engine.received({ ver: 1, addr: 1, seq: 255, cmd: 0x82, payload: Uint8Array.of(0, 0) });
    await expect(first).resolves.toMatchObject({ kind: 'reply', attempts: 3 });
    // Next request: SEQ wraps to 0; unanswered → missed after 4 sends (800 ms).
    const second = engine.request(line, 1, 0x02, Uint8Array.of(0, 0, 0, 0));
    await vi.advanceTimersByTimeAsync(800);
    await expect(second).resolves.toMatchObject({ kind: 'missed', attempts: 4, roundTripMs: null });
    expect(sent.slice(3).map((b) => b[4])).toEqual([0, 0, 0, 0]);
  });

  it('sends a request met by a stale cached reply again under the next SEQ, and refuses two exchanges at once', async () => {
    const sent: Buffer[] = [];
    const engine = new V1RequestEngine(timing, 10);
    const line: ExchangeLine = {
      write: async (bytes) => {
        sent.push(Buffer.from(bytes));
        // The device answers the first send from its cache (a POLL reply to our IDENT), the next properly.
        const seq = bytes[4] ?? 0;
        queueMicrotask(() => engine.received({ ver: 1, addr: 1, seq, cmd: sent.length === 1 ? 0x82 : 0x81, payload: new Uint8Array(0) }));
      },
    };
    const outcome = engine.request(line, 1, 0x01, new Uint8Array(0));
    await expect(engine.request(line, 1, 0x01, new Uint8Array(0))).rejects.toThrow(/already on the wire/);
    await expect(outcome).resolves.toMatchObject({ kind: 'reply', attempts: 2 });
    expect(sent.map((b) => b[4])).toEqual([10, 11]);
  });

  it('lets a write failure through (the line is gone: the driver reconnects)', async () => {
    const engine = new V1RequestEngine(timing, 0);
    await expect(engine.request({ write: async () => Promise.reject(new Error('gone')) }, 1, 0x02, Uint8Array.of(0, 0, 0, 0))).rejects.toThrow('gone');
    // Not left busy.
    const line: ExchangeLine = { write: async () => undefined };
    const next = engine.request(line, 1, 0x02, Uint8Array.of(0, 0, 0, 0));
    await vi.advanceTimersByTimeAsync(800);
    await expect(next).resolves.toMatchObject({ kind: 'missed' });
  });
});
