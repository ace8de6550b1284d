import { describe, expect, it } from 'vitest';
import { systemClock } from '../../../electron/core/clock';
import { CHECKING_DETAIL, PollingWatch, STOP_WAIT_MS, type Observation } from '../../../electron/core/devices/polling-watch';
import { silentLogger } from '../../../electron/core/logging/logger';
import { afterThisTest, recorded, until } from './watch-test-support';

// PollingWatch (electron/core/devices/polling-watch.ts) is what the upstream watch
// (sync/upstream-watch.ts) looks with: its back-off, its silence on a repeat, and its stop.

const common = { clock: systemClock, log: silentLogger };

/** `watch`, started now and stopped after the test. */
function started<W extends PollingWatch>(watch: W): W {
  afterThisTest(() => watch.stop());
  void watch.start();
  return watch;
}

describe('polling watch', () => {
  /** A watch whose device answers as `answers` says; records when each look happened. */
  function scripted(answers: () => Observation, options: { intervalMs: number; maxIntervalMs?: number }) {
    const looks: number[] = [];
    const watch = new PollingWatch({
      name: 'devices.test',
      id: 'test',
      label: '测试设备',
      endpoint: 'test',
      check: async () => {
        looks.push(Date.now());
        return answers();
      },
      ...options,
      ...common,
    });
    return { watch: started(watch), looks };
  }

  it('waits twice as long after each look that missed, up to the limit, and looks at the interval again once found', async () => {
    let present = false;
    const { watch, looks } = scripted(() => (present ? { state: 'connected', detail: '在' } : { state: 'offline', detail: '不在' }), { intervalMs: 50, maxIntervalMs: 400 });
    await until('six looks', () => looks.length >= 6, 5000);
    const gaps = looks.slice(1, 6).map((t, i) => t - (looks[i] as number));
    // 50, 100, 200, 400, 400 ms: timers fire late, never early, so the lower bounds are exact;
    // without the limit the fifth wait would be 800 ms.
    expect(gaps[0]).toBeGreaterThanOrEqual(48);
    expect(gaps[1]).toBeGreaterThanOrEqual(98);
    expect(gaps[2]).toBeGreaterThanOrEqual(198);
    expect(gaps[3]).toBeGreaterThanOrEqual(398);
    expect(gaps[4]).toBeGreaterThanOrEqual(398);
    expect(gaps[4]).toBeLessThan(750);
    present = true;
    await until('connected', () => watch.status().state === 'connected', 5000);
    const found = looks.length;
    await until('two more looks', () => looks.length >= found + 2, 5000);
    // Back at the interval (50 ms), not at the 400 ms the misses had reached.
    expect((looks[found + 1] as number) - (looks[found] as number)).toBeLessThan(350);
  });

  it('says nothing when a look finds what the last one found, and stops looking when stopped', async () => {
    const { watch, looks } = scripted(() => ({ state: 'connected', detail: '在' }), { intervalMs: 20 });
    const reports = recorded(watch);
    await until('five looks', () => looks.length >= 5);
    expect(reports).toHaveLength(1);
    await watch.stop();
    const seen = looks.length;
    await new Promise((r) => setTimeout(r, 100));
    expect(looks.length).toBe(seen);
  });

  it('stops within a moment while a look that cannot be aborted hangs (a system call that takes no signal)', async () => {
    let looks = 0;
    // Ignores the abort signal and never settles, as a hung system call would.
    const watch = started(
      new PollingWatch({
        name: 'devices.test',
        id: 'test',
        label: '测试设备',
        endpoint: 'test',
        check: () => {
          looks += 1;
          return new Promise<Observation>(() => {});
        },
        intervalMs: 20,
        ...common,
      }),
    );
    await until('the look under way', () => looks === 1);
    const began = Date.now();
    await watch.stop();
    expect(Date.now() - began).toBeLessThan(STOP_WAIT_MS + 500);
    expect(watch.status().detail).toBe(CHECKING_DETAIL);
    await new Promise((r) => setTimeout(r, 60));
    expect(looks).toBe(1);
  });

  it('waits at stop for a look that honours the abort, and drops its answer', async () => {
    let settled = false;
    const watch = started(
      new PollingWatch({
        name: 'devices.test',
        id: 'test',
        label: '测试设备',
        endpoint: 'test',
        // As the upstream's look: the abort ends its request, which settles a moment later.
        check: (signal) =>
          new Promise<Observation>((resolve) => {
            signal.addEventListener('abort', () =>
              setTimeout(() => {
                settled = true;
                resolve({ state: 'connected', detail: '在' });
              }, 30),
            );
          }),
        intervalMs: 20,
        ...common,
      }),
    );
    await new Promise((r) => setTimeout(r, 20));
    await watch.stop();
    expect(settled).toBe(true);
    expect(watch.status()).toMatchObject({ state: 'offline', detail: CHECKING_DETAIL });
  });

  it('reports a check that throws as an error instead of stopping', async () => {
    let calls = 0;
    const { watch } = scripted(() => {
      calls += 1;
      if (calls === 1) throw new Error('bug');
      return { state: 'connected', detail: '在' };
    }, { intervalMs: 20 });
    const reports = recorded(watch);
    await until('connected after the failed look', () => watch.status().state === 'connected');
    expect(reports[0]).toMatchObject({ state: 'error', detail: '状态检测出错，请查看日志' });
  });
});
