import { describe, expect, it } from 'vitest';
import { PrinterIoError } from '../../../../../electron/core/printing/transport/printer-transport';
import { NO_ANSWER_WORDS, StatusExchange } from '../../../../../electron/core/printing/transport/status-exchange';

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
});
