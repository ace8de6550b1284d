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
 * report for each device the file leaves out.
 */
export function deviceSources(
  devices: CounterConfig['devices'],
  settings: DeviceWatchSettings,
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
  const watches: Record<DeviceId, PollingWatch | null> = {
    ratingDevice: devices.ratingDevice
      ? serialPortWatch({ id: 'ratingDevice', label: DEVICE_LABELS.ratingDevice, path: devices.ratingDevice.path, lister, ...common })
      : null,
    receiptPrinter: devices.receiptPrinter ? printer('receiptPrinter', devices.receiptPrinter) : null,
    ticketPrinter: devices.ticketPrinter ? printer('ticketPrinter', devices.ticketPrinter) : null,
  };
  const since = settings.clock.now().toISOString();
  const ids = Object.keys(DEVICE_LABELS) as DeviceId[];
  return {
    sources: ids.map((id) => watches[id] ?? notConfigured(id, DEVICE_LABELS[id], since)),
    services: ids.flatMap((id) => watches[id] ?? []),
  };
}

export interface DevicesModuleOptions {
  /** Lists the OS's serial ports; default SerialPort.list() (createCore's `serialPortLister`). */
  serialPortLister?: SerialPortLister;
  /** Milliseconds between looks at each device; default 5000 (createCore's `healthIntervalMs`). */
  intervalMs?: number;
}

/**
 * The window's devices as a capability module: status sources `ratingDevice`, `receiptPrinter`,
 * `ticketPrinter` (see deviceSources), services `devices.<id>` for the configured ones. No
 * handlers yet: the protocol drivers of issues 14 (printing) and 15 (rating device) replace the
 * watches here and bring theirs.
 */
export function devicesModule(ctx: CoreContext, options: DevicesModuleOptions = {}): CapabilityModule {
  const { sources, services } = deviceSources(ctx.config.devices, {
    lister: options.serialPortLister ?? listSerialPorts,
    intervalMs: options.intervalMs ?? 5000,
    clock: ctx.clock,
    log: ctx.log,
  });
  return { name: 'devices', services, statusSources: sources };
}
