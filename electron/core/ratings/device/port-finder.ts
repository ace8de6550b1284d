import fs from 'node:fs';
import type { RatingDeviceConfig } from '../../../contract/config';

/** A port as SerialPort.list() describes it (only what finding the device needs). */
export interface ListedPort {
  path: string;
  vendorId?: string | null | undefined;
  productId?: string | null | undefined;
  serialNumber?: string | null | undefined;
}

/** Lists the serial ports (SerialPort.list() shape); injected so tests can fake a replug under a new name. May reject (no udev). */
export type RatingPortLister = () => Promise<ReadonlyArray<ListedPort>>;

type UsbIdentity = NonNullable<RatingDeviceConfig['usb']>;

function same(a: string | null | undefined, b: string): boolean {
  return typeof a === 'string' && a.toLowerCase() === b.toLowerCase();
}

/**
 * The port to open: the one whose USB identity matches `usb` (vendor and product id, and the serial
 * number when configured), preferring `configuredPath` when several match (two adapters of one make
 * without serial numbers); `configuredPath` when none matches or no identity is configured. Pure.
 * Source: issue 15, "What breaks in the field" (a replugged adapter comes back as ttyUSB1 / COM4).
 */
export function pickPort(ports: ReadonlyArray<ListedPort>, usb: UsbIdentity | null, configuredPath: string): string {
  if (usb === null) return configuredPath;
  const matches = ports.filter(
    (p) => same(p.vendorId, usb.vendorId) && same(p.productId, usb.productId) && (usb.serialNumber === null || p.serialNumber === usb.serialNumber),
  );
  if (matches.length === 0) return configuredPath;
  return (matches.find((p) => p.path === configuredPath) ?? [...matches].sort((a, b) => a.path.localeCompare(b.path, 'en', { numeric: true }))[0] ?? { path: configuredPath }).path;
}

/** Finds where the device is now (pickPort over the lister); a lister that fails leaves `path`. */
export async function findPortPath(config: Pick<RatingDeviceConfig, 'path' | 'usb'>, listPorts: RatingPortLister): Promise<string> {
  if (config.usb === null) return config.path;
  try {
    return pickPort(await listPorts(), config.usb, config.path);
  } catch {
    return config.path;
  }
}

/**
 * What the node behind a device-file path is: its resolved path (fs.realpathSync: a udev
 * `by-id` link or a pty link names a different node after a replug) and the node's device, inode
 * and device number (stat follows the link: a ttyUSB0 removed and created again is a new inode even
 * under the same name). `null` when the path does not exist now, or is not a device-file path
 * (COM ports: nothing to resolve; the lister is asked instead).
 */
export function portIdentity(path: string): string | null {
  if (!path.startsWith('/')) return null;
  try {
    const real = fs.realpathSync(path);
    const st = fs.statSync(real);
    return `${real}|${st.dev}:${st.ino}:${st.rdev}`;
  } catch {
    return null;
  }
}

/** What became of an open port: still the one opened, gone, or another node under its name (a replug). */
export type PortPresence = 'present' | 'gone' | 'replaced';

/**
 * Whether an open port is still there: on a system with device files (Linux, macOS) whether its
 * path exists — a pulled adapter's node goes away even when the open handle hears nothing — AND
 * still resolves to the node that was opened (`opened`, from portIdentity() taken before the open):
 * a replug faster than one check leaves the path in place but pointing at a NEW node, while the
 * open handle is a dead one that hears nothing (issue 15, the legacy stress test, seed 1837193966).
 * `opened` null: existence alone. Elsewhere (COM ports) whether the lister still lists it; when the
 * lister fails the port counts as present (the exchanges' own time-outs still notice a silent device).
 */
export async function portPresence(path: string, opened: string | null, listPorts: RatingPortLister): Promise<PortPresence> {
  if (path.startsWith('/')) {
    const now = portIdentity(path);
    if (now === null) return 'gone';
    return opened === null || now === opened ? 'present' : 'replaced';
  }
  try {
    return (await listPorts()).some((p) => p.path === path) ? 'present' : 'gone';
  } catch {
    return 'present';
  }
}

/** portPresence() without an identity to compare: whether the path is there at all. */
export async function portPresent(path: string, listPorts: RatingPortLister): Promise<boolean> {
  return (await portPresence(path, null, listPorts)) !== 'gone';
}
