import { BUS_FUNC, BUS_KEY, encodeBusFrame, type BusFrame } from '../protocol/legacy-bus-frame';
import type { LegacyDeviceState, LegacyVote } from './emulator-state';
import type { DeviceNote } from './v1-device';

/** How often an unacknowledged vote or key frame is pushed again (ms). */
export const LEGACY_RESEND_MS = 500;

export interface LegacyEvaluatorOptions {
  /** Bus address of the window's devices. */
  address: number;
  /** The score byte each slot (key) sends, slot index order, e.g. [5,4,3,2,1]. */
  scores: readonly number[];
  /** Un-acknowledged votes and the vote counter; mutated in place, saved through `save`. */
  state: LegacyDeviceState;
  save?: (state: LegacyDeviceState) => void;
}

/**
 * The satisfaction evaluator of protocols/legacy-hall-bus.md as a pure state machine: a coin (key)
 * pushes a vote frame `FUNC 11, DATA score`, and the evaluator pushes it again every 500 ms until
 * the host answers `FUNC 01` with the same score; votes go one at a time, oldest first, and
 * survive the emulator's restart (its state file). `FUNC 01 0B…` (start an evaluation) lights
 * 请评价; `FUNC 02…` shows the result. There is no session and no event id on this bus.
 */
export class LegacyEvaluator {
  private prompting = false;

  constructor(private readonly options: LegacyEvaluatorOptions) {
    if (options.scores.length < 1 || options.scores.some((s) => !Number.isInteger(s) || s < 0 || s > 255)) {
      throw new Error(`评价键的分值应为 0–255 的整数，而不是 ${options.scores.join(',')}`);
    }
  }

  /** Whether the host asked for an evaluation (`01 0B`) and no vote came since. */
  get promptShown(): boolean {
    return this.prompting;
  }

  /** Votes the host has not acknowledged, oldest first. */
  unacknowledged(): LegacyVote[] {
    return this.options.state.votes.filter((v) => v.ackedAt === null).map((v) => ({ ...v }));
  }

  /** Every vote, oldest first. */
  votes(): LegacyVote[] {
    return this.options.state.votes.map((v) => ({ ...v }));
  }

  /** A coin / key into slot `slotIndex` (0-based): queues a vote; `due` sends it. */
  coin(slotIndex: number, nowMs: number): { ok: true; vote: LegacyVote; notes: DeviceNote[] } | { ok: false; notes: DeviceNote[] } {
    const score = this.options.scores[slotIndex];
    if (score === undefined) return { ok: false, notes: [{ kind: 'refused', text: `没有第 ${slotIndex + 1} 个评价键（共 ${this.options.scores.length} 个）` }] };
    const state = this.options.state;
    const vote: LegacyVote = { id: state.nextVoteId, score, slot: slotIndex, at: nowMs, sends: 0, ackedAt: null };
    state.nextVoteId += 1;
    state.votes.push(vote);
    this.options.save?.(state);
    this.prompting = false;
    const waiting = this.unacknowledged().length - 1;
    return { ok: true, vote: { ...vote }, notes: [{ kind: 'coin', text: `评价：第 ${slotIndex + 1} 键，分值 ${score}${waiting > 0 ? `（前面还有 ${waiting} 票未确认）` : ''}` }] };
  }

  /**
   * The frame to push now, if any: the oldest unacknowledged vote when it was never sent or its
   * last send is ≥ 500 ms ago (`lastSentAt` is volatile: after a restart every vote is due).
   */
  due(nowMs: number): Buffer | null {
    const head = this.options.state.votes.find((v) => v.ackedAt === null);
    if (!head) return null;
    if (this.lastSent && this.lastSent.id === head.id && nowMs - this.lastSent.at < LEGACY_RESEND_MS) return null;
    this.lastSent = { id: head.id, at: nowMs };
    head.sends += 1;
    // `sends` is diagnostics only; saving it each time would rewrite the file every 500 ms.
    return encodeBusFrame({ addr: this.options.address, func: BUS_FUNC.VOTE, data: Uint8Array.of(head.score) });
  }

  private lastSent: { id: number; at: number } | null = null;

  /** A frame from the host addressed to this address with FUNC 01 / 02; returns what it did. */
  receive(frame: BusFrame, nowMs: number): DeviceNote[] {
    if (frame.func === BUS_FUNC.ACK) {
      const head = this.options.state.votes.find((v) => v.ackedAt === null);
      if (frame.data.length === 1 && head && frame.data[0] === head.score) {
        head.ackedAt = nowMs;
        this.options.save?.(this.options.state);
        this.lastSent = null;
        return [{ kind: 'acked', text: `主机已确认评价（分值 ${head.score}）` }];
      }
      if (frame.data[0] === 0x0b) {
        this.prompting = true;
        return [{ kind: 'armed', text: '主机：请评价' }];
      }
      return [{ kind: 'ignored', text: `确认帧的分值 ${frame.data[0] ?? '无'} 与待确认的评价不符，不算确认` }];
    }
    if (frame.func === BUS_FUNC.SHOW) return [{ kind: 'request', text: '主机：显示评价结果' }];
    return [];
  }
}

/** One key press waiting for the host's echo. */
interface PendingKey {
  frame: Buffer;
  text: string;
  lastSentAt: number | null;
}

/** Key words as printed. */
const KEY_WORDS: { readonly [code: number]: string } = {
  [BUS_KEY.CALL_NEXT]: '呼叫下一位',
  [BUS_KEY.RECALL]: '重呼',
  [BUS_KEY.ASK_RATING]: '请求评价',
  [BUS_KEY.PAUSE]: '暂停',
  [BUS_KEY.TRANSFER]: '转移',
};

/**
 * The caller keypad of protocols/legacy-hall-bus.md: a key pushes a frame `FUNC = key code`, no
 * data (`0C` call next, `0D` recall, `0B` ask for evaluation, `12` pause, `13` transfer); a digit
 * selection pushes `FUNC = digit, DATA = 0F` ("a digit followed by 0F": 0 hang up, 3 call back,
 * 6 give up). The host echoes the frame unchanged; until then the keypad pushes it again every
 * 500 ms, one key at a time. Not persisted: a keypad forgets a key press when switched off.
 */
export class LegacyKeypad {
  private readonly pending: PendingKey[] = [];

  constructor(private readonly address: number) {}

  /** Presses `code`, or selects `digit` (code 0F). */
  press(code: number, digit: number | null): DeviceNote[] {
    const frame =
      digit === null
        ? encodeBusFrame({ addr: this.address, func: code, data: new Uint8Array(0) })
        : encodeBusFrame({ addr: this.address, func: digit, data: Uint8Array.of(BUS_KEY.SELECT) });
    const text = digit === null ? `按键：${KEY_WORDS[code] ?? `0x${code.toString(16)}`}` : `按键：${digit} 然后 0F（选择）`;
    this.pending.push({ frame, text, lastSentAt: null });
    return [{ kind: 'request', text }];
  }

  /** Key frames still waiting for their echo. */
  get waiting(): number {
    return this.pending.length;
  }

  /** The frame to push now, if any (the oldest key, first time or ≥ 500 ms since its last send). */
  due(nowMs: number): Buffer | null {
    const head = this.pending[0];
    if (!head || (head.lastSentAt !== null && nowMs - head.lastSentAt < LEGACY_RESEND_MS)) return null;
    head.lastSentAt = nowMs;
    return head.frame;
  }

  /** True (and the key done) when `bytes` (a whole frame re-encoded) is the echo of the oldest key. */
  receive(frame: BusFrame): DeviceNote[] {
    const head = this.pending[0];
    if (!head || !encodeBusFrame(frame).equals(head.frame)) return [];
    this.pending.shift();
    return [{ kind: 'acked', text: `主机已回应${head.text}` }];
  }
}

/** A window's legacy bus devices on one address: the evaluator and the caller keypad. */
export class LegacyBusDevice {
  readonly evaluator: LegacyEvaluator;
  readonly keypad: LegacyKeypad;

  constructor(readonly options: LegacyEvaluatorOptions) {
    this.evaluator = new LegacyEvaluator(options);
    this.keypad = new LegacyKeypad(options.address);
  }

  get address(): number {
    return this.options.address;
  }

  /** A frame from the host: ignored unless for this address; the echo of a key, or for the evaluator. */
  receive(frame: BusFrame, nowMs: number): DeviceNote[] {
    if (frame.addr !== this.options.address) return [];
    const echoed = this.keypad.receive(frame);
    return echoed.length > 0 ? echoed : this.evaluator.receive(frame, nowMs);
  }

  /** Frames to push now (a vote and/or a key, each at most every 500 ms). */
  due(nowMs: number): Buffer[] {
    return [this.evaluator.due(nowMs), this.keypad.due(nowMs)].filter((f): f is Buffer => f !== null);
  }
}

/** A fresh legacy state (vote ids start at 1). */
export function newLegacyDeviceState(): LegacyDeviceState {
  return { protocol: 'legacy-bus', nextVoteId: 1, votes: [] };
}
