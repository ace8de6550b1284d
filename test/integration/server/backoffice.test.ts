import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ENROLMENT_TOKEN_HEADER, PullResponseSchema, SYNC_PATHS, type SyncEvent } from '../../../electron/contract/sync';
import { createBackOfficeAccount } from '../../../server/backoffice/accounts';
import { BACKOFFICE_PATHS, registerBackOffice } from '../../../server/backoffice/routes';
import { openDatabase, type ServerDatabase } from '../../../server/db/database';
import { issueEnrolmentCode } from '../../../server/enrolment/enrolment';
import { buildApp } from '../../../server/http/app';
import { silentLog } from '../../../server/log';
import { enrolRequest } from '../../support/enrol-request';
import { freshPgliteDataDir } from '../../support/sync-server';
import { ACCEPTED, caseStream, received } from '../../unit/server/export/export-fixtures';

// The back office over a real PGlite database and the real app (fastify.inject): an officer signs
// in, finds the hall's cases projected from what the windows pushed, decides one, and the case's
// window (only it) pulls the decision; catalog and calendar changes go to every window.

let dir: string;
let db: ServerDatabase;
let app: FastifyInstance;
const tokens = new Map<number, string>();
let cookie = '';

async function windowToken(window: number): Promise<string> {
  const code = await issueEnrolmentCode(db.pool, 'JQ', window);
  const { token, body } = enrolRequest(code, 'JQ', window);
  const answer = await app.inject({ method: 'POST', url: SYNC_PATHS.enrol, payload: body });
  expect(answer.statusCode, answer.body).toBe(200);
  return token;
}

async function push(window: number, events: SyncEvent[]): Promise<void> {
  const answer = await app.inject({ method: 'POST', url: SYNC_PATHS.push, headers: { [ENROLMENT_TOKEN_HEADER]: tokens.get(window)! }, payload: { events } });
  expect(answer.statusCode, answer.body).toBe(200);
}

async function pull(window: number) {
  const answer = await app.inject({ method: 'POST', url: SYNC_PATHS.pull, headers: { [ENROLMENT_TOKEN_HEADER]: tokens.get(window)! }, payload: { cursor: null, limit: 200 } });
  expect(answer.statusCode, answer.body).toBe(200);
  return PullResponseSchema.parse(answer.json()).changes;
}

function api(method: 'GET' | 'POST', url: string, payload?: unknown, withCookie = true) {
  return app.inject({ method, url, ...(payload === undefined ? {} : { payload: payload as object }), headers: withCookie ? { cookie } : {} });
}

const accepted = caseStream('2026-11-23T01:00:00.000Z');
const receivedOnly = caseStream('2026-11-23T02:00:00.000Z');
const otherWindow = caseStream('2026-11-23T03:00:00.000Z');

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'counter-backoffice-'));
  await freshPgliteDataDir(dir);
  db = await openDatabase({ dataDir: dir, log: silentLog });
  app = buildApp({ db, log: silentLog });
  registerBackOffice(app, db);
  // Mounting it twice (buildApp may already have) changes nothing.
  registerBackOffice(app, db);
  await app.ready();
  tokens.set(12, await windowToken(12));
  tokens.set(7, await windowToken(7));
  await createBackOfficeAccount(db.pool, { hall: 'JQ', username: 'zhang.wei', displayName: '张伟', department: '区市场监督管理局审批科', password: 'correct horse 9' });

  accepted.event('case.received', received());
  accepted.event('case.accepted', ACCEPTED);
  receivedOnly.event('case.received', received({ caseNumber: 'JQ-12-20261123-0008', applicant: { ...received().applicant, name: '刘德明' } as never }));
  await push(12, [...accepted.events, ...receivedOnly.events]);
  otherWindow.event('case.received', received({ caseNumber: 'JQ-7-20261123-0001' }));
  otherWindow.events[0]!.window = 7;
  await push(7, otherWindow.events);
}, 180_000);

afterAll(async () => {
  await app?.close();
  await db?.close();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

describe('the back office', () => {
  it('signs in with a back-office account only; the API refuses anyone else', async () => {
    expect((await api('GET', BACKOFFICE_PATHS.cases, undefined, false)).statusCode).toBe(401);
    const wrong = await api('POST', BACKOFFICE_PATHS.signIn, { hall: 'JQ', username: 'zhang.wei', password: 'wrong horse 9' }, false);
    expect(wrong.statusCode).toBe(401);
    expect(wrong.json()).toEqual({ error: 'unauthorised', reason: '大厅代码、用户名或密码不正确' });
    // A window's token is not a back-office session.
    cookie = `backoffice_session=${tokens.get(12)}`;
    expect((await api('GET', BACKOFFICE_PATHS.cases)).statusCode).toBe(401);

    const right = await api('POST', BACKOFFICE_PATHS.signIn, { hall: 'JQ', username: 'zhang.wei', password: 'correct horse 9' }, false);
    expect(right.statusCode).toBe(200);
    const setCookie = String(right.headers['set-cookie']);
    expect(setCookie).toMatch(/HttpOnly/);
    expect(setCookie).toMatch(/SameSite=Strict/);
    cookie = setCookie.split(';')[0]!;
    const stored = await db.pool.query<{ password_hash: string }>('SELECT password_hash FROM backoffice_accounts');
    expect(stored.rows[0]?.password_hash).toMatch(/^scrypt\$16384\$8\$1\$/);
    expect(stored.rows[0]?.password_hash).not.toContain('correct horse');
  });

  it('lists and searches the hall’s cases, projected from the windows’ events', async () => {
    const all = (await api('GET', BACKOFFICE_PATHS.cases)).json() as { cases: Array<{ caseNumber: string; statusLabel: string; window: number; allowedSteps: string[] }> };
    expect(all.cases.map((c) => [c.caseNumber, c.window, c.statusLabel])).toEqual([
      ['JQ-7-20261123-0001', 7, '已收件'],
      ['JQ-12-20261123-0008', 12, '已收件'],
      ['JQ-12-20261123-0007', 12, '已受理'],
    ]);
    expect(all.cases[2]?.allowedSteps).toEqual(['reviewStarted', 'decided']);
    const found = (await api('GET', `${BACKOFFICE_PATHS.cases}?q=${encodeURIComponent('刘德明')}`)).json() as { cases: Array<{ caseNumber: string }> };
    expect(found.cases.map((c) => c.caseNumber)).toEqual(['JQ-12-20261123-0008']);
    const none = (await api('GET', `${BACKOFFICE_PATHS.cases}?q=${encodeURIComponent('100%_')}`)).json() as { cases: unknown[] };
    expect(none.cases).toEqual([]);
  });

  it('records review and decision on a case; only its window pulls them; a step its state forbids is refused in words', async () => {
    const url = BACKOFFICE_PATHS.decision.replace(':caseId', accepted.id);
    expect((await api('POST', url, { decision: { step: 'reviewStarted' } })).statusCode).toBe(200);
    const noReason = await api('POST', url, { decision: { step: 'decided', outcome: 'refused', reason: ' ', legalBasis: '' } });
    expect(noReason.statusCode).toBe(400);
    expect((noReason.json() as { reason: string }).reason).toBe('不予的决定须写明理由');
    const decided = await api('POST', url, { decision: { step: 'decided', outcome: 'refused', reason: '经营场所与住宅未有效隔离', legalBasis: '《食品安全法》第三十三条' } });
    expect(decided.statusCode, decided.body).toBe(200);
    expect(decided.json()).toMatchObject({ case: { status: 'decided', awaitingWindow: 2, allowedSteps: ['readyForPickup'], decision: { outcome: 'refused', decidedBy: '区市场监督管理局审批科 张伟' } } });

    const twice = await api('POST', url, { decision: { step: 'decided', outcome: 'approved', reason: '', legalBasis: '' } });
    expect(twice.statusCode).toBe(409);
    expect((twice.json() as { reason: string }).reason).toBe('办件当前状态为“已决定”，不能记录后台决定');
    const early = await api('POST', BACKOFFICE_PATHS.decision.replace(':caseId', receivedOnly.id), { decision: { step: 'reviewStarted' } });
    expect(early.statusCode).toBe(409);
    expect((await api('POST', BACKOFFICE_PATHS.decision.replace(':caseId', '0193a1b2-c3d4-7e5f-8a6b-ffffffffffff'), { decision: { step: 'reviewStarted' } })).statusCode).toBe(404);

    const at12 = await pull(12);
    expect(at12.map((c) => (c.kind === 'case.backOfficeDecision' ? [c.caseId, c.decision.step] : c.kind))).toEqual([
      [accepted.id, 'reviewStarted'],
      [accepted.id, 'decided'],
    ]);
    expect(await pull(7)).toEqual([]);

    // The window records the decisions it pulled and pushes them back: nothing waits for it any more.
    for (const change of at12) {
      if (change.kind !== 'case.backOfficeDecision') continue;
      const { step, ...rest } = change.decision as { step: 'reviewStarted' } | { step: 'decided'; outcome: 'refused'; reason: string; legalBasis: string };
      accepted.event('case.backOfficeDecided', { step, ...rest, ...(step === 'decided' ? { itemType: 'licensing' } : {}), changeId: change.id, decidedAt: change.decidedAt, decidedBy: change.decidedBy } as never, { staff: null });
    }
    await push(12, accepted.events.slice(2));
    const after = (await api('GET', BACKOFFICE_PATHS.cases)).json() as { cases: Array<{ caseNumber: string; status: string; awaitingWindow: number }> };
    expect(after.cases.find((c) => c.caseNumber === 'JQ-12-20261123-0007')).toMatchObject({ status: 'decided', awaitingWindow: 0 });
  });

  it('publishes catalog and calendar changes to every window, refusing what a window would refuse', async () => {
    const catalog = JSON.parse(fs.readFileSync(path.resolve(__dirname, '../../../resources/catalog/default-catalog.json'), 'utf8')) as { items: Array<Record<string, unknown>> };
    // A time limit cut: a 承诺件 promised a day sooner.
    const promised = catalog.items.find((i) => i['caseType'] === 'promised' && Number(i['promisedDays']) > 1)!;
    const item = { ...promised, promisedDays: Number(promised['promisedDays']) - 1 };
    const published = await api('POST', BACKOFFICE_PATHS.catalogItem, { catalogVersion: '2026-12-01', item });
    expect(published.statusCode, published.body).toBe(200);
    const badItem = await api('POST', BACKOFFICE_PATHS.catalogItem, { catalogVersion: '2026-12-01', item: { ...item, materials: [] } });
    expect(badItem.statusCode).toBe(400);

    const calendar = JSON.parse(fs.readFileSync(path.resolve(__dirname, '../../../resources/calendar/cn-calendar.json'), 'utf8')) as { years: Array<{ year: number }> };
    const year2026 = calendar.years.find((y) => y.year === 2026)!;
    expect((await api('POST', BACKOFFICE_PATHS.calendarYear, { year: 2026, schedule: year2026 })).statusCode).toBe(200);
    const wrongYear = await api('POST', BACKOFFICE_PATHS.calendarYear, { year: 2027, schedule: year2026 });
    expect(wrongYear.statusCode).toBe(400);
    expect((wrongYear.json() as { reason: string }).reason).toBe('安排表是 2026 年的，不是 2027 年的');

    for (const window of [7, 12]) {
      const kinds = (await pull(window)).map((c) => c.kind);
      expect(kinds.filter((k) => k !== 'case.backOfficeDecision')).toEqual(['catalog.itemChanged', 'calendar.yearPublished']);
    }
  });

  it('serves the page: the sign-in form without a session, the cases and their steps with one', async () => {
    const anonymous = await api('GET', BACKOFFICE_PATHS.page, undefined, false);
    expect(anonymous.headers['content-type']).toMatch(/text\/html/);
    expect(anonymous.body).toContain('<label for="password">密码</label>');
    const page = await api('GET', `${BACKOFFICE_PATHS.page}?q=JQ-12`);
    expect(page.body).toContain('JQ-12-20261123-0007');
    expect(page.body).toContain('不予：经营场所与住宅未有效隔离');
    expect(page.body).not.toContain('JQ-7-20261123-0001');
    expect(page.body).toContain('区市场监督管理局审批科 张伟');
  });
});
