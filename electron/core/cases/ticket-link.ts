import type { CaseTicket } from '../../contract/cases';
import type { Db } from '../storage/database';
import { statement } from '../storage/statements';
import type { CaseEvent } from './case-events';

// Issue 17 §3: the ticket being served links to the case accepted for it. The link is the
// `ticket` of the case's `case.accepted` (case-commands.ts withTicket): no column, no migration —
// the event is the record (and goes upstream as is), the case view reads it from the history.

/** The ticket of the case's latest acceptance (号票 A005), or null when none was at the counter. */
export function acceptedTicketOf(events: readonly CaseEvent[]): CaseTicket | null {
  for (let i = events.length - 1; i >= 0; i--) {
    const event = events[i];
    if (event?.type === 'case.accepted') return event.payload.ticket ?? null;
  }
  return null;
}

/** A case accepted for a ticket, as a rating names it. */
export interface CaseForTicket {
  caseId: string;
  caseNumber: string;
}

/**
 * How far back before the ticket's call (ms) the search still looks: the window's clock and the
 * hall server's (which stamps the call in hall mode) may disagree by this much.
 */
const CLOCK_SLACK_MS = 60 * 60 * 1000;
/** With no call time known: the look-back (ms), a service day and more. */
const NO_CALL_LOOK_BACK_MS = 36 * 60 * 60 * 1000;
/**
 * The most rows read newest first before giving up (null: the rating goes out naming the ticket
 * alone). Only a window with no acceptance of its own before the call (a new install that pulled
 * a long history, a window that never accepts) reads this far; a day of a busy window is a few
 * hundred events.
 */
const MAX_ROWS_READ = 20_000;

/**
 * The case accepted at window `windowNumber` for ticket `ticketId` (the latest, should the clerk
 * have accepted two), or null. Reads the event log newest first (seq: this PC's insertion order)
 * and stops at this window's own latest `case.accepted` stamped before the ticket's call
 * (`calledAt`, ISO instant, less CLOCK_SLACK_MS; with null, `now` less NO_CALL_LOOK_BACK_MS), or
 * after MAX_ROWS_READ rows: the log has no index on type or time, and the case is accepted while
 * the ticket is held, so only the tail since the call is read.
 *
 * Why an acceptance and not any old event is the bound (review 27 F7): seq is local insertion
 * order, occurred_at the originating clock. Events pulled from the upstream (a back-office
 * decision recorded while this window was offline) get a new seq with an old occurred_at, so an
 * old event can sit between the acceptance and 办结. A `case.accepted` of this window is never
 * pulled — it is recorded here, stamped by this window's clock at the time — so this window's
 * acceptances are in time order in seq, and one older than the call has the ticket's behind it.
 * Times are compared as instants (Date.parse), not as strings.
 */
export function caseAcceptedForTicket(
  db: Db,
  windowNumber: number,
  ticket: { ticketId: string; calledAt: string | null },
  now: Date,
): CaseForTicket | null {
  const called = ticket.calledAt !== null ? Date.parse(ticket.calledAt) : Number.NaN;
  const since = Number.isFinite(called) ? called - CLOCK_SLACK_MS : now.getTime() - NO_CALL_LOOK_BACK_MS;
  const rows = statement(db, 'SELECT stream_id, stream_type, type, occurred_at, window_number, payload FROM events ORDER BY seq DESC').iterate() as IterableIterator<{
    stream_id: string;
    stream_type: string;
    type: string;
    occurred_at: string;
    window_number: number;
    payload: string;
  }>;
  let caseId: string | null = null;
  let read = 0;
  for (const row of rows) {
    if (++read > MAX_ROWS_READ) break;
    if (row.stream_type !== 'case' || row.type !== 'case.accepted' || row.window_number !== windowNumber) continue;
    const payload = JSON.parse(row.payload) as { ticket?: { ticketId?: unknown } };
    if (payload.ticket?.ticketId === ticket.ticketId) {
      caseId = row.stream_id;
      break;
    }
    // This window's acceptance from before the call: the ticket's cannot be further back.
    if (Date.parse(row.occurred_at) < since) break;
  }
  if (caseId === null) return null;
  const caseNumber = statement(db, 'SELECT case_number FROM cases WHERE id = ?').pluck().get(caseId) as string | undefined;
  return caseNumber === undefined ? null : { caseId, caseNumber };
}
