import Database from 'better-sqlite3';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Satisfaction } from '../../../electron/contract/ratings';
import type { Clock } from '../../../electron/core/clock';
import { coreCapabilities, type RegisterCapabilities } from '../../../electron/core/create-core';
import type { RatingsModule } from '../../../electron/core/ratings/ratings-module';
import { createTestCore, JQ_WINDOW_12, type TestCore } from '../../support/core-fixture';
import { makeTempDir } from '../../support/temp-dirs';

function clockAt(iso: string): Clock & { set(iso: string): void } {
  let t = new Date(iso).getTime();
  return { now: () => new Date((t += 1)), set: (next) => (t = new Date(next).getTime()) };
}

let t: TestCore | null = null;
afterEach(async () => {
  await t?.close();
  t = null;
});

/** A device on a port that does not exist (stays offline): the votes are handed to the sink directly. */
const NO_PORT = path.join(makeTempDir('no-rating-port'), 'ttyNONE');

/** A real core on `dataDir` (or a new one), with the ratings module's sink at hand and the follow-up's working days set. */
async function core(clock: Clock, followUpWorkingDays: number, dataDir?: string): Promise<{ t: TestCore; ratings: () => RatingsModule }> {
  let ratings: RatingsModule | null = null;
  const register: RegisterCapabilities = (ctx, inputs) => {
    const caps = coreCapabilities(ctx, inputs);
    ratings = caps.modules.find((m) => m.name === 'ratings') as RatingsModule;
    return caps;
  };
  const config = {
    ...JQ_WINDOW_12,
    devices: { ratingDevice: { type: 'serial' as const, path: NO_PORT, baudRate: 9600 } },
    ratings: { followUpWorkingDays },
  };
  const made = await createTestCore({ register, config, clock, ...(dataDir ? { dataDir } : {}) });
  return { t: made, ratings: () => ratings as unknown as RatingsModule };
}

let eventId = 0;
/** A v1 coin with no session, received now by `clock`. */
function coin(clock: Clock, satisfaction: Satisfaction) {
  eventId += 1;
  const at = clock.now();
  return {
    key: `v1:SN-CAL-0001:${eventId}`,
    protocol: 'v1' as const,
    satisfaction,
    deviceSerial: 'SN-CAL-0001',
    deviceEventId: eventId,
    address: 1,
    slot: 4,
    deviceSessionId: 0,
    deviceTime: new Date(Math.floor(at.getTime() / 1000) * 1000).toISOString(),
    receivedAt: at.toISOString(),
  };
}

/** 2027's schedule as a newer build or the upstream brings it. A test fixture, not a real notice: 1–8 January off. */
const OFFICIAL_2027 = {
  year: 2027,
  status: 'official',
  source: '测试用放假安排（非真实通知）',
  publishedOn: '2026-12-30',
  holidays: [{ name: '元旦', dates: ['2027-01-01', '2027-01-02', '2027-01-03', '2027-01-04', '2027-01-05', '2027-01-06', '2027-01-07', '2027-01-08'] }],
  makeUpWorkdays: [],
};

describe('a 差评 follow-up due in a 暂定 year', () => {
  it('moves its due date when the official schedule arrives: recorded on the rating, on its page, and in the list’s order and overdue marks', async () => {
    // Monday 28 December 2026 (hall time): 15 working days by the statutory rules for 2027
    // (only 1 January off) end on Tuesday 19 January 2027, 暂定.
    const clock = clockAt('2026-12-28T02:00:00Z');
    let c = await core(clock, 15);
    t = c.t;
    await t.signIn();
    c.ratings().sink.commitVote(coin(clock, 'very_dissatisfied'));
    const [early] = await t.call('ratings.followUps', { state: 'open' });
    expect(early).toMatchObject({ dueDate: '2027-01-19', dueProvisional: true, overdue: false });
    const dataDir = t.dataDir;

    // Three weeks on, with 3 working days configured: Monday 18 January → Thursday 21 January, 暂定 too.
    await t.close();
    clock.set('2027-01-18T02:00:00Z');
    c = await core(clock, 3, dataDir);
    t = c.t;
    await t.signIn();
    c.ratings().sink.commitVote(coin(clock, 'dissatisfied'));
    const late = (await t.call('ratings.followUps', { state: 'open' })).find((f) => f.id !== early?.id);
    expect(late).toMatchObject({ dueDate: '2027-01-21', dueProvisional: true });

    // Wednesday 20 January: the first is overdue and listed first.
    clock.set('2027-01-20T02:00:00Z');
    expect((await t.call('ratings.followUps', { state: 'open' })).map((f) => [f.id, f.dueDate, f.overdue])).toEqual([
      [early?.id, '2027-01-19', true],
      [late?.id, '2027-01-21', false],
    ]);
    await t.close();
    t = null;

    // The official schedule arrives (stored as the calendar module stores it), then the program starts.
    const db = new Database(path.join(dataDir, 'counter.sqlite'));
    db.prepare("UPDATE calendar_years SET status = 'official', body = ? WHERE year = 2027").run(JSON.stringify(OFFICIAL_2027));
    db.close();
    c = await core(clock, 3, dataDir);
    t = c.t;
    await t.signIn();

    // 29–31 December, then 11 January on: the 15th working day is Tuesday 26 January — no longer
    // overdue, and now after the second, whose date stands (its 暂定 mark goes).
    const open = await t.call('ratings.followUps', { state: 'open' });
    expect(open.map((f) => [f.id, f.dueDate, f.dueProvisional, f.overdue])).toEqual([
      [late?.id, '2027-01-21', false, false],
      [early?.id, '2027-01-26', false, false],
    ]);
    const page = await t.call('ratings.followUp', { followUpId: early?.id ?? '' });
    const step = page.steps.at(-1);
    expect(step).toMatchObject({ kind: 'dueRecomputed', staffId: null, staffName: null });
    expect(step?.note).toContain('2027-01-19（暂定） → 2027-01-26');
    expect(page.steps.map((s) => s.kind)).toEqual(['opened', 'dueRecomputed']);

    // On the rating's stream, with the projection's version: a lead acting on the page's version is not refused.
    await t.close();
    t = null;
    const check = new Database(path.join(dataDir, 'counter.sqlite'), { readonly: true });
    const recorded = check
      .prepare(
        `SELECT e.payload, e.stream_version, f.version FROM events e JOIN follow_ups f ON f.rating_id = e.stream_id
         WHERE e.type = 'rating.followUpDueRecomputed' AND f.id = ?`,
      )
      .all(early?.id) as Array<{ payload: string; stream_version: number; version: number }>;
    check.close();
    expect(recorded).toHaveLength(1);
    expect(recorded[0]?.stream_version).toBe(recorded[0]?.version);
    expect(JSON.parse(recorded[0]?.payload ?? '{}')).toMatchObject({
      previousDueDate: '2027-01-19',
      previousDueProvisional: true,
      dueDate: '2027-01-26',
      dueProvisional: false,
      workingDays: 15,
      calendarYears: [2026, 2027],
    });

    // Once only: a further start finds nothing to move.
    c = await core(clock, 3, dataDir);
    t = c.t;
    await t.signInAs('lead');
    const again = await t.call('ratings.followUp', { followUpId: early?.id ?? '' });
    expect(again.steps.map((s) => s.kind)).toEqual(['opened', 'dueRecomputed']);
    const verified = await t.call('ratings.verify', { followUpId: again.id, version: again.version, finding: '已核实' });
    expect(verified.stage).toBe('revisiting');
  });
});
