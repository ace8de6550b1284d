import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PushAckSchema, SYNC_PATHS, SyncErrorBodySchema, type SyncEvent } from '../../../electron/contract/sync';
import { revokeWindow } from '../../../server/enrolment/enrolment';
import { sha256Hex } from '../../../server/enrolment/secrets';
import { MAX_GROUP_BYTES, storeBatchForToken } from '../../../server/events/store-batch';
import { startPostgres, type TestPostgres } from '../../support/postgres';
import { caseEvents, enrolledToken, post, startLiveApp, type LiveApp } from './server-fixtures';

// Many windows pushing at the same moment: the server stores the pushes that wait for the
// database together, in one statement (store-batch.ts, PushGroups). Each window must still get
// the answer it would get alone — its own events held, in its order; a revoked token 401, a stream
// version taken 409, a value PostgreSQL refuses 400 invalid_event — with nothing of a refused
// push stored and nothing of the others lost.

let cluster: TestPostgres | null = null;

beforeAll(async () => {
  cluster = await startPostgres();
});
afterAll(async () => {
  await cluster?.stop();
});

const HALL = 'GP';
const GOOD_WINDOWS = 30;

describe.each(['postgres', 'pglite'] as const)('pushes arriving together on %s', (backend) => {
  let live: LiveApp;
  beforeAll(async () => {
    live = await startLiveApp(backend, cluster);
  });
  afterAll(async () => {
    await live?.close();
  });

  it('answers each push as if it had gone alone, stores every accepted event once in its order, and nothing of a refused push', async () => {
    const tokens = new Map<number, string>();
    for (let w = 1; w <= GOOD_WINDOWS + 3; w++) tokens.set(w, await enrolledToken(live, HALL, w));
    // A window whose stream version 2 is already held under another id (a restored backup).
    const conflictWindow = GOOD_WINDOWS + 1;
    const held = caseEvents(HALL, conflictWindow, 2);
    expect((await post(`${live.url}${SYNC_PATHS.push}`, { events: held }, tokens.get(conflictWindow))).status).toBe(200);
    const clash = caseEvents(HALL, conflictWindow, 3, held[1]?.stream.id).slice(1);
    // A window revoked after it enrolled, and one whose payload PostgreSQL cannot hold.
    const revokedWindow = GOOD_WINDOWS + 2;
    await revokeWindow(live.db.pool, HALL, revokedWindow);
    const nulWindow = GOOD_WINDOWS + 3;
    const nul = caseEvents(HALL, nulWindow, 2).map((e, i) => (i === 1 ? { ...e, payload: { note: 'a\u0000b' } } : e));

    const batches = new Map<number, SyncEvent[]>();
    for (let w = 1; w <= GOOD_WINDOWS; w++) batches.set(w, caseEvents(HALL, w, 5));
    // Window 2 takes an id window 1 sends in the same moment: the hall holds it for one of them.
    const shared = batches.get(1)?.[4]?.id ?? '';
    batches.set(2, (batches.get(2) ?? []).map((e, i) => (i === 4 ? { ...e, id: shared } : e)));

    const pushes: { window: number; events: SyncEvent[]; repeat?: boolean }[] = [];
    for (const [w, events] of batches) pushes.push({ window: w, events });
    // Window 3's answer lost on the way: its client sends the same batch again while the first is in flight.
    pushes.push({ window: 3, events: batches.get(3) ?? [], repeat: true });
    pushes.push({ window: conflictWindow, events: clash }, { window: revokedWindow, events: caseEvents(HALL, revokedWindow, 3) }, { window: nulWindow, events: nul });
    const answers = await Promise.all(pushes.map((p) => post(`${live.url}${SYNC_PATHS.push}`, { events: p.events }, tokens.get(p.window))));

    const byWindow = new Map<number, { status: number; body: unknown }[]>();
    answers.forEach((a, i) => byWindow.set(pushes[i]?.window ?? 0, [...(byWindow.get(pushes[i]?.window ?? 0) ?? []), a]));
    expect(byWindow.get(conflictWindow)?.[0]?.status).toBe(409);
    expect(SyncErrorBodySchema.parse(byWindow.get(conflictWindow)?.[0]?.body).reason).toContain('第 2 版');
    expect(byWindow.get(revokedWindow)?.[0]?.status).toBe(401);
    expect(byWindow.get(nulWindow)?.[0]?.status).toBe(400);
    expect(SyncErrorBodySchema.parse(byWindow.get(nulWindow)?.[0]?.body).error).toBe('invalid_event');

    const rows = await live.db.pool.query<{ id: string; window_number: number; received_at: Date }>('SELECT id, window_number, received_at FROM events WHERE hall = $1 ORDER BY seq', [HALL]);
    const ownerOf = new Map(rows.rows.map((r) => [r.id, r.window_number]));
    expect(ownerOf.size).toBe(rows.rows.length);
    // The shared id is held for exactly one of the two windows, and acknowledged to that one only.
    const sharedOwner = ownerOf.get(shared);
    expect([1, 2]).toContain(sharedOwner);
    for (let w = 1; w <= GOOD_WINDOWS; w++) {
      const events = batches.get(w) ?? [];
      const expected = events.map((e) => e.id).filter((id) => id !== shared || sharedOwner === w);
      for (const answer of byWindow.get(w) ?? []) {
        expect(answer.status, `window ${w}`).toBe(200);
        expect(PushAckSchema.parse(answer.body).held, `window ${w}`).toEqual(expected);
      }
      // Its events are stored for it, in the order it sent them (the server's sequence).
      expect(rows.rows.filter((r) => r.window_number === w).map((r) => r.id)).toEqual(expected);
    }
    // Nothing of the refused pushes: the conflicting window holds only its first batch.
    expect(rows.rows.filter((r) => r.window_number === conflictWindow).map((r) => r.id)).toEqual(held.map((e) => e.id));
    expect(rows.rows.filter((r) => r.window_number === revokedWindow || r.window_number === nulWindow)).toEqual([]);
    expect(rows.rows.length).toBe(GOOD_WINDOWS * 5 - 1 + held.length);
    // Whether these HTTP pushes shared statements depends on how they reached the database (each
    // token is looked up first): the grouping itself is shown below, where it does not.
  });

  // The pushes handed to the store in one moment (as the route does under load): the first
  // GROUPS_IN_FLIGHT (4) go alone, the rest wait and go together — never more body bytes than
  // MAX_GROUP_BYTES in one statement, a push never split. One statement, one transaction: its rows'
  // xmin (the inserting transaction's id) tells the statements apart (not received_at: two
  // statements on two connections may start in the same microsecond).
  it('puts the pushes that wait in one statement, within the byte cap, each answered with its own events', async () => {
    const hall = 'GQ';
    const windows = 30;
    const tokens = new Map<number, string>();
    for (let w = 1; w <= windows; w++) tokens.set(w, await enrolledToken(live, hall, w));
    const store = (w: number, events: SyncEvent[], bytes?: number) =>
      storeBatchForToken(live.db.pool, sha256Hex(tokens.get(w) ?? ''), { hall, window: w }, { events }, { prepared: backend === 'postgres', ...(bytes ? { bytes } : {}) });
    const statementsOf = async (ws: readonly number[]) => {
      const rows = await live.db.pool.query<{ window_number: number; tx: string }>(
        'SELECT DISTINCT window_number, xmin::text AS tx FROM events WHERE hall = $1 AND window_number = ANY($2::integer[])',
        [hall, ws],
      );
      const byStatement = new Map<string, number[]>();
      for (const r of rows.rows) byStatement.set(r.tx, [...(byStatement.get(r.tx) ?? []), r.window_number].sort((a, b) => a - b));
      expect(rows.rows).toHaveLength(ws.length); // each window's push in one statement
      return [...byStatement.values()].sort((a, b) => (a[0] ?? 0) - (b[0] ?? 0));
    };

    // Small pushes: 4 alone, the 26 that waited together.
    const small = Array.from({ length: 20 }, (_, i) => i + 1);
    const batches = new Map(small.map((w) => [w, caseEvents(hall, w, 5)]));
    const answers = await Promise.all(small.map((w) => store(w, batches.get(w) ?? [])));
    answers.forEach((held, i) => expect(held).toEqual(batches.get(small[i] ?? 0)?.map((e) => e.id)));
    expect(await statementsOf(small)).toEqual([[1], [2], [3], [4], small.slice(4)]);

    // Pushes of 3 MB of body each: two fit under 8 MB, a third would not — so they go in pairs.
    const large = Array.from({ length: 10 }, (_, i) => 21 + i);
    const threeMb = Math.floor((MAX_GROUP_BYTES * 3) / 8);
    const largeBatches = new Map(large.map((w) => [w, caseEvents(hall, w, 2)]));
    const largeAnswers = await Promise.all(large.map((w) => store(w, largeBatches.get(w) ?? [], threeMb)));
    largeAnswers.forEach((held, i) => expect(held).toEqual(largeBatches.get(large[i] ?? 0)?.map((e) => e.id)));
    expect(await statementsOf(large)).toEqual([[21], [22], [23], [24], [25, 26], [27, 28], [29, 30]]);

    // A push over the cap by itself is not split, nor refused: it goes alone.
    const [huge, after] = [31, 32];
    for (const w of [huge, after]) tokens.set(w, await enrolledToken(live, hall, w));
    const hugeEvents = caseEvents(hall, huge, 3);
    const afterEvents = caseEvents(hall, after, 1);
    expect(await Promise.all([store(huge, hugeEvents, MAX_GROUP_BYTES + 1), store(after, afterEvents)])).toEqual([hugeEvents.map((e) => e.id), afterEvents.map((e) => e.id)]);
  });
});
