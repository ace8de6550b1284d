import { isDeepStrictEqual } from 'node:util';
import type { CapabilityModule, CoreContext, LiveSettings } from '../assembly/capability-module';
import type { Clock } from '../clock';
import type { CounterConfig, PrinterConfig } from '../config/config-schema';
import type { Logger } from '../logging/logger';
import { deviceFileWatch } from './device-file-watch';
import { DeviceSlot, type SlotContent } from './device-slot';
import { notConfigured } from './not-configured';
import type { PollingWatch } from './polling-watch';
import { serialPortWatch } from './serial-port-watch';
import { listSerialPorts, type SerialPortLister } from './serial-ports';
import { tcpPrinterWatch } from './tcp-printer-watch';

/** The devices a window has, in the order the status bar shows them, with its words for each. */
export const DEVICE_LABELS = {
  ratingDevice: '评价器',
  receiptPrinter: '回执打印机',
  ticketPrinter: '排队票打印机',
} as const;
export type DeviceId = keyof typeof DEVICE_LABELS;

export interface DeviceWatchSettings {
  lister: SerialPortLister;
  /** Milliseconds between looks at each device. */
  intervalMs: number;
  clock: Clock;
  log: Logger;
}

/**
 * What reports one device of the config file's `devices` section: a watch for a configured
 * device (it owns the port, looks by itself and publishes its state; also the service to start
 * and stop), or a `not_configured` report, since `since`, for a device the file leaves out.
 */
export function deviceContent(id: DeviceId, devices: CounterConfig['devices'], settings: DeviceWatchSettings, since: string): SlotContent {
  const { lister, ...common } = settings;
  const label = DEVICE_LABELS[id];
  const printer = (config: PrinterConfig): PollingWatch | null => {
    switch (config.type) {
      case 'serial':
        return serialPortWatch({ id, label, path: config.path, lister, ...common });
      case 'tcp':
        return tcpPrinterWatch({ id, label, host: config.host, port: config.port, ...common });
      case 'file':
        return deviceFileWatch({ id, label, path: config.path, ...common });
      case 'system':
        // An OS print queue has nothing to look at from here; the printing module drives printers.
        return null;
    }
  };
  const watchOf: Record<DeviceId, () => PollingWatch | null> = {
    ratingDevice: () => (devices.ratingDevice ? serialPortWatch({ id, label, path: devices.ratingDevice.path, lister, ...common }) : null),
    receiptPrinter: () => (devices.receiptPrinter ? printer(devices.receiptPrinter) : null),
    ticketPrinter: () => (devices.ticketPrinter ? printer(devices.ticketPrinter) : null),
  };
  const watch = watchOf[id]();
  return watch ? { source: watch, service: watch } : { source: notConfigured(id, label, since), service: null };
}

/** Whether a device's settings differ (compared whole: a new baud rate reopens the port too). */
function deviceChanged(before: CounterConfig['devices'], after: CounterConfig['devices'], id: DeviceId): boolean {
  return !isDeepStrictEqual(before[id] ?? null, after[id] ?? null);
}

export interface DevicesModuleOptions {
  /** Lists the OS's serial ports; default SerialPort.list() (createCore's `serialPortLister`). */
  serialPortLister?: SerialPortLister;
  /** Milliseconds between looks at each device; default 5000 (createCore's `healthIntervalMs`). */
  intervalMs?: number;
  /**
   * Devices whose protocol driver lives in another module (printing, issue 14; the rating
   * device, issue 15): this module neither watches nor lists them, and that module's status
   * source under the same id takes their place. Default none.
   */
  drivenElsewhere?: readonly DeviceId[];
}

/**
 * The window's devices as a capability module: one DeviceSlot per device (status sources and
 * services `ratingDevice` / `devices.ratingDevice`, `receiptPrinter`, `ticketPrinter`, in
 * DEVICE_LABELS order), each filled by deviceContent. No handlers yet.
 *
 * Live settings `devices.<id>`: a saved change of a device's settings stops its watch and starts
 * one on the new settings (or shows 未配置) without a restart, under the same status source, so
 * the status bar follows (log: `device reconfigured` {id, endpoint}).
 *
 * How a protocol driver takes a device over (issues 14, printing; 15, the rating device): the
 * device's id (`receiptPrinter`) is the id of its status source, and health refuses two sources
 * under one id. So the driver's module does not add a second source beside the watch: it is
 * registered with a status source under that id (its driver, which owns the port and reports
 * connected / offline / error itself, a StatusPublisher at its heart, `not_configured` when the
 * config file leaves the device out), and this module is told to leave that id alone
 * (`drivenElsewhere: ['receiptPrinter', 'ticketPrinter']` in create-core.ts), nor does it apply
 * that device's live settings (the driver's module may offer its own). The driver keeps the
 * device's words (DEVICE_LABELS); its place in the status bar follows its module's registration.
 */
export function devicesModule(ctx: CoreContext, options: DevicesModuleOptions = {}): CapabilityModule {
  const settings: DeviceWatchSettings = {
    lister: options.serialPortLister ?? listSerialPorts,
    intervalMs: options.intervalMs ?? 5000,
    clock: ctx.clock,
    log: ctx.log,
  };
  const drivenElsewhere = options.drivenElsewhere ?? [];
  const ids = (Object.keys(DEVICE_LABELS) as DeviceId[]).filter((id) => !drivenElsewhere.includes(id));
  const since = ctx.clock.now().toISOString();
  const slots = ids.map((id) => ({ id, slot: new DeviceSlot(id, DEVICE_LABELS[id], deviceContent(id, ctx.config.devices, settings, since), ctx.log) }));
  let applied = ctx.config.devices;
  const liveSettings: LiveSettings = {
    paths: ids.map((id) => `devices.${id}`),
    async apply(next) {
      const before = applied;
      applied = next.devices;
      for (const { id, slot } of slots) {
        if (!deviceChanged(before, next.devices, id)) continue;
        const content = deviceContent(id, next.devices, settings, ctx.clock.now().toISOString());
        await slot.replace(content);
        ctx.log.info('device reconfigured', { id, endpoint: content.source.status().endpoint });
      }
    },
  };
  const all = slots.map(({ slot }) => slot);
  return { name: 'devices', services: all, statusSources: all, liveSettings };
}
