import fs from 'node:fs';
import { ioFailure } from './io-failure';
import { deviceWatch, type DeviceWatchBasics, type Observation, type PollingWatch } from './polling-watch';

export interface DeviceFileWatchOptions extends DeviceWatchBasics {
  /** `/dev/usb/lp0`, a printer share's path. */
  path: string;
}

/**
 * Whether a device file (a USB printer's `/dev/usb/lp0`) exists and this account may write it.
 * The kernel removes the node when the printer is unplugged or switched off.
 */
export async function lookAtDeviceFile(path: string): Promise<Observation> {
  try {
    await fs.promises.access(path, fs.constants.W_OK);
    return { state: 'connected', detail: '设备文件可写' };
  } catch (err) {
    const failure = ioFailure(err);
    return failure.state === 'offline'
      ? { state: 'offline', detail: '设备文件不存在，请检查打印机的电源和连接线' }
      : { state: 'error', detail: `设备文件无法写入：${failure.reason}` };
  }
}

/** The watch of one device file (see lookAtDeviceFile), looking every `intervalMs`. */
export function deviceFileWatch({ path, ...basics }: DeviceFileWatchOptions): PollingWatch {
  return deviceWatch(basics, path, () => lookAtDeviceFile(path));
}
