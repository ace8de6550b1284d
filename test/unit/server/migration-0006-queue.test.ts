import type { PGlite } from '@electric-sql/pglite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SERVER_MIGRATIONS } from '../../../server/db/migrations';
import { migratedPglite } from '../../support/migrated-pglite';

// Migration 0006 (the hall queue) on an in-memory PGlite, after the migrations before it: the
// rules the database itself keeps, whatever the code above it does.

let db: PGlite;

beforeAll(async () => {
  db = await migratedPglite();
}, 60_000);

afterAll(async () => {
  await db.close();
});

const ticket = (id: string, day: string, number: string) =>
  db.query(
    `INSERT INTO queue_tickets (hall, id, service_day, letter, category, lane, sequence, number, issued_at, state, origin)
     VALUES ('JQ', $1, $2, 'A', 'A', 'ordinary', $3, $4, now(), 'waiting', 'server')`,
    [id, day, Number(number.slice(1)), number],
  );

describe('migration 0006 queue', () => {
  it('is registered as version 6', () => {
    expect(SERVER_MIGRATIONS.find((m) => m.version === 6)).toMatchObject({ name: 'queue' });
  });

  it('refuses a second ticket with the same number on the same day, and allows it the next day', async () => {
    await ticket('0193a000-0000-7000-8000-000000000001', '2026-12-01', 'A001');
    await expect(ticket('0193a000-0000-7000-8000-000000000002', '2026-12-01', 'A001')).rejects.toMatchObject({ code: '23505' });
    await expect(ticket('0193a000-0000-7000-8000-000000000003', '2026-12-02', 'A001')).resolves.toBeDefined();
  });

  it('numbers a letter of a day one after another through its counter row', async () => {
    const take = async (letter: string) =>
      (
        await db.query<{ last: number }>(
          `INSERT INTO queue_counters (hall, service_day, letter, last) VALUES ('JQ', '2026-12-01', $1, 1)
           ON CONFLICT (hall, service_day, letter) DO UPDATE SET last = queue_counters.last + 1 RETURNING last`,
          [letter],
        )
      ).rows[0]?.last;
    expect([await take('B'), await take('B'), await take('C'), await take('B')]).toEqual([1, 2, 1, 3]);
  });

  it('refuses a ticket state the contract does not know', async () => {
    await expect(db.query(`UPDATE queue_tickets SET state = 'lost' WHERE number = 'A001'`)).rejects.toMatchObject({ code: '23514' });
  });
});
