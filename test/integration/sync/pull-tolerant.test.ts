import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { TolerantPullResponseSchema, type PulledChange, type TolerantPullResponse, type UnreadableChange } from '../../../electron/contract/sync';
import { coreCapabilities } from '../../../electron/core/create-core';
import { DEFERRED_CHANGES_KEY, RETRYING_CHANGES_KEY, readDeferredChanges } from '../../../electron/core/sync/pull/pull-deferred';
import { applyPullResponse, type PullApplyDeps } from '../../../electron/core/sync/pull/apply-pull';
import { createTestCore, JQ_WINDOW_12, RESOURCES_DIR, type TestCore } from '../../support/core-fixture';
import { FOOD_LICENCE, intakeArgs, SOLE_TRADER } from '../../support/intake-args';
import { capturingPullDeps, clockAt, decisionChange, shippedItem } from './pull-core';

// Changes a window's program cannot read (issue 16 review, findings 6 and 17): a server a release
// ahead sends a kind this program does not know, or an item the shipped schema refuses. The rest
// of the answer applies and the cursor moves on; the unreadable ones are deferred under this
// program's version, and a newer program pulls them again and applies them — except one a later
// change for the same item has replaced meanwhile.

let t: TestCore | null = null;
afterEach(async () => {
  await t?.close();
  t = null;
});

/** A core with an upstream configured but not enrolled: its sync module is built, it never calls out. */
const WITH_SYNC = { ...JQ_WINDOW_12, sync: { url: 'http://127.0.0.1:9' } };

async function pullCore() {
  const captured = capturingPullDeps(coreCapabilities);
  t = await createTestCore({ clock: clockAt('2026-11-23T02:00:00Z'), config: WITH_SYNC, register: captured.register });
  await t.signIn();
  return { t, captured };
}

function applied(deps: PullApplyDeps): string[] {
  return deps.db.prepare('SELECT change_id FROM sync_applied_changes ORDER BY change_id').pluck().all() as string[];
}

function cursor(deps: PullApplyDeps): string | null {
  return deps.db.prepare('SELECT pull_cursor FROM sync_state WHERE id = 1').pluck().get() as string | null;
}

function meta(deps: PullApplyDeps, key: string): string | undefined {
  return deps.db.prepare('SELECT value FROM app_meta WHERE key = ?').pluck().get(key) as string | undefined;
}

/** An item change as a program that cannot read it saw it. */
function unreadable(change: Extract<PulledChange, { kind: 'catalog.itemChanged' }>): UnreadableChange {
  return { unreadable: true, id: change.id, kind: change.kind, reason: '变更（catalog.itemChanged）的内容不符合本程序的同步协议：item.reviewMode：Unrecognized key', raw: change };
}

function itemChange(code: string, fields: Record<string, unknown>): Extract<PulledChange, { kind: 'catalog.itemChanged' }> {
  return { kind: 'catalog.itemChanged', id: randomUUID(), catalogVersion: '2026-11-20', item: { ...shippedItem(RESOURCES_DIR, code), ...fields } };
}

function answer(cursorText: string, ...changes: PulledChange[]): TolerantPullResponse {
  return { changes, cursor: cursorText, more: false };
}

describe('a pull answer with a change kind this program does not know', () => {
  it('applies the rest and moves the cursor on; the unknown change is deferred with its reason, not marked applied', async () => {
    const { t, captured } = await pullCore();
    const deps = captured.deps();
    const food = await t.call('catalog.getItem', { code: FOOD_LICENCE.code });
    const c = await t.call('intake.submit', intakeArgs(FOOD_LICENCE, food.materials, { received: ['M1', 'M2', 'M3', 'M4', 'M5'] }, { kind: 'accept' }));
    const renamed = { kind: 'catalog.itemRenamed', id: randomUUID(), code: FOOD_LICENCE.code, name: '食品经营许可（新）' };
    const review = decisionChange(c, { step: 'reviewStarted' });
    // Read off the wire as the sync client reads it.
    const wire = TolerantPullResponseSchema.parse(JSON.parse(JSON.stringify({ changes: [renamed, review], cursor: 'a1b2c3d4e5f60718:5', more: false })));

    const result = applyPullResponse(deps, wire);
    expect(result).toMatchObject({ applied: 1, skipped: 1, caseIds: [c.id] });
    expect(result.skippedChanges).toEqual([{ id: renamed.id, kind: 'catalog.itemRenamed', reason: '本程序不认识这种变更（catalog.itemRenamed），请升级窗口程序', deferred: true }]);
    expect((await t.call('cases.get', { caseId: c.id })).status).toBe('in_review');
    expect(cursor(deps)).toBe('a1b2c3d4e5f60718:5');
    expect(applied(deps)).toEqual([review.id]);
    expect(readDeferredChanges(deps.db)).toMatchObject({
      appVersion: 'test',
      count: 1,
      changes: [{ id: renamed.id, kind: 'catalog.itemRenamed', reason: '本程序不认识这种变更（catalog.itemRenamed），请升级窗口程序', target: null, superseded: false }],
    });
  });
});

describe('changes an earlier program version deferred', () => {
  it('are pulled again from the beginning after an upgrade and applied, except one a later change for its item replaced', async () => {
    const { t: first, captured } = await pullCore();
    const old = { ...captured.deps(), appVersion: '1.0.0' };
    // The old program: two item changes it cannot read, then a change to the first item it can.
    const foodDeferred = itemChange(FOOD_LICENCE.code, { promisedDays: 3 });
    const traderDeferred = itemChange(SOLE_TRADER.code, { legalDays: 2 });
    const foodLater = itemChange(FOOD_LICENCE.code, { promisedDays: 4 });
    const byOld = applyPullResponse(old, answer('e:3', unreadable(foodDeferred), unreadable(traderDeferred), foodLater));
    expect(byOld).toMatchObject({ applied: 1, skipped: 2 });
    expect(applied(old)).toEqual([foodLater.id]);
    expect(readDeferredChanges(old.db)?.changes.map((c) => [c.id, c.target, c.superseded])).toEqual([
      [foodDeferred.id, FOOD_LICENCE.code, true],
      [traderDeferred.id, SOLE_TRADER.code, false],
    ]);
    const traderBefore = await first.call('catalog.getItem', { code: SOLE_TRADER.code });

    // The new program starts (appVersion 'test'): the pull starts from the beginning again.
    t = await first.reopen();
    await t.signIn();
    const deps = captured.deps();
    expect(cursor(deps)).toBeNull();
    expect(meta(deps, DEFERRED_CHANGES_KEY)).toBeUndefined();
    expect(meta(deps, RETRYING_CHANGES_KEY)).toBeDefined();

    // It reads all three now.
    const again = applyPullResponse(deps, answer('e:3', foodDeferred, traderDeferred, foodLater));
    expect(again).toMatchObject({ applied: 1, skipped: 1, catalogChanged: true });
    expect(again.skippedChanges).toEqual([
      { id: foodDeferred.id, kind: 'catalog.itemChanged', reason: '变更（catalog.itemChanged）由旧版程序暂缓应用，其后同一事项已有新的变更，不再应用', deferred: false },
    ]);
    // The later change still stands for the first item; the second item has its change at last.
    expect(await t.call('catalog.getItem', { code: FOOD_LICENCE.code })).toMatchObject({ promisedDays: 4 });
    expect(await t.call('catalog.getItem', { code: SOLE_TRADER.code })).toMatchObject({ legalDays: 2, version: traderBefore.version + 1 });
    expect(applied(deps)).toEqual([foodDeferred.id, traderDeferred.id, foodLater.id].sort());
    expect(cursor(deps)).toBe('e:3');
    expect(meta(deps, RETRYING_CHANGES_KEY)).toBeUndefined();
    expect(meta(deps, DEFERRED_CHANGES_KEY)).toBeUndefined();

    // The same version started again: nothing is pulled again.
    t = await t.reopen();
    expect(cursor(captured.deps())).toBe('e:3');
  });
});
