import { EventEmitter } from 'node:events';
import net from 'node:net';
import type { Bitmap } from '../thermal/glyph-source';
import { EscPosDecoder } from './escpos-decoder';
import type { EscPosRecord, StatusRequestRecord } from './escpos-records';
import { INITIAL_STATE, applyCommand, canPrint, parseCommand, realTimeStatus, transmittedStatus, type VirtualPrinterCommand, type VirtualPrinterState } from './printer-status';
import { PtyPair } from './pty-pair';

/**
 * Where the virtual printer sits:
 * - `{ path }`: the far end of a serial pty pair someone else made (`socat pty,… pty,…`); `unplug`
 *   closes it (the app's side stays, silent);
 * - `{ ptyLink }`: its own socat pair: the app opens `ptyLink`, the printer holds `ptyLink.printer`;
 *   `unplug` removes the app's device path as pulling a USB adapter does, `plug` brings it back;
 * - `{ tcpPort }`: a network printer listening (0: any free port, see `VirtualPrinter.tcpPort`);
 *   `unplug` drops connections and refuses new ones.
 */
export type VirtualPrinterEndpoint = { path: string } | { ptyLink: string } | { tcpPort: number; host?: string };

export interface VirtualPrinterOptions {
  endpoint: VirtualPrinterEndpoint;
  /** The paper at start (default ok). */
  paper?: VirtualPrinterState['paper'];
  /** Names inline glyph images (see EscPosDecoderOptions). */
  recogniseGlyph?: (bitmap: Bitmap) => string | null;
  /** Quiet time (ms) after which an open raster block is taken as complete; default 200. */
  settleMs?: number;
}

/** A record as it came out of the printer: its order and when. */
export interface PrintedRecord {
  seq: number;
  /** ISO instant it was printed (after being held, if the printer could not print when it came). */
  at: string;
  record: EscPosRecord;
}

/** A status request and what was answered (null: not answered — muted, unplugged or not a request it knows). */
export interface AnsweredRequest {
  at: string;
  request: StatusRequestRecord;
  answer: number | null;
}

/**
 * Events: `record` (PrintedRecord), `request` (AnsweredRequest), `bytes` (count, hrtime in ns as
 * bigint, when a chunk arrived), `data` (the chunk itself and that time), `state`
 * (VirtualPrinterState), `line` ('open' | 'closed').
 */
export interface VirtualPrinterEvents {
  record: [PrintedRecord];
  request: [AnsweredRequest];
  bytes: [number, bigint];
  data: [Uint8Array, bigint];
  state: [VirtualPrinterState];
  line: ['open' | 'closed'];
}

/** One source of bytes (the serial line, or one TCP connection) with its own decoder. */
interface Feed {
  decoder: EscPosDecoder;
  reply(bytes: Uint8Array): void;
  settleTimer: NodeJS.Timeout | null;
}

interface SerialLike {
  write(data: Buffer): boolean;
  close(callback: (err?: Error | null) => void): void;
  isOpen: boolean;
}

/**
 * A receipt printer in software, for development, demos and tests (issue 14): it takes ESC/POS on
 * a serial pty or TCP, answers `DLE EOT` and `GS r` from its state, decodes what it is sent
 * (escpos-decoder.ts) and reports each record as it "prints". While it cannot print (paper out,
 * cover open, offline) it holds what it receives and prints it when it can again, as a real
 * printer does with its receive buffer; status requests are answered at once whatever it holds.
 */
export class VirtualPrinter extends EventEmitter<VirtualPrinterEvents> {
  private current: VirtualPrinterState;
  private readonly printed: PrintedRecord[] = [];
  private readonly answered: AnsweredRequest[] = [];
  private readonly held: EscPosRecord[] = [];
  private seq = 0;
  private totalBytes = 0;
  private serial: SerialLike | null = null;
  private serialFeed: Feed | null = null;
  private server: net.Server | null = null;
  private readonly sockets = new Set<net.Socket>();
  private readonly pty: PtyPair | null;
  private boundPort: number | null = null;
  private stopped = false;

  constructor(private readonly options: VirtualPrinterOptions) {
    super();
    this.current = { ...INITIAL_STATE, paper: options.paper ?? 'ok' };
    const e = options.endpoint;
    this.pty = 'ptyLink' in e ? new PtyPair(e.ptyLink, `${e.ptyLink}.printer`) : null;
  }

  /** Opens the line (starts socat first for `ptyLink`). @throws Error with words when it cannot. */
  async start(): Promise<void> {
    await this.openLine();
  }

  /** The state now (a copy). */
  get state(): VirtualPrinterState {
    return { ...this.current };
  }

  /** The TCP port listened on (after start), else null. */
  get tcpPort(): number | null {
    return this.boundPort;
  }

  /** The path the app opens: the pty link for `ptyLink`, else null (for `path`, the caller knows the other end). */
  get appPath(): string | null {
    return this.pty?.appPath ?? null;
  }

  /** Every record printed so far, in order. */
  records(): PrintedRecord[] {
    return [...this.printed];
  }

  /** Every status request so far with its answer. */
  requests(): AnsweredRequest[] {
    return [...this.answered];
  }

  /** Bytes received since start (print data and requests). */
  get bytesReceived(): number {
    return this.totalBytes;
  }

  /** Records received but not printed yet (the printer could not print). */
  heldCount(): number {
    return this.held.length;
  }

  /** Runs a typed command (`paper out`, …, `delay 800`). @throws Error naming the commands when it is none. */
  async command(text: string): Promise<VirtualPrinterState> {
    const command = parseCommand(text);
    if (!command) throw new Error(`未知命令“${text.trim()}”；可用：paper out | paper near | paper back | cover open | cover close | offline | online | unplug | plug | mute | unmute | delay 毫秒`);
    return this.set(command);
  }

  /** Changes the state; `unplug` closes the line, `plug` opens it again. */
  async set(command: VirtualPrinterCommand): Promise<VirtualPrinterState> {
    const before = this.current;
    this.current = applyCommand(before, command);
    if (command === 'unplug' && before.plugged) await this.closeLine();
    if (command === 'plug' && !before.plugged) {
      try {
        await this.openLine();
      } catch (err) {
        // Still unplugged: the state must not claim a line that is not there.
        this.current = before;
        throw err;
      }
    }
    this.emit('state', this.state);
    this.release();
    return this.state;
  }

  /** Closes everything (the line, the server, socat); safe twice. */
  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    await this.closeLine();
  }

  private async openLine(): Promise<void> {
    const e = this.options.endpoint;
    if ('tcpPort' in e) {
      // Back on the port it had (a port 0 start got a free one): the app's config names that port.
      await this.listen(this.boundPort ?? e.tcpPort, e.host);
      return;
    }
    if (this.pty) await this.pty.start();
    await this.openSerial(this.pty ? this.pty.printerPath : (e as { path: string }).path);
  }

  private async openSerial(path: string): Promise<void> {
    const { SerialPort } = await import('serialport');
    const port = new SerialPort({ path, baudRate: 115200, autoOpen: false });
    await new Promise<void>((resolve, reject) => port.open((err) => (err ? reject(new Error(`无法打开串口 ${path}：${err.message}`)) : resolve())));
    const feed = this.newFeed((bytes) => {
      if (port.isOpen) port.write(Buffer.from(bytes));
    });
    this.serial = port;
    this.serialFeed = feed;
    port.on('data', (chunk: Buffer) => this.receive(feed, chunk));
    port.on('error', () => undefined);
    port.on('close', () => {
      if (this.serial === port) {
        this.serial = null;
        this.endFeed(feed);
        this.serialFeed = null;
        this.emit('line', 'closed');
      }
    });
    this.emit('line', 'open');
  }

  private async listen(port: number, host = '127.0.0.1'): Promise<void> {
    const server = net.createServer((socket) => {
      if (!this.current.plugged) {
        socket.destroy();
        return;
      }
      this.sockets.add(socket);
      const feed = this.newFeed((bytes) => {
        if (!socket.destroyed) socket.write(Buffer.from(bytes));
      });
      socket.on('data', (chunk) => this.receive(feed, chunk));
      socket.on('error', () => undefined);
      socket.on('close', () => {
        this.sockets.delete(socket);
        this.endFeed(feed);
      });
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', (err) => reject(new Error(`无法监听 TCP 端口 ${port}：${err.message}`)));
      server.listen(port, host, () => resolve());
    });
    this.server = server;
    const address = server.address();
    this.boundPort = typeof address === 'object' && address ? address.port : port;
    this.emit('line', 'open');
  }

  private async closeLine(): Promise<void> {
    const serial = this.serial;
    if (serial) {
      this.serial = null;
      if (this.serialFeed) this.endFeed(this.serialFeed);
      this.serialFeed = null;
      if (serial.isOpen) await new Promise<void>((resolve) => serial.close(() => resolve()));
      this.emit('line', 'closed');
    }
    if (this.pty) await this.pty.stop();
    const server = this.server;
    if (server) {
      this.server = null;
      for (const socket of this.sockets) socket.destroy();
      this.sockets.clear();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      this.emit('line', 'closed');
    }
  }

  private newFeed(reply: (bytes: Uint8Array) => void): Feed {
    return { decoder: new EscPosDecoder(this.options.recogniseGlyph ? { recogniseGlyph: this.options.recogniseGlyph } : {}), reply, settleTimer: null };
  }

  private receive(feed: Feed, chunk: Buffer): void {
    this.totalBytes += chunk.length;
    const at = process.hrtime.bigint();
    this.emit('bytes', chunk.length, at);
    this.emit('data', chunk, at);
    this.handle(feed, feed.decoder.push(chunk));
    if (feed.settleTimer) clearTimeout(feed.settleTimer);
    feed.settleTimer = setTimeout(() => {
      feed.settleTimer = null;
      this.handle(feed, feed.decoder.settle());
    }, this.options.settleMs ?? 200);
  }

  private endFeed(feed: Feed): void {
    if (feed.settleTimer) clearTimeout(feed.settleTimer);
    feed.settleTimer = null;
    this.handle(feed, feed.decoder.end());
  }

  private handle(feed: Feed, records: EscPosRecord[]): void {
    for (const record of records) {
      if (record.type === 'statusRequest') this.answer(feed, record);
      else this.held.push(record);
    }
    this.release();
  }

  private answer(feed: Feed, request: StatusRequestRecord): void {
    const state = this.current;
    const byte = request.command === 'DLE EOT' ? realTimeStatus(request.n, state) : transmittedStatus(request.n, state);
    const answer = state.plugged && state.answering ? byte : null;
    this.answered.push({ at: new Date().toISOString(), request, answer });
    this.emit('request', { at: new Date().toISOString(), request, answer });
    if (answer === null) return;
    const send = () => feed.reply(Uint8Array.of(answer));
    if (state.replyDelayMs > 0) setTimeout(send, state.replyDelayMs);
    else send();
  }

  /** Prints what is held, in order, while the printer can. */
  private release(): void {
    if (!canPrint(this.current)) return;
    while (this.held.length > 0) {
      const record = this.held.shift() as EscPosRecord;
      const printed: PrintedRecord = { seq: ++this.seq, at: new Date().toISOString(), record };
      this.printed.push(printed);
      this.emit('record', printed);
    }
  }
}
