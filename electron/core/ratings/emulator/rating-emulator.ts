import { EventEmitter } from 'node:events';
import path from 'node:path';
import type { SerialPort } from 'serialport';
import type { DeviceFault, RatingDeviceFlags, RatingProtocol } from '../../../contract/ratings';
import { SATISFACTION_LABELS, SATISFACTION_OF_DEVICE_LEVEL, SATISFACTIONS } from '../../../contract/ratings';
import { PtyPair } from '../../printing/emulator/pty-pair';
import { BusFrameParser } from '../protocol/legacy-bus-frame';
import { V1FrameParser } from '../protocol/v1-frame';
import { V1_FAULT_OF_CODE } from '../protocol/v1-messages';
import { EMULATOR_HELP, parseEmulatorCommand, type EmulatorCommand } from './emulator-commands';
import { loadEmulatorState, saveEmulatorState, type EmulatorState, type LegacyDeviceState, type V1DeviceState } from './emulator-state';
import { LegacyBusDevice, newLegacyDeviceState } from './legacy-bus-device';
import { FAULT_WORDS, newV1DeviceState, V1Device, type DeviceNote } from './v1-device';

/**
 * Where the emulated device sits:
 * - `{ path }`: a serial device path (the far end of a pty pair someone else made, or a real port);
 *   `unplug` closes it (the app's side stays, unanswered);
 * - `{ ptyLink }`: its own socat pair: the app opens `ptyLink`, the emulator holds `<ptyLink>.device`;
 *   `unplug` removes the pair (the app's path disappears as with a pulled USB adapter), `plug`
 *   makes it again — under the same link, or a new one given to `plug`.
 */
export type RatingEmulatorEndpoint = { path: string } | { ptyLink: string };

export interface RatingEmulatorOptions {
  endpoint: RatingEmulatorEndpoint;
  protocol: RatingProtocol;
  /** v1 ADDR / bus address (default 1). */
  address?: number;
  /** v1: level of each slot (default 5,4,3,2,1); legacy bus: the score byte each key sends. */
  slots?: readonly number[];
  /** v1 serial (IDENT), used when the state file has none yet (default `EMU-<pid>`). */
  serial?: string;
  /** The non-volatile state file (JSON; atomic writes); null: kept in memory only. */
  stateFile?: string | null;
  /** Seed of the random choices (drop, garbage), for a run that can be made again. */
  seed?: number;
  /** Baud rate the emulator opens its side with (a pty ignores it). Default 9600. */
  baudRate?: number;
}

/** A uniform view of what the device recorded (v1 event or legacy vote). */
export interface EmulatedEvent {
  /** v1 event_id; legacy: the emulator's own vote number (not on the wire). */
  id: number;
  kind: 'rating' | 'fault';
  /** 0-based slot (key) index; 0 for a fault. */
  slot: number;
  /** v1 level 1..5 (RATING); legacy: null. */
  level: number | null;
  /** Legacy score byte; v1: null. */
  score: number | null;
  fault: DeviceFault | null;
  /** v1 session_id (0: not armed); legacy: null. */
  sessionId: number | null;
  /** v1 device_time (unix s); legacy: null. */
  deviceTime: number | null;
  /** When it happened (ms since epoch, the emulator's clock). */
  at: number;
  /** When the host acknowledged it (ms since epoch), or null. */
  ackedAt: number | null;
}

/** The emulator's state as `status` shows it. */
export interface RatingEmulatorSnapshot {
  protocol: RatingProtocol;
  address: number;
  /** v1 serial; legacy: null. */
  serial: string | null;
  slots: number[];
  plugged: boolean;
  muted: boolean;
  dropRate: number;
  /** The path the app opens (`ptyLink` mode), else null. */
  appPath: string | null;
  /** The socat process of the pty pair while it runs (`ptyLink` mode), else null. */
  socatPid: number | null;
  /** v1 status bits; legacy: null. */
  flags: RatingDeviceFlags | null;
  /**
   * v1: the device's clock now (unix seconds, as it would stamp a coin: set by the host's
   * SET_TIME, whole seconds); legacy (no clock on the bus): null.
   */
  deviceClock: number | null;
  /** v1 armed session; legacy: null. */
  armed: { sessionId: number; until: number } | null;
  /** Legacy: the host lit 请评价 (`01 0B`) and no vote came since; v1: null. */
  prompting: boolean | null;
  unacknowledged: number;
  events: number;
  /** Frames received (v1: all well-formed; legacy: for this address), and replies/pushes written. */
  framesIn: number;
  framesOut: number;
  /** Replies withheld by `mute` / `drop`. */
  withheld: number;
  /** Receiver counters: v1 bytes dropped / bad CRC; legacy frames dropped / bad CS. */
  dropped: number;
  badChecks: number;
}

/** mulberry32 — a 5-line seeded PRNG, so a `drop` run can be replayed; not worth a dependency. */
function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** How often time-outs (rule 3 partial frames, disarm, legacy resends) are looked at (ms). */
const TICK_MS = 10;

/**
 * The emulated rating device with its I/O: a thin shell over the pure state machines (V1Device,
 * LegacyBusDevice) that opens a serial path with `serialport`, feeds the receiver, writes replies
 * and pushes, and takes the commands of `npm run emulate:rating` / the tests' virtual device.
 * Emits `note` (DeviceNote) for everything that happens, in Chinese words.
 */
export class RatingEmulator extends EventEmitter<{ note: [DeviceNote]; line: ['open' | 'closed'] }> {
  readonly protocol: RatingProtocol;
  readonly address: number;
  private readonly v1: V1Device | null;
  private readonly legacy: LegacyBusDevice | null;
  private readonly random: () => number;
  private v1Parser = new V1FrameParser();
  private busParser = new BusFrameParser();
  private port: SerialPort | null = null;
  private pty: PtyPair | null;
  private timer: NodeJS.Timeout | null = null;
  private plugged = false;
  private muted = false;
  private dropRate = 0;
  private counts = { framesIn: 0, framesOut: 0, withheld: 0 };
  private stopped = false;

  constructor(private readonly options: RatingEmulatorOptions) {
    super();
    this.protocol = options.protocol;
    this.address = options.address ?? 1;
    this.random = seeded(options.seed ?? Date.now());
    const file = options.stateFile ?? null;
    const loaded = file ? loadEmulatorState(file) : null;
    if (loaded && loaded.protocol !== options.protocol) throw new Error(`状态文件 ${file} 属于 ${loaded.protocol} 协议，不是 ${options.protocol}`);
    const save = file ? (state: EmulatorState) => saveEmulatorState(file, state) : undefined;
    if (options.protocol === 'v1') {
      const state = (loaded as V1DeviceState | null) ?? newV1DeviceState(options.serial ?? `EMU-${process.pid}`);
      if (!loaded) save?.(state);
      this.v1 = new V1Device({ address: this.address, slots: options.slots ?? [5, 4, 3, 2, 1], state, ...(save ? { save } : {}) });
      this.legacy = null;
    } else {
      const state = (loaded as LegacyDeviceState | null) ?? newLegacyDeviceState();
      if (!loaded) save?.(state);
      this.legacy = new LegacyBusDevice({ address: this.address, scores: options.slots ?? [5, 4, 3, 2, 1], state, ...(save ? { save } : {}) });
      this.v1 = null;
    }
    const e = options.endpoint;
    this.pty = 'ptyLink' in e ? new PtyPair(e.ptyLink, `${e.ptyLink}.device`) : null;
  }

  /** The path the app opens (`ptyLink` mode; it may change with `plug <new link>`), else null. */
  get appPath(): string | null {
    return this.pty?.appPath ?? null;
  }

  /** The path the emulator itself opens. */
  get devicePath(): string {
    return this.pty ? this.pty.printerPath : (this.options.endpoint as { path: string }).path;
  }

  /** Opens the line (making the pty pair first) and starts the clock. @throws Error (Chinese) when it cannot. */
  async start(): Promise<void> {
    await this.openLine();
    this.timer = setInterval(() => this.onTick(), TICK_MS);
  }

  /** Closes the line (and socat); the state file keeps what must survive. Safe twice. */
  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.closeLine();
  }

  /** Runs one command line; returns the lines to print (Chinese). `quit` is the caller's to do. */
  async command(line: string): Promise<string[]> {
    const parsed = parseEmulatorCommand(line);
    if (parsed === null) return [];
    if (parsed instanceof Error) return [parsed.message];
    return this.run(parsed);
  }

  /** Runs a parsed command; returns the lines to print. */
  async run(command: EmulatorCommand): Promise<string[]> {
    const now = Date.now();
    switch (command.name) {
      case 'coin': {
        const slot = this.resolveSlot(command.target);
        if (slot instanceof Error) return [slot.message];
        return this.coin(slot, now);
      }
      case 'fault':
        return this.fault(command.fault, now);
      case 'clear':
        if (!this.v1) return ['旧总线评价器没有故障状态'];
        return this.say(this.v1.clearFaults());
      case 'unplug':
        return this.unplug(command.newLink);
      case 'plug':
        return this.plug(command.newLink);
      case 'garbage':
        return [this.garbage(command.count)];
      case 'mute':
        this.muted = true;
        return this.say([{ kind: 'request', text: '已静默：不再应答' }]);
      case 'unmute':
        this.muted = false;
        return this.say([{ kind: 'request', text: '恢复应答' }]);
      case 'drop':
        this.dropRate = command.rate;
        return this.say([{ kind: 'request', text: command.rate > 0 ? `随机丢弃 ${Math.round(command.rate * 100)}% 的应答` : '不再丢弃应答' }]);
      case 'key': {
        if (!this.legacy) return ['v1 评价器没有呼叫器按键（用 --protocol legacy-bus）'];
        const notes = this.say(this.legacy.keypad.press(command.digit === null ? command.code : 0x0f, command.digit));
        this.pushDue(now);
        return notes;
      }
      case 'status':
        return [describeSnapshot(this.snapshot())];
      case 'help':
        return [EMULATOR_HELP];
      case 'quit':
        return ['再见'];
    }
  }

  /** A coin into slot `slotIndex` (0-based). Returns the lines printed. */
  coin(slotIndex: number, nowMs = Date.now()): string[] {
    if (this.v1) return this.say(this.v1.coin(slotIndex, nowMs).notes);
    const legacy = this.legacy as LegacyBusDevice;
    const lines = this.say(legacy.evaluator.coin(slotIndex, nowMs).notes);
    this.pushDue(nowMs);
    return lines;
  }

  /** A fault (v1 only: FAULT event + status bit). */
  fault(fault: DeviceFault, nowMs = Date.now()): string[] {
    if (!this.v1) return [`旧总线评价器不报告故障（${FAULT_WORDS[fault]}）`];
    return this.say(this.v1.fault(fault, nowMs));
  }

  /** Sends `count` random bytes to the host (line noise). */
  garbage(count: number): string {
    const bytes = Buffer.alloc(count);
    for (let i = 0; i < count; i++) bytes[i] = Math.floor(this.random() * 256);
    if (!this.port?.isOpen) return '未插入，干扰字节未发送';
    this.port.write(bytes);
    return `已发送 ${count} 个干扰字节`;
  }

  /** Closes the device's side; with a pty pair the app's path disappears. */
  async unplug(newLink: string | null = null): Promise<string[]> {
    if (newLink !== null) return ['unplug 不带路径；换路径请在 plug 时给出'];
    if (!this.plugged) return ['本已拔出'];
    await this.closeLine();
    return this.say([{ kind: 'request', text: this.pty ? `已拔出：${this.pty.appPath} 已消失` : '已拔出（串口已关闭）' }]);
  }

  /** Opens the device's side again; with a pty pair, under `newLink` when given (a new USB port). */
  async plug(newLink: string | null = null): Promise<string[]> {
    if (this.plugged) return ['本已插入'];
    if (newLink !== null) {
      if (!this.pty) return ['只有 --pty 模式才能换路径'];
      const link = path.resolve(newLink);
      this.pty = new PtyPair(link, `${link}.device`);
    }
    await this.openLine();
    return this.say([{ kind: 'request', text: this.pty ? `已插入：应用请打开 ${this.pty.appPath}` : '已插入（串口已打开）' }]);
  }

  /** Events the host has not acknowledged, oldest first. */
  unacknowledged(): EmulatedEvent[] {
    return this.events().filter((e) => e.ackedAt === null);
  }

  /** Everything the device recorded, oldest first. */
  events(): EmulatedEvent[] {
    if (this.v1) {
      return this.v1.events().map(({ event, at, ackedAt }) => ({
        id: event.eventId,
        kind: event.kind,
        slot: event.slot,
        level: event.kind === 'rating' ? event.level : null,
        score: null,
        fault: event.kind === 'fault' ? (V1_FAULT_OF_CODE[event.level] ?? null) : null,
        sessionId: event.sessionId,
        deviceTime: event.deviceTime,
        at,
        ackedAt,
      }));
    }
    return (this.legacy as LegacyBusDevice).evaluator.votes().map((v) => ({
      id: v.id,
      kind: 'rating' as const,
      slot: v.slot,
      level: null,
      score: v.score,
      fault: null,
      sessionId: null,
      deviceTime: null,
      at: v.at,
      ackedAt: v.ackedAt,
    }));
  }

  /** The state now. */
  snapshot(): RatingEmulatorSnapshot {
    const now = Date.now();
    const events = this.events();
    return {
      protocol: this.protocol,
      address: this.address,
      serial: this.v1?.serial ?? null,
      slots: [...(this.v1 ? this.v1.slots : (this.options.slots ?? [5, 4, 3, 2, 1]))],
      plugged: this.plugged,
      muted: this.muted,
      dropRate: this.dropRate,
      appPath: this.appPath,
      socatPid: this.pty?.pid ?? null,
      flags: this.v1 ? this.v1.flags(now) : null,
      deviceClock: this.v1 ? this.v1.deviceTime(now) : null,
      armed: this.v1 ? this.v1.armed(now) : null,
      prompting: this.legacy ? this.legacy.evaluator.promptShown : null,
      unacknowledged: events.filter((e) => e.ackedAt === null).length,
      events: events.length,
      ...this.counts,
      dropped: this.v1 ? this.v1Parser.dropped : this.busParser.dropped,
      badChecks: this.v1 ? this.v1Parser.badCrc : this.busParser.badChecksum,
    };
  }

  private resolveSlot(target: string): number | Error {
    const slots = this.v1 ? this.v1.slots : (this.options.slots ?? [5, 4, 3, 2, 1]);
    if (/^\d+$/.test(target)) {
      const n = Number(target);
      return n >= 1 && n <= slots.length ? n - 1 : new Error(`投币口应为 1–${slots.length}，而不是 ${target}`);
    }
    // A level name: its v1 level number (5 非常满意 … 1 非常不满意); legacy keys by the same number as score.
    const name = SATISFACTIONS.find((s) => s === target || SATISFACTION_LABELS[s] === target);
    if (!name) return new Error(`不认识“${target}”：请写投币口号，或 非常满意/满意/基本满意/不满意/非常不满意`);
    const level = Number(Object.keys(SATISFACTION_OF_DEVICE_LEVEL).find((k) => SATISFACTION_OF_DEVICE_LEVEL[Number(k)] === name));
    const index = slots.indexOf(level);
    return index >= 0 ? index : new Error(`本机没有「${SATISFACTION_LABELS[name]}」投币口`);
  }

  private say(notes: DeviceNote[]): string[] {
    for (const note of notes) this.emit('note', note);
    return notes.map((n) => n.text);
  }

  private onTick(): void {
    const now = Date.now();
    if (this.v1) {
      this.say(this.v1.tick(now));
      this.handleV1(this.v1Parser.push(new Uint8Array(0), now), now);
    } else {
      this.handleBus(this.busParser.push(new Uint8Array(0), now), now);
      this.pushDue(now);
    }
  }

  private onData(chunk: Buffer): void {
    const now = Date.now();
    if (this.v1) this.handleV1(this.v1Parser.push(chunk, now), now);
    else this.handleBus(this.busParser.push(chunk, now), now);
  }

  private handleV1(frames: ReturnType<V1FrameParser['push']>, now: number): void {
    const device = this.v1 as V1Device;
    for (const frame of frames) {
      this.counts.framesIn++;
      // Muted: deaf as well as dumb, as a device whose line is cut (its action is not done).
      if (this.muted) {
        this.counts.withheld++;
        continue;
      }
      const { reply, notes } = device.receive(frame, now);
      this.say(notes);
      if (!reply) continue;
      // Dropped: the action is done and the reply lost on the way — the host's resend of the same
      // SEQ gets the kept reply (protocols/rating-device.md, Exchange).
      if (this.dropRate > 0 && this.random() < this.dropRate) {
        this.counts.withheld++;
        continue;
      }
      this.write(reply);
    }
  }

  private handleBus(frames: ReturnType<BusFrameParser['push']>, now: number): void {
    const device = this.legacy as LegacyBusDevice;
    for (const frame of frames) {
      if (frame.addr !== this.address) continue;
      this.counts.framesIn++;
      this.say(device.receive(frame, now));
    }
  }

  /** Legacy: pushes what is due (votes, keys), unless muted or dropped. */
  private pushDue(now: number): void {
    if (!this.legacy || !this.port?.isOpen) return;
    for (const frame of this.legacy.due(now)) {
      if (this.muted || (this.dropRate > 0 && this.random() < this.dropRate)) {
        this.counts.withheld++;
        continue;
      }
      this.write(frame);
    }
  }

  private write(bytes: Buffer): void {
    if (!this.port?.isOpen) return;
    this.counts.framesOut++;
    this.port.write(bytes);
  }

  private async openLine(): Promise<void> {
    if (this.pty) await this.pty.start();
    const { SerialPort } = await import('serialport');
    const devicePath = this.devicePath;
    const port = new SerialPort({ path: devicePath, baudRate: this.options.baudRate ?? 9600, autoOpen: false });
    try {
      await new Promise<void>((resolve, reject) => port.open((err) => (err ? reject(new Error(`无法打开串口 ${devicePath}：${err.message}`)) : resolve())));
    } catch (err) {
      if (this.pty) await this.pty.stop();
      throw err;
    }
    this.v1Parser = new V1FrameParser();
    this.busParser = new BusFrameParser();
    this.port = port;
    this.plugged = true;
    port.on('data', (chunk: Buffer) => this.onData(chunk));
    port.on('error', () => undefined);
    port.on('close', () => {
      if (this.port === port) {
        this.port = null;
        this.emit('line', 'closed');
      }
    });
    this.emit('line', 'open');
  }

  private async closeLine(): Promise<void> {
    this.plugged = false;
    const port = this.port;
    this.port = null;
    if (port?.isOpen) await new Promise<void>((resolve) => port.close(() => resolve()));
    if (this.pty) await this.pty.stop();
    this.emit('line', 'closed');
  }
}

/** The snapshot in words (`status`). */
export function describeSnapshot(s: RatingEmulatorSnapshot): string {
  const parts = [
    s.protocol === 'v1' ? `评价器 v1，序列号 ${s.serial}，地址 ${s.address}` : `旧总线评价器，地址 ${s.address}`,
    s.plugged ? (s.appPath ? `已插入（应用打开 ${s.appPath}）` : '已插入') : '已拔出',
    `投币口 ${s.slots.join(',')}`,
  ];
  if (s.deviceClock !== null) parts.push(`时钟 ${new Date(s.deviceClock * 1000).toISOString().replace('T', ' ').slice(0, 19)} UTC`);
  if (s.muted) parts.push('静默中');
  if (s.dropRate > 0) parts.push(`丢弃 ${Math.round(s.dropRate * 100)}% 应答`);
  if (s.armed) parts.push(`评价中（会话 ${s.armed.sessionId}，剩 ${Math.max(0, Math.round((s.armed.until - Date.now()) / 1000))} 秒）`);
  else if (s.protocol === 'v1') parts.push('未在评价状态');
  if (s.prompting) parts.push('显示“请评价”');
  if (s.flags) {
    const faults = (['coinJam', 'boxFull', 'coverOpen', 'sensorFault'] as const).filter((f) => s.flags?.[f]);
    const words = { coinJam: '卡币', boxFull: '币箱满', coverOpen: '机盖开', sensorFault: '传感器故障' };
    parts.push(faults.length ? `故障：${faults.map((f) => words[f]).join('、')}` : '无故障');
  }
  parts.push(`未确认 ${s.unacknowledged} / 共 ${s.events} 条`);
  parts.push(`收 ${s.framesIn} 帧，发 ${s.framesOut} 帧，扣下 ${s.withheld}，丢弃字节/帧 ${s.dropped}，校验错 ${s.badChecks}`);
  return parts.join('；');
}
