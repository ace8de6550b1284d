import type { DeviceFault, RatingDeviceFlags } from '../../../contract/ratings';
import { encodeV1Frame, type V1Frame } from '../protocol/v1-frame';
import {
  decodeArmRequest,
  decodePollRequest,
  decodeSetTimeRequest,
  identReply,
  nak,
  pollReply,
  V1_CMD,
  V1_CODE_OF_FAULT,
  v1ReplyCmd,
  type V1DeviceEvent,
  type V1NakReason,
} from '../protocol/v1-messages';
import type { V1DeviceState, V1StoredEvent } from './emulator-state';

/** protocols/rating-device.md, host rule 4: the device disarms when not polled for this long (ms). */
export const V1_WATCHDOG_MS = 10_000;

/** The flag each fault raises (and, while raised, keeps the device from taking coins or ARM). */
type FaultFlag = Exclude<keyof RatingDeviceFlags, 'armed'>;
const FLAG_OF_FAULT: { readonly [F in DeviceFault]: FaultFlag } = {
  coin_jam: 'coinJam',
  box_full: 'boxFull',
  cover_opened: 'coverOpen',
  sensor_fault: 'sensorFault',
};

/** Something the device did, in words for the emulator's screen (Chinese) and a kind for tests. */
export interface DeviceNote {
  kind: 'request' | 'repeat' | 'nak' | 'coin' | 'refused' | 'fault' | 'cleared' | 'acked' | 'armed' | 'disarmed' | 'time' | 'ignored';
  text: string;
}

/** The result of one request: the reply bytes to send (null: none), and what happened. */
export interface V1Exchange {
  reply: Buffer | null;
  notes: DeviceNote[];
}

/** What a coin did. */
export type CoinResult = { ok: true; event: V1DeviceEvent; notes: DeviceNote[] } | { ok: false; notes: DeviceNote[] };

export interface V1DeviceOptions {
  /** ADDR this device answers to (1 on a point-to-point link). */
  address: number;
  /** Level (1..5) of each slot, slot index order (1..5 slots, as IDENT reports). */
  slots: readonly number[];
  /** `major.minor` (IDENT), default 1.2. */
  firmware?: string;
  /** The non-volatile state (serial, next event id, events); mutated in place, saved through `save`. */
  state: V1DeviceState;
  /** Called after every change of `state`, BEFORE the reply that shows it is sent. */
  save?: (state: V1DeviceState) => void;
}

const SLOT_NAMES: { readonly [level: number]: string } = { 5: '非常满意', 4: '满意', 3: '基本满意', 2: '不满意', 1: '非常不满意' };

/**
 * The device side of protocols/rating-device.md v1, as a pure state machine (times are given in
 * ms since the epoch; nothing here does I/O): it answers IDENT/POLL/ARM/DISARM/SET_TIME, keeps
 * every event until a POLL acknowledges it, repeats its last reply (without repeating the action)
 * for a request with the previous request's SEQ, gives strictly increasing event ids from its
 * non-volatile state, disarms after one coin, after timeout_s, and after 10 s without the host,
 * reports faults as FAULT events and status bits, and NAKs what it cannot honour:
 * 1 unknown command, 2 bad length (a payload not of the command's size), 3 wrong state (ARM with
 * session_id 0 or timeout_s 0, or while a coin jam, full box or sensor fault keeps coins from
 * being counted). Frames for another ADDR, and reply frames (CMD ≥ 0x80), get no answer.
 */
export class V1Device {
  private armedSession: { sessionId: number; until: number } | null = null;
  private readonly faults: Record<FaultFlag, boolean> = { boxFull: false, coinJam: false, coverOpen: false, sensorFault: false };
  private last: { seq: number; reply: Buffer } | null = null;
  private lastContactAt: number | null = null;
  /** Device clock − host clock (ms), set by SET_TIME. */
  private clockOffsetMs = 0;

  constructor(private readonly options: V1DeviceOptions) {
    if (options.slots.length < 1 || options.slots.length > 5 || options.slots.some((l) => !Number.isInteger(l) || l < 1 || l > 5)) {
      throw new Error(`投币口应为 1–5 个，每个等级 1–5，而不是 ${options.slots.join(',')}`);
    }
  }

  get serial(): string {
    return this.options.state.serial;
  }

  get address(): number {
    return this.options.address;
  }

  get slots(): readonly number[] {
    return this.options.slots;
  }

  /** The status bits now (after applying time-outs up to `nowMs`). */
  flags(nowMs: number): RatingDeviceFlags {
    this.tick(nowMs);
    return { armed: this.armedSession !== null, ...this.faults };
  }

  /** The armed session (until: ms since epoch), or null. */
  armed(nowMs: number): { sessionId: number; until: number } | null {
    this.tick(nowMs);
    return this.armedSession ? { ...this.armedSession } : null;
  }

  /** Events the host has not acknowledged, oldest first. */
  unacknowledged(): V1DeviceEvent[] {
    return this.options.state.events.filter((e) => e.ackedAt === null).map((e) => ({ ...e.event }));
  }

  /** Every event the device made, oldest first, with when it was acknowledged. */
  events(): V1StoredEvent[] {
    return this.options.state.events.map((e) => ({ event: { ...e.event }, at: e.at, ackedAt: e.ackedAt }));
  }

  /** The device clock now, unix seconds. */
  deviceTime(nowMs: number): number {
    return Math.max(0, Math.floor((nowMs + this.clockOffsetMs) / 1000)) >>> 0;
  }

  /**
   * Applies the time-outs: an armed session ends at its timeout_s, and when the host has not been
   * heard for 10 s (rule 4; any well-formed request addressed to the device counts, so a host that
   * reconnects with IDENT, SET_TIME, ARM before its first POLL is not disarmed on the spot).
   */
  tick(nowMs: number): DeviceNote[] {
    if (!this.armedSession) return [];
    if (nowMs >= this.armedSession.until) {
      this.armedSession = null;
      return [{ kind: 'disarmed', text: '评价超时，已退出评价状态' }];
    }
    if (this.lastContactAt === null || nowMs - this.lastContactAt >= V1_WATCHDOG_MS) {
      this.armedSession = null;
      return [{ kind: 'disarmed', text: '10 秒未收到主机轮询，已退出评价状态（暂停评价）' }];
    }
    return [];
  }

  /** Handles one frame from the host; returns the reply bytes (null: not for this device). */
  receive(frame: V1Frame, nowMs: number): V1Exchange {
    const notes = this.tick(nowMs);
    if (frame.addr !== this.options.address) return { reply: null, notes: [...notes, { kind: 'ignored', text: `地址 ${frame.addr} 不是本机（${this.options.address}），不应答` }] };
    if (frame.cmd & 0x80) return { reply: null, notes: [...notes, { kind: 'ignored', text: `收到应答帧 ${hex(frame.cmd)}，不是请求，不应答` }] };
    if (this.last && this.last.seq === frame.seq) {
      this.lastContactAt = nowMs;
      return { reply: this.last.reply, notes: [...notes, { kind: 'repeat', text: `重复的 SEQ ${frame.seq}：重发上次应答，不重复动作` }] };
    }
    const { cmd, payload, done } = this.act(frame, nowMs);
    const reply = encodeV1Frame({ addr: this.options.address, seq: frame.seq, cmd, payload });
    this.last = { seq: frame.seq, reply };
    return { reply, notes: [...notes, ...done] };
  }

  /**
   * A coin into slot `slotIndex` (0-based): a RATING event (session = the armed one, else 0), and
   * the device disarms (one coin, one rating). Refused while a coin jam, full box or sensor fault
   * keeps the coin from being counted.
   */
  coin(slotIndex: number, nowMs: number): CoinResult {
    const notes = this.tick(nowMs);
    const level = this.options.slots[slotIndex];
    if (level === undefined) return { ok: false, notes: [...notes, { kind: 'refused', text: `没有第 ${slotIndex + 1} 个投币口（共 ${this.options.slots.length} 个）` }] };
    const blocking = this.blockingFault();
    if (blocking) return { ok: false, notes: [...notes, { kind: 'refused', text: `${blocking}，硬币未计入` }] };
    const sessionId = this.armedSession?.sessionId ?? 0;
    const event = this.record({ kind: 'rating', sessionId, level, slot: slotIndex }, nowMs);
    const words = `投币：第 ${slotIndex + 1} 口「${SLOT_NAMES[level] ?? level}」，事件 ${event.eventId}，${sessionId ? `会话 ${sessionId}` : '未在评价状态（会话 0）'}`;
    notes.push({ kind: 'coin', text: words });
    if (this.armedSession) {
      this.armedSession = null;
      notes.push({ kind: 'disarmed', text: '一次一评：已投币，退出评价状态' });
    }
    return { ok: true, event, notes };
  }

  /** A fault happens: its status bit rises and, if it was not already up, a FAULT event is queued. */
  fault(fault: DeviceFault, nowMs: number): DeviceNote[] {
    const notes = this.tick(nowMs);
    const flag = FLAG_OF_FAULT[fault];
    if (this.faults[flag]) return [...notes, { kind: 'fault', text: `故障「${FAULT_WORDS[fault]}」已在，不再报告` }];
    this.faults[flag] = true;
    const event = this.record({ kind: 'fault', sessionId: 0, level: V1_CODE_OF_FAULT[fault], slot: 0 }, nowMs);
    return [...notes, { kind: 'fault', text: `故障：${FAULT_WORDS[fault]}（事件 ${event.eventId}）` }];
  }

  /** Every fault cleared (the status bits fall; no event, as the protocol has none for it). */
  clearFaults(): DeviceNote[] {
    for (const key of Object.keys(this.faults) as FaultFlag[]) this.faults[key] = false;
    return [{ kind: 'cleared', text: '故障已全部排除' }];
  }

  private blockingFault(): string | null {
    if (this.faults.coinJam) return '投币口卡币';
    if (this.faults.boxFull) return '币箱已满';
    if (this.faults.sensorFault) return '传感器故障';
    return null;
  }

  private record(fields: Omit<V1DeviceEvent, 'eventId' | 'deviceTime'>, nowMs: number): V1DeviceEvent {
    const state = this.options.state;
    const event: V1DeviceEvent = { eventId: state.nextEventId, deviceTime: this.deviceTime(nowMs), ...fields };
    state.nextEventId += 1;
    state.events.push({ event, at: nowMs, ackedAt: null });
    this.options.save?.(state);
    return event;
  }

  private act(frame: V1Frame, nowMs: number): { cmd: number; payload: Uint8Array; done: DeviceNote[] } {
    const refuse = (reason: V1NakReason, why: string) => ({ cmd: V1_CMD.NAK, payload: nak(reason), done: [{ kind: 'nak' as const, text: `NAK（${NAK_WORDS[reason]}）：${why}` }] });
    const length = (n: number) => frame.payload.length !== n;
    switch (frame.cmd) {
      case V1_CMD.IDENT: {
        if (length(0)) return refuse('bad_length', 'IDENT 不带数据');
        this.lastContactAt = nowMs;
        const payload = identReply({ serial: this.serial, firmware: this.options.firmware ?? '1.2', slots: [...this.options.slots] });
        return { cmd: v1ReplyCmd(frame.cmd), payload, done: [{ kind: 'request', text: `IDENT：序列号 ${this.serial}` }] };
      }
      case V1_CMD.POLL: {
        if (length(4)) return refuse('bad_length', 'POLL 应带 4 字节');
        this.lastContactAt = nowMs;
        const done: DeviceNote[] = [];
        const ack = decodePollRequest(frame.payload);
        // Only the exact event acknowledged leaves the queue: a wrong or stale id loses nothing.
        const acked = ack === 0 ? undefined : this.options.state.events.find((e) => e.event.eventId === ack && e.ackedAt === null);
        if (acked) {
          acked.ackedAt = nowMs;
          this.options.save?.(this.options.state);
          done.push({ kind: 'acked', text: `主机已确认事件 ${ack}` });
        }
        const queue = this.options.state.events.filter((e) => e.ackedAt === null);
        const payload = pollReply({ flags: { armed: this.armedSession !== null, ...this.faults }, queued: queue.length, event: queue[0]?.event ?? null });
        return { cmd: v1ReplyCmd(frame.cmd), payload, done };
      }
      case V1_CMD.ARM: {
        if (length(6)) return refuse('bad_length', 'ARM 应带 6 字节');
        this.lastContactAt = nowMs;
        const { sessionId, timeoutS } = decodeArmRequest(frame.payload);
        if (sessionId === 0) return refuse('wrong_state', '会话号不能为 0');
        if (timeoutS === 0) return refuse('wrong_state', '超时不能为 0 秒');
        const blocking = this.blockingFault();
        if (blocking) return refuse('wrong_state', `${blocking}，不能进入评价状态`);
        this.armedSession = { sessionId, until: nowMs + timeoutS * 1000 };
        return { cmd: v1ReplyCmd(frame.cmd), payload: new Uint8Array(0), done: [{ kind: 'armed', text: `请评价：会话 ${sessionId}，${timeoutS} 秒` }] };
      }
      case V1_CMD.DISARM: {
        if (length(0)) return refuse('bad_length', 'DISARM 不带数据');
        this.lastContactAt = nowMs;
        const was = this.armedSession;
        this.armedSession = null;
        return { cmd: v1ReplyCmd(frame.cmd), payload: new Uint8Array(0), done: [{ kind: 'disarmed', text: was ? `主机取消评价（会话 ${was.sessionId}）` : '主机取消评价（本未在评价状态）' }] };
      }
      case V1_CMD.SET_TIME: {
        if (length(4)) return refuse('bad_length', 'SET_TIME 应带 4 字节');
        this.lastContactAt = nowMs;
        const unix = decodeSetTimeRequest(frame.payload);
        this.clockOffsetMs = unix * 1000 - nowMs;
        return { cmd: v1ReplyCmd(frame.cmd), payload: new Uint8Array(0), done: [{ kind: 'time', text: `校时：${new Date(unix * 1000).toISOString()}` }] };
      }
      default:
        return refuse('unknown_command', `未知命令 ${hex(frame.cmd)}`);
    }
  }
}

const NAK_WORDS: { readonly [R in V1NakReason]: string } = { unknown_command: '未知命令', bad_length: '长度不对', wrong_state: '状态不允许' };

/** Fault words as the emulator prints them. */
export const FAULT_WORDS: { readonly [F in DeviceFault]: string } = {
  coin_jam: '投币口卡币',
  box_full: '币箱已满',
  cover_opened: '机盖被打开',
  sensor_fault: '传感器故障',
};

function hex(byte: number): string {
  return `0x${byte.toString(16).padStart(2, '0').toUpperCase()}`;
}

/** A fresh non-volatile state for a device with this serial (event ids start at 1). */
export function newV1DeviceState(serial: string): V1DeviceState {
  return { protocol: 'v1', serial, nextEventId: 1, events: [] };
}
