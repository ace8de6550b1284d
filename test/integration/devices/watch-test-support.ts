import { afterEach } from 'vitest';
import type { StatusReport, StatusSource } from '../../../electron/core/devices/device';

const cleanups: Array<() => Promise<void> | void> = [];

/** Runs `cleanup` after the current test (last registered, first run). */
export function afterThisTest(cleanup: () => Promise<void> | void): void {
  cleanups.push(cleanup);
}

// Registered once per test file that imports this module.
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** Polls `probe` every 20 ms until it gives something truthy; throws naming `what` after `timeoutMs`. */
export async function until<T>(what: string, probe: () => T | undefined | null | false, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** Every report `source` publishes from now on, in order. */
export function recorded(source: StatusSource): StatusReport[] {
  const reports: StatusReport[] = [];
  afterThisTest(source.onStatus((r) => reports.push(r)));
  return reports;
}
