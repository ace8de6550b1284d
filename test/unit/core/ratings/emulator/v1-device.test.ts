import { describe, expect, it } from 'vitest';
import type { V1DeviceState } from '../../../../../electron/core/ratings/emulator/emulator-state';
import { newV1DeviceState, V1Device, V1_WATCHDOG_MS } from '../../../../../electron/core/ratings/emulator/v1-device';
import { encodeV1Frame, V1FrameParser, type V1Frame } from '../../../../../electron/core/ratings/protocol/v1-frame';
import { armPayload, decodeIdent, decodeNak, decodePollReply, pollPayload, setTimePayload, V1_CMD } from '../../../../../electron/core/ratings/protocol/v1-messages';

const T0 = 1_800_000_000_000;

function setup(state: V1DeviceState = newV1DeviceState('PJ-UNIT-1')) {
  const saves: string[] = [];
  const device = new V1Device({ address: 1, slots: [5, 4, 3, 2, 1], state, save: (s) => saves.push(JSON.stringify(s)) });
  let seq = 0;
  /** Host request; returns the decoded reply frame (through the real encoder and parser). */
  const send = (cmd: number, payload: Uint8Array = new Uint8Array(0), at = T0, opts: { seq?: number; addr?: number } = {}): V1Frame | null => {
    const s = opts.seq ?? (seq = (seq + 1) & 0xff);
    const { reply } = device.receive({ ver: 1, addr: opts.addr ?? 1, seq: s, cmd, payload }, at);
    if (!reply) return null;
    const frames = new V1FrameParser().push(reply, 0);
    expect(frames).toHaveLength(1);
    expect(frames[0]?.seq).toBe(s);
    return frames[0] ?? null;
  };
  const poll = (ack: number, at = T0) => decodePollReply(send(V1_CMD.POLL, pollPayload(ack), at)!.payload);
  return { device, state, saves, send, poll };
}

describe('V1Device', () => {
  it('answers IDENT with its serial, firmware and slot levels', () => {
    const { send } = setup();
    const reply = send(V1_CMD.IDENT)!;
    expect(reply.cmd).toBe(0x81);
    expect(decodeIdent(reply.payload)).toEqual({ serial: 'PJ-UNIT-1', firmware: '1.2', slots: [5, 4, 3, 2, 1] });
  });

  it('keeps every event until a POLL acknowledges exactly its id; a wrong or stale id loses nothing', () => {
    const { device, poll } = setup();
    device.coin(0, T0);
    device.coin(4, T0 + 1);
    expect(poll(0)).toMatchObject({ queued: 2, event: { eventId: 1, level: 5, slot: 0, sessionId: 0 } });
    expect(poll(99)).toMatchObject({ queued: 2, event: { eventId: 1 } }); // no such event: nothing leaves
    expect(poll(1)).toMatchObject({ queued: 1, event: { eventId: 2, level: 1, slot: 4 } });
    expect(poll(1)).toMatchObject({ queued: 1, event: { eventId: 2 } }); // a repeat ack is harmless
    expect(poll(2)).toMatchObject({ queued: 0, event: null });
    expect(device.unacknowledged()).toEqual([]);
    expect(device.events().every((e) => e.ackedAt !== null)).toBe(true);
  });

  it('repeats its last reply for a repeated SEQ without repeating the action', () => {
    const { device, send } = setup();
    device.coin(1, T0);
    device.coin(2, T0);
    const first = send(V1_CMD.POLL, pollPayload(1), T0, { seq: 40 })!;
    expect(decodePollReply(first.payload)).toMatchObject({ queued: 1, event: { eventId: 2 } });
    // The reply was lost; the host resends the same bytes. Acting again would do nothing here, so
    // prove the reply is the KEPT one: a coin since then does not show in it.
    device.coin(3, T0 + 5);
    const resent = send(V1_CMD.POLL, pollPayload(1), T0 + 200, { seq: 40 })!;
    expect(Buffer.from(resent.payload)).toEqual(Buffer.from(first.payload));
    // ARM repeated with the same SEQ after a coin fell: not re-armed.
    send(V1_CMD.ARM, armPayload(7, 60), T0 + 300, { seq: 41 });
    device.coin(0, T0 + 400);
    expect(device.armed(T0 + 500)).toBeNull();
    expect(send(V1_CMD.ARM, armPayload(7, 60), T0 + 600, { seq: 41 })?.cmd).toBe(0x90);
    expect(device.armed(T0 + 700)).toBeNull();
  });

  it('gives strictly increasing event ids from its non-volatile state, across a restart', () => {
    const { device, state } = setup();
    device.coin(0, T0);
    device.fault('cover_opened', T0);
    const restarted = setup(JSON.parse(JSON.stringify(state)) as V1DeviceState);
    const event = restarted.device.coin(1, T0 + 10);
    expect(event.ok && event.event.eventId).toBe(3);
    expect(restarted.device.unacknowledged().map((e) => e.eventId)).toEqual([1, 2, 3]);
  });

  it('saves the state before the reply that shows a change', () => {
    const { device, saves, poll } = setup();
    device.coin(0, T0);
    expect(saves).toHaveLength(1);
    expect(JSON.parse(saves[0]!).events[0].ackedAt).toBeNull();
    poll(1);
    expect(JSON.parse(saves[1]!).events[0].ackedAt).toBe(T0);
  });

  it('one service, one rating: ARM tags one coin with the session, then disarms', () => {
    const { device, send, poll } = setup();
    expect(send(V1_CMD.ARM, armPayload(0xdeadbeef, 60))?.cmd).toBe(0x90);
    expect(poll(0).flags.armed).toBe(true);
    const first = device.coin(2, T0 + 1000);
    const second = device.coin(2, T0 + 2000);
    expect(first.ok && first.event.sessionId).toBe(0xdeadbeef);
    expect(second.ok && second.event.sessionId).toBe(0);
    expect(device.flags(T0 + 2000).armed).toBe(false);
  });

  it('disarms after timeout_s, and after 10 s without the host', () => {
    const a = setup();
    a.send(V1_CMD.ARM, armPayload(5, 3), T0);
    a.poll(0, T0 + 2000);
    expect(a.device.armed(T0 + 2999)).not.toBeNull();
    expect(a.device.armed(T0 + 3000)).toBeNull();

    const b = setup();
    b.send(V1_CMD.ARM, armPayload(5, 60), T0);
    b.poll(0, T0 + 1000);
    expect(b.device.armed(T0 + 1000 + V1_WATCHDOG_MS - 1)).not.toBeNull();
    expect(b.device.tick(T0 + 1000 + V1_WATCHDOG_MS)).toEqual([expect.objectContaining({ kind: 'disarmed' })]);
    expect(b.device.armed(T0 + 1000 + V1_WATCHDOG_MS)).toBeNull();
  });

  it('DISARM ends the session; a coin after it carries session 0', () => {
    const { device, send } = setup();
    send(V1_CMD.ARM, armPayload(9, 60));
    expect(send(V1_CMD.DISARM)?.cmd).toBe(0x91);
    const coin = device.coin(0, T0 + 10);
    expect(coin.ok && coin.event.sessionId).toBe(0);
  });

  it('NAKs: 1 unknown command, 2 bad length, 3 wrong state', () => {
    const { device, send } = setup();
    const nakOf = (f: V1Frame | null) => {
      expect(f?.cmd).toBe(V1_CMD.NAK);
      return decodeNak(f!.payload);
    };
    expect(nakOf(send(0x42))).toBe('unknown_command');
    expect(nakOf(send(V1_CMD.IDENT, Uint8Array.of(1)))).toBe('bad_length');
    expect(nakOf(send(V1_CMD.POLL, Uint8Array.of(1, 2)))).toBe('bad_length');
    expect(nakOf(send(V1_CMD.ARM, Uint8Array.of(1, 0, 0, 0)))).toBe('bad_length');
    expect(nakOf(send(V1_CMD.SET_TIME, new Uint8Array(0)))).toBe('bad_length');
    expect(nakOf(send(V1_CMD.ARM, Uint8Array.of(0, 0, 0, 0, 60, 0)))).toBe('wrong_state');
    expect(nakOf(send(V1_CMD.ARM, armPayload(3, 0)))).toBe('wrong_state');
    device.fault('coin_jam', T0);
    expect(nakOf(send(V1_CMD.ARM, armPayload(3, 60)))).toBe('wrong_state');
  });

  it('answers nothing for another address or a reply frame', () => {
    const { send } = setup();
    expect(send(V1_CMD.IDENT, new Uint8Array(0), T0, { addr: 2 })).toBeNull();
    expect(send(0x81)).toBeNull();
  });

  it('reports a fault once as a FAULT event and as a status bit; a jam keeps coins out; clear drops the bits', () => {
    const { device, poll } = setup();
    device.fault('coin_jam', T0);
    device.fault('coin_jam', T0 + 1);
    device.fault('box_full', T0 + 2);
    const reply = poll(0);
    expect(reply).toMatchObject({ queued: 2, flags: { coinJam: true, boxFull: true, coverOpen: false, sensorFault: false }, event: { kind: 'fault', level: 1, slot: 0, sessionId: 0 } });
    expect(device.coin(0, T0 + 3).ok).toBe(false);
    device.clearFaults();
    expect(poll(1).flags).toEqual({ armed: false, boxFull: false, coinJam: false, coverOpen: false, sensorFault: false });
    expect(device.coin(0, T0 + 4).ok).toBe(true);
    device.fault('cover_opened', T0 + 5);
    expect(device.coin(1, T0 + 6).ok).toBe(true); // an open cover does not stop a coin
  });

  it('stamps events with its clock as set by SET_TIME', () => {
    const { device, send } = setup();
    expect(send(V1_CMD.SET_TIME, setTimePayload(1_000_000_000), T0)?.cmd).toBe(0x93);
    const coin = device.coin(0, T0 + 5_500);
    expect(coin.ok && coin.event.deviceTime).toBe(1_000_000_005);
  });

  it('works through the wire: request bytes in, reply bytes out', () => {
    const { device } = setup();
    device.coin(3, T0);
    const parser = new V1FrameParser();
    const [request] = parser.push(encodeV1Frame({ addr: 1, seq: 200, cmd: V1_CMD.POLL, payload: pollPayload(0) }), 0);
    const { reply } = device.receive(request!, T0);
    const [frame] = new V1FrameParser().push(reply!, 0);
    expect(frame).toMatchObject({ addr: 1, seq: 200, cmd: 0x82 });
    expect(decodePollReply(frame!.payload).event).toMatchObject({ eventId: 1, level: 2, slot: 3 });
  });

  it('refuses a slot it does not have and bad slot levels', () => {
    const { device } = setup();
    expect(device.coin(5, T0).ok).toBe(false);
    expect(() => new V1Device({ address: 1, slots: [6], state: newV1DeviceState('X') })).toThrow();
    expect(() => new V1Device({ address: 1, slots: [], state: newV1DeviceState('X') })).toThrow();
  });
});

describe('V1Device acknowledgement of a later event', () => {
  it('removes exactly the event acknowledged, even when it is not the oldest (the host committed it)', () => {
    const { device, poll } = setup();
    device.coin(0, T0);
    device.coin(1, T0);
    expect(poll(2)).toMatchObject({ queued: 1, event: { eventId: 1 } });
    expect(device.unacknowledged().map((e) => e.eventId)).toEqual([1]);
  });
});
