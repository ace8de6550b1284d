import { PGlite } from '@electric-sql/pglite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SERVER_MIGRATIONS } from '../../../server/db/migrations';

// Migration 0011 (a dispenser's refused offline tickets, review finding F2) on an in-memory PGlite
// after every migration: a dispenser's report keeps its list of refused tickets beside the printer's
// state, rows from before the column read as none, and only a JSON list is taken.

let db: PGlite;

beforeAll(async () => {
  db = new PGlite();
  const before = SERVER_MIGRATIONS.filter((m) => m.version < 11);
  for (const m of before) await db.exec(m.sql);
  // A dispenser that reported before the upgrade.
  await db.query(`INSERT INTO queue_dispensers (hall, device, ready, words, reported_at) VALUES ('JQ', 91, true, NULL, now())`);
  for (const m of SERVER_MIGRATIONS.filter((m) => m.version >= 11)) await db.exec(m.sql);
}, 60_000);

afterAll(async () => {
  await db.close();
});

describe('migration 0011 queue-dispenser-refusals', () => {
  it('is registered as version 11, after 0008 made the dispensers\' table', () => {
    const versions = SERVER_MIGRATIONS.map((m) => m.version);
    expect(SERVER_MIGRATIONS.find((m) => m.version === 11)).toMatchObject({ name: 'queue-dispenser-refusals' });
    expect(versions.indexOf(11)).toBe(versions.indexOf(10) + 1);
    expect(versions.indexOf(11)).toBeGreaterThan(versions.indexOf(8));
  });

  it('reads a report from before the upgrade as one without refused tickets', async () => {
    const rows = await db.query<{ refused_tickets: unknown }>(`SELECT refused_tickets FROM queue_dispensers WHERE hall = 'JQ' AND device = 91`);
    expect(rows.rows).toEqual([{ refused_tickets: null }]);
  });

  it('keeps a dispenser\'s list of refused tickets with its report', async () => {
    const list = [{ number: 'A6000', reason: '号码已被大厅另一张号票占用，叫到此号时可能两人同来' }];
    await db.query(`UPDATE queue_dispensers SET refused_tickets = $1::jsonb WHERE hall = 'JQ' AND device = 91`, [JSON.stringify(list)]);
    const rows = await db.query<{ refused_tickets: unknown }>(`SELECT refused_tickets FROM queue_dispensers WHERE hall = 'JQ' AND device = 91`);
    expect(rows.rows[0]?.refused_tickets).toEqual(list);
  });

  it('refuses anything but a list', async () => {
    await expect(db.query(`UPDATE queue_dispensers SET refused_tickets = '{"number":"A6000"}'::jsonb WHERE hall = 'JQ' AND device = 91`)).rejects.toMatchObject({ code: '23514' });
    await expect(
      db.query(`INSERT INTO queue_dispensers (hall, device, ready, words, reported_at, refused_tickets) VALUES ('JQ', 92, true, NULL, now(), '"A6000"'::jsonb)`),
    ).rejects.toMatchObject({ code: '23514' });
  });
});
