import type { DeviceHealth, Health } from '../../contract/health';
import type { Clock } from '../clock';
import type { CounterConfig } from '../config/config-schema';
import { countOutbox } from '../events/event-store';
import type { Db } from '../storage/database';
import { runningReason } from '../storage/store-watch';
import {
  probePrinter,
  probeRatingDevice,
  probeUpstream,
  type ProbeResult,
  type SerialPortLister,
} from './device-probes';

const DEVICE_LABELS = {
  ratingDevice: '评价器',
  receiptPrinter: '回执打印机',
  ticketPrinter: '排队票打印机',
} as const;
type DeviceId = keyof typeof DEVICE_LABELS;

export interface HealthMonitorOptions {
  db: Db;
  config: CounterConfig;
  clock: Clock;
  schemaVersion: number;
  lister: SerialPortLister;
  onChange: (health: Health) => void;
  intervalMs?: number;
}

/** Comparable form: the same health with timestamps removed. */
function fingerprint(h: Health): string {
  return JSON.stringify({ ...h, checkedAt: '', devices: h.devices.map((d) => ({ ...d, since: '' })) });
}

/**
 * Checks the database, the upstream and each device every few seconds and tells the UI when
 * anything changed, so the status bar is never stale and never polls.
 */
export class HealthMonitor {
  private current: Health;
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private pendingTimer: NodeJS.Timeout | null = null;
  /** Why the last write failed, until a write succeeds again; null: the last write committed. */
  private writeFault: string | null = null;
  /** The store was found damaged after start (the integrity check's late verdict); it stays. */
  private damage: string | null = null;
  /** Why the last read probe failed, or null. */
  private readFault: string | null = null;

  constructor(private readonly options: HealthMonitorOptions) {
    const at = options.clock.now().toISOString();
    this.current = {
      database: { state: 'ok', detail: null, schemaVersion: options.schemaVersion },
      sync: {
        state: options.config.sync ? 'offline' : 'not_configured',
        endpoint: options.config.sync?.url ?? null,
        pending: 0,
        detail: options.config.sync ? '正在检测…' : null,
      },
      devices: (Object.keys(DEVICE_LABELS) as DeviceId[]).map((id) => ({
        id,
        label: DEVICE_LABELS[id],
        state: options.config.devices[id] ? 'offline' : 'not_configured',
        endpoint: null,
        detail: options.config.devices[id] ? '正在检测…' : null,
        since: at,
      })),
      checkedAt: at,
    };
  }

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
    this.publishDatabase();
  }

  /** A write committed: whatever made the last one fail is over. */
  noteWriteSucceeded(): void {
    if (this.writeFault === null) return;
    this.writeFault = null;
    this.publishDatabase();
  }

  /** The store is damaged (found after start); health says so for as long as this core runs. */
  noteDamaged(reason: string): void {
    this.damage = reason;
    this.publishDatabase();
  }

  /** The database's health from what is known: damage first, then a failed read, then a failed write. */
  private databaseHealth(): Health['database'] {
    const detail = this.damage ?? this.readFault ?? this.writeFault;
    return detail === null
      ? { state: 'ok', detail: null, schemaVersion: this.options.schemaVersion }
      : { state: 'error', detail, schemaVersion: this.options.schemaVersion };
  }

  private publishDatabase(): void {
    const database = this.databaseHealth();
    const before = this.current.database;
    if (before.state === database.state && before.detail === database.detail) return;
    this.current = { ...this.current, database, checkedAt: this.options.clock.now().toISOString() };
    this.options.onChange(this.current);
  }

  start(): void {
    void this.check();
    this.timer = setInterval(() => void this.check(), this.options.intervalMs ?? 5000);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    if (this.pendingTimer) clearTimeout(this.pendingTimer);
    this.timer = null;
    this.pendingTimer = null;
    await this.running;
  }

  /**
   * After something was recorded: the status bar's pending count follows within a moment,
   * without probing devices. Counted after the call has answered, never on the clerk's path
   * (a week offline is a large outbox), and once for a burst of changes.
   */
  refreshPending(): void {
    if (this.pendingTimer) return;
    this.pendingTimer = setTimeout(() => {
      this.pendingTimer = null;
      const pending = countOutbox(this.options.db);
      if (pending === this.current.sync.pending) return;
      this.current = { ...this.current, sync: { ...this.current.sync, pending } };
      this.options.onChange(this.current);
    }, 200);
  }

  /** One round of checks; concurrent callers share the round in progress. */
  check(): Promise<void> {
    this.running ??= this.round().finally(() => {
      this.running = null;
    });
    return this.running;
  }

  private async round(): Promise<void> {
    const { db, config, lister, clock } = this.options;
    let pending = this.current.sync.pending;
    try {
      db.prepare('SELECT 1').get();
      pending = countOutbox(db);
      this.readFault = null;
    } catch (err) {
      // In words, by SQLite's code; the English text is no use in the status bar.
      const code = err instanceof Error && 'code' in err && typeof err.code === 'string' ? err.code : 'SQLITE_ERROR';
      this.readFault = runningReason(code);
    }
    const database = this.databaseHealth();
    let sync: Health['sync'] = { state: 'not_configured', endpoint: null, pending, detail: null };
    if (config.sync) {
      const upstream = await probeUpstream(config.sync.url);
      sync = { state: upstream.online ? 'online' : 'offline', endpoint: config.sync.url, pending, detail: upstream.detail };
    }
    const probes: Record<DeviceId, Promise<ProbeResult>> = {
      ratingDevice: probeRatingDevice(config.devices.ratingDevice, lister),
      receiptPrinter: probePrinter(config.devices.receiptPrinter, lister),
      ticketPrinter: probePrinter(config.devices.ticketPrinter, lister),
    };
    const at = clock.now().toISOString();
    const devices: DeviceHealth[] = [];
    for (const id of Object.keys(DEVICE_LABELS) as DeviceId[]) {
      const result = await probes[id];
      const before = this.current.devices.find((d) => d.id === id);
      devices.push({
        id,
        label: DEVICE_LABELS[id],
        ...result,
        since: before && before.state === result.state ? before.since : at,
      });
    }
    const next: Health = { database, sync, devices, checkedAt: at };
    const changed = fingerprint(next) !== fingerprint(this.current);
    this.current = next;
    if (changed) this.options.onChange(next);
  }
}
