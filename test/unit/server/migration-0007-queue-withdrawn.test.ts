import type { PGlite } from '@electric-sql/pglite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SERVER_MIGRATIONS } from '../../../server/db/migrations';
import { migratedPglite } from '../../support/migrated-pglite';

// Migration 0007 (withdrawn phantom tickets) on an in-memory PGlite after every migration before
// it: a withdrawn ticket always names the offline ticket that stands for it, and no other state
// the contract does not know gets in.

let db: PGlite;

beforeAll(async () => {
  db = await migratedPglite();
  await db.query(
    `INSERT INTO queue_tickets (hall, id, service_day, letter, category, lane, sequence, number, issued_at, state, origin)
     VALUES ('JQ', '0193a000-0000-7000-8000-000000000001', '2026-12-01', 'A', 'A', 'ordinary', 1, 'A001', now(), 'waiting', 'server')`,
  );
}, 60_000);

afterAll(async () => {
  await db.close();
});

describe('migration 0007 queue-withdrawn', () => {
  it('is registered as version 7, after 0006', () => {
    const versions = SERVER_MIGRATIONS.map((m) => m.version);
    expect(versions.indexOf(7)).toBe(versions.indexOf(6) + 1);
    expect(SERVER_MIGRATIONS.find((m) => m.version === 7)).toMatchObject({ name: 'queue-withdrawn' });
  });

  it('refuses a withdrawn ticket without the time and the ticket standing for it', async () => {
    await expect(db.query(`UPDATE queue_tickets SET state = 'withdrawn' WHERE number = 'A001'`)).rejects.toMatchObject({ code: '23514' });
    await expect(db.query(`UPDATE queue_tickets SET withdrawn_at = now() WHERE number = 'A001'`)).rejects.toMatchObject({ code: '23514' });
  });

  it('withdraws a ticket with its time and the offline ticket that stands', async () => {
    await db.query(
      `UPDATE queue_tickets SET state = 'withdrawn', withdrawn_at = now(), withdrawn_for = '0193a000-0000-7000-8000-000000000002' WHERE number = 'A001'`,
    );
    const row = await db.query<{ state: string; withdrawn_for: string }>(`SELECT state, withdrawn_for::text AS withdrawn_for FROM queue_tickets WHERE number = 'A001'`);
    expect(row.rows[0]).toEqual({ state: 'withdrawn', withdrawn_for: '0193a000-0000-7000-8000-000000000002' });
  });

  it('still refuses a state neither the contract nor the server knows', async () => {
    await expect(db.query(`UPDATE queue_tickets SET state = 'lost' WHERE number = 'A001'`)).rejects.toMatchObject({ code: '23514' });
  });
});
