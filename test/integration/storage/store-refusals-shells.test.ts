import Database from 'better-sqlite3';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { backupDatabase } from '../../../electron/core/storage/backup';
import { requireBuilt } from '../../support/browser-shell-process';
import { createTestCore } from '../../support/core-fixture';
import { acceptOne, damageIndexPage } from '../../support/store-faults';

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** One of the built programs (`node scripts/build.mjs`), run to its end. */
function run(bundle: string, args: string[]): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [requireBuilt(bundle), ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('exit', (code) => resolve({ code, stdout, stderr }));
  });
}

/** A data folder with cases and a backup, whose database then had one index page damaged. */
async function damagedFolder(): Promise<{ dataDir: string; backup: string }> {
  const t = await createTestCore();
  await t.signIn();
  await acceptOne(t);
  await t.close();
  const file = path.join(t.dataDir, 'counter.sqlite');
  const db = new Database(file);
  const backup = await backupDatabase(db, path.join(t.dataDir, 'backups'), 'daily-2026-11-23', new Date('2026-11-23T08:30:00Z'));
  db.close();
  damageIndexPage(file, 'cases_by_applicant_name');
  return { dataDir: t.dataDir, backup };
}

function expectToldPlainly(output: string, backup: string): void {
  expect(output).toContain('已损坏（完整性检查未通过）');
  expect(output).toContain(backup);
  // No stack, no SQLite English in the clerk's face.
  expect(output).not.toMatch(/\n\s+at \S/);
  expect(output).not.toMatch(/SQLITE_|database disk image|malformed|quick_check/);
}

describe('the shells and the staff command say a damaged store is damaged, the same way', () => {
  it('the browser shell refuses to start with the Chinese message, and the log file has the technical detail', async () => {
    const { dataDir, backup } = await damagedFolder();
    const shell = await run('browser-shell.cjs', ['--data-dir', dataDir, '--config', path.join(dataDir, 'config.json')]);
    expect(shell.code).toBe(78);
    expect(shell.stdout).not.toContain('URL:');
    const message = shell.stderr.split('\n').filter((l) => !l.startsWith('{')).join('\n');
    expectToldPlainly(message, backup);
    const logs = fs.readdirSync(path.join(dataDir, 'logs')).map((f) => fs.readFileSync(path.join(dataDir, 'logs', f), 'utf8')).join('');
    expect(logs).toContain('"message":"the store cannot be used"');
    expect(logs).toContain('quick_check');
  });

  it('the staff command refuses with the same message', async () => {
    const { dataDir, backup } = await damagedFolder();
    const shell = await run('browser-shell.cjs', ['--data-dir', dataDir, '--config', path.join(dataDir, 'config.json')]);
    const staff = await run('staff-cli.cjs', ['list', '--data-dir', dataDir]);
    expect(staff.code).toBe(1);
    expect(staff.stdout).toBe('');
    expectToldPlainly(staff.stderr, backup);
    const shellMessage = shell.stderr.split('\n').filter((l) => !l.startsWith('{')).join('\n').trim();
    expect(staff.stderr.trim()).toBe(shellMessage);
  });
});
