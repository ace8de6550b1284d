import {
  DISPENSER_REFUSED_TICKETS_MAX,
  DISPENSER_REPORT_SECONDS,
  DispenserReportResponseSchema,
  QUEUE_PATHS,
  type DispenserRefusedTicket,
  type DispenserReportRequest,
} from '../../contract/queue';
import type { BackgroundService } from '../assembly/capability-module';
import type { Logger } from '../logging/logger';
import { postSync } from '../sync/sync-http';
import type { DispenserPrinting } from './dispenser-printing';
import type { HallTarget } from './hall-client';

// The dispenser tells the hall server whether its ticket printer can print (issue 17), so the
// windows' 叫号 page warns the staff of a 取号机 out of paper (POST QUEUE_PATHS.dispenser). It
// looks at the printer every `lookMs` and reports when the answer changed, and at least every
// `repeatMs` (a window takes a dispenser silent for 90 s as gone). A report that fails is only
// logged, once per spell: the kiosk goes on issuing (or not) by its own look, whatever the server heard.
// The report also carries the dispenser's offline tickets the hall refused (review finding F2):
// nobody reads the kiosk's screen for them, so the windows' 叫号 page lists them instead.

export interface DispenserReporterOptions {
  printing: DispenserPrinting;
  /** This dispenser's number (its enrolment's window number; the server refuses another). */
  device: number;
  /** Where to report, or null (no server set, not enrolled): nothing is sent then. */
  target: () => HallTarget | null;
  log: Logger;
  /** ms between looks at the printer; default 10 s. */
  lookMs?: number;
  /** ms after which an unchanged state is reported again; default DISPENSER_REPORT_SECONDS. */
  repeatMs?: number;
  /** The clock (ms since the epoch). */
  now: () => number;
  /**
   * This dispenser's offline tickets the hall did not take, still to be handled (today's, not
   * acknowledged: local-queue-store.ts hallRefusals), oldest first; absent: none. A change is
   * reported at the next look; only the first DISPENSER_REFUSED_TICKETS_MAX are sent.
   */
  refusals?: () => readonly DispenserRefusedTicket[];
}

export interface DispenserReporter extends BackgroundService {
  /** One look and, when due, one report; never throws. Resolves when done (skipped while one runs). */
  tick(): Promise<void>;
}

/** The dispenser's reporting service (started with the queue module at a dispenser with a server). */
export function dispenserReporter(options: DispenserReporterOptions): DispenserReporter {
  const lookMs = options.lookMs ?? 10_000;
  const repeatMs = options.repeatMs ?? DISPENSER_REPORT_SECONDS * 1000;
  const { log } = options;
  let sent: { key: string; at: number } | null = null;
  let failing = false;
  let running = false;
  let timer: NodeJS.Timeout | null = null;
  // False once a server older than the field answered 400 to a report with refusedTickets: later
  // reports leave them out, so its windows at least keep seeing the printer's state.
  let serverTakesRefusals = true;

  const failed = (reason: string): void => {
    if (!failing) log.warn('dispenser state not reported to the hall server', { reason });
    failing = true;
  };

  const tick = async (): Promise<void> => {
    if (running) return;
    running = true;
    try {
      const seen = await options.printing.state();
      const base: DispenserReportRequest = { device: options.device, ready: seen.ready, words: seen.ready ? null : (seen.words ?? '取号机打印机不能出票') };
      const refused = (options.refusals?.() ?? []).slice(0, DISPENSER_REFUSED_TICKETS_MAX).map((r) => ({ number: r.number, reason: r.reason.slice(0, 200) }));
      // The field only when there is something to say: an older server's strict schema refuses any new key.
      const report: DispenserReportRequest = refused.length > 0 && serverTakesRefusals ? { ...base, refusedTickets: refused } : base;
      const keyOf = (r: DispenserReportRequest): string => JSON.stringify([r.ready, r.words, r.refusedTickets ?? []]);
      let key = keyOf(report);
      const now = options.now();
      if (sent !== null && sent.key === key && now - sent.at < repeatMs) return;
      const target = options.target();
      if (target === null) return;
      const send = (body: DispenserReportRequest) =>
        postSync(
          { baseUrl: target.baseUrl, path: QUEUE_PATHS.dispenser, token: target.token, signal: target.signal, now: target.now, timeoutMs: target.timeoutMs },
          body,
          DispenserReportResponseSchema,
        );
      let answer = await send(report);
      if (answer.kind === 'http' && answer.status === 400 && report.refusedTickets !== undefined) {
        log.warn('the hall server does not take refused tickets in dispenser reports (older server); reporting the printer only', {
          reason: answer.error?.reason ?? '',
        });
        serverTakesRefusals = false;
        answer = await send(base);
        key = keyOf(base);
      }
      if (answer.kind !== 'ok') {
        failed(answer.kind === 'network' ? answer.reason : `HTTP ${answer.status} ${answer.error?.reason ?? ''}`.trim());
        return;
      }
      if (failing || sent?.key !== key) log.info('dispenser state reported to the hall server', { ready: report.ready, words: report.words });
      failing = false;
      sent = { key, at: now };
    } catch (err) {
      failed(err instanceof Error ? err.message : String(err));
    } finally {
      running = false;
    }
  };

  return {
    name: 'queue.dispenserReport',
    tick,
    start() {
      void tick();
      timer = setInterval(() => void tick(), lookMs);
      timer.unref();
    },
    stop() {
      if (timer) clearInterval(timer);
      timer = null;
    },
  };
}
