import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { ProtocolError } from '../../../../../electron/core/ratings/protocol/protocol-error';
import {
  armPayload,
  decodeArmRequest,
  decodeEmptyReply,
  decodeEvent,
  decodeIdent,
  decodeNak,
  decodePollReply,
  decodePollRequest,
  decodeSetTimeRequest,
  decodeStatus,
  encodeEvent,
  encodeStatus,
  identReply,
  nak,
  pollPayload,
  pollReply,
  setTimePayload,
  V1_CMD,
  v1ReplyCmd,
  type V1DeviceEvent,
} from '../../../../../electron/core/ratings/protocol/v1-messages';

const noFlags = { armed: false, boxFull: false, coinJam: false, coverOpen: false, sensorFault: false };
const rating: V1DeviceEvent = { eventId: 0x01020304, kind: 'rating', sessionId: 77, level: 2, slot: 3, deviceTime: 1_795_000_000 };

describe('v1 commands', () => {
  it('has the protocol table values and replies with cmd | 0x80', () => {
    expect(V1_CMD).toEqual({ IDENT: 0x01, POLL: 0x02, ARM: 0x10, DISARM: 0x11, SET_TIME: 0x13, NAK: 0x7f });
    expect(v1ReplyCmd(V1_CMD.POLL)).toBe(0x82);
    expect(v1ReplyCmd(V1_CMD.SET_TIME)).toBe(0x93);
  });
});

describe('request payloads (little-endian)', () => {
  it('POLL carries ack_event_id u32 LE', () => {
    expect([...pollPayload(0x01020304)]).toEqual([4, 3, 2, 1]);
    expect(decodePollRequest(pollPayload(0))).toBe(0);
    expect(() => pollPayload(-1)).toThrow(ProtocolError);
    expect(() => pollPayload(2 ** 32)).toThrow(ProtocolError);
  });

  it('ARM carries session_id u32 (non-zero) and timeout_s u16', () => {
    expect([...armPayload(0x0a0b0c0d, 60)]).toEqual([0x0d, 0x0c, 0x0b, 0x0a, 60, 0]);
    expect(decodeArmRequest(armPayload(4_000_000_000, 65535))).toEqual({ sessionId: 4_000_000_000, timeoutS: 65535 });
    expect(() => armPayload(0, 60)).toThrow(/non-zero/);
    expect(() => armPayload(1, 65536)).toThrow(/u16/);
  });

  it('SET_TIME carries unix seconds u32', () => {
    expect(decodeSetTimeRequest(setTimePayload(1_795_000_000))).toBe(1_795_000_000);
    expect(() => decodeSetTimeRequest(Uint8Array.from([1, 2, 3]))).toThrow(/4 bytes/);
  });
});

describe('IDENT reply', () => {
  it('round-trips serial, firmware and slot levels', () => {
    const payload = identReply({ serial: 'PJ2026-0001', firmware: '1.2', slots: [5, 4, 3, 2, 1] });
    expect(payload.length).toBe(16 + 3 + 5);
    expect(payload.subarray(11, 16).every((b) => b === 0)).toBe(true);
    expect(decodeIdent(payload)).toEqual({ serial: 'PJ2026-0001', firmware: '1.2', slots: [5, 4, 3, 2, 1] });
  });

  it('accepts a 16-character serial without a NUL', () => {
    expect(decodeIdent(identReply({ serial: 'ABCDEFGHIJKLMNOP', firmware: '2.0', slots: [5, 1] })).serial).toBe('ABCDEFGHIJKLMNOP');
  });

  it('refuses malformed replies', () => {
    const good = identReply({ serial: 'S1', firmware: '1.0', slots: [5, 3, 1] });
    expect(() => decodeIdent(good.subarray(0, 18))).toThrow(ProtocolError);
    expect(() => decodeIdent(good.subarray(0, good.length - 1))).toThrow(/bytes/);
    const zeroSlots = Buffer.from(good);
    zeroSlots[18] = 0;
    expect(() => decodeIdent(zeroSlots.subarray(0, 19))).toThrow(/slot_count/);
    const badLevel = Buffer.from(good);
    badLevel[19] = 6;
    expect(() => decodeIdent(badLevel)).toThrow(/levels/);
    const badSerial = Buffer.from(good);
    badSerial[0] = 0x07;
    expect(() => decodeIdent(badSerial)).toThrow(/ASCII/);
    expect(() => identReply({ serial: 'X'.repeat(17), firmware: '1.0', slots: [5] })).toThrow(ProtocolError);
  });
});

describe('POLL reply and the 15-byte event', () => {
  it('encodes the event field by field, little-endian', () => {
    const bytes = encodeEvent(rating);
    expect([...bytes]).toEqual([4, 3, 2, 1, 1, 77, 0, 0, 0, 2, 3, ...[...Buffer.from([0, 0, 0, 0])].map((_, i) => (1_795_000_000 >>> (8 * i)) & 0xff)]);
    expect(decodeEvent(bytes)).toEqual(rating);
  });

  it('round-trips a reply with and without an event', () => {
    const flags = { ...noFlags, armed: true, coinJam: true };
    expect(decodePollReply(pollReply({ flags, queued: 0, event: null }))).toEqual({ flags, queued: 0, event: null });
    const fault: V1DeviceEvent = { eventId: 9, kind: 'fault', sessionId: 0, level: 1, slot: 0, deviceTime: 5 };
    expect(decodePollReply(pollReply({ flags, queued: 3, event: fault }))).toEqual({ flags, queued: 3, event: fault });
  });

  it('property: any event round-trips', () => {
    fc.assert(
      fc.property(
        fc.record({
          eventId: fc.integer({ min: 1, max: 0xffffffff }),
          kind: fc.constantFrom('rating' as const, 'fault' as const),
          sessionId: fc.integer({ min: 0, max: 0xffffffff }),
          level: fc.integer({ min: 1, max: 4 }),
          slot: fc.integer({ min: 0, max: 4 }),
          deviceTime: fc.integer({ min: 0, max: 0xffffffff }),
        }),
        (event) => {
          expect(decodeEvent(encodeEvent(event))).toEqual(event);
        },
      ),
    );
  });

  it('refuses a length that does not match queued, an unknown kind, a level out of range', () => {
    expect(() => decodePollReply(Uint8Array.from([0, 1]))).toThrow(/queued > 0/);
    expect(() => decodePollReply(Buffer.concat([Buffer.from([0, 0]), encodeEvent(rating)]))).toThrow(/queued 0/);
    expect(() => decodePollReply(Uint8Array.from([0]))).toThrow(ProtocolError);
    const kind3 = encodeEvent(rating);
    kind3[4] = 3;
    expect(() => decodeEvent(kind3)).toThrow(/kind/);
    const level6 = encodeEvent(rating);
    level6[9] = 6;
    expect(() => decodeEvent(level6)).toThrow(/level/);
    const fault5 = encodeEvent({ ...rating, kind: 'fault', level: 1 });
    fault5[9] = 5;
    expect(() => decodeEvent(fault5)).toThrow(/FAULT code/);
    expect(() => decodeEvent(encodeEvent({ ...rating, eventId: 0 }))).toThrow(/event_id 0/);
  });

  it('maps every status bit, both ways', () => {
    expect(decodeStatus(0b11111)).toEqual({ armed: true, boxFull: true, coinJam: true, coverOpen: true, sensorFault: true });
    expect(decodeStatus(0x02)).toEqual({ ...noFlags, boxFull: true });
    expect(decodeStatus(0x08)).toEqual({ ...noFlags, coverOpen: true });
    expect(decodeStatus(0x10)).toEqual({ ...noFlags, sensorFault: true });
    expect(encodeStatus({ ...noFlags, coinJam: true })).toBe(0x04);
    expect(decodeStatus(0xe0)).toEqual(noFlags);
  });
});

describe('NAK and empty replies', () => {
  it('maps reasons 1 unknown command, 2 bad length, 3 wrong state', () => {
    expect([...nak('unknown_command')]).toEqual([1]);
    expect([...nak('wrong_state')]).toEqual([3]);
    expect(decodeNak(Uint8Array.from([2]))).toBe('bad_length');
    expect(() => decodeNak(Uint8Array.from([4]))).toThrow(/1..3/);
    expect(() => decodeNak(Uint8Array.from([]))).toThrow(ProtocolError);
  });

  it('empty replies are empty', () => {
    expect(() => decodeEmptyReply('ARM', new Uint8Array(0))).not.toThrow();
    expect(() => decodeEmptyReply('ARM', Uint8Array.from([0]))).toThrow(/ARM reply/);
  });
});
