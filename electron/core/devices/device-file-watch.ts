import fs from 'node:fs';
import { deviceNodeKind, KIND_WORDS } from './device-node-kind';
import { ioFailure } from './io-failure';
import { deviceWatch, type DeviceWatchBasics, type Observation, type PollingWatch } from './polling-watch';

export interface DeviceFileWatchOptions extends DeviceWatchBasics {
  /** `/dev/usb/lp0`, a printer share's path. */
  path: string;
}

/**
 * Whether a device file (a USB printer's `/dev/usb/lp0`) exists and this account may write it.
 * The kernel removes the node when the printer is unplugged or switched off. A regular file is
 * accepted too (printing to a file is a legitimate setting); a folder or any other kind of entry
 * is a wrong setting: `error`, saying so.
 */
export async function lookAtDeviceFile(path: string): Promise<Observation> {
  try {
    const kind = await deviceNodeKind(path);
    if (kind !== 'character device' && kind !== 'regular file') {
      return { state: 'error', detail: `“${path}” 是${KIND_WORDS[kind]}，不是打印机设备文件，请检查配置文件中的打印机路径` };
    }
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
