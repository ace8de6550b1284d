import { createHash } from 'node:crypto';
import http from 'node:http';
import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LegacyEnrolResponseSchema, PullResponseSchema, PushAckSchema, SYNC_PATHS, SyncErrorBodySchema, type SyncChange } from '../../../electron/contract/sync';
import { publishChange } from '../../../server/changes/publish';
import { issueEnrolmentCode, revokeWindow } from '../../../server/enrolment/enrolment';
import { enrolRequest } from '../../support/enrol-request';
import { startPostgres, type TestPostgres } from '../../support/postgres';
import { caseEvents, enrolledToken, post, startLiveApp, storedIds, type LiveApp } from './server-fixtures';
import { v7 as uuidv7 } from 'uuid';

// The wire's endpoints over real HTTP, on both backends the server runs on: a real PostgreSQL 15
// cluster and the embedded PGlite folder. Each test takes its own hall so they share one server.

let cluster: TestPostgres | null = null;

beforeAll(async () => {
  cluster = await startPostgres();
});
afterAll(async () => {
  await cluster?.stop();
});

function errorOf(body: unknown) {
  return SyncErrorBodySchema.parse(body);
}

describe.each(['postgres', 'pglite'] as const)('the sync endpoints on %s', (backend) => {
  let live: LiveApp;
  beforeAll(async () => {
    live = await startLiveApp(backend, cluster, { bodyLimit: 256 * 1024 });
  });
  afterAll(async () => {
    await live?.close();
  });

  it('answers /health 200 while its database answers', async () => {
    const response = await fetch(`${live.url}${SYNC_PATHS.health}`);
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ status: 'ok', backend });
  });

  it('spends a one-time code for one token: the same code with another token, or for another window, is refused with 403', async () => {
    const code = await issueEnrolmentCode(live.db.pool, 'EN', 3);
    const wrongWindow = await post(`${live.url}${SYNC_PATHS.enrol}`, enrolRequest(code, 'EN', 4).body);
    expect(wrongWindow.status).toBe(403);
    // Typed by hand: lower case, dashes, O for 0 — still the same code.
    const typed = code.toLowerCase().replace(/0/g, 'o').replace(/(.{4})/g, '$1-').slice(0, -1);
    const mine = enrolRequest(typed, 'EN', 3);
    const first = await post(`${live.url}${SYNC_PATHS.enrol}`, mine.body);
    expect(first.status).toBe(200);
    // The token never comes back: the window made it.
    expect(first.body).toEqual({ hall: 'EN', window: 3, serverTime: expect.any(String) });
    const another = await post(`${live.url}${SYNC_PATHS.enrol}`, enrolRequest(code, 'EN', 3).body);
    expect(another.status).toBe(403);
    expect(errorOf(another.body).error).toBe('forbidden');
    expect(errorOf(another.body).reason).toContain('注册码');
    expect((await post(`${live.url}${SYNC_PATHS.push}`, { events: caseEvents('EN', 3, 1) }, mine.token)).status).toBe(200);
    // Only hashes are kept.
    const stored = await live.db.pool.query('SELECT count(*)::int AS n FROM enrolment_codes WHERE code_hash = $1 OR token_hash = $2', [code, mine.token]);
    expect(stored.rows[0].n).toBe(0);
  });

  it('answers the same code with the same token hash 200 again and changes nothing (the first answer was lost); not once the token is revoked', async () => {
    const code = await issueEnrolmentCode(live.db.pool, 'EI', 5);
    const mine = enrolRequest(code, 'EI', 5);
    expect((await post(`${live.url}${SYNC_PATHS.enrol}`, mine.body)).status).toBe(200);
    const tokensBefore = await live.db.pool.query("SELECT token_hash, revoked_at FROM tokens WHERE hall = 'EI' ORDER BY created_at");
    const repeat = await post(`${live.url}${SYNC_PATHS.enrol}`, mine.body);
    expect(repeat.status).toBe(200);
    expect(repeat.body).toMatchObject({ hall: 'EI', window: 5 });
    expect((await live.db.pool.query("SELECT token_hash, revoked_at FROM tokens WHERE hall = 'EI' ORDER BY created_at")).rows).toEqual(tokensBefore.rows);
    expect(tokensBefore.rows).toHaveLength(1);
    expect((await post(`${live.url}${SYNC_PATHS.push}`, { events: caseEvents('EI', 5, 2) }, mine.token)).status).toBe(200);
    // A token hash another window already holds is refused, and the code stays unspent.
    const other = await issueEnrolmentCode(live.db.pool, 'EI', 6);
    expect((await post(`${live.url}${SYNC_PATHS.enrol}`, { ...mine.body, code: other, window: 6 })).status).toBe(403);
    expect((await post(`${live.url}${SYNC_PATHS.enrol}`, enrolRequest(other, 'EI', 6).body)).status).toBe(200);
    await revokeWindow(live.db.pool, 'EI', 5);
    expect((await post(`${live.url}${SYNC_PATHS.enrol}`, mine.body)).status).toBe(403);
  });

  it('still enrols a window from before the window-made token: the server makes its token and sends it, and it pushes with it', async () => {
    const code = await issueEnrolmentCode(live.db.pool, 'EL', 8);
    const answer = await post(`${live.url}${SYNC_PATHS.enrol}`, { code, hall: 'EL', window: 8 });
    expect(answer.status).toBe(200);
    const body = LegacyEnrolResponseSchema.parse(answer.body);
    expect(body).toMatchObject({ hall: 'EL', window: 8 });
    expect((await post(`${live.url}${SYNC_PATHS.push}`, { events: caseEvents('EL', 8, 2) }, body.token)).status).toBe(200);
    expect(await storedIds(live.db, 'EL')).toHaveLength(2);
    // The server keeps only the token's hash, and the code is spent.
    const held = await live.db.pool.query("SELECT token_hash FROM tokens WHERE hall = 'EL'");
    expect(held.rows).toEqual([{ token_hash: createHash('sha256').update(body.token).digest('hex') }]);
    expect((await post(`${live.url}${SYNC_PATHS.enrol}`, { code, hall: 'EL', window: 8 })).status).toBe(403);
  });

  it('refuses a push without a token, with an unknown token, and with a revoked one (401), storing nothing', async () => {
    const token = await enrolledToken(live, 'AU', 1);
    const batch = { events: caseEvents('AU', 1, 2) };
    expect((await post(`${live.url}${SYNC_PATHS.push}`, batch)).status).toBe(401);
    const unknown = await post(`${live.url}${SYNC_PATHS.push}`, batch, 'x'.repeat(43));
    expect(unknown.status).toBe(401);
    expect(errorOf(unknown.body).error).toBe('unauthorised');
    await revokeWindow(live.db.pool, 'AU', 1);
    const revoked = await post(`${live.url}${SYNC_PATHS.push}`, batch, token);
    expect(revoked.status).toBe(401);
    expect(errorOf(revoked.body).reason).toMatch(/吊销/);
    expect((await post(`${live.url}${SYNC_PATHS.pull}`, { cursor: null }, token)).status).toBe(401);
    expect(await storedIds(live.db, 'AU')).toEqual([]);
  });

  it('refuses window A pushing as window B (403) and stores nothing of the batch', async () => {
    const tokenA = await enrolledToken(live, 'AB', 1);
    await enrolledToken(live, 'AB', 2);
    const asB = await post(`${live.url}${SYNC_PATHS.push}`, { events: caseEvents('AB', 2, 3) }, tokenA);
    expect(asB.status).toBe(403);
    expect(errorOf(asB.body).reason).toContain('AB 大厅 1 号窗口');
    const otherHall = await post(`${live.url}${SYNC_PATHS.push}`, { events: caseEvents('ZZ', 1, 1) }, tokenA);
    expect(otherHall.status).toBe(403);
    expect(await storedIds(live.db, 'AB')).toEqual([]);
    expect(await storedIds(live.db, 'ZZ')).toEqual([]);
  });

  it("never acknowledges to a window an event id the hall holds for another window, and stores the rest of its batch", async () => {
    const token1 = await enrolledToken(live, 'OV', 1);
    const token2 = await enrolledToken(live, 'OV', 2);
    const mine = caseEvents('OV', 1, 1);
    expect((await post(`${live.url}${SYNC_PATHS.push}`, { events: mine }, token1)).status).toBe(200);
    // Window 2's batch reuses window 1's id (a restored backup, a copied store) beside a new event.
    const theirs = caseEvents('OV', 2, 2).map((e, i) => (i === 0 ? { ...e, id: mine[0]?.id ?? '' } : e));
    const answer = await post(`${live.url}${SYNC_PATHS.push}`, { events: theirs }, token2);
    expect(answer.status).toBe(200);
    expect(PushAckSchema.parse(answer.body).held).toEqual([theirs[1]?.id]);
    const owners = await live.db.pool.query<{ id: string; window_number: number }>('SELECT id, window_number FROM events WHERE hall = $1 ORDER BY seq', ['OV']);
    expect(owners.rows).toEqual([
      { id: mine[0]?.id, window_number: 1 },
      { id: theirs[1]?.id, window_number: 2 },
    ]);
  });

  it('stores a batch sent twice once, and two batches arriving swapped both, without duplicates', async () => {
    const token = await enrolledToken(live, 'DU', 7);
    const events = caseEvents('DU', 7, 6);
    const first = { events: events.slice(0, 3) };
    const second = { events: events.slice(3) };
    // Swapped: the later batch first (another case's stream is independent of order across batches).
    const later = await post(`${live.url}${SYNC_PATHS.push}`, second, token);
    expect(later.status).toBe(200);
    const ack = PushAckSchema.parse(later.body);
    expect(ack.held).toEqual(second.events.map((e) => e.id));
    expect(Math.abs(Date.parse(ack.serverTime) - Date.now())).toBeLessThan(60_000);
    expect((await post(`${live.url}${SYNC_PATHS.push}`, first, token)).status).toBe(200);
    const repeat = await post(`${live.url}${SYNC_PATHS.push}`, first, token);
    expect(repeat.status).toBe(200);
    expect(PushAckSchema.parse(repeat.body).held).toEqual(first.events.map((e) => e.id));
    const ids = await storedIds(live.db, 'DU');
    expect([...ids].sort()).toEqual(events.map((e) => e.id).sort());
    // The server's order is its own (arrival), not the window's clock.
    expect(ids.slice(0, 3)).toEqual(second.events.map((e) => e.id));
    const received = await live.db.pool.query<{ occurred_at: Date; received_at: Date }>('SELECT occurred_at, received_at FROM events WHERE hall = $1 AND id = $2', ['DU', events[0]?.id]);
    expect(received.rows[0]?.occurred_at.toISOString()).toBe(events[0]?.occurredAt);
    expect(Math.abs((received.rows[0]?.received_at.getTime() ?? 0) - Date.now())).toBeLessThan(60_000);
  });

  it('refuses a stream version already held under another id (409) and stores nothing of that batch', async () => {
    const token = await enrolledToken(live, 'VC', 1);
    const events = caseEvents('VC', 1, 2);
    expect((await post(`${live.url}${SYNC_PATHS.push}`, { events }, token)).status).toBe(200);
    const [, second] = events;
    const clash = caseEvents('VC', 1, 3, second?.stream.id).slice(1); // versions 2 and 3, version 2 under a new id
    const refused = await post(`${live.url}${SYNC_PATHS.push}`, { events: clash }, token);
    expect(refused.status).toBe(409);
    expect(errorOf(refused.body).error).toBe('invalid');
    expect(errorOf(refused.body).reason).toContain('第 2 版');
    expect((await storedIds(live.db, 'VC')).sort()).toEqual(events.map((e) => e.id).sort());
  });

  it('answers malformed JSON and a body cut off mid-stream with 400, an oversize body with 413, storing nothing', async () => {
    const token = await enrolledToken(live, 'MF', 1);
    const malformed = await post(`${live.url}${SYNC_PATHS.push}`, '{"events": [', token);
    expect(malformed.status).toBe(400);
    expect(errorOf(malformed.body).error).toBe('invalid');

    // Cut off: a chunked body that ends half-way through the JSON.
    const whole = JSON.stringify({ events: caseEvents('MF', 1, 5) });
    const cut = await new Promise<{ status: number; body: string }>((resolve, reject) => {
      const request = http.request(`${live.url}${SYNC_PATHS.push}`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-counter-enrolment-token': token } }, (response) => {
        let body = '';
        response.on('data', (d: Buffer) => (body += d.toString()));
        response.on('end', () => resolve({ status: response.statusCode ?? 0, body }));
      });
      request.on('error', reject);
      request.write(whole.slice(0, Math.floor(whole.length / 2)));
      request.end();
    });
    expect(cut.status).toBe(400);
    expect(errorOf(JSON.parse(cut.body)).error).toBe('invalid');

    // Cut off: the connection ends before the Content-Length it announced.
    const { port } = new URL(live.url);
    await new Promise<void>((resolve) => {
      const socket = net.connect(Number(port), '127.0.0.1', () => {
        socket.write(`POST ${SYNC_PATHS.push} HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nx-counter-enrolment-token: ${token}\r\nContent-Length: ${Buffer.byteLength(whole)}\r\n\r\n`);
        socket.end(whole.slice(0, 100));
      });
      socket.on('data', () => undefined);
      socket.on('error', () => resolve());
      socket.on('close', () => resolve());
      setTimeout(() => {
        socket.destroy();
        resolve();
      }, 2_000);
    });

    const oversize = await post(`${live.url}${SYNC_PATHS.push}`, { events: caseEvents('MF', 1, 1).map((e) => ({ ...e, payload: { blob: 'x'.repeat(300 * 1024) } })) }, token);
    expect(oversize.status).toBe(413);
    expect(errorOf(oversize.body).error).toBe('too_large');
    expect(await storedIds(live.db, 'MF')).toEqual([]);
    expect((await fetch(`${live.url}${SYNC_PATHS.health}`)).status).toBe(200);
  });

  it('refuses a value PostgreSQL cannot hold (\\u0000 in a payload) with 400 invalid_event (one event at fault), not 500', async () => {
    const token = await enrolledToken(live, 'NU', 1);
    const events = caseEvents('NU', 1, 1).map((e) => ({ ...e, payload: { note: 'a\u0000b' } }));
    const answer = await post(`${live.url}${SYNC_PATHS.push}`, { events }, token);
    expect(answer.status).toBe(400);
    expect(errorOf(answer.body).error).toBe('invalid_event');
    expect(await storedIds(live.db, 'NU')).toEqual([]);
  });

  it('stores a push from its bytes as received (numbers digit for digit) as it stored the parsed events: a BOM, upper-case ids, a version written 1.0, escapes, a repeated key', async () => {
    const token = await enrolledToken(live, 'RB', 1);
    const [first, second] = caseEvents('RB', 1, 2);
    if (!first || !second) throw new Error('two events');
    const staff = uuidv7();
    const upper = (e: typeof first, version: string, payload: string) =>
      `{"id":"${e.id.toUpperCase()}","stream":{"type":"case","id":"${e.stream.id.toUpperCase()}"},"version":${version},"type":"${e.type}",` +
      `"occurredAt":"${e.occurredAt}","hall":"RB","window":1,"staff":"${staff.toUpperCase()}","payload":${payload}}`;
    const body = `\uFEFF{"events":[${upper(first, '1.0', '{"name":"\\u5f20\\u4e09","n":1,"n":2}')},${upper(second, '2', '{"note":"第二步","count":12345678901234567890123}')}]}`;
    const answer = await post(`${live.url}${SYNC_PATHS.push}`, body, token);
    expect(answer.status, JSON.stringify(answer.body)).toBe(200);
    expect(PushAckSchema.parse(answer.body).held).toEqual([first.id, second.id]);
    const rows = await live.db.pool.query<{ id: string; stream_type: string; stream_id: string; stream_version: number; type: string; staff: string; payload: unknown; window_number: number }>(
      `SELECT id, stream_type, stream_id, stream_version, type, staff, payload - 'count' AS payload, window_number FROM events WHERE hall = $1 ORDER BY seq`,
      ['RB'],
    );
    expect(rows.rows).toEqual([
      { id: first.id, stream_type: 'case', stream_id: first.stream.id, stream_version: 1, type: first.type, staff, payload: { name: '张三', n: 2 }, window_number: 1 },
      { id: second.id, stream_type: 'case', stream_id: second.stream.id, stream_version: 2, type: second.type, staff, payload: { note: '第二步' }, window_number: 1 },
    ]);
    // The number as the window wrote it, digit for digit: the body went to PostgreSQL as received,
    // not as JSON.parse's double written out again (1.2345678901234568e+22).
    const count = await live.db.pool.query<{ count: string }>(`SELECT payload->>'count' AS count FROM events WHERE hall = $1 AND id = $2`, ['RB', second.id]);
    expect(count.rows[0]?.count).toBe('12345678901234567890123');
  });

  it('keeps to the parsed events for what the body as received was not reviewed for: deep nesting answered and the server healthy after, a huge exponent stored as JSON.stringify writes it', async () => {
    const token = await enrolledToken(live, 'DN', 1);
    const events = caseEvents('DN', 1, 4);
    const push = (event: (typeof events)[number] | undefined, payload: string) => {
      if (!event) throw new Error('an event');
      const body = JSON.stringify({ events: [{ ...event, payload: { note: 'X' } }] }).replace('{"note":"X"}', payload);
      return post(`${live.url}${SYNC_PATHS.push}`, body, token);
    };
    // Nested 10,000 and 20,000 deep: answered (whatever the answer), then an ordinary push still stored.
    for (const [k, depth] of [[0, 10_000], [1, 20_000]] as const) {
      const answer = await push(events[k], `{"x":${'['.repeat(depth)}${']'.repeat(depth)}}`);
      expect(answer.status).toBeGreaterThanOrEqual(200);
    }
    const ordinary = await push(events[2], '{"note":"ordinary"}');
    expect(ordinary.status, JSON.stringify(ordinary.body)).toBe(200);
    // 1e131071 is Infinity to JSON.parse: stored as null, as the parsed events always stored it,
    // not spelt out in 131,079 digits by PostgreSQL's numeric.
    const huge = await push(events[3], '{"x":1e131071,"y":-2.5E-400}');
    expect(huge.status, JSON.stringify(huge.body)).toBe(200);
    const stored = await live.db.pool.query<{ payload: unknown; length: number }>(`SELECT payload, length(payload::text) AS length FROM events WHERE hall = $1 AND id = $2`, ['DN', events[3]?.id]);
    expect(stored.rows[0]?.payload).toEqual({ x: null, y: 0 });
    expect(stored.rows[0]?.length).toBeLessThan(40);
  });

  it('stores a push whose body is not valid UTF-8 as it was read (U+FFFD for the bad bytes), not refused', async () => {
    const token = await enrolledToken(live, 'U8', 1);
    const [event] = caseEvents('U8', 1, 1);
    if (!event) throw new Error('an event');
    const [head, tail] = JSON.stringify({ events: [{ ...event, payload: { note: 'BAD' } }] }).split('BAD') as [string, string];
    const response = await fetch(`${live.url}${SYNC_PATHS.push}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-counter-enrolment-token': token },
      body: Buffer.concat([Buffer.from(head), Buffer.from([0x61, 0xff, 0x62]), Buffer.from(tail)]),
    });
    expect(response.status).toBe(200);
    const stored = await live.db.pool.query<{ payload: unknown }>('SELECT payload FROM events WHERE hall = $1', ['U8']);
    expect(stored.rows).toEqual([{ payload: { note: 'a\uFFFDb' } }]);
  });

  it('tells a refused event (invalid_event: the window parks it) from a refused request (invalid: the window parks nothing)', async () => {
    const token = await enrolledToken(live, 'IE', 1);
    const [good, bad] = caseEvents('IE', 1, 2);
    const oneBad = await post(`${live.url}${SYNC_PATHS.push}`, { events: [good, { ...bad, occurredAt: 'yesterday' }] }, token);
    expect(oneBad.status).toBe(400);
    expect(errorOf(oneBad.body)).toMatchObject({ error: 'invalid_event', reason: expect.stringContaining('events.1.occurredAt') });
    for (const request of [{ events: [] }, { events: [good], extra: 1 }, { batch: [good] }, [good]]) {
      const answer = await post(`${live.url}${SYNC_PATHS.push}`, request, token);
      expect(answer.status, JSON.stringify(request).slice(0, 60)).toBe(400);
      expect(errorOf(answer.body).error, JSON.stringify(request).slice(0, 60)).toBe('invalid');
    }
    expect(errorOf((await post(`${live.url}${SYNC_PATHS.push}`, '{"events": [', token)).body).error).toBe('invalid');
    expect(await storedIds(live.db, 'IE')).toEqual([]);
  });

  it("pulls the hall's changes and this window's decisions only, in order, page by page", async () => {
    const token = await enrolledToken(live, 'PL', 5);
    const itemChange = (n: number): SyncChange => ({ kind: 'catalog.itemCancelled', id: uuidv7(), catalogVersion: `2026.${n}`, code: `11330100MB0000000X${n}00000001`, effectiveFrom: '2026-12-01' });
    const decision = (window: number): SyncChange => ({
      kind: 'case.backOfficeDecision',
      id: uuidv7(),
      caseId: uuidv7(),
      caseNumber: `PL-${window}-20261123-0001`,
      decision: { step: 'readyForPickup' },
      decidedAt: '2026-11-24T02:00:00.000Z',
      decidedBy: '市场监管局 李四',
    });
    const published = [itemChange(1), decision(5), decision(6), itemChange(2), itemChange(3)];
    await publishChange(live.db.pool, 'PL', published[0] as SyncChange, null);
    await publishChange(live.db.pool, 'PL', published[1] as SyncChange, 5);
    await publishChange(live.db.pool, 'PL', published[2] as SyncChange, 6);
    await publishChange(live.db.pool, 'PL', published[3] as SyncChange, null);
    await publishChange(live.db.pool, 'OT', itemChange(9), null);
    const again = await publishChange(live.db.pool, 'PL', published[3] as SyncChange, null);
    expect(again.inserted).toBe(false);
    await publishChange(live.db.pool, 'PL', published[4] as SyncChange, null);

    const page1 = PullResponseSchema.parse((await post(`${live.url}${SYNC_PATHS.pull}`, { cursor: null, limit: 2 }, token)).body);
    expect(page1.changes.map((c) => c.id)).toEqual([published[0]?.id, published[1]?.id]);
    expect(page1.more).toBe(true);
    const page2 = PullResponseSchema.parse((await post(`${live.url}${SYNC_PATHS.pull}`, { cursor: page1.cursor, limit: 2 }, token)).body);
    expect(page2.changes.map((c) => c.id)).toEqual([published[3]?.id, published[4]?.id]);
    expect(page2.more).toBe(false);
    const empty = PullResponseSchema.parse((await post(`${live.url}${SYNC_PATHS.pull}`, { cursor: page2.cursor }, token)).body);
    expect(empty).toEqual({ changes: [], cursor: page2.cursor, more: false });
    const badCursor = await post(`${live.url}${SYNC_PATHS.pull}`, { cursor: 'abc' }, token);
    expect(badCursor.status).toBe(400);
  });
});

describe('migrations', () => {
  it('apply once when three server processes start on one PostgreSQL at the same moment', async () => {
    const { openDatabase } = await import('../../../server/db/database');
    const { silentLog } = await import('../../../server/log');
    const url = await (cluster as TestPostgres).createDatabase('migrate_race');
    const dbs = await Promise.all([1, 2, 3].map(() => openDatabase({ databaseUrl: url, log: silentLog })));
    const { SERVER_MIGRATIONS } = await import('../../../server/db/migrations');
    const rows = await dbs[0]?.pool.query<{ version: number }>('SELECT version FROM schema_migrations ORDER BY version');
    expect(rows?.rows.map((r) => r.version)).toEqual(SERVER_MIGRATIONS.map((m) => m.version));
    await Promise.all(dbs.map((d) => d.close()));
  });
});
