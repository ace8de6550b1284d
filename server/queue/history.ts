import type { Pool } from 'pg';
import type { QueueHistoryRequest, QueueHistoryResponse } from '../../electron/contract/queue';
import { inTransaction } from '../db/transaction';

/**
 * Stores a device's offline history (POST /v1/queue/history) for `hall`, sent by window `sender`
 * (the token's; every press must already be checked to be its own), in one transaction:
 * - each ticket once by id (`origin` 'offline'); one whose id is held is counted `already` (an
 *   offline ticket held takes the state sent, its latest); one whose number another ticket holds
 *   that day (two devices on one fallback slot) is not stored and listed in `conflicting`;
 * - each press once by pressId, with its outcome and time, as a record (it is not applied again:
 *   its effect is in the tickets' states).
 * Offline calls are not put on the display's stream: they were announced where they happened.
 */
export async function storeHistory(pool: Pool, hall: string, sender: number, history: QueueHistoryRequest): Promise<QueueHistoryResponse> {
  return inTransaction(pool, async (client) => {
    let stored = 0;
    let already = 0;
    const conflicting: string[] = [];
    for (const t of history.tickets) {
      const inserted = await client.query(
        `INSERT INTO queue_tickets (hall, id, service_day, letter, category, lane, sequence, number, booking_code, issued_at, issued_by, state,
            called_by, called_at, recalls, for_window, skipped_at, finished_at, origin)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, 'offline') ON CONFLICT DO NOTHING`,
        [hall, t.id, t.serviceDay, t.number.slice(0, 1), t.category, t.lane, Number(t.number.slice(1)), t.number, t.bookingCode, t.issuedAt, sender, t.state,
          t.calledBy, t.calledAt, t.recalls, t.forWindow, t.skippedAt, t.finishedAt],
      );
      if (inserted.rowCount === 1) {
        stored += 1;
        continue;
      }
      // Held already: a ticket sent again after a later offline episode the same day carries its
      // newer state, which replaces the one held (only for an offline ticket of the same number;
      // a server ticket's state is the server's). A state never goes back: a done ticket stays done,
      // and one called here since is not put back in line by an older copy.
      const held = await client.query<{ origin: string; number: string }>('SELECT origin, number FROM queue_tickets WHERE hall = $1 AND id = $2', [hall, t.id]);
      const row = held.rows[0];
      if (!row) {
        conflicting.push(t.id);
        continue;
      }
      already += 1;
      if (row.origin === 'offline' && row.number === t.number) {
        await client.query(
          `UPDATE queue_tickets SET state = $3, category = $4, called_by = $5, called_at = $6, recalls = $7, for_window = $8, skipped_at = $9, finished_at = $10
            WHERE hall = $1 AND id = $2 AND state <> 'done' AND NOT ($3 IN ('waiting', 'transferred') AND state NOT IN ('waiting', 'transferred'))`,
          [hall, t.id, t.state, t.category, t.calledBy, t.calledAt, t.recalls, t.forWindow, t.skippedAt, t.finishedAt],
        );
      }
    }
    for (const p of history.presses) {
      const inserted = await client.query(
        `INSERT INTO queue_presses (hall, press_id, window_number, action, outcome, at, origin) VALUES ($1, $2, $3, $4, $5, $6, 'offline')
         ON CONFLICT (hall, press_id) DO NOTHING`,
        [hall, p.press.pressId, p.press.window, JSON.stringify(p.press.action), JSON.stringify(p.outcome), p.at],
      );
      if (inserted.rowCount === 1) stored += 1;
      else already += 1;
    }
    return { stored, already, conflicting };
  });
}
