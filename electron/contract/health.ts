import { z } from 'zod';
import { PrinterConditionSchema } from './printing';
import { RatingDeviceFlagsSchema } from './ratings';

/**
 * A device's (or the sync client's) state, as its driver reports it: `connected`; `offline` (not
 * there: unplugged, switched off, cable or network down; expected back by itself); `error` (there
 * but unusable until someone acts: no permission, held by another program, a wrong address; the
 * detail says which); `not_configured` (the config file does not set it up).
 */
export const DEVICE_STATES = ['connected', 'offline', 'error', 'not_configured'] as const;
export type DeviceState = (typeof DEVICE_STATES)[number];

export const DeviceHealthSchema = z.object({
  /** Stable id: `ratingDevice`, `receiptPrinter`, `ticketPrinter`. */
  id: z.string(),
  label: z.string(),
  state: z.enum(DEVICE_STATES),
  /** Where it is attached, e.g. `/dev/ttyUSB0` or `192.168.1.50:9100`. */
  endpoint: z.string().nullable(),
  detail: z.string().nullable(),
  since: z.string(),
  /**
   * A printer's last `DLE EOT` answer (serial, TCP): paper, cover, online, as the printing module
   * read it; null or absent where none is known (a device file, the OS print queue, not asked
   * yet, not a printer). The status bar and 测试打印 name it (缺纸, 纸将尽, 上盖打开, 脱机).
   */
  condition: PrinterConditionSchema.nullable().optional(),
  /**
   * The rating device's status bits as last polled (v1): armed, 币箱满, 卡币, 机盖打开, 传感器故障;
   * null or absent where none is known (the legacy bus has none, not polled yet, not the rating device).
   */
  ratingFlags: RatingDeviceFlagsSchema.nullable().optional(),
});
export type DeviceHealth = z.infer<typeof DeviceHealthSchema>;

/**
 * The sync side's state in the status bar: `online` (the upstream answers), `offline` (it does not:
 * network or server down, expected back by itself), `error` (this window cannot use it until
 * someone acts: a wrong address in the config file, a refused enrolment token; the detail says which),
 * `not_configured` (the config file sets up no upstream).
 */
export const SYNC_STATES = ['not_configured', 'online', 'offline', 'error'] as const;
export type SyncState = (typeof SYNC_STATES)[number];

/** How far a catch-up push has come: `done` events acknowledged this round of `total`. */
export const SyncProgressSchema = z.object({ done: z.number().int().min(0), total: z.number().int().min(0) });
export type SyncProgress = z.infer<typeof SyncProgressSchema>;

export const HealthSchema = z.object({
  database: z.object({
    state: z.enum(['ok', 'error']),
    detail: z.string().nullable(),
    schemaVersion: z.number().int(),
  }),
  sync: z.object({
    state: z.enum(SYNC_STATES),
    endpoint: z.string().nullable(),
    /** Events recorded here and not yet acknowledged by the upstream. */
    pending: z.number().int(),
    detail: z.string().nullable(),
    /** When a sync round last ended without an error (ISO 8601); null: never. Absent before issue 16. */
    lastSuccessAt: z.string().nullable().optional(),
    /** The last failure in words, until a round succeeds again; null: none. */
    lastError: z.string().nullable().optional(),
    /** A catch-up under way (events pushed this round of how many): null when none. */
    progress: SyncProgressSchema.nullable().optional(),
  }),
  devices: z.array(DeviceHealthSchema),
  checkedAt: z.string(),
});
export type Health = z.infer<typeof HealthSchema>;

/** What a hall screen is told of a database fault, instead of the detail (which names this PC's folders). */
export const DATABASE_FAULT_FOR_DISPLAY = '数据库故障，请联系信息科';

/**
 * Health as a hall screen on another PC sees it (`app.health`'s displayResult, and the
 * `health.changed` event's display payload in event-access.ts): the same shape, so the status
 * bar shows it unchanged, with nothing that is this PC's own.
 * - `database.detail` is the generic DATABASE_FAULT_FOR_DISPLAY when in error: the real one
 *   names the database and backup files, whose paths carry the Windows user name.
 * - Every `endpoint` is null: a device file's endpoint is whatever path the config file names (a
 *   printer share names PCs), the upstream's is an URL that may carry credentials, and a hall
 *   screen shows states, not where things are plugged in. A printer's IP would be harmless, but
 *   one rule for every endpoint leaves nothing to judge per device type.
 * - States, labels, pending counts and the devices' and sync's `detail` stay: those details are
 *   words for a clerk (StatusReport in core/devices/device.ts), never paths or stack traces.
 * Fields are built one by one, so a field added to Health does not reach the network until it is
 * named here (the compiler asks, through the return type).
 */
export const HealthForDisplaySchema = HealthSchema.transform(
  (h): Health => ({
    database: {
      state: h.database.state,
      detail: h.database.state === 'error' ? DATABASE_FAULT_FOR_DISPLAY : null,
      schemaVersion: h.database.schemaVersion,
    },
    sync: {
      state: h.sync.state,
      endpoint: null,
      pending: h.sync.pending,
      detail: h.sync.detail,
      // Times, words and counts: nothing of this PC's in them.
      ...(h.sync.lastSuccessAt !== undefined ? { lastSuccessAt: h.sync.lastSuccessAt } : {}),
      ...(h.sync.lastError !== undefined ? { lastError: h.sync.lastError } : {}),
      ...(h.sync.progress !== undefined ? { progress: h.sync.progress } : {}),
    },
    devices: h.devices.map((d) => ({
      id: d.id,
      label: d.label,
      state: d.state,
      endpoint: null,
      detail: d.detail,
      since: d.since,
      // Paper and cover flags: a hall screen may show 缺纸 as the window does; nothing of this PC in it.
      ...(d.condition !== undefined ? { condition: d.condition } : {}),
      ...(d.ratingFlags !== undefined ? { ratingFlags: d.ratingFlags } : {}),
    })),
    checkedAt: h.checkedAt,
  }),
);
