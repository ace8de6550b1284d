import { ProtocolError } from './protocol-error';

export { ProtocolError };

/** Bytes of the legacy hall bus frame (protocols/legacy-hall-bus.md, Frame). */
export const BUS_PREAMBLE = 0xff;
export const BUS_START = 0x68;
export const BUS_END = 0x16;
/** LEN counts ADDR + FUNC + DATA, one byte: at most 253 data bytes. */
export const BUS_MAX_DATA = 253;
/** A partial frame with no byte for this long (ms) is given up (when push is given the time). */
export const BUS_PARTIAL_TIMEOUT_MS = 50;

/** Functions seen on the bus (protocols/legacy-hall-bus.md, Functions seen). */
export const BUS_FUNC = {
  /** evaluator → host: a vote, DATA = score byte. */
  VOTE: 0x11,
  /** host → evaluator: acknowledgement, DATA = the same score; also the `01 0B` start prefix. */
  ACK: 0x01,
  /** host → evaluator: show the result (`02 05` prefix). */
  SHOW: 0x02,
} as const;

/** Caller keypad key codes (FUNC of a keypad frame; the host echoes the frame unchanged). */
export const BUS_KEY = { CALL_NEXT: 0x0c, RECALL: 0x0d, ASK_RATING: 0x0b, PAUSE: 0x12, TRANSFER: 0x13, SELECT: 0x0f } as const;

/** One legacy hall bus frame. */
export interface BusFrame {
  addr: number;
  func: number;
  data: Uint8Array;
}

/** CS = (ADDR + FUNC + every DATA byte) mod 256. */
export function busChecksum(addr: number, func: number, data: Uint8Array): number {
  let sum = addr + func;
  for (const b of data) sum += b;
  return sum & 0xff;
}

/**
 * `FF 68 LEN LEN 68 ADDR FUNC DATA… CS 16` with LEN = 2 + data length.
 * @throws ProtocolError when addr/func are not bytes or data is longer than 253 bytes.
 */
export function encodeBusFrame(f: BusFrame): Buffer {
  for (const [name, value] of [['ADDR', f.addr], ['FUNC', f.func]] as const) {
    if (!Number.isInteger(value) || value < 0 || value > 0xff) throw new ProtocolError(`${name} must be a byte 0..255, got ${value}`);
  }
  if (f.data.length > BUS_MAX_DATA) throw new ProtocolError(`DATA of ${f.data.length} bytes exceeds ${BUS_MAX_DATA}`);
  const len = 2 + f.data.length;
  const out = Buffer.alloc(len + 7);
  out.set([BUS_PREAMBLE, BUS_START, len, len, BUS_START, f.addr, f.func], 0);
  out.set(f.data, 7);
  out[7 + f.data.length] = busChecksum(f.addr, f.func, f.data);
  out[8 + f.data.length] = BUS_END;
  return out;
}

/**
 * The legacy bus receiver (protocols/legacy-hall-bus.md): hunts `68 LEN LEN 68` (the `FF`
 * preamble is not required), checks both LENs equal and ≥ 2, the end byte `16` and CS; on any
 * failure drops ONE byte and hunts again. Noise is skipped silently (preambles, bytes before a
 * `68`, a `68` not followed by `_ _ 68`); `dropped` counts the frames rejected — those that showed
 * `68 _ _ 68` and then failed (LENs differ, LEN < 2, end byte, CS, or went stale) —, `badChecksum`
 * those among them whose only fault was CS.
 *
 * The bus document sets no time-out; when `push` is given `nowMs`, a partial frame with no byte for
 * 50 ms is given up as v1 does (one byte at a time), so a false `68` in noise cannot hold a real
 * frame back for up to 261 bytes.
 */
export class BusFrameParser {
  private buffer: Buffer = Buffer.alloc(0);
  private lastByteAt = Number.NEGATIVE_INFINITY;
  private droppedFrames = 0;
  private badChecksumCount = 0;

  /** Frames rejected after `68 _ _ 68` (LENs differ, LEN < 2, bad end byte, bad CS, stale). */
  get dropped(): number {
    return this.droppedFrames;
  }

  /** Candidates rejected for CS alone. */
  get badChecksum(): number {
    return this.badChecksumCount;
  }

  /** Bytes waiting. */
  get pending(): number {
    return this.buffer.length;
  }

  /** Feeds bytes; returns the frames completed, in order. `nowMs`: see the class doc. */
  push(chunk: Uint8Array, nowMs?: number): BusFrame[] {
    const frames: BusFrame[] = [];
    if (nowMs !== undefined && this.buffer.length > 0 && nowMs >= this.lastByteAt + BUS_PARTIAL_TIMEOUT_MS) this.drain(frames, true);
    if (chunk.length > 0) {
      this.buffer = this.buffer.length === 0 ? Buffer.from(chunk) : Buffer.concat([this.buffer, chunk]);
      if (nowMs !== undefined) this.lastByteAt = nowMs;
    }
    this.drain(frames, false);
    return frames;
  }

  private drain(frames: BusFrame[], stale: boolean): void {
    for (;;) {
      const start = this.buffer.indexOf(BUS_START);
      if (start < 0) {
        this.buffer = Buffer.alloc(0);
        return;
      }
      this.buffer = this.buffer.subarray(start);
      const buf = this.buffer;
      const verdict = this.look(buf);
      if (verdict === 'partial' && !stale) return;
      if (typeof verdict === 'object') {
        frames.push(verdict.frame);
        this.buffer = buf.subarray(verdict.size);
        continue;
      }
      // A stale head shorter than `68 _ _ 68` never looked like a frame: noise, not a dropped frame.
      if (verdict !== 'noise' && !(verdict === 'partial' && buf.length < 4)) this.droppedFrames++;
      if (verdict === 'checksum') this.badChecksumCount++;
      this.buffer = buf.subarray(1);
    }
  }

  private look(buf: Buffer): 'partial' | 'noise' | 'bad' | 'checksum' | { frame: BusFrame; size: number } {
    if (buf.length < 4) return 'partial';
    if (buf[3] !== BUS_START) return 'noise';
    if (buf[1] !== buf[2] || (buf[1] ?? 0) < 2) return 'bad';
    const len = buf[1] ?? 0;
    const size = 4 + len + 2;
    if (buf.length < size) return 'partial';
    if (buf[size - 1] !== BUS_END) return 'bad';
    const addr = buf[4] ?? 0;
    const func = buf[5] ?? 0;
    const data = Uint8Array.from(buf.subarray(6, 4 + len));
    if (buf[4 + len] !== busChecksum(addr, func, data)) return 'checksum';
    return { frame: { addr, func, data }, size };
  }
}
