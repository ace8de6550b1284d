import fs from 'node:fs';
import { deviceNodeKind, KIND_WORDS } from './device-node-kind';
import { ioFailure } from './io-failure';
import { deviceWatch, type DeviceWatchBasics, type Observation, type PollingWatch } from './polling-watch';
import type { SerialPortLister } from './serial-ports';

export interface SerialPortWatchOptions extends DeviceWatchBasics {
  /** `/dev/ttyUSB0`, `/dev/serial/by-id/…`, `COM3`. */
  path: string;
  lister: SerialPortLister;
}

const READY = '串口已就绪';
const ABSENT = '未检测到串口，请检查连接线或 USB 转串口适配器';

/**
 * Presence of a serial port: the port is listed by the OS or, off Windows, its device node exists,
 * is a character device (a USB adapter's node, a socat pty) and this account may read and write
 * it. Any other entry at the path (a folder, a regular file) is a wrong setting: `error`, saying
 * so, since nothing will ever answer there by itself. Until the device's protocol driver comes
 * (the rating device, issue 15; serial printers, issue 14) this is what can honestly be said; an
 * unplugged USB adapter takes its node away, and a re-plug brings it back.
 */
export async function lookAtSerialPort(path: string, lister: SerialPortLister): Promise<Observation> {
  let listed: string[] = [];
  try {
    listed = await lister();
  } catch {
    // SerialPort.list() needs udev on Linux; the device node check below still answers.
  }
  // COM names are not files; on Windows the list is the only witness.
  if (/^COM\d+$/i.test(path)) return listed.includes(path) ? { state: 'connected', detail: READY } : { state: 'offline', detail: ABSENT };
  try {
    const kind = await deviceNodeKind(path);
    if (kind !== 'character device') {
      return { state: 'error', detail: `“${path}” 是${KIND_WORDS[kind]}，不是串口设备，请检查配置文件中的串口路径` };
    }
    await fs.promises.access(path, fs.constants.R_OK | fs.constants.W_OK);
    return { state: 'connected', detail: READY };
  } catch (err) {
    const failure = ioFailure(err);
    if (failure.state === 'offline') return listed.includes(path) ? { state: 'connected', detail: READY } : { state: 'offline', detail: ABSENT };
    return { state: 'error', detail: `串口无法使用：${failure.reason}` };
  }
}

/** The watch of one serial port (see lookAtSerialPort), looking every `intervalMs`. */
export function serialPortWatch({ path, lister, ...basics }: SerialPortWatchOptions): PollingWatch {
  return deviceWatch(basics, path, () => lookAtSerialPort(path, lister));
}
