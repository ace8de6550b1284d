import type { FollowUp, FollowUpStep } from '../../../contract/ratings';
import { maskMobile } from '../../../contract/validation/masking';
import { readStream, type StoredEvent } from '../../events/event-store';
import type { Db } from '../../storage/database';
import { statement } from '../../storage/statements';
import { staffNames } from '../../staff/staff-repository';
import { RATING_COLUMNS, RATING_FROM, ratingFromRow, type RatingRow } from '../figures/rating-view';
import { isFollowUpEventType, STEP_KIND_OF_EVENT, type FollowUpEventPayloads } from './follow-up-events';
import { recordedDue } from './follow-up-due-recompute';
import type { FollowUpRow } from './follow-up-store';

/** How a follow-up is shown: against which hall day it is overdue, and to whom. */
export interface FollowUpViewer {
  /** The hall's today, `YYYY-MM-DD` (CoreContext.today()): open and due before it = overdue. */
  today: string;
  /** A 组长 sees the applicant's mobile in full to call back; anyone else sees it masked. */
  fullContact: boolean;
}

/**
 * Closed follow-ups listed at most, latest first: the 评价 page shows recent history; older
 * ones stay on each rating (ratings.search → followUpId → ratings.followUp).
 */
export const CLOSED_FOLLOW_UPS_LISTED = 200;

interface ContactRow {
  kind: string | null;
  name: string | null;
  contact_name: string | null;
  mobile: string | null;
}

/**
 * Whom to call back: the case's applicant as accepted (case_states, the fold of the case's
 * events). An organisation is reached through its 联系人. Null without a case (on-duty or
 * nobody attribution).
 */
function contactOf(db: Db, caseId: string | null, viewer: FollowUpViewer): FollowUp['contact'] {
  if (caseId === null) return null;
  const row = statement(
    db,
    `SELECT json_extract(cs.state, '$.applicant.kind') AS kind, json_extract(cs.state, '$.applicant.name') AS name,
            json_extract(cs.state, '$.applicant.contactName') AS contact_name, json_extract(cs.state, '$.applicant.mobile') AS mobile
     FROM cases c JOIN case_states cs ON cs.case_seq = c.seq WHERE c.id = ?`,
  ).get(caseId) as ContactRow | undefined;
  if (!row || row.name === null) return null;
  const name = row.kind === 'organisation' && row.contact_name ? `${row.contact_name}（${row.name}）` : row.name;
  const mobile = row.mobile === null || row.mobile === '' ? null : viewer.fullContact ? row.mobile : maskMobile(row.mobile);
  return { name, mobile };
}

/** The words of a system recompute of the due date: from what to what, and why. */
function dueRecomputedNote(p: FollowUpEventPayloads['rating.followUpDueRecomputed']): string {
  const mark = (date: string, provisional: boolean): string => `${date}${provisional ? '（暂定）' : ''}`;
  return `办结期限 ${mark(p.previousDueDate, p.previousDueProvisional)} → ${mark(p.dueDate, p.dueProvisional)}（节假日安排更新：${p.calendarYears.join('、')} 年）`;
}

function stepsOf(db: Db, streamEvents: readonly StoredEvent[]): FollowUpStep[] {
  const events = streamEvents.filter((e) => isFollowUpEventType(e.type));
  const names = staffNames(db, events.flatMap((e) => (e.staffId ? [e.staffId] : [])));
  return events.map((e): FollowUpStep => {
    const type = e.type as keyof FollowUpEventPayloads;
    // Written by follow-up-store.ts with these payloads; read back as written.
    const p = e.payload as Partial<Record<'finding' | 'note' | 'measures' | 'reason' | 'verdict' | 'upheld', unknown>>;
    const note =
      type === 'rating.followUpDueRecomputed'
        ? dueRecomputedNote(e.payload as FollowUpEventPayloads['rating.followUpDueRecomputed'])
        : ([p.finding, p.note, p.measures, p.reason].find((v): v is string => typeof v === 'string') ?? '');
    return {
      kind: STEP_KIND_OF_EVENT[type],
      at: e.occurredAt,
      staffId: e.staffId,
      staffName: e.staffId ? (names.get(e.staffId)?.name ?? null) : null,
      note,
      verdict: typeof p.verdict === 'string' ? (p.verdict as FollowUpStep['verdict']) : null,
      upheld: typeof p.upheld === 'boolean' ? p.upheld : null,
    };
  });
}

function followUpOf(db: Db, row: FollowUpRow, viewer: FollowUpViewer): FollowUp {
  const ratingRow = statement(db, `SELECT ${RATING_COLUMNS} FROM ${RATING_FROM} WHERE r.id = ?`).get(row.rating_id) as RatingRow;
  const rating = ratingFromRow(ratingRow);
  const events = readStream(db, 'rating', row.rating_id);
  return {
    id: row.id,
    rating,
    stage: row.stage,
    openedAt: row.opened_at,
    dueDate: row.due_date,
    dueProvisional: recordedDue(events, row.id)?.dueProvisional ?? false,
    overdue: row.stage !== 'closed' && row.due_date < viewer.today,
    contact: contactOf(db, rating.caseId, viewer),
    steps: stepsOf(db, events),
    version: row.version,
  };
}

/** One follow-up as FollowUpSchema, or null when there is none with that id. */
export function loadFollowUp(db: Db, followUpId: string, viewer: FollowUpViewer): FollowUp | null {
  const row = statement(db, 'SELECT * FROM follow_ups WHERE id = ?').get(followUpId.toLowerCase()) as FollowUpRow | undefined;
  return row ? followUpOf(db, row, viewer) : null;
}

/**
 * The follow-ups for the 评价 page. `open`: overdue first, then by due date (ascending due
 * dates put the overdue ones first by themselves: overdue = due before today), ties by when
 * they opened. `closed`: latest closed first, at most CLOSED_FOLLOW_UPS_LISTED. `all`: the open
 * ones, then the closed ones.
 */
export function listFollowUps(db: Db, state: 'open' | 'closed' | 'all', viewer: FollowUpViewer): FollowUp[] {
  const open =
    state === 'closed'
      ? []
      : (statement(db, `SELECT * FROM follow_ups WHERE stage <> 'closed' ORDER BY due_date, opened_at, seq`).all() as FollowUpRow[]);
  const closed =
    state === 'open'
      ? []
      : (statement(db, `SELECT * FROM follow_ups WHERE stage = 'closed' ORDER BY closed_at DESC, seq DESC LIMIT ?`).all(
          CLOSED_FOLLOW_UPS_LISTED,
        ) as FollowUpRow[]);
  return [...open, ...closed].map((row) => followUpOf(db, row, viewer));
}
