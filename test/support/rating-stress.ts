import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { CounterCallError, type ItemDetail, type MethodArgs, type MethodName, type MethodResult } from '../../electron/contract';
import type { RatingDeviceConfig } from '../../electron/contract/config';
import { createCore, openStaffAdmin, silentLogger, type Core } from '../../electron/core';
import type { RatingDriverTiming } from '../../electron/core/ratings/device/timing';
import { writeConfig } from './browser-shell-process';
import { JQ_WINDOW_12, RESOURCES_DIR, STAFF } from './core-fixture';
import { residentIdNumber } from './identity-numbers';
import { FOOD_LICENCE, receipts } from './intake-args';

/** A real core (real SQLite file, the real ratings module and driver) with a rating device configured. */
export interface RatingCore {
  core: Core;
  call<M extends MethodName>(method: M, args: MethodArgs<M>): Promise<MethodResult<M>>;
  /** Accepts a 食品经营许可 case, starts its review and decides it (`case.decided` arms a session). */
  finishCase(sequence: number): Promise<string>;
  close(): Promise<void>;
}

/**
 * Writes `dir`/config.json with `device` as the window's rating device (JQ hall, window 12),
 * registers STAFF, starts the core and signs STAFF in. `timing`: the rating driver's times
 * (CoreOptions.ratingTiming), the protocol's defaults otherwise.
 */
export async function openRatingCore(
  dir: string,
  device: Partial<RatingDeviceConfig> & Pick<RatingDeviceConfig, 'path' | 'protocol'>,
  timing?: Partial<RatingDriverTiming>,
): Promise<RatingCore> {
  const configFile = writeConfig(dir, {
    ...JQ_WINDOW_12,
    devices: { ratingDevice: { type: 'serial', baudRate: 9600, address: 1, ...device } },
    ratings: { followUpWorkingDays: 15, sessionSeconds: 20 },
  });
  const admin = await openStaffAdmin(dir);
  if (!admin.list().some((s) => s.staffNumber === STAFF.number)) await admin.add(STAFF.number, STAFF.name, STAFF.pin);
  admin.close();
  const core = await createCore({
    dataDir: dir,
    configFile,
    resourcesDir: RESOURCES_DIR,
    appVersion: 'ratings-stress',
    logger: silentLogger,
    ratingPortLister: async () => [],
    healthIntervalMs: 3_600_000,
    ...(timing ? { ratingTiming: timing } : {}),
  });
  const call = async <M extends MethodName>(method: M, args: MethodArgs<M>): Promise<MethodResult<M>> => {
    const envelope = await core.invoke(method, args);
    if (!envelope.ok) throw new CounterCallError(envelope.error);
    return envelope.value as MethodResult<M>;
  };
  await call('session.signIn', { staffNumber: STAFF.number, pin: STAFF.pin });
  let item: ItemDetail | null = null;
  return {
    core,
    call,
    async finishCase(sequence) {
      item ??= await call('catalog.getItem', { code: FOOD_LICENCE.code });
      const accepted = await call('intake.submit', {
        clientRequestId: randomUUID(),
        itemCode: item.code,
        itemVersion: item.version,
        applicant: { kind: 'person', name: '钱多多', idType: 'resident_id_card', idNumber: residentIdNumber('330102', '1988-03-08', sequence % 1000), mobile: '13900000000', address: '' },
        agent: null,
        materials: receipts(item.materials, { received: item.materials.filter((m) => m.required).map((m) => m.id) }),
        decision: { kind: 'accept' },
      });
      await call('cases.startReview', { caseId: accepted.id });
      await call('cases.decide', { caseId: accepted.id, outcome: 'approved' });
      return accepted.id;
    },
    close: () => core.close(),
  };
}

/** The database file of a core (for readRatingLedger). */
export function databaseOf(core: Core): string {
  return path.resolve(core.databasePath);
}

/**
 * Polls `condition` every 20 ms until true.
 * @throws Error with `what()` (words for the failure message) after `timeoutMs`.
 */
export async function waitUntil(condition: () => boolean, timeoutMs: number, what: () => string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`${timeoutMs / 1000} 秒内未等到：${what()}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}
