import path from 'node:path';
import { z } from 'zod';
import { CounterError } from '../../contract/errors';
import { ROLES, type Role } from '../../contract/roles';
import { Pin, StaffNumber } from '../../contract/session';
import { checkPersonName, checkPinStrength } from '../../contract/validation';
import { newId } from '../ids/new-id';
import type { Db } from '../storage/database';
import { loadConfig } from '../config/load-config';
import { logStoreFailure } from '../storage/log-store-failure';
import { openDatabase } from '../storage/open-database';
import { hashPin } from './pin-hash';
import { recordStaffEvent } from './staff-events';
import {
  findStaffByNumber,
  insertStaff,
  listStaff,
  recordFailedAttempts,
  setStaffActive,
  setStaffRole,
  updateStaffPin,
  type StaffRecord,
} from './staff-repository';
import { keepLastAdministrator } from './staff-rules';

export interface StaffListing {
  staffNumber: string;
  name: string;
  role: Role;
  active: boolean;
  lockedUntil: string | null;
  /** The PIN was set by someone else (in the app); the person chooses their own at next sign-in. */
  pinChangeRequired: boolean;
}

/**
 * What IT staff do from the command line (`npm run staff -- …`), for a scripted install or when
 * nobody can sign in as 系统管理员. Every change is recorded on the account's staff stream like
 * the app's (staff-events.ts), with no actor (nobody is signed in) and `via: 'cli'`; the last
 * active 系统管理员 is kept as in the app (staff-rules.ts). A PIN typed here is the person's
 * own (they are at the terminal, or it is a scripted install's): no PIN change is asked of them.
 * Every method throws CounterError: invalid_arguments, not_found (unknown number), conflict
 * (number taken), rule_violation (the last administrator).
 */
export interface StaffAdmin {
  /** Registers an active account; `role` defaults to `clerk`. */
  add(staffNumber: string, name: string, pin: string, role?: Role): Promise<void>;
  /** A new PIN; lifts any lock. */
  setPin(staffNumber: string, pin: string): Promise<void>;
  setActive(staffNumber: string, active: boolean): void;
  setRole(staffNumber: string, role: Role): void;
  unlock(staffNumber: string): void;
  /** Every account, by staff number. */
  list(): StaffListing[];
  close(): void;
}

const RoleName = z.enum(ROLES, { error: `应为 ${ROLES.join('、')} 之一` });

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
 * The staff command's data folder and settings: `configFile` is `--config FILE` as the app is
 * given it (null: `config.json` in the data folder, else the demo settings, as the app reads them).
 */
export interface StaffAdminOptions {
  configFile?: string | null;
}

/**
 * Opens the data folder's store for the staff command. The settings are read as the app reads
 * them (load-config.ts): the hall's time zone names a refusal's backup time as the app would, and
 * the hall and window say where each change is recorded — so a scripted install with `--config`
 * records its acts as its own window, never as the demo one.
 * @throws ConfigError when the settings cannot be read (the app would not start on them either:
 *   fix them first); StoreStartupError and the other store refusals as the app's.
 */
export async function openStaffAdmin(dataDir: string, options: StaffAdminOptions = {}): Promise<StaffAdmin> {
  const databaseFile = 'counter.sqlite';
  const logsDir = path.join(dataDir, 'logs');
  const where = loadConfig(options.configFile ?? null, path.join(dataDir, 'config.json')).config;
  const { db, integrityCheck } = await openDatabase({
    path: path.join(dataDir, databaseFile),
    backupDir: path.join(dataDir, 'backups'),
    logsDir,
    timeZone: where.timeZone,
  }).catch(
    (err: unknown) => {
      logStoreFailure(logsDir, err, 'staff');
      throw err;
    },
  );
  const now = () => new Date().toISOString();
  /**
   * Runs `change` on the account numbered `staffNumber` in one immediate transaction; what it
   * returns (null: nothing changed) is recorded on the account's stream, `via: 'cli'`.
   */
  const changeRecorded = (
    staffNumber: string,
    change: (staff: StaffRecord, at: string) => { type: `staff.${string}`; payload: Record<string, unknown> } | null,
  ): void => {
    db.transaction(() => {
      const staff = mustFind(db, staffNumber);
      const at = now();
      const event = change(staff, at);
      if (event === null) return;
      recordStaffEvent(
        db,
        { hallCode: where.hall.code, windowNumber: where.window.number, at },
        { streamStaffId: staff.id, actorStaffId: null, type: event.type, payload: { ...event.payload, via: 'cli' } },
      );
    }).immediate();
  };
  return {
    async add(staffNumber, name, pin, role = 'clerk') {
      const number = parse(StaffNumber, staffNumber, '工号');
      const checkedName = checkPersonName(name);
      if (!checkedName.ok) throw new CounterError('invalid_arguments', `姓名：${checkedName.message}`);
      const checkedRole = parse(RoleName, role, '角色');
      const checkedPin = newPin(pin);
      const taken = () => new CounterError('conflict', `工号 ${number} 已存在`);
      if (findStaffByNumber(db, number)) throw taken();
      const pinHash = await hashPin(checkedPin);
      db.transaction(() => {
        if (findStaffByNumber(db, number)) throw taken();
        const id = newId();
        const at = now();
        insertStaff(db, { id, staffNumber: number, name: checkedName.value, pinHash, role: checkedRole }, at);
        recordStaffEvent(
          db,
          { hallCode: where.hall.code, windowNumber: where.window.number, at },
          {
            streamStaffId: id,
            actorStaffId: null,
            type: 'staff.registered',
            payload: { staffNumber: number, name: checkedName.value, role: checkedRole, via: 'cli' },
          },
        );
      }).immediate();
    },
    async setPin(staffNumber, pin) {
      mustFind(db, staffNumber);
      const pinHash = await hashPin(newPin(pin));
      changeRecorded(staffNumber, (staff, at) => {
        updateStaffPin(db, staff.id, pinHash, at);
        return { type: 'staff.pinReset', payload: {} };
      });
    },
    setActive(staffNumber, active) {
      changeRecorded(staffNumber, (staff, at) => {
        if (staff.active === active) return null;
        keepLastAdministrator(db, staff, { active, role: staff.role });
        setStaffActive(db, staff.id, active, at);
        return { type: active ? 'staff.enabled' : 'staff.disabled', payload: {} };
      });
    },
    setRole(staffNumber, role) {
      const checkedRole = parse(RoleName, role, '角色');
      changeRecorded(staffNumber, (staff, at) => {
        if (staff.role === checkedRole) return null;
        keepLastAdministrator(db, staff, { active: staff.active, role: checkedRole });
        setStaffRole(db, staff.id, checkedRole, at);
        return { type: 'staff.roleChanged', payload: { from: staff.role, to: checkedRole } };
      });
    },
    unlock(staffNumber) {
      changeRecorded(staffNumber, (staff, at) => {
        if (staff.failedAttempts === 0 && staff.lockedUntil === null) return null;
        recordFailedAttempts(db, staff.id, 0, null, at);
        return { type: 'staff.unlocked', payload: { lockedUntil: staff.lockedUntil } };
      });
    },
    list() {
      return listStaff(db).map((s) => ({
        staffNumber: s.staffNumber,
        name: s.name,
        role: s.role,
        active: s.active,
        lockedUntil: s.lockedUntil,
        pinChangeRequired: s.pinChangeRequired,
      }));
    },
    close() {
      // A check still running on a large store has nothing to say to a command that is done.
      void integrityCheck?.cancel();
      db.close();
    },
  };
}
