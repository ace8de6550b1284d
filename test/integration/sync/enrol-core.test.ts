import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Health } from '../../../electron/contract/health';
import { EnrolRequestSchema, SYNC_PATHS } from '../../../electron/contract/sync';
import type { Logger } from '../../../electron/core/logging/logger';
import { enrolWindow } from '../../../electron/core/sync/enrol';
import { describeIssues } from '../../../server/http/errors';
import { createTestCore, JQ_WINDOW_12, type TestCore } from '../../support/core-fixture';
import { startSyncServer, type SyncServer } from '../../support/sync-server';
import { until, windowStore } from './sync-window';

// Enrolment and 立即同步 as the 设置 page does them (sync.enrol, sync.now, sync.info through the
// core's dispatcher), and a scripted install's enrolment code in config.json, against the real
// upstream server.

let server: SyncServer;
const open: TestCore[] = [];

beforeAll(async () => {
  server = await startSyncServer({ backend: 'pglite' });
}, 180_000);

afterAll(async () => {
  for (const core of open) await core.close();
  await server?.stop();
});

/** Every log line the core writes, as text. */
function capturingLogger(lines: string[]): Logger {
  const write = (level: string) => (message: string, fields?: Record<string, unknown>) => lines.push(`${level} ${message} ${JSON.stringify(fields ?? {})}`);
  return { debug: write('debug'), info: write('info'), warn: write('warn'), error: write('error') };
}

function storedToken(dataDir: string): string | null {
  const db = new Database(path.join(dataDir, 'counter.sqlite'), { readonly: true });
  try {
    return (db.prepare('SELECT token FROM sync_state WHERE id = 1').get() as { token: string | null }).token;
  } finally {
    db.close();
  }
}

describe('enrolling the window from the 设置 page', () => {
  it('says beside the code field why a code is refused, stores the token of a good one unseen, and syncs', async () => {
    const lines: string[] = [];
    const t = await createTestCore({ config: { ...JQ_WINDOW_12, sync: { url: server.url } }, logger: capturingLogger(lines) });
    open.push(t);
    await t.signInAs('it_admin');
    const before = (await t.call('app.health', {})) as Health;
    expect(before.sync.state).toBe('error');
    expect(before.sync.detail).toBe('本窗口尚未注册到上级平台：请系统管理员在“设置”页输入上级平台给出的注册码');

    const malformed = await t.fail('sync.enrol', { code: '12345' });
    expect(malformed.fieldErrors).toEqual([expect.objectContaining({ path: 'code', message: '注册码应为 16 位字母或数字（可带短横线），请核对上级平台管理员给出的注册码' })]);
    const unknown = await t.fail('sync.enrol', { code: '0000-0000-0000-0000' });
    expect(unknown.fieldErrors[0]?.path).toBe('code');
    expect(unknown.fieldErrors[0]?.message).toMatch(/^注册码被拒绝/);
    const otherWindow = await t.fail('sync.enrol', { code: await server.enrol('JQ', 13) });
    expect(otherWindow.fieldErrors[0]?.message).toMatch(/^注册码被拒绝：/);

    const code = await server.enrol('JQ', 12);
    const enrolment = await t.call('sync.enrol', { code: code.toLowerCase() });
    expect(enrolment).toMatchObject({ hall: 'JQ', window: 12 });
    const token = storedToken(t.dataDir);
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    // A spent code: refused the second time.
    const spent = await t.fail('sync.enrol', { code });
    expect(spent.fieldErrors[0]?.message).toMatch(/^注册码被拒绝/);

    // 立即同步 answers once the round has started; the health below says when it has synced.
    await t.call('sync.now', {});
    const info = await t.call('sync.info', {});
    expect(info).toMatchObject({ url: server.url, enrolment: { hall: 'JQ', window: 12 }, tokenFromConfig: false });
    expect(JSON.stringify(info)).not.toContain(token ?? 'no token');
    const health = await until('health online, nothing waiting', async () => {
      const h = (await t.call('app.health', {})) as Health;
      return h.sync.state === 'online' && h.sync.pending === 0 ? h : null;
    });
    expect(health.sync.lastSuccessAt).not.toBeNull();
    expect(health.sync.lastError).toBeNull();
    expect(lines.join('\n')).not.toContain(token ?? 'no token');
    expect(lines.join('\n')).not.toContain(code.replace(/-/g, ''));
  }, 60_000);

  it('立即同步 answers while the round it started is still waiting on the upstream (a large backlog takes minutes)', async () => {
    // An upstream that takes every request and answers none: a round cannot end by itself.
    let held = 0;
    const silent = http.createServer((_request, response) => {
      held++;
      response.on('close', () => held--);
    });
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(silent.address() as AddressInfo).port}`;
    try {
      const t = await createTestCore({ config: { ...JQ_WINDOW_12, sync: { url, enrolmentToken: 'A'.repeat(43) } } });
      try {
        await t.signInAs('it_admin');
        await until('a round waiting on the upstream', () => held > 0);
        const answer = await t.call('sync.now', {});
        expect(answer).toMatchObject({ state: expect.any(String) });
        // Answered with the round's request still unanswered: the round has not ended.
        expect(held).toBeGreaterThan(0);
      } finally {
        await t.close();
      }
    } finally {
      silent.closeAllConnections();
      await new Promise<void>((resolve) => silent.close(() => resolve()));
    }
  }, 60_000);

  it('enrols against a server from before roles: its 400 naming `role` is answered by the same code without it (review 27 F9)', async () => {
    // The old server's enrolment schema: strict, no `role`. A request with it gets the old route's
    // 400 in its words; one without it goes to the real server.
    const OldEnrolSchema = EnrolRequestSchema.omit({ role: true });
    const seen: Array<Record<string, unknown>> = [];
    const old = http.createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (c: Buffer) => chunks.push(c));
      request.on('end', () => {
        const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown>;
        seen.push(body);
        const parsed = OldEnrolSchema.safeParse(body);
        if (request.url !== SYNC_PATHS.enrol || !parsed.success) {
          response.writeHead(400, { 'content-type': 'application/json' });
          response.end(JSON.stringify({ error: 'invalid', reason: parsed.success ? 'not enrol' : describeIssues(parsed.error) }));
          return;
        }
        void fetch(`${server.url}${SYNC_PATHS.enrol}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }).then(async (answer) => {
          response.writeHead(answer.status, { 'content-type': 'application/json' });
          response.end(await answer.text());
        });
      });
    });
    await new Promise<void>((resolve) => old.listen(0, '127.0.0.1', resolve));
    const store = await windowStore();
    try {
      const outcome = await enrolWindow(
        { db: store.db, baseUrl: `http://127.0.0.1:${(old.address() as AddressInfo).port}`, hall: 'JQ', window: 21, role: 'window', signal: new AbortController().signal, now: () => Date.now() },
        await server.enrol('JQ', 21),
      );
      expect(outcome).toMatchObject({ ok: true, hall: 'JQ', window: 21 });
      expect(seen.map((b) => b['role'] ?? null)).toEqual(['window', null]);
      // The same token's hash both times: the first request spent nothing.
      expect(seen[0]?.['tokenHash']).toBe(seen[1]?.['tokenHash']);
    } finally {
      store.close();
      old.closeAllConnections();
      await new Promise<void>((resolve) => old.close(() => resolve()));
    }
  }, 60_000);

  it('refuses enrolment and 立即同步 to a clerk', async () => {
    const t = await createTestCore({ config: { ...JQ_WINDOW_12, sync: { url: server.url } } });
    open.push(t);
    await t.signInAs('clerk');
    expect((await t.fail('sync.enrol', { code: '0000-0000-0000-0000' })).code).toBe('forbidden');
    expect((await t.fail('sync.now', {})).code).toBe('forbidden');
  }, 30_000);

  it('enrols by itself with the code a scripted install put in config.json, and pushes what the window recorded', async () => {
    const code = await server.enrol('JQ', 14);
    const t = await createTestCore({ config: { hall: JQ_WINDOW_12.hall, window: { number: 14 }, sync: { url: server.url, enrolmentCode: code } } });
    open.push(t);
    await t.signInAs('it_admin');
    const info = await until('enrolled', async () => {
      const i = await t.call('sync.info', {});
      return i.enrolment ? i : null;
    });
    expect(info.enrolment).toMatchObject({ hall: 'JQ', window: 14 });
    // The administrator's account registration and sign-in are events: they reach the server.
    await until('outbox empty', async () => ((await t.call('app.health', {})) as Health).sync.pending === 0);
  }, 60_000);
});
