import { spawn } from 'node:child_process';
import { randomInt } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { build } from 'esbuild';
import { beforeAll, describe, expect, it } from 'vitest';
import { readConfigFile, writeConfigFile } from '../../../electron/core/config/config-file';
import { loadConfig } from '../../../electron/core/config/load-config';
import { REPO_ROOT, makeTempDir } from '../../support/browser-shell-process';
import { seededRandom } from '../../support/seeded-random';

const KILLS = 20;
/** Replay a failing run with `KILL_SEED=<seed> npx vitest run test/integration/core/settings-file-kill.test.ts`. */
const SEED = process.env.KILL_SEED ? Number(process.env.KILL_SEED) : randomInt(2 ** 31);
const REPLAY = `(replay with KILL_SEED=${SEED})`;
const CHILD = path.join(REPO_ROOT, 'node_modules', '.cache', 'counter-tests', 'settings-file-write-loop.cjs');

beforeAll(async () => {
  await build({
    entryPoints: [path.join(__dirname, 'settings-file-write-loop.ts')],
    outfile: CHILD,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    logLevel: 'warning',
  });
});

/** Runs the child from save `start` and SIGKILLs it after `delayMs`; returns the last save it reported. */
function runAndKill(file: string, start: number, delayMs: number): Promise<number | null> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CHILD, file, String(start)], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    let timer: NodeJS.Timeout | null = null;
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      if (timer === null && out.includes('READY\n')) timer = setTimeout(() => child.kill('SIGKILL'), delayMs);
    });
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.on('exit', (code, signal) => {
      if (timer) clearTimeout(timer);
      if (signal !== 'SIGKILL') return reject(new Error(`child ended by itself (${code}) ${REPLAY}: ${err.slice(-500)}`));
      const saves = out.split('\n').filter((l) => l.startsWith('SAVED\t'));
      const last = saves.at(-1);
      resolve(last === undefined ? null : Number(last.split('\t')[1]));
    });
  });
}

describe('the config file through kills', () => {
  it(`is always the last save or the one in flight, whole and valid, through ${KILLS} SIGKILLs`, async () => {
    const dir = makeTempDir('config-kill');
    const file = path.join(dir, 'config.json');
    const random = seededRandom(SEED);
    let next = 0;
    let onDisk: number | null = null;
    let leftovers = 0;
    let saves = 0;
    let busyRuns = 0;
    for (let run = 0; run < KILLS; run++) {
      const last = await runAndKill(file, next, 5 + random() * 250);
      if (last !== null) saves += last - next + 1;
      const left = fs.readdirSync(dir).filter((name) => name.endsWith('.tmp')).length;
      leftovers += left;
      if (last !== null || left > 0) busyRuns++;
      if (!fs.existsSync(file)) {
        // Only before any save has ever completed: never a missing file once there was one.
        expect([last, onDisk], `run ${run} ${REPLAY}`).toEqual([null, null]);
        continue;
      }
      // The save reported last, or the one under way when the kill came (its rename may have
      // happened); with none reported, what was there before or this run's first save.
      const allowed = (last === null ? [onDisk, next] : [last, last + 1]).flatMap((n) => (n === null ? [] : [(n % 999) + 1]));
      const number = loadConfig(file, 'unused').config.window.number;
      expect(allowed, `run ${run} ${REPLAY}`).toContain(number);
      onDisk = number - 1;
      next = (last ?? next) + 2;
    }
    console.info(`config kill test: ${saves} saves, ${leftovers} temp files left by kills, ${busyRuns} of ${KILLS} runs killed while saving, seed ${SEED}`);
    // The kills must land while saves go on (a run that saved, or died with a temp file written),
    // or this proves nothing.
    expect(busyRuns, `the kills must land while saving ${REPLAY}`).toBeGreaterThanOrEqual(KILLS / 2);
    expect(saves, REPLAY).toBeGreaterThan(0);

    // The next save tidies whatever the kills left, and the file reads as that save.
    const before = readConfigFile(file).bytes;
    expect(before).not.toBeNull();
    const config = loadConfig(file, 'unused').config;
    writeConfigFile(file, { ...config, timeZone: 'Asia/Urumqi' });
    expect(fs.readdirSync(dir)).toEqual(['config.json']);
    expect(loadConfig(file, 'unused').config).toEqual({ ...config, timeZone: 'Asia/Urumqi' });
  });
});
