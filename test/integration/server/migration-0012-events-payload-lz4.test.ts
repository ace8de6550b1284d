import type { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrate } from '../../../server/db/migrate';
import { SERVER_MIGRATIONS } from '../../../server/db/migrations';
import { startPostgres, type TestPostgres } from '../../support/postgres';
import { migratedPglite } from '../../support/migrated-pglite';

// Migration 0012: events' payloads compressed with lz4 on a PostgreSQL that has it, and the same
// migration passing on PGlite whatever its build has; a large payload reads back as stored.

/** A case payload over the TOAST threshold (2 KB), as a case with many materials makes. */
const PAYLOAD = JSON.stringify({
  applicant: { name: '欧阳𠮷祥', idNumber: '11010519491231002X' },
  materials: Array.from({ length: 60 }, (_, i) => ({ code: `M${i}`, name: `申请材料第${i}项（原件及复印件）`, received: i % 3 !== 0 })),
});

const insertEvent = `INSERT INTO events (hall, id, window_number, stream_type, stream_id, stream_version, type, occurred_at, staff, payload)
  VALUES ('JQ', '0190a000-0000-7000-8000-000000000001', 12, 'case', '0190a000-0000-7000-8000-0000000000aa', 1, 'case.accepted', now(), NULL, $1::jsonb)`;

describe('migration 0012 events-payload-lz4', () => {
  it('is registered as version 12', () => {
    expect(SERVER_MIGRATIONS[11]).toMatchObject({ version: 12, name: 'events-payload-lz4' });
  });

  describe('on PostgreSQL 15 (built with lz4)', () => {
    let cluster: TestPostgres;
    let pool: pg.Pool;
    beforeAll(async () => {
      cluster = await startPostgres();
      pool = new pg.Pool({ connectionString: await cluster.createDatabase('lz4'), max: 2 });
      await migrate(pool);
    }, 120_000);
    afterAll(async () => {
      await pool?.end();
      await cluster?.stop();
    });

    it('stores a large payload compressed with lz4, and reads it back as it was', async () => {
      const column = await pool.query<{ attcompression: string }>(`SELECT attcompression FROM pg_attribute WHERE attrelid = 'events'::regclass AND attname = 'payload'`);
      expect(column.rows[0]?.attcompression).toBe('l');
      await pool.query(insertEvent, [PAYLOAD]);
      const row = await pool.query<{ method: string | null; payload: unknown }>(`SELECT pg_column_compression(payload) AS method, payload FROM events WHERE hall = 'JQ'`);
      expect(row.rows[0]?.method).toBe('lz4');
      expect(row.rows[0]?.payload).toEqual(JSON.parse(PAYLOAD));
    });
  });

  describe('on the embedded PGlite', () => {
    let db: PGlite;
    beforeAll(async () => {
      db = await migratedPglite();
    }, 60_000);
    afterAll(async () => {
      await db?.close();
    });

    it('passes whether or not its build has lz4, and a large payload reads back as it was', async () => {
      await db.query(insertEvent, [PAYLOAD]);
      const row = await db.query<{ payload: unknown }>(`SELECT payload FROM events WHERE hall = 'JQ'`);
      expect(row.rows[0]?.payload).toEqual(JSON.parse(PAYLOAD));
    });
  });
});
