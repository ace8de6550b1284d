import type { DeviceHealth, DeviceState, Health } from '../../contract/health';
import type { BackgroundService } from '../assembly/capability-module';
import type { Clock } from '../clock';
import type { StatusReport, StatusSource } from '../devices/device';
import { countOutbox } from '../events/event-store';
import type { Logger } from '../logging/logger';
import type { Db } from '../storage/database';
import { runningReason } from '../storage/store-watch';
import { SYNC_STATUS_ID } from '../sync/sync-status';
import { syncHealth } from './sync-health';

export interface HealthMonitorOptions {
  db: Db;
  clock: Clock;
  /** Where each change of a source's state is written (`device state changed`, info). */
  log: Logger;
  schemaVersion: number;
  /**
   * Whatever reports its own state: the source with id `sync` (SYNC_STATUS_ID) fills
   * `Health['sync']` (none: not configured); every other one is a device, listed in this order.
   * Ids must be unique. Default none; `collectFrom` gives them later, before start.
   */
  sources?: readonly StatusSource[];
  onChange: (health: Health) => void;
  /** Milliseconds between database checks (a read and the outbox count); default 5000. */
  intervalMs?: number;
}

/** Whether two reports say the same (`since` aside). */
function sameReport(a: StatusReport, b: StatusReport): boolean {
  return a.state === b.state && a.detail === b.detail && a.endpoint === b.endpoint;
}

/** Comparable form: the same health with timestamps removed. */
function fingerprint(h: Health): string {
  return JSON.stringify({ ...h, checkedAt: '', devices: h.devices.map((d) => ({ ...d, since: '' })) });
}

/**
 * Collects the window's health and tells the UI when anything changed, so the status bar is
 * never stale and never polls. It checks only what is its own, the database (a read every few
 * seconds, the outcome of writes, the outbox's pending count); devices and sync report their
 * own states (device.ts), which it collects as they come. It never probes a port itself.
 */
export class HealthMonitor implements BackgroundService {
  readonly name = 'health.monitor';
  private sync: StatusSource | null = null;
  private devices: readonly StatusSource[] = [];
  /**
   * By source id: the report it had when collected (before any service started: a watch's
   * 正在检测, a not_configured device) until its first answer is logged, then the state last
   * logged. Only news is logged: the first answer, then each change of state.
   */
  private readonly logged = new Map<string, { collected: StatusReport } | { state: DeviceState }>();
  private current: Health;
  private unsubscribes: Array<() => void> = [];
  private timer: NodeJS.Timeout | null = null;
  private pendingTimer: NodeJS.Timeout | null = null;
  private stopped = false;
  /** Events in the outbox at the last count. */
  private pending = 0;
  /** Why the last write failed, until a write succeeds again; null: the last write committed. */
  private writeFault: string | null = null;
  /** The store was found damaged after start (the integrity check's late verdict); it stays. */
  private damage: string | null = null;
  /** Why the last read probe failed, or null. */
  private readFault: string | null = null;

  /** @throws Error when two sources share an id (a wiring mistake). */
  constructor(private readonly options: HealthMonitorOptions) {
    this.useSources(options.sources ?? []);
    this.current = this.collect();
  }

  /**
   * Collects `sources` from now on, in place of those it had: the assembler hands over every
   * registered module's once registration is done (create-core.ts), so a module added later is
   * shown without a list to keep. Before start only, when nobody has been told anything yet.
   * @throws Error when two sources share an id, or the monitor has started (wiring mistakes).
   */
  collectFrom(sources: readonly StatusSource[]): void {
    if (this.timer) throw new Error('the health monitor takes its status sources before it starts');
    this.useSources(sources);
    this.current = this.collect();
  }

  private useSources(sources: readonly StatusSource[]): void {
    const ids = new Set<string>();
    for (const source of sources) {
      if (ids.has(source.id)) throw new Error(`two status sources share the id ${source.id}`);
      ids.add(source.id);
    }
    this.sync = sources.find((s) => s.id === SYNC_STATUS_ID) ?? null;
    this.devices = sources.filter((s) => s.id !== SYNC_STATUS_ID);
    this.logged.clear();
    for (const source of sources) this.logged.set(source.id, { collected: source.status() });
  }

  /**
   * Writes one log line with a source's first answer (a printer unplugged since start-up is in
   * the log too) and then whenever its state changes, so the day's log tells when the printer
   * went away; a new detail in the same state, and every poll, are not logged. The endpoint says
   * which port or address; a report carries no personal data.
   */
  private logStateChange(source: StatusSource, report: StatusReport): void {
    const last = this.logged.get(source.id);
    if (last && 'state' in last && last.state === report.state) return;
    if (last && 'collected' in last && sameReport(last.collected, report)) return;
    this.logged.set(source.id, { state: report.state });
    this.options.log.info('device state changed', { id: source.id, state: report.state, detail: report.detail, endpoint: report.endpoint });
  }

  /** The latest health (what `app.health` answers). */
  health(): Health {
    return this.current;
  }

  /**
   * A write failed (a commit refused by a full disk, a read-only file, a lock held elsewhere):
   * the status bar says so in words until a write succeeds again. Reads go on working on such
   * a store, so only the outcome of writes can tell that nothing more is being saved.
   */
  noteWriteFailed(reason: string): void {
    this.writeFault = reason;
    this.update();
  }

  /** A write committed: whatever made the last one fail is over. */
  noteWriteSucceeded(): void {
    if (this.writeFault === null) return;
    this.writeFault = null;
    this.update();
  }

  /** The store is damaged (found after start); health says so for as long as this core runs. */
  noteDamaged(reason: string): void {
    this.damage = reason;
    this.update();
  }

  /** Listens to every source and checks the database at once, then every `intervalMs`. */
  start(): void {
    if (this.timer) return;
    this.stopped = false;
    const sources = [...(this.sync ? [this.sync] : []), ...this.devices];
    this.unsubscribes = sources.map((source) =>
      source.onStatus((report) => {
        this.logStateChange(source, report);
        this.update();
      }),
    );
    // A source may have reported between this monitor's construction and now.
    for (const source of sources) this.logStateChange(source, source.status());
    this.check();
    this.timer = setInterval(() => this.check(), this.options.intervalMs ?? 5000);
    this.timer.unref();
  }

  /** Stops listening and checking; safe before start and twice. */
  stop(): void {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    if (this.pendingTimer) clearTimeout(this.pendingTimer);
    this.timer = null;
    this.pendingTimer = null;
    for (const unsubscribe of this.unsubscribes.splice(0)) unsubscribe();
  }

  /**
   * After something was recorded: the status bar's pending count follows within a moment,
   * without waiting for the next check. Counted after the call has answered, never on the
   * clerk's path (a week offline is a large outbox), and once for a burst of changes.
   */
  refreshPending(): void {
    if (this.pendingTimer || this.stopped) return;
    this.pendingTimer = setTimeout(() => {
      this.pendingTimer = null;
      try {
        this.pending = countOutbox(this.options.db);
      } catch {
        // The store cannot be read just now: the periodic check says why in the status bar.
        return;
      }
      this.update();
    }, 200);
    this.pendingTimer.unref();
  }

  /** One database check: can it still be read, and how many events wait in the outbox. */
  check(): void {
    try {
      this.options.db.prepare('SELECT 1').get();
      this.pending = countOutbox(this.options.db);
      this.readFault = null;
    } catch (err) {
      // In words, by SQLite's code; the English text is no use in the status bar.
      const code = err instanceof Error && 'code' in err && typeof err.code === 'string' ? err.code : 'SQLITE_ERROR';
      this.readFault = runningReason(code);
    }
    this.update();
  }

  /** Takes in what is known now, and tells the UI if that differs from what it was last told. */
  private update(): void {
    const next = this.collect();
    const changed = fingerprint(next) !== fingerprint(this.current);
    this.current = next;
    if (changed) this.options.onChange(next);
  }

  private collect(): Health {
    const devices: DeviceHealth[] = this.devices.map((source) => {
      const { state, endpoint, detail, since, condition, ratingFlags } = source.status();
      // A printer's paper and cover flags (printing drivers); absent for every other device.
      return {
        id: source.id,
        label: source.label,
        state,
        endpoint,
        detail,
        since,
        ...(condition !== undefined ? { condition } : {}),
        ...(ratingFlags !== undefined ? { ratingFlags } : {}),
      };
    });
    return {
      database: this.databaseHealth(),
      sync: syncHealth(this.sync?.status() ?? null, this.pending),
      devices,
      checkedAt: this.options.clock.now().toISOString(),
    };
  }

  /** The database's health from what is known: damage first, then a failed read, then a failed write. */
  private databaseHealth(): Health['database'] {
    const detail = this.damage ?? this.readFault ?? this.writeFault;
    const { schemaVersion } = this.options;
    return detail === null ? { state: 'ok', detail: null, schemaVersion } : { state: 'error', detail, schemaVersion };
  }
}
