import fc from 'fast-check';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { ENROLMENT_TOKEN_HEADER, EnrolRequestSchema, PullRequestSchema, PushBatchSchema, SYNC_PATHS, SyncErrorBodySchema } from '../../../electron/contract/sync';
import { startPostgres, type TestPostgres } from '../../support/postgres';
import { caseEvents, enrolledToken, startLiveApp, type LiveApp } from './server-fixtures';

// 10,000 generated hostile requests (issue 16, "Security") against the real app over a real
// PostgreSQL (the endpoints test runs both backends; PGlite's one connection is too slow for 10,000
// round trips in a minute), injected without sockets so the run stays short: every one refused with a 4xx and a
// SyncErrorBody, nothing stored, the server healthy after.

let cluster: TestPostgres | null = null;
let live: LiveApp;
let token: string;

beforeAll(async () => {
  cluster = await startPostgres();
  live = await startLiveApp('postgres', cluster);
  token = await enrolledToken(live, 'HX', 1);
});
afterAll(async () => {
  await live?.close();
  await cluster?.stop();
});

const valid = caseEvents('HX', 1, 3);
const path = fc.constantFrom(SYNC_PATHS.push, SYNC_PATHS.pull, SYNC_PATHS.enrol);
const anyJson = fc.jsonValue({ maxDepth: 4 });

/** A valid batch with one field of one event replaced by anything. */
const mutatedBatch = fc
  .record({ index: fc.nat(valid.length - 1), key: fc.constantFrom('id', 'stream', 'version', 'type', 'occurredAt', 'hall', 'window', 'staff', 'payload', '__proto__', 'extra'), value: anyJson })
  .map(({ index, key, value }) => ({ events: valid.map((e, i) => (i === index ? { ...e, [key]: value } : e)) }));

/** Well-formed batches that are still not this window's to send, or not storable. */
const wrongWindowBatch = fc.record({ hall: fc.constantFrom('HX', 'ZZ', 'A1'), window: fc.integer({ min: 2, max: 999 }) }).map(({ hall, window }) => ({ events: caseEvents(hall, window, 2) }));
const unstorable = fc.string({ maxLength: 8 }).map((s) => ({ events: caseEvents('HX', 1, 1).map((e) => ({ ...e, payload: { note: `${s}\u0000${s}` } })) }));

// Weighted so most requests are refused before any database round trip (as most junk is): the
// ones that reach the database (a token to check, a batch to try) stay a sixth of the run.
const request = fc.oneof(
  { weight: 6, arbitrary: fc.record({ path, raw: fc.string({ maxLength: 200 }), token: fc.constant(true) }) },
  { weight: 6, arbitrary: fc.record({ path, body: anyJson, token: fc.boolean() }) },
  { weight: 6, arbitrary: fc.record({ path: fc.constant(SYNC_PATHS.push), body: mutatedBatch, token: fc.constant(true) }) },
  { weight: 1, arbitrary: fc.record({ path: fc.constant(SYNC_PATHS.push), body: wrongWindowBatch, token: fc.constant(true) }) },
  { weight: 1, arbitrary: fc.record({ path: fc.constant(SYNC_PATHS.push), body: unstorable, token: fc.constant(true) }) },
  { weight: 1, arbitrary: fc.record({ path: fc.constant(SYNC_PATHS.push), body: fc.constant({ events: valid }), token: fc.constant(false), badToken: fc.string({ minLength: 0, maxLength: 60 }) }) },
);

function wouldBeAccepted(path: string, body: unknown, withToken: boolean): boolean {
  // A generated body that happens to be a valid request (`{"cursor":null}` to pull) is not hostile.
  if (path === SYNC_PATHS.pull) return withToken && PullRequestSchema.safeParse(body).success;
  if (path === SYNC_PATHS.enrol) return false; // no generated code was ever issued
  const batch = PushBatchSchema.safeParse(body);
  return withToken && batch.success && batch.data.events.every((e) => e.hall === 'HX' && e.window === 1 && !JSON.stringify(e.payload).includes('\\u0000'));
}

it('refuses 10,000 generated hostile requests with a 4xx, stores nothing, and stays healthy', async () => {
  let refused = 0;
  await fc.assert(
    fc.asyncProperty(request, async (r) => {
      const headers: Record<string, string> = { 'content-type': 'application/json' };
      if (r.token) headers[ENROLMENT_TOKEN_HEADER] = token;
      else if ('badToken' in r) headers[ENROLMENT_TOKEN_HEADER] = r.badToken;
      const payload = 'raw' in r ? r.raw : JSON.stringify(r.body);
      if (!('raw' in r) && wouldBeAccepted(r.path, r.body, r.token)) return;
      if ('raw' in r && r.path === SYNC_PATHS.enrol && EnrolRequestSchema.safeParse(safeJson(r.raw)).success) return;
      const response = await live.app.inject({ method: 'POST', url: r.path, headers, payload });
      expect(response.statusCode, `${r.path} ${payload.slice(0, 200)} → ${response.body}`).toBeGreaterThanOrEqual(400);
      expect(response.statusCode, `${r.path} ${payload.slice(0, 200)} → ${response.body}`).toBeLessThan(500);
      expect(SyncErrorBodySchema.safeParse(response.json()).success).toBe(true);
      refused += 1;
    }),
    { numRuns: Number(process.env["HOSTILE_RUNS"] ?? 10_000), seed: 16_2026 },
  );
  expect(refused).toBeGreaterThan(Number(process.env["HOSTILE_RUNS"] ?? 10_000) * 0.9);
  const stored = await live.db.pool.query<{ n: number }>('SELECT count(*)::int AS n FROM events');
  expect(stored.rows[0]?.n).toBe(0);
  const tokens = await live.db.pool.query<{ n: number }>('SELECT count(*)::int AS n FROM tokens');
  expect(tokens.rows[0]?.n).toBe(1);
  expect((await live.app.inject({ method: 'GET', url: SYNC_PATHS.health })).statusCode).toBe(200);
}, 120_000);

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
