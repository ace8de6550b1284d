import { spawn } from 'node:child_process';
import path from 'node:path';
import { build } from 'esbuild';
import { SerialPort } from 'serialport';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { openStaffAdmin } from '../../../electron/core';
import { decodeEscPos } from '../../../electron/core/printing/emulator/escpos-decoder';
import { REPO_ROOT, makeTempDir, writeConfig } from '../../support/browser-shell-process';
import { createTestCore, JQ_WINDOW_12, RESOURCES_DIR, STAFF, type TestCore } from '../../support/core-fixture';
import { startPtyPair } from '../../support/socat';
import { PAPER_OK, StatusResponder } from './transport-responder';

// Bundled next to node_modules so the child resolves the native modules the way the app does.
const CHILD = path.join(REPO_ROOT, 'node_modules', '.cache', 'counter-tests', 'jobs-kill-child.cjs');

beforeAll(async () => {
  await build({
    entryPoints: [path.join(__dirname, 'jobs-kill-child.ts')],
    outfile: CHILD,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    external: ['better-sqlite3', 'serialport', '@serialport/*', 'opentype.js'],
    logLevel: 'warning',
  });
});

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup().catch(() => undefined);
});

/**
 * Runs the child core and SIGKILLs it once `killWhen` says so, asked on each line of its output
 * and each time `poke` is called (the printer received bytes).
 */
function runAndKill(dataDir: string, killWhen: (out: string) => boolean): { poke: () => void; done: Promise<string> } {
  let poke = (): void => undefined;
  const done = new Promise<string>((resolve, reject) => {
    const child = spawn(process.execPath, [CHILD, dataDir, RESOURCES_DIR], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    poke = () => {
      if (child.exitCode === null && killWhen(out)) child.kill('SIGKILL');
    };
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      poke();
    });
    child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      if (signal === 'SIGKILL' && out.includes('ACCEPTED')) resolve(out);
      else reject(new Error(`child ended ${code ?? signal}: ${out} ${err.slice(0, 2000)}`));
    });
  });
  return { poke: () => poke(), done };
}

describe('a print job across a SIGKILL (real pty pair, child process core)', () => {
  for (const moment of ['right after intake.submit returned', 'while the receipt’s bytes are going out'] as const) {
    it(`killed ${moment}: after restart the job is listed for the clerk, not replayed`, async () => {
      const dir = makeTempDir('jobs-kill');
      const pty = await startPtyPair(dir);
      cleanups.push(() => pty.stop());
      const port = new SerialPort({ path: pty.b, baudRate: 9600, autoOpen: false });
      await new Promise<void>((resolve, reject) => port.open((e) => (e ? reject(e) : resolve())));
      cleanups.push(() => new Promise<void>((resolve) => (port.isOpen ? port.close(() => resolve()) : resolve())));
      const responder = new StatusResponder((bytes) => port.write(Buffer.from(bytes)));
      let onBytes = (): void => undefined;
      port.on('data', (chunk: Buffer) => {
        responder.feed(chunk);
        onBytes();
      });
      port.on('error', () => undefined);

      const config = { ...JQ_WINDOW_12, devices: { receiptPrinter: { type: 'serial', path: pty.a, baudRate: 9600, paperWidthMm: 80 } } };
      writeConfig(dir, config);
      const admin = await openStaffAdmin(dir);
      await admin.add(STAFF.number, STAFF.name, STAFF.pin);
      admin.close();

      // Killed right after the commit: the printer is mute, so the driver's look before the job
      // gets no answer and the job is certainly held (never `sending`) when the kill comes.
      const held = moment === 'right after intake.submit returned';
      if (held) responder.answer = () => null;
      const run = runAndKill(dir, (o) => (moment === 'while the receipt’s bytes are going out' ? o.includes('ACCEPTED') && responder.jobBytes().length > 0 : o.includes('ACCEPTED')));
      onBytes = run.poke;
      const out = await run.done;
      const caseId = out.split('\n').find((l) => l.startsWith('ACCEPTED'))?.split('\t')[1] ?? '';
      const bytesBefore = responder.jobBytes().length;
      responder.table = PAPER_OK;

      const t: TestCore = await createTestCore({ dataDir: dir, config });
      cleanups.push(() => t.close());
      await t.signIn();
      // Committed before the kill: the case is there.
      expect((await t.call('cases.get', { caseId })).status).toBe('accepted');
      const [job] = await t.call('printing.listJobs', { caseId });
      expect(['failed', 'unknown']).toContain(job?.state);
      if (held) expect(job?.state).toBe('failed');
      expect(job?.reason).toBe(job?.state === 'unknown' ? '打印中程序中断，无法确认是否已打印' : '程序重启前未打印，请选择重新打印或作废');
      // The restarted driver looks at the printer twice (status requests only) and sends nothing.
      const requestsBefore = responder.requests.length;
      const lookDeadline = Date.now() + 20_000;
      while (responder.requests.length < requestsBefore + 6) {
        if (Date.now() > lookDeadline) throw new Error('the restarted driver did not look at the printer');
        await new Promise((r) => setTimeout(r, 20));
      }
      expect(responder.jobBytes().length).toBe(bytesBefore);
      const again = await t.call('printing.listJobs', { caseId });
      expect(again.map((j) => [j.id, j.state])).toEqual([[job?.id, job?.state]]);
      expect((await t.call('printing.listJobs', { states: ['failed', 'unknown'] })).map((j) => j.id)).toEqual([job?.id]);
      if (moment === 'while the receipt’s bytes are going out') expect(job?.state).toBe('unknown');

      // The clerk decides: 重新打印 a job certainly not printed, 补打 one that may be on paper.
      if (job?.state === 'failed') expect((await t.call('printing.retry', { jobId: job.id })).state).toBe('queued');
      else expect((await t.call('printing.reprint', { documentId: job?.documentId ?? '' })).job?.reprint).toBe(true);
      const deadline = Date.now() + 15_000;
      while ((await t.call('printing.listJobs', { caseId }))[0]?.state !== 'printed') {
        if (Date.now() > deadline) throw new Error('the clerk’s choice was not printed');
        await new Promise((r) => setTimeout(r, 50));
      }
      const cuts = decodeEscPos(Uint8Array.from(responder.jobBytes().slice(bytesBefore))).filter((r) => r.type === 'cut');
      expect(cuts).toHaveLength(1);
    });
  }
});
