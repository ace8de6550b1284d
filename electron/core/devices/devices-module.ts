import type { BackgroundService, CapabilityModule, CoreContext } from '../assembly/capability-module';
import type { Clock } from '../clock';
import type { CounterConfig, PrinterConfig } from '../config/config-schema';
import type { Logger } from '../logging/logger';
import type { StatusSource } from './device';
import { deviceFileWatch } from './device-file-watch';
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
 * One status source per device of the config file's `devices` section, in DEVICE_LABELS order:
 * a watch for each configured device (it owns the port, looks by itself and publishes its
 * state; also returned among `services`, to be started and stopped), and a `not_configured`
 * report for each device the file leaves out. The devices in `drivenElsewhere` get neither:
 * another module reports them (see devicesModule).
 */
export function deviceSources(
  devices: CounterConfig['devices'],
  settings: DeviceWatchSettings,
  drivenElsewhere: readonly DeviceId[] = [],
): { sources: StatusSource[]; services: BackgroundService[] } {
  const { lister, ...common } = settings;
  const printer = (id: DeviceId, config: PrinterConfig): PollingWatch => {
    const label = DEVICE_LABELS[id];
    switch (config.type) {
      case 'serial':
        return serialPortWatch({ id, label, path: config.path, lister, ...common });
      case 'tcp':
        return tcpPrinterWatch({ id, label, host: config.host, port: config.port, ...common });
      case 'file':
        return deviceFileWatch({ id, label, path: config.path, ...common });
    }
  };
  const watchOf: Record<DeviceId, () => PollingWatch | null> = {
    ratingDevice: () =>
      devices.ratingDevice
        ? serialPortWatch({ id: 'ratingDevice', label: DEVICE_LABELS.ratingDevice, path: devices.ratingDevice.path, lister, ...common })
        : null,
    receiptPrinter: () => (devices.receiptPrinter ? printer('receiptPrinter', devices.receiptPrinter) : null),
    ticketPrinter: () => (devices.ticketPrinter ? printer('ticketPrinter', devices.ticketPrinter) : null),
  };
  const since = settings.clock.now().toISOString();
  const ids = (Object.keys(DEVICE_LABELS) as DeviceId[]).filter((id) => !drivenElsewhere.includes(id));
  const watches = ids.map((id) => ({ id, watch: watchOf[id]() }));
  return {
    sources: watches.map(({ id, watch }) => watch ?? notConfigured(id, DEVICE_LABELS[id], since)),
    services: watches.flatMap(({ watch }) => watch ?? []),
  };
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
 * The window's devices as a capability module: status sources `ratingDevice`, `receiptPrinter`,
 * `ticketPrinter` (see deviceSources), services `devices.<id>` for the configured ones. No
 * handlers yet.
 *
 * How a protocol driver takes a device over (issues 14, printing; 15, the rating device): the
 * device's id (`receiptPrinter`) is the id of its status source, and health refuses two sources
 * under one id. So the driver's module does not add a second source beside the watch: it is
 * registered with a status source under that id (its driver, which owns the port and reports
 * connected / offline / error itself, a StatusPublisher at its heart, `not_configured` when the
 * config file leaves the device out), and this module is told to leave that id alone
 * (`drivenElsewhere: ['receiptPrinter', 'ticketPrinter']` in create-core.ts). The driver keeps
 * the device's words (DEVICE_LABELS); its place in the status bar follows its module's
 * registration.
 */
export function devicesModule(ctx: CoreContext, options: DevicesModuleOptions = {}): CapabilityModule {
  const { sources, services } = deviceSources(
    ctx.config.devices,
    {
      lister: options.serialPortLister ?? listSerialPorts,
      intervalMs: options.intervalMs ?? 5000,
      clock: ctx.clock,
      log: ctx.log,
    },
    options.drivenElsewhere,
  );
  return { name: 'devices', services, statusSources: sources };
}
