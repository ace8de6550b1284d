import Database from 'better-sqlite3';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import type { CaseDetail } from '../../../electron/contract';
import { coreCapabilities } from '../../../electron/core/create-core';
import { applyPullResponse, type PullApplyDeps } from '../../../electron/core/sync/pull/apply-pull';
import type { RatingsModule } from '../../../electron/core/ratings/ratings-module';
import { createTestCore, JQ_WINDOW_12, RESOURCES_DIR, type TestCore } from '../../support/core-fixture';
import { makeTempDir } from '../../support/temp-dirs';
import { FOOD_LICENCE, intakeArgs } from '../../support/intake-args';
import { answer, capturingPullDeps, clockAt, decisionChange, OFFICIAL_2027, shippedItem } from './pull-core';

let t: TestCore | null = null;
afterEach(async () => {
  await t?.close();
  t = null;
});

/** A signed-in core on Monday 23 November 2026 (hall time) with the pull's deps at hand. */
async function pullCore(at = '2026-11-23T02:00:00Z') {
  const clock = clockAt(at);
  const captured = capturingPullDeps(coreCapabilities);
  t = await createTestCore({ clock, register: captured.register });
  await t.signIn();
  return { t, clock, deps: captured.deps() };
}

/** A 食品经营许可 accepted with every material (承诺件: 5 / 10 working days). */
async function acceptedFoodLicence(core: TestCore): Promise<CaseDetail> {
  const food = await core.call('catalog.getItem', { code: FOOD_LICENCE.code });
  return core.call('intake.submit', intakeArgs(FOOD_LICENCE, food.materials, { received: ['M1', 'M2', 'M3', 'M4', 'M5'] }, { kind: 'accept' }));
}

function syncRows(deps: PullApplyDeps) {
  return {
    cursor: deps.db.prepare('SELECT pull_cursor FROM sync_state WHERE id = 1').pluck().get() as string | null,
    applied: deps.db.prepare('SELECT change_id FROM sync_applied_changes ORDER BY change_id').pluck().all() as string[],
  };
}

describe('a back-office decision pulled down', () => {
  it('shows on the case: 审查中, then the decision with its reason and basis, then 待领取, each on the timeline', async () => {
    const { t, deps } = await pullCore();
    const c = await acceptedFoodLicence(t);
    const changed: string[] = [];
    t.core.subscribe((e) => {
      if (e.name === 'case.changed') changed.push(`${e.payload.caseId} ${e.payload.status}`);
    });

    const review = applyPullResponse(deps, answer('1', decisionChange(c, { step: 'reviewStarted' })));
    expect(review).toMatchObject({ applied: 1, skipped: 0, caseIds: [c.id] });
    expect((await t.call('cases.get', { caseId: c.id })).status).toBe('in_review');

    applyPullResponse(
      deps,
      answer('2', decisionChange(c, { step: 'decided', outcome: 'refused', reason: '经营场所不符合食品安全要求', legalBasis: '《食品经营许可和备案管理办法》第十一条' })),
    );
    let detail = await t.call('cases.get', { caseId: c.id });
    expect(detail.status).toBe('decided');
    expect(detail.decision).toMatchObject({
      outcome: 'refused',
      reason: '经营场所不符合食品安全要求',
      legalBasis: '《食品经营许可和备案管理办法》第十一条',
      decidedAt: '2026-11-25T02:00:00.000Z',
      decidedBy: '区市场监督管理局审批科',
    });
    expect(detail.allowedActions).toContain('deliver');
    const decided = detail.timeline.at(-1);
    expect(decided?.title).toBe('后台作出决定：不予许可');
    expect(decided?.staffName).toBe('系统');
    expect(decided?.lines).toEqual(['办理部门：区市场监督管理局审批科', '理由：经营场所不符合食品安全要求', '依据：《食品经营许可和备案管理办法》第十一条']);

    applyPullResponse(deps, answer('3', decisionChange(c, { step: 'readyForPickup' }, '2026-11-26T03:00:00.000Z')));
    detail = await t.call('cases.get', { caseId: c.id });
    expect(detail.readyForPickup).toEqual({ at: '2026-11-26T03:00:00.000Z', by: '区市场监督管理局审批科' });
    expect(detail.timeline.map((e) => e.title).slice(-3)).toEqual(['后台开始审查', '后台作出决定：不予许可', '办结待领取']);
    // The window was told of each change once it was committed.
    expect(changed).toEqual([`${c.id} in_review`, `${c.id} decided`, `${c.id} decided`]);
    expect(syncRows(deps).cursor).toBe('3');
  });

  it('is skipped with words, without holding the cursor, for a case this window does not hold or one already delivered; the delivered case notes it for the back office', async () => {
    const { t, deps } = await pullCore();
    const c = await acceptedFoodLicence(t);
    await t.call('cases.startReview', { caseId: c.id });
    await t.call('cases.decide', { caseId: c.id, outcome: 'approved', reason: '', legalBasis: '' });
    const delivered = await t.call('cases.deliver', { caseId: c.id, method: 'window', recipientName: '张三' });
    expect(delivered.status).toBe('delivered');

    const stranger = decisionChange({ id: randomUUID(), caseNumber: 'JQ-12-20261123-0099' }, { step: 'reviewStarted' });
    const late = decisionChange(c, { step: 'decided', outcome: 'refused', reason: '不符合条件', legalBasis: '第十一条' });
    const result = applyPullResponse(deps, answer('7', stranger, late));
    expect(result).toMatchObject({ applied: 0, skipped: 2, caseIds: [c.id] });
    expect(result.skippedChanges.map((s) => s.reason)).toEqual([
      '后台决定（办件 JQ-12-20261123-0099）未记录：本窗口没有这个办件',
      `后台决定（办件 ${c.caseNumber}）未记录：办件当前状态为“已办结”，不能记录后台决定`,
    ]);
    // The case stays delivered; the refusal is on its timeline and goes up with the next push.
    const after = await t.call('cases.get', { caseId: c.id });
    expect(after.version).toBe(delivered.version + 1);
    expect(after.status).toBe('delivered');
    expect(after.timeline.at(-1)).toMatchObject({
      type: 'case.backOfficeDecisionNotRecorded',
      title: '后台决定未记录',
      staffName: '系统',
      lines: ['办理部门：区市场监督管理局审批科', '原因：办件当前状态为“已办结”，不能记录后台决定'],
    });
    const queued = deps.db
      .prepare(`SELECT e.payload FROM outbox o JOIN events e ON e.seq = o.event_seq WHERE e.type = 'case.backOfficeDecisionNotRecorded'`)
      .pluck()
      .all() as string[];
    expect(queued.map((p) => JSON.parse(p) as unknown)).toEqual([
      { changeId: late.id, step: 'decided', decidedAt: '2026-11-25T02:00:00.000Z', decidedBy: '区市场监督管理局审批科', reason: '办件当前状态为“已办结”，不能记录后台决定' },
    ]);
    expect(syncRows(deps)).toEqual({ cursor: '7', applied: [stranger.id, late.id].sort() });
    // Applied again (an answer received twice): noted once.
    applyPullResponse(deps, answer('7', stranger, late));
    expect((await t.call('cases.get', { caseId: c.id })).version).toBe(delivered.version + 1);
  });
});

describe('the same answer applied twice', () => {
  it('changes nothing the second time: no second event, no second item version, the same cursor', async () => {
    const { t, deps } = await pullCore();
    const c = await acceptedFoodLicence(t);
    const item = { ...shippedItem(RESOURCES_DIR, FOOD_LICENCE.code), promisedDays: 3 };
    const response = answer(
      '12',
      decisionChange(c, { step: 'reviewStarted' }),
      { kind: 'catalog.itemChanged', id: randomUUID(), catalogVersion: '2026-11-20', item },
    );
    const first = applyPullResponse(deps, response);
    expect(first).toMatchObject({ applied: 2, skipped: 0, catalogChanged: true });
    const once = await t.call('cases.get', { caseId: c.id });
    const versionsOnce = deps.db.prepare('SELECT count(*) FROM catalog_items WHERE code = ?').pluck().get(FOOD_LICENCE.code);
    const eventsOnce = deps.db.prepare('SELECT count(*) FROM events').pluck().get();

    const second = applyPullResponse(deps, response);
    expect(second).toMatchObject({ applied: 0, skipped: 0, caseIds: [], catalogChanged: false, calendarYears: [] });
    expect((await t.call('cases.get', { caseId: c.id })).version).toBe(once.version);
    expect(deps.db.prepare('SELECT count(*) FROM catalog_items WHERE code = ?').pluck().get(FOOD_LICENCE.code)).toBe(versionsOnce);
    expect(deps.db.prepare('SELECT count(*) FROM events').pluck().get()).toBe(eventsOnce);
    expect(syncRows(deps).cursor).toBe('12');
  });
});

describe('catalog changes pulled down', () => {
  it('offer the new version for new cases at once, while a case keeps the version it was accepted under', async () => {
    const { t, deps } = await pullCore();
    const c = await acceptedFoodLicence(t);
    expect(c.promisedDueDate).toBe('2026-11-30');
    const item = { ...shippedItem(RESOURCES_DIR, FOOD_LICENCE.code), promisedDays: 3 };
    applyPullResponse(deps, answer('1', { kind: 'catalog.itemChanged', id: randomUUID(), catalogVersion: '2026-11-20', item }));

    const now = await t.call('catalog.getItem', { code: FOOD_LICENCE.code });
    expect(now).toMatchObject({ version: 2, promisedDays: 3, catalogVersion: '2026-11-20' });
    const next = await t.call(
      'intake.submit',
      intakeArgs({ code: FOOD_LICENCE.code, version: 2 }, now.materials, { received: ['M1', 'M2', 'M3', 'M4', 'M5'] }, { kind: 'accept' }),
    );
    expect(next.promisedDueDate).toBe('2026-11-26');
    // The earlier case: its version, its limit, its detail page's item as it was.
    const kept = await t.call('cases.get', { caseId: c.id });
    expect(kept.itemVersion).toBe(1);
    expect(kept.promisedDueDate).toBe('2026-11-30');
    expect(await t.call('catalog.getItem', { code: FOOD_LICENCE.code, version: 1 })).toMatchObject({ version: 1, promisedDays: 5, catalogVersion: '2026-11-01' });
    // Version 1 can no longer start a case.
    const stale = await t.fail('intake.submit', intakeArgs(FOOD_LICENCE, now.materials, { received: ['M1', 'M2', 'M3', 'M4', 'M5'] }, { kind: 'accept' }));
    expect(stale.message).toContain('事项版本已停止使用');
  });

  it('skips an item the catalog schema refuses, names the field, and moves the cursor on', async () => {
    const { t, deps } = await pullCore();
    const bad = { ...shippedItem(RESOURCES_DIR, FOOD_LICENCE.code), legalDays: -3 };
    const result = applyPullResponse(deps, answer('5', { kind: 'catalog.itemChanged', id: randomUUID(), catalogVersion: '2026-11-20', item: bad }));
    expect(result).toMatchObject({ applied: 0, skipped: 1, catalogChanged: false });
    expect(result.skippedChanges[0]?.reason).toMatch(/^事项 11330102MB170512570100117001005 的内容不符合事项目录格式：.*legalDays/);
    expect(syncRows(deps).cursor).toBe('5');
    // Deferred, not done with: a newer program pulls it again (pull-tolerant.test.ts).
    expect(result.skippedChanges[0]?.deferred).toBe(true);
    expect(syncRows(deps).applied).toEqual([]);
    expect(await t.call('catalog.getItem', { code: FOOD_LICENCE.code })).toMatchObject({ version: 1, legalDays: 10 });
  });

  it('stops offering a cancelled item from its hall date on, leaving its cases untouched', async () => {
    const { deps, clock } = await pullCore();
    let core = t!;
    const c = await acceptedFoodLicence(core);
    const search = async () => (await core.call('catalog.search', { query: '食品经营许可', limit: 10 })).map((h) => h.code);
    expect(await search()).toContain(FOOD_LICENCE.code);

    const cancel = { kind: 'catalog.itemCancelled' as const, id: randomUUID(), catalogVersion: '2026-11-20', code: FOOD_LICENCE.code, effectiveFrom: '2026-11-25' };
    expect(applyPullResponse(deps, answer('1', cancel))).toMatchObject({ applied: 1, catalogChanged: true });
    // Still offered on the 24th (hall time) …
    clock.set('2026-11-24T15:59:00Z');
    expect(await search()).toContain(FOOD_LICENCE.code);
    // … not from the 25th, 00:00 in the hall.
    clock.set('2026-11-24T16:01:00Z');
    expect(await search()).not.toContain(FOOD_LICENCE.code);
    const food = await core.call('catalog.getItem', { code: FOOD_LICENCE.code, version: 1 });
    const refused = await core.fail('intake.submit', intakeArgs(FOOD_LICENCE, food.materials, { received: ['M1', 'M2', 'M3', 'M4', 'M5'] }, { kind: 'accept' }));
    expect(refused.message).toContain('事项版本已停止使用');
    // And after a restart the store itself says so.
    core = t = await core.reopen();
    await core.signIn();
    const db = new Database(path.join(core.dataDir, 'counter.sqlite'), { readonly: true });
    expect(db.prepare('SELECT count(*) FROM catalog_items WHERE code = ? AND in_force = 1').pluck().get(FOOD_LICENCE.code)).toBe(0);
    db.close();
    const kept = await core.call('cases.get', { caseId: c.id });
    expect(kept).toMatchObject({ status: 'accepted', itemVersion: 1, version: c.version });
    await core.call('cases.startReview', { caseId: c.id });
  });
});

describe('an item cancelled for a later date, then published again', () => {
  it('stays offered: the new version replaces the announced cancellation', async () => {
    const { t, deps, clock } = await pullCore();
    const cancel = { kind: 'catalog.itemCancelled' as const, id: randomUUID(), catalogVersion: '2026-11-20', code: FOOD_LICENCE.code, effectiveFrom: '2026-11-25' };
    const item = { ...shippedItem(RESOURCES_DIR, FOOD_LICENCE.code), promisedDays: 4 };
    const republished = { kind: 'catalog.itemChanged' as const, id: randomUUID(), catalogVersion: '2026-11-21', item };
    expect(applyPullResponse(deps, answer('2', cancel, republished))).toMatchObject({ applied: 2, catalogChanged: true });
    clock.set('2026-11-26T02:00:00Z');
    expect((await t.call('catalog.search', { query: '食品经营许可', limit: 10 })).map((h) => h.code)).toContain(FOOD_LICENCE.code);
    expect(await t.call('catalog.getItem', { code: FOOD_LICENCE.code })).toMatchObject({ version: 2, promisedDays: 4 });
  });
});

describe('a calendar year pulled down', () => {
  it('replaces the provisional year and recomputes an open case’s deadline, recorded on the case', async () => {
    // Monday 28 December 2026: 5 working days over New Year, 2027 still 暂定.
    const { deps } = await pullCore('2026-12-28T02:00:00Z');
    let core = t!;
    const c = await acceptedFoodLicence(core);
    expect(c).toMatchObject({ promisedDueDate: '2027-01-05', promisedDueProvisional: true });

    const bad = { kind: 'calendar.yearPublished' as const, id: randomUUID(), year: 2027, schedule: { ...OFFICIAL_2027, holidays: [{ name: '元旦', dates: ['2027-02-30'] }] } };
    const year = { kind: 'calendar.yearPublished' as const, id: randomUUID(), year: 2027, schedule: OFFICIAL_2027 };
    const result = applyPullResponse(deps, answer('9', bad, year));
    expect(result).toMatchObject({ applied: 1, skipped: 1, calendarYears: [2027], caseIds: [c.id] });
    expect(result.skippedChanges[0]?.reason).toMatch(/^2027 年节假日安排不符合日历格式/);

    const after = await core.call('cases.get', { caseId: c.id });
    expect(after).toMatchObject({ promisedDueDate: '2027-01-06', promisedDueProvisional: false, legalDueProvisional: false });
    const last = after.timeline.at(-1);
    expect(last?.type).toBe('case.deadlineRecomputed');
    expect(last?.lines.join(' ')).toContain('2027-01-05 → 2027-01-06');
    // The window computes with the new year at once …
    expect(await core.call('intake.preview', { itemCode: FOOD_LICENCE.code })).toMatchObject({ promisedDueDate: '2027-01-06', promisedDueProvisional: false });
    // … and the next start finds nothing left to recompute.
    core = t = await core.reopen();
    await core.signIn();
    expect((await core.call('cases.get', { caseId: c.id })).timeline.filter((e) => e.type === 'case.deadlineRecomputed')).toHaveLength(1);
  });
});

describe('a calendar year pulled down, with a 差评 follow-up open', () => {
  it('moves the follow-up’s due date too, without a restart', async () => {
    // Monday 28 December 2026: 15 working days by the statutory rules end on 19 January 2027 (暂定).
    const clock = clockAt('2026-12-28T02:00:00Z');
    const captured = capturingPullDeps(coreCapabilities);
    const noPort = path.join(makeTempDir('no-rating-port'), 'ttyNONE');
    t = await createTestCore({
      clock,
      register: captured.register,
      config: { ...JQ_WINDOW_12, devices: { ratingDevice: { type: 'serial', path: noPort, baudRate: 9600 } }, ratings: { followUpWorkingDays: 15 } },
    });
    await t.signIn();
    const deps = captured.deps();
    const ratings = deps.ratings as RatingsModule;
    const at = clock.now();
    ratings.sink.commitVote({
      key: 'v1:SN-PULL-0001:1',
      protocol: 'v1',
      satisfaction: 'very_dissatisfied',
      deviceSerial: 'SN-PULL-0001',
      deviceEventId: 1,
      address: 1,
      slot: 4,
      deviceSessionId: 0,
      deviceTime: new Date(Math.floor(at.getTime() / 1000) * 1000).toISOString(),
      receivedAt: at.toISOString(),
    });
    const [before] = await t.call('ratings.followUps', { state: 'open' });
    expect(before).toMatchObject({ dueDate: '2027-01-19', dueProvisional: true });

    applyPullResponse(deps, answer('3', { kind: 'calendar.yearPublished', id: randomUUID(), year: 2027, schedule: OFFICIAL_2027 }));
    // 1–4 January off: 29–31 December, then 5 January on; the 15th working day is 20 January.
    const [after] = await t.call('ratings.followUps', { state: 'open' });
    expect(after).toMatchObject({ id: before?.id, dueDate: '2027-01-20', dueProvisional: false });
  });
});
