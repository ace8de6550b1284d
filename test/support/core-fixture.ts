import path from 'node:path';
import { CounterCallError, type Envelope, type MethodArgs, type MethodName, type MethodResult } from '../../electron/contract';
import { openStaffAdmin, silentLogger, type Core, type CoreOptions } from '../../electron/core';
import { coreCapabilities, createCoreWith, type RegisterCapabilities } from '../../electron/core/create-core';
import type { Role } from '../../electron/contract/roles';
import type { Clock } from '../../electron/core/clock';
import type { Logger } from '../../electron/core/logging/logger';
import { REPO_ROOT, makeTempDir, writeConfig, type WindowConfigFile } from './browser-shell-process';

export const RESOURCES_DIR = path.join(REPO_ROOT, 'resources');

export const JQ_WINDOW_12: WindowConfigFile = {
  hall: { code: 'JQ', name: '金桥区政务服务中心' },
  window: { number: 12, name: '综合受理窗口' },
};

export interface TestCore {
  core: Core;
  dataDir: string;
  call<M extends MethodName>(method: M, args: MethodArgs<M>): Promise<MethodResult<M>>;
  /** The raw envelope, for asserting on failures. */
  raw(method: string, args: unknown): Promise<Envelope>;
  /** Expects a failure and returns its error. */
  fail(method: string, args: unknown): Promise<CounterCallError>;
  signIn(staffNumber?: string, pin?: string): Promise<void>;
  /**
   * Registers `STAFF_BY_ROLE[role]` through the staff command if the data folder lacks them
   * (its own PIN: no change asked), and signs them in. Returns who it is.
   */
  signInAs(role: Role): Promise<StaffLogin>;
  /** Registers an account through the staff command (as IT does before the app starts). */
  addStaff(member: StaffLogin & { role?: Role }): Promise<void>;
  reopen(): Promise<TestCore>;
  close(): Promise<void>;
}

export const STAFF = { number: '1001', name: '王芳', pin: '246810' };

/** A staff member's sign-in: number, name, PIN. */
export interface StaffLogin {
  number: string;
  name: string;
  pin: string;
}

/** One person per role for role tests: the clerk is STAFF. */
export const STAFF_BY_ROLE: { readonly [R in Role]: StaffLogin } = {
  clerk: STAFF,
  lead: { number: '2001', name: '李娜', pin: '135790' },
  it_admin: { number: '9001', name: '张伟', pin: '862049' },
};

export interface TestCoreOptions {
  dataDir?: string;
  clock?: Clock;
  config?: WindowConfigFile;
  /** Register STAFF (default true). */
  withStaff?: boolean;
  /** The capabilities to assemble (default the core's own): a test adds a module of its own. */
  register?: RegisterCapabilities;
  /** Where the core's log lines go (default silentLogger). */
  logger?: Logger;
  /** The desktop shell's printing (CoreOptions.systemPrintHost); absent: the browser shell. */
  systemPrintHost?: CoreOptions['systemPrintHost'];
  /** The printer drivers' timing (CoreOptions.printerTiming). */
  printerTiming?: CoreOptions['printerTiming'];
  /** The hall queue's time-out and server tries (CoreOptions.queue). */
  queue?: CoreOptions['queue'];
}

/** A real core on a real SQLite file in a temp dir, driven through the same dispatcher the UI uses. */
export async function createTestCore(options: TestCoreOptions = {}): Promise<TestCore> {
  const dataDir = options.dataDir ?? makeTempDir('core');
  const configFile = writeConfig(dataDir, options.config ?? JQ_WINDOW_12);
  if (options.withStaff !== false && options.dataDir === undefined) {
    const admin = await openStaffAdmin(dataDir);
    await admin.add(STAFF.number, STAFF.name, STAFF.pin);
    admin.close();
  }
  const coreOptions: CoreOptions = {
    dataDir,
    configFile,
    resourcesDir: RESOURCES_DIR,
    appVersion: 'test',
    logger: options.logger ?? silentLogger,
    healthIntervalMs: 60_000,
    ...(options.clock ? { clock: options.clock } : {}),
    ...(options.systemPrintHost ? { systemPrintHost: options.systemPrintHost } : {}),
    ...(options.printerTiming ? { printerTiming: options.printerTiming } : {}),
    ...(options.queue ? { queue: options.queue } : {}),
  };
  const core = await createCoreWith(coreOptions, options.register ?? coreCapabilities);
  const raw = (method: string, args: unknown) => core.invoke(method, args);
  const testCore: TestCore = {
    core,
    dataDir,
    raw,
    async call(method, args) {
      const envelope = await raw(method, args);
      if (!envelope.ok) throw new CounterCallError(envelope.error);
      return envelope.value as MethodResult<typeof method>;
    },
    async fail(method, args) {
      const envelope = await raw(method, args);
      if (envelope.ok) throw new Error(`expected ${method} to fail, it returned ${JSON.stringify(envelope.value).slice(0, 300)}`);
      return new CounterCallError(envelope.error);
    },
    async signIn(staffNumber = STAFF.number, pin = STAFF.pin) {
      await testCore.call('session.signIn', { staffNumber, pin });
    },
    async addStaff(member) {
      const admin = await openStaffAdmin(dataDir);
      try {
        await admin.add(member.number, member.name, member.pin, member.role);
      } finally {
        admin.close();
      }
    },
    async signInAs(role) {
      const who = STAFF_BY_ROLE[role];
      const admin = await openStaffAdmin(dataDir);
      let known: boolean;
      try {
        known = admin.list().some((s) => s.staffNumber === who.number);
      } finally {
        admin.close();
      }
      if (!known) await testCore.addStaff({ ...who, role });
      await testCore.signIn(who.number, who.pin);
      return who;
    },
    async reopen() {
      await core.close();
      return createTestCore({ ...options, dataDir });
    },
    close: () => core.close(),
  };
  return testCore;
}
