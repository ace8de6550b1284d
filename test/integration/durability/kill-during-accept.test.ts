import Database from 'better-sqlite3';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { build } from 'esbuild';
import { beforeAll, describe, expect, it } from 'vitest';
import { foldCase } from '../../../electron/core/cases/case-lifecycle';
import { loadCaseEvents, loadCaseState } from '../../../electron/core/cases/case-repository';
import { openStaffAdmin } from '../../../electron/core';
import { REPO_ROOT, makeTempDir, writeConfig } from '../../support/browser-shell-process';
import { JQ_WINDOW_12, RESOURCES_DIR, STAFF } from '../../support/core-fixture';

const KILLS = 50;
// Bundled next to node_modules so the child resolves better-sqlite3 the way the app does, and
// starts in a fraction of the time a TypeScript loader would take.
const CHILD = path.join(REPO_ROOT, 'node_modules', '.cache', 'counter-tests', 'accept-loop.cjs');

interface Accepted {
  id: string;
  caseNumber: string;
  name: string;
  idNumber: string;
}

beforeAll(async () => {
  await build({
    entryPoints: [path.join(__dirname, 'accept-loop.ts')],
    outfile: CHILD,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    external: ['better-sqlite3', 'serialport', '@serialport/*'],
    logLevel: 'warning',
  });
});

/** Runs the child once and SIGKILLs it at a random moment; returns what it reported as accepted. */
function runAndKill(dataDir: string, run: number): Promise<{ accepted: Accepted[]; killedBeforeReady: boolean }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CHILD, dataDir, RESOURCES_DIR, String(run)], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    let ready = false;
    // One run in five dies while still opening the database; the rest mid-way through accepting.
    const duringStartup = Math.random() < 0.2;
    let timer: NodeJS.Timeout | null = duringStartup ? setTimeout(() => child.kill('SIGKILL'), Math.random() * 300) : null;
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      if (!ready && out.includes('READY\n')) {
        ready = true;
        if (!timer) timer = setTimeout(() => child.kill('SIGKILL'), 20 + Math.random() * 400);
      }
    });
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.on('exit', (code, signal) => {
      if (timer) clearTimeout(timer);
      if (signal !== 'SIGKILL') {
        reject(new Error(`child ended by itself (${code}): ${out.slice(-500)} ${err.slice(-500)}`));
        return;
      }
      const accepted = out
        .split('\n')
        .filter((l) => l.startsWith('ACCEPTED\t'))
        .map((l) => {
          const [, id, caseNumber, name, idNumber] = l.split('\t') as [string, string, string, string, string];
          return { id, caseNumber, name, idNumber };
        });
      resolve({ accepted, killedBeforeReady: !ready });
    });
  });
}

describe('durability', () => {
  it(`keeps every accepted case intact through ${KILLS} SIGKILLs at random moments`, async () => {
    const dataDir = makeTempDir('durability');
    writeConfig(dataDir, JQ_WINDOW_12);
    const admin = await openStaffAdmin(dataDir);
    await admin.add(STAFF.number, STAFF.name, STAFF.pin);
    admin.close();

    const reported: Accepted[] = [];
    let startupKills = 0;
    for (let run = 1; run <= KILLS; run++) {
      const { accepted, killedBeforeReady } = await runAndKill(dataDir, run);
      reported.push(...accepted);
      if (killedBeforeReady) startupKills++;
    }
    console.info(`durability: ${reported.length} accepts reported over ${KILLS} SIGKILLs (${startupKills} during start-up)`);
    // The kills must have landed while work was going on, or the test proves nothing.
    expect(reported.length).toBeGreaterThan(KILLS * 5);
    expect(startupKills).toBeLessThan(KILLS);

    const db = new Database(path.join(dataDir, 'counter.sqlite'));
    try {
      expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
      expect(db.pragma('foreign_key_check')).toEqual([]);
      for (const r of reported) {
        const state = loadCaseState(db, r.id);
        expect(state, `case ${r.caseNumber} reported accepted but missing`).not.toBeNull();
        expect(state).toMatchObject({ caseNumber: r.caseNumber, status: 'accepted', applicant: { name: r.name, idNumber: r.idNumber } });
        expect(foldCase(r.id, loadCaseEvents(db, r.id))).toEqual(state);
      }
      const numbers = db.prepare('SELECT case_number FROM cases ORDER BY seq').pluck().all() as string[];
      expect(new Set(numbers).size).toBe(numbers.length);
      // Numbers of a day run 0001, 0002, … with no gap: a crash never burns or reuses one.
      const byDay = new Map<string, number[]>();
      for (const n of numbers) {
        const prefix = n.slice(0, n.lastIndexOf('-'));
        byDay.set(prefix, [...(byDay.get(prefix) ?? []), Number(n.slice(n.lastIndexOf('-') + 1))]);
      }
      for (const seqs of byDay.values()) expect(seqs).toEqual(seqs.map((_, i) => i + 1));
      // Every case has exactly its two events, and each event is queued for sync exactly once.
      const orphans = db.prepare(
        `SELECT count(*) FROM cases c WHERE (SELECT count(*) FROM events e WHERE e.stream_type = 'case' AND e.stream_id = c.id) != 2`,
      ).pluck().get();
      expect(orphans).toBe(0);
      const unqueued = db.prepare(`SELECT count(*) FROM events e LEFT JOIN outbox o ON o.event_seq = e.seq WHERE o.event_seq IS NULL`).pluck().get();
      expect(unqueued).toBe(0);
    } finally {
      db.close();
    }
    fs.rmSync(dataDir, { recursive: true, force: true });
  }, 600_000);
});
