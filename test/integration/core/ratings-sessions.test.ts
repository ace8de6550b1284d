import { afterEach, describe, expect, it } from 'vitest';
import type { AnyCoreEvent } from '../../../electron/contract/events';
import type { Satisfaction } from '../../../electron/contract/ratings';
import type { Clock } from '../../../electron/core/clock';
import { coreCapabilities, type RegisterCapabilities } from '../../../electron/core/create-core';
import type { DeviceVote } from '../../../electron/core/ratings/device/rating-driver';
import type { RatingsModule } from '../../../electron/core/ratings/ratings-module';
import Database from 'better-sqlite3';
import path from 'node:path';
import { createTestCore, JQ_WINDOW_12, STAFF, type TestCore } from '../../support/core-fixture';
import { makeTempDir } from '../../support/temp-dirs';
import { SOLE_TRADER, intakeArgs, personApplicant } from '../../support/intake-args';

/** The host's clock, movable: a session's time-out is tested without waiting for it. */
function movableClock(): Clock & { advance(ms: number): void } {
  let offset = 0;
  return { now: () => new Date(Date.now() + offset), advance: (ms) => void (offset += ms) };
}

let t: TestCore | null = null;
afterEach(async () => {
  await t?.close();
  t = null;
});

/**
 * A real core whose ratings module is at hand (its sink is what the driver calls). With
 * `device` (the default) a rating device is configured on a port that does not exist: the
 * driver stays offline, sessions are armed (and ARMed when it connects).
 */
async function core(clock: Clock = movableClock(), device = true): Promise<{ t: TestCore; ratings: () => RatingsModule; events: AnyCoreEvent[] }> {
  let ratings: RatingsModule | null = null;
  const register: RegisterCapabilities = (ctx, inputs) => {
    const caps = coreCapabilities(ctx, inputs);
    ratings = caps.modules.find((m) => m.name === 'ratings') as RatingsModule;
    return caps;
  };
  const config = device
    ? { ...JQ_WINDOW_12, devices: { ratingDevice: { type: 'serial' as const, path: path.join(makeTempDir('no-rating-port'), 'ttyNONE'), baudRate: 9600 } } }
    : JQ_WINDOW_12;
  const made = await createTestCore({ clock, register, config });
  const events: AnyCoreEvent[] = [];
  made.core.subscribe((e) => events.push(e));
  return { t: made, ratings: () => ratings as unknown as RatingsModule, events };
}

let eventId = 0;
/** A v1 coin as the driver hands it over. */
function coin(satisfaction: Satisfaction, deviceSessionId: number, at: Date = new Date(), over: Partial<DeviceVote> = {}): DeviceVote {
  eventId += 1;
  return {
    key: `v1:SN-TEST-0001:${eventId}`,
    protocol: 'v1',
    satisfaction,
    deviceSerial: 'SN-TEST-0001',
    deviceEventId: eventId,
    address: 1,
    slot: 0,
    deviceSessionId,
    deviceTime: new Date(Math.floor(at.getTime() / 1000) * 1000).toISOString(),
    receivedAt: at.toISOString(),
    ...over,
  };
}

async function decidedCase(tc: TestCore): Promise<{ id: string; caseNumber: string }> {
  const sole = await tc.call('catalog.getItem', { code: SOLE_TRADER.code });
  const accepted = await tc.call('intake.submit', intakeArgs(SOLE_TRADER, sole.materials, { received: sole.materials.map((m) => m.id) }, { kind: 'accept' }, { applicant: personApplicant('赵敏', 4) }));
  await tc.call('cases.decide', { caseId: accepted.id, outcome: 'approved', reason: '', legalBasis: '' });
  return { id: accepted.id, caseNumber: accepted.caseNumber };
}

function rows(tc: TestCore, sql: string): unknown[] {
  const db = new Database(path.join(tc.dataDir, 'counter.sqlite'), { readonly: true });
  try {
    return db.prepare(sql).all();
  } finally {
    db.close();
  }
}

describe('ratings: sessions and votes on a real core', () => {
  it('a decided case arms a session; its coin is stored with the case, the staff member and the window, once however often delivered', async () => {
    const c = await core();
    t = c.t;
    await t.signIn();
    const me = await t.call('session.current', {});
    const done = await decidedCase(t);
    const session = await t.call('ratings.session', {});
    expect(session).toMatchObject({ state: 'armed', caseId: done.id, caseNumber: done.caseNumber, staffId: me.staff?.id, serviceLabel: `${done.caseNumber} 已办结`, deviceArmed: false });
    expect(c.events.some((e) => e.name === 'ratings.sessionChanged' && e.payload?.id === session?.id)).toBe(true);

    const vote = coin('very_satisfied', session?.deviceSessionId ?? 0);
    c.ratings().sink.commitVote(vote);
    c.ratings().sink.commitVote(vote);
    c.ratings().sink.commitVote({ ...vote, receivedAt: new Date().toISOString() });

    const received = c.events.filter((e) => e.name === 'ratings.received');
    expect(received).toHaveLength(1);
    expect(received[0]?.payload).toMatchObject({
      satisfaction: 'very_satisfied',
      attribution: 'session',
      sessionId: session?.id,
      caseId: done.id,
      caseNumber: done.caseNumber,
      itemCode: SOLE_TRADER.code,
      staffId: me.staff?.id,
      staffName: STAFF.name,
      hallCode: 'JQ',
      windowNumber: 12,
      origin: { protocol: 'v1', deviceSerial: 'SN-TEST-0001', deviceEventId: vote.deviceEventId, address: 1, slot: 0 },
      followUpId: null,
      excluded: false,
    });
    expect(await t.call('ratings.session', {})).toBeNull();
    expect(c.events.at(-1)).toMatchObject({ name: 'ratings.sessionChanged', payload: null });
    expect(rows(t, `SELECT count(*) AS n FROM ratings`)).toEqual([{ n: 1 }]);
    expect(rows(t, `SELECT type, stream_version AS v FROM events WHERE stream_type = 'rating'`)).toEqual([{ type: 'rating.received', v: 1 }]);
    // Queued for the upstream with the rest of the log.
    expect(rows(t, `SELECT count(*) AS n FROM outbox o JOIN events e ON e.seq = o.event_seq WHERE e.stream_type = 'rating'`)).toEqual([{ n: 1 }]);
    expect(rows(t, `SELECT state, rating_id IS NOT NULL AS rated FROM rating_sessions`)).toEqual([{ state: 'rated', rated: 1 }]);
  });

  it('a coin with no session goes to the staff member signed in at its time; with nobody signed in, to the window alone', async () => {
    const c = await core();
    t = c.t;
    await t.signIn();
    const me = await t.call('session.current', {});
    c.ratings().sink.commitVote(coin('satisfied', 0));
    // A device clock never set (before 2020) is not believed: the coin may be anyone's, so the window's alone.
    c.ratings().sink.commitVote(coin('satisfied', 0, new Date(), { deviceTime: '2001-01-01T00:00:00.000Z' }));
    await t.call('session.signOut', {});
    c.ratings().sink.commitVote(coin('basically_satisfied', 0));
    const got = c.events.flatMap((e) => (e.name === 'ratings.received' ? [e.payload] : []));
    expect(got.map((r) => [r.attribution, r.staffId, r.caseId, r.windowNumber])).toEqual([
      ['on_duty', me.staff?.id, null, 12],
      ['nobody', null, null, 12],
      ['nobody', null, null, 12],
    ]);
    expect(got[1]?.ratedAt).toBe(got[1]?.receivedAt);
    // An unknown session id is no session either.
    await t.signIn();
    c.ratings().sink.commitVote(coin('satisfied', 424242));
    expect(c.events.filter((e) => e.name === 'ratings.received').at(-1)?.payload).toMatchObject({ attribution: 'on_duty', sessionId: null });
  });

  it('a 差评 opens a follow-up due in working days, told to the window; 3–5 open none', async () => {
    const c = await core();
    t = c.t;
    await t.signIn();
    c.ratings().sink.commitVote(coin('very_dissatisfied', 0));
    c.ratings().sink.commitVote(coin('basically_satisfied', 0));
    const open = await t.call('ratings.followUps', { state: 'open' });
    expect(open).toHaveLength(1);
    expect(open[0]).toMatchObject({ stage: 'verifying', rating: { satisfaction: 'very_dissatisfied', attribution: 'on_duty' } });
    const told = c.events.filter((e) => e.name === 'ratings.followUpChanged');
    expect(told).toHaveLength(1);
    expect(c.events.find((e) => e.name === 'ratings.received' && e.payload.satisfaction === 'very_dissatisfied')).toMatchObject({ payload: { followUpId: open[0]?.id } });
    expect(rows(t, `SELECT type FROM events WHERE stream_type = 'rating' ORDER BY seq`)).toEqual([
      { type: 'rating.received' },
      { type: 'rating.followUpOpened' },
      { type: 'rating.received' },
    ]);
  });

  it('a new service supersedes the armed session, the time-out expires it, sign-out ends it', async () => {
    const clock = movableClock();
    const c = await core(clock);
    t = c.t;
    await t.signIn();
    const first = await decidedCase(t);
    const armed = await t.call('ratings.session', {});
    const second = await t.call('ratings.requestRating', { caseId: null });
    expect(second).toMatchObject({ state: 'armed', caseId: null, serviceLabel: '窗口服务 请评价' });
    expect(second.deviceSessionId).not.toBe(armed?.deviceSessionId);
    expect(rows(t, `SELECT case_id AS caseId, state FROM rating_sessions ORDER BY seq`)).toEqual([
      { caseId: first.id, state: 'superseded' },
      { caseId: null, state: 'armed' },
    ]);
    // A late coin of the superseded session is still that service's rating, and leaves the new one armed.
    c.ratings().sink.commitVote(coin('satisfied', armed?.deviceSessionId ?? 0));
    expect(c.events.filter((e) => e.name === 'ratings.received').at(-1)).toMatchObject({ payload: { attribution: 'session', caseId: first.id } });
    expect((await t.call('ratings.session', {}))?.id).toBe(second.id);

    clock.advance(61_000);
    expect(await t.call('ratings.session', {})).toBeNull();
    expect(rows(t, `SELECT state FROM rating_sessions WHERE id = '${second.id}'`)).toEqual([{ state: 'expired' }]);

    // The first case's service has its rating (the late coin): no second one by hand.
    const again = await t.fail('ratings.requestRating', { caseId: first.id });
    expect([again.code, again.message]).toEqual(['conflict', '该办件本次服务已评价']);
    const third = await t.call('ratings.requestRating', { caseId: null });
    await t.call('session.signOut', {});
    expect(rows(t, `SELECT state FROM rating_sessions WHERE id = '${third.id}'`)).toEqual([{ state: 'ended' }]);
    expect(c.events.at(-1)).toMatchObject({ name: 'ratings.sessionChanged', payload: null });
  });

  it('暂离 keeps the session; an unknown case is refused', async () => {
    const c = await core();
    t = c.t;
    await t.signIn();
    const s = await t.call('ratings.requestRating', { caseId: null });
    await t.call('session.pause', {});
    expect(rows(t, `SELECT state FROM rating_sessions WHERE id = '${s.id}'`)).toEqual([{ state: 'armed' }]);
    await t.call('session.resume', { pin: STAFF.pin });
    const err = await t.fail('ratings.requestRating', { caseId: '01900000-0000-7000-8000-000000000000' });
    expect(err.code).toBe('not_found');
  });

  it('a restart keeps the open session', async () => {
    const c = await core();
    t = c.t;
    await t.signIn();
    const s = await t.call('ratings.requestRating', { caseId: null });
    t = await t.reopen();
    await t.signIn();
    expect(await t.call('ratings.session', {})).toMatchObject({ id: s.id, state: 'armed' });
  });

  it('测试评价器 with no device configured says so in words', async () => {
    const c = await core(movableClock(), false);
    t = c.t;
    await t.signInAs('it_admin');
    const err = await t.fail('ratings.testDevice', {});
    expect(err.code).toBe('unavailable');
    expect(err.message).toContain('未配置评价器');
    const health = await t.call('app.health', {});
    expect(JSON.stringify(health)).toContain('ratingDevice');
  });
});

/** The host's clock, set by hand: sign-ins, coins and deliveries at the minutes a scenario names. */
function settableClock(startIso: string): Clock & { set(iso: string): void } {
  let now = Date.parse(startIso);
  return { now: () => new Date(now), set: (iso) => void (now = Date.parse(iso)) };
}

const receivedOf = (events: AnyCoreEvent[]) => events.flatMap((e) => (e.name === 'ratings.received' ? [e.payload] : []));

describe('ratings: review of issue 15 (一次一评, late coins, 请评价 by hand, no device, reused event ids)', () => {
  it('一次一评: a second coin naming an already rated session is kept as a coin with no session, never a second rating of the case', async () => {
    const c = await core();
    t = c.t;
    await t.signIn();
    const me = await t.call('session.current', {});
    const done = await decidedCase(t);
    const session = await t.call('ratings.session', {});
    // The device was armed again for the same session after a lost event, and took a second coin.
    c.ratings().sink.commitVote(coin('satisfied', session?.deviceSessionId ?? 0));
    c.ratings().sink.commitVote(coin('very_dissatisfied', session?.deviceSessionId ?? 0));
    expect(receivedOf(c.events).map((r) => [r.attribution, r.sessionId, r.caseId, r.staffId])).toEqual([
      ['session', session?.id, done.id, me.staff?.id],
      ['on_duty', null, null, me.staff?.id],
    ]);
    expect(rows(t, `SELECT count(*) AS n FROM ratings WHERE case_id IS NOT NULL OR session_id IS NOT NULL`)).toEqual([{ n: 1 }]);
  });

  it('a coin delivered late goes to whoever was on duty when it fell and counts on that day; a clock never set goes to nobody', async () => {
    // Asia/Shanghai: 09:00 is 01:00Z.
    const clock = settableClock('2026-11-30T01:00:00.000Z');
    const c = await core(clock);
    t = c.t;
    await t.addStaff({ number: '1002', name: '李强', pin: '739164' });
    await t.signIn();
    const wang = (await t.call('session.current', {})).staff?.id;
    clock.set('2026-11-30T04:00:00.000Z'); // 12:00 王芳 signs out
    await t.call('session.signOut', {});
    clock.set('2026-11-30T04:05:00.000Z'); // 12:05 李强 signs in
    await t.signIn('1002', '739164');
    const li = (await t.call('session.current', {})).staff?.id;
    // 12:20: the coin of 11:55, queued in the device while its cable was out.
    clock.set('2026-11-30T04:20:00.000Z');
    c.ratings().sink.commitVote(coin('very_dissatisfied', 0, clock.now(), { deviceTime: '2026-11-30T03:55:00.000Z' }));
    expect(receivedOf(c.events).at(-1)).toMatchObject({ attribution: 'on_duty', staffId: wang, staffName: '王芳', ratedAt: '2026-11-30T03:55:00.000Z' });
    // Its 差评 follow-up is 王芳's, not 李强's.
    expect(rows(t, `SELECT staff_id AS staffId FROM follow_ups`)).toEqual([{ staffId: wang }]);

    // Next morning 09:00: a coin of yesterday 12:10 (李强 on duty) counts on yesterday.
    clock.set('2026-12-01T01:00:00.000Z');
    c.ratings().sink.commitVote(coin('satisfied', 0, clock.now(), { deviceTime: '2026-11-30T04:10:00.000Z' }));
    expect(receivedOf(c.events).at(-1)).toMatchObject({ attribution: 'on_duty', staffId: li });
    expect((await t.call('ratings.search', { from: '2026-11-30', to: '2026-11-30' })).total).toBe(2);
    expect((await t.call('ratings.search', { from: '2026-12-01', to: '2026-12-01' })).total).toBe(0);
    const byDay = await t.call('ratings.summary', { from: '2026-11-30', to: '2026-12-01', groupBy: 'day' });
    expect(byDay.rows.map((r) => [r.key, r.total])).toEqual([
      ['2026-11-30', 2],
      ['2026-12-01', 0],
    ]);

    // A battery-less clock that restarted at 1970: nobody's, never the clerk's at delivery.
    c.ratings().sink.commitVote(coin('satisfied', 0, clock.now(), { deviceTime: '1970-01-01T00:00:05.000Z' }));
    expect(receivedOf(c.events).at(-1)).toMatchObject({ attribution: 'nobody', staffId: null, caseId: null });
  });

  it('请评价 by hand: the open session of the same case is returned, a rated service refused in words, every ask on the caller’s record', async () => {
    const c = await core();
    t = c.t;
    await t.signIn();
    const me = (await t.call('session.current', {})).staff?.id;
    const done = await decidedCase(t);
    const armed = await t.call('ratings.session', {});
    const same = await t.call('ratings.requestRating', { caseId: done.id });
    expect(same.id).toBe(armed?.id);
    c.ratings().sink.commitVote(coin('very_dissatisfied', armed?.deviceSessionId ?? 0));
    const refused = await t.fail('ratings.requestRating', { caseId: done.id });
    expect([refused.code, refused.message]).toEqual(['conflict', '该办件本次服务已评价']);
    expect(rows(t, `SELECT count(*) AS n FROM rating_sessions`)).toEqual([{ n: 1 }]);
    const other = await t.call('ratings.requestRating', { caseId: null });
    expect(other.staffId).toBe(me);
    expect(
      rows(
        t,
        `SELECT stream_id AS staffId, json_extract(payload, '$.caseId') AS caseId, json_extract(payload, '$.sessionId') AS sessionId
           FROM events WHERE stream_type = 'staff' AND type = 'staff.ratingRequested' ORDER BY seq`,
      ),
    ).toEqual([
      { staffId: me, caseId: done.id, sessionId: armed?.id },
      { staffId: me, caseId: done.id, sessionId: null },
      { staffId: me, caseId: null, sessionId: other.id },
    ]);
  });

  it('with no rating device configured nothing is armed: 请评价 says so, a decided case opens no session', async () => {
    const c = await core(movableClock(), false);
    t = c.t;
    await t.signIn();
    await decidedCase(t);
    expect(await t.call('ratings.session', {})).toBeNull();
    expect(rows(t, `SELECT count(*) AS n FROM rating_sessions`)).toEqual([{ n: 0 }]);
    const err = await t.fail('ratings.requestRating', { caseId: null });
    expect([err.code, err.message]).toEqual(['unavailable', '本窗口未配置评价器']);
  });

  it('an event id the device reused for another coin loses no coin: stored under a new key, and told again it is stored once', async () => {
    const c = await core();
    t = c.t;
    await t.signIn();
    const first = coin('very_satisfied', 0);
    c.ratings().sink.commitVote(first);
    // The counter restarted (firmware reflashed): the same key, another citizen, another level.
    const second = { ...coin('very_dissatisfied', 0), key: first.key, deviceEventId: first.deviceEventId, deviceTime: '2026-11-30T09:00:00.000Z' };
    c.ratings().sink.commitVote(second);
    c.ratings().sink.commitVote(second);
    c.ratings().sink.commitVote(first);
    const stored = rows(t, `SELECT vote_key AS key, satisfaction FROM ratings ORDER BY seq`) as Array<{ key: string; satisfaction: string }>;
    expect(stored.map((r) => r.satisfaction)).toEqual(['very_satisfied', 'very_dissatisfied']);
    expect(stored[0]?.key).toBe(first.key);
    expect(stored[1]?.key).toMatch(new RegExp(`^${first.key}:dup:[0-9a-f-]{36}$`));
    expect(receivedOf(c.events)).toHaveLength(2);
  });
});

describe('ratings: only window staff are on duty (the 系统管理员 does no case work)', () => {
  it('a coin while only the administrator is signed in is nobody’s; a clerk’s coin keeps the role of its time after a later role change', async () => {
    // The clock starts after the accounts are registered (the staff command records them at the
    // real time), so the role events are all in the order the scenario names.
    const c0 = Math.ceil(Date.now() / 1000) * 1000 + 60_000;
    const at = (minutes: number) => new Date(c0 + minutes * 60_000).toISOString();
    const clock = settableClock(at(0));
    const c = await core(clock);
    t = c.t;
    await t.addStaff({ number: '1002', name: '李强', pin: '739164' });
    await t.signInAs('it_admin'); // new-user tryout: only the administrator is signed in
    // A caller keypad's 请评价 (legacy bus 0B) arms no session for the administrator either.
    c.ratings().sink.keypad?.({ address: 5, code: 0x0b, digit: null, receivedAt: at(0) });
    expect(rows(t, `SELECT count(*) AS n FROM rating_sessions`)).toEqual([{ n: 0 }]);
    clock.set(at(5));
    c.ratings().sink.commitVote(coin('very_dissatisfied', 0, clock.now()));
    expect(receivedOf(c.events).at(-1)).toMatchObject({ attribution: 'nobody', staffId: null, caseId: null });
    expect(rows(t, `SELECT count(*) AS n FROM follow_ups WHERE staff_id IS NOT NULL`)).toEqual([{ n: 0 }]);
    clock.set(at(10));
    await t.call('session.signOut', {});

    // 李强, a clerk, on duty at minute 12; his coin reaches the host only after he was made an administrator.
    clock.set(at(11));
    await t.signIn('1002', '739164');
    const li = (await t.call('session.current', {})).staff?.id;
    clock.set(at(13));
    await t.call('session.signOut', {});
    clock.set(at(14));
    await t.signInAs('it_admin');
    clock.set(at(15));
    await t.call('staff.setRole', { staffId: li!, role: 'it_admin' });
    clock.set(at(16));
    c.ratings().sink.commitVote(coin('satisfied', 0, clock.now(), { deviceTime: at(12) }));
    expect(receivedOf(c.events).at(-1)).toMatchObject({ attribution: 'on_duty', staffId: li, ratedAt: at(12) });
    clock.set(at(17));
    await t.call('session.signOut', {});

    // Now an administrator himself, signed in alone: his coin is nobody's.
    clock.set(at(18));
    await t.signIn('1002', '739164');
    clock.set(at(19));
    c.ratings().sink.commitVote(coin('satisfied', 0, clock.now()));
    expect(receivedOf(c.events).at(-1)).toMatchObject({ attribution: 'nobody', staffId: null });
  });
});
