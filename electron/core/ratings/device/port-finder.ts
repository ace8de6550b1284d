import fs from 'node:fs';
import type { RatingDeviceConfig } from '../../../contract/config';
import { bounded } from './serial-line';

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
 * The port to open. `configuredPath` when it carries the USB identity `usb` (vendor and product id,
 * and the serial number when configured), or when no identity is configured. Otherwise a rename is
 * followed only to a SINGLE other port with that identity that is not in `excluded` (the paths of
 * the window's other devices, and adapters of the same make seen beside ours): with no serial
 * number, "same make" is all a CH340 says, and the receipt printer's adapter is very often one
 * (review of issue 15 #4) — writing IDENT/POLL to a printer prints garbage. Several candidates, or
 * none: `configuredPath` (offline until the device is back). Pure.
 * Source: issue 15, "What breaks in the field" (a replugged adapter comes back as ttyUSB1 / COM4).
 */
export function pickPort(ports: ReadonlyArray<ListedPort>, usb: UsbIdentity | null, configuredPath: string, excluded: ReadonlySet<string> = new Set()): string {
  if (usb === null) return configuredPath;
  const matches = ports.filter(
    (p) => same(p.vendorId, usb.vendorId) && same(p.productId, usb.productId) && (usb.serialNumber === null || p.serialNumber === usb.serialNumber),
  );
  if (matches.some((p) => p.path === configuredPath)) return configuredPath;
  const candidates = matches.filter((p) => p.path !== configuredPath && !excluded.has(p.path));
  return candidates.length === 1 && candidates[0] ? candidates[0].path : configuredPath;
}

/**
 * SerialPort.list() bounded in time (`timeoutMs`): a hung udev / SetupAPI call rejects instead of
 * stopping reconnection for good (review of issue 15 #8). @throws Error when it fails or overruns.
 */
export function listPortsBounded(listPorts: RatingPortLister, timeoutMs: number): Promise<ReadonlyArray<ListedPort>> {
  return bounded(
    Promise.resolve().then(listPorts),
    timeoutMs,
    () => new Error(`listing serial ports took more than ${timeoutMs} ms`),
  );
}

/** Finds where the device is now (pickPort over the lister, bounded by `timeoutMs`); a lister that fails or hangs leaves `path`. */
export async function findPortPath(
  config: Pick<RatingDeviceConfig, 'path' | 'usb'>,
  listPorts: RatingPortLister,
  options: { timeoutMs?: number; excluded?: ReadonlySet<string> } = {},
): Promise<string> {
  if (config.usb === null) return config.path;
  try {
    return pickPort(await listPortsBounded(listPorts, options.timeoutMs ?? 1000), config.usb, config.path, options.excluded);
  } catch {
    return config.path;
  }
}

/**
 * Where a driver finds its device before each open: findPortPath() excluding the other devices'
 * configured paths (`otherDevicePaths`, asked each time: settings are live) and every adapter of the
 * same make it has seen listed BESIDE the port it uses — that one is another device's, whatever its
 * name. Remembered for the driver's life (an adapter seen beside ours stays excluded after ours is
 * pulled, which is the moment it would otherwise be taken).
 */
export class PortFinder {
  private readonly beside = new Set<string>();

  constructor(
    private readonly config: Pick<RatingDeviceConfig, 'path' | 'usb'>,
    private readonly listPorts: RatingPortLister,
    private readonly timeoutMs: number,
    private readonly otherDevicePaths: () => ReadonlyArray<string> = () => [],
  ) {}

  /** The path to open now (the configured one when the lister fails, hangs, or nothing better is found). */
  async find(): Promise<string> {
    const usb = this.config.usb;
    if (usb === null) return this.config.path;
    let ports: ReadonlyArray<ListedPort>;
    try {
      ports = await listPortsBounded(this.listPorts, this.timeoutMs);
    } catch {
      return this.config.path;
    }
    const excluded = new Set([...this.beside, ...this.otherDevicePaths()]);
    const path = pickPort(ports, usb, this.config.path, excluded);
    const sameMake = ports.filter((p) => same(p.vendorId, usb.vendorId) && same(p.productId, usb.productId));
    if (sameMake.some((p) => p.path === path)) for (const p of sameMake) if (p.path !== path) this.beside.add(p.path);
    return path;
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
 * lister fails or overruns `listTimeoutMs` the port counts as present (the exchanges' own time-outs
 * still notice a silent device).
 */
export async function portPresence(path: string, opened: string | null, listPorts: RatingPortLister, listTimeoutMs = 1000): Promise<PortPresence> {
  if (path.startsWith('/')) {
    const now = portIdentity(path);
    if (now === null) return 'gone';
    return opened === null || now === opened ? 'present' : 'replaced';
  }
  try {
    return (await listPortsBounded(listPorts, listTimeoutMs)).some((p) => p.path === path) ? 'present' : 'gone';
  } catch {
    return 'present';
  }
}

/** portPresence() without an identity to compare: whether the path is there at all. */
export async function portPresent(path: string, listPorts: RatingPortLister): Promise<boolean> {
  return (await portPresence(path, null, listPorts)) !== 'gone';
}
