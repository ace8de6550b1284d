import path from 'node:path';
import type { z } from 'zod';
import { CounterError } from '../../contract/errors';
import { Pin, StaffNumber } from '../../contract/session';
import { checkPersonName, checkPinStrength } from '../../contract/validation';
import { newId } from '../ids/new-id';
import type { Db } from '../storage/database';
import { loadConfig } from '../config/load-config';
import { logStoreFailure } from '../storage/log-store-failure';
import { openDatabase } from '../storage/open-database';
import { hashPin } from './pin-hash';
import {
  findStaffByNumber,
  insertStaff,
  listStaff,
  recordFailedAttempts,
  setStaffActive,
  updateStaffPin,
} from './staff-repository';

export interface StaffListing {
  staffNumber: string;
  name: string;
  active: boolean;
  lockedUntil: string | null;
}

/** What IT staff do from the command line (`npm run staff -- …`): never through the clerk's UI. */
export interface StaffAdmin {
  add(staffNumber: string, name: string, pin: string): Promise<void>;
  setPin(staffNumber: string, pin: string): Promise<void>;
  setActive(staffNumber: string, active: boolean): void;
  unlock(staffNumber: string): void;
  list(): StaffListing[];
  close(): void;
}

function parse<T>(schema: z.ZodType<T>, value: unknown, what: string): T {
  const result = schema.safeParse(value);
  if (!result.success) throw new CounterError('invalid_arguments', `${what}：${result.error.issues[0]?.message ?? '格式不正确'}`);
  return result.data;
}

/** A PIN in the right format (`Pin`) that is not trivial (checkPinStrength); throws invalid_arguments. */
function newPin(pin: string): string {
  const formatted = parse(Pin, pin, '密码');
  const strength = checkPinStrength(formatted);
  // The rule's messages already begin with 密码 (密码不能…): no second label in front.
  if (!strength.ok) throw new CounterError('invalid_arguments', strength.message);
  return strength.value;
}

function mustFind(db: Db, staffNumber: string) {
  const staff = findStaffByNumber(db, staffNumber);
  if (!staff) throw new CounterError('not_found', `没有工号为 ${staffNumber} 的工作人员`);
  return staff;
}

/**
 * The hall's time zone from the data folder's config.json, so a refusal names the backup's time
 * as the app itself would; nothing when there is no readable config (the PC's zone then).
 */
function hallTimeZone(dataDir: string): { timeZone?: string } {
  try {
    return { timeZone: loadConfig(null, path.join(dataDir, 'config.json')).config.timeZone };
  } catch {
    return {};
  }
}

export async function openStaffAdmin(dataDir: string, databaseFile = 'counter.sqlite'): Promise<StaffAdmin> {
  const logsDir = path.join(dataDir, 'logs');
  const { db, integrityCheck } = await openDatabase({
    path: path.join(dataDir, databaseFile),
    backupDir: path.join(dataDir, 'backups'),
    logsDir,
    ...hallTimeZone(dataDir),
  }).catch(
    (err: unknown) => {
      logStoreFailure(logsDir, err, 'staff');
      throw err;
    },
  );
  const now = () => new Date().toISOString();
  return {
    async add(staffNumber, name, pin) {
      const number = parse(StaffNumber, staffNumber, '工号');
      const checkedName = checkPersonName(name);
      if (!checkedName.ok) throw new CounterError('invalid_arguments', `姓名：${checkedName.message}`);
      const checkedPin = newPin(pin);
      if (findStaffByNumber(db, number)) throw new CounterError('conflict', `工号 ${number} 已存在`);
      insertStaff(db, { id: newId(), staffNumber: number, name: checkedName.value, pinHash: await hashPin(checkedPin) }, now());
    },
    async setPin(staffNumber, pin) {
      const staff = mustFind(db, staffNumber);
      updateStaffPin(db, staff.id, await hashPin(newPin(pin)), now());
    },
    setActive(staffNumber, active) {
      setStaffActive(db, mustFind(db, staffNumber).id, active, now());
    },
    unlock(staffNumber) {
      recordFailedAttempts(db, mustFind(db, staffNumber).id, 0, null, now());
    },
    list() {
      return listStaff(db).map((s) => ({
        staffNumber: s.staffNumber,
        name: s.name,
        active: s.active,
        lockedUntil: s.lockedUntil,
      }));
    },
    close() {
      // A check still running on a large store has nothing to say to a command that is done.
      void integrityCheck?.cancel();
      db.close();
    },
  };
}
