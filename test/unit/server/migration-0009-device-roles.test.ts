import { PGlite } from '@electric-sql/pglite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SERVER_MIGRATIONS } from '../../../server/db/migrations';

// Migration 0009 (device roles) on an in-memory PGlite: codes and tokens from before it keep no
// role (NULL: accepted in every role, as before the upgrade), new ones may carry one of the three
// roles the app's config names, and nothing else.

let db: PGlite;

beforeAll(async () => {
  db = new PGlite();
  // Everything before 0009 first, with a code and a token enrolled as they were then.
  for (const m of SERVER_MIGRATIONS.filter((m) => m.version < 9)) await db.exec(m.sql);
  await db.exec(`INSERT INTO halls (hall) VALUES ('JQ');
INSERT INTO windows (hall, window_number) VALUES ('JQ', 12);
INSERT INTO enrolment_codes (hall, code_hash, window_number, expires_at) VALUES ('JQ', 'old-code', 12, now() + interval '7 days');
INSERT INTO tokens (hall, token_hash, window_number) VALUES ('JQ', 'old-token', 12);`);
  for (const m of SERVER_MIGRATIONS.filter((m) => m.version >= 9)) await db.exec(m.sql);
}, 60_000);

afterAll(async () => {
  await db.close();
});

describe('migration 0009 device-roles', () => {
  it('is registered as version 9, right after 0008', () => {
    const versions = SERVER_MIGRATIONS.map((m) => m.version);
    expect(versions.indexOf(9)).toBe(versions.indexOf(8) + 1);
    expect(SERVER_MIGRATIONS.find((m) => m.version === 9)).toMatchObject({ name: 'device-roles' });
  });

  it('leaves a code and a token enrolled before it without a role', async () => {
    expect((await db.query(`SELECT role FROM enrolment_codes WHERE code_hash = 'old-code'`)).rows).toEqual([{ role: null }]);
    expect((await db.query(`SELECT role FROM tokens WHERE token_hash = 'old-token'`)).rows).toEqual([{ role: null }]);
  });

  it('keeps each of the three roles on a code and a token', async () => {
    for (const role of ['window', 'dispenser', 'display']) {
      await db.query(`INSERT INTO enrolment_codes (hall, code_hash, window_number, expires_at, role) VALUES ('JQ', $1, 12, now(), $2)`, [`code-${role}`, role]);
      await db.query(`INSERT INTO tokens (hall, token_hash, window_number, role) VALUES ('JQ', $1, 12, $2)`, [`token-${role}`, role]);
    }
    const tokens = await db.query<{ role: string }>(`SELECT role FROM tokens WHERE token_hash LIKE 'token-%' ORDER BY role`);
    expect(tokens.rows.map((r) => r.role)).toEqual(['dispenser', 'display', 'window']);
  });

  it('refuses a role the app does not have', async () => {
    await expect(db.query(`INSERT INTO enrolment_codes (hall, code_hash, window_number, expires_at, role) VALUES ('JQ', 'code-x', 12, now(), 'kiosk')`)).rejects.toMatchObject({ code: '23514' });
    await expect(db.query(`INSERT INTO tokens (hall, token_hash, window_number, role) VALUES ('JQ', 'token-x', 12, 'Window')`)).rejects.toMatchObject({ code: '23514' });
  });
});
