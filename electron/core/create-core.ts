import path from 'node:path';
import { calendarDateIn } from '../contract/dates';
import type { StartProgress } from '../contract/start-progress';
import { failure, type Envelope } from '../contract/envelope';
import type { AnyCoreEvent } from '../contract/events';
import { appModule } from './app/app-module';
import { assembleHandlers, readsOnDamagedStore } from './assembly/assemble-handlers';
import type { CapabilityModule, CoreContext } from './assembly/capability-module';
import { createCaseChangeBus, type CaseChangeBus } from './assembly/case-change-bus';
import { runEveryStep } from './assembly/run-every-step';
import { servicesOf, startServices, type RunningServices } from './assembly/services';
import { statusSourcesOf } from './assembly/status-sources';
import { liveSettingsOf } from './assembly/live-settings';
import { calendarModule } from './calendar/calendar-module';
import { casesModule } from './cases/cases-module';
import { catalogModule } from './catalog/catalog-module';
import { systemClock, type Clock } from './clock';
import type { CounterConfig } from './config/config-schema';
import { loadConfig } from './config/load-config';
import { listSerialPortInfo, type SerialPortInfoLister } from './devices/serial-ports';
import { createDispatcher } from './dispatcher/dispatcher';
import { draftsModule } from './drafts/drafts-module';
import { healthModule, type HealthModule } from './health/health-module';
import { logFileWriter } from './logging/log-files';
import { createLogger, type Logger } from './logging/logger';
import type { OnDuty } from './staff/session-manager';
import { printingModule } from './printing/printing-module';
import { otherDevicePaths } from './ratings/device/other-device-paths';
import { ratingDriverFor } from './ratings/device/driver-for';
import type { RatingPortLister } from './ratings/device/port-finder';
import type { RatingDriverTiming } from './ratings/device/timing';
import { ratingsModule, type RatingsModule } from './ratings/ratings-module';
import { queueModule, type QueueModule, type QueueModuleOptions } from './queue/queue-module';
import { DEFAULT_DRIVER_TIMING, PrinterDriver, type DriverTiming } from './printing/jobs/printer-driver';
import { dispenserPrinting } from './queue/dispenser-printing';
import { printingGlyphs } from './printing/jobs/printing-glyphs';
import type { SystemPrintHost } from './printing/transport/system-print-host';
import { transportFor } from './printing/transport/transport-for';
import { sessionModule } from './staff/session-module';
import { staffModule } from './staff/staff-module';
import { settingsModule } from './settings/settings-module';
import { setupModule } from './setup/setup-module';
import { removeAbandonedPartials } from './storage/backup';
import { lockDataDir } from './storage/data-dir-lock';
import { DATABASE_OPENED_LOG_MESSAGE } from './storage/earlier-database';
import type { IntegrityCheck } from './storage/integrity-check';
import { openDatabase } from './storage/open-database';
import { storageModule, type StorageModule } from './storage/storage-module';
import { storeStartupErrorFrom, type StorePlaces } from './storage/store-startup-error';
import { syncModule } from './sync/sync-module';
import { applyPullResponse } from './sync/pull/apply-pull';
import type { WindowIdentity } from './window-identity';

export interface CoreOptions {
  dataDir: string;
  /** `--config FILE`; null: `<dataDir>/config.json` if present, else the demo settings. */
  configFile: string | null;
  /** The app's shipped data (catalog, calendar, reference lists). */
  resourcesDir: string;
  appVersion: string;
  clock?: Clock;
  logger?: Logger;
  /**
   * Lists the OS's serial ports with their USB descriptions, offered by the setup screen and the
   * 设置 page (`setup.listPorts`, `settings.listPorts`); default SerialPort.list().
   */
  serialPortInfoLister?: SerialPortInfoLister;
  /** Milliseconds between the health monitor's and the upstream's looks; default 5000. */
  healthIntervalMs?: number;
  /** How long start-up waits for the integrity check (open-database.ts); tests shorten it. */
  integrityBudgetMs?: number;
  /**
   * Log lines also go to stderr (default true). The browser shell turns this off: its terminal
   * shows the clerk-facing Chinese banner, and the JSON lines are in `<dataDir>/logs/` anyway.
   */
  logToStderr?: boolean;
  /**
   * The host's way to restart this core on the saved settings (restartable-core.ts): called once
   * the call that asked has been answered. Absent: the core cannot be restarted from inside and
   * `ctx.requestRestart` answers false.
   */
  onRestartRequested?: (reason: 'setup' | 'settings') => void;
  /** Electron's printing (OS queue, A4 notices, PDFs), given by the utility-process entry; absent in the browser shell. */
  systemPrintHost?: SystemPrintHost;
  /** The printer drivers' timing (printer-driver.ts); tests shorten it. */
  printerTiming?: Partial<DriverTiming>;
  /** Lists serial ports with their USB identity for the rating driver (finding the device after a replug); default SerialPort.list(). */
  ratingPortLister?: RatingPortLister;
  /** The rating driver's timing (ratings/device/timing.ts); tests shorten it. */
  ratingTiming?: Partial<RatingDriverTiming>;
  /** The hall queue's request time-out and its tries of the server while local (queue-module.ts); tests shorten them. */
  queue?: QueueModuleOptions;
  /**
   * Hears the backup before a migration and each migration step while the store opens (at least
   * once a second while one runs), for whatever shows before the core is ready: the Electron
   * window (core process → main → page) or the browser shell's terminal. Called synchronously,
   * also from inside a step's transaction: it must be quick.
   */
  onStartProgress?: (progress: StartProgress) => void;
}

/** A running core: every UI call goes through `invoke`, every push through `subscribe`. */
export interface Core {
  readonly dataDir: string;
  readonly databasePath: string;
  readonly config: CounterConfig;
  /** The config file in use, or null for the demo settings. */
  readonly configSource: string | null;
  /**
   * One call by method name (contract/methods.ts), answered as an envelope, never a rejection.
   * On a store found damaged after start only the modules' reads are served (`unavailable` else).
   */
  invoke(method: string, args: unknown): Promise<Envelope>;
  /** Every core event from now on; returns the unsubscribe. */
  subscribe(listener: (event: AnyCoreEvent) => void): () => void;
  /** Stops the services (last started first), optimizes, closes the store and releases the data folder. */
  close(): Promise<void>;
}

export const DATABASE_FILE = 'counter.sqlite';

/** What the capabilities are built from, besides the shared context: facts of the opened store. */
export interface AssemblyInputs {
  readonly options: CoreOptions;
  /** The store's schema version after migration. */
  readonly schemaVersion: number;
  /** The integrity check still running after start, or null (open-database.ts). */
  readonly integrityCheck: IntegrityCheck | null;
  /** The bus the case commands publish to; the assembler subscribes every module to it. */
  readonly caseChanges: CaseChangeBus;
}

/** The registered modules, in registration order, and the handles the assembly itself calls. */
export interface Capabilities {
  readonly modules: readonly CapabilityModule[];
  /** The active clerk for `staff` methods (the dispatcher's gate). */
  requireActive(): OnDuty;
  /** The store's gate for a damaged file, and what each call tells about writes. */
  readonly storage: StorageModule;
  /**
   * Where the outcome of writes goes (the status bar's database line), and where every module's
   * status sources go once registration is done.
   */
  readonly health: Pick<HealthModule, 'noteWriteSucceeded' | 'noteWriteFailed' | 'collectStatusSources'>;
}

/**
 * Builds the capabilities from the context. Building may write (seeding, closing a session a
 * crash left open), so it runs once the store is open; services start only after every module
 * is built and subscribed, and health is given every module's status sources.
 */
export type RegisterCapabilities = (ctx: CoreContext, inputs: AssemblyInputs) => Capabilities;

/**
 * The core's capabilities, one line each: adding one is a factory and a line here. Services
 * start in this order (storage first, health last) and stop in the reverse; the status bar
 * lists the modules' status sources in this order too.
 */
export const coreCapabilities: RegisterCapabilities = (ctx, { options, schemaVersion, integrityCheck, caseChanges }) => {
  // Only what the options set: otherwise each module keeps its own default.
  const every = options.healthIntervalMs !== undefined ? { intervalMs: options.healthIntervalMs } : {};
  // Its rounds follow the config file's sync.intervalSeconds; health recounts the outbox after each
  // ack; a pull is applied by the modules built below (called only once services run).
  const sync = syncModule(ctx, {
    onOutboxChanged: () => health.refreshPending(),
    applyPull: (response) =>
      applyPullResponse({ db: ctx.db, clock: ctx.clock, log: ctx.log, today: ctx.today, appVersion: ctx.appVersion, caseChanges, catalog, calendar, cases, ratings }, response),
  });
  const health = healthModule(ctx, { schemaVersion, ...every });
  const storage = storageModule(ctx, { integrityCheck, onDamaged: (reason) => health.noteDamaged(reason) });
  // Built after the session module, told of each sign-in change (a sign-out ends the open 请评价).
  let ratings: RatingsModule | null = null;
  const session = sessionModule(ctx, {
    onRecorded: () => {
      health.refreshPending();
      ratings?.staffSessionChanged();
    },
  });
  const catalog = catalogModule(ctx);
  const calendar = calendarModule(ctx);
  // Built after the ratings module, whose caller keypads (legacy hall bus) it answers; the cases
  // read the ticket at its counter through it (a case accepted for the ticket records it, issue 17 §3).
  let queue: QueueModule | null = null;
  const cases = casesModule(ctx, { catalog, calendar, caseChanges, currentTicket: () => queue?.currentTicket() ?? null });
  const listPorts = options.serialPortInfoLister ?? listSerialPortInfo;
  ratings = ratingsModule(ctx, {
    calendar,
    keypad: (press) => queue?.keypad(press) ?? false,
    driverFor: (config, sink) =>
      ratingDriverFor(config, {
        sink,
        log: ctx.log,
        clock: ctx.clock,
        listPorts: options.ratingPortLister ?? options.serialPortInfoLister ?? listSerialPortInfo,
        // A replugged rating adapter is never followed onto a printer's port.
        otherDevicePaths: () => otherDevicePaths(ctx.config),
        ...(options.ratingTiming ? { timing: options.ratingTiming } : {}),
      }),
  });
  // 排队叫号 (issue 17): a finished service arms 一次一评 on the rating device.
  // The window's devices: the printers are driven by the printing module (status sources
  // `receiptPrinter`, `ticketPrinter`), the rating device by the ratings module (`ratingDevice`).
  const printing = printingModule(ctx, {
    caseChanges,
    cases,
    transportFor: (config) => transportFor(config, { systemPrintHost: options.systemPrintHost ?? null }),
    pdfHost: options.systemPrintHost ?? null,
    ...printingGlyphs(ctx.places.resourcesDir),
    ...(options.printerTiming ? { timing: options.printerTiming } : {}),
  });
  // A dispenser asks its ticket printer (the printing module's driver) before each number.
  const ticketDriver = printing.statusSources?.find((s): s is PrinterDriver => s instanceof PrinterDriver && s.id === 'ticketPrinter') ?? null;
  const dispenser =
    ctx.config.role === 'dispenser'
      ? dispenserPrinting(ctx, () => ticketDriver, { waitMs: (options.printerTiming?.conditionTimeoutMs ?? DEFAULT_DRIVER_TIMING.conditionTimeoutMs) * 3 + 1000 })
      : undefined;
  queue = queueModule(
    ctx,
    {
      // The rating names the case accepted for the ticket, when one was (issue 17 §3).
      serviceFinished: (service) => ratings?.queueServiceFinished({ ...service, acceptedCase: cases.caseAcceptedForTicket(service) }),
      ...(dispenser ? { dispenserPrinting: dispenser } : {}),
    },
    options.queue ?? {},
  );
  const modules: CapabilityModule[] = [];
  // Read once registration is done: every module's live settings, the settings module's own too.
  const settings = settingsModule(ctx, { liveSettings: () => liveSettingsOf(modules), listPorts });
  modules.push(
    storage,
    appModule(ctx),
    setupModule(ctx, {
      listPorts,
      testRatingDevice: (device) => {
        if (!ratings) throw new Error('ratings module not built');
        return ratings.testUnsaved(device);
      },
    }),
    session,
    staffModule(ctx, { onRecorded: () => health.refreshPending() }),
    settings,
    catalog,
    calendar,
    cases,
    draftsModule(ctx),
    sync,
    printing,
    ratings,
    queue,
    health,
  );
  return { modules, requireActive: () => session.requireActive(), storage, health };
};

/** Builds the whole core from its options, with the core's own capabilities (coreCapabilities). */
export function createCore(options: CoreOptions): Promise<Core> {
  return createCoreWith(options, coreCapabilities);
}

/**
 * Builds a core from `register`'s capabilities: opens the store (the data folder's lock, the
 * database, migration, the integrity check), builds the shared context, registers and subscribes
 * the modules, hands every module's status sources to health, merges their handlers behind the
 * dispatcher, starts their services, then runs each module's `afterStart` (the deadline
 * catch-up). Tests pass `coreCapabilities` plus a module of their own.
 * @throws StoreStartupError (Chinese, naming the backups) for a store that cannot be used,
 *   whatever step found it; ConfigError, DataDirInUseError, DatabaseTooNewError as they are;
 *   Error for a wiring mistake (a method claimed twice or by nobody). Nothing is left open.
 */
export async function createCoreWith(options: CoreOptions, register: RegisterCapabilities): Promise<Core> {
  const clock = options.clock ?? systemClock;
  const databasePath = path.join(options.dataDir, DATABASE_FILE);
  const backupDir = path.join(options.dataDir, 'backups');
  const logsDir = path.join(options.dataDir, 'logs');
  const places: StorePlaces = { databasePath, backupDir };
  // A data folder that cannot even hold its logs (read-only, no permission, disk full) is a
  // store that cannot be used: said the same way as any other (store-startup-error.ts).
  const log = storeStep(places, null, () => options.logger ?? createLogger({ write: logFileWriter(logsDir, options.logToStderr ?? true) }));
  const { config, source: configSource } = loadConfig(options.configFile, path.join(options.dataDir, 'config.json'));
  places.timeZone = config.timeZone;
  const lock = storeStep(places, log, () => lockDataDir(options.dataDir));
  let opened;
  try {
    removeAbandonedPartials(backupDir);
    opened = await openDatabase({
      path: databasePath,
      backupDir,
      now: () => clock.now(),
      logsDir,
      timeZone: config.timeZone,
      ...(options.integrityBudgetMs !== undefined ? { integrityBudgetMs: options.integrityBudgetMs } : {}),
      onProgress: startProgressLog(log, options.onStartProgress),
    });
  } catch (err) {
    lock.release();
    throw reportStoreFailure(err, places, log);
  }
  const { db, integrityCheck } = opened;
  // `migratedFrom` only when a migration ran: a line saying "from 6" about a version-6 file reads as one.
  const migrated = opened.migratedFrom !== opened.schemaVersion ? { migratedFrom: opened.migratedFrom } : {};
  log.info(DATABASE_OPENED_LOG_MESSAGE, { file: databasePath, schemaVersion: opened.schemaVersion, ...migrated });
  if (opened.backupPath) log.info('backup taken before migration', { file: opened.backupPath, from: opened.migratedFrom });

  const window: WindowIdentity = {
    hallCode: config.hall.code,
    hallName: config.hall.name,
    windowNumber: config.window.number,
    timeZone: config.timeZone,
  };
  const listeners = new Set<(event: AnyCoreEvent) => void>();
  const ctx: CoreContext = {
    db,
    clock,
    config,
    configSource,
    window,
    log,
    places: { dataDir: options.dataDir, databasePath, backupDir, resourcesDir: options.resourcesDir },
    appVersion: options.appVersion,
    today: () => calendarDateIn(config.timeZone, clock.now()),
    requestRestart(reason) {
      const restart = options.onRestartRequested;
      if (!restart) return false;
      this.emit({ name: 'app.restarting', payload: { reason } });
      // After the answer to the call that asked: the caller hears "restarting" before the core goes.
      setImmediate(() => restart(reason));
      return true;
    },
    emit(event) {
      for (const listener of listeners) {
        try {
          listener(event);
        } catch (err) {
          // `error`, not `message`: a field named message would replace the log line's own.
          log.warn('event listener failed', { event: event.name, error: (err as Error).message });
        }
      }
    },
  };
  const caseChanges = createCaseChangeBus(db, log);

  let services: RunningServices | null = null;
  const closeSteps = (): Array<readonly [string, () => unknown]> => [
    ['stop services', () => services?.stop()],
    // An integrity check still running when start-up failed before its service started.
    ['stop the integrity check', () => (services === null ? integrityCheck?.cancel() : undefined)],
  ];
  const onCloseFailure = (step: string, err: unknown): void =>
    log.error('closing step failed', { step, error: err instanceof Error ? err.message : String(err) });
  try {
    const capabilities = register(ctx, { options, schemaVersion: opened.schemaVersion, integrityCheck, caseChanges });
    const { modules, storage, health } = capabilities;
    const dispatch = createDispatcher(assembleHandlers(modules), () => capabilities.requireActive(), log);
    const damagedStoreReads = readsOnDamagedStore(modules);
    for (const module of modules) if (module.caseSubscriptions) caseChanges.subscribe(module.name, module.caseSubscriptions);
    health.collectStatusSources(statusSourcesOf(modules));
    services = await startServices(servicesOf(modules), log);
    for (const module of modules) await module.afterStart?.();

    let closed = false;
    return {
      dataDir: options.dataDir,
      databasePath,
      config,
      configSource,
      async invoke(method, args) {
        const damage = storage.damage();
        if (damage !== null && !damagedStoreReads.has(method)) {
          return failure('unavailable', damage.message);
        }
        const envelope: Envelope = await dispatch(method, args);
        const outcome = storage.afterCall(envelope);
        if (outcome === 'wrote') health.noteWriteSucceeded();
        else if (outcome !== null) health.noteWriteFailed(outcome.failed);
        return envelope;
      },
      subscribe(listener) {
        listeners.add(listener);
        return () => listeners.delete(listener);
      },
      async close() {
        if (closed) return;
        closed = true;
        listeners.clear();
        // Every step runs whatever failed before it (a failing disk throws from `optimize`): the
        // database is closed and the folder's lock released last, so the next start finds both free.
        await runEveryStep(
          [
            ...closeSteps(),
            ['optimize', () => db.pragma('optimize')],
            ['close the database', () => db.close()],
            ['release the data folder', () => lock.release()],
          ],
          onCloseFailure,
        );
      },
    };
  } catch (err) {
    await runEveryStep(
      [...closeSteps(), ['close the database', () => db.close()], ['release the data folder', () => lock.release()]],
      onCloseFailure,
    );
    // Seeding and the deadline catch-up write: a full or read-only disk shows here first.
    throw reportStoreFailure(err, places, log);
  }
}

/**
 * Passes the store's start progress on to `onStartProgress`, and writes each stage's start and
 * end (with how long it took) to the log: how long a real window's upgrade took is IT's figure.
 */
function startProgressLog(log: Logger, onStartProgress: ((progress: StartProgress) => void) | undefined): (progress: StartProgress) => void {
  let current: { stage: StartProgress['stage']; step: number; since: number } | null = null;
  const words: Record<StartProgress['stage'], string> = {
    check: 'integrity check before migration',
    backup: 'backup before migration',
    migrate: 'migration step',
    checkpoint: 'checkpoint after migration',
  };
  return (progress) => {
    if (current === null || current.stage !== progress.stage || current.step !== progress.step) {
      current = { stage: progress.stage, step: progress.step, since: performance.now() };
      log.info(`${words[progress.stage]} started`, { step: progress.step, steps: progress.steps });
    }
    if (progress.phase === 'done') {
      log.info(`${words[progress.stage]} done`, {
        step: progress.step,
        ms: Math.round(performance.now() - current.since),
      });
      current = null;
    }
    onStartProgress?.(progress);
  };
}

/** Runs a start-up step on the data folder, turning a storage failure into a StoreStartupError. */
function storeStep<T>(places: StorePlaces, log: Logger | null, step: () => T): T {
  try {
    return step();
  } catch (err) {
    throw reportStoreFailure(err, places, log);
  }
}

/**
 * The error to throw for a start-up failure: a storage failure becomes a StoreStartupError
 * (Chinese, naming the backups) and its technical cause goes to the log file, not the screen;
 * anything else is returned as it was.
 */
function reportStoreFailure(err: unknown, places: StorePlaces, log: Logger | null): unknown {
  const failure = storeStartupErrorFrom(err, places);
  if (failure === null) return err;
  log?.error('the store cannot be used', { problem: failure.problem, technical: failure.technical });
  return failure;
}

