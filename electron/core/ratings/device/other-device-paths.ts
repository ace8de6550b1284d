import type { CounterConfig } from '../../../contract/config';

/**
 * The serial and device-file paths of the window's OTHER devices (the receipt and ticket
 * printers), which the rating driver never takes when following a replugged adapter of the same
 * make (port-finder.ts pickPort; review of issue 15 #4: a CH340 without a serial number is
 * very often the receipt printer's too). For RatingDriverDeps.otherDevicePaths. Pure.
 */
export function otherDevicePaths(config: Pick<CounterConfig, 'devices'>): string[] {
  const paths: string[] = [];
  for (const printer of [config.devices.receiptPrinter, config.devices.ticketPrinter]) {
    if (printer && (printer.type === 'serial' || printer.type === 'file')) paths.push(printer.path);
  }
  return paths;
}
