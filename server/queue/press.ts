import type { PoolClient, Pool, QueryConfig } from 'pg';
import {
  isPreferredLane,
  type CallEvent,
  type CategoryLetter,
  type QueuePressRequest,
  type QueueRules,
  type Ticket,
  type WindowOutcome,
  WindowOutcomeSchema,
} from '../../electron/contract/queue';
import { nextTicket } from '../../electron/core/queue/next-ticket';
import type { QueueState, WindowStatus } from '../../electron/core/queue/queue-state';
import { serviceDayOf } from '../../electron/core/queue/service-day';
import { applyWindowPress } from '../../electron/core/queue/window-actions';
import { inTransaction } from '../db/transaction';
import { isRetryable } from './retry';
import { rulesForWindow } from './window-rules';
import { TICKET_COLUMNS, ticketById, ticketOf, type TicketRow } from './ticket-rows';
import { WINDOW_COLUMNS, windowStatusOf, type WindowRow } from './window-rows';

// A window's key press on the hall server (POST /v1/queue/press). The rules are the windows' own
// (core/queue/window-actions.ts applyWindowPress, next-ticket.ts order and policy), run on the few
// tickets the press concerns, read from the database; what they change is written back only if
// no other window changed those tickets meanwhile. Concurrency:
// - a press locks its own window's queue_windows row (presses of one window, and a press resent
//   while the first is in flight, go one at a time; no other window waits for it);
// - callNext picks the ticket by the rules from the heads of the window's line, then takes the
//   first ticket of that head's class that no other transaction holds (FOR UPDATE SKIP LOCKED):
//   thirty windows pressing at once each take a different ticket without waiting for each other;
// - every ticket written back is compared-and-set on the state it was read in; a lost race rolls
//   the press back and runs it again (PRESS_ATTEMPTS). No hall-wide lock, no max+1, no sleep.

/** The pressId is another window's (a client reusing ids): nothing is changed. */
export class PressIdTakenError extends Error {
  constructor() {
    super('该按键标识已被其他窗口使用，本次操作未执行；请重新按键');
  }
}

/** A ticket changed under the press (another window's transaction): the press is run again. */
class LostRaceError extends Error {
  readonly code = '40001';
}

/** How many times a press that lost a race is run again before the error is answered. */
const PRESS_ATTEMPTS = 8;

/** What a press did, and the call to announce (null unless the outcome is `called`). */
export interface PressAnswer {
  readonly outcome: WindowOutcome;
  readonly call: CallEvent | null;
  /** True when the pressId had been answered already (nothing changed). */
  readonly repeated: boolean;
}

/**
 * A statement as pg takes it: named (parsed and planned once per connection) when `prepared`
 * (PostgreSQL; PGlite's single connection is left unnamed, as the event push does), else plain.
 */
type Statement = (name: string, text: string, values: unknown[]) => QueryConfig;
const statementsOf = (prepared: boolean): Statement => (name, text, values) => (prepared ? { name: `counter.queue.${name}`, text, values } : { text, values });

/** SQL of "in the window's line": waiting or transferred, for this window, or for none and of a category it calls. */
const IN_LINE = `hall = $1 AND service_day = $2 AND state IN ('waiting', 'transferred')
  AND ((for_window IS NULL AND category = ANY($3::text[])) OR for_window = $4)`;

/**
 * The ticket callNext calls, held (FOR UPDATE) by this transaction, or null when the window's line
 * has no ticket free to take. The heads of the two classes (preferred lanes, ordinary) are read as
 * committed and the windows' rule (nextTicket) chooses between them; then the first ticket of the
 * chosen class that no other press holds is locked, skipping held ones (SKIP LOCKED): that is the
 * head itself unless another window is taking it this instant, in which case it is the one after
 * it. When every ticket of that class is being taken, the other class's first free ticket is the
 * one the rule would pick (nextTicket takes the class that has a ticket); when none is free in
 * either, the line is empty for this press: the tickets it saw are being called elsewhere.
 */
async function claimNext(client: PoolClient, sql: Statement, hall: string, serviceDay: string, window: number, categories: readonly CategoryLetter[], queue: QueueState, rules: QueueRules, now: Date): Promise<Ticket | null> {
  const params = [hall, serviceDay, categories, window];
  const heads = await client.query<TicketRow>(
    sql(
      'heads',
      `(SELECT ${TICKET_COLUMNS} FROM queue_tickets WHERE ${IN_LINE} AND lane <> 'ordinary' ORDER BY queue_tickets.issued_at, queue_tickets.id LIMIT 1)
     UNION ALL
     (SELECT ${TICKET_COLUMNS} FROM queue_tickets WHERE ${IN_LINE} AND lane = 'ordinary' ORDER BY queue_tickets.issued_at, queue_tickets.id LIMIT 1)`,
      params,
    ),
  );
  if (heads.rows.length === 0) return null;
  const tickets = { ...queue.tickets };
  for (const row of heads.rows) tickets[row.id] = ticketOf(row);
  const choice = nextTicket({ ...queue, tickets }, { number: window, categories }, rules.policy, now);
  if (choice === null) return null;
  const preferredFirst = isPreferredLane(choice.lane);
  for (const preferred of [preferredFirst, !preferredFirst]) {
    const taken = await client.query<TicketRow>(
      sql(
        preferred ? 'take-preferred' : 'take-ordinary',
        `SELECT ${TICKET_COLUMNS} FROM queue_tickets WHERE ${IN_LINE} AND lane ${preferred ? "<> 'ordinary'" : "= 'ordinary'"}
          ORDER BY queue_tickets.issued_at, queue_tickets.id LIMIT 1 FOR UPDATE SKIP LOCKED`,
        params,
      ),
    );
    if (taken.rows[0]) return ticketOf(taken.rows[0]);
  }
  return null;
}

/** The tickets the press concerns besides the window's own, read (and locked) for the rules. */
async function ticketsConcerned(client: PoolClient, sql: Statement, hall: string, request: QueuePressRequest, queue: QueueState, held: Ticket | null, now: Date): Promise<Ticket[]> {
  const { press, categories } = request;
  const action = press.action;
  const ofToday = (t: Ticket | null): Ticket[] => (t !== null && t.serviceDay === queue.serviceDay ? [t] : []);
  switch (action.kind) {
    case 'callNext':
      return ofToday(await claimNext(client, sql, hall, queue.serviceDay, press.window, categories, queue, request.rules, now));
    case 'callChosen':
      return ofToday(await ticketById(client, hall, action.ticketId, true));
    case 'recall': {
      if (action.ticketId !== undefined && action.ticketId !== held?.id) return ofToday(await ticketById(client, hall, action.ticketId, true));
      if (action.ticketId !== undefined || held !== null) return [];
      const last = await client.query<TicketRow>(
        `SELECT ${TICKET_COLUMNS} FROM queue_tickets WHERE hall = $1 AND service_day = $2 AND called_by = $3 AND state = 'skipped'
          ORDER BY skipped_at DESC LIMIT 1 FOR UPDATE`,
        [hall, queue.serviceDay, press.window],
      );
      return last.rows[0] ? [ticketOf(last.rows[0])] : [];
    }
    default:
      return [];
  }
}

/** Writes back a ticket the rules changed, if it is still in the state it was read in. */
async function writeTicket(client: PoolClient, sql: Statement, hall: string, before: Ticket, after: Ticket, now: Date): Promise<void> {
  const written = await client.query(
    sql(
      'write-ticket',
    `UPDATE queue_tickets SET state = $3, category = $4, called_by = $5, called_at = $6, recalls = $7, for_window = $8, skipped_at = $9,
        finished_at = $10, served_at = CASE WHEN $3 = 'serving' AND state <> 'serving' THEN $11 ELSE served_at END
      WHERE hall = $1 AND id = $2 AND state = $12`,
    [hall, after.id, after.state, after.category, after.calledBy, after.calledAt, after.recalls, after.forWindow, after.skippedAt, after.finishedAt, now, before.state],
    ),
  );
  if (written.rowCount !== 1) throw new LostRaceError('ticket changed by another window');
}

async function pressOnce(pool: Pool, sql: Statement, hall: string, request: QueuePressRequest, now: Date): Promise<PressAnswer> {
  const { press } = request;
  const window = press.window;
  const serviceDay = serviceDayOf(now, request.rules.timeZone, request.rules.resetHour);
  return inTransaction(pool, async (client) => {
    // Locks this window's row (made on its first press) for the transaction.
    const row = await client.query<WindowRow>(
      sql(
        'lock-window',
        `INSERT INTO queue_windows (hall, window_number, service_day) VALUES ($1, $2, $3)
         ON CONFLICT (hall, window_number) DO UPDATE SET updated_at = now() RETURNING ${WINDOW_COLUMNS}`,
        [hall, window, serviceDay],
      ),
    );
    const known = await client.query<{ window_number: number; outcome: WindowOutcome }>(
      sql('known-press', 'SELECT window_number, outcome FROM queue_presses WHERE hall = $1 AND press_id = $2', [hall, press.pressId]),
    );
    const stored = known.rows[0];
    if (stored) {
      if (stored.window_number !== window) throw new PressIdTakenError();
      // Parsed again: jsonb keeps keys in its own order; the answer has the contract's.
      return { outcome: WindowOutcomeSchema.parse(stored.outcome), call: null, repeated: true };
    }
    const windowRow = row.rows[0];
    const status: WindowStatus = windowRow ? windowStatusOf(windowRow, serviceDay) : { current: null, paused: null, preferredStreak: 0 };
    const heldRead = status.current === null ? null : await ticketById(client, hall, status.current, true);
    const held = heldRead !== null && heldRead.serviceDay === serviceDay ? heldRead : null;
    const queue: QueueState = { serviceDay, tickets: held ? { [held.id]: held } : {}, windows: { [String(window)]: status }, presses: {} };
    const others = await ticketsConcerned(client, sql, hall, request, queue, held, now);
    const before: Record<string, Ticket> = { ...queue.tickets };
    for (const t of others) before[t.id] = t;
    const rules = rulesForWindow(request.rules, window, request.categories);
    const result = applyWindowPress({ ...queue, tickets: before }, rules, press, now);

    for (const [id, after] of Object.entries(result.queue.tickets)) {
      const was = before[id];
      if (was && JSON.stringify(was) !== JSON.stringify(after)) await writeTicket(client, sql, hall, was, after, now);
    }
    const next = result.queue.windows[String(window)] ?? status;
    const outcome = result.outcome;
    // The window's new standing and the press's record, in one round trip.
    await client.query(
      sql(
        'record-press',
        `WITH w AS (
         UPDATE queue_windows SET service_day = $3, current_ticket = $4, paused_reason = $5, paused_since = $6, preferred_streak = $7, updated_at = now()
          WHERE hall = $1 AND window_number = $2 RETURNING 1
       )
       INSERT INTO queue_presses (hall, press_id, window_number, action, outcome, at, origin) SELECT $1::text, $8::uuid, $2::int, $9::jsonb, $10::jsonb, $11::timestamptz, 'server' FROM w`,
        [hall, window, serviceDay, next.current, next.paused?.reason ?? null, next.paused?.since ?? null, next.preferredStreak, press.pressId, JSON.stringify(press.action), JSON.stringify(outcome), now],
      ),
    );
    if (outcome.kind !== 'called') return { outcome, call: null, repeated: false };
    // Last statement before COMMIT: the hall's call counter row is held only across the commit,
    // so seqs commit in order and a display resuming after seq N misses no call (migration 0006).
    // (A sequence's nextval would let calls commit together, but out of order: a call committing
    // late would be behind a display that had moved on.)
    const seq = await client.query<{ seq: string }>(
      sql(
        'record-call',
        `WITH s AS (
           INSERT INTO queue_call_counters (hall, last) VALUES ($1, 1) ON CONFLICT (hall) DO UPDATE SET last = queue_call_counters.last + 1 RETURNING last
         )
         INSERT INTO queue_calls (hall, seq, window_number, ticket_id, number, recall, called_at) SELECT $1::text, s.last, $2::int, $3::uuid, $4::text, $5::boolean, $6::timestamptz FROM s RETURNING seq::text AS seq`,
        [hall, window, outcome.ticketId, outcome.number, outcome.recall, now],
      ),
    );
    const call: CallEvent = { seq: Number(seq.rows[0]?.seq), hall, window, number: outcome.number, recall: outcome.recall, calledAt: now.toISOString() };
    return { outcome, call, repeated: false };
  });
}

/**
 * Applies a window's press for `hall` at `now` and answers its outcome (the stored one for a
 * pressId seen before: a repeat changes nothing, a refused press included). `request.press.window`
 * must already be checked against the token. Throws PressIdTakenError when the pressId is another
 * window's; database errors pass through. `options.prepared`: named statements (PostgreSQL only).
 */
export async function applyPress(pool: Pool, hall: string, request: QueuePressRequest, now: Date = new Date(), options: { prepared?: boolean } = {}): Promise<PressAnswer> {
  const sql = statementsOf(options.prepared === true);
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await pressOnce(pool, sql, hall, request, now);
    } catch (err) {
      if (!(err instanceof LostRaceError || isRetryable(err)) || attempt >= PRESS_ATTEMPTS) throw err;
    }
  }
}
