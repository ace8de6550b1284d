import type { Pool } from 'pg';
import { v7 as uuidv7 } from 'uuid';
import type { IssueTicketRequest, IssueTicketResponse, Ticket } from '../../electron/contract/queue';
import { serviceDayOf } from '../../electron/core/queue/service-day';
import { waitingTicket } from '../../electron/core/queue/queue-state';
import { SERVER_NUMBER_RANGE, formatTicketNumber } from '../../electron/core/queue/ticket-numbering';
import { inTransaction } from '../db/transaction';
import { isUniqueViolation } from './retry';
import { estimateFor } from './estimate';
import { TICKET_COLUMNS, ticketOf, type TicketRow } from './ticket-rows';

/** The category's numbers of the day are used up (the server's range, 1–4999). */
export class RangeExhaustedError extends Error {
  constructor(letter: string, serviceDay: string) {
    super(`${serviceDay} ${letter} 类号码已取完（每类每天最多 ${SERVER_NUMBER_RANGE.last} 个号），请改日取号或联系大厅工作人员`);
  }
}

/** How often an issue is tried again after losing a race on its own issueId. */
const ISSUE_ATTEMPTS = 3;

async function issueOnce(pool: Pool, hall: string, dispenser: number, request: IssueTicketRequest, now: Date): Promise<Ticket> {
  return inTransaction(pool, async (client) => {
    const known = await client.query<TicketRow>(`SELECT ${TICKET_COLUMNS} FROM queue_tickets WHERE hall = $1 AND issue_id = $2`, [hall, request.issueId]);
    if (known.rows[0]) return ticketOf(known.rows[0]);
    const serviceDay = serviceDayOf(now, request.rules.timeZone, request.rules.resetHour);
    // The counter row is locked from here to COMMIT: the day's tickets of one letter are numbered
    // one after another, each number once, whichever dispenser asks (never max+1).
    const counter = await client.query<{ last: number }>(
      `INSERT INTO queue_counters (hall, service_day, letter, last) VALUES ($1, $2, $3, $4)
       ON CONFLICT (hall, service_day, letter) DO UPDATE SET last = queue_counters.last + 1 RETURNING last`,
      [hall, serviceDay, request.letter, SERVER_NUMBER_RANGE.first],
    );
    const sequence = counter.rows[0]?.last ?? SERVER_NUMBER_RANGE.first;
    if (sequence > SERVER_NUMBER_RANGE.last) throw new RangeExhaustedError(request.letter, serviceDay);
    const ticket: Ticket = waitingTicket({
      id: uuidv7({ msecs: now.getTime() }),
      number: formatTicketNumber(request.letter, sequence),
      serviceDay,
      category: request.letter,
      lane: request.lane,
      issuedAt: now.toISOString(),
      bookingCode: request.bookingCode ?? null,
    });
    await client.query(
      `INSERT INTO queue_tickets (hall, id, issue_id, service_day, letter, category, lane, sequence, number, booking_code, issued_at, issued_by, state, origin)
       VALUES ($1, $2, $3, $4, $5, $5, $6, $7, $8, $9, $10, $11, 'waiting', 'server')`,
      [hall, ticket.id, request.issueId, serviceDay, request.letter, request.lane, sequence, ticket.number, ticket.bookingCode, now, dispenser],
    );
    return ticket;
  });
}

/**
 * Issues a ticket for a dispenser (`dispenser`: the token's window number) of `hall`: the next
 * number of the rules' service day at `now` for the letter, from the server's range, taken from
 * the (hall, day, letter) counter row. Idempotent by `issueId`: a request already answered (or
 * racing with itself) gets the same ticket. `ahead` (the tickets the policy calls before it at
 * its category's windows, estimate.ts) and `estimate` are read after the commit.
 * Throws RangeExhaustedError past A4999; database errors pass through.
 */
export async function issueTicket(pool: Pool, hall: string, dispenser: number, request: IssueTicketRequest, now: Date = new Date()): Promise<IssueTicketResponse> {
  let ticket: Ticket | null = null;
  for (let attempt = 1; ticket === null; attempt += 1) {
    try {
      ticket = await issueOnce(pool, hall, dispenser, request, now);
    } catch (err) {
      // The same issueId sent twice at once: the loser finds the winner's ticket on its retry.
      if (!isUniqueViolation(err) || attempt >= ISSUE_ATTEMPTS) throw err;
    }
  }
  const { ahead, estimate } = await estimateFor(pool, hall, request.rules, ticket, now);
  return { ticket, ahead, estimate };
}
