import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SYNC_PATHS } from '../../../electron/contract/sync';
import { createBackOfficeAccount } from '../../../server/backoffice/accounts';
import { BACKOFFICE_PATHS } from '../../../server/backoffice/routes';
import { buildApp } from '../../../server/http/app';
import { ENROL_ATTEMPT_LIMIT, SIGN_IN_ATTEMPT_LIMIT } from '../../../server/http/limits';
import { silentLog } from '../../../server/log';
import { enrolRequest } from '../../support/enrol-request';
import { enrolledToken, post, startLiveApp, type LiveApp } from './server-fixtures';

// review-16 findings 12 and 15 over a real PGlite database and a real socket: small bodies for
// the small endpoints, no body read for a push without a token, guessing of enrolment codes and
// back-office passwords throttled, and back-office publishes that happen once however often sent.

let live: LiveApp;

beforeAll(async () => {
  live = await startLiveApp('pglite', null);
  await createBackOfficeAccount(live.db.pool, { hall: 'JQ', username: 'li.na', displayName: '李娜', department: '区政务服务管理局', password: 'correct horse 9' });
}, 180_000);

afterAll(async () => {
  await live?.close();
});

function reasonOf(body: unknown): string {
  return (body as { reason?: string }).reason ?? '';
}

describe('bodies and tokens before parsing (finding 12)', () => {
  it('answers a 100 KB enrol or pull body 413 without parsing it', async () => {
    // Not JSON at all: parsed first, it would be a 400; refused by its size, it is a 413.
    const garbage = `{${'x'.repeat(100 * 1024)}`;
    const enrol = await post(`${live.url}${SYNC_PATHS.enrol}`, garbage);
    expect(enrol.status).toBe(413);
    expect(enrol.body).toMatchObject({ error: 'too_large' });
    expect(reasonOf(enrol.body)).toContain('8192 字节');
    const pull = await post(`${live.url}${SYNC_PATHS.pull}`, garbage, 'a'.repeat(43));
    expect(pull.status).toBe(413);
  });

  it('refuses a push without a well-formed token before reading its body', async () => {
    const garbage = `{${'x'.repeat(1024 * 1024)}`;
    const none = await post(`${live.url}${SYNC_PATHS.push}`, garbage);
    expect(none.status).toBe(401);
    expect(reasonOf(none.body)).toContain('缺少窗口注册令牌');
    const malformed = await post(`${live.url}${SYNC_PATHS.push}`, garbage, 'not a token');
    expect(malformed.status).toBe(401);
    expect(reasonOf(malformed.body)).toContain('格式不正确');
  });

  it('refuses a push with an invented token of the right form (401) before parsing its body; a live token\'s body is parsed (review-24 item 5)', async () => {
    // Not JSON: had the server parsed it, the answer would be 400, not 401.
    const garbage = `{${'x'.repeat(1024 * 1024)}`;
    const invented = await post(`${live.url}${SYNC_PATHS.push}`, garbage, 'A'.repeat(43));
    expect(invented.status).toBe(401);
    expect(invented.body).toMatchObject({ error: 'unauthorised' });
    expect(reasonOf(invented.body)).toContain('无效或已被吊销');
    const token = await enrolledToken(live, 'JQ', 7);
    // Push keeps the large limit: for a live token the same body is read, parsed and refused as bad JSON.
    const parsed = await post(`${live.url}${SYNC_PATHS.push}`, garbage, token);
    expect(parsed.status).toBe(400);
    expect(parsed.body).toMatchObject({ error: 'invalid' });
  });
});

describe('guessing throttled (finding 12)', () => {
  it('answers 429 with a Chinese reason after repeated wrong back-office passwords, and only to that address', async () => {
    const signIn = (password: string, remoteAddress: string) =>
      live.app.inject({ method: 'POST', url: BACKOFFICE_PATHS.signIn, remoteAddress, payload: { hall: 'JQ', username: 'li.na', password } });
    for (let i = 0; i < SIGN_IN_ATTEMPT_LIMIT.max; i += 1) {
      expect((await signIn(`wrong horse ${i}`, '10.1.1.1')).statusCode).toBe(401);
    }
    const refused = await signIn('wrong horse again', '10.1.1.1');
    expect(refused.statusCode).toBe(429);
    expect(refused.json()).toMatchObject({ error: 'unavailable' });
    expect(refused.json<{ reason: string }>().reason).toMatch(/^密码错误次数过多.*请 15 分钟后再试/);
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
    // Even the right password waits: the guesser must not learn when it found it.
    expect((await signIn('correct horse 9', '10.1.1.1')).statusCode).toBe(429);
    // A colleague at another desk signs in as usual.
    expect((await signIn('correct horse 9', '10.1.1.2')).statusCode).toBe(200);
  });

  it('answers 429 after repeated refused enrolment codes, while a right sign-in never counts', async () => {
    for (let i = 0; i < ENROL_ATTEMPT_LIMIT.max; i += 1) {
      const { body } = enrolRequest(`7K2M9QXA3F0BWD${String(i).padStart(2, '0')}`, 'JQ', 12);
      const answer = await live.app.inject({ method: 'POST', url: SYNC_PATHS.enrol, remoteAddress: '10.2.2.2', payload: body });
      expect(answer.statusCode, answer.body).toBe(403);
    }
    const { body } = enrolRequest('7K2M9QXA3F0BWD99', 'JQ', 12);
    const refused = await live.app.inject({ method: 'POST', url: SYNC_PATHS.enrol, remoteAddress: '10.2.2.2', payload: body });
    expect(refused.statusCode).toBe(429);
    expect(refused.json<{ reason: string }>().reason).toContain('本机注册失败次数过多');

    // Successful sign-ins from one address (a department behind one NAT) are not failures.
    for (let i = 0; i < SIGN_IN_ATTEMPT_LIMIT.max + 2; i += 1) {
      const ok = await live.app.inject({ method: 'POST', url: BACKOFFICE_PATHS.signIn, remoteAddress: '10.3.3.3', payload: { hall: 'JQ', username: 'li.na', password: 'correct horse 9' } });
      expect(ok.statusCode).toBe(200);
    }
  });
});

describe('back-office publishes and cookie (finding 15)', () => {
  let cookie = '';
  const catalog = JSON.parse(fs.readFileSync(path.resolve(__dirname, '../../../resources/catalog/default-catalog.json'), 'utf8')) as { items: Array<Record<string, unknown>> };
  const item = catalog.items[0]!;

  beforeAll(async () => {
    const signedIn = await live.app.inject({ method: 'POST', url: BACKOFFICE_PATHS.signIn, remoteAddress: '10.4.4.4', payload: { hall: 'JQ', username: 'li.na', password: 'correct horse 9' } });
    expect(signedIn.statusCode).toBe(200);
    cookie = String(signedIn.headers['set-cookie']).split(';')[0]!;
  });

  const api = (url: string, payload: object) => live.app.inject({ method: 'POST', url, remoteAddress: '10.4.4.4', headers: { cookie }, payload });
  const changeCount = async (id: string) => Number((await live.db.pool.query<{ n: string }>('SELECT count(*) AS n FROM changes WHERE hall = $1 AND id = $2', ['JQ', id])).rows[0]?.n);

  it('publishes once when the same publish (the same idempotency id) is sent twice', async () => {
    const page = await live.app.inject({ method: 'GET', url: BACKOFFICE_PATHS.page, headers: { cookie } });
    const ids = [...page.body.matchAll(/name="idempotencyId" value="([0-9a-f-]{36})"/g)].map((m) => m[1]!);
    expect(ids).toHaveLength(2); // the catalog form and the calendar form, each its own
    expect(new Set(ids).size).toBe(2);

    const publish = { catalogVersion: '2026-12-01', item, idempotencyId: ids[0]! };
    const first = await api(BACKOFFICE_PATHS.catalogItem, publish);
    const again = await api(BACKOFFICE_PATHS.catalogItem, publish);
    expect(first.statusCode, first.body).toBe(200);
    expect(again.statusCode, again.body).toBe(200);
    expect(again.json()).toEqual(first.json());
    expect(first.json()).toEqual({ changeId: ids[0] });
    expect(await changeCount(ids[0]!)).toBe(1);

    // The same id with other content (edited after a lost answer) is refused, and nothing changes.
    const edited = await api(BACKOFFICE_PATHS.catalogItem, { ...publish, catalogVersion: '2026-12-02' });
    expect(edited.statusCode).toBe(409);
    expect(edited.json<{ reason: string }>().reason).toContain('请刷新页面');
    expect(await changeCount(ids[0]!)).toBe(1);

    const cancelId = '0193a3c4-0000-7000-8000-00000000c0de';
    const cancel = { catalogVersion: '2026-12-01', code: String(item['code']), effectiveFrom: '2026-12-15', idempotencyId: cancelId };
    expect((await api(BACKOFFICE_PATHS.catalogCancel, cancel)).json()).toEqual({ changeId: cancelId });
    expect((await api(BACKOFFICE_PATHS.catalogCancel, cancel)).json()).toEqual({ changeId: cancelId });
    expect(await changeCount(cancelId)).toBe(1);

    const calendar = JSON.parse(fs.readFileSync(path.resolve(__dirname, '../../../resources/calendar/cn-calendar.json'), 'utf8')) as { years: Array<{ year: number }> };
    const year = { year: 2026, schedule: calendar.years.find((y) => y.year === 2026)!, idempotencyId: ids[1]! };
    expect((await api(BACKOFFICE_PATHS.calendarYear, year)).statusCode).toBe(200);
    expect((await api(BACKOFFICE_PATHS.calendarYear, year)).statusCode).toBe(200);
    expect(await changeCount(ids[1]!)).toBe(1);
  });

  it('marks the session cookie Secure only when the request came over TLS (here: a trusted proxy said https)', async () => {
    const behindProxy = buildApp({ db: live.db, log: silentLog, trustProxy: true });
    try {
      const signIn = (app: typeof behindProxy) =>
        app.inject({ method: 'POST', url: BACKOFFICE_PATHS.signIn, remoteAddress: '10.5.5.5', headers: { 'x-forwarded-proto': 'https' }, payload: { hall: 'JQ', username: 'li.na', password: 'correct horse 9' } });
      const viaTls = await signIn(behindProxy);
      expect(viaTls.statusCode).toBe(200);
      expect(String(viaTls.headers['set-cookie'])).toMatch(/; Secure$/);
      // Without trustProxy the header is anyone's to send: plain HTTP, no Secure (the LAN page still works).
      const plain = await signIn(live.app);
      expect(String(plain.headers['set-cookie'])).not.toContain('Secure');
    } finally {
      await behindProxy.close();
    }
  });

  it('lists cases and their decisions through indexes, not by scanning every hall', async () => {
    const client = await live.db.pool.connect();
    try {
      await client.query('BEGIN');
      await client.query('SET LOCAL enable_seqscan = off');
      const list = await client.query<{ 'QUERY PLAN': string }>(
        `EXPLAIN SELECT stream_id FROM events WHERE hall = 'JQ' AND stream_type = 'case' AND type = 'case.received' ORDER BY seq DESC LIMIT 50`,
      );
      expect(list.rows.map((r) => r['QUERY PLAN']).join('\n')).toContain('events_hall_received_case_seq_idx');
      const decisions = await client.query<{ 'QUERY PLAN': string }>(
        `EXPLAIN SELECT body FROM changes WHERE hall = 'JQ' AND kind = 'case.backOfficeDecision' AND body->>'caseId' = ANY(ARRAY['x']) ORDER BY seq`,
      );
      expect(decisions.rows.map((r) => r['QUERY PLAN']).join('\n')).toContain('changes_hall_decision_case_idx');
    } finally {
      await client.query('ROLLBACK');
      client.release();
    }
  });
});

