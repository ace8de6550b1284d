import type { DeviceState, SyncProgress } from '../../contract/health';
import type { PrinterCondition } from '../../contract/printing';
import type { RatingDeviceFlags } from '../../contract/ratings';

/**
 * A device's (or the sync client's) state as it last reported it. `detail` is words a clerk
 * can act on (`未检测到串口，请检查连接线`), never a stack trace; `since` is when `state` last
 * changed (ISO 8601).
 */
export interface StatusReport {
  state: DeviceState;
  /** Where it is attached: `/dev/ttyUSB0`, `COM3`, `192.168.1.50:9100`, an URL; null if not configured. */
  endpoint: string | null;
  detail: string | null;
  since: string;
  /**
   * A printer's last `DLE EOT` answer (the printing module's drivers), shown by name in the
   * status bar; null or absent where none is known (not a printer, no status on its line).
   */
  condition?: PrinterCondition | null;
  /** The rating device's last polled status bits (its driver, issue 15); null or absent where none is known. */
  ratingFlags?: RatingDeviceFlags | null;
  /** The sync client's last success, last error and catch-up progress (issue 16); absent for devices. */
  sync?: { lastSuccessAt: string | null; lastError: string | null; progress: SyncProgress | null };
}

/**
 * Anything that reports its own state to the status bar: each device driver (it owns its port,
 * reconnects by itself and publishes what it knows), and the sync client. The health monitor
 * only collects these; it never probes a port itself (DESIGN.md, "Devices").
 */
export interface StatusSource {
  /** Stable id: `ratingDevice`, `receiptPrinter`, `ticketPrinter`, `sync`. */
  readonly id: string;
  /** What the status bar calls it: 评价器, 回执打印机 … */
  readonly label: string;
  /** The latest report; cheap, never does I/O. */
  status(): StatusReport;
  /** Called with every new report (state or detail changed); returns the unsubscribe. */
  onStatus(listener: (report: StatusReport) => void): () => void;
}
