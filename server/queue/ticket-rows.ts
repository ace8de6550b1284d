import type { Ticket, TicketNumber } from '../../electron/contract/queue';
import type { Queryable } from '../db/queryable';

// A queue_tickets row as the contract's Ticket (migration 0006). Dates are read as text and
// instants as Date, so neither the server's nor the database's time zone can shift them.

/** The columns every ticket query selects, in the order TicketRow names them. */
export const TICKET_COLUMNS = `id::text AS id, number, service_day::text AS service_day, category, lane, issued_at, state, called_by,
  called_at, recalls, for_window, skipped_at, finished_at, booking_code`;

/** A row as TICKET_COLUMNS reads it; callers select no withdrawn row (their states are the contract's). */
export interface TicketRow {
  id: string;
  number: string;
  service_day: string;
  category: string;
  lane: Ticket['lane'];
  issued_at: Date;
  state: Ticket['state'];
  called_by: number | null;
  called_at: Date | null;
  recalls: number;
  for_window: number | null;
  skipped_at: Date | null;
  finished_at: Date | null;
  booking_code: string | null;
}

const iso = (d: Date | null): string | null => (d === null ? null : d.toISOString());

/** The row as a Ticket (the row's CHECK constraints keep its values the contract's). */
export function ticketOf(row: TicketRow): Ticket {
  return {
    id: row.id,
    number: row.number as TicketNumber,
    serviceDay: row.service_day,
    category: row.category,
    lane: row.lane,
    issuedAt: row.issued_at.toISOString(),
    state: row.state,
    calledBy: row.called_by,
    calledAt: iso(row.called_at),
    recalls: row.recalls,
    forWindow: row.for_window,
    skippedAt: iso(row.skipped_at),
    finishedAt: iso(row.finished_at),
    bookingCode: row.booking_code,
  };
}

/**
 * One ticket of the hall by id (`lock`: FOR UPDATE, waiting for another transaction's lock), or
 * null — null too for a withdrawn phantom (migration 0007): the server's own state, which the
 * contract's Ticket has not, so no window can call or recall it and no answer carries it.
 */
export async function ticketById(db: Queryable, hall: string, id: string, lock: boolean): Promise<Ticket | null> {
  const found = await db.query<TicketRow>(
    `SELECT ${TICKET_COLUMNS} FROM queue_tickets WHERE hall = $1 AND id = $2 AND state <> 'withdrawn'${lock ? ' FOR UPDATE' : ''}`,
    [hall, id],
  );
  const row = found.rows[0];
  return row ? ticketOf(row) : null;
}
