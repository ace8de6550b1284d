import { z } from 'zod';
import {
  HALL_REFUSAL_MAX_CHARS,
  HALL_REFUSAL_UNEXPLAINED_WORDS,
  HallRefusalNoticeSchema,
  TicketSchema,
  type HallRefusalNotice,
  WindowOutcomeSchema,
  WindowPressSchema,
  type CategoryLetter,
  type Lane,
  type QueueRules,
  type Ticket,
  type WindowOutcome,
  type WindowPress,
} from '../../contract/queue';
import type { Db } from '../storage/database';
import { statement } from '../storage/statements';
import { addTicket, emptyQueue, queueAt, waitingTicket, type QueueState, type WindowStatus } from './queue-state';
import { serviceDayOf } from './service-day';
import { allocateTicketNumber, type NumberCounters, type NumberRange } from './ticket-numbering';
import { applyWindowPress } from './window-actions';

// The local hall queue in this PC's store (migration 0016): the pure rules (window-actions.ts,
// ticket-numbering.ts) run on the day's state read from the tables, and what they changed is
// written back in the same IMMEDIATE transaction, so two calls into one core never interleave a
// read and a write. Rows are read through the contract's schemas: a row this build cannot read
// fails loudly rather than feeding the rules a half ticket.

const WindowStatusSchema = z
  .object({
    current: z.string().nullable(),
    paused: z.object({ reason: z.string(), since: z.string() }).strict().nullable(),
    preferredStreak: z.number().int().min(0),
  })
  .strict();

/** The latest service day the local queue has anything for ('' when it has nothing). */
function latestStoredDay(db: Db): string {
  const row = statement(
    db,
    `SELECT max(d) AS d FROM (
       SELECT max(service_day) AS d FROM queue_tickets UNION ALL SELECT max(service_day) FROM queue_presses
       UNION ALL SELECT max(service_day) FROM queue_counters UNION ALL SELECT max(service_day) FROM queue_windows)`,
  ).get() as { d: string | null };
  return row.d ?? '';
}

/** Whether `ticket` is the one a window of this store has called and not yet let go (called or serving, its `current`). */
function isHeld(ticket: Ticket, windows: Readonly<Record<string, WindowStatus>>): boolean {
  if (ticket.calledBy === null || (ticket.state !== 'called' && ticket.state !== 'serving')) return false;
  return windows[String(ticket.calledBy)]?.current === ticket.id;
}

/**
 * The local queue at `now`: the day's tickets, windows and presses, on `now`'s service day (or
 * on a later day already stored: a PC clock set back never reopens a day, as queueAt). Tickets
 * handed over to the hall server (sent, and not held by a window here) are left out, so a later
 * offline spell the same day never calls them twice; the day's counters still number on.
 */
export function loadLocalQueue(db: Db, rules: Pick<QueueRules, 'timeZone' | 'resetHour'>, now: Date): QueueState {
  const today = serviceDayOf(now, rules.timeZone, rules.resetHour);
  const stored = latestStoredDay(db);
  const day = stored > today ? stored : today;
  const windows: Record<string, WindowStatus> = {};
  for (const row of statement(db, 'SELECT window_number, status FROM queue_windows WHERE service_day = ?').all(day) as Array<{ window_number: number; status: string }>) {
    windows[String(row.window_number)] = WindowStatusSchema.parse(JSON.parse(row.status));
  }
  const tickets: Record<string, Ticket> = {};
  for (const row of statement(db, 'SELECT ticket, sent_at, refusal_kind FROM queue_tickets WHERE service_day = ?').all(day) as Array<{
    ticket: string;
    sent_at: string | null;
    refusal_kind: string | null;
  }>) {
    const ticket = TicketSchema.parse(JSON.parse(row.ticket));
    // Handed over: the server acknowledged this state (markSent) and has owned the ticket since —
    // another window may have called, skipped or finished it there. Out of the local rules (lines,
    // calls, recalls, transfers, the panel) for good, unless a window here still holds it: that
    // one is this window's to finish (a local change makes it unsent, this PC's again).
    // A ticket the hall refused (migration 0018) is out alike: the hall's word is final and the
    // window's panel lists it for the clerk to arrange by hand, no local line calls it again.
    if ((row.sent_at !== null || row.refusal_kind !== null) && !isHeld(ticket, windows)) continue;
    tickets[ticket.id] = ticket;
  }
  const presses: Record<string, { window: number; outcome: WindowOutcome }> = {};
  for (const row of statement(db, 'SELECT press_id, window_number, outcome FROM queue_presses WHERE service_day = ?').all(day) as Array<{
    press_id: string;
    window_number: number;
    outcome: string;
  }>) {
    presses[row.press_id] = { window: row.window_number, outcome: WindowOutcomeSchema.parse(JSON.parse(row.outcome)) };
  }
  return queueAt({ ...emptyQueue(day), tickets, windows, presses }, rules, now);
}

/**
 * Hall mode resumes: every window of this store lets go of a ticket it holds whose state the
 * server has acknowledged (sent). The hall holds it from now on (its history made it the window's
 * current there); kept here, a later offline spell would show it again after the hall had
 * finished it — a 重呼 announcing a citizen already served, a 下一位 finishing it twice and arming
 * the rating for the wrong service. Answers the numbers let go and the local queue as it was read
 * before (loadLocalQueue), so the caller need not read it again. One IMMEDIATE transaction.
 */
export function handHoldsToHall(db: Db, rules: Pick<QueueRules, 'timeZone' | 'resetHour'>, now: Date): { released: string[]; before: QueueState } {
  return db
    .transaction((): { released: string[]; before: QueueState } => {
      const queue = loadLocalQueue(db, rules, now);
      const released: string[] = [];
      for (const [window, status] of Object.entries(queue.windows)) {
        if (status.current === null) continue;
        const row = statement(db, 'SELECT number, sent_at, refusal_kind FROM queue_tickets WHERE id = ?').get(status.current) as
          | { number: string; sent_at: string | null; refusal_kind: string | null }
          | undefined;
        // Unsent: still this PC's. A ticket the hall refused is let go as well: the hall does not
        // have it, and the panel's warning (hallRefusals) tells the clerk to finish it by hand.
        if (row && row.sent_at === null && row.refusal_kind === null) continue;
        statement(db, 'UPDATE queue_windows SET status = ? WHERE service_day = ? AND window_number = ?').run(
          JSON.stringify({ ...status, current: null }),
          queue.serviceDay,
          Number(window),
        );
        if (row) released.push(row.number);
      }
      return { released, before: queue };
    })
    .immediate();
}

/** Writes the tickets and windows of `after` that differ from `before` (same day or a new one); each changed ticket becomes unsent. */
function saveChanges(db: Db, before: QueueState, after: QueueState): void {
  const sameDay = before.serviceDay === after.serviceDay;
  for (const ticket of Object.values(after.tickets)) {
    const was = sameDay ? before.tickets[ticket.id] : undefined;
    if (was && JSON.stringify(was) === JSON.stringify(ticket)) continue;
    statement(
      db,
      `INSERT INTO queue_tickets (id, service_day, number, ticket, sent_at) VALUES (?, ?, ?, ?, NULL)
         ON CONFLICT (id) DO UPDATE SET ticket = excluded.ticket, sent_at = NULL`,
    ).run(ticket.id, ticket.serviceDay, ticket.number, JSON.stringify(ticket));
  }
  for (const [window, status] of Object.entries(after.windows)) {
    const was = sameDay ? before.windows[window] : undefined;
    if (was && JSON.stringify(was) === JSON.stringify(status)) continue;
    statement(
      db,
      `INSERT INTO queue_windows (service_day, window_number, status) VALUES (?, ?, ?)
         ON CONFLICT (service_day, window_number) DO UPDATE SET status = excluded.status`,
    ).run(after.serviceDay, Number(window), JSON.stringify(status));
  }
}

export interface LocalPressResult {
  readonly outcome: WindowOutcome;
  readonly repeated: boolean;
  readonly queue: QueueState;
  /** The press's place in the local order (the display's seq for a call), null for a repeat. */
  readonly seq: number | null;
}

/**
 * Applies one press to the local queue at `now` and records it (refused ones too) with its
 * outcome, unsent. A pressId already applied today answers its first outcome and writes nothing.
 */
export function pressLocally(db: Db, rules: QueueRules, press: WindowPress, now: Date): LocalPressResult {
  return db
    .transaction((): LocalPressResult => {
      const before = loadLocalQueue(db, rules, now);
      const result = applyWindowPress(before, rules, WindowPressSchema.parse(press), now);
      if (result.repeated) return { outcome: result.outcome, repeated: true, queue: result.queue, seq: null };
      saveChanges(db, before, result.queue);
      const info = statement(
        db,
        `INSERT INTO queue_presses (press_id, service_day, window_number, press, outcome, pressed_at) VALUES (?, ?, ?, ?, ?, ?)`,
      ).run(press.pressId, result.queue.serviceDay, press.window, JSON.stringify(press), JSON.stringify(result.outcome), now.toISOString());
      return { outcome: result.outcome, repeated: false, queue: result.queue, seq: Number(info.lastInsertRowid) };
    })
    .immediate();
}

/** The counters of the latest day that has any (NumberCounters), or null. */
function loadCounters(db: Db): NumberCounters | null {
  const day = statement(db, 'SELECT max(service_day) AS d FROM queue_counters').get() as { d: string | null };
  if (day.d === null) return null;
  const last: Record<string, number> = {};
  for (const row of statement(db, 'SELECT letter, last FROM queue_counters WHERE service_day = ?').all(day.d) as Array<{ letter: string; last: number }>) {
    last[row.letter] = row.last;
  }
  return { serviceDay: day.d, last };
}

export interface LocalIssueRequest {
  readonly issueId: string;
  readonly ticketId: string;
  readonly letter: CategoryLetter;
  readonly lane: Lane;
  readonly bookingCode: string | null;
}

export type LocalIssueResult =
  | { readonly ok: true; readonly ticket: Ticket; readonly queue: QueueState; readonly repeated: boolean }
  | { readonly ok: false; readonly reason: 'rangeExhausted' };

/**
 * Issues a ticket from this PC's fallback `range` at `now`: the counter of (service day, letter)
 * moves up by one row update (never max+1 over the tickets), the ticket is stored unsent. The same
 * `issueId` again answers the ticket it got (a retried touch prints no second number).
 */
export function issueLocally(db: Db, rules: QueueRules, request: LocalIssueRequest, range: NumberRange, now: Date): LocalIssueResult {
  return db
    .transaction((): LocalIssueResult => {
      const queue = loadLocalQueue(db, rules, now);
      const known = statement(db, 'SELECT ticket FROM queue_tickets WHERE issue_id = ?').get(request.issueId) as { ticket: string } | undefined;
      if (known) return { ok: true, ticket: TicketSchema.parse(JSON.parse(known.ticket)), queue, repeated: true };
      const allocation = allocateTicketNumber(loadCounters(db), request.letter, queue.serviceDay, range);
      if (!allocation.ok) return { ok: false, reason: allocation.reason };
      statement(
        db,
        `INSERT INTO queue_counters (service_day, letter, last) VALUES (?, ?, ?)
           ON CONFLICT (service_day, letter) DO UPDATE SET last = excluded.last`,
      ).run(allocation.serviceDay, request.letter, allocation.sequence);
      const ticket = TicketSchema.parse(
        waitingTicket({
          id: request.ticketId,
          number: allocation.number,
          serviceDay: allocation.serviceDay,
          category: request.letter,
          lane: request.lane,
          issuedAt: now.toISOString(),
          bookingCode: request.bookingCode,
        }),
      );
      const added = addTicket(queue, ticket);
      if (!added.ok) throw new Error(`local ticket ${ticket.number} issued on ${ticket.serviceDay}, queue on ${queue.serviceDay}`);
      statement(db, 'INSERT INTO queue_tickets (id, service_day, number, issue_id, ticket, sent_at) VALUES (?, ?, ?, ?, ?, NULL)').run(
        ticket.id,
        ticket.serviceDay,
        ticket.number,
        request.issueId,
        JSON.stringify(ticket),
      );
      return { ok: true, ticket, queue: added.queue, repeated: false };
    })
    .immediate();
}

/** The local history the server has not had: tickets (latest state) and presses, oldest first, up to `limit` each. */
export interface UnsentHistory {
  readonly tickets: Ticket[];
  /** Each ticket's row text as read, so markSent marks only a state that did not change since. */
  readonly ticketTexts: string[];
  /** Per ticket id of `tickets`, the issueId of the touch that issued it (tickets issued here; the wire's `issueIds`). */
  readonly issueIds: Record<string, string>;
  readonly presses: Array<{ seq: number; press: WindowPress; outcome: WindowOutcome; at: string }>;
}

export function unsentHistory(db: Db, limit: number): UnsentHistory {
  // A ticket the hall refused is never resent (its word is final): not unsent history.
  const rows = statement(db, 'SELECT ticket, issue_id FROM queue_tickets WHERE sent_at IS NULL AND refusal_kind IS NULL ORDER BY service_day, id LIMIT ?').all(limit) as Array<{
    ticket: string;
    issue_id: string | null;
  }>;
  const ticketTexts = rows.map((r) => r.ticket);
  const tickets = ticketTexts.map((text) => TicketSchema.parse(JSON.parse(text)));
  const issueIds: Record<string, string> = {};
  tickets.forEach((ticket, i) => {
    const issueId = rows[i]?.issue_id ?? null;
    if (issueId !== null) issueIds[ticket.id] = issueId;
  });
  const presses = (
    statement(db, 'SELECT seq, press, outcome, pressed_at FROM queue_presses WHERE sent_at IS NULL ORDER BY seq LIMIT ?').all(limit) as Array<{
      seq: number;
      press: string;
      outcome: string;
      pressed_at: string;
    }>
  ).map((r) => ({ seq: r.seq, press: WindowPressSchema.parse(JSON.parse(r.press)), outcome: WindowOutcomeSchema.parse(JSON.parse(r.outcome)), at: r.pressed_at }));
  return { tickets, ticketTexts, issueIds, presses };
}

/** How many local tickets and presses are still to be sent. */
export function unsentCount(db: Db): number {
  const row = statement(
    db,
    'SELECT (SELECT count(*) FROM queue_tickets WHERE sent_at IS NULL AND refusal_kind IS NULL) + (SELECT count(*) FROM queue_presses WHERE sent_at IS NULL) AS n',
  ).get() as { n: number };
  return row.n;
}

/**
 * A ticket of an upload the hall did not take: `conflicting` (its number is another ticket's at the
 * hall that day; `reason` HALL_NUMBER_TAKEN_WORDS) or `refused` (`reason` the server's words).
 */
export interface HallRefusal {
  readonly ticketId: string;
  readonly kind: 'conflicting' | 'refused';
  readonly reason: string;
}

/**
 * The reason kept for a refusal: the server's words trimmed, HALL_REFUSAL_UNEXPLAINED_WORDS when
 * they are empty, and at most HALL_REFUSAL_MAX_CHARS characters (code points; a longer one ends in
 * …). Migration 0018 refuses an empty reason: storing one would roll back markSent, and the next
 * probe would send the same batch for the same answer — the upload stuck for good (review 27 F11).
 */
export function keptRefusalReason(reason: string): string {
  const words = Array.from(reason.trim());
  if (words.length === 0) return HALL_REFUSAL_UNEXPLAINED_WORDS;
  return words.length <= HALL_REFUSAL_MAX_CHARS ? words.join('') : `${words.slice(0, HALL_REFUSAL_MAX_CHARS - 1).join('')}…`;
}

/**
 * Marks what the server answered for (ISO `at`) — only the states that were sent: a ticket changed
 * meanwhile (its JSON differs) stays unsent and goes up again. A ticket listed in `refusals` is not
 * marked sent but refused, with its kind and reason (migration 0018; keptRefusalReason): never resent, out of the
 * local lines, listed on the window's panel (hallRefusals). One IMMEDIATE transaction.
 */
export function markSent(db: Db, sent: UnsentHistory, at: string, refusals: readonly HallRefusal[] = []): void {
  const refusedById = new Map(refusals.map((r) => [r.ticketId, r]));
  db.transaction(() => {
    sent.tickets.forEach((ticket, i) => {
      const refusal = refusedById.get(ticket.id);
      if (refusal) {
        statement(
          db,
          'UPDATE queue_tickets SET refusal_kind = ?, refusal = ?, refused_at = ? WHERE id = ? AND ticket = ? AND sent_at IS NULL AND refusal_kind IS NULL',
        ).run(refusal.kind, keptRefusalReason(refusal.reason), at, ticket.id, sent.ticketTexts[i] ?? '');
        return;
      }
      statement(db, 'UPDATE queue_tickets SET sent_at = ? WHERE id = ? AND ticket = ? AND sent_at IS NULL').run(at, ticket.id, sent.ticketTexts[i] ?? '');
    });
    for (const press of sent.presses) statement(db, 'UPDATE queue_presses SET sent_at = ? WHERE seq = ?').run(at, press.seq);
  }).immediate();
}

/** The local calls (and 重呼) of the queue's latest day, newest first, up to `limit`, with their press seq. */
export function localCalls(db: Db, limit: number): Array<{ seq: number; outcome: Extract<WindowOutcome, { kind: 'called' }>; at: string }> {
  const day = latestStoredDay(db);
  const rows = statement(
    db,
    `SELECT seq, outcome, pressed_at FROM queue_presses WHERE service_day = ? AND json_extract(outcome, '$.kind') = 'called' ORDER BY seq DESC LIMIT ?`,
  ).all(day, limit) as Array<{ seq: number; outcome: string; pressed_at: string }>;
  const out: Array<{ seq: number; outcome: Extract<WindowOutcome, { kind: 'called' }>; at: string }> = [];
  for (const row of rows) {
    const outcome = WindowOutcomeSchema.parse(JSON.parse(row.outcome));
    if (outcome.kind === 'called') out.push({ seq: row.seq, outcome, at: row.pressed_at });
  }
  return out;
}

/**
 * This PC's tickets the hall did not take (markSent's refusals) that the window's panel lists:
 * of service day `serviceDay` or later (a ticket of a day gone is no citizen waiting now), not yet
 * acknowledged, not done here (nobody waits for it), oldest refusal first.
 */
export function hallRefusals(db: Db, serviceDay: string): HallRefusalNotice[] {
  const rows = statement(
    db,
    `SELECT ticket, refusal_kind, refusal, refused_at FROM queue_tickets
      WHERE refusal_kind IS NOT NULL AND refusal_seen_at IS NULL AND service_day >= ? ORDER BY refused_at, number`,
  ).all(serviceDay) as Array<{ ticket: string; refusal_kind: string; refusal: string; refused_at: string }>;
  const out: HallRefusalNotice[] = [];
  for (const row of rows) {
    const ticket = TicketSchema.parse(JSON.parse(row.ticket));
    if (ticket.state === 'done') continue;
    out.push(
      HallRefusalNoticeSchema.parse({
        ticketId: ticket.id,
        number: ticket.number,
        serviceDay: ticket.serviceDay,
        state: ticket.state,
        kind: row.refusal_kind,
        reason: row.refusal,
        refusedAt: row.refused_at,
      }),
    );
  }
  return out;
}

/** A clerk has seen the warning for these tickets (ids) at ISO `at`: they leave the panel's list, kept in the store. Answers how many were marked. */
export function acknowledgeHallRefusals(db: Db, ticketIds: readonly string[], at: string): number {
  return db
    .transaction((): number => {
      let marked = 0;
      for (const id of ticketIds) {
        marked += statement(db, 'UPDATE queue_tickets SET refusal_seen_at = ? WHERE id = ? AND refusal_kind IS NOT NULL AND refusal_seen_at IS NULL').run(at, id).changes;
      }
      return marked;
    })
    .immediate();
}
