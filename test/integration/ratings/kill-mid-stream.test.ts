import { randomInt } from 'node:crypto';
import path from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { DATABASE_FILE, openStaffAdmin } from '../../../electron/core';
import { RatingEmulator } from '../../../electron/core/ratings/emulator/rating-emulator';
import { writeConfig } from '../../support/browser-shell-process';
import { JQ_WINDOW_12, STAFF } from '../../support/core-fixture';
import { buildRatingCoreChild, startRatingCore, type RatingCoreRun } from '../../support/rating-child-process';
import { exactlyOnceProblems, readRatingLedger } from '../../support/rating-ledger';
import { seededRandom } from '../../support/seeded-random';
import { makeTempDir } from '../../support/temp-dirs';

/**
 * The app's core is SIGKILLed mid-stream while coins keep falling (protocols/rating-device.md,
 * host rule 1: "an event delivered again — after … a restart of either side — is stored once").
 * Kill times, coin times and slots come from one seed, printed; `RATING_KILL_SEED=<seed>` replays
 * the same schedule (the machine's own timing still varies).
 */
const SEED = process.env.RATING_KILL_SEED ? Number(process.env.RATING_KILL_SEED) : randomInt(2 ** 31);
if (!Number.isSafeInteger(SEED)) throw new Error(`RATING_KILL_SEED must be an integer, got ${process.env.RATING_KILL_SEED}`);
const REPLAY = `(replay with RATING_KILL_SEED=${SEED})`;
const KILLS = 10;
const SERIAL = 'KILL-TEST-0001';
/** The clerk finishes a case this often (ms): each `case.decided` arms a 一次一评 session. */
const FINISH_EVERY_MS = 300;

beforeAll(buildRatingCoreChild, 60_000);

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup().catch(() => undefined);
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('rating device: SIGKILL of the app mid-stream (child process core, real pty pair, v1 emulator)', () => {
  it(`stores every coin exactly once across ${KILLS} SIGKILLs, and the device is left with nothing unacknowledged`, async () => {
    const dir = makeTempDir('ratings-kill');
    // The device lives in this process with its memory in a file: the kills do not touch it, as
    // a real device on the counter outlives the PC's app.
    const device = new RatingEmulator({
      endpoint: { ptyLink: path.join(dir, 'rating-tty') },
      protocol: 'v1',
      serial: SERIAL,
      stateFile: path.join(dir, 'rating-device.json'),
      seed: SEED,
    });
    await device.start();
    cleanups.push(() => device.stop());
    writeConfig(dir, {
      ...JQ_WINDOW_12,
      devices: { ratingDevice: { type: 'serial', path: device.appPath, baudRate: 9600, protocol: 'v1', address: 1 } },
      ratings: { followUpWorkingDays: 15, sessionSeconds: 10 },
    });
    const admin = await openStaffAdmin(dir);
    await admin.add(STAFF.number, STAFF.name, STAFF.pin);
    admin.close();

    console.info(`ratings kill: seed ${SEED} ${REPLAY}`);
    const random = seededRandom(SEED);
    // Coins keep falling the whole time, the app up or down (a citizen does not wait for it).
    let dropping = true;
    let coins = 0;
    const dropper = (async () => {
      while (dropping) {
        device.coin(Math.floor(random() * 5));
        coins++;
        await sleep(40 + random() * 160);
      }
    })();

    const runs: RatingCoreRun[] = [];
    let killedDuringStartup = 0;
    // Events the core had committed but the device still held as unacknowledged when the kill
    // came: the exact window rule 1 is about (committed, ack not yet sent).
    let committedNotAcked = 0;
    for (let run = 1; run <= KILLS; run++) {
      // Drawn up front, so the schedule depends on the seed alone.
      const duringStartup = random() < 0.2;
      const delay = duringStartup ? random() * 400 : 300 + random() * 2500;
      const core = startRatingCore(dir, run, FINISH_EVERY_MS);
      runs.push(core);
      cleanups.push(() => core.kill());
      if (duringStartup) {
        await Promise.race([sleep(delay), core.ready]);
        if (!core.isReady()) killedDuringStartup++;
      } else {
        await core.ready;
        await sleep(delay);
      }
      const unacked = new Set(device.unacknowledged().map((e) => e.id));
      await core.kill();
      committedNotAcked += core.rated().filter((id) => unacked.has(id)).length;
    }

    // The last start: coins stop, and the app drains what the device still holds.
    dropping = false;
    await dropper;
    const last = startRatingCore(dir, KILLS + 1, FINISH_EVERY_MS);
    runs.push(last);
    cleanups.push(() => last.kill());
    await last.ready;
    const deadline = Date.now() + 30_000;
    while (device.unacknowledged().length > 0) {
      if (Date.now() > deadline) throw new Error(`评价器仍有 ${device.unacknowledged().length} 条未确认 ${REPLAY}\n${last.output().slice(-2000)}`);
      await sleep(50);
    }
    await last.kill();

    const produced = device.events().filter((e) => e.kind === 'rating');
    const finished = runs.reduce((n, r) => n + r.finished(), 0);
    console.info(
      `ratings kill: ${coins} coins, ${finished} cases finished, ${KILLS} SIGKILLs (${killedDuringStartup} during start-up), ` +
        `${committedNotAcked} committed-but-unacknowledged at a kill, seed ${SEED}`,
    );
    // The kills must have landed while coins were flowing, or the test proves nothing.
    expect(produced.length, REPLAY).toBe(coins);
    expect(coins, REPLAY).toBeGreaterThan(KILLS * 5);
    expect(killedDuringStartup, REPLAY).toBeLessThan(KILLS);

    // Nothing left on the device, and each of its coins stored once, with its event, queued for sync.
    expect(device.unacknowledged(), REPLAY).toEqual([]);
    const ledger = readRatingLedger(path.join(dir, DATABASE_FILE));
    expect(exactlyOnceProblems(ledger, produced.map((e) => `v1:${SERIAL}:${e.id}`)), REPLAY).toEqual([]);
    // Some coins fell in a session the app armed after finishing a case, some with none.
    expect(ledger.attributions.session ?? 0, `${JSON.stringify(ledger.attributions)} ${REPLAY}`).toBeGreaterThan(0);
    expect(ledger.attributions.on_duty ?? 0, `${JSON.stringify(ledger.attributions)} ${REPLAY}`).toBeGreaterThan(0);
    // A coin that fell in a session was stored as that session's (the device's session id kept).
    // One rating per session (一次一评): a session the driver armed again on reconnection before
    // its coin was fetched can take a second coin (a known gap, see the note); the core
    // keeps that coin as one with no session, so the sessions rated are the distinct ids.
    const inSession = new Set(produced.filter((e) => (e.sessionId ?? 0) !== 0).map((e) => e.sessionId)).size;
    expect(ledger.attributions.session ?? 0, REPLAY).toBe(inSession);
  }, 240_000);
});
