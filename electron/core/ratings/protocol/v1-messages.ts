import type { DeviceFault, RatingDeviceFlags } from '../../../contract/ratings';
import { ProtocolError } from './protocol-error';

export { ProtocolError };

/** v1 commands (protocols/rating-device.md, Commands). A reply carries `cmd | 0x80`; NAK is 0x7F. */
export const V1_CMD = { IDENT: 0x01, POLL: 0x02, ARM: 0x10, DISARM: 0x11, SET_TIME: 0x13, NAK: 0x7f } as const;
export type V1Command = (typeof V1_CMD)[keyof typeof V1_CMD];

/** The reply CMD of a request CMD (`cmd | 0x80`). */
export function v1ReplyCmd(cmd: number): number {
  return (cmd | 0x80) & 0xff;
}

/** Length of the IDENT reply's serial field (ASCII, NUL-padded). */
export const V1_SERIAL_BYTES = 16;
/** Bytes of one event in a POLL reply. */
export const V1_EVENT_BYTES = 15;
/** Status byte bits (protocols/rating-device.md, Status bits); other bits are 0. */
export const V1_STATUS_BITS = { armed: 0x01, boxFull: 0x02, coinJam: 0x04, coverOpen: 0x08, sensorFault: 0x10 } as const;
/** Event kinds. */
export const V1_EVENT_KIND = { rating: 1, fault: 2 } as const;
/** Fault codes 1–4 (protocols/rating-device.md, Fault codes) to the contract's fault names. */
export const V1_FAULT_OF_CODE: { readonly [code: number]: DeviceFault } = { 1: 'coin_jam', 2: 'box_full', 3: 'cover_opened', 4: 'sensor_fault' };
/** The fault code of a fault name. */
export const V1_CODE_OF_FAULT: { readonly [F in DeviceFault]: number } = { coin_jam: 1, box_full: 2, cover_opened: 3, sensor_fault: 4 };

/** NAK reasons (payload byte 1, 2, 3). */
export const V1_NAK_REASONS = ['unknown_command', 'bad_length', 'wrong_state'] as const;
export type V1NakReason = (typeof V1_NAK_REASONS)[number];

/** One event as carried in a POLL reply (15 bytes on the wire). */
export interface V1DeviceEvent {
  /** u32, starts at 1, strictly increasing per device, never reused. */
  eventId: number;
  kind: 'rating' | 'fault';
  /** u32 session armed when the coin fell; 0 = not armed. */
  sessionId: number;
  /** RATING: 1..5 (5 非常满意); FAULT: fault code 1..4. */
  level: number;
  /** RATING: slot index 0..slot_count-1; FAULT: 0. */
  slot: number;
  /** Device clock, unix seconds. */
  deviceTime: number;
}

/** IDENT reply, decoded. */
export interface V1Ident {
  /** ASCII serial, NUL padding removed. */
  serial: string;
  /** `major.minor`, e.g. '1.2'. */
  firmware: string;
  /** Level (1..5) of each slot, slot index order (1..5 slots). */
  slots: number[];
}

/** POLL reply, decoded. */
export interface V1PollReply {
  flags: RatingDeviceFlags;
  /** Events waiting on the device, including the one carried. */
  queued: number;
  /** The oldest un-acknowledged event (present iff queued > 0). */
  event: V1DeviceEvent | null;
}

function u32(name: string, value: number): void {
  if (!Number.isInteger(value) || value < 0 || value > 0xffffffff) throw new ProtocolError(`${name} must be a u32, got ${value}`);
}

function needLength(what: string, payload: Uint8Array, length: number): Buffer {
  if (payload.length !== length) throw new ProtocolError(`${what} payload must be ${length} bytes, got ${payload.length}`);
  return Buffer.from(payload.buffer, payload.byteOffset, payload.byteLength);
}

// ---- host side: request payloads ----

/**
 * POLL request payload: ack_event_id u32 LE (0 = nothing to acknowledge; host rule 1: only an event
 * already committed). @throws ProtocolError when not a u32.
 */
export function pollPayload(ackEventId: number): Buffer {
  u32('ack_event_id', ackEventId);
  const out = Buffer.alloc(4);
  out.writeUInt32LE(ackEventId, 0);
  return out;
}

/**
 * ARM request payload: session_id u32 (non-zero), timeout_s u16 (seconds).
 * @throws ProtocolError when the session id is 0 / not a u32 or the time-out is not a u16.
 */
export function armPayload(sessionId: number, timeoutS: number): Buffer {
  u32('session_id', sessionId);
  if (sessionId === 0) throw new ProtocolError('session_id must be non-zero');
  if (!Number.isInteger(timeoutS) || timeoutS < 0 || timeoutS > 0xffff) throw new ProtocolError(`timeout_s must be a u16, got ${timeoutS}`);
  const out = Buffer.alloc(6);
  out.writeUInt32LE(sessionId, 0);
  out.writeUInt16LE(timeoutS, 4);
  return out;
}

/** SET_TIME request payload: unix seconds u32. @throws ProtocolError when not a u32. */
export function setTimePayload(unixSeconds: number): Buffer {
  u32('unix_seconds', unixSeconds);
  const out = Buffer.alloc(4);
  out.writeUInt32LE(unixSeconds, 0);
  return out;
}

// ---- host side: reply decoders ----

/**
 * Decodes an IDENT reply payload (serial 16 bytes ASCII NUL-padded; fw_major; fw_minor;
 * slot_count 1..5; slot_level[slot_count] each 1..5).
 * @throws ProtocolError on a wrong length, a non-ASCII serial, a slot count or level out of range.
 */
export function decodeIdent(payload: Uint8Array): V1Ident {
  const head = V1_SERIAL_BYTES + 3;
  if (payload.length < head) throw new ProtocolError(`IDENT reply must be at least ${head} bytes, got ${payload.length}`);
  const count = payload[V1_SERIAL_BYTES + 2] ?? 0;
  if (count < 1 || count > 5) throw new ProtocolError(`IDENT slot_count must be 1..5, got ${count}`);
  const buf = needLength('IDENT reply', payload, head + count);
  const raw = buf.subarray(0, V1_SERIAL_BYTES);
  const nul = raw.indexOf(0);
  const serialBytes = nul < 0 ? raw : raw.subarray(0, nul);
  if (serialBytes.some((b) => b < 0x20 || b > 0x7e)) throw new ProtocolError('IDENT serial is not printable ASCII');
  if (serialBytes.length === 0) throw new ProtocolError('IDENT serial is empty');
  const slots = [...buf.subarray(head, head + count)];
  if (slots.some((level) => level < 1 || level > 5)) throw new ProtocolError(`IDENT slot levels must be 1..5, got ${slots.join(',')}`);
  return { serial: serialBytes.toString('ascii'), firmware: `${buf[V1_SERIAL_BYTES]}.${buf[V1_SERIAL_BYTES + 1]}`, slots };
}

/** The status byte as flags. Bits other than 0–4 are ignored (reserved, sent as 0). */
export function decodeStatus(status: number): RatingDeviceFlags {
  return {
    armed: (status & V1_STATUS_BITS.armed) !== 0,
    boxFull: (status & V1_STATUS_BITS.boxFull) !== 0,
    coinJam: (status & V1_STATUS_BITS.coinJam) !== 0,
    coverOpen: (status & V1_STATUS_BITS.coverOpen) !== 0,
    sensorFault: (status & V1_STATUS_BITS.sensorFault) !== 0,
  };
}

/**
 * Decodes a 15-byte event (event_id u32, kind u8, session_id u32, level u8, slot u8, device_time u32).
 * @throws ProtocolError on a wrong length, an unknown kind, a rating level outside 1..5 or a fault
 * code outside 1..4.
 */
export function decodeEvent(bytes: Uint8Array): V1DeviceEvent {
  const buf = needLength('event', bytes, V1_EVENT_BYTES);
  const eventId = buf.readUInt32LE(0);
  const kindByte = buf[4] ?? 0;
  const level = buf[9] ?? 0;
  if (eventId === 0) throw new ProtocolError('event_id 0 is never used');
  let kind: V1DeviceEvent['kind'];
  if (kindByte === V1_EVENT_KIND.rating) {
    kind = 'rating';
    if (level < 1 || level > 5) throw new ProtocolError(`RATING level must be 1..5, got ${level}`);
  } else if (kindByte === V1_EVENT_KIND.fault) {
    kind = 'fault';
    if (V1_FAULT_OF_CODE[level] === undefined) throw new ProtocolError(`FAULT code must be 1..4, got ${level}`);
  } else {
    throw new ProtocolError(`event kind must be 1 or 2, got ${kindByte}`);
  }
  return { eventId, kind, sessionId: buf.readUInt32LE(5), level, slot: buf[10] ?? 0, deviceTime: buf.readUInt32LE(11) };
}

/**
 * Decodes a POLL reply (status u8; queued u8; the oldest event iff queued > 0).
 * @throws ProtocolError on a length that does not match `queued`, or a malformed event.
 */
export function decodePollReply(payload: Uint8Array): V1PollReply {
  if (payload.length < 2) throw new ProtocolError(`POLL reply must be at least 2 bytes, got ${payload.length}`);
  const queued = payload[1] ?? 0;
  const flags = decodeStatus(payload[0] ?? 0);
  if (queued === 0) {
    needLength('POLL reply (queued 0)', payload, 2);
    return { flags, queued, event: null };
  }
  needLength('POLL reply (queued > 0)', payload, 2 + V1_EVENT_BYTES);
  return { flags, queued, event: decodeEvent(payload.subarray(2)) };
}

/** Decodes a NAK payload (1 byte: 1 unknown command, 2 bad length, 3 wrong state). @throws ProtocolError otherwise. */
export function decodeNak(payload: Uint8Array): V1NakReason {
  const buf = needLength('NAK', payload, 1);
  const reason = V1_NAK_REASONS[(buf[0] ?? 0) - 1];
  if (reason === undefined) throw new ProtocolError(`NAK reason must be 1..3, got ${buf[0]}`);
  return reason;
}

/** Decodes an empty reply (ARM, DISARM, SET_TIME). @throws ProtocolError when not empty. */
export function decodeEmptyReply(what: string, payload: Uint8Array): void {
  needLength(`${what} reply`, payload, 0);
}

// ---- device side: request decoders (the emulator; a wrong length is NAK 2) ----

/** POLL request → ack_event_id. @throws ProtocolError when not 4 bytes. */
export function decodePollRequest(payload: Uint8Array): number {
  return needLength('POLL request', payload, 4).readUInt32LE(0);
}

/** ARM request → session id and time-out (s). @throws ProtocolError when not 6 bytes. */
export function decodeArmRequest(payload: Uint8Array): { sessionId: number; timeoutS: number } {
  const buf = needLength('ARM request', payload, 6);
  return { sessionId: buf.readUInt32LE(0), timeoutS: buf.readUInt16LE(4) };
}

/** SET_TIME request → unix seconds. @throws ProtocolError when not 4 bytes. */
export function decodeSetTimeRequest(payload: Uint8Array): number {
  return needLength('SET_TIME request', payload, 4).readUInt32LE(0);
}

// ---- device side: reply encoders (the emulator) ----

/** The status byte of the flags. */
export function encodeStatus(flags: RatingDeviceFlags): number {
  return (
    (flags.armed ? V1_STATUS_BITS.armed : 0) |
    (flags.boxFull ? V1_STATUS_BITS.boxFull : 0) |
    (flags.coinJam ? V1_STATUS_BITS.coinJam : 0) |
    (flags.coverOpen ? V1_STATUS_BITS.coverOpen : 0) |
    (flags.sensorFault ? V1_STATUS_BITS.sensorFault : 0)
  );
}

/**
 * IDENT reply payload (device side). `firmware` is `major.minor`.
 * @throws ProtocolError on a serial longer than 16 bytes or not printable ASCII, a bad firmware,
 * or slots not 1..5 levels 1..5.
 */
export function identReply(ident: V1Ident): Buffer {
  const serial = Buffer.from(ident.serial, 'latin1');
  if (serial.length === 0 || serial.length > V1_SERIAL_BYTES || serial.some((b) => b < 0x20 || b > 0x7e)) {
    throw new ProtocolError(`serial must be 1..16 printable ASCII characters, got "${ident.serial}"`);
  }
  const fw = /^(\d{1,3})\.(\d{1,3})$/.exec(ident.firmware);
  const major = Number(fw?.[1]);
  const minor = Number(fw?.[2]);
  if (!fw || major > 255 || minor > 255) throw new ProtocolError(`firmware must be major.minor bytes, got "${ident.firmware}"`);
  if (ident.slots.length < 1 || ident.slots.length > 5 || ident.slots.some((l) => !Number.isInteger(l) || l < 1 || l > 5)) {
    throw new ProtocolError(`slots must be 1..5 levels of 1..5, got ${ident.slots.join(',')}`);
  }
  const out = Buffer.alloc(V1_SERIAL_BYTES + 3 + ident.slots.length);
  serial.copy(out, 0);
  out[V1_SERIAL_BYTES] = major;
  out[V1_SERIAL_BYTES + 1] = minor;
  out[V1_SERIAL_BYTES + 2] = ident.slots.length;
  out.set(ident.slots, V1_SERIAL_BYTES + 3);
  return out;
}

/** The 15 event bytes. @throws ProtocolError on a field out of its range. */
export function encodeEvent(event: V1DeviceEvent): Buffer {
  u32('event_id', event.eventId);
  u32('session_id', event.sessionId);
  u32('device_time', event.deviceTime);
  for (const [name, value] of [['level', event.level], ['slot', event.slot]] as const) {
    if (!Number.isInteger(value) || value < 0 || value > 0xff) throw new ProtocolError(`${name} must be a byte, got ${value}`);
  }
  const out = Buffer.alloc(V1_EVENT_BYTES);
  out.writeUInt32LE(event.eventId, 0);
  out[4] = V1_EVENT_KIND[event.kind];
  out.writeUInt32LE(event.sessionId, 5);
  out[9] = event.level;
  out[10] = event.slot;
  out.writeUInt32LE(event.deviceTime, 11);
  return out;
}

/**
 * POLL reply payload (device side): status, queued (capped at 255), the oldest event iff queued > 0.
 * @throws ProtocolError when queued > 0 without an event or 0 with one.
 */
export function pollReply(reply: V1PollReply): Buffer {
  const queued = Math.min(reply.queued, 0xff);
  if ((queued > 0) !== (reply.event !== null)) throw new ProtocolError('POLL reply carries an event exactly when queued > 0');
  const head = Buffer.from([encodeStatus(reply.flags), queued]);
  return reply.event ? Buffer.concat([head, encodeEvent(reply.event)]) : head;
}

/** NAK payload (device side): the reason byte. */
export function nak(reason: V1NakReason): Buffer {
  return Buffer.from([V1_NAK_REASONS.indexOf(reason) + 1]);
}
