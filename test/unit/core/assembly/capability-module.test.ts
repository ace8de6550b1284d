import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import type { AnyCoreEvent } from '../../../../electron/contract';
import { CounterError } from '../../../../electron/contract/errors';
import type { Health } from '../../../../electron/contract/health';
import type { CapabilityModule, CaseChange, CoreContext, HandlerSlice } from '../../../../electron/core/assembly/capability-module';
import { fixedClock, type Clock } from '../../../../electron/core/clock';
import { coreCapabilities, type RegisterCapabilities } from '../../../../electron/core/create-core';
import { StatusPublisher } from '../../../../electron/core/devices/status-publisher';
import type { Handlers } from '../../../../electron/core/dispatcher/dispatcher';
import { createTestCore, type TestCore } from '../../../support/core-fixture';
import { FOOD_LICENCE, intakeArgs } from '../../../support/intake-args';
import { makeTempDir } from '../../../support/temp-dirs';

// A capability of its own (a handler, two services, a case subscriber writing into its own
// table, a status source) registered into a real core on a real SQLite file, beside the core's
// modules: the proof that a print job or a report counter can be written atomically with the
// case change, and that a new device shows in the status bar without a list to edit.

/** What the test watches the dummy module do. */
interface Probe {
  served: number;
  lifecycle: string[];
  /** Whether the start-up deadline catch-up had run (its mark written) when each service started. */
  catchUpDoneAtStart: boolean[];
  /** For each after-commit call: whether both of the dummy's services were running. */
  servicesRunningAtAfterCommit: boolean[];
  /** Whether the store was still open when each service stopped. */
  storeOpenAtStop: boolean[];
  afterCommit: CaseChange[];
  /** For each after-commit call: whether another connection already saw the dummy's row. */
  rowVisibleToOthersAtAfterCommit: boolean[];
  failInTransaction: boolean;
  /** Its start-up catch-up throws (a print queue it cannot read back). */
  failAfterStart: boolean;
  /** The dummy's printer, as its driver would report it. */
  printer: StatusPublisher | null;
}

const JOB_TABLE = 'dummy_print_jobs';

/** The dummy: it takes over `app.windowInfo` (passing to the real one), and queues a print job per case change. */
function dummyModule(ctx: CoreContext, probe: Probe, windowInfo: Handlers['app.windowInfo']): CapabilityModule {
  // A test's own table, made here to keep the dummy in one place; a real module's tables come from
  // a numbered migration (README, "Adding a capability").
  ctx.db.exec(`CREATE TABLE IF NOT EXISTS ${JOB_TABLE} (case_id TEXT NOT NULL, version INTEGER NOT NULL, events INTEGER NOT NULL)`);
  const running = new Set<string>();
  const service = (name: string) => ({
    name,
    start: () => {
      probe.lifecycle.push(`start ${name}`);
      probe.catchUpDoneAtStart.push(ctx.db.prepare("SELECT 1 FROM app_meta WHERE key = 'deadlines_calendar_revision'").get() !== undefined);
      running.add(name);
    },
    stop: () => {
      running.delete(name);
      probe.lifecycle.push(`stop ${name}`);
      probe.storeOpenAtStop.push(ctx.db.open);
    },
  });
  const printer = new StatusPublisher('dummyPrinter', '测试打印机', { state: 'connected', endpoint: '192.168.1.60:9100', detail: '打印机已就绪' }, ctx.clock, ctx.log);
  probe.printer = printer;
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
    afterStart: () => {
      probe.lifecycle.push('after start');
      if (probe.failAfterStart) throw new Error('the print queue cannot be read back');
    },
    statusSources: [printer],
    caseSubscriptions: {
      inTransaction: ({ state, events }, db) => {
        db.prepare(`INSERT INTO ${JOB_TABLE} VALUES (?, ?, ?)`).run(state.id, state.version, events.length);
        if (probe.failInTransaction) throw new CounterError('rule_violation', '回执打印队列已满，请稍后再试');
      },
      afterCommit: (change) => {
        probe.afterCommit.push(change);
        probe.servicesRunningAtAfterCommit.push(running.has('dummy.first') && running.has('dummy.second'));
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
    // The app module keeps its other methods; only app.windowInfo moves to the dummy.
    const rest = Object.fromEntries(Object.entries(app?.handlers ?? {}).filter(([name]) => name !== 'app.windowInfo'));
    const modules = own.modules.map((m) =>
      m === app ? { ...m, handlers: rest, readsOnDamagedStore: (m.readsOnDamagedStore ?? []).filter((n) => n !== 'app.windowInfo') } : m,
    );
    return { ...own, modules: [...modules, dummyModule(ctx, probe, windowInfo)] };
  };
}

function newProbe(): Probe {
  return {
    served: 0,
    lifecycle: [],
    catchUpDoneAtStart: [],
    servicesRunningAtAfterCommit: [],
    storeOpenAtStop: [],
    afterCommit: [],
    rowVisibleToOthersAtAfterCommit: [],
    failInTransaction: false,
    failAfterStart: false,
    printer: null,
  };
}

let t: TestCore | null = null;
afterEach(async () => {
  await t?.close();
  t = null;
});

async function start(probe: Probe, options: { dataDir?: string; clock?: Clock } = {}): Promise<{ t: TestCore; events: AnyCoreEvent[] }> {
  t = await createTestCore({ ...options, register: withDummy(probe) });
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

/** Whether the deadline catch-up's mark is committed. */
function committedMark(core: TestCore): boolean {
  const db = new Database(path.join(core.dataDir, 'counter.sqlite'), { readonly: true });
  try {
    return db.prepare("SELECT 1 FROM app_meta WHERE key = 'deadlines_calendar_revision'").get() !== undefined;
  } finally {
    db.close();
  }
}

const caseChanges = (events: readonly AnyCoreEvent[]) => events.filter((e) => e.name === 'case.changed').map((e) => e.payload);

describe('a capability module registered into a real core', () => {
  it('serves its handler, starts its services before the start-up catch-up, and stops them before the store closes', { timeout: 30_000 }, async () => {
    const probe = newProbe();
    const { t: core } = await start(probe);
    const info = await core.call('app.windowInfo', {});
    expect(info.windowNumber).toBe(12);
    expect(probe.served).toBe(1);
    expect(probe.lifecycle).toEqual(['start dummy.first', 'start dummy.second', 'after start']);
    // A fresh store: the catch-up writes its mark once every service has started.
    expect(probe.catchUpDoneAtStart).toEqual([false, false]);
    expect(committedMark(core)).toBe(true);
    await core.close();
    t = null;
    expect(probe.lifecycle).toEqual(['start dummy.first', 'start dummy.second', 'after start', 'stop dummy.second', 'stop dummy.first']);
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
  it('shows its status source in app.health, and its changes reach health.changed', { timeout: 30_000 }, async () => {
    const probe = newProbe();
    const { t: core, events } = await start(probe);
    const shown = (health: Health) => health.devices.find((d) => d.id === 'dummyPrinter');
    expect(shown(await core.call('app.health', {}))).toMatchObject({ label: '测试打印机', state: 'connected', endpoint: '192.168.1.60:9100', detail: '打印机已就绪' });

    probe.printer?.publish('error', '打印机缺纸');
    const changed = events.filter((e) => e.name === 'health.changed').map((e) => e.payload as Health);
    expect(changed.length).toBeGreaterThan(0);
    expect(shown(changed.at(-1) as Health)).toMatchObject({ state: 'error', detail: '打印机缺纸' });
    expect(shown(await core.call('app.health', {}))).toMatchObject({ state: 'error', detail: '打印机缺纸' });
  });

  it('writes its row with a deadline the start-up catch-up recomputes, its services already running', { timeout: 30_000 }, async () => {
    // Monday 28 December 2026, 10:00 in the hall: the deadline reaches into 2027, still provisional.
    const clock = fixedClock('2026-12-28T02:00:00.000Z', 1000);
    const { t: first } = await start(newProbe(), { clock });
    const made = await first.call('intake.submit', await acceptArgs(first));
    expect(made.promisedDueProvisional).toBe(true);
    const dataDir = first.dataDir;
    await first.close();
    t = null;

    // 2027's official schedule reaches the store (a newer release, later the upstream) and gives
    // 4 January off, as in numbering-and-calendar.test.ts: the calendar's revision changes.
    const db = new Database(path.join(dataDir, 'counter.sqlite'));
    try {
      const official = { year: 2027, status: 'official', source: '测试用放假安排（非真实通知）', publishedOn: '2026-11-30', holidays: [{ name: '元旦', dates: ['2027-01-01', '2027-01-02', '2027-01-03', '2027-01-04'] }], makeUpWorkdays: [] };
      db.prepare("UPDATE calendar_years SET status = 'official', body = ? WHERE year = 2027").run(JSON.stringify(official));
    } finally {
      db.close();
    }

    const probe = newProbe();
    const { t: again } = await start(probe, { dataDir, clock });
    const recomputed = await again.call('cases.get', { caseId: made.id });
    expect(recomputed.version).toBe(made.version + 1);
    expect(recomputed.promisedDueProvisional).toBe(false);
    expect(committed(again).jobs.at(-1)).toEqual({ case_id: made.id, version: recomputed.version, events: 1 });
    expect(probe.afterCommit.map((c) => [c.state.id, c.state.version, c.events.map((e) => e.type)])).toEqual([
      [made.id, recomputed.version, ['case.deadlineRecomputed']],
    ]);
    expect(probe.servicesRunningAtAfterCommit).toEqual([true]);
    expect(probe.rowVisibleToOthersAtAfterCommit).toEqual([true]);
  });
  it('fails start-up when its catch-up throws, with its services stopped and the data folder free again', { timeout: 30_000 }, async () => {
    const probe = newProbe();
    probe.failAfterStart = true;
    const dataDir = makeTempDir('after-start');
    await expect(createTestCore({ dataDir, withStaff: false, register: withDummy(probe) })).rejects.toThrow('the print queue cannot be read back');
    expect(probe.lifecycle).toEqual(['start dummy.first', 'start dummy.second', 'after start', 'stop dummy.second', 'stop dummy.first']);
    expect(probe.storeOpenAtStop).toEqual([true, true]);
    const again = newProbe();
    t = await createTestCore({ dataDir, withStaff: false, register: withDummy(again) });
    expect(again.lifecycle).toEqual(['start dummy.first', 'start dummy.second', 'after start']);
  });
});
