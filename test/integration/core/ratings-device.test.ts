import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { AnyCoreEvent } from '../../../electron/contract/events';
import type { Rating } from '../../../electron/contract/ratings';
import { createTestCore, JQ_WINDOW_12, STAFF, type TestCore } from '../../support/core-fixture';
import { SOLE_TRADER, intakeArgs, personApplicant } from '../../support/intake-args';
import { startPtyPair, type PtyPair } from '../../support/socat';
import { makeTempDir } from '../../support/temp-dirs';
import { startVirtualRatingDevice, type VirtualRatingDevice } from '../../support/virtual-rating-device';
import Database from 'better-sqlite3';
import { coreCapabilities, type RegisterCapabilities } from '../../../electron/core/create-core';
import type { RatingsModule } from '../../../electron/core/ratings/ratings-module';

// The core's whole path for a coin: the virtual rating device (W's emulator, a child process) on
// one end of a pty pair, D's driver (as create-core builds it) on the other, the ratings module's
// sessions and sink in between.

const stops: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const stop of stops.splice(0).reverse()) await stop().catch(() => undefined);
});

interface Bench {
  t: TestCore;
  device: VirtualRatingDevice;
  pty: PtyPair;
  events: AnyCoreEvent[];
  dir: string;
}

async function bench(dataDir?: string, pty?: PtyPair, device?: VirtualRatingDevice): Promise<Bench> {
  const dir = dataDir ?? makeTempDir('ratings-device');
  const pair = pty ?? (await startPtyPair(dir));
  if (!pty) stops.push(() => pair.stop());
  const emulator = device ?? (await startVirtualRatingDevice({ port: pair.b, serial: 'SN-PTY-0001', stateFile: path.join(dir, 'device-state.json') }));
  if (!device) stops.push(() => emulator.stop());
  const t = await createTestCore({
    ...(dataDir ? { dataDir } : {}),
    config: { ...JQ_WINDOW_12, devices: { ratingDevice: { type: 'serial', path: pair.a, baudRate: 9600 } } },
  });
  stops.push(() => t.close());
  const events: AnyCoreEvent[] = [];
  t.core.subscribe((e) => events.push(e));
  return { t, device: emulator, pty: pair, events, dir: t.dataDir };
}

async function until<T>(what: string, probe: () => T | null | undefined | false | Promise<T | null | undefined | false>, timeoutMs = 8000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const got = await probe();
    if (got) return got;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

const received = (b: Bench): Rating[] => b.events.flatMap((e) => (e.name === 'ratings.received' ? [e.payload] : []));

async function decide(t: TestCore): Promise<{ id: string; caseNumber: string }> {
  const sole = await t.call('catalog.getItem', { code: SOLE_TRADER.code });
  const accepted = await t.call('intake.submit', intakeArgs(SOLE_TRADER, sole.materials, { received: sole.materials.map((m) => m.id) }, { kind: 'accept' }, { applicant: personApplicant('周芷若', 5) }));
  await t.call('cases.decide', { caseId: accepted.id, outcome: 'approved', reason: '', legalBasis: '' });
  return { id: accepted.id, caseNumber: accepted.caseNumber };
}

describe('ratings over a real driver and an emulated device on a pty pair', () => {
  it('a finished case arms the device; the coin is stored with the case, staff and window, acknowledged once', async () => {
    const b = await bench();
    await until('the device connected', async () => (await b.t.call('app.health', {})).devices.find((d) => d.id === 'ratingDevice')?.state === 'connected');
    await b.t.signIn();
    const done = await decide(b.t);
    const armed = await until('the device armed', () => b.device.armedSession());
    const session = await b.t.call('ratings.session', {});
    expect(armed.sessionId).toBe(session?.deviceSessionId);
    await until('deviceArmed', async () => (await b.t.call('ratings.session', {}))?.deviceArmed);

    await b.device.coin('满意');
    const [rating] = await until('the rating', () => (received(b).length > 0 ? received(b) : null));
    expect(rating).toMatchObject({
      satisfaction: 'satisfied',
      attribution: 'session',
      caseId: done.id,
      caseNumber: done.caseNumber,
      staffName: STAFF.name,
      windowNumber: 12,
      origin: { protocol: 'v1', deviceSerial: 'SN-PTY-0001', slot: 1 },
    });
    await until('the device acknowledged', async () => (await b.device.unacknowledged()).length === 0 && (await b.device.events()).length === 1);
    expect(await b.t.call('ratings.session', {})).toBeNull();
    expect((await b.t.call('ratings.search', { caseId: done.id })).ratings.map((r) => r.id)).toEqual([rating?.id]);
  });

  it('a coin with nobody signed in is kept for the window alone; a jam is stored and told', async () => {
    const b = await bench();
    await until('the device connected', async () => (await b.t.call('app.health', {})).devices.find((d) => d.id === 'ratingDevice')?.state === 'connected');
    await b.device.coin('非常满意');
    await b.device.fault('coin_jam');
    await until('both', () => received(b).length === 1 && b.events.some((e) => e.name === 'ratings.deviceFault'));
    expect(received(b)[0]).toMatchObject({ attribution: 'nobody', staffId: null, caseId: null, windowNumber: 12 });
    expect(b.events.find((e) => e.name === 'ratings.deviceFault')).toMatchObject({ payload: { fault: 'coin_jam', deviceSerial: 'SN-PTY-0001' } });
    await until('acknowledged', async () => (await b.device.unacknowledged()).length === 0);
  });

  it('a newer service re-arms the device with its own session; sign-out disarms it', async () => {
    const b = await bench();
    await until('the device connected', async () => (await b.t.call('app.health', {})).devices.find((d) => d.id === 'ratingDevice')?.state === 'connected');
    await b.t.signIn();
    const first = await b.t.call('ratings.requestRating', { caseId: null });
    await until('armed', async () => (await b.device.armedSession())?.sessionId === first.deviceSessionId);
    const done = await decide(b.t);
    const second = await b.t.call('ratings.session', {});
    expect(second).toMatchObject({ caseId: done.id });
    await until('armed with the newer session', async () => (await b.device.armedSession())?.sessionId === second?.deviceSessionId);
    await b.t.call('session.signOut', {});
    await until('disarmed', async () => (await b.device.armedSession()) === null && (await b.device.snapshot()).flags?.armed === false);
    expect(await b.t.call('ratings.session', {}).catch(() => 'signed out')).toBe('signed out');
  });

  it('a restart of the core keeps the open session and arms the device again with it', async () => {
    const first = await bench();
    await until('the device connected', async () => (await first.t.call('app.health', {})).devices.find((d) => d.id === 'ratingDevice')?.state === 'connected');
    await first.t.signIn();
    const session = await first.t.call('ratings.requestRating', { caseId: null });
    await until('armed', async () => (await first.device.armedSession())?.sessionId === session.deviceSessionId);
    await first.t.close();
    // The device disarms itself 10 s after its last poll (rule 4); disarm it now as a power cut would.
    await first.device.kill();
    await first.device.restart();
    const device = first.device;
    expect(await device.armedSession()).toBeNull();

    const second = await bench(first.dir, first.pty, device);
    await until('armed again', async () => (await device.armedSession())?.sessionId === session.deviceSessionId);
    await second.t.signIn();
    await device.coin(1);
    await until('the rating', () => received(second).length === 1);
    expect(received(second)[0]).toMatchObject({ attribution: 'session', sessionId: session.id });
  });

  it('测试评价器 identifies the device; without it, says so in words', async () => {
    const b = await bench();
    await until('the device connected', async () => (await b.t.call('app.health', {})).devices.find((d) => d.id === 'ratingDevice')?.state === 'connected');
    await b.t.signInAs('it_admin');
    const test = await b.t.call('ratings.testDevice', {});
    expect(test).toMatchObject({ protocol: 'v1', serial: 'SN-PTY-0001', endpoint: b.pty.a });
    expect(test.slots.map((s) => s.satisfaction)).toEqual(['very_satisfied', 'satisfied', 'basically_satisfied', 'dissatisfied', 'very_dissatisfied']);
    await b.device.mute();
    const err = await b.t.fail('ratings.testDevice', {});
    expect(err.code).toBe('unavailable');
    expect(err.message).toMatch(/[\u4e00-\u9fff]/);
  });

  it('设置 saved with a rating device takes it into use without a restart, and the next session uses the new time-out', async () => {
    const dir = makeTempDir('ratings-live');
    const pty = await startPtyPair(dir);
    stops.push(() => pty.stop());
    const device = await startVirtualRatingDevice({ port: pty.b, serial: 'SN-LIVE-0001' });
    stops.push(() => device.stop());
    const t = await createTestCore({ config: JQ_WINDOW_12 });
    stops.push(() => t.close());
    const state = async (): Promise<string | undefined> => (await t.call('app.health', {})).devices.find((d) => d.id === 'ratingDevice')?.state;
    expect(await state()).toBe('not_configured');

    await t.signInAs('it_admin');
    const before = await t.call('settings.get', {});
    const config = {
      ...before.config,
      devices: { ...before.config.devices, ratingDevice: { type: 'serial', path: pty.a, baudRate: 9600, protocol: 'v1', address: 1, usb: null, legacyScores: before.config.devices.ratingDevice?.legacyScores ?? { '5': 'very_satisfied', '4': 'satisfied', '3': 'basically_satisfied', '2': 'dissatisfied', '1': 'very_dissatisfied' } } },
      ratings: { followUpWorkingDays: 10, sessionSeconds: 120 },
    } as typeof before.config;
    const saved = await t.call('settings.update', { config, revision: before.revision });
    expect(saved.applied).toEqual(expect.arrayContaining(['devices.ratingDevice', 'ratings.sessionSeconds']));
    expect(saved.restartRequired).toBe(false);
    await until('connected', async () => (await state()) === 'connected');

    await t.signIn();
    const session = await t.call('ratings.requestRating', { caseId: null });
    expect(Date.parse(session.expiresAt) - Date.parse(session.armedAt)).toBe(120_000);
    await until('armed', async () => (await device.armedSession())?.sessionId === session.deviceSessionId);
  });

  it("a caller keypad's 请评价 key on the legacy hall bus arms a session for the clerk signed in; the vote goes to it", async () => {
    const dir = makeTempDir('ratings-legacy');
    const pty = await startPtyPair(dir);
    stops.push(() => pty.stop());
    const device = await startVirtualRatingDevice({ port: pty.b, protocol: 'legacy-bus', address: 12 });
    stops.push(() => device.stop());
    const t = await createTestCore({
      config: { ...JQ_WINDOW_12, devices: { ratingDevice: { type: 'serial', path: pty.a, baudRate: 9600, protocol: 'legacy-bus', address: 12 } } },
    });
    stops.push(() => t.close());
    const events: AnyCoreEvent[] = [];
    t.core.subscribe((e) => events.push(e));
    await t.signIn();
    await device.key('rate');
    const session = await until('a session', async () => t.call('ratings.session', {}));
    expect(session).toMatchObject({ caseId: null, serviceLabel: '窗口服务 请评价' });
    await until('请评价 lit', async () => (await device.snapshot()).prompting === true);
    await device.coin(2);
    const rating = await until('the vote', () => events.find((e) => e.name === 'ratings.received')?.payload as Rating | undefined);
    expect(rating).toMatchObject({ attribution: 'session', sessionId: session.id, satisfaction: 'satisfied', origin: { protocol: 'legacy-bus', address: 12 } });
  });

  it('an event id the device reused for another coin is stored under a new key and shown in the status bar in words', async () => {
    const dir = makeTempDir('ratings-reused');
    const pty = await startPtyPair(dir);
    stops.push(() => pty.stop());
    const device = await startVirtualRatingDevice({ port: pty.b, serial: 'SN-REUSE-0001' });
    stops.push(() => device.stop());
    let ratings: RatingsModule | null = null;
    const register: RegisterCapabilities = (ctx, inputs) => {
      const caps = coreCapabilities(ctx, inputs);
      ratings = caps.modules.find((m) => m.name === 'ratings') as RatingsModule;
      return caps;
    };
    const t = await createTestCore({ register, config: { ...JQ_WINDOW_12, devices: { ratingDevice: { type: 'serial', path: pty.a, baudRate: 9600 } } } });
    stops.push(() => t.close());
    const health = async () => (await t.call('app.health', {})).devices.find((d) => d.id === 'ratingDevice');
    await until('connected', async () => (await health())?.state === 'connected');
    const sink = (ratings as unknown as RatingsModule).sink;
    await device.coin('满意');
    const count = (): number => {
      const probe = new Database(path.join(t.dataDir, 'counter.sqlite'), { readonly: true });
      try {
        return probe.prepare('SELECT count(*) FROM ratings').pluck().get() as number;
      } finally {
        probe.close();
      }
    };
    await until('stored', () => count() === 1);
    const db = new Database(path.join(t.dataDir, 'counter.sqlite'), { readonly: true });
    const first = db.prepare('SELECT vote_key AS key, device_event_id AS eventId FROM ratings').get() as { key: string; eventId: number };
    db.close();
    // The same key again, as a device whose counter restarted would send it: another coin.
    sink.commitVote({
      key: first.key,
      protocol: 'v1',
      satisfaction: 'very_dissatisfied',
      deviceSerial: 'SN-REUSE-0001',
      deviceEventId: first.eventId,
      address: 1,
      slot: 4,
      deviceSessionId: 0,
      deviceTime: new Date(Math.floor(Date.now() / 1000) * 1000).toISOString(),
      receivedAt: new Date().toISOString(),
    });
    const after = new Database(path.join(t.dataDir, 'counter.sqlite'), { readonly: true });
    expect(after.prepare('SELECT satisfaction FROM ratings ORDER BY seq').pluck().all()).toEqual(['satisfied', 'very_dissatisfied']);
    after.close();
    expect(await health()).toMatchObject({ state: 'error', detail: '评价器事件编号重复，请联系厂家' });
  });
});
