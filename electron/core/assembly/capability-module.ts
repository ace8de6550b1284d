import type { AnyCoreEvent } from '../../contract/events';
import type { MethodName } from '../../contract/methods';
import type { CaseEvent } from '../cases/case-events';
import type { CaseState } from '../cases/case-state';
import type { Clock } from '../clock';
import type { CounterConfig } from '../config/config-schema';
import type { StatusSource } from '../devices/device';
import type { Handlers } from '../dispatcher/dispatcher';
import type { Logger } from '../logging/logger';
import type { Db } from '../storage/database';
import type { WindowIdentity } from '../window-identity';

/**
 * A module's share of the contract's methods. Write it as `{ … } satisfies HandlerSlice` so the
 * compiler checks each name against the contract's method table and types each handler's
 * arguments and context; the assembler refuses a method claimed twice or claimed by nobody.
 */
export type HandlerSlice = Partial<Handlers>;

/**
 * Something a module keeps running while the core is up (a timer, a port, a watcher). Started in
 * registration order (modules, then each module's list), stopped in the reverse order; `stop`
 * must be safe to call after a failed or partial `start`.
 */
export interface BackgroundService {
  /** For the log (`service failed to stop`, …): `storage.dailyBackup`, `devices.receiptPrinter`. */
  readonly name: string;
  start(): void | Promise<void>;
  stop(): void | Promise<void>;
}

/** What one case command committed: the case after it, and the events it appended (in order). */
export interface CaseChange {
  readonly state: CaseState;
  readonly events: readonly CaseEvent[];
}

/**
 * A module's interest in case changes.
 * - `inTransaction` runs inside the case command's transaction, after its events and projection
 *   are written and before it commits: rows written on `db` here commit or roll back with the
 *   case change, and a throw rolls the whole change back (the clerk sees that error). Keep it
 *   short and synchronous: the clerk is waiting, the write lock is held.
 * - `afterCommit` runs once the outermost transaction has committed (never for a rolled-back
 *   change): telling the UI, waking sync. A throw here is logged, not shown.
 */
export interface CaseSubscriptions {
  inTransaction?(change: CaseChange, db: Db): void;
  afterCommit?(change: CaseChange): void;
}

/**
 * What every module is built from: the store, time, settings, the log, and the ways to speak
 * (core events to the UI, status sources for the status bar). Built once by `createCore`.
 */
export interface CoreContext {
  readonly db: Db;
  readonly clock: Clock;
  readonly config: CounterConfig;
  /** The config file in use, or null for the demo settings. */
  readonly configSource: string | null;
  readonly window: WindowIdentity;
  readonly log: Logger;
  readonly places: {
    readonly dataDir: string;
    readonly databasePath: string;
    readonly backupDir: string;
    readonly resourcesDir: string;
  };
  readonly appVersion: string;
  /** Today's calendar date (`YYYY-MM-DD`) in the hall's time zone, by the core's clock. */
  today(): string;
  /** Pushes an event to every UI listener (main window, browser shell sockets). */
  emit(event: AnyCoreEvent): void;
  /**
   * Asks the host (browser shell, Electron's utility process) to close this core and start a new
   * one on the saved settings, once the current call has been answered. False when the host
   * cannot (a test's core, a host without `onRestartRequested`): the program must be restarted
   * by hand, and the UI says so.
   */
  requestRestart(reason: 'setup' | 'settings'): boolean;
}

/**
 * Settings a module applies while running (a device's port reopened on its new settings): the
 * dotted config paths it owns (`devices.ratingDevice`), and `apply`, called with the whole saved
 * config after a save changed any of them. A saved change to a path no module applies waits for
 * a restart, and the 设置 page says so.
 */
export interface LiveSettings {
  readonly paths: readonly string[];
  apply(next: CounterConfig): void | Promise<void>;
}

/**
 * One capability of the core (DESIGN.md, "The parts and where they live"): its handlers, its
 * background services, its start-up catch-up, its subscriptions to case changes and the status
 * sources it reports.
 * A module is made by a factory `(ctx, deps) => CapabilityModule`; adding a capability is one
 * factory and one line of registration in `create-core.ts`.
 */
export interface CapabilityModule {
  /** `cases`, `catalog`, `storage` …: for logs and for the assembler's errors. */
  readonly name: string;
  readonly handlers?: HandlerSlice;
  /**
   * Methods of this module that only read, so still served when the store was found damaged
   * after start (the clerk can still look up a case for an applicant at the window).
   */
  readonly readsOnDamagedStore?: readonly MethodName[];
  readonly services?: readonly BackgroundService[];
  /** Settings this module applies without a restart (LiveSettings). */
  readonly liveSettings?: LiveSettings;
  /**
   * Work done once at start, after every module's services have started (modules in
   * registration order): catching up on what changed while the core was closed, such as the
   * deadline recompute after a new calendar. Its case changes so reach subscribers whose services
   * already run (a print queue, the sync client). Awaited; a throw fails start-up (services
   * stopped, store closed).
   */
  afterStart?(): void | Promise<void>;
  readonly caseSubscriptions?: CaseSubscriptions;
  /**
   * Devices (and the sync client) this module drives: the assembler hands every registered
   * module's to health, which shows their states (no list of devices to keep anywhere).
   */
  readonly statusSources?: readonly StatusSource[];
}
