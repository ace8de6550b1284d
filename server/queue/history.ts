import type { Pool, PoolClient } from 'pg';
import type { HistoryRefusal, QueueHistoryRequest, QueueHistoryResponse, QueueRules, Ticket } from '../../electron/contract/queue';
import { fallbackSlotOf } from '../../electron/core/queue/ticket-numbering';
import { serviceDayOf, serviceDayStart } from '../../electron/core/queue/service-day';
import { inTransaction } from '../db/transaction';
import { WINDOW_COLUMNS, windowStatusOf, type WindowRow } from './window-rows';

// A device's offline history (POST /v1/queue/history, issue 17). The device is trusted only with
// what it could have done alone while the hall server was away: issue numbers of a fallback
// range, call them at its own window, on today's or yesterday's service day. Whatever else a
// ticket claims is refused ticket by ticket (historyTicketRefusal), the rest of the upload stored.

/** The service days a history may bring tickets of at `now`: today's and the one before. */
export function historyServiceDays(rules: Pick<QueueRules, 'timeZone' | 'resetHour'>, now: Date): { today: string; yesterday: string } {
  const today = serviceDayOf(now, rules.timeZone, rules.resetHour);
  const yesterday = serviceDayOf(new Date(serviceDayStart(today, rules.timeZone, rules.resetHour).getTime() - 1), rules.timeZone, rules.resetHour);
  return { today, yesterday };
}

const instant = (iso: string | null): number | null => (iso === null ? null : Date.parse(iso));

/**
 * Why `sender` could not have sent `ticket` in its offline history (a Chinese reason), or null when
 * it could. `heldServerTicket`: the server holds a ticket of this id and number called by the
 * sender (a server number is accepted only then: the window finished or skipped it offline).
 * Checks: the number is of a fallback range; its letter and its category are the hall's, and a
 * category other than the letter only after a window held it (a transfer); `calledBy` is null or
 * the sender; the service day is `days.today` or `days.yesterday`; the state agrees with its
 * fields (waiting: never called; called/serving: called and not finished; skipped: skippedAt;
 * done: finishedAt; transferred: called and not finished); no instant before the issue.
 */
export function historyTicketRefusal(ticket: Ticket, sender: number, rules: QueueRules, days: { today: string; yesterday: string }, heldServerTicket: boolean): string | null {
  const n = ticket.number;
  const letter = n.slice(0, 1);
  if (fallbackSlotOf(n) === null && !heldServerTicket) return `号码 ${n} 属于服务器号段（1–4999），不是离线取号段，未保存`;
  const letters = new Set(rules.categories.map((c) => c.letter));
  if (!letters.has(letter)) return `号码 ${n} 的字母 ${letter} 不是本大厅的类别，未保存`;
  if (!letters.has(ticket.category)) return `号码 ${n} 的类别 ${ticket.category} 不是本大厅的类别，未保存`;
  if (ticket.category !== letter && ticket.calledBy === null) return `号码 ${n} 未经窗口办理，类别却不是 ${letter}，未保存`;
  if (ticket.calledBy !== null && ticket.calledBy !== sender) return `号码 ${n} 记为 ${ticket.calledBy} 号窗口叫号，本机是 ${sender} 号，未保存`;
  if (ticket.serviceDay !== days.today && ticket.serviceDay !== days.yesterday) return `号码 ${n} 属于营业日 ${ticket.serviceDay}，只接收 ${days.yesterday} 和 ${days.today} 的离线记录，未保存`;
  const called = ticket.calledBy !== null && ticket.calledAt !== null;
  const finished = ticket.finishedAt !== null;
  switch (ticket.state) {
    case 'waiting':
      if (ticket.calledBy !== null || ticket.calledAt !== null || ticket.skippedAt !== null || finished || ticket.forWindow !== null || ticket.recalls > 0) {
        return `号码 ${n} 状态为等候中，却有叫号、过号或完成记录，未保存`;
      }
      break;
    case 'called':
    case 'serving':
    case 'transferred':
      if (!called || finished) return `号码 ${n} 状态为${ticket.state === 'transferred' ? '已转移' : ticket.state === 'serving' ? '办理中' : '已叫号'}，却没有叫号窗口和时间或已有完成时间，未保存`;
      break;
    case 'skipped':
      if (!called || ticket.skippedAt === null || finished) return `号码 ${n} 状态为已过号，却没有叫号或过号时间，未保存`;
      break;
    case 'done':
      if (!called || !finished) return `号码 ${n} 状态为已完成，却没有叫号窗口或完成时间，未保存`;
      break;
  }
  if (ticket.recalls > 0 && ticket.calledAt === null) return `号码 ${n} 有重呼次数却没有叫号时间，未保存`;
  if (ticket.forWindow !== null && ticket.state !== 'transferred') return `号码 ${n} 只有转移中的号才指定窗口，未保存`;
  const issued = Date.parse(ticket.issuedAt);
  for (const at of [ticket.calledAt, ticket.skippedAt, ticket.finishedAt]) {
    const t = instant(at);
    if (t !== null && t < issued) return `号码 ${n} 的叫号、过号或完成时间早于取号时间，未保存`;
  }
  return null;
}

/** Why a press of the history is not the sender's own (its outcome names another window), or null. */
export function historyPressRefusal(press: QueueHistoryRequest['presses'][number], sender: number): string | null {
  if (press.press.window !== sender) return `离线叫号记录属于 ${press.press.window} 号窗口，本机是 ${sender} 号，整批未保存`;
  if (press.outcome.window !== sender) return `离线叫号记录的结果属于 ${press.outcome.window} 号窗口，本机是 ${sender} 号，整批未保存`;
  return null;
}

/** A ticket of the upload that the server holds as called by the sender (a server number it may finish). */
async function heldByServer(client: PoolClient, hall: string, sender: number, ticket: Ticket): Promise<boolean> {
  const found = await client.query(
    `SELECT 1 FROM queue_tickets WHERE hall = $1 AND id = $2 AND number = $3 AND origin = 'server' AND called_by = $4 AND state IN ('called', 'serving')`,
    [hall, ticket.id, ticket.number, sender],
  );
  return found.rows.length === 1;
}

/**
 * Stores a device's offline history (POST /v1/queue/history) for `hall`, sent by window `sender`
 * (the token's; its presses must already be checked with historyPressRefusal), at `now`, in one
 * transaction that first locks the sender's queue_windows row (as a press does, so no press of that
 * window runs in between):
 * - each ticket is checked (historyTicketRefusal); a refused one is listed in `refused`, not stored;
 * - each ticket once by id (`origin` 'offline', `issued_by` the sender); one whose id is held is
 *   counted `already`: an offline ticket of the sender takes the state sent (its latest), and so
 *   does a server ticket the sender holds called (it finished or skipped it offline); a state never
 *   goes back (done stays done; a called ticket is not put back in line by an older copy; a serving
 *   one not back to called by a copy called no later); one whose number another ticket holds that
 *   day (two devices on one fallback slot) is not stored and listed in `conflicting`;
 * - a ticket whose issueId (`history.issueIds`) the server issued a ticket for that is still
 *   waiting (the dispenser's request arrived, its answer was lost, it issued locally instead): the
 *   server's ticket is withdrawn (migration 0007: out of the line, no no-show), the issueId moves
 *   to the offline ticket (a retried issue answers the ticket the citizen holds);
 * - the sender's window: when it holds nothing today, or a ticket no longer called or served by it
 *   (the history finished or skipped it), the offline ticket of today it called last and still
 *   calls or serves becomes its current one, so its panel shows it and a finish press ends it. A
 *   ticket it holds still called stays current (the server's word, unless the history says
 *   otherwise); its pause and streak are kept (none is invented);
 * - each press once by pressId, with its outcome and time, as a record (not applied again: its
 *   effect is in the tickets' states).
 * Offline calls are not put on the display's stream: they were announced where they happened.
 */
export async function storeHistory(pool: Pool, hall: string, sender: number, history: QueueHistoryRequest, now: Date = new Date()): Promise<QueueHistoryResponse> {
  const days = historyServiceDays(history.rules, now);
  return inTransaction(pool, async (client) => {
    // Locked, not made: a dispenser has no window row and must not appear on the panels as one.
    const windowRow = await client.query<WindowRow>(`SELECT ${WINDOW_COLUMNS} FROM queue_windows WHERE hall = $1 AND window_number = $2 FOR UPDATE`, [hall, sender]);
    let stored = 0;
    let already = 0;
    const conflicting: string[] = [];
    const refused: HistoryRefusal[] = [];
    const taken: Ticket[] = [];
    for (const t of history.tickets) {
      const serverNumber = fallbackSlotOf(t.number) === null;
      const reason = historyTicketRefusal(t, sender, history.rules, days, serverNumber && (await heldByServer(client, hall, sender, t)));
      if (reason !== null) {
        refused.push({ ticketId: t.id, reason });
        continue;
      }
      const issueId = history.issueIds[t.id] ?? null;
      if (issueId !== null && !serverNumber) {
        // The phantom: waiting still (a window that called it meanwhile keeps it: the citizen
        // holding the local ticket may be the one it called). A press taking it holds its row
        // lock; this waits for that press and then finds it called.
        await client.query(
          `UPDATE queue_tickets SET state = 'withdrawn', withdrawn_at = $4, withdrawn_for = $3, issue_id = NULL
            WHERE hall = $1 AND issue_id = $2 AND origin = 'server' AND issued_by = $5 AND state = 'waiting' AND id <> $3`,
          [hall, issueId, t.id, now, sender],
        );
      }
      const inserted = serverNumber
        ? { rowCount: 0 }
        : await client.query(
            `INSERT INTO queue_tickets (hall, id, issue_id, service_day, letter, category, lane, sequence, number, booking_code, issued_at, issued_by, state,
                called_by, called_at, recalls, for_window, skipped_at, finished_at, origin)
             VALUES ($1, $2, CASE WHEN EXISTS (SELECT 1 FROM queue_tickets WHERE hall = $1 AND issue_id = $19::uuid) THEN NULL ELSE $19::uuid END,
                $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, 'offline') ON CONFLICT DO NOTHING`,
            [hall, t.id, t.serviceDay, t.number.slice(0, 1), t.category, t.lane, Number(t.number.slice(1)), t.number, t.bookingCode, t.issuedAt, sender, t.state,
              t.calledBy, t.calledAt, t.recalls, t.forWindow, t.skippedAt, t.finishedAt, issueId],
          );
      if (inserted.rowCount === 1) {
        stored += 1;
        taken.push(t);
        continue;
      }
      const held = await client.query<{ origin: string; number: string }>('SELECT origin, number FROM queue_tickets WHERE hall = $1 AND id = $2', [hall, t.id]);
      const row = held.rows[0];
      if (!row || row.number !== t.number) {
        conflicting.push(t.id);
        continue;
      }
      already += 1;
      // The sender's own offline ticket, or the server's ticket it holds called (checked above).
      const mayUpdate = row.origin === 'offline' ? 'origin = \'offline\' AND issued_by = $12' : `origin = 'server' AND called_by = $12 AND state IN ('called', 'serving') AND $3 IN ('serving', 'skipped', 'done')`;
      await client.query(
        `UPDATE queue_tickets SET state = $3, category = $4, called_by = $5, called_at = $6, recalls = $7, for_window = $8, skipped_at = $9, finished_at = $10,
            served_at = CASE WHEN $3 = 'serving' AND state <> 'serving' THEN $11 ELSE served_at END
          WHERE hall = $1 AND id = $2 AND ${mayUpdate} AND state NOT IN ('done', 'withdrawn')
            AND NOT ($3 IN ('waiting', 'transferred') AND state NOT IN ('waiting', 'transferred'))
            AND NOT ($3 = 'called' AND state = 'serving' AND $6::timestamptz <= called_at)
            AND COALESCE(GREATEST($6::timestamptz, $9::timestamptz, $10::timestamptz), '-infinity') >= COALESCE(GREATEST(called_at, skipped_at, finished_at), '-infinity')`,
        [hall, t.id, t.state, t.category, t.calledBy, t.calledAt, t.recalls, t.forWindow, t.skippedAt, t.finishedAt, now, sender],
      );
      taken.push(t);
    }
    await holdCalledTicket(client, hall, sender, windowRow.rows[0], days.today, taken);
    for (const p of history.presses) {
      const inserted = await client.query(
        `INSERT INTO queue_presses (hall, press_id, window_number, action, outcome, at, origin) VALUES ($1, $2, $3, $4, $5, $6, 'offline')
         ON CONFLICT (hall, press_id) DO NOTHING`,
        [hall, p.press.pressId, p.press.window, JSON.stringify(p.press.action), JSON.stringify(p.outcome), p.at],
      );
      if (inserted.rowCount === 1) stored += 1;
      else already += 1;
    }
    return { stored, already, conflicting, refused };
  });
}

/**
 * Makes the offline ticket the sender called last today (of `uploaded`, as the server now holds
 * it: still called or served by the sender) the window's current one, when the window holds
 * nothing today or a ticket it no longer calls or serves. Without this the ticket would stay
 * called with no window to finish it (the panel shows a window's current ticket only).
 */
async function holdCalledTicket(client: PoolClient, hall: string, sender: number, row: WindowRow | undefined, today: string, uploaded: readonly Ticket[]): Promise<void> {
  const ids = uploaded.filter((t) => t.serviceDay === today).map((t) => t.id);
  if (ids.length === 0) return;
  const status = row === undefined ? null : windowStatusOf(row, today);
  const latest = await client.query<{ id: string; called_at: Date }>(
    `SELECT id::text AS id, called_at FROM queue_tickets WHERE hall = $1 AND id = ANY($2::uuid[]) AND service_day = $3 AND called_by = $4 AND state IN ('called', 'serving')
      ORDER BY called_at DESC, id DESC LIMIT 1`,
    [hall, ids, today, sender],
  );
  if (status !== null && status.current !== null) {
    const current = await client.query<{ called_at: Date | null }>(
      `SELECT called_at FROM queue_tickets WHERE hall = $1 AND id = $2 AND service_day = $3 AND called_by = $4 AND state IN ('called', 'serving') FOR UPDATE`,
      [hall, status.current, today, sender],
    );
    const held = current.rows[0];
    if (held) {
      const offline = latest.rows[0];
      // The window still holds a ticket here, but called another offline after it: at a counter
      // calling the next one ends the service before it (as callNext's `finished`), so the held
      // one is done at that call and the newer one becomes current. Otherwise the newer one
      // would stay called with no window to finish it.
      if (!offline || offline.id === status.current || (held.called_at !== null && offline.called_at.getTime() <= held.called_at.getTime())) return;
      await client.query(`UPDATE queue_tickets SET state = 'done', finished_at = $3 WHERE hall = $1 AND id = $2`, [hall, status.current, offline.called_at]);
    }
  }
  const chosen = latest.rows[0]?.id ?? null;
  // Nothing to hold: the window keeps its row as it is, unless the ticket it held is one this
  // history finished or skipped (its panel would show a done ticket as its current one).
  if (chosen === null && !(status?.current != null && ids.includes(status.current))) return;
  // A row of an older day starts today idle (windowStatusOf): its pause and streak are not today's.
  await client.query(
    `INSERT INTO queue_windows (hall, window_number, service_day, current_ticket, paused_reason, paused_since, preferred_streak) VALUES ($1, $2, $3, $4, $5, $6, $7)
     ON CONFLICT (hall, window_number) DO UPDATE SET service_day = $3, current_ticket = $4, paused_reason = $5, paused_since = $6, preferred_streak = $7, updated_at = now()`,
    [hall, sender, today, chosen, status?.paused?.reason ?? null, status?.paused?.since ?? null, status?.preferredStreak ?? 0],
  );
}
