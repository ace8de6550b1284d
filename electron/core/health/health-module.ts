import type { CapabilityModule, CoreContext, HandlerSlice } from '../assembly/capability-module';
import type { StatusSource } from '../devices/device';
import { HealthMonitor } from './health-monitor';

export interface HealthModuleOptions {
  /** The store's schema version as opened (shown in the status bar's database tooltip). */
  schemaVersion: number;
  /** Milliseconds between database checks; default 5000 (createCore's `healthIntervalMs`). */
  intervalMs?: number;
}

/** What the assembler tells health about the store, beyond what health checks itself. */
export interface StoreHealthNotes {
  /** A write failed; `reason` in words (store-watch.ts's `failed`). Shown until a write succeeds. */
  noteWriteFailed(reason: string): void;
  /** A write committed. */
  noteWriteSucceeded(): void;
  /** The integrity check, finishing after start, found the store damaged; `reason` in words. */
  noteDamaged(reason: string): void;
  /** Something other than a case change was recorded (a session change): recount the outbox soon. */
  refreshPending(): void;
}

/**
 * The health module: a capability module that also takes the assembler's notes about the store,
 * and the status sources of every registered module.
 */
export interface HealthModule extends CapabilityModule, StoreHealthNotes {
  /**
   * Every registered module's status sources (assembly/status-sources.ts), handed over by the
   * assembler once registration is done and before services start: the one with id `sync`
   * becomes `Health['sync']`, the others the device list in this order.
   * @throws Error when two sources share an id, or after the monitor started (wiring mistakes).
   */
  collectStatusSources(sources: readonly StatusSource[]): void;
}

/**
 * Health as a capability module: `app.health` (also served on a damaged store), the monitor as
 * its one service `health.monitor` (database checks every `intervalMs`, listening to every status
 * source), and a case subscription that recounts the pending outbox after each committed case
 * change. Pushes `health.changed` through `ctx.emit` whenever anything shown changed.
 *
 * The module also carries StoreHealthNotes, for the assembler to report the outcome of writes, a
 * late damage verdict and other recorded changes (a session change). It shows no status source
 * until the assembler hands them over (`collectStatusSources`).
 */
export function healthModule(ctx: CoreContext, options: HealthModuleOptions): HealthModule {
  const monitor = new HealthMonitor({
    db: ctx.db,
    clock: ctx.clock,
    log: ctx.log,
    schemaVersion: options.schemaVersion,
    onChange: (health) => ctx.emit({ name: 'health.changed', payload: health }),
    ...(options.intervalMs !== undefined ? { intervalMs: options.intervalMs } : {}),
  });
  return {
    name: 'health',
    handlers: { 'app.health': () => monitor.health() } satisfies HandlerSlice,
    readsOnDamagedStore: ['app.health'],
    services: [monitor],
    caseSubscriptions: { afterCommit: () => monitor.refreshPending() },
    noteWriteFailed: (reason) => monitor.noteWriteFailed(reason),
    noteWriteSucceeded: () => monitor.noteWriteSucceeded(),
    noteDamaged: (reason) => monitor.noteDamaged(reason),
    refreshPending: () => monitor.refreshPending(),
    collectStatusSources: (sources) => monitor.collectFrom(sources),
  };
}
