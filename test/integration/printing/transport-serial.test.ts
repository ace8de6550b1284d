import { SerialPort } from 'serialport';
import { afterEach, describe, expect, it } from 'vitest';
import { PrinterIoError, type PrinterConnection } from '../../../electron/core/printing/transport/printer-transport';
import { SERIAL_GONE_WORDS, serialTransport } from '../../../electron/core/printing/transport/serial-transport';
import { conditionWords } from '../../../electron/core/printing/transport/status-bytes';
import { NO_ANSWER_WORDS } from '../../../electron/core/printing/transport/status-exchange';
import { startPtyPair, type PtyPair } from '../../support/socat';
import { makeTempDir } from '../../support/temp-dirs';
import { COVER_OPEN, CUTTER_ERROR, PAPER_END, PAPER_NEAR_END, PAPER_OK, StatusResponder } from './transport-responder';

// A serial receipt printer is played by the other end of a socat pty pair: the transport opens
// end `a` exactly as it would /dev/ttyUSB0, the printer (a StatusResponder) reads and answers on `b`.

interface Printer {
  port: SerialPort;
  responder: StatusResponder;
  close(): Promise<void>;
}

async function printerAt(path: string): Promise<Printer> {
  const port = new SerialPort({ path, baudRate: 9600, autoOpen: false });
  await new Promise<void>((resolve, reject) => port.open((err) => (err ? reject(err) : resolve())));
  const responder = new StatusResponder((bytes) => port.write(Buffer.from(bytes)));
  port.on('data', (chunk: Buffer) => responder.feed(chunk));
  port.on('error', () => undefined);
  return {
    port,
    responder,
    close: async () => {
      responder.stop();
      if (port.isOpen) await new Promise<void>((resolve) => port.close(() => resolve()));
    },
  };
}

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup().catch(() => undefined);
});

async function setUp(): Promise<{ dir: string; pty: PtyPair; printer: Printer; connection: PrinterConnection; path: string }> {
  const dir = makeTempDir('serial-transport');
  const pty = await startPtyPair(dir);
  cleanups.push(() => pty.stop());
  const printer = await printerAt(pty.b);
  cleanups.push(() => printer.close());
  const transport = serialTransport({ path: pty.a, baudRate: 9600, flowControl: 'none' });
  const connection = await transport.open();
  cleanups.push(() => connection.close());
  return { dir, pty, printer, connection, path: pty.a };
}

async function until(check: () => boolean, ms = 3000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('timed out waiting');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

describe('serial printer transport over a real pty pair', () => {
  it('delivers a job byte for byte', async () => {
    const { printer, connection } = await setUp();
    // Every byte value but DLE, so nothing in the job reads as a status request.
    const job = Uint8Array.from({ length: 20_000 }, (_, i) => (i * 7 + 3) % 256).map((b) => (b === 0x10 ? 0x11 : b));
    await connection.write(job);
    await until(() => printer.responder.received.length >= job.length);
    // Compared as buffers: a deep equality of that many elements takes seconds.
    expect(Buffer.from(printer.responder.received).equals(Buffer.from(job))).toBe(true);
    expect(printer.responder.received.length).toBe(job.length);
  });

  it('reads the printer’s condition by DLE EOT 1, 2 and 4: ok, near end, paper end, cover open, cutter error', async () => {
    const { printer, connection } = await setUp();
    printer.responder.table = PAPER_OK;
    expect(await connection.readCondition(500)).toEqual({ online: true, coverOpen: false, paper: 'ok', error: null });
    expect(printer.responder.requests).toEqual([1, 2, 4]);

    printer.responder.table = PAPER_NEAR_END;
    const near = await connection.readCondition(500);
    expect(near).toMatchObject({ online: true, paper: 'near_end' });
    expect(conditionWords(near!)).toBe('纸将尽');

    printer.responder.table = PAPER_END;
    const end = await connection.readCondition(500);
    expect(end).toMatchObject({ online: false, paper: 'end', coverOpen: false });
    expect(conditionWords(end!)).toBe('缺纸');

    printer.responder.table = COVER_OPEN;
    const cover = await connection.readCondition(500);
    expect(cover).toMatchObject({ online: false, coverOpen: true, paper: 'ok' });
    expect(conditionWords(cover!)).toBe('上盖打开');

    printer.responder.table = CUTTER_ERROR;
    const jam = await connection.readCondition(500);
    expect(conditionWords(jam!)).toBe('打印机故障（切刀故障（可能卡纸））');
    // DLE EOT 3 is asked only when 2 reports an error.
    expect(printer.responder.requests.slice(-4)).toEqual([1, 2, 4, 3]);
  });

  it('a status read right after a job never cuts the job’s tail', async () => {
    const { printer, connection } = await setUp();
    // Jobs ending in a cut, each followed at once by a status read: a flush of the port there
    // (tcflush both ways) drops what the line still holds — the job's tail, its cut.
    const job = Uint8Array.of(0x41, 0x42, 0x0a, 0x1d, 0x56, 0x01);
    for (let i = 0; i < 10; i += 1) {
      await connection.write(job);
      expect(await connection.readCondition(500)).toMatchObject({ online: true });
    }
    await until(() => printer.responder.jobBytes().length >= job.length * 10).catch(() => undefined);
    expect(printer.responder.jobBytes()).toEqual(Array.from({ length: 10 }, () => [...job]).flat());
  });

  it('a printer that does not answer is offline, with words, after the time-out', async () => {
    const { printer, connection } = await setUp();
    printer.responder.answer = () => null;
    const started = Date.now();
    const failure = await connection.readCondition(200).catch((err: unknown) => err);
    expect(failure).toBeInstanceOf(PrinterIoError);
    expect(failure).toMatchObject({ message: NO_ANSWER_WORDS, state: 'offline', partial: false });
    // Not before the time-out (no upper bound: a loaded machine may be slow, and that is no fault).
    expect(Date.now() - started).toBeGreaterThanOrEqual(190);
  });

  it('a late answer to a timed-out request is never read as the next status', async () => {
    const { printer, connection } = await setUp();
    // The first request is answered 450 ms late with "offline"; later ones 150 ms after the
    // request with "all well". Without waiting out the stale byte, the second reading would take
    // the late "offline" for its DLE EOT 1 answer.
    printer.responder.answer = (_n, index) => (index === 0 ? { byte: 0x1a, delayMs: 450 } : { byte: 0x12, delayMs: 150 });
    await expect(connection.readCondition(300)).rejects.toMatchObject({ state: 'offline' });
    expect(await connection.readCondition(300)).toEqual({ online: true, coverOpen: false, paper: 'ok', error: null });
  });

  it('bytes that are not status bytes (XON, noise) are skipped, not read as a status', async () => {
    const { printer, connection } = await setUp();
    printer.responder.answer = (n) => ({ byte: n === 1 ? 0x11 : 0x12 });
    // DLE EOT 1 gets XON only: no status byte comes, so it times out with the garbled-answer words.
    await expect(connection.readCondition(200)).rejects.toMatchObject({ state: 'error', partial: false });
  });

  it('an unplug mid-write fails the job as partial and tells onClose; the port reopens once it is back', async () => {
    const dir = makeTempDir('serial-unplug');
    let pty = await startPtyPair(dir);
    cleanups.push(() => pty.stop());
    // Nobody reads end b: socat's buffers fill and the write is still going when the line dies.
    const transport = serialTransport({ path: pty.a, baudRate: 9600, flowControl: 'none' });
    const connection = await transport.open();
    cleanups.push(() => connection.close());
    const closes: string[] = [];
    connection.onClose((reason) => closes.push(reason));

    const writing = connection.write(new Uint8Array(1_000_000).fill(0x41)).catch((err: unknown) => err);
    await new Promise((resolve) => setTimeout(resolve, 300));
    await pty.stop();
    const failure = await writing;
    expect(failure).toBeInstanceOf(PrinterIoError);
    expect(failure).toMatchObject({ partial: true, state: 'offline', message: SERIAL_GONE_WORDS });
    await until(() => closes.length > 0);
    expect(closes).toEqual([SERIAL_GONE_WORDS]);
    // Writing on the dead connection: certainly nothing sent.
    await expect(connection.write(Uint8Array.of(0x41))).rejects.toMatchObject({ partial: false, state: 'offline' });
    await expect(connection.readCondition(200)).rejects.toMatchObject({ state: 'offline' });

    // While the adapter is away: offline, with words naming the port.
    await expect(transport.open()).rejects.toMatchObject({ state: 'offline', partial: false, message: expect.stringContaining('未找到串口') });

    // Plugged back in: the same link path, a new pty behind it.
    pty = await startPtyPair(dir);
    cleanups.push(() => pty.stop());
    const printer = await printerAt(pty.b);
    cleanups.push(() => printer.close());
    const again = await transport.open();
    cleanups.push(() => again.close());
    await again.write(Uint8Array.from([0x1b, 0x40, 0x41, 0x0a]));
    await until(() => printer.responder.received.length >= 4);
    expect(printer.responder.received).toEqual([0x1b, 0x40, 0x41, 0x0a]);
    expect(await again.readCondition(500)).toMatchObject({ online: true, paper: 'ok' });
  });

  it('the driver’s own close is not reported as an unplug, and is safe twice', async () => {
    const { connection } = await setUp();
    const closes: string[] = [];
    connection.onClose((reason) => closes.push(reason));
    await connection.close();
    await connection.close();
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(closes).toEqual([]);
  });

  it('a path that is not there, or not a serial port, says so', async () => {
    const dir = makeTempDir('serial-missing');
    await expect(serialTransport({ path: `${dir}/ttyUSB9`, baudRate: 9600, flowControl: 'none' }).open()).rejects.toMatchObject({
      state: 'offline',
      message: `未找到串口 ${dir}/ttyUSB9（请检查连接线或 USB 转串口适配器）`,
    });
    await expect(serialTransport({ path: dir, baudRate: 9600, flowControl: 'none' }).open()).rejects.toMatchObject({ state: 'error' });
  });

  it('opens with hardware or software flow control as configured', async () => {
    const dir = makeTempDir('serial-flow');
    const pty = await startPtyPair(dir);
    cleanups.push(() => pty.stop());
    const printer = await printerAt(pty.b);
    cleanups.push(() => printer.close());
    for (const flowControl of ['rtscts', 'xonxoff'] as const) {
      const connection = await serialTransport({ path: pty.a, baudRate: 19200, flowControl }).open();
      await connection.write(Uint8Array.of(0x41, 0x42));
      expect(await connection.readCondition(500)).toMatchObject({ online: true });
      await connection.close();
    }
    await until(() => printer.responder.jobBytes().length >= 4);
    expect(printer.responder.jobBytes()).toEqual([0x41, 0x42, 0x41, 0x42]);
  });
});
