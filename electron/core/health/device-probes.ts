import fs from 'node:fs';
import net from 'node:net';
import type { DeviceState } from '../../contract/health';
import type { PrinterConfig, RatingDeviceConfig } from '../config/config-schema';

export interface ProbeResult {
  state: DeviceState;
  endpoint: string | null;
  detail: string | null;
}

/** Lists serial ports the OS knows of; injected so tests and machines without udev still work. */
export type SerialPortLister = () => Promise<string[]>;

export async function listSerialPorts(): Promise<string[]> {
  const { SerialPort } = await import('serialport');
  const ports = await SerialPort.list();
  return ports.map((p) => p.path);
}

/**
 * Until a device's driver exists (later issues), presence is what can honestly be said: the
 * port is there (USB adapter plugged in) or the printer answers on its TCP port. A driver that
 * speaks the device's protocol replaces this with a real connected/offline state.
 */
export async function probeSerial(path: string, lister: SerialPortLister): Promise<ProbeResult> {
  let listed: string[] = [];
  try {
    listed = await lister();
  } catch {
    // SerialPort.list() needs udev on Linux; the device node check below still answers.
  }
  const present = listed.includes(path) || (!/^COM\d+$/i.test(path) && fs.existsSync(path));
  return present
    ? { state: 'connected', endpoint: path, detail: '串口已就绪' }
    : { state: 'offline', endpoint: path, detail: '未检测到串口，请检查连接线或 USB 转串口适配器' };
}

export function probeTcp(host: string, port: number, timeoutMs = 2000): Promise<ProbeResult> {
  const endpoint = `${host}:${port}`;
  return new Promise((resolve) => {
    const socket = net.connect({ host, port });
    const done = (result: ProbeResult) => {
      socket.destroy();
      resolve(result);
    };
    socket.setTimeout(timeoutMs, () => done({ state: 'offline', endpoint, detail: '连接超时' }));
    socket.once('connect', () => done({ state: 'connected', endpoint, detail: '网络打印机可连接' }));
    socket.once('error', (err) => done({ state: 'offline', endpoint, detail: `无法连接：${err.message}` }));
  });
}

export async function probeDeviceFile(path: string): Promise<ProbeResult> {
  try {
    await fs.promises.access(path, fs.constants.W_OK);
    return { state: 'connected', endpoint: path, detail: '设备文件可写' };
  } catch {
    return { state: 'offline', endpoint: path, detail: '设备文件不存在或不可写' };
  }
}

export function probePrinter(config: PrinterConfig | null, lister: SerialPortLister): Promise<ProbeResult> {
  if (!config) return Promise.resolve({ state: 'not_configured', endpoint: null, detail: null });
  switch (config.type) {
    case 'serial':
      return probeSerial(config.path, lister);
    case 'tcp':
      return probeTcp(config.host, config.port);
    case 'file':
      return probeDeviceFile(config.path);
  }
}

export function probeRatingDevice(config: RatingDeviceConfig | null, lister: SerialPortLister): Promise<ProbeResult> {
  if (!config) return Promise.resolve({ state: 'not_configured', endpoint: null, detail: null });
  return probeSerial(config.path, lister);
}

/** Reachability of the upstream; the sync client (a later issue) will report its own state. */
export async function probeUpstream(url: string, timeoutMs = 3000): Promise<{ online: boolean; detail: string }> {
  try {
    const res = await fetch(url, { method: 'HEAD', signal: AbortSignal.timeout(timeoutMs) });
    return { online: true, detail: `上级平台可访问（HTTP ${res.status}）` };
  } catch (err) {
    return { online: false, detail: `上级平台不可访问：${err instanceof Error ? err.message : String(err)}` };
  }
}
