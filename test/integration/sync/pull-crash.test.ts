import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { build } from 'esbuild';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { coreCapabilities } from '../../../electron/core/create-core';
import { applyPullResponse } from '../../../electron/core/sync/pull/apply-pull';
import { REPO_ROOT } from '../../support/browser-shell-process';
import { createTestCore, RESOURCES_DIR, type TestCore } from '../../support/core-fixture';
import { FOOD_LICENCE, intakeArgs } from '../../support/intake-args';
import { answer, capturingPullDeps, clockAt, decisionChange, OFFICIAL_2027, shippedItem } from './pull-core';

// Bundled next to node_modules so the child resolves better-sqlite3 as the app does (as rating-child-process.ts).
const CHILD = path.join(REPO_ROOT, 'node_modules', '.cache', 'counter-tests', 'pull-apply-child.cjs');

beforeAll(async () => {
  await build({
    entryPoints: [path.join(__dirname, 'pull-apply-child.ts')],
    outfile: CHILD,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    external: ['better-sqlite3', 'serialport', '@serialport/*', 'opentype.js'],
    logLevel: 'warning',
  });
}, 120_000);

let t: TestCore | null = null;
afterEach(async () => {
  await t?.close();
  t = null;
});

/** Runs the child on `dataDir` until it says APPLIED, then SIGKILLs it. Rejects with its output if it ends another way. */
function applyAndKill(dataDir: string, answerFile: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CHILD, dataDir, RESOURCES_DIR, answerFile], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let killed = false;
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      if (!killed && out.includes('APPLIED\n')) {
        killed = true;
        child.kill('SIGKILL');
      }
    });
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    child.on('exit', (code, signal) => {
      if (killed && signal === 'SIGKILL') resolve();
      else reject(new Error(`pull child ended by itself (${code ?? signal}): ${out.slice(-2000)}`));
    });
  });
}

describe('a pull killed between its apply and its commit', () => {
  it('leaves neither the changes nor the cursor, and the same answer applies in full afterwards', async () => {
    // An open case whose deadline runs into 2027 (暂定), accepted on Monday 28 December 2026.
    const clock = clockAt('2026-12-28T02:00:00Z');
    let captured = capturingPullDeps(coreCapabilities);
    t = await createTestCore({ clock, register: captured.register });
    await t.signIn();
    const food = await t.call('catalog.getItem', { code: FOOD_LICENCE.code });
    const c = await t.call('intake.submit', intakeArgs(FOOD_LICENCE, food.materials, { received: ['M1', 'M2', 'M3', 'M4', 'M5'] }, { kind: 'accept' }));
    expect(c).toMatchObject({ promisedDueDate: '2027-01-05', promisedDueProvisional: true });
    const dataDir = t.dataDir;
    await t.close();
    t = null;

    const response = answer(
      '41',
      decisionChange(c, { step: 'reviewStarted' }),
      { kind: 'catalog.itemChanged', id: randomUUID(), catalogVersion: '2026-12-20', item: { ...shippedItem(RESOURCES_DIR, FOOD_LICENCE.code), promisedDays: 3 } },
      { kind: 'calendar.yearPublished', id: randomUUID(), year: 2027, schedule: OFFICIAL_2027 },
    );
    const answerFile = path.join(dataDir, 'pull-answer.json');
    fs.writeFileSync(answerFile, JSON.stringify(response));
    await applyAndKill(dataDir, answerFile);

    // The folder opens again (the dead process's lock taken over), with nothing of the pull in it.
    captured = capturingPullDeps(coreCapabilities);
    t = await createTestCore({ clock, register: captured.register, dataDir });
    await t.signIn();
    const deps = captured.deps();
    expect(deps.db.prepare('SELECT pull_cursor FROM sync_state WHERE id = 1').pluck().get()).toBeNull();
    expect(deps.db.prepare('SELECT count(*) FROM sync_applied_changes').pluck().get()).toBe(0);
    const untouched = await t.call('cases.get', { caseId: c.id });
    expect(untouched).toMatchObject({ status: 'accepted', version: c.version, promisedDueDate: '2027-01-05', promisedDueProvisional: true });
    expect(await t.call('catalog.getItem', { code: FOOD_LICENCE.code })).toMatchObject({ version: 1, promisedDays: 5 });
    expect(deps.db.prepare('SELECT status FROM calendar_years WHERE year = 2027').pluck().get()).toBe('provisional');

    // The loop asks again from the same cursor and gets the same answer: applied once, in full.
    expect(applyPullResponse(deps, response)).toMatchObject({ applied: 3, skipped: 0, calendarYears: [2027] });
    expect(await t.call('cases.get', { caseId: c.id })).toMatchObject({ status: 'in_review', promisedDueDate: '2027-01-06', promisedDueProvisional: false });
    expect(await t.call('catalog.getItem', { code: FOOD_LICENCE.code })).toMatchObject({ version: 2, promisedDays: 3 });
    expect(deps.db.prepare('SELECT pull_cursor FROM sync_state WHERE id = 1').pluck().get()).toBe('41');
  }, 120_000);
});
