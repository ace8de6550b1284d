import type { SerialPortInfo } from '../../contract/settings';

/**
 * Lists the serial ports the OS knows of with what their USB adapters say of themselves
 * (SerialPortInfo), sorted by path, for the setup screen and the 设置 page to offer. Injected
 * (`createCore`'s `serialPortInfoLister` option) so tests need no hardware; may reject, as
 * SerialPort.list() does without udev on Linux.
 */
export type SerialPortInfoLister = () => Promise<SerialPortInfo[]>;

/**
 * The system's list with the ports' descriptions (SerialPortInfoLister), by SerialPort.list() (the
 * serialport package, loaded on first use: it is a native module).
 * `friendlyName` is read where the binding gives one (Windows: `USB-SERIAL CH340 (COM3)`); it is
 * not in the binding's declared PortInfo, hence the narrow check. Empty strings count as missing.
 * @throws whatever SerialPort.list() throws (no udev, the native module missing).
 */
export async function listSerialPortInfo(): Promise<SerialPortInfo[]> {
  const { SerialPort } = await import('serialport');
  return describePorts(await SerialPort.list());
}

/**
 * The binding's port list as SerialPortInfo, sorted by path (COM3 before COM10). A field the
 * binding leaves out, or gives as an empty string, is null.
 */
export function describePorts(ports: ReadonlyArray<{ readonly path: string }>): SerialPortInfo[] {
  return ports
    .map((port) => {
      const said = port as Readonly<Record<string, unknown>>;
      return {
        path: port.path,
        manufacturer: textOrNull(said.manufacturer),
        friendlyName: textOrNull(said.friendlyName),
        serialNumber: textOrNull(said.serialNumber),
        vendorId: textOrNull(said.vendorId),
        productId: textOrNull(said.productId),
      };
    })
    .sort((a, b) => a.path.localeCompare(b.path, 'en', { numeric: true }));
}

function textOrNull(value: unknown): string | null {
  return typeof value === 'string' && value.trim() !== '' ? value : null;
}
