import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ENROLMENT_TOKEN_HEADER, SYNC_PATHS } from '../../../electron/contract/sync';
import { createBackOfficeAccount } from '../../../server/backoffice/accounts';
import { registerBackOffice } from '../../../server/backoffice/routes';
import { openDatabase, type ServerDatabase } from '../../../server/db/database';
import { issueEnrolmentCode } from '../../../server/enrolment/enrolment';
import { buildApp } from '../../../server/http/app';
import { silentLog } from '../../../server/log';
import { launchChromium, screenshot } from '../../support/chromium';
import { enrolRequest } from '../../support/enrol-request';
import { freshPgliteDataDir } from '../../support/sync-server';
import { ACCEPTED, caseStream, received } from '../../unit/server/export/export-fixtures';

// The back-office page in Chromium over a real server: sign in from the keyboard, find a case,
// try a refusal without its reason (the message shows beside the form), then record it.

let dir: string;
let db: ServerDatabase;
let app: FastifyInstance;
let url: string;
let browser: Browser;

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'counter-backoffice-page-'));
  await freshPgliteDataDir(dir);
  db = await openDatabase({ dataDir: dir, log: silentLog });
  app = buildApp({ db, log: silentLog });
  registerBackOffice(app, db);
  await app.listen({ port: 0, host: '127.0.0.1' });
  url = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
  await createBackOfficeAccount(db.pool, { hall: 'JQ', username: 'zhang.wei', displayName: '张伟', department: '区市场监督管理局审批科', password: 'correct horse 9' });
  const code = await issueEnrolmentCode(db.pool, 'JQ', 12);
  const { token, body: enrolBody } = enrolRequest(code, 'JQ', 12);
  expect((await fetch(`${url}${SYNC_PATHS.enrol}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(enrolBody) })).status).toBe(200);
  const first = caseStream('2026-11-23T01:00:00.000Z');
  first.event('case.received', received());
  first.event('case.accepted', ACCEPTED);
  const second = caseStream('2026-11-23T02:00:00.000Z');
  second.event('case.received', received({ caseNumber: 'JQ-12-20261123-0008', applicant: { ...received().applicant, name: '刘德明' } as never, agent: null }));
  const pushed = await fetch(`${url}${SYNC_PATHS.push}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', [ENROLMENT_TOKEN_HEADER]: token },
    body: JSON.stringify({ events: [...first.events, ...second.events] }),
  });
  expect(pushed.status).toBe(200);
  browser = await launchChromium();
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await app?.close();
  await db?.close();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

describe('the back-office page in Chromium', () => {
  it('signs in from the keyboard, refuses a refusal without its reason beside the form, then records it', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    await page.goto(`${url}/backoffice`);
    await page.keyboard.type('JQ');
    await page.keyboard.press('Tab');
    await page.keyboard.type('zhang.wei');
    await page.keyboard.press('Tab');
    await page.keyboard.type('wrong password');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.locator('[role=alert]').textContent()).toBe('大厅代码、用户名或密码不正确');
    await page.fill('#password', 'correct horse 9');
    await page.keyboard.press('Enter');
    await page.waitForSelector('text=JQ 大厅 · 后台办理');

    const row = page.locator('tr', { hasText: 'JQ-12-20261123-0007' });
    await row.locator('select[name=outcome]').selectOption('refused');
    await row.locator('button', { hasText: '记录决定' }).click();
    await expect.poll(() => row.locator('form', { hasText: '记录决定' }).locator('.error').textContent()).toBe('不予的决定须写明理由');

    await row.locator('input[name=reason]').fill('经营场所与住宅未有效隔离');
    await row.locator('input[name=legalBasis]').fill('《食品安全法》第三十三条');
    await Promise.all([page.waitForEvent('load'), row.locator('button', { hasText: '记录决定' }).click()]);
    const decided = page.locator('tr', { hasText: 'JQ-12-20261123-0007' });
    await expect.poll(() => decided.locator('td.status').textContent()).toContain('已决定');
    expect(await decided.textContent()).toContain('1 项待窗口同步');
    expect(await decided.locator('button', { hasText: '通知待领取' }).count()).toBe(1);
    await screenshot(page, 'backoffice-decided');
  });
});
