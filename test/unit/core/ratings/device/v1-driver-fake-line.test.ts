import { afterEach, describe, expect, it } from 'vitest';
import type { RatingDeviceConfig } from '../../../../../electron/contract/config';
import { systemClock } from '../../../../../electron/core/clock';
import { silentLogger } from '../../../../../electron/core/logging/logger';
import { ratingDriverFor } from '../../../../../electron/core/ratings/device/driver-for';
import type { DeviceVote } from '../../../../../electron/core/ratings/device/rating-driver';
import type { SerialLine } from '../../../../../electron/core/ratings/device/serial-line';
import { SerialLineError } from '../../../../../electron/core/ratings/device/serial-line';
import { V1Device, newV1DeviceState } from '../../../../../electron/core/ratings/emulator/v1-device';
import { V1FrameParser } from '../../../../../electron/core/ratings/protocol/v1-frame';
import { decodePollRequest, V1_CMD } from '../../../../../electron/core/ratings/protocol/v1-messages';

const config: RatingDeviceConfig = { type: 'serial', path: 'COM9', baudRate: 9600, protocol: 'v1', address: 1, usb: null, legacyScores: { '1': 'very_dissatisfied' } };
const stops: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const stop of stops.splice(0)) await stop();
});

/** A line in memory with W's pure v1 device at its far end; `acks` records every POLL's ack_event_id. */
function fakeWire() {
  const device = new V1Device({ address: 1, slots: [5, 4, 3, 2, 1], state: newV1DeviceState('RD-FAKE') });
  const wire = { device, acks: [] as number[], hang: false, opens: 0, line: null as SerialLine | null };
  const opener = async (path: string): Promise<SerialLine> => {
    if (path !== config.path) throw new SerialLineError('未找到串口', 'offline');
    wire.opens++;
    const parser = new V1FrameParser();
    let onData: (chunk: Uint8Array) => void = () => undefined;
    let alive = true;
    const line: SerialLine = {
      path,
      get alive() {
        return alive;
      },
      async write(bytes) {
        if (wire.hang) {
          // The adapter was pulled: the write neither fails nor drains; the line's bound (300 ms) gives up.
          await new Promise((r) => setTimeout(r, 300));
          alive = false;
          throw new SerialLineError('串口 300 毫秒内未能发出数据', 'offline');
        }
        for (const frame of parser.push(bytes, Date.now())) {
          if (frame.cmd === V1_CMD.POLL) wire.acks.push(decodePollRequest(frame.payload));
          const { reply } = wire.device.receive(frame, Date.now());
          if (reply) setTimeout(() => onData(reply), 1);
        }
      },
      async close() {
        alive = false;
      },
      onData(listener) {
        onData = listener;
      },
      onGone() {},
    };
    wire.line = line;
    return line;
  };
  return { wire, opener };
}

async function until(check: () => boolean, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 5));
  }
}

describe('v1 driver acknowledges only what was committed', () => {
  it('does not ack an event whose commit threw; the device delivers it again and it is stored once', async () => {
    const { wire, opener } = fakeWire();
    const stored = new Map<string, DeviceVote>();
    let failing = true;
    const driver = ratingDriverFor(config, {
      sink: {
        commitVote(vote) {
          if (failing) throw new Error('database is locked');
          stored.set(vote.key, vote);
        },
        commitFault() {},
      },
      log: silentLogger,
      clock: systemClock,
      listPorts: async () => [{ path: 'COM9' }],
      openLine: opener,
      timing: { replyTimeoutMs: 30, pollIdleMs: 20 },
    });
    driver.start();
    stops.push(async () => driver.stop());
    await until(() => driver.status().state === 'connected');
    wire.device.coin(1, Date.now());
    await new Promise((r) => setTimeout(r, 200));
    // Polled several times, the event delivered each time, never acknowledged.
    expect(wire.device.unacknowledged()).toHaveLength(1);
    expect(wire.acks.every((a) => a === 0)).toBe(true);
    failing = false;
    await until(() => wire.device.unacknowledged().length === 0);
    expect([...stored.keys()]).toEqual(['v1:RD-FAKE:1']);
    expect(stored.get('v1:RD-FAKE:1')?.satisfaction).toBe('satisfied');
    expect(wire.acks.filter((a) => a === 1)).toHaveLength(1);
  });

  it('sends the POLL carrying the ack right after a committed event, without the idle wait', async () => {
    const { wire, opener } = fakeWire();
    // Two coins waiting before the driver connects: the first reply says queued 2, the second 1
    // (the case that used to wait pollIdleMs before acknowledging).
    wire.device.coin(0, Date.now());
    wire.device.coin(4, Date.now());
    const stored: string[] = [];
    const driver = ratingDriverFor(config, {
      sink: {
        commitVote(vote) {
          stored.push(vote.key);
        },
        commitFault() {},
      },
      log: silentLogger,
      clock: systemClock,
      listPorts: async () => [{ path: 'COM9' }],
      openLine: opener,
      // An idle wait this long would hold either acknowledgement far past the guard below: the ack
      // arriving at all proves the POLL carrying it did not wait; no wall-clock figure is asserted.
      timing: { replyTimeoutMs: 200, pollIdleMs: 600_000 },
    });
    driver.start();
    stops.push(async () => driver.stop());
    await until(() => wire.device.unacknowledged().length === 0, 4000);
    expect(stored).toEqual(['v1:RD-FAKE:1', 'v1:RD-FAKE:2']);
    // POLL 1 fetched event 1; POLL 2 acked it and fetched event 2; POLL 3 acked event 2.
    expect(wire.acks.slice(0, 3)).toEqual([0, 1, 2]);
  });

  it('goes offline within 2 s when writes hang (pulled adapter, no close event), and reopens with back-off', async () => {
    const { wire, opener } = fakeWire();
    const driver = ratingDriverFor(config, {
      sink: { commitVote() {}, commitFault() {} },
      log: silentLogger,
      clock: systemClock,
      listPorts: async () => [{ path: 'COM9' }],
      openLine: opener,
    });
    driver.start();
    stops.push(async () => driver.stop());
    await until(() => driver.status().state === 'connected');
    wire.hang = true;
    const at = Date.now();
    await until(() => driver.status().state === 'offline', 3000);
    expect(Date.now() - at).toBeLessThan(2000);
    expect(driver.status().detail).toContain('未能发出数据');
    wire.hang = false;
    await until(() => driver.status().state === 'connected', 3000);
    expect(wire.opens).toBe(2);
  });

  it('throws Chinese words when the device refuses ARM (NAK wrong state)', async () => {
    const { wire, opener } = fakeWire();
    const driver = ratingDriverFor(config, { sink: { commitVote() {}, commitFault() {} }, log: silentLogger, clock: systemClock, listPorts: async () => [{ path: 'COM9' }], openLine: opener });
    driver.start();
    stops.push(async () => driver.stop());
    await until(() => driver.status().state === 'connected');
    wire.device.fault('coin_jam', Date.now());
    await expect(driver.arm(5, 60)).rejects.toThrow(/评价器拒绝开始评价：评价器当前状态不允许/);
  });
});
