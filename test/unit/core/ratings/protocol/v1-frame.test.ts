import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { crc16Modbus } from '../../../../../electron/core/ratings/protocol/crc16-modbus';
import { ProtocolError } from '../../../../../electron/core/ratings/protocol/protocol-error';
import { encodeV1Frame, V1FrameParser, type V1Frame } from '../../../../../electron/core/ratings/protocol/v1-frame';

const poll = { addr: 1, seq: 7, cmd: 0x02, payload: Uint8Array.from([5, 0, 0, 0]) };

function frameOf(f: Omit<V1Frame, 'ver'>): V1Frame {
  return { ver: 1, addr: f.addr, seq: f.seq, cmd: f.cmd, payload: Uint8Array.from(f.payload) };
}

const arbFrame = fc.record({
  addr: fc.integer({ min: 0, max: 255 }),
  seq: fc.integer({ min: 0, max: 255 }),
  cmd: fc.integer({ min: 0, max: 255 }),
  payload: fc.uint8Array({ maxLength: 64 }),
});

describe('encodeV1Frame', () => {
  it('lays out AA 55 VER ADDR SEQ CMD LEN PAYLOAD CRC(lo, hi) over VER..PAYLOAD', () => {
    const bytes = encodeV1Frame(poll);
    expect([...bytes.subarray(0, 11)]).toEqual([0xaa, 0x55, 0x01, 0x01, 0x07, 0x02, 0x04, 5, 0, 0, 0]);
    const crc = crc16Modbus(bytes.subarray(2, 11));
    expect(bytes[11]).toBe(crc & 0xff);
    expect(bytes[12]).toBe(crc >> 8);
    expect(bytes.length).toBe(13);
  });

  it('refuses a payload over 64 bytes and non-byte fields', () => {
    expect(() => encodeV1Frame({ ...poll, payload: new Uint8Array(65) })).toThrow(ProtocolError);
    expect(() => encodeV1Frame({ ...poll, seq: 256 })).toThrow(/SEQ/);
    expect(() => encodeV1Frame({ ...poll, addr: -1 })).toThrow(/ADDR/);
  });
});

describe('V1FrameParser', () => {
  it('round-trips a frame', () => {
    const parser = new V1FrameParser();
    expect(parser.push(encodeV1Frame(poll), 0)).toEqual([frameOf(poll)]);
    expect(parser.dropped).toBe(0);
    expect(parser.pending).toBe(0);
  });

  it('finds a frame split at every byte boundary', () => {
    const bytes = encodeV1Frame(poll);
    for (let cut = 1; cut < bytes.length; cut++) {
      const parser = new V1FrameParser();
      expect(parser.push(bytes.subarray(0, cut), 0)).toEqual([]);
      expect(parser.push(bytes.subarray(cut), 1)).toEqual([frameOf(poll)]);
    }
  });

  it('finds two frames in one chunk', () => {
    const second = { addr: 1, seq: 8, cmd: 0x82, payload: Uint8Array.from([1, 0]) };
    const parser = new V1FrameParser();
    expect(parser.push(Buffer.concat([encodeV1Frame(poll), encodeV1Frame(second)]), 0)).toEqual([frameOf(poll), frameOf(second)]);
  });

  it('finds a frame after garbage and counts the dropped bytes', () => {
    const parser = new V1FrameParser();
    const garbage = Buffer.from([0x00, 0xaa, 0x13, 0x55, 0xaa, 0x55, 0x02]);
    expect(parser.push(Buffer.concat([garbage, encodeV1Frame(poll)]), 0)).toEqual([frameOf(poll)]);
    expect(parser.dropped).toBe(garbage.length);
  });

  it('rejects a bad CRC, counts it, and still finds the next frame', () => {
    const bad = encodeV1Frame(poll);
    bad[bad.length - 1] = (bad[bad.length - 1] ?? 0) ^ 0x01;
    const parser = new V1FrameParser();
    expect(parser.push(Buffer.concat([bad, encodeV1Frame({ ...poll, seq: 9 })]), 0)).toEqual([frameOf({ ...poll, seq: 9 })]);
    expect(parser.badCrc).toBe(1);
    expect(parser.dropped).toBe(bad.length);
  });

  it('rejects LEN over 64 without waiting for 65+ bytes', () => {
    const parser = new V1FrameParser();
    const oversize = Buffer.from([0xaa, 0x55, 0x01, 0x01, 0x00, 0x02, 65]);
    expect(parser.push(Buffer.concat([oversize, encodeV1Frame(poll)]), 0)).toEqual([frameOf(poll)]);
    expect(parser.dropped).toBe(oversize.length);
    expect(parser.badCrc).toBe(0);
  });

  it('rejects a wrong VER', () => {
    const parser = new V1FrameParser();
    const other = encodeV1Frame(poll);
    other[2] = 2;
    expect(parser.push(Buffer.concat([other, encodeV1Frame(poll)]), 0)).toEqual([frameOf(poll)]);
  });

  it('delivers a frame whose payload contains AA 55 (a false start inside is not hunted)', () => {
    const tricky = { addr: 1, seq: 0xaa, cmd: 0x82, payload: Uint8Array.from([0xaa, 0x55, 0x01, 0x01, 0xaa, 0x55]) };
    const parser = new V1FrameParser();
    expect(parser.push(encodeV1Frame(tricky), 0)).toEqual([frameOf(tricky)]);
    expect(parser.dropped).toBe(0);
  });

  it('finds a real frame hidden inside a false start whose LEN claims more bytes, once the partial goes stale', () => {
    const parser = new V1FrameParser();
    // A false AA 55 01 … LEN 64 swallows the real frame: the parser waits for 73 bytes.
    const falseStart = Buffer.from([0xaa, 0x55, 0x01, 0x01, 0x00, 0x82, 64]);
    expect(parser.push(Buffer.concat([falseStart, encodeV1Frame(poll)]), 0)).toEqual([]);
    // No byte for 50 ms: rule 3 gives the candidate up, one byte at a time, and the frame is found.
    expect(parser.push(new Uint8Array(0), 50)).toEqual([frameOf(poll)]);
    expect(parser.dropped).toBe(falseStart.length);
    expect(parser.pending).toBe(0);
  });

  it('discards a partial frame after 50 ms without a byte (rule 3), not before', () => {
    const bytes = encodeV1Frame(poll);
    const parser = new V1FrameParser();
    parser.push(bytes.subarray(0, 6), 1000);
    // 49 ms later the rest still completes it.
    expect(parser.push(bytes.subarray(6), 1049)).toEqual([frameOf(poll)]);

    const late = new V1FrameParser();
    late.push(bytes.subarray(0, 6), 1000);
    // 50 ms later the stale head is gone: the tail alone is not a frame, and a fresh frame still parses.
    expect(late.push(bytes.subarray(6), 1050)).toEqual([]);
    expect(late.dropped).toBeGreaterThanOrEqual(6);
    expect(late.push(encodeV1Frame(poll), 1060)).toEqual([frameOf(poll)]);
  });

  it('keeps a trailing lone AA as a possible start', () => {
    const bytes = encodeV1Frame(poll);
    const parser = new V1FrameParser();
    expect(parser.push(Buffer.from([0x01, 0xaa]), 0)).toEqual([]);
    expect(parser.pending).toBe(1);
    expect(parser.push(bytes.subarray(1), 1)).toEqual([frameOf(poll)]);
  });

  it('property: any split of a valid stream yields the same frames', () => {
    fc.assert(
      fc.property(fc.array(arbFrame, { minLength: 1, maxLength: 6 }), fc.array(fc.nat(), { maxLength: 20 }), (frames, cutSeeds) => {
        const stream = Buffer.concat(frames.map(encodeV1Frame));
        const cuts = [...new Set(cutSeeds.map((c) => c % (stream.length + 1)))].sort((a, b) => a - b);
        const parser = new V1FrameParser();
        const got: V1Frame[] = [];
        let from = 0;
        for (const cut of [...cuts, stream.length]) {
          got.push(...parser.push(stream.subarray(from, cut), 0));
          from = cut;
        }
        expect(got).toEqual(frames.map(frameOf));
        expect(parser.dropped).toBe(0);
      }),
    );
  });

  it('property: garbage then a frame still finds the frame (after at most one 50 ms pause)', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), arbFrame, (garbage, frame) => {
        const parser = new V1FrameParser();
        const got = parser.push(Buffer.concat([garbage, encodeV1Frame(frame)]), 0);
        // Garbage may end in a false start that swallows the frame: the 50 ms rule frees it.
        got.push(...parser.push(new Uint8Array(0), 50));
        // Garbage may itself contain valid frames by chance; the real one is the last found.
        expect(got.at(-1)).toEqual(frameOf(frame));
      }),
    );
  });
});
