/**
 * Lists the serial ports the OS knows of (paths: `/dev/ttyUSB0`, `COM3`). Injected into the
 * serial watches (`createCore`'s `serialPortLister` option) so tests and machines without udev
 * still work; may reject (SerialPort.list() needs udev on Linux).
 */
export type SerialPortLister = () => Promise<string[]>;

/** The system's list, by the serialport package (loaded on first use: it is a native module). */
export async function listSerialPorts(): Promise<string[]> {
  const { SerialPort } = await import('serialport');
  const ports = await SerialPort.list();
  return ports.map((p) => p.path);
}
