import { describe, expect, it, vi } from 'vitest';
import { RepeatWindow } from '../../../../../electron/core/ratings/device/legacy-repeat-window';
import { otherDevicePaths } from '../../../../../electron/core/ratings/device/other-device-paths';
import { PortFinder, findPortPath, pickPort } from '../../../../../electron/core/ratings/device/port-finder';
import { bounded, openFailure } from '../../../../../electron/core/ratings/device/serial-line';
import { reopenDelayMs, DEFAULT_RATING_DRIVER_TIMING } from '../../../../../electron/core/ratings/device/timing';
import { deviceEventRecord, v1EventKey } from '../../../../../electron/core/ratings/device/v1-events';
import { faultWords } from '../../../../../electron/core/ratings/device/rating-status';

describe('legacy bus de-duplication window', () => {
  it('takes a repeat of the same (address, score) within the window after our ack as a resend, and restarts the window on each re-ack', () => {
    const window = new RepeatWindow(2000);
    expect(window.isRepeat(5, 2, 0)).toBe(false);
    window.acked(5, 2, 1000);
    expect(window.isRepeat(5, 2, 2999)).toBe(true);
    // Another score or address is another vote.
    expect(window.isRepeat(5, 3, 1500)).toBe(false);
    expect(window.isRepeat(6, 2, 1500)).toBe(false);
    window.acked(5, 2, 2500);
    expect(window.isRepeat(5, 2, 4400)).toBe(true);
    // Documented limit: resent after the window, it is a new vote.
    expect(window.isRepeat(5, 2, 4500)).toBe(false);
  });
});

describe('finding the device again after a replug', () => {
  const usb = { vendorId: '1A86', productId: '7523', serialNumber: 'A1' };
  it('picks the port with the USB identity (case-insensitive hex), preferring the configured path, else falls back to it', () => {
    const ports = [
      { path: '/dev/ttyS0' },
      { path: '/dev/ttyUSB1', vendorId: '1a86', productId: '7523', serialNumber: 'A1' },
      { path: '/dev/ttyUSB2', vendorId: '1a86', productId: '7523', serialNumber: 'B2' },
    ];
    expect(pickPort(ports, usb, '/dev/ttyUSB0')).toBe('/dev/ttyUSB1');
    expect(pickPort(ports, { ...usb, serialNumber: null }, '/dev/ttyUSB2')).toBe('/dev/ttyUSB2');
    expect(pickPort(ports, { ...usb, serialNumber: 'ZZ' }, '/dev/ttyUSB0')).toBe('/dev/ttyUSB0');
    expect(pickPort(ports, null, 'COM3')).toBe('COM3');
  });

  it('follows a rename only to a single match that is no other device\'s port (two CH340s without serial numbers: the printer\'s is never taken)', () => {
    const noSerial = { ...usb, serialNumber: null };
    const printer = { path: '/dev/ttyUSB1', vendorId: '1a86', productId: '7523', serialNumber: null };
    const ours = { path: '/dev/ttyUSB2', vendorId: '1a86', productId: '7523', serialNumber: null };
    // Ours pulled, the printer's adapter of the same make still there: it was taken before this rule.
    expect(pickPort([printer], noSerial, '/dev/ttyUSB0', new Set(['/dev/ttyUSB1']))).toBe('/dev/ttyUSB0');
    // Two candidates and nothing to tell them apart: neither.
    expect(pickPort([printer, ours], noSerial, '/dev/ttyUSB0')).toBe('/dev/ttyUSB0');
    // Ours back under a new name beside the printer's: the single candidate left.
    expect(pickPort([printer, ours], noSerial, '/dev/ttyUSB0', new Set(['/dev/ttyUSB1']))).toBe('/dev/ttyUSB2');
  });

  it('remembers an adapter of the same make seen beside ours as another device\'s, bounds a hung listing, and asks for the other devices\' paths', async () => {
    const noSerial = { ...usb, serialNumber: null };
    const printer = { path: '/dev/ttyUSB1', vendorId: '1a86', productId: '7523', serialNumber: null };
    const ours = { path: '/dev/ttyUSB0', vendorId: '1a86', productId: '7523', serialNumber: null };
    let listed: Array<typeof ours> = [ours, printer];
    const finder = new PortFinder({ path: '/dev/ttyUSB0', usb: noSerial }, async () => listed, 200);
    expect(await finder.find()).toBe('/dev/ttyUSB0');
    listed = [printer];
    expect(await finder.find()).toBe('/dev/ttyUSB0');
    listed = [printer, { ...ours, path: '/dev/ttyUSB3' }];
    expect(await finder.find()).toBe('/dev/ttyUSB3');
    // A configured printer path is never taken, even never seen beside ours.
    const fresh = new PortFinder({ path: '/dev/ttyUSB0', usb: noSerial }, async () => [printer], 200, () => ['/dev/ttyUSB1']);
    expect(await fresh.find()).toBe('/dev/ttyUSB0');
    // A lister that never answers: the configured path, within the bound.
    const hung = new PortFinder({ path: '/dev/ttyUSB0', usb }, () => new Promise(() => undefined), 200);
    const at = performance.now();
    expect(await hung.find()).toBe('/dev/ttyUSB0');
    expect(performance.now() - at).toBeLessThan(1000);
    expect(await findPortPath({ path: 'COM3', usb }, () => new Promise(() => undefined), { timeoutMs: 100 })).toBe('COM3');
  });
});

describe("the window's other devices' ports", () => {
  it('names the serial and device-file printers, not a network or system one', () => {
    const printer = { paperWidthMm: 80, encoding: 'gbk', qrMode: 'native' } as const;
    expect(
      otherDevicePaths({
        devices: {
          ratingDevice: null,
          receiptPrinter: { type: 'serial', path: '/dev/ttyUSB1', baudRate: 9600, flowControl: 'none', ...printer },
          ticketPrinter: { type: 'tcp', host: '192.168.1.20', port: 9100, ...printer },
        },
      } as Parameters<typeof otherDevicePaths>[0]),
    ).toEqual(['/dev/ttyUSB1']);
  });
});

describe('bounds and back-off', () => {
  it('reopens after 250 ms doubling to 5 s', () => {
    expect([1, 2, 3, 4, 5, 6, 50].map((n) => reopenDelayMs(n, DEFAULT_RATING_DRIVER_TIMING))).toEqual([250, 500, 1000, 2000, 4000, 5000, 5000]);
  });

  it('gives up on a write that neither fails nor drains', async () => {
    vi.useFakeTimers();
    try {
      const hung = bounded(new Promise<void>(() => undefined), 300, () => new Error('未能发出数据'));
      const settled = expect(hung).rejects.toThrow('未能发出数据');
      await vi.advanceTimersByTimeAsync(300);
      await settled;
    } finally {
      vi.useRealTimers();
    }
  });

  it('retries "Access denied"/busy right after a replug, and names a missing port in Chinese', () => {
    expect(openFailure('COM4', new Error('Opening COM4: Access denied'))).toMatchObject({ busy: true, state: 'error' });
    expect(openFailure('/dev/ttyUSB0', new Error('Error Resource busy, cannot open /dev/ttyUSB0'))).toMatchObject({ busy: true });
    const missing = openFailure('/dev/ttyUSB0', new Error('Error: No such file or directory, cannot open /dev/ttyUSB0'));
    expect(missing.state).toBe('offline');
    expect(missing.message).toContain('未找到串口');
  });
});

describe('v1 events as what is stored', () => {
  it('maps a RATING to a vote keyed by serial and event id, satisfaction by name, device time as ISO', () => {
    const record = deviceEventRecord({ eventId: 17, kind: 'rating', sessionId: 9, level: 2, slot: 3, deviceTime: 1_796_000_000 }, 'RD1', 1, '2026-11-30T08:00:00.000Z');
    expect(record).toEqual({
      kind: 'vote',
      vote: {
        key: v1EventKey('RD1', 17),
        protocol: 'v1',
        satisfaction: 'dissatisfied',
        deviceSerial: 'RD1',
        deviceEventId: 17,
        address: 1,
        slot: 3,
        deviceSessionId: 9,
        deviceTime: new Date(1_796_000_000_000).toISOString(),
        receivedAt: '2026-11-30T08:00:00.000Z',
      },
    });
    expect(record.kind === 'vote' && record.vote.key).toBe('v1:RD1:17');
  });

  it('maps a FAULT to a fault event, and names faults in the status words', () => {
    expect(deviceEventRecord({ eventId: 3, kind: 'fault', sessionId: 0, level: 2, slot: 0, deviceTime: 0 }, 'RD1', 1, 'x')).toMatchObject({
      kind: 'fault',
      fault: { key: 'v1:RD1:3', fault: 'box_full' },
    });
    expect(faultWords({ armed: true, boxFull: true, coinJam: true, coverOpen: false, sensorFault: false })).toBe('投币口卡币、币箱已满');
    expect(faultWords({ armed: true, boxFull: false, coinJam: false, coverOpen: false, sensorFault: false })).toBeNull();
  });
});
