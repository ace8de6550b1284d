/**
 * 差评 follow-ups as stored: opened in the vote's transaction, moved only with their events.
 *
 * Who acts (actorProblem): any 组长 (role `lead`) of the hall signed in at this window, except
 * the rated staff member; the rated staff member alone may appeal. When the ONLY 组长 is the
 * rated person (a hall or team with one lead who also serves at a window), nobody at that
 * moment may act, and the follow-up shows 已超期 once due: escalation is by people, not by a
 * wider permission — the hall registers (staff command, by IT) or sends another 组长 (another
 * team's, the hall's 值班长), who signs in at this window and acts; each act is on that
 * person's own record. A 系统管理员 (it_admin) is never given it: judging a citizen's complaint
 * is not an administrator's work (GB/T 39734; review of issue 15 #12).
 */
import { calendarDateIn } from '../../../contract/dates';
import { CounterError } from '../../../contract/errors';
import { isBadRating, type FollowUpStage, type Rating, type RemedyVerdict } from '../../../contract/ratings';
import type { Role } from '../../../contract/roles';
import { addWorkingDays, type DueDate, type WorkCalendar } from '../../calendar';
import type { Clock } from '../../clock';
import { appendEvent, lastStreamVersion } from '../../events/event-store';
import { newId } from '../../ids/new-id';
import type { Db } from '../../storage/database';
import { statement } from '../../storage/statements';
import type { WindowIdentity } from '../../window-identity';
import type { FollowUpEventPayloads, FollowUpEventType } from './follow-up-events';
import { followUpTransition, type FollowUpAction, type FollowUpPosition } from './follow-up-stages';

/** What the follow-up functions need besides the db handle (built by followUpContextOf). */
export interface FollowUpContext {
  clock: Clock;
  /** The window the events are recorded at. */
  window: WindowIdentity;
  /** The hall's IANA time zone (config `timeZone`, as window.timeZone): the rating's hall date is read in it. */
  timeZone: string;
  /** config `ratings.followUpWorkingDays` (DOMAIN.md, Ratings: commonly 15), working days. */
  followUpWorkingDays: number;
  /** The hall's working-day calendar (core/calendar), read at each call. */
  calendar: () => WorkCalendar;
}

/** Who acts: the signed-in staff member (the dispatcher's OnDuty has these and more). */
export interface FollowUpActor {
  staffId: string;
  role: Role;
}

/**
 * A follow-up's due date: `workingDays` working days after the rating's hall date, by the hall
 * calendar (the rating's own day not counted, as for a case's deadline: 民法典 Art. 201).
 */
export function followUpDueDate(calendar: WorkCalendar, ratingHallDate: string, workingDays: number): DueDate {
  return addWorkingDays(calendar, ratingHallDate, workingDays);
}

/** The `follow_ups` row (migration 0010). */
export interface FollowUpRow {
  id: string;
  rating_id: string;
  stage: FollowUpStage;
  appealed_from: FollowUpStage | null;
  opened_at: string;
  due_date: string;
  rectified_at: string | null;
  closed_at: string | null;
  verdict: RemedyVerdict | null;
  excluded: number;
  version: number;
  staff_id: string | null;
}

/** The follow-up's projection row by its id, or null. */
export function findFollowUpRow(db: Db, followUpId: string): FollowUpRow | null {
  // Ids are lower-case UUIDs made here; one sent in upper case is the same follow-up.
  return (statement(db, 'SELECT * FROM follow_ups WHERE id = ?').get(followUpId.toLowerCase()) as FollowUpRow | undefined) ?? null;
}

function positionOf(row: FollowUpRow): FollowUpPosition {
  return { stage: row.stage, appealedFrom: row.appealed_from, rectified: row.rectified_at !== null };
}

/** What openFollowUp needs of the rating just committed. */
export interface OpenFollowUpInput {
  rating: Pick<Rating, 'id' | 'satisfaction' | 'staffId' | 'receivedAt'>;
}

/**
 * Opens the follow-up of a 差评 (levels 1–2, isBadRating): the `follow_ups` row in 待核实 and the
 * `rating.followUpOpened` event on the rating's stream (after its `rating.received`), due
 * `ctx.followUpWorkingDays` working days after the rating's hall date. Call inside the
 * transaction that commits the rating (commitVote), so both commit together. Returns the
 * follow-up's id and due date; null for a rating of 3–5 (nothing to follow up). A rating that
 * already has one (a repeat call) gets that one back, nothing written.
 * @throws RangeError from the calendar when the due date falls beyond the years it can compute.
 */
export function openFollowUp(db: Db, input: OpenFollowUpInput, ctx: FollowUpContext): { followUpId: string; dueDate: string } | null {
  const { rating } = input;
  if (!isBadRating(rating.satisfaction)) return null;
  const existing = statement(db, 'SELECT id, due_date FROM follow_ups WHERE rating_id = ?').get(rating.id) as
    | { id: string; due_date: string }
    | undefined;
  if (existing) return { followUpId: existing.id, dueDate: existing.due_date };

  // The day the figures count it on (ratings.received_date, written just before in the same
  // transaction), so a follow-up's due date and the rating's day never disagree; computed the
  // same way when the row is not there.
  const stored = statement(db, 'SELECT received_date FROM ratings WHERE id = ?').get(rating.id) as { received_date: string } | undefined;
  const hallDate = stored?.received_date ?? calendarDateIn(ctx.timeZone, new Date(rating.receivedAt));
  const due = followUpDueDate(ctx.calendar(), hallDate, ctx.followUpWorkingDays);
  const followUpId = newId();
  const openedAt = ctx.clock.now().toISOString();
  const version = lastStreamVersion(db, 'rating', rating.id) + 1;
  append(db, ctx, rating.id, version, 'rating.followUpOpened', null, openedAt, {
    followUpId,
    dueDate: due.date,
    workingDays: ctx.followUpWorkingDays,
    dueProvisional: due.provisional,
  });
  statement(
    db,
    `INSERT INTO follow_ups (id, rating_id, stage, appealed_from, opened_at, due_date, rectified_at, closed_at, verdict, excluded, version, staff_id)
     VALUES (?, ?, 'verifying', NULL, ?, ?, NULL, NULL, NULL, 0, ?, ?)`,
  ).run(followUpId, rating.id, openedAt, due.date, version, rating.staffId);
  return { followUpId, dueDate: due.date };
}

function append<T extends FollowUpEventType>(
  db: Db,
  ctx: FollowUpContext,
  ratingId: string,
  version: number,
  type: T,
  staffId: string | null,
  at: string,
  payload: FollowUpEventPayloads[T],
): void {
  appendEvent(db, {
    id: newId(),
    streamType: 'rating',
    streamId: ratingId,
    streamVersion: version,
    type,
    occurredAt: at,
    hallCode: ctx.window.hallCode,
    windowNumber: ctx.window.windowNumber,
    staffId,
    payload,
  });
}

/** One act on a follow-up, as the methods' arguments give it (contract/ratings.ts). */
export type FollowUpAct =
  | { action: 'verify'; finding: string }
  | { action: 'revisit'; note: string; verdict: RemedyVerdict | null }
  | { action: 'rectify'; measures: string }
  | { action: 'close'; verdict: RemedyVerdict; note: string }
  | { action: 'appeal'; reason: string }
  | { action: 'decideAppeal'; upheld: boolean; note: string };

/**
 * Who may do an act on this follow-up, or why not (`forbidden`, Chinese words). COMMON-15
 * "Decisions already taken": only a 组长 acts on a follow-up, never on a rating attributed to
 * themselves (they would judge their own service); only the rated staff member may appeal.
 */
export function actorProblem(row: Pick<FollowUpRow, 'staff_id'>, action: FollowUpAction, actor: FollowUpActor): CounterError | null {
  if (action === 'appeal') {
    if (row.staff_id === null || row.staff_id !== actor.staffId) {
      return new CounterError('forbidden', '只有被评价的工作人员本人可以申诉');
    }
    return null;
  }
  if (actor.role !== 'lead') return new CounterError('forbidden', '只有组长可以处理差评回访');
  if (row.staff_id !== null && row.staff_id === actor.staffId) {
    return new CounterError('forbidden', '这是对您本人的差评，请由其他组长核实处理');
  }
  return null;
}

/**
 * Does one act on a follow-up in one transaction: checks who acts (actorProblem), the version
 * the caller saw (`conflict` when another act came first), the stage (followUpTransition,
 * `illegal_transition`), then appends the step's event on the rating's stream and moves the
 * projection row with it. Nested in a caller's transaction it becomes a savepoint of it.
 * Returns the follow-up's row after the act.
 * @throws CounterError not_found | forbidden | conflict | illegal_transition (words for the lead).
 */
export function actOnFollowUp(
  db: Db,
  ctx: FollowUpContext,
  actor: FollowUpActor,
  ref: { followUpId: string; version: number },
  act: FollowUpAct,
): FollowUpRow {
  return db.transaction((): FollowUpRow => {
    const row = findFollowUpRow(db, ref.followUpId);
    if (!row) throw new CounterError('not_found', '差评回访记录不存在');
    const refused = actorProblem(row, act.action, actor);
    if (refused) throw refused;
    if (row.version !== ref.version) {
      throw new CounterError('conflict', '该差评回访刚被他人更新，请刷新后再操作', {
        details: { expectedVersion: ref.version, currentVersion: row.version },
      });
    }
    const upheld = act.action === 'decideAppeal' && act.upheld;
    const moved = followUpTransition(positionOf(row), act.action, upheld);
    if (!moved.ok) {
      throw new CounterError('illegal_transition', moved.message, { details: { from: row.stage, action: act.action } });
    }
    const at = ctx.clock.now().toISOString();
    const version = row.version + 1;
    const next = moved.next;
    const base = { followUpId: row.id };
    switch (act.action) {
      case 'verify':
        append(db, ctx, row.rating_id, version, 'rating.verified', actor.staffId, at, { ...base, finding: act.finding });
        break;
      case 'revisit':
        append(db, ctx, row.rating_id, version, 'rating.revisited', actor.staffId, at, { ...base, note: act.note, verdict: act.verdict });
        break;
      case 'rectify':
        append(db, ctx, row.rating_id, version, 'rating.rectified', actor.staffId, at, { ...base, measures: act.measures });
        break;
      case 'close':
        append(db, ctx, row.rating_id, version, 'rating.followUpClosed', actor.staffId, at, { ...base, verdict: act.verdict, note: act.note });
        break;
      case 'appeal':
        append(db, ctx, row.rating_id, version, 'rating.appealed', actor.staffId, at, { ...base, reason: act.reason, from: row.stage });
        break;
      case 'decideAppeal':
        append(db, ctx, row.rating_id, version, 'rating.appealDecided', actor.staffId, at, {
          ...base,
          upheld: act.upheld,
          note: act.note,
          stage: next.stage,
        });
        break;
    }
    const after: FollowUpRow = {
      ...row,
      stage: next.stage,
      appealed_from: next.appealedFrom,
      rectified_at: row.rectified_at ?? (act.action === 'rectify' ? at : null),
      closed_at: next.stage === 'closed' ? at : null,
      verdict: act.action === 'close' ? act.verdict : row.verdict,
      excluded: upheld ? 1 : row.excluded,
      version,
    };
    const updated = statement(
      db,
      `UPDATE follow_ups SET stage = @stage, appealed_from = @appealed_from, rectified_at = @rectified_at, closed_at = @closed_at,
         verdict = @verdict, excluded = @excluded, version = @version
       WHERE id = @id AND version = @previous_version`,
    ).run({ ...after, previous_version: row.version });
    // The check above ran in this transaction, so only a writer outside SQLite's lock could
    // get here; the events' unique stream version would refuse it too.
    if (updated.changes !== 1) throw new CounterError('conflict', '该差评回访刚被他人更新，请刷新后再操作');
    return after;
  }).immediate();
}
