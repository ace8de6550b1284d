import fs from 'node:fs';
import path from 'node:path';
import type { CaseDetail } from '../contract/cases';
import { calendarDateIn } from '../contract/dates';
import type { Envelope } from '../contract/envelope';
import { CounterError } from '../contract/errors';
import { deferralLimit } from '../contract/rules/deferral-limit';
import type { AnyCoreEvent } from '../contract/events';
import { IDENTITY_DOCUMENT_LABELS, IDENTITY_DOCUMENT_TYPES } from '../contract/validation';
import { addWorkingDays, buildWorkCalendar, loadCalendarFile, type WorkCalendar } from './calendar';
import { calendarRevision, loadStoredCalendarYears, mergeCalendarYears } from './calendar/calendar-store';
import { readMeta, writeMeta } from './storage/app-meta';
import {
  decide,
  decideIntake,
  deliver,
  dueDatesFor,
  recomputeOpenDeadlines,
  startReview,
  submitIntake,
  supplementMaterials,
  terminate,
  withdraw,
  type CaseCommandContext,
} from './cases/case-commands';
import { loadCaseEvents, loadCaseState } from './cases/case-repository';
import { searchCases } from './cases/case-search';
import type { CaseEvent } from './cases/case-events';
import type { CaseState } from './cases/case-state';
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
import { openDatabase } from './storage/open-database';
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
  const log = options.logger ?? createLogger({ write: logFileWriter(path.join(options.dataDir, 'logs')) });
  const { config, source: configSource } = loadConfig(options.configFile, path.join(options.dataDir, 'config.json'));
  const databasePath = path.join(options.dataDir, DATABASE_FILE);
  const backupDir = path.join(options.dataDir, 'backups');
  const lock = lockDataDir(options.dataDir);
  removeAbandonedPartials(backupDir);
  let opened;
  try {
    opened = await openDatabase({ path: databasePath, backupDir, now: () => clock.now() });
  } catch (err) {
    lock.release();
    throw err;
  }
  const db = opened.db;
  if (opened.backupPath) log.info('backup taken before migration', { file: opened.backupPath, from: opened.migratedFrom });

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
    const catalog = new CatalogService(db, { departments: config.window.departments, itemCodes: config.window.itemCodes });
    const rejectionReasons: RejectionReasonsFile = loadRejectionReasonsFile(
      readJson(path.join(options.resourcesDir, 'intake', 'rejection-reasons.json')),
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
      rejectionReasonIds: new Set(rejectionReasons.reasons.map((r) => r.id)),
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
      return toCaseDetail(state, events, staffNames(db, ids));
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
        rejectionReasons: rejectionReasons.reasons.map((r) => ({ id: r.id, text: r.text, legalBasis: r.legalBasis })),
        identityDocumentTypes: IDENTITY_DOCUMENT_TYPES.map((key) => ({ key, label: IDENTITY_DOCUMENT_LABELS[key] })),
      }),
      'intake.preview': (args) => {
        const version = args.itemVersion ?? catalog.inForce(args.itemCode)?.version;
        if (version === undefined) throw new CounterError('not_found', '事项不存在或本窗口不受理该事项');
        const item = catalog.itemVersion(args.itemCode, version);
        if (!item || !catalog.servedHere(item.snapshot)) throw new CounterError('not_found', '事项不存在或本窗口不受理该事项');
        const acceptanceDate = today();
        const due = dueDatesFor(calendar, item.snapshot, acceptanceDate);
        const deferral = addWorkingDays(calendar, acceptanceDate, config.intake.deferralWorkingDays).date;
        const limit = deferralLimit(item.snapshot.caseType, due).date;
        const capped = deferral > limit ? limit : deferral;
        return {
          acceptanceDate,
          promisedDueDate: due.promisedDueDate,
          legalDueDate: due.legalDueDate,
          promisedDueProvisional: due.promisedDueProvisional,
          legalDueProvisional: due.legalDueProvisional,
          defaultDeferralDueDate: capped > acceptanceDate ? capped : addWorkingDays(calendar, acceptanceDate, 1).date,
        };
      },
      'intake.submit': (args, ctx) => {
        const { state, history } = submitIntake(cases, args, ctx.staff);
        return changed(state, history);
      },
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
        const envelope = await dispatch(method, args);
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
        await monitor?.stop();
        await checkpointer.stop();
        listeners.clear();
        db.pragma('optimize');
        db.close();
        lock.release();
      },
    };
  } catch (err) {
    if (dailyBackupTimer) clearInterval(dailyBackupTimer);
    await monitor?.stop();
    await checkpointer.stop();
    db.close();
    lock.release();
    throw err;
  }
}

