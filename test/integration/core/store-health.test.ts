import Database from 'better-sqlite3';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { AnyCoreEvent } from '../../../electron/contract/events';
import { createCore, createLogger, openStaffAdmin, type Core } from '../../../electron/core';
import { lockDataDir } from '../../../electron/core/storage/data-dir-lock';
import { WAL_BOUND_BYTES } from '../../../electron/core/storage/wal-checkpointer';
import { JQ_WINDOW_12, RESOURCES_DIR, STAFF } from '../../support/core-fixture';
import { writeConfig } from '../../support/browser-shell-process';
import { FOOD_LICENCE, intakeArgs } from '../../support/intake-args';
import { fillDisk, smallDisk } from '../../support/store-faults';
import { makeTempDir } from '../../support/temp-dirs';

/** A core as the shells start it, with its log lines kept for the assertions. */
interface Running {
  core: Core;
  dataDir: string;
  logLines: string[];
  events: AnyCoreEvent[];
  call(method: string, args: unknown): Promise<unknown>;
  fail(method: string, args: unknown): Promise<{ code: string; message: string }>;
}

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function start(dataDir: string): Promise<Running> {
  fs.mkdirSync(dataDir, { recursive: true });
  const admin = await openStaffAdmin(dataDir);
  if (!admin.list().some((s) => s.staffNumber === STAFF.number)) await admin.add(STAFF.number, STAFF.name, STAFF.pin);
  admin.close();
  const logLines: string[] = [];
  const core = await createCore({
    dataDir,
    configFile: writeConfig(dataDir, JQ_WINDOW_12),
    resourcesDir: RESOURCES_DIR,
    appVersion: 'test',
    logger: createLogger({ write: (line) => logLines.push(line) }),
    healthIntervalMs: 60_000,
  });
  cleanups.push(() => core.close());
  const events: AnyCoreEvent[] = [];
  core.subscribe((e) => events.push(e));
  const call = async (method: string, args: unknown) => {
    const envelope = await core.invoke(method, args);
    if (!envelope.ok) throw new Error(`${method}: ${envelope.error.message}`);
    return envelope.value;
  };
  const fail = async (method: string, args: unknown) => {
    const envelope = await core.invoke(method, args);
    if (envelope.ok) throw new Error(`${method} was expected to fail`);
    return envelope.error;
  };
  await call('session.signIn', { staffNumber: STAFF.number, pin: STAFF.pin });
  return { core, dataDir, logLines, events, call, fail };
}

async function acceptArgs(r: Running): Promise<ReturnType<typeof intakeArgs>> {
  const food = (await r.call('catalog.getItem', FOOD_LICENCE)) as { materials: Array<{ id: string; form: string; copies: number }> };
  return intakeArgs(FOOD_LICENCE, food.materials, { received: ['M1', 'M2', 'M3', 'M4', 'M5'] }, { kind: 'accept' });
}

async function databaseHealth(r: Running): Promise<{ state: string; detail: string | null }> {
  return ((await r.call('app.health', {})) as { database: { state: string; detail: string | null } }).database;
}

describe('database health follows the outcome of writes', () => {
  it('says 磁盘已满 while accepts fail on a full disk, tells the status bar, and clears after the next write succeeds', async () => {
    const disk = smallDisk(24);
    cleanups.push(() => disk.done());
    const r = await start(path.join(disk.dir, 'data'));
    await r.call('intake.submit', await acceptArgs(r));
    expect((await databaseHealth(r)).state).toBe('ok');

    const filler = fillDisk(disk.dir);
    // The WAL may still have room from earlier frames; a few accepts reach the end of it.
    let failure: { code: string; message: string } | null = null;
    for (let i = 0; i < 50 && failure === null; i++) {
      const envelope = await r.core.invoke('intake.submit', await acceptArgs(r));
      if (!envelope.ok) failure = envelope.error;
    }
    expect(failure?.message).toContain('磁盘空间已满');
    const broken = await databaseHealth(r);
    expect(broken.state).toBe('error');
    expect(broken.detail).toContain('磁盘已满');
    expect(r.events.some((e) => e.name === 'health.changed' && (e.payload as { database: { state: string } }).database.state === 'error')).toBe(true);
    // Reads still work on a full disk, and must not pass for a working store.
    await r.call('cases.search', {});
    expect((await databaseHealth(r)).state).toBe('error');

    fs.rmSync(filler);
    await r.call('intake.submit', await acceptArgs(r));
    expect(await databaseHealth(r)).toEqual(expect.objectContaining({ state: 'ok', detail: null }));
  });

  it('says the database is held by another program while its writes wait in vain, and clears once it is let go', async () => {
    const r = await start(makeTempDir('held'));
    const other = new Database(path.join(r.dataDir, 'counter.sqlite'));
    cleanups.push(() => {
      other.close();
    });
    other.exec('BEGIN IMMEDIATE');
    const failure = await r.fail('intake.submit', await acceptArgs(r));
    expect(failure.message).toContain('数据库繁忙');
    const held = await databaseHealth(r);
    expect(held.state).toBe('error');
    expect(held.detail).toContain('被其他程序占用');
    other.exec('ROLLBACK');
    await r.call('intake.submit', await acceptArgs(r));
    expect((await databaseHealth(r)).state).toBe('ok');
  });
});

function openDescriptorsOf(file: string): number {
  return fs.readdirSync('/proc/self/fd').filter((fd) => {
    try {
      return fs.readlinkSync(`/proc/self/fd/${fd}`) === file;
    } catch {
      return false;
    }
  }).length;
}

describe('closing on a failing disk', () => {
  it('finishes every step when optimize fails: the database is closed and the data folder released', async () => {
    const disk = smallDisk(24);
    cleanups.push(() => disk.done());
    const dataDir = path.join(disk.dir, 'data');
    const r = await start(dataDir);
    // Enough new cases that `PRAGMA optimize` at close wants to write fresh statistics.
    for (let i = 0; i < 40; i++) await r.call('intake.submit', await acceptArgs(r));
    fillDisk(disk.dir);
    // Until the WAL's own room is used up too and writes fail, as on a disk that is failing.
    let failed = false;
    for (let i = 0; i < 100 && !failed; i++) failed = !(await r.core.invoke('intake.submit', await acceptArgs(r))).ok;
    expect(failed).toBe(true);
    // Once the window is quiet the checkpointer truncates the WAL, which gives its room back to
    // the disk, where `optimize` would then succeed (a loaded machine gets there before close).
    // Wait for that truncation (or give up waiting), then fill the disk again.
    const wal = path.join(dataDir, 'counter.sqlite-wal');
    for (let i = 0; i < 40 && fs.existsSync(wal) && fs.statSync(wal).size > 0; i++) await new Promise((resolve) => setTimeout(resolve, 100));
    fillDisk(disk.dir);
    await expect(r.core.close()).resolves.toBeUndefined();
    const failedSteps = r.logLines.filter((l) => l.includes('closing step failed'));
    expect(failedSteps.join('\n')).toContain('"step":"optimize"');
    expect(openDescriptorsOf(path.join(dataDir, 'counter.sqlite'))).toBe(0);
    // The next start (the same or another program) gets the folder.
    const again = lockDataDir(dataDir);
    again.release();
  });
});

describe('the WAL stays bounded under sustained accepts', () => {
  it(`keeps counter.sqlite-wal at or under ${WAL_BOUND_BYTES / 1024 / 1024} MiB over 2000 accepts in a row, and truncates it when the window is quiet`, async () => {
    const r = await start(makeTempDir('wal'));
    const wal = path.join(r.dataDir, 'counter.sqlite-wal');
    const size = () => (fs.existsSync(wal) ? fs.statSync(wal).size : 0);
    const template = await acceptArgs(r);
    let peak = 0;
    for (let i = 0; i < 2000; i++) {
      await r.call('intake.submit', { ...template, clientRequestId: crypto.randomUUID() });
      peak = Math.max(peak, size());
    }
    expect(peak).toBeGreaterThan(0);
    expect(peak).toBeLessThanOrEqual(WAL_BOUND_BYTES);
    // Quiet: the checkpointer truncates the WAL to nothing once the window is idle (a loaded
    // machine may take longer to get there than a quiet one; the size is what is asserted).
    const until = Date.now() + 30_000;
    while (size() > 0 && Date.now() < until) await new Promise((resolve) => setTimeout(resolve, 100));
    expect(size()).toBe(0);
  }, 180_000);
});

describe('client request ids are UUIDs and compare case-insensitively', () => {
  it('returns the same case for the same submit sent again with the id in upper case', async () => {
    const r = await start(makeTempDir('uuid-case'));
    const args = await acceptArgs(r);
    const first = (await r.call('intake.submit', { ...args, clientRequestId: args.clientRequestId.toLowerCase() })) as { id: string; caseNumber: string };
    const again = (await r.call('intake.submit', { ...args, clientRequestId: args.clientRequestId.toUpperCase() })) as { id: string; caseNumber: string };
    expect(again.caseNumber).toBe(first.caseNumber);
    expect(again.id).toBe(first.id);
    // A different form under the same id, in another case, is still the same request: refused.
    const conflict = await r.fail('intake.submit', { ...args, clientRequestId: args.clientRequestId.toUpperCase(), itemVersion: args.itemVersion, agent: null, applicant: { ...args.applicant, address: '另一个地址 2 号' } });
    expect(conflict.code).toBe('conflict');
    const found = (await r.call('cases.search', {})) as { rows: unknown[] };
    expect(found.rows).toHaveLength(1);
  });

  it('finds a case by its id in upper case (another id of the same kind)', async () => {
    const r = await start(makeTempDir('uuid-case-id'));
    const made = (await r.call('intake.submit', await acceptArgs(r))) as { id: string; caseNumber: string };
    const got = (await r.call('cases.get', { caseId: made.id.toUpperCase() })) as { id: string; caseNumber: string };
    expect(got.caseNumber).toBe(made.caseNumber);
    expect(got.id).toBe(made.id);
  });
});
