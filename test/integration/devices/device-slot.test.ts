import { describe, expect, it } from 'vitest';
import { systemClock } from '../../../electron/core/clock';
import { DeviceSlot, type SlotContent } from '../../../electron/core/devices/device-slot';
import { notConfigured } from '../../../electron/core/devices/not-configured';
import { PollingWatch, STOP_WAIT_MS, type Observation } from '../../../electron/core/devices/polling-watch';
import { silentLogger } from '../../../electron/core/logging/logger';
import { afterThisTest, recorded, until } from './watch-test-support';

const common = { clock: systemClock, log: silentLogger };

/** A watch at `endpoint` whose looks answer `answer()` (a promise that may never settle), counted. */
function probeWatch(endpoint: string, answer: () => Promise<Observation>): { content: SlotContent; looks: () => number } {
  let looks = 0;
  const watch = new PollingWatch({
    name: 'devices.ratingDevice',
    id: 'ratingDevice',
    label: '评价器',
    endpoint,
    intervalMs: 20,
    check: () => {
      looks++;
      return answer();
    },
    ...common,
  });
  return { content: { source: watch, service: watch }, looks: () => looks };
}

const connected = async (): Promise<Observation> => ({ state: 'connected', detail: '串口已就绪' });
const never = (): Promise<Observation> => new Promise(() => undefined);

function slotOf(content: SlotContent): DeviceSlot {
  const slot = new DeviceSlot('ratingDevice', '评价器', content, silentLogger);
  afterThisTest(() => slot.stop());
  return slot;
}

describe('device slot', () => {
  it('swaps a watch whose look hangs for a new one within a moment, under the same id, and drops the old one', async () => {
    const hanging = probeWatch('/dev/ttyUSB0', never);
    const slot = slotOf(hanging.content);
    const reports = recorded(slot);
    await slot.start();
    await until('the first look under way', () => hanging.looks() === 1);

    const fresh = probeWatch('/dev/ttyUSB1', connected);
    const began = Date.now();
    await slot.replace(fresh.content);
    expect(Date.now() - began).toBeLessThan(STOP_WAIT_MS + 500);
    await until('the new watch connected', () => slot.status().state === 'connected');
    expect(slot.id).toBe('ratingDevice');
    expect(slot.status().endpoint).toBe('/dev/ttyUSB1');
    // Listeners heard the swap itself (正在检测… at the new place), then the new watch's answer.
    expect(reports.map((r) => [r.state, r.endpoint])).toEqual([
      ['offline', '/dev/ttyUSB1'],
      ['connected', '/dev/ttyUSB1'],
    ]);
    await new Promise((r) => setTimeout(r, 100));
    expect(hanging.looks()).toBe(1);
    expect(fresh.looks()).toBeGreaterThan(1);
  });

  it('shows 未配置 when the device is removed, and looks no more', async () => {
    const watch = probeWatch('/dev/ttyUSB0', connected);
    const slot = slotOf(watch.content);
    const reports = recorded(slot);
    await slot.start();
    await until('connected', () => slot.status().state === 'connected');
    await slot.replace({ source: notConfigured('ratingDevice', '评价器', new Date().toISOString()), service: null });
    expect(slot.status()).toMatchObject({ state: 'not_configured', endpoint: null });
    expect(reports.at(-1)?.state).toBe('not_configured');
    const looks = watch.looks();
    await new Promise((r) => setTimeout(r, 100));
    expect(watch.looks()).toBe(looks);
  });

  it('stopped while a swap is under way, stops the new watch too; swapped after stop, starts nothing', async () => {
    const slow = probeWatch('/dev/ttyUSB0', never);
    const slot = slotOf(slow.content);
    await slot.start();
    await until('the first look under way', () => slow.looks() === 1);
    const next = probeWatch('/dev/ttyUSB1', connected);
    const swapping = slot.replace(next.content);
    const stopping = slot.stop();
    await Promise.all([swapping, stopping]);
    const looksAtStop = next.looks();
    await new Promise((r) => setTimeout(r, 100));
    expect(next.looks()).toBe(looksAtStop);

    const afterClose = probeWatch('/dev/ttyUSB2', connected);
    await slot.replace(afterClose.content);
    await new Promise((r) => setTimeout(r, 100));
    expect(afterClose.looks()).toBe(0);
    expect(slot.status().endpoint).toBe('/dev/ttyUSB2');
  });
});
