import { appendEvent, lastStreamVersion } from '../events/event-store';
import { newId } from '../ids/new-id';
import type { Db } from '../storage/database';

/** Where and when a staff event is recorded: the window speaking, and the core's clock. */
export interface StaffEventPlace {
  hallCode: string;
  windowNumber: number;
  /** The instant, ISO 8601 UTC. */
  at: string;
}

/**
 * Appends one event to a staff member's stream (their sign-ins and pauses, and what was done to
 * their account) and so to the outbox. `type` is `staff.<whatHappened>` (the sync wire requires
 * the stream's prefix); `actorStaffId` is who did it — the person themselves, an administrator
 * or a 组长, or null when nobody was signed in (the staff command, `via: 'cli'` in the payload).
 * Call it inside the transaction that makes the change, so the record and the change commit
 * together. An administrator's change of the settings goes on the administrator's own stream
 * (`staff.settingsChanged`): it is their act, as a clerk's acts are on the case.
 * @throws SqliteError as appendEvent (a concurrent second writer of the same stream version).
 */
export function recordStaffEvent(
  db: Db,
  place: StaffEventPlace,
  event: { streamStaffId: string; actorStaffId: string | null; type: `staff.${string}`; payload: Record<string, unknown> },
): void {
  appendEvent(db, {
    id: newId(),
    streamType: 'staff',
    streamId: event.streamStaffId,
    streamVersion: lastStreamVersion(db, 'staff', event.streamStaffId) + 1,
    type: event.type,
    occurredAt: place.at,
    hallCode: place.hallCode,
    windowNumber: place.windowNumber,
    staffId: event.actorStaffId,
    payload: event.payload,
  });
}
