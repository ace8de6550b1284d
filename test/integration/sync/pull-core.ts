// Shared by the pull tests (test/integration/sync/pull*.test.ts and pull-apply-child.ts): a real
// core whose modules are captured at registration, so a pull answer is applied with the same
// modules the sync client hands applyPullResponse, plus the fixtures the answers are made of.
import fs from 'node:fs';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import type { CaseChangeBus } from '../../../electron/core/assembly/case-change-bus';
import type { CapabilityModule, CoreContext } from '../../../electron/core/assembly/capability-module';
import type { CalendarModule } from '../../../electron/core/calendar/calendar-module';
import type { CasesModule } from '../../../electron/core/cases/cases-module';
import type { CatalogModule } from '../../../electron/core/catalog/catalog-module';
import type { Clock } from '../../../electron/core/clock';
import type { RegisterCapabilities } from '../../../electron/core/create-core';
import type { RatingsModule } from '../../../electron/core/ratings/ratings-module';
import type { PullApplyDeps } from '../../../electron/core/sync/pull/apply-pull';
import type { PullResponse, SyncChange } from '../../../electron/contract/sync/pull';

/** The catalog the app ships, read as a test reads a fixture. */
export function shippedItem(resourcesDir: string, code: string): Record<string, unknown> {
  const file = JSON.parse(fs.readFileSync(path.join(resourcesDir, 'catalog', 'default-catalog.json'), 'utf8')) as {
    items: Array<Record<string, unknown>>;
  };
  const item = file.items.find((i) => i['code'] === code);
  if (!item) throw new Error(`no item ${code} in the shipped catalog`);
  return item;
}

/**
 * Wraps the core's own capabilities (`base`, normally coreCapabilities) and builds, once they are
 * registered, the deps applyPullResponse takes: the sync module does the same in the app.
 */
export function capturingPullDeps(base: RegisterCapabilities): { register: RegisterCapabilities; deps: () => PullApplyDeps } {
  let deps: PullApplyDeps | null = null;
  const register: RegisterCapabilities = (ctx: CoreContext, inputs) => {
    const caps = base(ctx, inputs);
    const find = <M extends CapabilityModule>(name: string): M => {
      const found = caps.modules.find((m) => m.name === name);
      if (!found) throw new Error(`no ${name} module registered`);
      return found as M;
    };
    const caseChanges: CaseChangeBus = inputs.caseChanges;
    deps = {
      db: ctx.db,
      clock: ctx.clock,
      log: ctx.log,
      today: () => ctx.today(),
      appVersion: ctx.appVersion,
      caseChanges,
      catalog: find<CatalogModule>('catalog'),
      calendar: find<CalendarModule>('calendar'),
      cases: find<CasesModule>('cases'),
      ratings: find<RatingsModule>('ratings'),
    };
    return caps;
  };
  return {
    register,
    deps: () => {
      if (!deps) throw new Error('the core is not built yet');
      return deps;
    },
  };
}

/** A pull answer of `changes`, with a cursor. */
export function answer(cursor: string, ...changes: SyncChange[]): PullResponse {
  return { changes, cursor, more: false };
}

/** A back-office step on a case, as the server sends it. */
export function decisionChange(
  c: { id: string; caseNumber: string },
  decision: Extract<SyncChange, { kind: 'case.backOfficeDecision' }>['decision'],
  decidedAt = '2026-11-25T02:00:00.000Z',
): SyncChange {
  return { kind: 'case.backOfficeDecision', id: randomUUID(), caseId: c.id, caseNumber: c.caseNumber, decision, decidedAt, decidedBy: '区市场监督管理局审批科' };
}

/**
 * 2027's schedule as the upstream would publish it. A test fixture, not a real notice: 1–4
 * January off, so a deadline counted over New Year moves by a day against the statutory rules.
 */
export const OFFICIAL_2027 = {
  year: 2027,
  status: 'official',
  source: '测试用放假安排（非真实通知）',
  publishedOn: '2026-11-30',
  holidays: [{ name: '元旦', dates: ['2027-01-01', '2027-01-02', '2027-01-03', '2027-01-04'] }],
  makeUpWorkdays: [],
};

/** A clock that moves 1 ms per reading, settable. */
export function clockAt(iso: string): Clock & { set(iso: string): void } {
  let t = new Date(iso).getTime();
  return { now: () => new Date((t += 1)), set: (next) => (t = new Date(next).getTime()) };
}
