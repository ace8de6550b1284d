import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import type { SerialPort } from 'serialport';
import type { DeviceFaultEvent, DeviceVote, KeypadPress, RatingDeviceSink } from '../../../electron/core/ratings/device/rating-driver';
import type { ListedPort } from '../../../electron/core/ratings/device/port-finder';
import { startPtyPair, type PtyPair } from '../../support/socat';
import { V1Device, newV1DeviceState } from '../../../electron/core/ratings/emulator/v1-device';
import { V1FrameParser, type V1Frame } from '../../../electron/core/ratings/protocol/v1-frame';

/**
 * What the driver tests (driver-*.test.ts) stand on: a pty pair that can be pulled out and plugged
 * back (under the same name or another), the device end's serial port, and a sink backed by a real
 * SQLite file with the unique key the real ratings module has (helper C's module is not used here:
 * these tests prove the drivers, not the attribution).
 */

/** The app's end of a pty pair that comes and goes as a USB adapter does; `list()` fakes SerialPort.list(). */
export class PluggableLine {
  private pair: PtyPair | null = null;
  private plugs = 0;
  /** The path the app opens now (the pty's link), or the last one when unplugged. */
  appPath = '';
  /** The device end's path now. */
  devicePath = '';

  constructor(
    private readonly dir: string,
    readonly usb = { vendorId: '1a86', productId: '7523', serialNumber: 'RATING-TEST-1' },
  ) {}

  /**
   * Plugs in: a new pty pair, under the usual name (`dev0`) or, with `newName`, a fresh one (as
   * ttyUSB0 coming back as ttyUSB1). @returns the app's path.
   */
  async plug(newName = false): Promise<string> {
    if (this.pair) throw new Error('already plugged in');
    this.plugs++;
    const sub = path.join(this.dir, newName ? `dev${this.plugs}` : 'dev0');
    fs.mkdirSync(sub, { recursive: true });
    this.pair = await startPtyPair(sub);
    this.appPath = this.pair.a;
    this.devicePath = this.pair.b;
    return this.appPath;
  }

  /** Pulls it out: socat ends, both pty links disappear, the app's handle hears a hang-up or nothing. */
  async unplug(): Promise<void> {
    const pair = this.pair;
    this.pair = null;
    await pair?.stop();
    for (const stale of this.stale.splice(0)) await stale.stop();
    if (this.swappedLink !== null) fs.rmSync(this.swappedLink, { force: true });
    this.swappedLink = null;
  }

  /** The app link replugFast() re-pointed by hand (socat does not remove it on exit). */
  private swappedLink: string | null = null;
  /** Old pairs replugFast() left running ('silent'), stopped at unplug(). */
  private readonly stale: PtyPair[] = [];

  /**
   * Unplugged and plugged in again faster than any presence check: a NEW pty pair is started first,
   * then the app's link is re-pointed at once at the new pty — as udev re-points a by-id link, or
   * ttyUSB0 comes back as a new node under its name. The app's path stays the same; the node
   * behind it is another. `old`: 'hung-up' stops the old pair first (its links vanish, the app's
   * handle is hung up — whether serialport reports that is a race); 'silent' leaves it running with
   * nobody at its far end (the app's old handle stays open and hears nothing, every time: a dead
   * handle that reports nothing). @returns the ms the path was missing (a few ms; 0 when 'silent').
   */
  async replugFast(old: 'hung-up' | 'silent' = 'hung-up'): Promise<number> {
    const pair = this.pair;
    if (!pair) throw new Error('not plugged in');
    const link = this.appPath;
    this.plugs++;
    const sub = path.join(this.dir, `fast${this.plugs}`);
    fs.mkdirSync(sub, { recursive: true });
    const next = await startPtyPair(sub);
    const target = fs.realpathSync(next.a);
    const from = performance.now();
    if (old === 'hung-up') await pair.stop();
    else this.stale.push(pair);
    // Replaced in one rename, so the path never misses when the old pair is left running.
    const temp = `${link}.new`;
    fs.rmSync(temp, { force: true });
    fs.symlinkSync(target, temp);
    fs.renameSync(temp, link);
    const missingMs = old === 'hung-up' ? performance.now() - from : 0;
    this.swappedLink = link;
    this.pair = next;
    this.devicePath = next.b;
    return missingMs;
  }

  get plugged(): boolean {
    return this.pair !== null;
  }

  /** SerialPort.list() as the OS would give it: the adapter's path while plugged in. */
  readonly list = async (): Promise<ListedPort[]> =>
    this.pair ? [{ path: this.appPath, ...this.usb }, { path: '/dev/ttyS0', vendorId: null, productId: null, serialNumber: null }] : [{ path: '/dev/ttyS0' }];
}

/** The device end's serial port (the virtual device's side), reopened at each plug. */
export class DeviceEnd {
  private port: SerialPort | null = null;

  constructor(private readonly onBytes: (chunk: Buffer) => void) {}

  async open(devicePath: string): Promise<void> {
    const { SerialPort: Port } = await import('serialport');
    const port = new Port({ path: devicePath, baudRate: 9600, autoOpen: false });
    await new Promise<void>((resolve, reject) => port.open((err) => (err ? reject(err) : resolve())));
    port.on('data', (chunk: Buffer) => this.onBytes(chunk));
    port.on('error', () => undefined);
    this.port = port;
  }

  /** Writes bytes in the given pieces (the tests split frames at random to prove any split is taken). */
  write(pieces: Buffer[]): void {
    const port = this.port;
    if (!port?.isOpen) return;
    for (const piece of pieces) port.write(piece);
  }

  async close(): Promise<void> {
    const port = this.port;
    this.port = null;
    if (port?.isOpen) await new Promise<void>((resolve) => port.close(() => resolve()));
  }
}

/**
 * A RatingDeviceSink over a real SQLite file: `votes` and `faults` with UNIQUE keys, INSERT OR
 * IGNORE (a repeat key is a no-op, as the real module's). `failEvery`: a function saying, per call,
 * whether this commit fails (throws before writing) — the driver must then not acknowledge.
 */
export class SqliteSink implements RatingDeviceSink {
  readonly db: Database.Database;
  commitCalls = 0;
  failures = 0;
  readonly presses: KeypadPress[] = [];

  constructor(
    file: string,
    private readonly fail: () => boolean = () => false,
  ) {
    this.db = new Database(file);
    this.db.pragma('journal_mode = WAL');
    this.db.exec(`
      CREATE TABLE IF NOT EXISTS votes (vote_key TEXT NOT NULL UNIQUE, satisfaction TEXT NOT NULL, event_id INTEGER, session_id INTEGER, slot INTEGER, received_at TEXT NOT NULL, address INTEGER, protocol TEXT);
      CREATE TABLE IF NOT EXISTS faults (fault_key TEXT NOT NULL UNIQUE, fault TEXT NOT NULL);
    `);
  }

  commitVote(vote: DeviceVote): void {
    this.commitCalls++;
    if (this.fail()) {
      this.failures++;
      throw new Error('disk I/O error (test)');
    }
    this.db
      .prepare('INSERT OR IGNORE INTO votes (vote_key, satisfaction, event_id, session_id, slot, received_at, address, protocol) VALUES (?, ?, ?, ?, ?, ?, ?, ?)')
      .run(vote.key, vote.satisfaction, vote.deviceEventId, vote.deviceSessionId, vote.slot, vote.receivedAt, vote.address, vote.protocol);
  }

  /** As the real sink's (vote-sink.ts): the last bus vote of (address, score) among the latest 20. */
  lastBusVoteAt(address: number, score: number): string | null {
    const row = this.db
      .prepare(
        `SELECT received_at FROM (SELECT rowid AS r, protocol, address, slot, received_at FROM votes ORDER BY rowid DESC LIMIT 20)
          WHERE protocol = 'legacy-bus' AND address = ? AND slot = ? ORDER BY r DESC LIMIT 1`,
      )
      .pluck()
      .get(address, score) as string | undefined;
    return row ?? null;
  }

  commitFault(fault: DeviceFaultEvent): void {
    this.db.prepare('INSERT OR IGNORE INTO faults (fault_key, fault) VALUES (?, ?)').run(fault.key, fault.fault);
  }

  keypad(press: KeypadPress): void {
    this.presses.push(press);
  }

  votes(): Array<{ vote_key: string; satisfaction: string; event_id: number | null; session_id: number | null; slot: number | null }> {
    return this.db.prepare('SELECT vote_key, satisfaction, event_id, session_id, slot FROM votes ORDER BY rowid').all() as Array<{
      vote_key: string;
      satisfaction: string;
      event_id: number | null;
      session_id: number | null;
      slot: number | null;
    }>;
  }

  close(): void {
    this.db.close();
  }
}

/** Splits `bytes` into 1–3 pieces at random places (bytes one at a time, or frames in one chunk). */
export function randomPieces(bytes: Buffer, random: () => number): Buffer[] {
  if (bytes.length < 2 || random() < 0.5) return [bytes];
  const cut = 1 + Math.floor(random() * (bytes.length - 1));
  return [bytes.subarray(0, cut), bytes.subarray(cut)];
}

/** Random garbage, 1–8 bytes, sometimes with a false start of frame (AA 55 / 68) inside. */
export function garbage(random: () => number): Buffer {
  const n = 1 + Math.floor(random() * 8);
  const out = Buffer.alloc(n);
  for (let i = 0; i < n; i++) out[i] = Math.floor(random() * 256);
  if (n >= 2 && random() < 0.3) out.set([0xaa, 0x55], 0);
  return out;
}

/** Polls `check` every 10 ms until it returns truthy. @throws Error(`what`) after timeoutMs. */
export async function until<T>(what: string, check: () => T | null | undefined | false, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for: ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

/**
 * The v1 device side: W's pure v1 device behind the device end of the pty, with replies withheld
 * and garbage at the given rates. `silent` withholds every reply; `answer`, when set, may replace a
 * reply (a NAK …) or hold it back (null), per request.
 */
export function v1DeviceSide(random: () => number, rates: { withhold: number; garbage: number }) {
  const state = newV1DeviceState('RD-TEST-0001');
  const side = {
    device: new V1Device({ address: 1, slots: [5, 4, 3, 2, 1], state }),
    state,
    withheld: 0,
    replies: 0,
    silent: false,
    answer: null as ((request: V1Frame, reply: Buffer) => Buffer | null) | null,
    parser: new V1FrameParser(),
    end: null as unknown as DeviceEnd,
    /** A power cycle: the non-volatile state stays, the armed session and the last reply are gone. */
    powerCycle() {
      side.device = new V1Device({ address: 1, slots: [5, 4, 3, 2, 1], state });
    },
  };
  side.end = new DeviceEnd((chunk) => {
    for (const frame of side.parser.push(chunk, Date.now())) {
      const { reply: made } = side.device.receive(frame, Date.now());
      const reply = made && side.answer ? side.answer(frame, made) : made;
      if (!reply) continue;
      if (side.silent || random() < rates.withhold) {
        side.withheld++;
        continue;
      }
      side.replies++;
      side.end.write([...(random() < rates.garbage ? [garbage(random)] : []), ...randomPieces(reply, random)]);
    }
  });
  return side;
}
