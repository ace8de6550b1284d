import type { PGlite } from '@electric-sql/pglite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SERVER_MIGRATIONS } from '../../../server/db/migrations';
import { migratedPglite } from '../../support/migrated-pglite';

// Migration 0008 (dispenser reports) on an in-memory PGlite after every migration before it: one
// row per dispenser of a hall, and a dispenser that cannot print always says why.

let db: PGlite;

beforeAll(async () => {
  db = await migratedPglite();
}, 60_000);

afterAll(async () => {
  await db.close();
});

describe('migration 0008 queue-dispensers', () => {
  it('is registered as version 8, after 0007', () => {
    const versions = SERVER_MIGRATIONS.map((m) => m.version);
    expect(versions.indexOf(8)).toBe(versions.indexOf(7) + 1);
    expect(SERVER_MIGRATIONS.find((m) => m.version === 8)).toMatchObject({ name: 'queue-dispensers' });
  });

  it('keeps one report per dispenser of a hall, the same number in two halls apart', async () => {
    await db.query(`INSERT INTO queue_dispensers (hall, device, ready, words, reported_at) VALUES ('JQ', 91, true, NULL, now()), ('EN', 91, false, '缺纸', now())`);
    await expect(db.query(`INSERT INTO queue_dispensers (hall, device, ready, words, reported_at) VALUES ('JQ', 91, true, NULL, now())`)).rejects.toMatchObject({ code: '23505' });
    const rows = await db.query<{ hall: string; ready: boolean }>(`SELECT hall, ready FROM queue_dispensers ORDER BY hall`);
    expect(rows.rows).toEqual([{ hall: 'EN', ready: false }, { hall: 'JQ', ready: true }]);
  });

  it('refuses a dispenser not ready without its words, or ready with some', async () => {
    await expect(db.query(`INSERT INTO queue_dispensers (hall, device, ready, words, reported_at) VALUES ('JQ', 92, false, NULL, now())`)).rejects.toMatchObject({ code: '23514' });
    await expect(db.query(`INSERT INTO queue_dispensers (hall, device, ready, words, reported_at) VALUES ('JQ', 92, true, '缺纸', now())`)).rejects.toMatchObject({ code: '23514' });
  });
});
