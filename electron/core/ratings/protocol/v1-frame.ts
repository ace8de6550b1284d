import { crc16Modbus } from './crc16-modbus';
import { ProtocolError } from './protocol-error';

/** Start of a v1 frame (protocols/rating-device.md, Frame: SOF `AA 55`). */
export const V1_SOF = [0xaa, 0x55] as const;
/** The VER byte of this protocol version. */
export const V1_VERSION = 1;
/** Largest LEN a receiver accepts (bytes of payload). */
export const V1_MAX_PAYLOAD = 64;
/** Bytes around the payload: SOF 2 + VER + ADDR + SEQ + CMD + LEN + CRC 2. */
export const V1_OVERHEAD = 9;
/** Receiver rule 3: a partial frame with no further byte for this long (ms) is discarded. */
export const V1_PARTIAL_TIMEOUT_MS = 50;

/** One v1 frame, host request or device reply (CMD | 0x80; 0x7F = NAK). */
export interface V1Frame {
  ver: 1;
  /** Device address, 1 on a point-to-point link. */
  addr: number;
  /** Sequence byte chosen by the host and echoed in the reply. */
  seq: number;
  cmd: number;
  /** 0..64 bytes; integers little-endian. */
  payload: Uint8Array;
}

function checkByte(name: string, value: number): void {
  if (!Number.isInteger(value) || value < 0 || value > 0xff) throw new ProtocolError(`${name} must be a byte 0..255, got ${value}`);
}

/**
 * The bytes of one v1 frame: `AA 55 01 ADDR SEQ CMD LEN PAYLOAD CRC-lo CRC-hi`, CRC-16/MODBUS over
 * VER..PAYLOAD.
 * @throws ProtocolError when addr/seq/cmd are not bytes or the payload is longer than 64 bytes.
 */
export function encodeV1Frame(frame: Omit<V1Frame, 'ver'>): Buffer {
  checkByte('ADDR', frame.addr);
  checkByte('SEQ', frame.seq);
  checkByte('CMD', frame.cmd);
  if (frame.payload.length > V1_MAX_PAYLOAD) throw new ProtocolError(`payload of ${frame.payload.length} bytes exceeds ${V1_MAX_PAYLOAD}`);
  const out = Buffer.alloc(V1_OVERHEAD + frame.payload.length);
  out[0] = V1_SOF[0];
  out[1] = V1_SOF[1];
  out[2] = V1_VERSION;
  out[3] = frame.addr;
  out[4] = frame.seq;
  out[5] = frame.cmd;
  out[6] = frame.payload.length;
  out.set(frame.payload, 7);
  const crc = crc16Modbus(out.subarray(2, 7 + frame.payload.length));
  out.writeUInt16LE(crc, 7 + frame.payload.length);
  return out;
}

/** What looking at the start of the buffer found. */
type Candidate = { kind: 'frame'; frame: V1Frame; size: number } | { kind: 'bad'; crc: boolean } | { kind: 'partial' };

/**
 * The v1 receiver (protocols/rating-device.md, receiver rules 1–3; both the host's drivers and the
 * device emulator use it). Pure: it is given bytes and the time they arrived, and returns frames.
 *
 * - Hunts `AA 55`, checks VER = 1 and LEN ≤ 64, waits for the whole frame, checks the CRC.
 * - On any failure it drops ONE byte (the `AA` it hunted to) and hunts again, so a valid frame that
 *   follows garbage, or hides inside a false start's claimed length, is still found.
 * - Rule 3: when `push` comes with `nowMs ≥ last byte + 50`, the waiting partial frame is given up —
 *   as a failure, one byte at a time, so complete frames inside it are still delivered first. Call
 *   `push(new Uint8Array(0), nowMs)` from a timer to apply the rule when no byte comes.
 *
 * Rule 4 (no reply to a bad CRC) follows: such a frame is never returned.
 */
export class V1FrameParser {
  private buffer: Buffer = Buffer.alloc(0);
  private lastByteAt = Number.NEGATIVE_INFINITY;
  private droppedBytes = 0;
  private badCrcCount = 0;

  /** Bytes dropped so far (garbage hunted over, failed candidates, stale partials). */
  get dropped(): number {
    return this.droppedBytes;
  }

  /** Frames with VER/LEN fine whose CRC did not match. */
  get badCrc(): number {
    return this.badCrcCount;
  }

  /** Bytes waiting (a partial frame, or a lone `AA`). */
  get pending(): number {
    return this.buffer.length;
  }

  /**
   * Feeds bytes that arrived at `nowMs` (any monotonic millisecond clock) and returns the frames
   * they completed, in order.
   */
  push(chunk: Uint8Array, nowMs: number): V1Frame[] {
    const frames: V1Frame[] = [];
    if (this.buffer.length > 0 && nowMs >= this.lastByteAt + V1_PARTIAL_TIMEOUT_MS) {
      // Rule 3, before the new bytes: nothing more will complete what is waiting.
      this.drain(frames, true);
    }
    if (chunk.length > 0) {
      this.buffer = this.buffer.length === 0 ? Buffer.from(chunk) : Buffer.concat([this.buffer, chunk]);
      this.lastByteAt = nowMs;
    }
    this.drain(frames, false);
    return frames;
  }

  private drain(frames: V1Frame[], stale: boolean): void {
    for (;;) {
      this.hunt();
      if (this.buffer.length === 0) return;
      const found = this.look();
      if (found.kind === 'frame') {
        frames.push(found.frame);
        this.buffer = this.buffer.subarray(found.size);
        continue;
      }
      if (found.kind === 'partial' && !stale) return;
      if (found.kind === 'bad' && found.crc) this.badCrcCount++;
      this.drop(1);
    }
  }

  /** Drops bytes before the next `AA 55` (keeping a trailing lone `AA`). */
  private hunt(): void {
    const buf = this.buffer;
    let i = 0;
    while (i < buf.length) {
      if (buf[i] === V1_SOF[0] && (i + 1 === buf.length || buf[i + 1] === V1_SOF[1])) break;
      i++;
    }
    if (i > 0) this.drop(i);
  }

  private look(): Candidate {
    const buf = this.buffer;
    if (buf.length < 7) return buf.length >= 3 && buf[2] !== V1_VERSION ? { kind: 'bad', crc: false } : { kind: 'partial' };
    if (buf[2] !== V1_VERSION) return { kind: 'bad', crc: false };
    const len = buf[6] ?? 0;
    if (len > V1_MAX_PAYLOAD) return { kind: 'bad', crc: false };
    const size = V1_OVERHEAD + len;
    if (buf.length < size) return { kind: 'partial' };
    const crc = crc16Modbus(buf.subarray(2, 7 + len));
    if (crc !== buf.readUInt16LE(7 + len)) return { kind: 'bad', crc: true };
    return {
      kind: 'frame',
      size,
      frame: { ver: 1, addr: buf[3] ?? 0, seq: buf[4] ?? 0, cmd: buf[5] ?? 0, payload: Uint8Array.from(buf.subarray(7, 7 + len)) },
    };
  }

  private drop(count: number): void {
    this.droppedBytes += count;
    this.buffer = this.buffer.subarray(count);
  }
}
