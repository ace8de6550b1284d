import type { DeviceHealth, DispenserState, Health } from '../../../../electron/contract';

// Whether the dispenser (取号机) may issue a ticket now, from the ticket printer's state as its
// driver last read it (DLE EOT: paper, cover, online; core/printing). Pure, for the kiosk screen.

/** The printer the kiosk prints on: the ticket printer, else the receipt printer. */
export function kioskPrinter(health: Health | undefined): DeviceHealth | null {
  if (!health) return null;
  return health.devices.find((d) => d.id === 'ticketPrinter') ?? health.devices.find((d) => d.id === 'receiptPrinter') ?? null;
}

/**
 * Why no ticket can be taken now, in words for the citizen at the kiosk (the staff are called),
 * or null when the printer can print. Paper near its end still prints (the staff see it in the
 * status); no printer configured at all is not the kiosk's to refuse (the core says so if it must).
 */
export function printerStop(printer: DeviceHealth | null): string | null {
  if (printer === null || printer.state === 'not_configured') return null;
  if (printer.condition?.paper === 'end') return '取号机缺纸，暂停取号，请联系工作人员';
  if (printer.condition?.coverOpen) return '取号机打印机上盖打开，暂停取号，请联系工作人员';
  if (printer.state === 'offline' || printer.state === 'error' || printer.condition?.online === false) {
    return '取号机打印机未就绪，暂停取号，请联系工作人员';
  }
  return null;
}

/**
 * Why no ticket can be taken now: the core's own read of the printer (`queue.dispenserState`,
 * DLE EOT asked at that moment; its words, e.g. 取号机缺纸…) first, else the status the driver
 * last published (health, live between reads); null when the kiosk may issue.
 */
export function kioskStop(state: DispenserState | undefined, health: Health | undefined): string | null {
  const read = state?.printer ?? null;
  if (read !== null && !read.ready) return read.words ?? '取号机打印机未就绪，暂停取号，请联系工作人员';
  return printerStop(kioskPrinter(health));
}
