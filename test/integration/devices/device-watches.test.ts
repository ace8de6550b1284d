import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { systemClock } from '../../../electron/core/clock';
import { deviceFileWatch, lookAtDeviceFile } from '../../../electron/core/devices/device-file-watch';
import { CHECKING_DETAIL, PollingWatch, STOP_WAIT_MS, type Observation } from '../../../electron/core/devices/polling-watch';
import { lookAtSerialPort, serialPortWatch } from '../../../electron/core/devices/serial-port-watch';
import { tcpPrinterWatch } from '../../../electron/core/devices/tcp-printer-watch';
import { silentLogger } from '../../../electron/core/logging/logger';
import { makeTempDir } from '../../support/temp-dirs';
import { afterThisTest, ptyPair, recorded, until } from './watch-test-support';

const common = { clock: systemClock, log: silentLogger };

/** `watch`, started now and stopped after the test. */
function started<W extends PollingWatch>(watch: W): W {
  afterThisTest(() => watch.stop());
  void watch.start();
  return watch;
}

describe('serial port watch', () => {
  it('flips connected -> offline -> connected by itself when the port disappears and comes back', async () => {
    const dir = makeTempDir('serial-watch');
    const first = await ptyPair(dir);
    const watch = serialPortWatch({ id: 'ratingDevice', label: '评价器', path: first.b, lister: async () => [], intervalMs: 50, ...common });
    const reports = recorded(started(watch));
    await until('connected', () => watch.status().state === 'connected');
    expect(watch.status()).toMatchObject({ endpoint: first.b, detail: '串口已就绪' });
    const connectedSince = watch.status().since;

    await first.stop();
    await until('offline', () => watch.status().state === 'offline');
    expect(watch.status().detail).toContain('未检测到串口');

    // socat makes the same link again, as a USB adapter comes back under the same name.
    await ptyPair(dir);
    await until('connected again', () => reports.length >= 3);
    expect(reports.map((r) => r.state)).toEqual(['connected', 'offline', 'connected']);
    expect(watch.status().since > connectedSince).toBe(true);
  });

  it('takes a COM port from the lister, and a lister that fails from the device node', async () => {
    let listed = ['COM3'];
    expect(await lookAtSerialPort('COM3', async () => listed)).toEqual({ state: 'connected', detail: '串口已就绪' });
    listed = ['COM4'];
    expect((await lookAtSerialPort('COM3', async () => listed)).state).toBe('offline');
    const pair = await ptyPair(makeTempDir('serial-lister'));
    const failing = async (): Promise<string[]> => {
      throw new Error('udev is not running');
    };
    expect((await lookAtSerialPort(pair.a, failing)).state).toBe('connected');
  });

  it('reports a path it can never use as an error with the reason in words, not as offline', async () => {
    const file = path.join(makeTempDir('serial-error'), 'plain-file');
    fs.writeFileSync(file, '');
    const watch = started(serialPortWatch({ id: 'ratingDevice', label: '评价器', path: path.join(file, 'ttyUSB0'), lister: async () => [], intervalMs: 50, ...common }));
    await until('error', () => watch.status().state === 'error');
    expect(watch.status().detail).toBe('串口无法使用：配置的路径不正确');
  });

  it('reports a folder or a regular file configured as the port as an error that says so, never as connected', async () => {
    const dir = makeTempDir('serial-kind');
    const file = path.join(dir, 'hostname');
    fs.writeFileSync(file, 'counter-12\n');
    const none = async (): Promise<string[]> => [];
    expect(await lookAtSerialPort(dir, none)).toEqual({ state: 'error', detail: `“${dir}” 是文件夹，不是串口设备，请检查配置文件中的串口路径` });
    expect(await lookAtSerialPort(file, none)).toEqual({ state: 'error', detail: `“${file}” 是普通文件，不是串口设备，请检查配置文件中的串口路径` });
    // A pty (what socat makes, as a USB adapter's node) is a character device: connected.
    const pair = await ptyPair(dir);
    expect(await lookAtSerialPort(pair.b, none)).toEqual({ state: 'connected', detail: '串口已就绪' });
    // Nothing at the path: unplugged, expected back by itself.
    expect(await lookAtSerialPort(path.join(dir, 'ttyUSB7'), none)).toEqual({
      state: 'offline',
      detail: '未检测到串口，请检查连接线或 USB 转串口适配器',
    });
  });
});

describe('network printer watch', () => {
  async function listen(port = 0): Promise<net.Server> {
    const server = net.createServer((socket) => socket.end());
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => resolve());
    });
    afterThisTest(() => new Promise<void>((resolve) => server.close(() => resolve())));
    return server;
  }

  it('notices a printer going away and coming back on the same port, without being asked', async () => {
    const first = await listen();
    const port = (first.address() as net.AddressInfo).port;
    const watch = tcpPrinterWatch({ id: 'receiptPrinter', label: '回执打印机', host: '127.0.0.1', port, intervalMs: 50, maxIntervalMs: 200, ...common });
    const reports = recorded(started(watch));
    await until('connected', () => watch.status().state === 'connected');
    expect(watch.status()).toMatchObject({ endpoint: `127.0.0.1:${port}`, detail: '网络打印机可连接' });

    await new Promise<void>((resolve) => first.close(() => resolve()));
    await until('offline', () => watch.status().state === 'offline');
    expect(watch.status().detail).toBe('无法连接打印机：对方拒绝连接（未开机，或端口不对）');

    await listen(port);
    await until('connected again', () => reports.length >= 3);
    expect(reports.map((r) => r.state)).toEqual(['connected', 'offline', 'connected']);
  });
});

describe('device file watch', () => {
  it('is connected while the device file exists and offline once it is gone', async () => {
    const file = path.join(makeTempDir('lp'), 'lp0');
    fs.writeFileSync(file, '');
    const watch = started(deviceFileWatch({ id: 'ticketPrinter', label: '排队票打印机', path: file, intervalMs: 50, ...common }));
    await until('connected', () => watch.status().state === 'connected');
    fs.rmSync(file);
    await until('offline', () => watch.status().state === 'offline');
    expect(watch.status()).toMatchObject({ endpoint: file, detail: '设备文件不存在，请检查打印机的电源和连接线' });
  });

  it('reports a folder configured as the device file as an error that says so, and takes a character device', async () => {
    const dir = makeTempDir('lp-kind');
    const watch = started(deviceFileWatch({ id: 'receiptPrinter', label: '回执打印机', path: dir, intervalMs: 50, ...common }));
    await until('error', () => watch.status().state === 'error');
    expect(watch.status()).toMatchObject({ endpoint: dir, detail: `“${dir}” 是文件夹，不是打印机设备文件，请检查配置文件中的打印机路径` });
    const pair = await ptyPair(dir);
    expect(await lookAtDeviceFile(pair.b)).toEqual({ state: 'connected', detail: '设备文件可写' });
  });
});

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

  it('stops within a moment while a look that cannot be aborted hangs (SerialPort.list() on a slow system)', async () => {
    let lists = 0;
    const hanging = (): Promise<string[]> => {
      lists += 1;
      return new Promise<string[]>(() => {});
    };
    const watch = started(serialPortWatch({ id: 'ratingDevice', label: '评价器', path: '/dev/ttyUSB9', lister: hanging, intervalMs: 20, ...common }));
    await until('the look under way', () => lists === 1);
    const began = Date.now();
    await watch.stop();
    expect(Date.now() - began).toBeLessThan(STOP_WAIT_MS + 500);
    expect(watch.status().detail).toBe(CHECKING_DETAIL);
    await new Promise((r) => setTimeout(r, 60));
    expect(lists).toBe(1);
  });

  it('waits at stop for a look that honours the abort, and drops its answer', async () => {
    let settled = false;
    const watch = started(
      new PollingWatch({
        name: 'devices.test',
        id: 'test',
        label: '测试设备',
        endpoint: 'test',
        // As the network printer's look: the abort closes its socket, which settles a moment later.
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
