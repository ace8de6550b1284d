import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import type { AnyCoreEvent } from '../../../../electron/contract';
import { CounterError } from '../../../../electron/contract/errors';
import type { CapabilityModule, CaseChange, CoreContext, HandlerSlice } from '../../../../electron/core/assembly/capability-module';
import { coreCapabilities, type RegisterCapabilities } from '../../../../electron/core/create-core';
import type { Handlers } from '../../../../electron/core/dispatcher/dispatcher';
import { createTestCore, type TestCore } from '../../../support/core-fixture';
import { FOOD_LICENCE, intakeArgs } from '../../../support/intake-args';

// A capability of its own (a handler, two services, a case subscriber writing into its own
// table) registered into a real core on a real SQLite file, beside the core's modules: the
// proof that a print job or a report counter can be written atomically with the case change.

/** What the test watches the dummy module do. */
interface Probe {
  served: number;
  lifecycle: string[];
  /** Whether the core's own start-up services (the deadline catch-up) had run when each service started. */
  coreStartedBefore: boolean[];
  /** Whether the store was still open when each service stopped. */
  storeOpenAtStop: boolean[];
  afterCommit: CaseChange[];
  /** For each after-commit call: whether another connection already saw the dummy's row. */
  rowVisibleToOthersAtAfterCommit: boolean[];
  failInTransaction: boolean;
}

const JOB_TABLE = 'dummy_print_jobs';

/** The dummy: it takes over `app.windowInfo` (passing to the real one), and queues a print job per case change. */
function dummyModule(ctx: CoreContext, probe: Probe, windowInfo: Handlers['app.windowInfo']): CapabilityModule {
  ctx.db.exec(`CREATE TABLE IF NOT EXISTS ${JOB_TABLE} (case_id TEXT NOT NULL, version INTEGER NOT NULL, events INTEGER NOT NULL)`);
  const service = (name: string) => ({
    name,
    start: () => {
      probe.lifecycle.push(`start ${name}`);
      probe.coreStartedBefore.push(ctx.db.prepare("SELECT 1 FROM app_meta WHERE key = 'deadlines_calendar_revision'").get() !== undefined);
    },
    stop: () => {
      probe.lifecycle.push(`stop ${name}`);
      probe.storeOpenAtStop.push(ctx.db.open);
    },
  });
  return {
    name: 'dummy',
    handlers: {
      'app.windowInfo': (args, call) => {
        probe.served++;
        return windowInfo(args, call);
      },
    } satisfies HandlerSlice,
    readsOnDamagedStore: ['app.windowInfo'],
    services: [service('dummy.first'), service('dummy.second')],
    caseSubscriptions: {
      inTransaction: ({ state, events }, db) => {
        db.prepare(`INSERT INTO ${JOB_TABLE} VALUES (?, ?, ?)`).run(state.id, state.version, events.length);
        if (probe.failInTransaction) throw new CounterError('rule_violation', '回执打印队列已满，请稍后再试');
      },
      afterCommit: (change) => {
        probe.afterCommit.push(change);
        const other = new Database(ctx.places.databasePath, { readonly: true });
        try {
          const seen = other.prepare(`SELECT 1 FROM ${JOB_TABLE} WHERE case_id = ? AND version = ?`).get(change.state.id, change.state.version);
          probe.rowVisibleToOthersAtAfterCommit.push(seen !== undefined);
        } finally {
          other.close();
        }
      },
    },
  };
}

/** The core's own capabilities with `app.windowInfo` handed over to the dummy, registered last. */
function withDummy(probe: Probe): RegisterCapabilities {
  return (ctx, inputs) => {
    const own = coreCapabilities(ctx, inputs);
    const app = own.modules.find((m) => m.name === 'app');
    const windowInfo = app?.handlers?.['app.windowInfo'];
    if (!windowInfo) throw new Error('the app module no longer handles app.windowInfo');
    const modules = own.modules.map((m) => (m === app ? { ...m, handlers: {}, readsOnDamagedStore: [] } : m));
    return { ...own, modules: [...modules, dummyModule(ctx, probe, windowInfo)] };
  };
}

function newProbe(): Probe {
  return { served: 0, lifecycle: [], coreStartedBefore: [], storeOpenAtStop: [], afterCommit: [], rowVisibleToOthersAtAfterCommit: [], failInTransaction: false };
}

let t: TestCore | null = null;
afterEach(async () => {
  await t?.close();
  t = null;
});

async function start(probe: Probe): Promise<{ t: TestCore; events: AnyCoreEvent[] }> {
  t = await createTestCore({ register: withDummy(probe) });
  const events: AnyCoreEvent[] = [];
  t.core.subscribe((e) => events.push(e));
  await t.signIn();
  return { t, events };
}

async function acceptArgs(core: TestCore) {
  const food = await core.call('catalog.getItem', FOOD_LICENCE);
  return intakeArgs(FOOD_LICENCE, food.materials, { received: ['M1', 'M2', 'M3', 'M4', 'M5'] }, { kind: 'accept' });
}

/** The dummy's rows and the cases as committed, read through a connection of their own. */
function committed(core: TestCore): { jobs: Array<{ case_id: string; version: number; events: number }>; cases: Array<{ id: string; version: number }> } {
  const db = new Database(path.join(core.dataDir, 'counter.sqlite'), { readonly: true });
  try {
    return {
      jobs: db.prepare(`SELECT case_id, version, events FROM ${JOB_TABLE} ORDER BY rowid`).all() as Array<{ case_id: string; version: number; events: number }>,
      cases: db.prepare('SELECT id, version FROM cases ORDER BY id').all() as Array<{ id: string; version: number }>,
    };
  } finally {
    db.close();
  }
}

const caseChanges = (events: readonly AnyCoreEvent[]) => events.filter((e) => e.name === 'case.changed').map((e) => e.payload);

describe('a capability module registered into a real core', () => {
  it('serves its handler, and starts its services after the core’s own and stops them before the store closes', { timeout: 30_000 }, async () => {
    const probe = newProbe();
    const { t: core } = await start(probe);
    const info = await core.call('app.windowInfo', {});
    expect(info.windowNumber).toBe(12);
    expect(probe.served).toBe(1);
    expect(probe.lifecycle).toEqual(['start dummy.first', 'start dummy.second']);
    expect(probe.coreStartedBefore).toEqual([true, true]);
    await core.close();
    t = null;
    expect(probe.lifecycle).toEqual(['start dummy.first', 'start dummy.second', 'stop dummy.second', 'stop dummy.first']);
    expect(probe.storeOpenAtStop).toEqual([true, true]);
  });

  it('writes its row in the case change’s transaction, and hears of the change once, after it committed', { timeout: 30_000 }, async () => {
    const probe = newProbe();
    const { t: core, events } = await start(probe);
    const made = await core.call('intake.submit', await acceptArgs(core));
    expect(committed(core).jobs).toEqual([{ case_id: made.id, version: made.version, events: 2 }]);
    expect(probe.afterCommit.map((c) => [c.state.id, c.state.version, c.events.map((e) => e.type)])).toEqual([
      [made.id, made.version, ['case.received', 'case.accepted']],
    ]);
    expect(probe.rowVisibleToOthersAtAfterCommit).toEqual([true]);
    // The UI hears of it with the version it can compare with the one it holds.
    expect(caseChanges(events)).toEqual([{ caseId: made.id, caseNumber: made.caseNumber, status: made.status, version: made.version }]);

    const reviewed = await core.call('cases.startReview', { caseId: made.id, expectedVersion: made.version });
    expect(reviewed.version).toBe(made.version + 1);
    expect(committed(core).jobs).toEqual([
      { case_id: made.id, version: made.version, events: 2 },
      { case_id: made.id, version: reviewed.version, events: 1 },
    ]);
    expect(probe.afterCommit).toHaveLength(2);
    expect(probe.rowVisibleToOthersAtAfterCommit).toEqual([true, true]);
  });

  it('leaves neither the case change nor its row when the case command fails on a stale version', { timeout: 30_000 }, async () => {
    const probe = newProbe();
    const { t: core, events } = await start(probe);
    const made = await core.call('intake.submit', await acceptArgs(core));
    const before = committed(core);
    const stale = await core.fail('cases.startReview', { caseId: made.id, expectedVersion: made.version - 1 });
    expect(stale.code).toBe('conflict');
    expect(committed(core)).toEqual(before);
    expect(probe.afterCommit).toHaveLength(1);
    expect(caseChanges(events)).toHaveLength(1);
  });

  it('rolls the case change back with its row when its subscriber refuses, and tells nobody after', { timeout: 30_000 }, async () => {
    const probe = newProbe();
    const { t: core, events } = await start(probe);
    const made = await core.call('intake.submit', await acceptArgs(core));
    const before = committed(core);

    probe.failInTransaction = true;
    const refused = await core.fail('cases.startReview', { caseId: made.id, expectedVersion: made.version });
    expect(refused.code).toBe('rule_violation');
    expect(refused.message).toBe('回执打印队列已满，请稍后再试');
    const refusedSubmit = await core.fail('intake.submit', await acceptArgs(core));
    expect(refusedSubmit.code).toBe('rule_violation');
    // The subscriber wrote its row before throwing: it went with the case change.
    expect(committed(core)).toEqual(before);
    expect((await core.call('cases.get', { caseId: made.id })).version).toBe(made.version);
    expect(probe.afterCommit).toHaveLength(1);
    expect(caseChanges(events)).toHaveLength(1);

    probe.failInTransaction = false;
    const reviewed = await core.call('cases.startReview', { caseId: made.id, expectedVersion: made.version });
    expect(committed(core).jobs.at(-1)).toEqual({ case_id: made.id, version: reviewed.version, events: 1 });
    expect(probe.afterCommit).toHaveLength(2);
  });
});
