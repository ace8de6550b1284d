import type { PGlite } from '@electric-sql/pglite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SERVER_MIGRATIONS } from '../../../server/db/migrations';
import { migratedPglite } from '../../support/migrated-pglite';

// Migration 0010 (the figures' index of calls by ticket) on an in-memory PGlite after every
// migration: the index is there, and a day's figures query reads the calls through it.

let db: PGlite;

beforeAll(async () => {
  db = await migratedPglite();
}, 60_000);

afterAll(async () => {
  await db.close();
});

describe('migration 0010 queue-calls-by-ticket', () => {
  it('is registered as version 10, after 0006 made the calls', () => {
    const versions = SERVER_MIGRATIONS.map((m) => m.version);
    expect(SERVER_MIGRATIONS.find((m) => m.version === 10)).toMatchObject({ name: 'queue-calls-by-ticket' });
    expect(versions.indexOf(10)).toBeGreaterThan(versions.indexOf(6));
  });

  it('indexes the calls by hall and ticket', async () => {
    const found = await db.query<{ indexdef: string }>(`SELECT indexdef FROM pg_indexes WHERE tablename = 'queue_calls' AND indexname = 'queue_calls_ticket_idx'`);
    expect(found.rows[0]?.indexdef).toMatch(/\(hall, ticket_id\)/);
  });

  it('finds a ticket\'s calls among many by the index', async () => {
    await db.exec(`INSERT INTO queue_calls (hall, seq, window_number, ticket_id, number, recall, called_at)
      SELECT 'JQ', g, 1, ('0190a000-0000-7000-8000-' || lpad(g::text, 12, '0'))::uuid, 'A001', false, now() FROM generate_series(1, 5000) g`);
    await db.exec('ANALYZE queue_calls');
    const plan = await db.query<{ 'QUERY PLAN': string }>(`EXPLAIN SELECT * FROM queue_calls WHERE hall = 'JQ' AND ticket_id = '0190a000-0000-7000-8000-000000000042'`);
    expect(plan.rows.map((r) => r['QUERY PLAN']).join('\n')).toContain('queue_calls_ticket_idx');
  });
});
