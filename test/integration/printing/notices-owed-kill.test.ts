import Database from 'better-sqlite3';
import { spawn } from 'node:child_process';
import path from 'node:path';
import { build } from 'esbuild';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { openStaffAdmin } from '../../../electron/core';
import { REPO_ROOT, makeTempDir, writeConfig } from '../../support/browser-shell-process';
import { createTestCore, JQ_WINDOW_12, RESOURCES_DIR, STAFF, type TestCore } from '../../support/core-fixture';

// Bundled next to node_modules so the child resolves the native modules the way the app does.
const CHILD = path.join(REPO_ROOT, 'node_modules', '.cache', 'counter-tests', 'notices-owed-kill-child.cjs');

beforeAll(async () => {
  await build({
    entryPoints: [path.join(__dirname, 'notices-owed-kill-child.ts')],
    outfile: CHILD,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    external: ['better-sqlite3', 'serialport', '@serialport/*', 'opentype.js'],
    logLevel: 'warning',
  });
});

let t: TestCore | null = null;
afterEach(async () => {
  await t?.close();
  t = null;
});

function runUntilKilled(dataDir: string): Promise<string> {
  return new Promise<string>((resolve, reject) => {
    const child = spawn(process.execPath, [CHILD, dataDir, RESOURCES_DIR], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      if (signal === 'SIGKILL' && out.includes('ACCEPTED')) resolve(out);
      else reject(new Error(`child ended ${code ?? signal}: ${out} ${err.slice(0, 2000)}`));
    });
  });
}

describe('an A4 notice owed across a SIGKILL (child process core)', () => {
  it('killed after the case committed and before its 受理通知书 was issued: the next start issues it, once, dated when the case was accepted', async () => {
    const dir = makeTempDir('notices-owed-kill');
    writeConfig(dir, JQ_WINDOW_12);
    const admin = await openStaffAdmin(dir);
    await admin.add(STAFF.number, STAFF.name, STAFF.pin);
    admin.close();

    const out = await runUntilKilled(dir);
    const [, caseId = '', caseNumber = '', owed, notices] = out.split('\n').find((l) => l.startsWith('ACCEPTED'))?.split('\t') ?? [];
    // The kill landed in the gap: the case committed, its notice owed and not yet issued.
    expect([owed, notices]).toEqual(['1', '0']);

    t = await createTestCore({ dataDir: dir, config: JQ_WINDOW_12 });
    await t.signIn();
    const detail = await t.call('cases.get', { caseId });
    expect(detail.status).toBe('accepted');
    const docs = await t.call('printing.documents', { caseId });
    expect(docs.map((d) => d.kind)).toEqual(['acceptanceReceipt', 'acceptanceNotice']);
    expect(docs[0]?.documentNumber).toBeNull();
    expect(docs[1]?.documentNumber).toMatch(/^JQ-12受〔\d{4}〕0001号$/);
    // Dated when the case was accepted (the receipt's time, from the same event), not when issued.
    expect(docs[1]?.issuedAt).toBe(docs[0]?.issuedAt);
    const notice = await t.call('printing.document', { documentId: docs[1]?.id ?? '' });
    expect(notice.html).toContain(caseNumber);
    expect(notice.html).toContain('王𠮷');

    const db = new Database(path.join(dir, 'counter.sqlite'), { readonly: true });
    try {
      expect(db.prepare('SELECT count(*) FROM notices_owed').pluck().get()).toBe(0);
      expect(db.prepare("SELECT count(*) FROM issued_documents WHERE kind = 'acceptanceNotice'").pluck().get()).toBe(1);
    } finally {
      db.close();
    }
  });
});
