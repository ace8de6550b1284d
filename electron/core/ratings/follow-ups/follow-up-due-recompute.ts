/**
 * A 差评 follow-up's due date after the hall calendar changed: the follow-up twin of the cases'
 * deadline recompute (cases/case-commands.ts recomputeOpenDeadlines, cases/deadline-catch-up.ts).
 * A due date counted across a year whose holiday schedule was not yet published is 暂定; when
 * the official schedule arrives (a newer build's calendar file, later the upstream) every open
 * follow-up is counted again, and each one that moved gets a `rating.followUpDueRecomputed` on
 * its rating's stream, in the same transaction as its projection row.
 */
import { appendEvent, readStream } from '../../events/event-store';
import { newId } from '../../ids/new-id';
import type { Logger } from '../../logging/logger';
import { readMeta, writeMeta } from '../../storage/app-meta';
import type { Db } from '../../storage/database';
import { statement } from '../../storage/statements';
import type { FollowUpEventPayloads } from './follow-up-events';
import { followUpDueDate, type FollowUpContext, type FollowUpRow } from './follow-up-store';

/** app_meta key: the calendar revision the open follow-ups' due dates were last counted with. */
const FOLLOW_UPS_CALENDAR_KEY = 'follow_ups_calendar_revision';

/** The due date a follow-up's events last set, with the working days it was counted with. */
export interface RecordedDue {
  dueDate: string;
  dueProvisional: boolean;
  workingDays: number;
}

/**
 * The due date as the follow-up's own events last set it (`rating.followUpOpened`, then each
 * `rating.followUpDueRecomputed`), or null when the stream holds neither for this follow-up.
 */
export function recordedDue(events: ReadonlyArray<{ type: string; payload: unknown }>, followUpId: string): RecordedDue | null {
  let due: RecordedDue | null = null;
  for (const e of events) {
    if (e.type !== 'rating.followUpOpened' && e.type !== 'rating.followUpDueRecomputed') continue;
    // Written by follow-up-store.ts and this file with these payloads; read back as written.
    const p = e.payload as FollowUpEventPayloads['rating.followUpOpened'] | FollowUpEventPayloads['rating.followUpDueRecomputed'];
    if (p.followUpId !== followUpId) continue;
    due = { dueDate: p.dueDate, dueProvisional: p.dueProvisional, workingDays: p.workingDays };
  }
  return due;
}

/**
 * Counts every open follow-up's due date again with the calendar now in force, from the rating's
 * hall date (ratings.received_date) and the working days it was opened with (a later change of
 * `ratings.followUpWorkingDays` does not reach back). A follow-up whose date or 暂定 mark
 * differs gets `rating.followUpDueRecomputed` (previous and new due date, by the system) and its
 * row's due_date and version moved, one transaction each. Returns the ids of those that moved.
 * @throws RangeError from the calendar for a date beyond the years it can compute; SQLite's errors.
 */
export function recomputeOpenFollowUpDueDates(db: Db, ctx: Pick<FollowUpContext, 'calendar' | 'clock' | 'window'>): string[] {
  const ids = statement(db, `SELECT id FROM follow_ups WHERE stage <> 'closed' ORDER BY seq`).pluck().all() as string[];
  const moved: string[] = [];
  for (const id of ids) {
    const changed = db
      .transaction((): boolean => {
        const row = statement(db, 'SELECT * FROM follow_ups WHERE id = ?').get(id) as FollowUpRow | undefined;
        if (!row || row.stage === 'closed') return false;
        const hallDate = statement(db, 'SELECT received_date FROM ratings WHERE id = ?').pluck().get(row.rating_id) as string | undefined;
        if (hallDate === undefined) return false;
        const recorded = recordedDue(readStream(db, 'rating', row.rating_id), row.id);
        if (!recorded) return false;
        const due = followUpDueDate(ctx.calendar(), hallDate, recorded.workingDays);
        if (due.date === row.due_date && due.provisional === recorded.dueProvisional) return false;
        const last = [due.date, row.due_date].sort().at(-1) ?? due.date;
        const calendarYears: number[] = [];
        for (let y = Number(hallDate.slice(0, 4)); y <= Number(last.slice(0, 4)); y++) calendarYears.push(y);
        const version = row.version + 1;
        const payload: FollowUpEventPayloads['rating.followUpDueRecomputed'] = {
          followUpId: row.id,
          dueDate: due.date,
          dueProvisional: due.provisional,
          previousDueDate: row.due_date,
          previousDueProvisional: recorded.dueProvisional,
          workingDays: recorded.workingDays,
          calendarYears,
        };
        appendEvent(db, {
          id: newId(),
          streamType: 'rating',
          streamId: row.rating_id,
          streamVersion: version,
          type: 'rating.followUpDueRecomputed',
          occurredAt: ctx.clock.now().toISOString(),
          hallCode: ctx.window.hallCode,
          windowNumber: ctx.window.windowNumber,
          staffId: null,
          payload,
        });
        statement(db, 'UPDATE follow_ups SET due_date = ?, version = ? WHERE id = ? AND version = ?').run(due.date, version, row.id, row.version);
        return true;
      })
      .immediate();
    if (changed) moved.push(id);
  }
  return moved;
}

/**
 * At start (the ratings module's afterStart), as catchUpDeadlines does for cases: when the
 * calendar's revision differs from the one the open follow-ups were last counted with, they are
 * counted again. The mark is written after every follow-up is done, so a crash half-way resumes
 * at the next start; a follow-up done before the crash finds nothing to change. Returns the
 * ids of the follow-ups that moved (the caller broadcasts them).
 * @throws as recomputeOpenFollowUpDueDates.
 */
export function catchUpFollowUpDueDates(
  db: Db,
  ctx: Pick<FollowUpContext, 'calendar' | 'clock' | 'window'>,
  calendarRevision: string,
  log: Logger,
): string[] {
  if (readMeta(db, FOLLOW_UPS_CALENDAR_KEY) === calendarRevision) return [];
  const moved = recomputeOpenFollowUpDueDates(db, ctx);
  writeMeta(db, FOLLOW_UPS_CALENDAR_KEY, calendarRevision);
  if (moved.length > 0) log.info('follow-up due dates recomputed after calendar update', { followUps: moved.length });
  return moved;
}
