import type { Queryable } from '../db/queryable';

/** One window's holdings, for a hall's IT to compare with the window's own counts. */
export interface WindowStats {
  window: number;
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

/** Counts a hall's events and cases per window: every enrolled window, and any window holding events. */
export async function hallStats(db: Queryable, hall: string): Promise<HallStats> {
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
      events: Number(r.events),
      cases: Number(r.cases),
      lastOccurredAt: r.last_occurred_at ? r.last_occurred_at.toISOString() : null,
      lastReceivedAt: r.last_received_at ? r.last_received_at.toISOString() : null,
    })),
  };
}
