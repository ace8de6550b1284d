import { describe, expect, it } from 'vitest';
import type { BackgroundService } from '../../../../electron/core/assembly/capability-module';
import { servicesOf, startServices } from '../../../../electron/core/assembly/services';
import { createLogger } from '../../../../electron/core/logging/logger';

/** Services that note their starts and stops in `seen`; `failing` throws from the named step. */
function rig(failing: Partial<Record<string, 'start' | 'stop'>> = {}) {
  const seen: string[] = [];
  const logLines: string[] = [];
  const log = createLogger({ write: (line) => logLines.push(line) });
  const service = (name: string): BackgroundService => ({
    name,
    async start() {
      seen.push(`start ${name}`);
      if (failing[name] === 'start') throw new Error(`${name} cannot start`);
    },
    stop() {
      seen.push(`stop ${name}`);
      if (failing[name] === 'stop') throw new Error(`${name} cannot stop`);
    },
  });
  return { seen, logLines, log, service };
}

describe('services', () => {
  it('start in registration order (modules, then each list) and stop in the reverse', async () => {
    const r = rig();
    const services = servicesOf([
      { name: 'storage', services: [r.service('a'), r.service('b')] },
      { name: 'app' },
      { name: 'health', services: [r.service('c')] },
    ]);
    const running = await startServices(services, r.log);
    expect(r.seen).toEqual(['start a', 'start b', 'start c']);
    await running.stop();
    expect(r.seen.slice(3)).toEqual(['stop c', 'stop b', 'stop a']);
    // A second stop has nothing left to stop.
    await running.stop();
    expect(r.seen).toHaveLength(6);
  });

  it('runs every stop when one fails, and logs the failure by service', async () => {
    const r = rig({ b: 'stop' });
    const running = await startServices([r.service('a'), r.service('b'), r.service('c')], r.log);
    await expect(running.stop()).resolves.toBeUndefined();
    expect(r.seen.slice(3)).toEqual(['stop c', 'stop b', 'stop a']);
    expect(r.logLines.join('\n')).toMatch(/closing step failed.*"step":"stop b".*b cannot stop/);
  });

  it('stops what started, the failing one included, when a start fails, and rethrows', async () => {
    const r = rig({ b: 'start' });
    await expect(startServices([r.service('a'), r.service('b'), r.service('c')], r.log)).rejects.toThrow('b cannot start');
    expect(r.seen).toEqual(['start a', 'start b', 'stop b', 'stop a']);
    expect(r.logLines.join('\n')).toMatch(/service failed to start.*"service":"b"/);
  });
});
