import { describe, expect, it } from 'vitest';
import { PrinterIoError } from '../../../../../electron/core/printing/transport/printer-transport';
import { holdsStatusRequest, NO_ANSWER_WORDS, StatusExchange } from '../../../../../electron/core/printing/transport/status-exchange';

describe('DLE EOT over a line', () => {
  it('a request that never leaves (a far end gone, flow control held) times out instead of hanging', async () => {
    const exchange = new StatusExchange({ send: () => new Promise(() => undefined), discardInput: async () => undefined });
    const started = Date.now();
    const failure = await exchange.readCondition(150).catch((err: unknown) => err);
    expect(failure).toBeInstanceOf(PrinterIoError);
    expect(failure).toMatchObject({ message: NO_ANSWER_WORDS, state: 'offline', partial: false });
    expect(Date.now() - started).toBeLessThan(1000);
  });

  it('takes an answer that arrives before the request’s send reports done', async () => {
    const answers: Record<number, number> = { 1: 0x12, 2: 0x16, 4: 0x12 };
    const exchange: StatusExchange = new StatusExchange({
      // The answer comes at once; the send's own callback never does.
      send: (bytes) => {
        exchange.received(Uint8Array.of(answers[bytes[2] as number] as number));
        return new Promise(() => undefined);
      },
      discardInput: async () => undefined,
    });
    expect(await exchange.readCondition(100)).toEqual({ online: true, coverOpen: true, paper: 'ok', error: null });
  });

  it('a line that closes while a request waits fails it at once with the line’s words', async () => {
    const exchange = new StatusExchange({ send: async () => undefined, discardInput: async () => undefined });
    const reading = exchange.readCondition(5000).catch((err: unknown) => err);
    setTimeout(() => exchange.closed('串口已断开'), 20);
    const started = Date.now();
    expect(await reading).toMatchObject({ message: '串口已断开', state: 'offline' });
    expect(Date.now() - started).toBeLessThan(1000);
  });

  it('settles the line only when it is not known clean: first, after an unasked byte, and after a time-out', async () => {
    let settles = 0;
    let answer = true;
    const exchange: StatusExchange = new StatusExchange({
      // 0x12: online (1), nothing wrong (2), paper present (4).
      send: async () => {
        if (answer) exchange.received(Uint8Array.of(0x12));
      },
      discardInput: async () => {
        settles += 1;
      },
    });
    const ok = { online: true, coverOpen: false, paper: 'ok', error: null };
    expect(await exchange.readCondition(100)).toEqual(ok);
    // One settle for an unknown line; requests answered by exactly their byte leave it clean.
    expect(settles).toBe(1);
    expect(await exchange.readCondition(100)).toEqual(ok);
    expect(settles).toBe(1);

    // A byte nobody asked for (a printer's XOFF, noise, a late answer): the next request settles first.
    exchange.received(Uint8Array.of(0x13));
    expect(await exchange.readCondition(100)).toEqual(ok);
    expect(settles).toBe(2);

    // No answer (asked on a clean line, so no settle): after the time-out the line is not clean.
    answer = false;
    await expect(exchange.readCondition(50)).rejects.toMatchObject({ message: NO_ANSWER_WORDS });
    expect(settles).toBe(2);
    answer = true;
    expect(await exchange.readCondition(100)).toEqual(ok);
    expect(settles).toBe(3);
  });

  it('an answer followed by a second byte leaves the line unclean, and a stale status byte before a request is never read', async () => {
    let settles = 0;
    const answers: Record<number, number> = { 1: 0x12, 2: 0x12, 4: 0x12 };
    let extra: number | null = null;
    const exchange: StatusExchange = new StatusExchange({
      send: async (bytes) => {
        const n = bytes[2] as number;
        exchange.received(extra === null ? Uint8Array.of(answers[n] as number) : Uint8Array.of(answers[n] as number, extra));
      },
      // The settle is when stale bytes arrive: here a paper-end answer (0x72) that was pending.
      discardInput: async () => {
        settles += 1;
        exchange.received(Uint8Array.of(0x72));
      },
    });
    extra = 0x72;
    // Each answer has a second (stale-looking) byte after it: every next request settles, and the
    // stale 0x72 dropped by the settle is never read as paper end.
    expect(await exchange.readCondition(100)).toEqual({ online: true, coverOpen: false, paper: 'ok', error: null });
    expect(settles).toBe(3);
  });

  it('after a job holding DLE EOT, the byte the printer sends from inside it (0x1A: offline) is settled away, not read as the status', async () => {
    let settles = 0;
    // Bytes on their way: they arrive during the settle if there is one, else with the next answer.
    let inFlight: number[] = [];
    const exchange: StatusExchange = new StatusExchange({
      send: async () => {
        exchange.received(Uint8Array.of(...inFlight.splice(0), 0x12));
      },
      discardInput: async () => {
        settles += 1;
        exchange.received(Uint8Array.of(...inFlight.splice(0)));
      },
    });
    const ok = { online: true, coverOpen: false, paper: 'ok', error: null };
    expect(await exchange.readCondition(100)).toEqual(ok);
    expect(settles).toBe(1);

    // A job of text and a cut holds no DLE EOT: nothing can answer from inside it, no settle.
    exchange.lineUsed(Uint8Array.of(0x1b, 0x40, 0x41, 0x42, 0x0a, 0x1d, 0x56, 0x42, 0x00));
    expect(await exchange.readCondition(100)).toEqual(ok);
    expect(settles).toBe(1);

    // A job's raster band held `DLE EOT 1`: the printer answered it while busy (offline bit) as the job ended.
    exchange.lineUsed(Uint8Array.of(0x1d, 0x76, 0x30, 0x00, 0x02, 0x00, 0x01, 0x00, 0xff, 0x10, 0x04, 0x01, 0x00));
    inFlight = [0x1a];
    expect(await exchange.readCondition(100)).toEqual(ok);
    expect(settles).toBe(2);
  });

  it('finds DLE EOT anywhere in a job’s bytes, and nothing else', () => {
    expect(holdsStatusRequest(Uint8Array.of(0x10, 0x04, 0x01))).toBe(true);
    expect(holdsStatusRequest(Uint8Array.of(0x00, 0x10, 0x10, 0x04))).toBe(true);
    expect(holdsStatusRequest(Uint8Array.of(0x10, 0x05, 0x04, 0x10))).toBe(false);
    expect(holdsStatusRequest(new Uint8Array(0))).toBe(false);
  });
});
