import { describe, expect, it } from 'vitest';
import type { LegacyDeviceState } from '../../../../../electron/core/ratings/emulator/emulator-state';
import { LEGACY_RESEND_MS, LegacyBusDevice, newLegacyDeviceState } from '../../../../../electron/core/ratings/emulator/legacy-bus-device';
import { BusFrameParser, encodeBusFrame } from '../../../../../electron/core/ratings/protocol/legacy-bus-frame';

const T0 = 1_800_000_000_000;
const hex = (s: string) => Buffer.from(s.replace(/ /g, ''), 'hex');

function setup(state: LegacyDeviceState = newLegacyDeviceState()) {
  const saves: string[] = [];
  const device = new LegacyBusDevice({ address: 5, scores: [5, 4, 3, 2, 1], state, save: (s) => saves.push(JSON.stringify(s)) });
  const hostSends = (bytes: Buffer, at: number) => {
    for (const frame of new BusFrameParser().push(bytes)) device.receive(frame, at);
  };
  return { device, state, saves, hostSends };
}

describe('legacy evaluator', () => {
  it('pushes the doc example vote, resends every 500 ms until the host acknowledges the same score', () => {
    const { device, hostSends } = setup();
    device.evaluator.coin(3, T0); // 4th key: score 2
    expect(device.due(T0)).toEqual([hex('FF 68 03 03 68 05 11 02 18 16')]);
    expect(device.due(T0 + LEGACY_RESEND_MS - 1)).toEqual([]);
    expect(device.due(T0 + LEGACY_RESEND_MS)).toEqual([hex('FF 68 03 03 68 05 11 02 18 16')]);
    hostSends(encodeBusFrame({ addr: 5, func: 0x01, data: Uint8Array.of(4) }), T0 + 600); // wrong score
    hostSends(encodeBusFrame({ addr: 6, func: 0x01, data: Uint8Array.of(2) }), T0 + 600); // other address
    expect(device.evaluator.unacknowledged()).toHaveLength(1);
    hostSends(hex('FF 68 03 03 68 05 01 02 08 16'), T0 + 700);
    expect(device.evaluator.unacknowledged()).toEqual([]);
    expect(device.due(T0 + 5000)).toEqual([]);
  });

  it('sends votes one at a time, oldest first', () => {
    const { device, hostSends } = setup();
    device.evaluator.coin(0, T0);
    device.evaluator.coin(4, T0);
    expect(device.due(T0)).toEqual([encodeBusFrame({ addr: 5, func: 0x11, data: Uint8Array.of(5) })]);
    hostSends(encodeBusFrame({ addr: 5, func: 0x01, data: Uint8Array.of(1) }), T0 + 10); // ack of the second: too early
    expect(device.evaluator.unacknowledged().map((v) => v.score)).toEqual([5, 1]);
    hostSends(encodeBusFrame({ addr: 5, func: 0x01, data: Uint8Array.of(5) }), T0 + 20);
    expect(device.due(T0 + 30)).toEqual([encodeBusFrame({ addr: 5, func: 0x11, data: Uint8Array.of(1) })]);
  });

  it('keeps unacknowledged votes across a restart and pushes them at once', () => {
    const { device, state } = setup();
    device.evaluator.coin(1, T0);
    device.due(T0);
    const again = setup(JSON.parse(JSON.stringify(state)) as LegacyDeviceState);
    expect(again.device.due(T0 + 10)).toEqual([encodeBusFrame({ addr: 5, func: 0x11, data: Uint8Array.of(4) })]);
    again.device.evaluator.coin(2, T0 + 20);
    expect(again.device.evaluator.votes().map((v) => v.id)).toEqual([1, 2]);
  });

  it('lights 请评价 on 01 0B and puts it out with the next vote', () => {
    const { device, hostSends } = setup();
    hostSends(encodeBusFrame({ addr: 5, func: 0x01, data: Uint8Array.of(0x0b) }), T0);
    expect(device.evaluator.promptShown).toBe(true);
    device.evaluator.coin(0, T0 + 1);
    expect(device.evaluator.promptShown).toBe(false);
  });
});

describe('legacy keypad', () => {
  it('pushes a key frame until the host echoes it unchanged', () => {
    const { device, hostSends } = setup();
    device.keypad.press(0x0c, null);
    const frame = encodeBusFrame({ addr: 5, func: 0x0c, data: new Uint8Array(0) });
    expect(device.due(T0)).toEqual([frame]);
    expect(device.due(T0 + LEGACY_RESEND_MS)).toEqual([frame]);
    hostSends(frame, T0 + 600);
    expect(device.keypad.waiting).toBe(0);
    expect(device.due(T0 + 2000)).toEqual([]);
  });

  it('sends a digit selection as FUNC digit, DATA 0F', () => {
    const { device } = setup();
    device.keypad.press(0x0f, 3);
    expect(device.due(T0)).toEqual([encodeBusFrame({ addr: 5, func: 3, data: Uint8Array.of(0x0f) })]);
  });
});
