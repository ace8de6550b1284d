import { z } from 'zod';
import { SettingChangeSchema, type SettingsHistoryEntry } from '../../contract/settings';
import type { CoreContext } from '../assembly/capability-module';
import { recordStaffEvent } from '../staff/staff-events';
import { staffNames } from '../staff/staff-repository';
import type { Db } from '../storage/database';
import { statement } from '../storage/statements';

/** The event type of a change of the settings, on the acting administrator's stream. */
export const SETTINGS_CHANGED = 'staff.settingsChanged';

/** `staff.settingsChanged`'s payload: how (first-run setup or the 设置 page), which file, what changed. */
export const SettingsChangedPayloadSchema = z.object({
  via: z.enum(['setup', 'settings']),
  configFile: z.string(),
  changes: z.array(SettingChangeSchema),
});
export type SettingsChangedPayload = z.infer<typeof SettingsChangedPayloadSchema>;

/**
 * Records a change of the settings on `actorStaffId`'s stream (recordStaffEvent): call inside the
 * transaction that goes with the file's write, so a record without the write (or the reverse)
 * cannot commit.
 */
export function recordSettingsChanged(
  ctx: Pick<CoreContext, 'window' | 'clock'>,
  db: Db,
  actorStaffId: string,
  payload: SettingsChangedPayload,
  /** The window recording it; default the running one (the first-run setup passes the new one). */
  window: { hallCode: string; windowNumber: number } = ctx.window,
): void {
  recordStaffEvent(
    db,
    { hallCode: window.hallCode, windowNumber: window.windowNumber, at: ctx.clock.now().toISOString() },
    { streamStaffId: actorStaffId, actorStaffId, type: SETTINGS_CHANGED, payload: { ...payload } },
  );
}

interface EventRow {
  occurred_at: string;
  staff_id: string | null;
  payload: string;
}

/**
 * The recorded changes of the settings, newest first, at most `limit`: when, who (null: nobody
 * signed in), how and what. A payload not of this version's shape (a later version's, after a
 * downgrade) is left out rather than failing the whole list or being shown as something else.
 */
export function settingsHistory(db: Db, limit: number): SettingsHistoryEntry[] {
  const rows = statement(
    db,
    "SELECT occurred_at, staff_id, payload FROM events WHERE stream_type = 'staff' AND type = ? ORDER BY seq DESC LIMIT ?",
  ).all(SETTINGS_CHANGED, limit) as EventRow[];
  const names = staffNames(db, rows.flatMap((r) => (r.staff_id === null ? [] : [r.staff_id])));
  return rows.flatMap((row) => {
    const parsed = SettingsChangedPayloadSchema.safeParse(JSON.parse(row.payload));
    if (!parsed.success) return [];
    const who = row.staff_id === null ? undefined : names.get(row.staff_id);
    return [
      {
        at: row.occurred_at,
        staff: row.staff_id !== null && who ? { id: row.staff_id, ...who } : null,
        via: parsed.data.via,
        changes: parsed.data.changes,
      },
    ];
  });
}
