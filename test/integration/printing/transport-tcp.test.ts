import net from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { PrinterIoError } from '../../../electron/core/printing/transport/printer-transport';
import { conditionWords } from '../../../electron/core/printing/transport/status-bytes';
import { NO_ANSWER_WORDS } from '../../../electron/core/printing/transport/status-exchange';
import { TCP_GONE_WORDS, tcpTransport } from '../../../electron/core/printing/transport/tcp-transport';
import { COVER_OPEN, PAPER_END, PAPER_NEAR_END, PAPER_OK, StatusResponder } from './transport-responder';

// A network printer is played by a local TCP server on a free port: each connection gets a
// StatusResponder that keeps what arrives and answers DLE EOT, as a printer's port 9100 does.

interface NetPrinter {
  port: number;
  /** One responder per connection, in order of arrival. */
  connections: Array<{ socket: net.Socket; responder: StatusResponder }>;
  /** Set up each new connection's responder (answers, hang-ups) before its first byte. */
  onConnection: (socket: net.Socket, responder: StatusResponder) => void;
  close(): Promise<void>;
}

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup().catch(() => undefined);
});

async function netPrinter(): Promise<NetPrinter> {
  const printer: NetPrinter = {
    port: 0,
    connections: [],
    onConnection: () => undefined,
    close: async () => undefined,
  };
  const server = net.createServer((socket) => {
    const responder = new StatusResponder((bytes) => {
      if (!socket.destroyed) socket.write(bytes);
    });
    socket.on('error', () => undefined);
    printer.connections.push({ socket, responder });
    printer.onConnection(socket, responder);
    socket.on('data', (chunk) => responder.feed(chunk));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  printer.port = (server.address() as net.AddressInfo).port;
  printer.close = async () => {
    for (const { socket, responder } of printer.connections) {
      responder.stop();
      socket.destroy();
    }
    await new Promise<void>((resolve) => server.close(() => resolve()));
  };
  cleanups.push(() => printer.close());
  return printer;
}

async function until(check: () => boolean, ms = 3000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('timed out waiting');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** A port on which nothing listens (a server opened and closed again). */
async function deadPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe('TCP (9100) printer transport against a local server', () => {
  it('delivers a job byte for byte, and close lets the last bytes arrive', async () => {
    const printer = await netPrinter();
    const connection = await tcpTransport({ host: '127.0.0.1', port: printer.port }).open();
    const job = Uint8Array.from({ length: 300_000 }, (_, i) => (i * 13 + 1) % 256).map((b) => (b === 0x10 ? 0x11 : b));
    await connection.write(job);
    // Closed at once: a destroy instead of end would lose what the kernel still holds.
    await connection.close();
    await until(() => (printer.connections[0]?.responder.received.length ?? 0) >= job.length);
    // Compared as buffers: a deep equality of that many elements takes seconds.
    expect(Buffer.from(printer.connections[0]!.responder.received).equals(Buffer.from(job))).toBe(true);
    expect(printer.connections[0]!.responder.received.length).toBe(job.length);
  });

  it('reads the condition by DLE EOT: ok, near end, paper end, cover open', async () => {
    const printer = await netPrinter();
    const transport = tcpTransport({ host: '127.0.0.1', port: printer.port });
    const cases = [
      [PAPER_OK, '正常'],
      [PAPER_NEAR_END, '纸将尽'],
      [PAPER_END, '缺纸'],
      [COVER_OPEN, '上盖打开'],
    ] as const;
    for (const [table, words] of cases) {
      printer.onConnection = (_socket, responder) => {
        responder.table = table;
      };
      // A connection per reading, as the driver does (one connection at a time per printer).
      const connection = await transport.open();
      const condition = await connection.readCondition(500);
      await connection.close();
      expect(condition).not.toBeNull();
      expect(conditionWords(condition!)).toBe(words);
    }
    expect(printer.connections).toHaveLength(4);
  });

  it('a printer that takes the connection but does not answer is offline after the time-out', async () => {
    const printer = await netPrinter();
    printer.onConnection = (_socket, responder) => {
      responder.answer = () => null;
    };
    const connection = await tcpTransport({ host: '127.0.0.1', port: printer.port }).open();
    cleanups.push(() => connection.close());
    await expect(connection.readCondition(200)).rejects.toMatchObject({ message: NO_ANSWER_WORDS, state: 'offline', partial: false });
  });

  it('a late answer to a timed-out request is never read as the next status', async () => {
    const printer = await netPrinter();
    printer.onConnection = (_socket, responder) => {
      responder.answer = (_n, index) => (index === 0 ? { byte: 0x1a, delayMs: 450 } : { byte: 0x12, delayMs: 150 });
    };
    const connection = await tcpTransport({ host: '127.0.0.1', port: printer.port }).open();
    cleanups.push(() => connection.close());
    await expect(connection.readCondition(300)).rejects.toMatchObject({ state: 'offline' });
    expect(await connection.readCondition(300)).toEqual({ online: true, coverOpen: false, paper: 'ok', error: null });
  });

  it('a printer hanging up after bytes went: partial, and onClose hears it', async () => {
    const printer = await netPrinter();
    printer.onConnection = (socket, responder) => {
      // Takes some of the job, stops reading (its buffer full), then drops the connection.
      const feed = responder.feed.bind(responder);
      responder.feed = (chunk) => {
        feed(chunk);
        if (responder.received.length > 100_000) {
          socket.pause();
          setTimeout(() => socket.resetAndDestroy(), 200);
        }
      };
    };
    const connection = await tcpTransport({ host: '127.0.0.1', port: printer.port }).open();
    cleanups.push(() => connection.close());
    const closes: string[] = [];
    connection.onClose((reason) => closes.push(reason));
    const failure = await connection.write(new Uint8Array(32_000_000).fill(0x41)).catch((err: unknown) => err);
    expect(failure).toBeInstanceOf(PrinterIoError);
    expect(failure).toMatchObject({ partial: true, state: 'offline' });
    expect((failure as Error).message.startsWith(TCP_GONE_WORDS)).toBe(true);
    await until(() => closes.length > 0);
    expect(closes).toHaveLength(1);
    await expect(connection.write(Uint8Array.of(0x41))).rejects.toMatchObject({ partial: false });
  });

  it('the printer closing an idle connection is told to onClose', async () => {
    const printer = await netPrinter();
    const connection = await tcpTransport({ host: '127.0.0.1', port: printer.port }).open();
    cleanups.push(() => connection.close());
    const closes: string[] = [];
    connection.onClose((reason) => closes.push(reason));
    await until(() => printer.connections.length === 1);
    printer.connections[0]!.socket.end();
    await until(() => closes.length > 0);
    expect(closes).toEqual([TCP_GONE_WORDS]);
    await expect(connection.readCondition(200)).rejects.toMatchObject({ state: 'offline' });
  });

  it('connection refused: offline, with words naming the address', async () => {
    const port = await deadPort();
    const failure = await tcpTransport({ host: '127.0.0.1', port }).open().catch((err: unknown) => err);
    expect(failure).toBeInstanceOf(PrinterIoError);
    expect(failure).toMatchObject({
      state: 'offline',
      partial: false,
      message: `无法连接打印机 127.0.0.1:${port}：对方拒绝连接（未开机，或端口不对）`,
    });
  });

  it('a cancelled open sends nothing and says so', async () => {
    const printer = await netPrinter();
    const controller = new AbortController();
    controller.abort();
    await expect(tcpTransport({ host: '127.0.0.1', port: printer.port }).open(controller.signal)).rejects.toMatchObject({ partial: false });
  });
});
