import { afterEach, describe, expect, it } from 'vitest';
import type { AnyCoreEvent } from '../../../electron/contract/events';
import { FollowUpSchema, type Satisfaction } from '../../../electron/contract/ratings';
import { coreCapabilities, type RegisterCapabilities } from '../../../electron/core/create-core';
import type { DeviceVote } from '../../../electron/core/ratings/device/rating-driver';
import type { RatingsModule } from '../../../electron/core/ratings/ratings-module';
import path from 'node:path';
import { createTestCore, JQ_WINDOW_12, STAFF, STAFF_BY_ROLE, type TestCore } from '../../support/core-fixture';
import { makeTempDir } from '../../support/temp-dirs';
import { SOLE_TRADER, intakeArgs, personApplicant } from '../../support/intake-args';

let t: TestCore | null = null;
afterEach(async () => {
  await t?.close();
  t = null;
});

/** A real core whose ratings module's sink (what the device driver calls) is at hand. */
async function core(): Promise<{ t: TestCore; ratings: () => RatingsModule; events: AnyCoreEvent[] }> {
  let ratings: RatingsModule | null = null;
  const register: RegisterCapabilities = (ctx, inputs) => {
    const caps = coreCapabilities(ctx, inputs);
    ratings = caps.modules.find((m) => m.name === 'ratings') as RatingsModule;
    return caps;
  };
  // A rating device configured (on a port that does not exist, so it stays offline): with none, no session is armed.
  const config = { ...JQ_WINDOW_12, devices: { ratingDevice: { type: 'serial' as const, path: path.join(makeTempDir('no-rating-port'), 'ttyNONE'), baudRate: 9600 } } };
  const made = await createTestCore({ register, config });
  const events: AnyCoreEvent[] = [];
  made.core.subscribe((e) => events.push(e));
  return { t: made, ratings: () => ratings as unknown as RatingsModule, events };
}

let eventId = 0;
/** A v1 coin as the driver hands it over, now. */
function coin(satisfaction: Satisfaction, deviceSessionId: number): DeviceVote {
  eventId += 1;
  const at = new Date();
  return {
    key: `v1:SN-FOLLOW-0001:${eventId}`,
    protocol: 'v1',
    satisfaction,
    deviceSerial: 'SN-FOLLOW-0001',
    deviceEventId: eventId,
    address: 1,
    slot: 4,
    deviceSessionId,
    deviceTime: new Date(Math.floor(at.getTime() / 1000) * 1000).toISOString(),
    receivedAt: at.toISOString(),
  };
}

async function switchTo(tc: TestCore, role: 'clerk' | 'lead'): Promise<void> {
  await tc.call('session.signOut', {});
  if (role === 'clerk') await tc.signIn();
  else await tc.signInAs('lead');
}

describe('差评 follow-ups on a real core', () => {
  it('a 差评 after a decided case is listed with the applicant to call back, and a lead takes it to closed', async () => {
    const c = await core();
    t = c.t;
    await t.signInAs('lead'); // registers the lead's account
    await switchTo(t, 'clerk');
    const sole = await t.call('catalog.getItem', { code: SOLE_TRADER.code });
    const accepted = await t.call(
      'intake.submit',
      intakeArgs(SOLE_TRADER, sole.materials, { received: sole.materials.map((m) => m.id) }, { kind: 'accept' }, { applicant: personApplicant('赵敏', 4) }),
    );
    await t.call('cases.decide', { caseId: accepted.id, outcome: 'approved', reason: '', legalBasis: '' });
    const session = await t.call('ratings.session', {});
    c.ratings().sink.commitVote(coin('very_dissatisfied', session?.deviceSessionId ?? 0));

    // The clerk sees it, the applicant's mobile masked; and may not act on it.
    const [listed] = await t.call('ratings.followUps', { state: 'open' });
    expect(listed).toMatchObject({
      stage: 'verifying',
      overdue: false,
      contact: { name: '赵敏', mobile: '138****5678' },
      rating: { caseNumber: accepted.caseNumber, staffName: STAFF.name, satisfaction: 'very_dissatisfied', excluded: false },
      steps: [{ kind: 'opened' }],
      version: 2,
    });
    const refused = await t.fail('ratings.verify', { followUpId: listed!.id, version: 2, finding: '属实' });
    expect(refused.code).toBe('forbidden');

    await switchTo(t, 'lead');
    const id = listed!.id;
    expect((await t.call('ratings.followUp', { followUpId: id })).contact).toEqual({ name: '赵敏', mobile: '13812345678' });
    let f = await t.call('ratings.verify', { followUpId: id, version: 2, finding: '办理时间较长，解释不够' });
    expect(f.stage).toBe('revisiting');
    // A second tab still holding version 2 is told, not silently overwritten.
    const stale = await t.fail('ratings.verify', { followUpId: id, version: 2, finding: '重复' });
    expect(stale).toMatchObject({ code: 'conflict', message: '该差评回访刚被他人更新，请刷新后再操作' });
    f = await t.call('ratings.revisit', { followUpId: id, version: f.version, note: '电话回访，群众表示理解', verdict: 'basically_satisfied' });
    const early = await t.fail('ratings.close', { followUpId: id, version: f.version, verdict: 'satisfied', note: '' });
    expect(early).toMatchObject({ code: 'illegal_transition', message: '尚未记录整改措施，不能办结' });
    f = await t.call('ratings.rectify', { followUpId: id, version: f.version, measures: '窗口增设办理进度说明' });
    f = await t.call('ratings.close', { followUpId: id, version: f.version, verdict: 'satisfied', note: '' });
    expect(FollowUpSchema.parse(f)).toEqual(f);
    expect(f.stage).toBe('closed');
    expect(f.steps.map((s) => [s.kind, s.staffName])).toEqual([
      ['opened', null],
      ['verified', STAFF_BY_ROLE.lead.name],
      ['revisited', STAFF_BY_ROLE.lead.name],
      ['rectified', STAFF_BY_ROLE.lead.name],
      ['closed', STAFF_BY_ROLE.lead.name],
    ]);
    expect(await t.call('ratings.followUps', { state: 'open' })).toEqual([]);
    expect((await t.call('ratings.followUps', { state: 'closed' })).map((x) => x.id)).toEqual([id]);
    // Each act told the window, with the contact masked for whoever is watching.
    const told = c.events.filter((e) => e.name === 'ratings.followUpChanged');
    expect(told.at(-1)).toMatchObject({ payload: { id, stage: 'closed', contact: { mobile: '138****5678' } } });
    expect(told).toHaveLength(5);
    // The figures still count the rating: a closed follow-up is no excuse.
    const summary = await t.call('ratings.summary', { from: '2000-01-01', to: '2099-12-31', groupBy: 'staff' });
    expect(summary.all).toMatchObject({ total: 1, excluded: 0, satisfactionRate: 0 });
  });

  it('a lead is refused on a rating of their own; the rated lead may appeal it, and another lead uphold it out of 满意率', async () => {
    const c = await core();
    t = c.t;
    await t.signInAs('lead');
    c.ratings().sink.commitVote(coin('dissatisfied', 0)); // on duty: the lead's own rating
    const [own] = await t.call('ratings.followUps', { state: 'open' });
    expect(own?.rating.staffName).toBe(STAFF_BY_ROLE.lead.name);
    const refused = await t.fail('ratings.verify', { followUpId: own!.id, version: own!.version, finding: '不属实' });
    expect(refused).toMatchObject({ code: 'forbidden', message: '这是对您本人的差评，请由其他组长核实处理' });

    const appealed = await t.call('ratings.appeal', { followUpId: own!.id, version: own!.version, reason: '群众误投' });
    expect(appealed.stage).toBe('appealing');
    expect((await t.fail('ratings.decideAppeal', { followUpId: own!.id, version: appealed.version, upheld: true, note: '自己复核' })).code).toBe('forbidden');

    const second = { number: '2002', name: '孙丽', pin: '975310' };
    await t.addStaff({ ...second, role: 'lead' });
    await t.call('session.signOut', {});
    await t.signIn(second.number, second.pin);
    const decided = await t.call('ratings.decideAppeal', { followUpId: own!.id, version: appealed.version, upheld: true, note: '监控显示误投' });
    expect(decided).toMatchObject({ stage: 'closed', rating: { excluded: true } });
    const { all } = await t.call('ratings.summary', { from: '2000-01-01', to: '2099-12-31', groupBy: 'day' });
    expect(all).toMatchObject({ total: 0, excluded: 1, satisfactionRate: null });
    const found = await t.call('ratings.search', {});
    expect(found.ratings.map((r) => [r.satisfaction, r.excluded])).toEqual([['dissatisfied', true]]);
  });
});
