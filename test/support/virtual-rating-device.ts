/**
 * The virtual coin-drop rating device for tests (issue 15), driven like test/support/virtual-printer.ts.
 *
 * It runs `scripts/emulate-rating.ts --json` as a CHILD PROCESS (electron/core/ratings/emulator:
 * the v1 device or the legacy hall bus evaluator + keypad), so it outlives a SIGKILL of the app
 * under test, and keeps its events in a JSON state file (`stateFile`) so it also survives its own
 * kill (`kill()` + `restart()`). Control channel: one JSON object a line on the child's stdin
 * (`{id, command}` with a command of the emulator's stdin language, or `{id, query}` with
 * `snapshot` | `events` | `unacknowledged`) and stdout (`{id, ok, result}`, `{note}`, `{ready}`).
 * The child stops when its stdin closes (the test process went away).
 *
 * Where it sits (`startVirtualRatingDevice`):
 * - `{ ptyDir }`: its own socat pty pair; the app opens `appPath` (`<ptyDir>/rating-tty`);
 *   `unplug()` removes the pair — `appPath` disappears as when a USB adapter is pulled — and
 *   `plug()` makes it again on the same path, or `plug(newPath)` on a NEW path (the adapter put into
 *   another USB socket: the OS gives it another name).
 * - `{ port }`: the far end of a pty pair the test made (test/support/socat.ts startPtyPair) or a
 *   real port; `unplug()` closes it, the app's side stays but goes unanswered.
 *
 * USB identity: a pty has none (SerialPort.list() does not even list it). Tests that exercise
 * "find the device again by its USB identity" inject the core's `serialPortInfoLister`
 * (electron/core/devices/serial-ports.ts) with `async () => device.portInfo() ? [device.portInfo()!] : []`:
 * `portInfo()` gives the current `appPath` with the `usb` identity passed here, and null while
 * unplugged — so after `plug(newPath)` the listing shows the same identity under the new path.
 *
 * Methods (all async ones go over the control channel):
 * - `coin(slot)`: slot 1-based as printed on the device, or a Satisfaction name / 中文 label;
 *   resolves with the event the device recorded (v1: event_id, session_id; legacy: score).
 *   @throws when the device refused (a jam, full box or sensor fault; no such slot).
 * - `fault(kind)`: coin_jam | box_full | cover_opened | sensor_fault (v1 FAULT event + status bit);
 *   `clearFaults()`.
 * - `garbage(n)`: n random bytes (seeded by `seed`) to the app.
 * - `dropReplies(p)`: withhold a fraction p (0..1) of replies at random (seeded): the action is done
 *   and the reply lost (a resend with the same SEQ gets the kept reply); legacy: pushes withheld.
 * - `mute()` / `unmute()`: v1: requests ignored entirely (no action, no reply; after 10 s unpolled
 *   the device disarms); legacy: no pushes.
 * - `key(k)`: legacy keypad key (`next`, `recall`, `rate`, `pause`, `transfer`, or a digit).
 * - `unacknowledged()`, `events()`: EmulatedEvent[] (rating-emulator.ts), oldest first.
 * - `armedSession()`: the v1 armed session `{ sessionId, until }` or null.
 * - `snapshot()`: plugged, muted, flags, counters … (RatingEmulatorSnapshot).
 * - `waitFor(pred, timeoutMs = 10 s)`: polls `pred(device)` (sync or async) every 50 ms until truthy.
 * - `notes()`: everything the device said (DeviceNote, Chinese text) since start.
 * - `kill()`: SIGKILL the emulator (its state file stays); `restart()`: start it again on the same
 *   place and state file. `stop()`: ends it (and its socat). `pid`: the child's pid.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import readline from 'node:readline';
import type { DeviceFault, RatingProtocol, Satisfaction } from '../../electron/contract/ratings';
import type { SerialPortInfo } from '../../electron/contract/settings';
import type { EmulatedEvent, RatingEmulatorSnapshot } from '../../electron/core/ratings/emulator/rating-emulator';
import type { DeviceNote } from '../../electron/core/ratings/emulator/v1-device';

export type { EmulatedEvent, RatingEmulatorSnapshot, DeviceNote };

const REPO_ROOT = path.resolve(__dirname, '..', '..');

export interface VirtualRatingDeviceOptions {
  /** Its own pty pair in this folder (the app opens `appPath`). */
  ptyDir?: string;
  /** Or: the path it opens itself (the other end of the test's pty pair). */
  port?: string;
  /** Default v1. */
  protocol?: RatingProtocol;
  /** v1 levels of the slots / legacy score bytes (default 5,4,3,2,1). */
  slots?: readonly number[];
  /** Default 1. */
  address?: number;
  /** JSON state file (events survive the emulator's restart); default: none (memory only). */
  stateFile?: string;
  /** v1 serial (default `VRD-<pid>`-like from the emulator; give one for stable vote keys). */
  serial?: string;
  /** Seed for dropReplies / garbage (default 1). */
  seed?: number;
  /** The USB identity `portInfo()` reports (default 1a86:7523, serial = the device serial). */
  usb?: { vendorId: string; productId: string; serialNumber: string | null };
}

export interface VirtualRatingDevice {
  /** The path the app opens ({ ptyDir }; changes with `plug(newPath)`), else null. */
  readonly appPath: string | null;
  readonly protocol: RatingProtocol;
  readonly pid: number;
  coin(slot: number | Satisfaction | string): Promise<EmulatedEvent>;
  fault(kind: DeviceFault): Promise<void>;
  clearFaults(): Promise<void>;
  garbage(count?: number): Promise<void>;
  dropReplies(rate: number): Promise<void>;
  mute(): Promise<void>;
  unmute(): Promise<void>;
  key(key: 'next' | 'recall' | 'rate' | 'pause' | 'transfer' | number): Promise<void>;
  unplug(): Promise<void>;
  plug(newPath?: string): Promise<void>;
  unacknowledged(): Promise<EmulatedEvent[]>;
  events(): Promise<EmulatedEvent[]>;
  armedSession(): Promise<{ sessionId: number; until: number } | null>;
  snapshot(): Promise<RatingEmulatorSnapshot>;
  waitFor<T>(predicate: (device: VirtualRatingDevice) => T | false | null | undefined | Promise<T | false | null | undefined>, timeoutMs?: number): Promise<T>;
  portInfo(): SerialPortInfo | null;
  notes(): DeviceNote[];
  kill(): Promise<void>;
  restart(): Promise<void>;
  stop(): Promise<void>;
}

interface Child {
  process: ChildProcess;
  exited: Promise<void>;
  pending: Map<number, { resolve: (value: unknown) => void; reject: (err: Error) => void; command: string }>;
}

/**
 * Starts the virtual rating device (a child process) and waits until its line is open.
 * @throws Error with the emulator's words when it cannot start (socat missing, bad path, bad state file).
 */
export async function startVirtualRatingDevice(options: VirtualRatingDeviceOptions): Promise<VirtualRatingDevice> {
  if ((options.ptyDir === undefined) === (options.port === undefined)) throw new Error('startVirtualRatingDevice: give ptyDir or port');
  const protocol = options.protocol ?? 'v1';
  const initialLink = options.ptyDir !== undefined ? path.join(options.ptyDir, 'rating-tty') : null;
  let link = initialLink;
  let appPath: string | null = initialLink;
  let plugged = true;
  let nextId = 1;
  let serial: string | null = options.serial ?? null;
  const notes: DeviceNote[] = [];
  let child: Child;

  const args = (): string[] => {
    const a = [path.join(REPO_ROOT, 'scripts', 'emulate-rating.ts'), '--json', '--protocol', protocol];
    if (link !== null) a.push('--pty', link);
    else a.push('--port', options.port as string);
    if (options.slots) a.push('--slots', options.slots.join(','));
    if (options.address !== undefined) a.push('--address', String(options.address));
    if (options.stateFile) a.push('--state', options.stateFile);
    if (options.serial) a.push('--serial', options.serial);
    a.push('--seed', String(options.seed ?? 1));
    return a;
  };

  async function launch(): Promise<Child> {
    const proc = spawn(process.execPath, ['--import', 'tsx', ...args()], { cwd: REPO_ROOT, stdio: ['pipe', 'pipe', 'pipe'] });
    const pending: Child['pending'] = new Map();
    let stderr = '';
    proc.stderr?.on('data', (d: Buffer) => (stderr += d.toString('utf8')));
    const exited = new Promise<void>((resolve) => proc.once('exit', () => resolve()));
    const ready = new Promise<void>((resolve, reject) => {
      const lines = readline.createInterface({ input: proc.stdout! });
      lines.on('line', (line) => {
        let message: Record<string, unknown>;
        try {
          message = JSON.parse(line) as Record<string, unknown>;
        } catch {
          return;
        }
        if (message.ready) {
          resolve();
          return;
        }
        if (message.note) {
          notes.push(message.note as DeviceNote);
          return;
        }
        if (typeof message.id === 'number') {
          const waiter = pending.get(message.id);
          pending.delete(message.id);
          if (!waiter) return;
          if (message.ok) waiter.resolve(message.result);
          else waiter.reject(new Error(`虚拟评价器“${waiter.command}”失败：${String(message.error)}`));
          return;
        }
        if (message.error) reject(new Error(`虚拟评价器未能启动：${String(message.error)}`));
      });
      void exited.then(() => {
        reject(new Error(`虚拟评价器已退出：${stderr.trim()}`));
        for (const waiter of pending.values()) waiter.reject(new Error(`虚拟评价器已退出（${waiter.command}）：${stderr.trim()}`));
        pending.clear();
      });
    });
    const timeout = new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`虚拟评价器 20 秒内未就绪：${stderr.trim()}`)), 20_000).unref());
    try {
      await Promise.race([ready, timeout]);
    } catch (err) {
      if (proc.exitCode === null) proc.kill('SIGKILL');
      throw err;
    }
    return { process: proc, exited, pending };
  }

  function request<T>(body: { command: string } | { query: 'snapshot' | 'events' | 'unacknowledged' }): Promise<T> {
    const id = nextId++;
    const what = 'command' in body ? body.command : body.query;
    return new Promise<T>((resolve, reject) => {
      if (child.process.exitCode !== null || child.process.signalCode !== null) {
        reject(new Error(`虚拟评价器未在运行（${what}）`));
        return;
      }
      child.pending.set(id, { resolve: resolve as (v: unknown) => void, reject, command: what });
      child.process.stdin?.write(`${JSON.stringify({ id, ...body })}\n`);
    });
  }

  const command = (text: string) => request<string[]>({ command: text });

  child = await launch();
  if (serial === null && protocol === 'v1') serial = (await request<RatingEmulatorSnapshot>({ query: 'snapshot' })).serial;

  const device: VirtualRatingDevice = {
    get appPath() {
      return appPath;
    },
    protocol,
    get pid() {
      return child.process.pid ?? -1;
    },
    async coin(slot) {
      const before = (await device.events()).length;
      const lines = await command(`coin ${slot}`);
      const after = await device.events();
      const event = after[before];
      if (after.length <= before || !event) throw new Error(`投币未计入：${lines.join('；')}`);
      return event;
    },
    async fault(kind) {
      const word = { coin_jam: 'jam', box_full: 'full', cover_opened: 'cover', sensor_fault: 'sensor' }[kind];
      await command(word);
    },
    async clearFaults() {
      await command('clear');
    },
    async garbage(count = 16) {
      await command(`garbage ${count}`);
    },
    async dropReplies(rate) {
      await command(`drop ${rate}`);
    },
    async mute() {
      await command('mute');
    },
    async unmute() {
      await command('unmute');
    },
    async key(key) {
      await command(`key ${key}`);
    },
    async unplug() {
      await command('unplug');
      plugged = false;
    },
    async plug(newPath) {
      if (newPath !== undefined && link === null) throw new Error('只有 ptyDir 模式才能换路径');
      const lines = await command(newPath === undefined ? 'plug' : `plug ${newPath}`);
      const snap = await device.snapshot();
      if (!snap.plugged) throw new Error(`未能插回：${lines.join('；')}`);
      if (newPath !== undefined) link = path.resolve(newPath);
      appPath = snap.appPath;
      plugged = true;
    },
    unacknowledged: () => request<EmulatedEvent[]>({ query: 'unacknowledged' }),
    events: () => request<EmulatedEvent[]>({ query: 'events' }),
    async armedSession() {
      return (await device.snapshot()).armed;
    },
    snapshot: () => request<RatingEmulatorSnapshot>({ query: 'snapshot' }),
    async waitFor(predicate, timeoutMs = 10_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const value = await predicate(device);
        if (value) return value;
        if (Date.now() > deadline) {
          const said = notes.slice(-15).map((n) => n.text);
          throw new Error(`虚拟评价器 ${timeoutMs} 毫秒内未等到期望的状态。最近：\n${said.join('\n') || '（无）'}`);
        }
        await new Promise((r) => setTimeout(r, 50));
      }
    },
    portInfo() {
      if (!plugged || appPath === null) return null;
      const usb = options.usb ?? { vendorId: '1a86', productId: '7523', serialNumber: serial };
      return { path: appPath, manufacturer: 'Virtual rating device', friendlyName: null, serialNumber: usb.serialNumber, vendorId: usb.vendorId, productId: usb.productId };
    },
    notes: () => [...notes],
    async kill() {
      if (child.process.exitCode !== null || child.process.signalCode !== null) return;
      // A SIGKILLed emulator cannot stop its socat: note socat's pid first and end exactly it, so
      // the app's path vanishes as with a device that lost power, and no orphan is left.
      const socatPid = (await device.snapshot()).socatPid;
      child.process.kill('SIGKILL');
      await child.exited;
      if (socatPid !== null) {
        try {
          process.kill(socatPid, 'SIGTERM');
        } catch {
          // Already gone.
        }
      }
      // socat removes its links as it exits; wait for that (a zombie socat may never be reaped
      // here, so the links, not the pid, are what is watched), and remove them after 2 s.
      if (link !== null) {
        const links = [link, `${link}.device`];
        const deadline = Date.now() + 2000;
        while (links.some((l) => fs.existsSync(l)) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
        for (const l of links) fs.rmSync(l, { force: true });
      }
      plugged = false;
    },
    async restart() {
      if (child.process.exitCode === null && child.process.signalCode === null) throw new Error('虚拟评价器仍在运行：先 kill()');
      child = await launch();
      appPath = link;
      plugged = true;
    },
    async stop() {
      if (child.process.exitCode === null && child.process.signalCode === null) {
        child.process.stdin?.end();
        const timer = setTimeout(() => child.process.kill('SIGKILL'), 5000);
        await child.exited;
        clearTimeout(timer);
      }
    },
  };
  return device;
}
