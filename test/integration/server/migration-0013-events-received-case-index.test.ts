import type { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrate } from '../../../server/db/migrate';
import { SERVER_MIGRATIONS } from '../../../server/db/migrations';
import { startPostgres, type TestPostgres } from '../../support/postgres';
import { migratedPglite } from '../../support/migrated-pglite';

// Migration 0013: the back office's case list index holds only the hall's case.received events
// (a partial index), not one entry per event pushed; the list reads the same cases through it.

/** The case list's own query (hall-cases.ts listHallCases), without a search. */
const LIST = `SELECT stream_id FROM events
  WHERE hall = $1 AND stream_type = 'case' AND type = 'case.received'
    AND ($2 = '' OR payload->>'caseNumber' ILIKE $3 OR payload->'applicant'->>'name' ILIKE $3 OR payload->'item'->>'name' ILIKE $3)
  ORDER BY seq DESC LIMIT $4`;

/** The names of the indexes on `events`, through either backend's query. */
async function eventsIndexes(db: { query: <R>(sql: string) => Promise<{ rows: R[] }> }): Promise<string[]> {
  return (await db.query<{ indexname: string }>(`SELECT indexname FROM pg_indexes WHERE tablename = 'events' ORDER BY indexname`)).rows.map((r) => r.indexname);
}

const uuid = (n: number) => `0190a000-0000-7000-8000-${String(n).padStart(12, '0')}`;

/** Three cases of three events each, and a rating, in hall JQ; one case in hall XH. */
async function pushSome(db: pg.Pool): Promise<void> {
  let n = 0;
  const insert = (hall: string, streamType: string, stream: number, version: number, type: string) =>
    db.query(
      `INSERT INTO events (hall, id, window_number, stream_type, stream_id, stream_version, type, occurred_at, staff, payload)
       VALUES ($1, $2, 12, $3, $4, $5, $6, now(), NULL, $7::jsonb)`,
      [hall, uuid(++n), streamType, uuid(1000 + stream), version, type, JSON.stringify({ caseNumber: `JQ-${stream}` })],
    );
  for (let c = 1; c <= 3; c++) {
    await insert('JQ', 'case', c, 1, 'case.received');
    await insert('JQ', 'case', c, 2, 'case.accepted');
    await insert('JQ', 'case', c, 3, 'case.decided');
  }
  await insert('JQ', 'rating', 9, 1, 'rating.given');
  await insert('XH', 'case', 20, 1, 'case.received');
}

describe('migration 0013 events-received-case-index', () => {
  it('is registered as version 13, the last', () => {
    expect(SERVER_MIGRATIONS.at(-1)).toMatchObject({ version: 13, name: 'events-received-case-index' });
  });

  describe('on PostgreSQL 15, over a database holding events', () => {
    let cluster: TestPostgres;
    let pool: pg.Pool;
    beforeAll(async () => {
      cluster = await startPostgres();
      pool = new pg.Pool({ connectionString: await cluster.createDatabase('m0013'), max: 2 });
      await migrate(pool, SERVER_MIGRATIONS.filter((m) => m.version < 13));
      await pushSome(pool);
    }, 120_000);
    afterAll(async () => {
      await pool?.end();
      await cluster?.stop();
    });

    it('waits at most 10 s for a transaction reading events (an export in another process): fails whole, and passes after', async () => {
      const exporter = await pool.connect();
      try {
        await exporter.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
        await exporter.query(`SELECT count(*) FROM events WHERE hall = 'JQ'`);
        const started = Date.now();
        await expect(migrate(pool)).rejects.toThrow(/lock timeout/);
        expect(Date.now() - started).toBeLessThan(30_000);
        // Nothing of it stayed: not recorded, the old index still there, pushes not held off.
        const versions = (await pool.query<{ version: number }>('SELECT version FROM schema_migrations')).rows.map((r) => r.version);
        expect(versions).not.toContain(13);
        const indexes = await eventsIndexes(pool);
        expect(indexes).toContain('events_hall_case_type_seq_idx');
        expect(indexes).not.toContain('events_hall_received_case_seq_idx');
      } finally {
        await exporter.query('COMMIT');
        exporter.release();
      }
    }, 60_000);

    it('lists the same cases, newest first, through an index holding only the hall’s 收件 events', async () => {
      const before = (await pool.query<{ stream_id: string }>(LIST, ['JQ', '', '%%', 50])).rows.map((r) => r.stream_id);
      expect(before).toEqual([uuid(1003), uuid(1002), uuid(1001)]);
      expect(await migrate(pool)).toEqual([13]);
      expect((await pool.query<{ stream_id: string }>(LIST, ['JQ', '', '%%', 50])).rows.map((r) => r.stream_id)).toEqual(before);

      const indexes = await eventsIndexes(pool);
      expect(indexes).toContain('events_hall_received_case_seq_idx');
      expect(indexes).not.toContain('events_hall_case_type_seq_idx');
      // One entry per case.received (4 of 11 events), where the old index took all 11.
      await pool.query('VACUUM ANALYZE events');
      const tuples = await pool.query<{ relname: string; reltuples: number }>(
        `SELECT relname, reltuples FROM pg_class WHERE relname IN ('events_hall_received_case_seq_idx', 'events_pkey')`,
      );
      expect(Object.fromEntries(tuples.rows.map((r) => [r.relname, Number(r.reltuples)]))).toEqual({ events_hall_received_case_seq_idx: 4, events_pkey: 11 });

      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        await client.query('SET LOCAL enable_seqscan = off');
        const plan = await client.query<{ 'QUERY PLAN': string }>(`EXPLAIN ${LIST.replace('$1', "'JQ'").replace('$2', "''").replaceAll('$3', "'%%'").replace('$4', '50')}`);
        expect(plan.rows.map((r) => r['QUERY PLAN']).join('\n')).toContain('events_hall_received_case_seq_idx');
      } finally {
        await client.query('ROLLBACK');
        client.release();
      }
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

    it('makes the same index', async () => {
      const indexes = await eventsIndexes(db);
      expect(indexes).toContain('events_hall_received_case_seq_idx');
      expect(indexes).not.toContain('events_hall_case_type_seq_idx');
    });
  });
});
