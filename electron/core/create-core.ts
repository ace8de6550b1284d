import fs from 'node:fs';
import path from 'node:path';
import type { CaseDetail } from '../contract/cases';
import { calendarDateIn } from '../contract/dates';
import type { Envelope } from '../contract/envelope';
import { CounterError } from '../contract/errors';
import type { AnyCoreEvent } from '../contract/events';
import { IDENTITY_DOCUMENT_LABELS, IDENTITY_DOCUMENT_TYPES } from '../contract/validation';
import { buildWorkCalendar, loadCalendarFile, type WorkCalendar } from './calendar';
import { calendarRevision, loadStoredCalendarYears, mergeCalendarYears } from './calendar/calendar-store';
import { readMeta, writeMeta } from './storage/app-meta';
import {
  decide,
  decideIntake,
  deliver,
  recomputeOpenDeadlines,
  startReview,
  submitIntake,
  supplementMaterials,
  terminate,
  withdraw,
  type CaseCommandContext,
} from './cases/case-commands';
import { intakePreview, workingDaysOf } from './cases/intake-preview';
import { loadCaseEvents, loadCaseState } from './cases/case-repository';
import { deleteDraft, deleteSubmittedDraft, readDraft, writeDraft } from './drafts/draft-store';
import { searchCases } from './cases/case-search';
import type { CaseEvent } from './cases/case-events';
import type { CaseState } from './cases/case-state';
import { caseItemType } from './cases/case-item-type';
import { toCaseDetail } from './cases/case-view';
import { loadCatalogFile, loadRejectionReasonsFile, type RejectionReasonsFile } from './catalog/catalog-file-schema';
import { CatalogService } from './catalog/catalog-service';
import { catalogIsEmpty, importCatalog } from './catalog/catalog-store';
import { systemClock, type Clock } from './clock';
import type { CounterConfig } from './config/config-schema';
import { loadConfig } from './config/load-config';
import { createDispatcher, type Handlers } from './dispatcher/dispatcher';
import { listSerialPorts, type SerialPortLister } from './health/device-probes';
import { HealthMonitor } from './health/health-monitor';
import { logFileWriter } from './logging/log-files';
import { createLogger, type Logger } from './logging/logger';
import { SessionManager } from './staff/session-manager';
import { staffNames } from './staff/staff-repository';
import { backupDatabase, pruneBackups, removeAbandonedPartials } from './storage/backup';
import type { Db } from './storage/database';
import { lockDataDir } from './storage/data-dir-lock';
import { openDatabase, refusalFor } from './storage/open-database';
import { DATABASE_OPENED_LOG_MESSAGE } from './storage/earlier-database';
import { describeVerdict } from './storage/integrity-check';
import { StoreStartupError, storeStartupErrorFrom, type StorePlaces } from './storage/store-startup-error';
import { createWriteWatch, runEveryStep } from './storage/store-watch';
import { startWalCheckpointer } from './storage/wal-checkpointer';
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
  serialPortLister?: SerialPortLister;
  healthIntervalMs?: number;
  /** How long start-up waits for the integrity check (open-database.ts); tests shorten it. */
  integrityBudgetMs?: number;
  /**
   * Log lines also go to stderr (default true). The browser shell turns this off: its terminal
   * shows the clerk-facing Chinese banner, and the JSON lines are in `<dataDir>/logs/` anyway.
   */
  logToStderr?: boolean;
}

export interface Core {
  readonly dataDir: string;
  readonly databasePath: string;
  readonly config: CounterConfig;
  /** The config file in use, or null for the demo settings. */
  readonly configSource: string | null;
  invoke(method: string, args: unknown): Promise<Envelope>;
  subscribe(listener: (event: AnyCoreEvent) => void): () => void;
  close(): Promise<void>;
}

export const DATABASE_FILE = 'counter.sqlite';
const DAILY_BACKUPS_KEPT = 14;

function readJson(file: string): unknown {
  return JSON.parse(fs.readFileSync(file, 'utf8')) as unknown;
}

const DEADLINES_CALENDAR_KEY = 'deadlines_calendar_revision';

/** First start: the shipped catalog; every start: any newer official holiday schedule shipped with this build. */
function seedFromResources(db: Db, resourcesDir: string, at: string, log: Logger): void {
  return db
    .transaction(() => {
      if (catalogIsEmpty(db)) {
        const file = path.join(resourcesDir, 'catalog', 'default-catalog.json');
        const result = importCatalog(db, loadCatalogFile(readJson(file)), file, at);
        log.info('default catalog loaded', { ...result });
      }
      const calendar = loadCalendarFile(readJson(path.join(resourcesDir, 'calendar', 'cn-calendar.json')));
      mergeCalendarYears(db, calendar.years, at);
    })
    .immediate();
}

/**
 * Builds the whole core from its options: the only place where storage, domain services,
 * devices' health and the dispatcher are wired together.
 */
export async function createCore(options: CoreOptions): Promise<Core> {
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
    });
  } catch (err) {
    lock.release();
    throw reportStoreFailure(err, places, log);
  }
  const db = opened.db;
  log.info(DATABASE_OPENED_LOG_MESSAGE, { file: databasePath, schemaVersion: opened.schemaVersion, migratedFrom: opened.migratedFrom });
  if (opened.backupPath) log.info('backup taken before migration', { file: opened.backupPath, from: opened.migratedFrom });
  const integrityCheck = opened.integrityCheck;
  /** Set when the integrity check, finishing after start, found the file damaged: writes stop. */
  let damaged: StoreStartupError | null = null;

  const window: WindowIdentity = {
    hallCode: config.hall.code,
    hallName: config.hall.name,
    windowNumber: config.window.number,
    timeZone: config.timeZone,
  };
  const listeners = new Set<(event: AnyCoreEvent) => void>();
  const emit = (event: AnyCoreEvent): void => {
    for (const listener of listeners) {
      try {
        listener(event);
      } catch (err) {
        log.warn('event listener failed', { event: event.name, message: (err as Error).message });
      }
    }
  };

  let monitor: HealthMonitor | null = null;
  let dailyBackupTimer: NodeJS.Timeout | null = null;
  let firstBackupTimer: NodeJS.Timeout | null = null;
  const checkpointer = startWalCheckpointer(db, databasePath, {
    onError: (message) => log.warn('background checkpoint failed', { message }),
  });
  try {
    seedFromResources(db, options.resourcesDir, clock.now().toISOString(), log);
    const storedYears = loadStoredCalendarYears(db);
    const calendar: WorkCalendar = buildWorkCalendar(storedYears);
    const rejectionReasons: RejectionReasonsFile = loadRejectionReasonsFile(
      readJson(path.join(options.resourcesDir, 'intake', 'rejection-reasons.json')),
    );
    const catalog = new CatalogService(
      db,
      { departments: config.window.departments, itemCodes: config.window.itemCodes },
      rejectionReasons.reasons,
    );
    const sessions = new SessionManager(db, clock, window, (session) => {
      emit({ name: 'session.changed', payload: session });
      monitor?.refreshPending();
    });
    sessions.closeSessionLeftOpen();

    const cases: CaseCommandContext = {
      db,
      clock,
      window,
      calendar: () => calendar,
      items: catalog,
      rejectionReasons: rejectionReasons.reasons,
    };
    // The open cases' deadlines follow the calendar they were last computed with; when the
    // calendar differs (a newer schedule shipped or synced), they are brought up to date. The
    // mark is written only after every case is done, so a crash half-way resumes at next start.
    const revision = calendarRevision(storedYears);
    if (readMeta(db, DEADLINES_CALENDAR_KEY) !== revision) {
      const recomputed = recomputeOpenDeadlines(cases);
      writeMeta(db, DEADLINES_CALENDAR_KEY, revision);
      if (recomputed.length > 0) log.info('deadlines recomputed after calendar update', { cases: recomputed.length });
    }

    monitor = new HealthMonitor({
      db,
      config,
      clock,
      schemaVersion: opened.schemaVersion,
      lister: options.serialPortLister ?? listSerialPorts,
      onChange: (health) => emit({ name: 'health.changed', payload: health }),
      ...(options.healthIntervalMs !== undefined ? { intervalMs: options.healthIntervalMs } : {}),
    });

    /** The case as the UI shows it; `history` when the caller already holds all its events. */
    const detail = (state: CaseState, history: readonly CaseEvent[] | null = null): CaseDetail => {
      const events = history ?? loadCaseEvents(db, state.id);
      const ids = [state.receivedBy, ...events.flatMap((e) => (e.staffId ? [e.staffId] : []))];
      return toCaseDetail(state, events, staffNames(db, ids), caseItemType(state.item, catalog));
    };
    /** After a case command committed: tell the UI, and refresh the pending-sync count. */
    const changed = (state: CaseState, history: readonly CaseEvent[] | null = null): CaseDetail => {
      emit({ name: 'case.changed', payload: { caseId: state.id, caseNumber: state.caseNumber, status: state.status } });
      monitor?.refreshPending();
      return detail(state, history);
    };
    const today = (): string => calendarDateIn(config.timeZone, clock.now());

    const handlers: Handlers = {
      'app.windowInfo': () => ({
        hallCode: config.hall.code,
        hallName: config.hall.name,
        windowNumber: config.window.number,
        windowName: config.window.name,
        departments: [...config.window.departments],
        timeZone: config.timeZone,
        appVersion: options.appVersion,
        demoConfig: configSource === null,
        configFile: configSource,
        dataDir: options.dataDir,
        databasePath,
        today: today(),
      }),
      'app.health': () => monitor?.health() ?? Promise.reject(new Error('health monitor not started')),
      'session.current': () => sessions.session(),
      'session.signIn': (args) => sessions.signIn(args.staffNumber, args.pin),
      'session.signOut': () => sessions.signOut(),
      'session.pause': () => sessions.pause(),
      'session.resume': (args) => sessions.resume(args.pin),
      'catalog.search': (args) => catalog.search(args.query, args.limit),
      'catalog.getItem': (args) => catalog.detail(args.code, args.version),
      'intake.referenceData': () => ({
        rejectionReasons: rejectionReasons.reasons.map((r) => ({
          id: r.id,
          text: r.text,
          legalBasis: r.legalBasis ?? null,
          itemTypes: r.itemTypes,
          itemCodes: r.itemCodes ?? null,
        })),
        identityDocumentTypes: IDENTITY_DOCUMENT_TYPES.map((key) => ({ key, label: IDENTITY_DOCUMENT_LABELS[key] })),
      }),
      'intake.preview': (args) => {
        const version = args.itemVersion ?? catalog.inForce(args.itemCode)?.version;
        if (version === undefined) throw new CounterError('not_found', '事项不存在或本窗口不受理该事项');
        const item = catalog.itemVersion(args.itemCode, version);
        if (!item || !catalog.servedHere(item.snapshot)) throw new CounterError('not_found', '事项不存在或本窗口不受理该事项');
        return intakePreview(calendar, item.snapshot, today(), config.intake.deferralWorkingDays);
      },
      'calendar.workingDays': (args) => workingDaysOf(calendar, args.from, args.to),
      'intake.submit': (args, ctx) => {
        // The case and the end of the form's draft commit together (submitIntake's own
        // transaction becomes a savepoint inside this one): no restart can bring back as a
        // draft a form that is already a case.
        const { state, history } = db
          .transaction(() => {
            const made = submitIntake(cases, args, ctx.staff);
            deleteSubmittedDraft(db, ctx.staff.staffId, args.clientRequestId);
            return made;
          })
          .immediate();
        return changed(state, history);
      },
      'drafts.get': (_args, ctx) =>
        readDraft(db, ctx.staff.staffId, (reason) => log.warn('intake draft discarded on read', { reason })),
      'drafts.save': (args, ctx) => {
        const at = clock.now().toISOString();
        const saved = writeDraft(db, ctx.staff.staffId, config.window.number, args.draft, at);
        return { saved, savedAt: saved ? at : null };
      },
      'drafts.discard': (_args, ctx) => ({ discarded: deleteDraft(db, ctx.staff.staffId) }),
      'cases.search': (args) => searchCases(db, args),
      'cases.get': (args) => {
        const state = loadCaseState(db, args.caseId);
        if (!state) throw new CounterError('not_found', '办件不存在');
        return detail(state);
      },
      'cases.decideIntake': (args, ctx) => changed(decideIntake(cases, args, ctx.staff)),
      'cases.supplementMaterials': (args, ctx) => changed(supplementMaterials(cases, args, ctx.staff)),
      'cases.startReview': (args, ctx) => changed(startReview(cases, args, ctx.staff)),
      'cases.decide': (args, ctx) => changed(decide(cases, args, ctx.staff)),
      'cases.deliver': (args, ctx) => changed(deliver(cases, args, ctx.staff)),
      'cases.withdraw': (args, ctx) => changed(withdraw(cases, args, ctx.staff)),
      'cases.terminate': (args, ctx) => changed(terminate(cases, args, ctx.staff)),
    };
    const dispatch = createDispatcher(handlers, () => sessions.requireActive(), log);

    monitor.start();
    const startedMonitor = monitor;
    if (integrityCheck) {
      // The check outlasted its start-up budget (a large store); its verdict still counts: a
      // damaged file takes no more writes, and the status bar says why and what to do.
      void integrityCheck.verdict.then((verdict) => {
        const refusal = refusalFor(verdict, places);
        if (refusal === null) {
          if (!verdict.ok) log.warn('integrity check could not finish', { detail: describeVerdict(verdict) });
          return;
        }
        damaged = refusal;
        log.error('store found damaged after start', { problem: refusal.problem, technical: refusal.technical });
        startedMonitor.noteDamaged(refusal.message);
      });
    }
    const writes = createWriteWatch(db);
    let closed = false;
    const dailyBackup = async (): Promise<void> => {
      if (closed) return;
      const label = `daily-${today()}`;
      const exists = fs.existsSync(backupDir) && fs.readdirSync(backupDir).some((f) => f.endsWith(`-${label}.sqlite`));
      if (exists) return;
      try {
        const file = await backupDatabase(db, backupDir, label, clock.now());
        pruneBackups(backupDir, /-daily-\d{4}-\d{2}-\d{2}\.sqlite$/, DAILY_BACKUPS_KEPT);
        db.pragma('optimize');
        log.info('daily backup taken', { file });
      } catch (err) {
        log.error('daily backup failed', { message: (err as Error).message });
      }
    };
    dailyBackupTimer = setInterval(() => void dailyBackup(), 60 * 60 * 1000);
    dailyBackupTimer.unref();
    // Not at once: the first minutes after start belong to the clerk, not to a copy of the database.
    firstBackupTimer = setTimeout(() => void dailyBackup(), 5 * 60 * 1000);
    firstBackupTimer.unref();

    return {
      dataDir: options.dataDir,
      databasePath,
      config,
      configSource,
      async invoke(method, args) {
        if (damaged !== null && !READS_ON_A_DAMAGED_STORE.has(method)) {
          return { ok: false, error: { code: 'unavailable', message: damaged.message } };
        }
        const envelope = await dispatch(method, args);
        const outcome = writes.after(envelope);
        if (outcome === 'wrote') startedMonitor.noteWriteSucceeded();
        else if (outcome !== null) startedMonitor.noteWriteFailed(outcome.failed);
        checkpointer.noteActivity();
        return envelope;
      },
      subscribe(listener) {
        listeners.add(listener);
        return () => listeners.delete(listener);
      },
      async close() {
        if (closed) return;
        closed = true;
        if (dailyBackupTimer) clearInterval(dailyBackupTimer);
        if (firstBackupTimer) clearTimeout(firstBackupTimer);
        listeners.clear();
        // Every step runs whatever failed before it (a failing disk throws from `optimize`): the
        // database is closed and the folder's lock released last, so the next start finds both free.
        await runEveryStep(
          [
            ['stop health checks', () => monitor?.stop()],
            ['stop the checkpointer', () => checkpointer.stop()],
            ['stop the integrity check', () => integrityCheck?.cancel()],
            ['optimize', () => db.pragma('optimize')],
            ['close the database', () => db.close()],
            ['release the data folder', () => lock.release()],
          ],
          (step, err) => log.error('closing step failed', { step, error: err instanceof Error ? err.message : String(err) }),
        );
      },
    };
  } catch (err) {
    if (dailyBackupTimer) clearInterval(dailyBackupTimer);
    await runEveryStep(
      [
        ['stop health checks', () => monitor?.stop()],
        ['stop the checkpointer', () => checkpointer.stop()],
        ['stop the integrity check', () => integrityCheck?.cancel()],
        ['close the database', () => db.close()],
        ['release the data folder', () => lock.release()],
      ],
      (step, failure) => log.error('closing step failed', { step, error: failure instanceof Error ? failure.message : String(failure) }),
    );
    // Seeding and the deadline catch-up write: a full or read-only disk shows here first.
    throw reportStoreFailure(err, places, log);
  }
}

/**
 * Methods that only read, still served when the store was found damaged after start: the clerk
 * can look up a case for an applicant at the window; nothing more is written to the file.
 */
const READS_ON_A_DAMAGED_STORE: ReadonlySet<string> = new Set([
  'app.windowInfo',
  'app.health',
  'session.current',
  'catalog.search',
  'catalog.getItem',
  'intake.referenceData',
  'intake.preview',
  'cases.search',
  'cases.get',
]);

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

