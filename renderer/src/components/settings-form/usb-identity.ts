/**
 * A serial port's USB identity as the rating device's settings keep it (config.json
 * `devices.ratingDevice.usb`): what 按所选串口填入 copies from the port's listing. Pure.
 */
import type { SerialPortInfo } from '../../../../electron/contract';

/** The vendor and product id (hex, as the OS lists them) and the adapter's serial number, if any. */
export interface UsbIdentity {
  vendorId: string;
  productId: string;
  serialNumber: string | null;
}

/**
 * The identity the OS gives for `port`, or null when it gives no vendor or product id (a
 * built-in COM port, a pty): then there is nothing to find the device again by.
 */
export function usbIdentityOf(port: SerialPortInfo): UsbIdentity | null {
  const vendorId = port.vendorId?.trim() ?? '';
  const productId = port.productId?.trim() ?? '';
  if (!vendorId || !productId) return null;
  const serialNumber = port.serialNumber?.trim() ?? '';
  return { vendorId, productId, serialNumber: serialNumber === '' ? null : serialNumber };
}
