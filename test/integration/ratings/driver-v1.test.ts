import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { RatingDeviceConfig } from '../../../electron/contract/config';
import { SATISFACTION_OF_DEVICE_LEVEL } from '../../../electron/contract/ratings';
import { systemClock } from '../../../electron/core/clock';
import { createLogger, silentLogger } from '../../../electron/core';
import { V1FrameParser } from '../../../electron/core/ratings/protocol/v1-frame';
import { ratingDriverFor } from '../../../electron/core/ratings/device/driver-for';
import type { V1RatingDriver } from '../../../electron/core/ratings/device/v1-driver';
import type { RatingDriver } from '../../../electron/core/ratings/device/rating-driver';
import { seededRandom } from '../../support/seeded-random';
import { makeTempDir } from '../../support/temp-dirs';
import { PluggableLine, SqliteSink, until, v1DeviceSide as deviceSide } from './driver-wire';

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

function v1Config(appPath: string, usb: PluggableLine['usb'] | null): RatingDeviceConfig {
  return { type: 'serial', path: appPath, baudRate: 9600, protocol: 'v1', address: 1, usb: usb && { ...usb }, legacyScores: { '1': 'very_dissatisfied' } };
}

describe('v1 driver over a real pty pair', () => {
  it('stores 1,000 coins exactly once through withheld replies, garbage, failed commits and 20 unplug/replug cycles', async () => {
    const dir = makeTempDir('rating-v1');
    const random = seededRandom(20261130);
    const line = new PluggableLine(dir);
    cleanups.push(() => line.unplug());
    const firstPath = await line.plug();
    const side = deviceSide(random, { withhold: 0.05, garbage: 0.1 });
    await side.end.open(line.devicePath);
    cleanups.push(() => side.end.close());
    const sink = new SqliteSink(path.join(dir, 'votes.sqlite'), () => random() < 0.02);
    cleanups.push(() => sink.close());
    const driver = ratingDriverFor(v1Config(firstPath, line.usb), {
      sink,
      log: process.env.DRIVER_TEST_TRACE ? createLogger({ level: process.env.DRIVER_TEST_TRACE === 'debug' ? 'debug' : 'info' }) : silentLogger,
      clock: systemClock,
      listPorts: line.list,
      timing: { presenceCheckMs: 100, reopenFirstMs: 50, reopenMaxMs: 400 },
    }) as RatingDriver & V1RatingDriver;
    driver.start();
    cleanups.push(() => driver.stop());
    await until('connected', () => driver.status().state === 'connected');
    expect(driver.identity()?.serial).toBe('RD-TEST-0001');

    let coins = 0;
    const dropCoin = () => {
      const result = side.device.coin(Math.floor(random() * 5), Date.now());
      if (result.ok) coins++;
    };
    const offlineDelays: number[] = [];
    for (let cycle = 1; cycle <= 20; cycle++) {
      // 50 coins a cycle, in bursts (several events queued: the driver polls again at once) and singles.
      for (let i = 0; i < 45; i++) {
        dropCoin();
        if (random() < 0.3) await new Promise((r) => setTimeout(r, Math.floor(random() * 30)));
      }
      if (cycle === 7) {
        side.device.fault('box_full', Date.now());
        await until('box full shown', () => driver.status().detail?.includes('币箱已满') && driver.flags()?.boxFull);
        side.device.clearFaults();
      }
      const rearm = cycle === 5 || cycle === 15;
      if (rearm) {
        expect(await driver.arm(1000 + cycle, 120)).toBe(true);
        expect(side.device.armed(Date.now())?.sessionId).toBe(1000 + cycle);
        expect(driver.armed()?.deviceSessionId).toBe(1000 + cycle);
      }
      // Pulled out mid-stream: coins keep falling while it is out (the device keeps them).
      const pulledAt = Date.now();
      await line.unplug();
      await side.end.close();
      await until('offline after unplug', () => driver.status().state === 'offline', 5000);
      offlineDelays.push(Date.now() - pulledAt);
      if (!rearm) for (let i = 0; i < 5; i++) dropCoin();
      // The device lost power with the adapter: its armed session is gone, its events are not.
      side.powerCycle();
      await new Promise((r) => setTimeout(r, 100 + Math.floor(random() * 300)));
      await line.plug(cycle === 10);
      side.parser = new V1FrameParser();
      await side.end.open(line.devicePath);
      await until(`connected again (cycle ${cycle})`, () => driver.status().state === 'connected', 10_000);
      if (cycle === 10) expect(driver.status().endpoint).toBe(line.appPath);
      if (cycle === 10) expect(line.appPath).not.toBe(firstPath);
      if (rearm) {
        // Re-armed after the reconnection: the session is still open (until its end time) — once
        // every event the device kept is committed and acknowledged (one of them could have been
        // this session's coin). The backlog here is large (coins fall in bursts of 45, 5 % of
        // replies are withheld at 200 ms each, 2 % of commits fail at 250 ms each): seconds.
        await until('re-armed', () => side.device.armed(Date.now())?.sessionId === 1000 + cycle, 20_000);
        expect(side.device.unacknowledged()).toEqual([]);
        expect(await driver.disarm()).toBe(true);
        expect(side.device.armed(Date.now())).toBeNull();
      }
    }
    while (coins < 1000) dropCoin();

    await until('every event acknowledged', () => side.device.unacknowledged().length === 0, 30_000);
    const ratings = side.device.events().filter((e) => e.event.kind === 'rating');
    expect(ratings).toHaveLength(1000);
    const stored = sink.votes();
    expect(stored).toHaveLength(1000);
    const byKey = new Map(stored.map((v) => [v.vote_key, v]));
    for (const { event } of ratings) {
      const row = byKey.get(`v1:RD-TEST-0001:${event.eventId}`);
      expect(row, `event ${event.eventId}`).toBeDefined();
      expect(row?.satisfaction).toBe(SATISFACTION_OF_DEVICE_LEVEL[event.level]);
      expect(row?.slot).toBe(event.slot);
    }
    expect(sink.db.prepare('SELECT fault FROM faults').all()).toEqual([{ fault: 'box_full' }]);
    // The wire really was hostile, and the driver got through it.
    expect(side.withheld).toBeGreaterThan(20);
    expect(sink.failures).toBeGreaterThan(5);
    const counters = driver.counters();
    expect(counters.resends).toBeGreaterThan(20);
    expect(counters.droppedBytes).toBeGreaterThan(50);
    expect(counters.opens).toBeGreaterThanOrEqual(21);
    expect(Math.max(...offlineDelays)).toBeLessThan(2000);
  });

  it('goes offline within 2 s (in Chinese: three heartbeats with no answer) when the device falls silent with the port still there, and comes back', async () => {
    const dir = makeTempDir('rating-v1-silent');
    const random = seededRandom(7);
    const line = new PluggableLine(dir);
    cleanups.push(() => line.unplug());
    const appPath = await line.plug();
    const side = deviceSide(random, { withhold: 0, garbage: 0 });
    await side.end.open(line.devicePath);
    cleanups.push(() => side.end.close());
    const sink = new SqliteSink(path.join(dir, 'votes.sqlite'));
    cleanups.push(() => sink.close());
    // The default times: 200 ms per send, a POLL at least every 500 ms, offline after 1.5 s unanswered.
    const driver = ratingDriverFor(v1Config(appPath, null), { sink, log: silentLogger, clock: systemClock, listPorts: line.list }) as RatingDriver & V1RatingDriver;
    driver.start();
    cleanups.push(() => driver.stop());
    await until('connected', () => driver.status().state === 'connected');
    const before = { ...driver.counters() };
    const sendsBefore = side.withheld + side.replies;
    side.silent = true;
    const silentAt = Date.now();
    await until('offline', () => driver.status().state === 'offline', 5000);
    const tookMs = Date.now() - silentAt;
    // The driver's own measure (its clock, not this busy machine's scheduling of the test): 1.5 s
    // after the last answer, at the end of a 200 ms wait. The protocol's resend rule still held:
    // every exchange sent the same bytes again after 200 ms (≥ 5 unanswered sends over 1.5 s).
    expect(driver.status().detail).toMatch(/评价器 1\.[5-9] 秒无应答/);
    expect(side.withheld + side.replies - sendsBefore).toBeGreaterThanOrEqual(5);
    expect(driver.counters().missedExchanges - before.missedExchanges).toBeLessThan(3);
    // Wall clock, with slack for a loaded machine (typically 1.5–1.8 s; issue 15 asks 2 s).
    if (tookMs >= 2000) console.warn(`silent device offline after ${tookMs} ms (machine busy?)`);
    expect(tookMs).toBeLessThan(2600);
    await expect(driver.identify()).rejects.toThrow(/评价器未连接/);
    expect(await driver.arm(77, 30)).toBe(false);
    expect(driver.armed()?.deviceSessionId).toBe(77);
    side.silent = false;
    await until('connected again', () => driver.status().state === 'connected', 10_000);
    await until('armed on reconnection', () => side.device.armed(Date.now())?.sessionId === 77, 3000);
    const test = await driver.identify();
    expect(test).toMatchObject({ protocol: 'v1', serial: 'RD-TEST-0001', firmware: '1.2' });
    expect(test.slots.map((s) => s.satisfaction)).toEqual(['very_satisfied', 'satisfied', 'basically_satisfied', 'dissatisfied', 'very_dissatisfied']);
    expect(test.flags?.armed).toBe(true);
  });

  it('reopens promptly after a replug faster than its presence check (same path, a NEW pty behind it), before three exchanges are missed', async () => {
    const dir = makeTempDir('rating-v1-fast-replug');
    const line = new PluggableLine(dir);
    cleanups.push(() => line.unplug());
    const appPath = await line.plug();
    const side = deviceSide(seededRandom(11), { withhold: 0, garbage: 0 });
    await side.end.open(line.devicePath);
    cleanups.push(() => side.end.close());
    const sink = new SqliteSink(path.join(dir, 'votes.sqlite'));
    cleanups.push(() => sink.close());
    // The default times (presence checked every 500 ms).
    const driver = ratingDriverFor(v1Config(appPath, null), { sink, log: silentLogger, clock: systemClock, listPorts: line.list }) as RatingDriver & V1RatingDriver;
    driver.start();
    cleanups.push(() => driver.stop());
    await until('connected', () => driver.status().state === 'connected');
    side.device.coin(0, Date.now());
    await until('first event acknowledged', () => side.device.unacknowledged().length === 0);
    const missedBefore = driver.counters().missedExchanges;

    // The old pty stays up with nobody at its far end: its handle is open and silent, so only the
    // node behind the path (or three missed exchanges, 2.4 s) can tell the driver.
    await side.end.close();
    await line.replugFast('silent');
    side.parser = new V1FrameParser();
    await side.end.open(line.devicePath);
    expect(line.appPath).toBe(appPath);
    side.device.coin(1, Date.now());
    await until('event after the fast replug acknowledged', () => side.device.unacknowledged().length === 0, 10_000);
    const counters = driver.counters();
    expect(counters.opens).toBe(2);
    // Noticed by the presence check, not by the heartbeat's three missed exchanges.
    expect(counters.missedExchanges - missedBefore).toBeLessThan(3);
    expect(sink.votes().map((v) => v.vote_key)).toEqual(['v1:RD-TEST-0001:1', 'v1:RD-TEST-0001:2']);
  });
});
