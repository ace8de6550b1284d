import type { PortList, SerialPortInfo } from '../../contract/settings';

/**
 * The ports found now (PortList) from `listPorts`. A failed listing (no udev on Linux, the native
 * module missing) is not an error for the caller: the list is empty and says why, and IT can
 * still type a port.
 */
export async function listPortsForForm(listPorts: () => Promise<SerialPortInfo[]>): Promise<PortList> {
  try {
    return { ports: await listPorts(), error: null };
  } catch (err) {
    const reason = err instanceof Error ? err.message : String(err);
    return { ports: [], error: `无法列出串口：${reason}（Linux 需安装 udev）` };
  }
}
