import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BusFrameParser, encodeBusFrame, ProtocolError, type BusFrame } from '../../../../../electron/core/ratings/protocol/legacy-bus-frame';

const hex = (s: string) => Buffer.from(s.replace(/ /g, ''), 'hex');
const vote = { addr: 5, func: 0x11, data: Uint8Array.from([2]) };
const ack = { addr: 5, func: 0x01, data: Uint8Array.from([2]) };

const arbFrame = fc.record({
  addr: fc.integer({ min: 0, max: 255 }),
  func: fc.integer({ min: 0, max: 255 }),
  data: fc.uint8Array({ maxLength: 20 }),
});

describe('encodeBusFrame', () => {
  it('gives the examples of protocols/legacy-hall-bus.md', () => {
    expect(encodeBusFrame(vote)).toEqual(hex('FF 68 03 03 68 05 11 02 18 16'));
    expect(encodeBusFrame(ack)).toEqual(hex('FF 68 03 03 68 05 01 02 08 16'));
  });

  it('refuses too much data and non-byte fields', () => {
    expect(() => encodeBusFrame({ addr: 1, func: 1, data: new Uint8Array(254) })).toThrow(ProtocolError);
    expect(() => encodeBusFrame({ addr: 256, func: 1, data: new Uint8Array(0) })).toThrow(/ADDR/);
  });
});

describe('BusFrameParser', () => {
  it('reads the doc examples', () => {
    const parser = new BusFrameParser();
    expect(parser.push(Buffer.concat([hex('FF 68 03 03 68 05 11 02 18 16'), hex('FF 68 03 03 68 05 01 02 08 16')]))).toEqual([vote, ack]);
    expect(parser.dropped).toBe(0);
  });

  it('finds a frame split at every byte boundary', () => {
    const bytes = encodeBusFrame(vote);
    for (let cut = 1; cut < bytes.length; cut++) {
      const parser = new BusFrameParser();
      expect(parser.push(bytes.subarray(0, cut))).toEqual([]);
      expect(parser.push(bytes.subarray(cut))).toEqual([vote]);
    }
  });

  it('drops a bad checksum and counts it, then finds the next frame', () => {
    const parser = new BusFrameParser();
    expect(parser.push(Buffer.concat([hex('FF 68 03 03 68 05 11 02 19 16'), encodeBusFrame(ack)]))).toEqual([ack]);
    expect(parser.badChecksum).toBe(1);
    expect(parser.dropped).toBe(1);
  });

  it('drops frames whose LENs differ or whose end byte is wrong', () => {
    const parser = new BusFrameParser();
    expect(parser.push(Buffer.concat([hex('FF 68 03 04 68 05 11 02 18 16'), hex('FF 68 03 03 68 05 11 02 18 17'), encodeBusFrame(vote)]))).toEqual([vote]);
    expect(parser.dropped).toBe(2);
    expect(parser.badChecksum).toBe(0);
  });

  it('delivers a frame whose data holds 68 LEN LEN 68 (a false start inside)', () => {
    const tricky = { addr: 0x68, func: 0x68, data: Uint8Array.from(hex('68 03 03 68 16')) };
    const parser = new BusFrameParser();
    expect(parser.push(encodeBusFrame(tricky))).toEqual([tricky]);
    expect(parser.dropped).toBe(0);
  });

  it('gives up a stale false start after 50 ms when given the time, finding the frame inside', () => {
    const parser = new BusFrameParser();
    expect(parser.push(Buffer.concat([hex('68 40 40 68'), encodeBusFrame(vote)]), 0)).toEqual([]);
    expect(parser.push(new Uint8Array(0), 50)).toEqual([vote]);
    expect(parser.dropped).toBe(1);
  });

  it('property: any split of a valid stream yields the same frames', () => {
    fc.assert(
      fc.property(fc.array(arbFrame, { minLength: 1, maxLength: 6 }), fc.array(fc.nat(), { maxLength: 20 }), (frames, cutSeeds) => {
        const stream = Buffer.concat(frames.map(encodeBusFrame));
        const cuts = [...new Set(cutSeeds.map((c) => c % (stream.length + 1)))].sort((a, b) => a - b);
        const parser = new BusFrameParser();
        const got: BusFrame[] = [];
        let from = 0;
        for (const cut of [...cuts, stream.length]) {
          got.push(...parser.push(stream.subarray(from, cut)));
          from = cut;
        }
        expect(got).toEqual(frames.map((f) => ({ ...f, data: Uint8Array.from(f.data) })));
      }),
    );
  });

  it('property: garbage then a frame still finds the frame', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 120 }), arbFrame, (garbage, frame) => {
        const parser = new BusFrameParser();
        const got = parser.push(Buffer.concat([garbage, encodeBusFrame(frame)]), 0);
        got.push(...parser.push(new Uint8Array(0), 50));
        expect(got.at(-1)).toEqual({ ...frame, data: Uint8Array.from(frame.data) });
      }),
    );
  });
});
