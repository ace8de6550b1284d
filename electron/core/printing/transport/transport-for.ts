import type { PrinterConfig } from '../../../contract/config';
import { deviceFileTransport } from './device-file-transport';
import type { PrinterTransport } from './printer-transport';
import { serialTransport } from './serial-transport';
import type { SystemPrintHost } from './system-print-host';
import { systemQueueTransport } from './system-queue-transport';
import { tcpTransport } from './tcp-transport';

/** What a transport needs besides the printer's config. */
export interface TransportDeps {
  /** The desktop shell's printing (OS queue); absent or null in the browser shell and in tests. */
  systemPrintHost?: SystemPrintHost | null;
  /** How long a TCP connection attempt may take, ms; default 3000. */
  connectTimeoutMs?: number;
}

/** The transport of one configured printer (`devices.receiptPrinter` / `devices.ticketPrinter`), by its `type`. */
export function transportFor(config: PrinterConfig, deps: TransportDeps = {}): PrinterTransport {
  switch (config.type) {
    case 'serial':
      return serialTransport({ path: config.path, baudRate: config.baudRate, flowControl: config.flowControl });
    case 'tcp':
      return tcpTransport({ host: config.host, port: config.port, connectTimeoutMs: deps.connectTimeoutMs });
    case 'file':
      return deviceFileTransport(config.path);
    case 'system':
      return systemQueueTransport({ printerName: config.printerName, widthMm: config.paperWidthMm }, deps.systemPrintHost ?? null);
  }
}
