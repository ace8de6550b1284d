import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PullResponseSchema, SYNC_PATHS, SyncErrorBodySchema, type SyncChange } from '../../../electron/contract/sync';
import { publishChange } from '../../../server/changes/publish';
import { enrolledToken, post, startLiveApp, type LiveApp } from './server-fixtures';

// The pull cursor is tied to the database that wrote it (issue 16 review, finding 5; server
// migration 0003): `<epoch>:<seq>`. A cursor of another epoch, or one ahead of every sequence this
// database drew (a restored backup, a new database), is answered `bad_cursor`, which the window
// takes as "pull from the beginning"; a bare number written before the epoch existed still works.

let live: LiveApp;
let token: string;

function itemCancelled(n: number): SyncChange {
  return {
    kind: 'catalog.itemCancelled',
    id: `01937f71-0000-7000-8000-${(0x500 + n).toString(16).padStart(12, '0')}`,
    catalogVersion: '2026.12',
    code: `11330102MB1705125${String(n).padStart(3, '0')}`,
    effectiveFrom: '2026-12-01',
  };
}

function pull(cursor: unknown) {
  return post(`${live.url}${SYNC_PATHS.pull}`, { cursor, limit: 100 }, token);
}

async function epoch(): Promise<string> {
  return (await live.db.pool.query<{ epoch: string }>('SELECT epoch FROM server_epoch')).rows[0]!.epoch;
}

beforeAll(async () => {
  live = await startLiveApp('pglite', null);
  token = await enrolledToken(live, 'JQ', 12);
  for (const n of [1, 2, 3]) await publishChange(live.db.pool, 'JQ', itemCancelled(n), null);
}, 180_000);

afterAll(async () => {
  await live?.close();
});

describe('migration 0003', () => {
  it('gives the database one random epoch', async () => {
    const rows = (await live.db.pool.query<{ epoch: string }>('SELECT epoch FROM server_epoch')).rows;
    expect(rows).toHaveLength(1);
    expect(rows[0]?.epoch).toMatch(/^[0-9a-f]{16}$/);
  });
});

describe('a pull cursor', () => {
  it('names the database’s epoch and the last sequence sent, and takes the window on from there', async () => {
    const e = await epoch();
    const all = PullResponseSchema.parse((await pull(null)).body);
    expect(all.changes.map((c) => c.id)).toEqual([1, 2, 3].map((n) => itemCancelled(n).id));
    expect(all.cursor).toMatch(new RegExp(`^${e}:[1-9][0-9]*$`));
    const none = PullResponseSchema.parse((await pull(all.cursor)).body);
    expect(none).toEqual({ changes: [], cursor: all.cursor, more: false });
    await publishChange(live.db.pool, 'JQ', itemCancelled(4), null);
    expect(PullResponseSchema.parse((await pull(all.cursor)).body).changes.map((c) => c.id)).toEqual([itemCancelled(4).id]);
  });

  it('written before the epoch (a bare number) still works, and is answered in the epoch form', async () => {
    const e = await epoch();
    const all = PullResponseSchema.parse((await pull(null)).body);
    const fromStart = PullResponseSchema.parse((await pull('0')).body);
    expect(fromStart).toEqual(all);
    expect(fromStart.cursor.startsWith(`${e}:`)).toBe(true);
    const afterFirst = (await live.db.pool.query<{ seq: string }>(`SELECT seq::text AS seq FROM changes WHERE hall = 'JQ' AND id = $1`, [itemCancelled(1).id])).rows[0]!.seq;
    const rest = PullResponseSchema.parse((await pull(afterFirst)).body);
    expect(rest.changes.map((c) => c.id)).toEqual([2, 3, 4].map((n) => itemCancelled(n).id));
    expect(rest.cursor).toBe(all.cursor);
  });

  it('of another database, ahead of this one’s sequence, or malformed, is refused as bad_cursor', async () => {
    const e = await epoch();
    const refusedAs = async (cursor: string) => {
      const answer = await pull(cursor);
      expect(answer.status, cursor).toBe(400);
      return SyncErrorBodySchema.parse(answer.body);
    };
    expect(await refusedAs('0123456789abcdef:2')).toMatchObject({ error: 'bad_cursor', reason: expect.stringContaining('来自另一个数据库') });
    // A restored backup: the window is ahead of everything this database numbered.
    expect(await refusedAs(`${e}:999999`)).toMatchObject({ error: 'bad_cursor', reason: expect.stringContaining('超出本服务已编的序号') });
    expect(await refusedAs('999999')).toMatchObject({ error: 'bad_cursor' });
    expect(await refusedAs('9999999999999999999')).toMatchObject({ error: 'bad_cursor' });
    expect(await refusedAs('abc')).toMatchObject({ error: 'bad_cursor', reason: expect.stringContaining('格式不对') });
    // Not a cursor at all is the request's fault, as before.
    expect(SyncErrorBodySchema.parse((await pull(7)).body)).toMatchObject({ error: 'invalid' });
  });

  it('of the epoch before an operator renewed it (after restoring an older backup) is refused', async () => {
    const before = PullResponseSchema.parse((await pull(null)).body).cursor;
    await live.db.pool.query(`UPDATE server_epoch SET epoch = substr(md5(random()::text || clock_timestamp()::text), 1, 16)`);
    expect(SyncErrorBodySchema.parse((await pull(before)).body)).toMatchObject({ error: 'bad_cursor' });
    const fresh = PullResponseSchema.parse((await pull(null)).body);
    expect(fresh.changes).toHaveLength(4);
    expect(fresh.cursor.startsWith(`${await epoch()}:`)).toBe(true);
  });
});
