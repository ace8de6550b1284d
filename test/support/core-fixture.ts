import path from 'node:path';
import { CounterCallError, type Envelope, type MethodArgs, type MethodName, type MethodResult } from '../../electron/contract';
import { openStaffAdmin, silentLogger, type Core, type CoreOptions } from '../../electron/core';
import { coreCapabilities, createCoreWith, type RegisterCapabilities } from '../../electron/core/create-core';
import type { Clock } from '../../electron/core/clock';
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
  reopen(): Promise<TestCore>;
  close(): Promise<void>;
}

export const STAFF = { number: '1001', name: '王芳', pin: '246810' };

export interface TestCoreOptions {
  dataDir?: string;
  clock?: Clock;
  config?: WindowConfigFile;
  /** Register STAFF (default true). */
  withStaff?: boolean;
  /** The capabilities to assemble (default the core's own): a test adds a module of its own. */
  register?: RegisterCapabilities;
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
    logger: silentLogger,
    serialPortLister: async () => [],
    healthIntervalMs: 60_000,
    ...(options.clock ? { clock: options.clock } : {}),
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
    async reopen() {
      await core.close();
      return createTestCore({ ...options, dataDir });
    },
    close: () => core.close(),
  };
  return testCore;
}
