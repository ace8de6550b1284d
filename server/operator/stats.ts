import type { Queryable } from '../db/queryable';
import { deviceRoleLabel, type DeviceRole } from '../enrolment/device-roles';

/** One window's (or dispenser's, or display's) holdings, for a hall's IT to compare with the PC's own counts. */
export interface WindowStats {
  window: number;
  /** The role its live token was enrolled as (migration 0009); null: no live token, or one enrolled before roles. */
  role: DeviceRole | null;
  /** The same in the hall's words: 窗口 / 取号机 / 叫号屏, 未登记角色（旧注册…）, or 未注册 (no live token). */
  roleLabel: string;
  /** Events held for the window. */
  events: number;
  /** Distinct cases (case streams) among them. */
  cases: number;
  /** The latest event's time as the window stamped it (ISO 8601 UTC), or null when none. */
  lastOccurredAt: string | null;
  /** When the server received the latest event (ISO 8601 UTC, the server's clock), or null. */
  lastReceivedAt: string | null;
}

/** A hall's holdings per window (the operator's `stats` command prints it as one JSON line). */
export interface HallStats {
  hall: string;
  windows: WindowStats[];
}

/** Counts a hall's events and cases per window, with its role: every enrolled number, and any number holding events. */
export async function hallStats(db: Queryable, hall: string): Promise<HallStats> {
  // A number has one live token (enrolment revokes the earlier ones).
  const live = await db.query<{ window_number: number; role: DeviceRole | null }>('SELECT window_number, role FROM tokens WHERE hall = $1 AND revoked_at IS NULL', [hall]);
  const roles = new Map(live.rows.map((r) => [r.window_number, r.role]));
  const result = await db.query<{ window_number: number; events: string; cases: string; last_occurred_at: Date | null; last_received_at: Date | null }>(
    `SELECT w.window_number,
            count(e.id)::text AS events,
            count(DISTINCT e.stream_id) FILTER (WHERE e.stream_type = 'case')::text AS cases,
            max(e.occurred_at) AS last_occurred_at,
            max(e.received_at) AS last_received_at
       FROM (SELECT window_number FROM windows WHERE hall = $1
             UNION SELECT DISTINCT window_number FROM events WHERE hall = $1) w
       LEFT JOIN events e ON e.hall = $1 AND e.window_number = w.window_number
      GROUP BY w.window_number
      ORDER BY w.window_number`,
    [hall],
  );
  return {
    hall,
    windows: result.rows.map((r) => ({
      window: r.window_number,
      role: roles.get(r.window_number) ?? null,
      roleLabel: roles.has(r.window_number) ? deviceRoleLabel(roles.get(r.window_number) ?? null) : '未注册',
      events: Number(r.events),
      cases: Number(r.cases),
      lastOccurredAt: r.last_occurred_at ? r.last_occurred_at.toISOString() : null,
      lastReceivedAt: r.last_received_at ? r.last_received_at.toISOString() : null,
    })),
  };
}
