import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { build } from 'esbuild';
import { beforeAll, describe, expect, it } from 'vitest';
import { openStaffAdmin } from '../../../electron/core';
import { REPO_ROOT, makeTempDir, writeConfig } from '../../support/browser-shell-process';
import { JQ_WINDOW_12, RESOURCES_DIR, STAFF } from '../../support/core-fixture';

// A SIGKILL cannot tell whether a commit reached the disk: the kernel's page cache survives the
// process. A power cut does not. So this test watches the system calls instead: under strace,
// every accept must have its WAL frames fsync'd before the answer leaves the process. That is
// what synchronous=FULL promises in WAL mode; NORMAL syncs only at checkpoints and OFF never.
// Needs strace (README's test command installs it).

const ACCEPTS = 8;
const CHILD = path.join(REPO_ROOT, 'node_modules', '.cache', 'counter-tests', 'accept-loop-strace.cjs');

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

function run(command: string, args: string[]): Promise<{ code: number | null; out: string; err: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.on('error', reject);
    child.on('exit', (code) => resolve({ code, out, err }));
  });
}

interface AcceptTrace {
  /** Writes of WAL frames since the previous answer. */
  walWrites: number;
  /** Whether the WAL was fsync'd (or fdatasync'd) after the last of those writes. */
  syncedAfterLastWrite: boolean;
}

/**
 * Reads an `strace -f -y` log: for each `ACCEPTED` line the child wrote to stdout, what happened
 * to the WAL file since the line before. Only the starts of calls count (`<... resumed>` lines
 * are the ends of calls already seen), and SQLite works on the main thread, so order is kept.
 */
function acceptsIn(trace: string): AcceptTrace[] {
  const accepts: AcceptTrace[] = [];
  let current: AcceptTrace = { walWrites: 0, syncedAfterLastWrite: false };
  for (const line of trace.split('\n')) {
    const call = /^\d+\s+(\w+)\((\d+)<([^>]*)>/.exec(line);
    if (!call) continue;
    const [, name, fd, file] = call as unknown as [string, string, string, string];
    // The child's stdout, a pipe or (as libuv makes it) a socket: its answers to the parent.
    const toParent = name === 'write' && fd === '1';
    const onWal = file.endsWith('counter.sqlite-wal');
    if (onWal && /^(pwrite64|pwrite|write|pwritev|writev)$/.test(name)) {
      current.walWrites++;
      current.syncedAfterLastWrite = false;
    } else if (onWal && (name === 'fsync' || name === 'fdatasync')) {
      current.syncedAfterLastWrite = true;
    } else if (toParent && line.includes('"ACCEPTED')) {
      accepts.push(current);
      current = { walWrites: 0, syncedAfterLastWrite: false };
    } else if (toParent && line.includes('"READY')) {
      current = { walWrites: 0, syncedAfterLastWrite: false };
    }
  }
  return accepts;
}

describe('durability beyond a process kill', () => {
  it(`fsyncs each accept's WAL frames before the accept is answered (${ACCEPTS} accepts under strace)`, async () => {
    const dataDir = makeTempDir('wal-fsync');
    writeConfig(dataDir, JQ_WINDOW_12);
    const admin = await openStaffAdmin(dataDir);
    await admin.add(STAFF.number, STAFF.name, STAFF.pin);
    admin.close();
    const traceFile = path.join(dataDir, 'strace.log');

    const { code, out, err } = await run('strace', [
      '-f', // better-sqlite3 works on the main thread, but follow every thread in case that changes
      '-y', // print the file behind each descriptor
      '-qq',
      '-s', '16',
      '-e', 'trace=write,pwrite64,pwritev,writev,fsync,fdatasync',
      '-e', 'signal=none',
      '-o', traceFile,
      process.execPath, CHILD, dataDir, RESOURCES_DIR, '1', String(ACCEPTS),
    ]).catch((e: unknown) => {
      throw new Error(`strace could not be started (is it installed? see README's test command): ${String(e)}`);
    });
    expect(code, `child failed: ${out.slice(-500)} ${err.slice(-1000)}`).toBe(0);
    expect(out.split('\n').filter((l) => l.startsWith('ACCEPTED\t'))).toHaveLength(ACCEPTS);

    const accepts = acceptsIn(fs.readFileSync(traceFile, 'utf8'));
    expect(accepts).toHaveLength(ACCEPTS);
    accepts.forEach((a, i) => {
      // Each accept commits (case, events, outbox) through the WAL…
      expect(a.walWrites, `accept ${i + 1} wrote nothing to the WAL`).toBeGreaterThan(0);
      // …and its frames are on disk before the clerk is told it is accepted.
      expect(a.syncedAfterLastWrite, `accept ${i + 1} was answered before its WAL frames were fsync'd`).toBe(true);
    });
  });
});
