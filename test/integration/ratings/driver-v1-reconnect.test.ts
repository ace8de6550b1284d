import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { RatingDeviceConfig } from '../../../electron/contract/config';
import { systemClock } from '../../../electron/core/clock';
import { silentLogger } from '../../../electron/core';
import type { Logger } from '../../../electron/core/logging/logger';
import { ratingDriverFor } from '../../../electron/core/ratings/device/driver-for';
import type { RatingDriver } from '../../../electron/core/ratings/device/rating-driver';
import type { RatingDriverTiming } from '../../../electron/core/ratings/device/timing';
import { COMMIT_FAILING_WORDS, type V1RatingDriver } from '../../../electron/core/ratings/device/v1-driver';
import { encodeV1Frame } from '../../../electron/core/ratings/protocol/v1-frame';
import { nak, V1_CMD } from '../../../electron/core/ratings/protocol/v1-messages';
import { seededRandom } from '../../support/seeded-random';
import { makeTempDir } from '../../support/temp-dirs';
import type { RatingPortLister } from '../../../electron/core/ratings/device/port-finder';
import { PluggableLine, SqliteSink, until, v1DeviceSide } from './driver-wire';

/**
 * The v1 driver's reconnection and failure rules over a real pty pair with W's device (review and
 * tryout of issue 15): drain before re-ARM (一次一评), DISARM on reconnection, an arm() during the
 * handshake, re-ARM after a fault clears, failure streaks shown as `error`, a hung port listing.
 */
const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** A logger that keeps the lines (message + level) for the assertions on what was logged. */
function recordingLogger(): Logger & { lines: Array<{ level: string; message: string }> } {
  const lines: Array<{ level: string; message: string }> = [];
  const at = (level: string) => (message: string) => void lines.push({ level, message });
  return { lines, debug: () => undefined, info: at('info'), warn: at('warn'), error: at('error') };
}

async function start(
  name: string,
  options: { fail?: () => boolean; log?: Logger; timing?: Partial<RatingDriverTiming>; usb?: boolean; listPorts?: RatingPortLister } = {},
) {
  const dir = makeTempDir(name);
  const line = new PluggableLine(dir);
  cleanups.push(() => line.unplug());
  const appPath = await line.plug();
  const side = v1DeviceSide(seededRandom(5), { withhold: 0, garbage: 0 });
  await side.end.open(line.devicePath);
  cleanups.push(() => side.end.close());
  const sink = new SqliteSink(path.join(dir, 'votes.sqlite'), options.fail);
  cleanups.push(() => sink.close());
  const config: RatingDeviceConfig = {
    type: 'serial',
    path: appPath,
    baudRate: 9600,
    protocol: 'v1',
    address: 1,
    usb: options.usb ? { ...line.usb } : null,
    legacyScores: { '1': 'very_dissatisfied' },
  };
  const driver = ratingDriverFor(config, {
    sink,
    log: options.log ?? silentLogger,
    clock: systemClock,
    listPorts: options.listPorts ?? line.list,
    ...(options.timing ? { timing: options.timing } : {}),
  }) as RatingDriver & V1RatingDriver;
  driver.start();
  cleanups.push(() => driver.stop());
  await until('connected', () => driver.status().state === 'connected');
  return { line, side, sink, driver };
}

/** Makes the device deaf until the driver calls it offline, then lets it answer again. */
async function silentSpell(side: ReturnType<typeof v1DeviceSide>, driver: RatingDriver, during: () => void = () => undefined): Promise<void> {
  side.silent = true;
  during();
  await until('offline', () => driver.status().state === 'offline', 5000);
  side.silent = false;
}

describe('v1 driver: reconnection keeps 一次一评', () => {
  it('drains the queued events before arming an open session again: a session whose coin was still in the device takes no second coin', async () => {
    const { side, sink, driver } = await start('rating-v1-drain');
    expect(await driver.arm(500, 120)).toBe(true);
    // The citizen drops the coin, but the link is deaf before the driver fetched it; 30 more coins
    // wait behind it (a queue to drain first). The device stays powered.
    await silentSpell(side, driver, () => {
      side.device.coin(1, Date.now());
      for (let i = 0; i < 30; i++) side.device.coin(i % 5, Date.now());
    });
    expect(side.device.armed(Date.now())).toBeNull();
    const back = Date.now();
    await until('connected again', () => driver.status().state === 'connected', 10_000);
    await until('queue drained', () => side.device.unacknowledged().length === 0, 10_000);
    // One POLL per event, at once after each commit (no idle pause): the drain is quick.
    const drainMs = Date.now() - back;
    console.info(`31 queued events drained ${drainMs} ms after the device answered again`);
    expect(drainMs, `drained 31 events in ${drainMs} ms`).toBeLessThan(3000);
    await new Promise((r) => setTimeout(r, 600));
    // Not armed again for the session that has its coin.
    expect(side.device.armed(Date.now())).toBeNull();
    expect(driver.armed()).toBeNull();
    side.device.coin(0, Date.now());
    await until('last coin stored', () => sink.votes().length === 32);
    const sessions = sink.votes().map((v) => v.session_id);
    expect(sessions.filter((s) => s === 500)).toHaveLength(1);
    expect(sessions.at(-1)).toBe(0);
  });

  it('arms an open session again once the queue is drained, when its coin has not fallen', async () => {
    const { side, driver } = await start('rating-v1-rearm');
    expect(await driver.arm(501, 120)).toBe(true);
    // The device loses power with the link (its armed session is gone, its events are not); coins
    // fall meanwhile, with no session.
    await silentSpell(side, driver, () => {
      side.powerCycle();
      for (let i = 0; i < 10; i++) side.device.coin(i % 5, Date.now());
    });
    await until('re-armed after the drain', () => side.device.armed(Date.now())?.sessionId === 501, 5000);
    expect(side.device.unacknowledged()).toEqual([]);
  });

  it('DISARMs a device that stayed armed for a session that ended while the link was down', async () => {
    const { side, sink, driver } = await start('rating-v1-disarm');
    expect(await driver.arm(600, 120)).toBe(true);
    // Signed out while the link is down: the driver forgets the session, the device cannot hear it.
    await silentSpell(side, driver);
    expect(await driver.disarm()).toBe(false);
    expect(side.device.armed(Date.now())?.sessionId).toBe(600);
    await until('connected again', () => driver.status().state === 'connected', 10_000);
    await until('disarmed on reconnection', () => side.device.armed(Date.now()) === null, 3000);
    side.device.coin(2, Date.now());
    await until('coin stored', () => sink.votes().length === 1);
    expect(sink.votes()[0]?.session_id).toBe(0);
  });

  it('queues an arm() made during the handshake and sends it right after (not answered false)', async () => {
    const { side, driver } = await start('rating-v1-arm-handshake');
    let armed: Promise<boolean> | null = null;
    await silentSpell(side, driver);
    side.answer = (request, reply) => {
      // A new session asked while IDENT is on the wire after the reconnection.
      if (request.cmd === V1_CMD.IDENT && armed === null) armed = driver.arm(700, 60);
      return reply;
    };
    await until('arm asked during the handshake', () => armed !== null, 10_000);
    expect(await armed).toBe(true);
    expect(side.device.armed(Date.now())?.sessionId).toBe(700);
  });

  it('arms the open session once a fault that refused ARM clears (卡币 cleared at the counter)', async () => {
    const { side, sink, driver } = await start('rating-v1-jam');
    side.device.fault('coin_jam', Date.now());
    await until('jam shown', () => driver.flags()?.coinJam === true);
    await expect(driver.arm(800, 120)).rejects.toThrow(/评价器拒绝开始评价/);
    // Still jammed: not asked again on every POLL.
    await new Promise((r) => setTimeout(r, 700));
    expect(side.device.armed(Date.now())).toBeNull();
    side.device.clearFaults();
    await until('armed once the jam cleared', () => side.device.armed(Date.now())?.sessionId === 800, 3000);
    side.device.coin(0, Date.now());
    await until('coin stored', () => sink.votes().some((v) => v.session_id === 800));
  });
});

describe('v1 driver: failures that repeat are shown, and logged sparingly', () => {
  it('says `error` in words after repeated failed commits, logs the streak once, and recovers when the store does', async () => {
    let failing = true;
    const log = recordingLogger();
    const { side, sink, driver } = await start('rating-v1-commit-fails', { fail: () => failing, log, timing: { failuresBeforeError: 4 } });
    side.device.coin(0, Date.now());
    await until('error shown', () => driver.status().state === 'error', 5000);
    expect(driver.status().detail).toBe(COMMIT_FAILING_WORDS);
    // Several tries, each 250 ms apart; one log line for the streak (the next would come after a minute).
    await until('more tries', () => sink.failures >= 6, 5000);
    expect(log.lines.filter((l) => l.level === 'error')).toHaveLength(1);
    expect(side.device.unacknowledged()).toHaveLength(1);
    failing = false;
    await until('stored and acknowledged', () => side.device.unacknowledged().length === 0, 5000);
    await until('connected again', () => driver.status().state === 'connected');
    expect(sink.votes()).toHaveLength(1);
  });

  it('says `error` in words when the device refuses every POLL, and connected once it answers again', async () => {
    const log = recordingLogger();
    const { side, driver } = await start('rating-v1-poll-nak', { log, timing: { failuresBeforeError: 4 } });
    side.answer = (request, reply) => (request.cmd === V1_CMD.POLL ? encodeV1Frame({ addr: 1, seq: request.seq, cmd: V1_CMD.NAK, payload: nak('wrong_state') }) : reply);
    await until('error shown', () => driver.status().state === 'error', 5000);
    expect(driver.status().detail).toMatch(/评价器拒绝轮询/);
    await new Promise((r) => setTimeout(r, 1000));
    expect(log.lines.filter((l) => l.message === 'rating device refused POLL')).toHaveLength(1);
    side.answer = null;
    await until('connected again', () => driver.status().state === 'connected', 3000);
  });
});

describe('v1 driver: port listing', () => {
  it('connects on the configured path when SerialPort.list() never answers', async () => {
    const { driver } = await start('rating-v1-hung-list', { usb: true, listPorts: () => new Promise(() => undefined), timing: { listTimeoutMs: 200 } });
    expect(driver.status().state).toBe('connected');
  });
});
