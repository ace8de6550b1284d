import type { PrintJob, PrinterCondition } from '../../contract/printing';
import { DOCUMENT_KIND_LABELS } from '../../contract/printing';
import type { DispenserPrinter, QueueIssueResult } from '../../contract/queue';
import { CounterError } from '../../contract/errors';
import type { CoreContext } from '../assembly/capability-module';
import type { StatusReport } from '../devices/device';
import { newId } from '../ids/new-id';
import { buildQueueTicket } from '../printing/documents/queue-ticket';
import { insertDocument } from '../printing/issuing/document-store';
import { insertPrintJob, loadPrintJob } from '../printing/jobs/job-store';
import type { PrinterDriver } from '../printing/jobs/printer-driver';
import { printerProfile } from '../printing/printer-profile';
import { conditionAllowsPrinting, conditionWords } from '../printing/transport/status-bytes';

// The 取号机's paper (issue 17): before a number is taken the ticket printer is asked its state
// NOW (DLE EOT on the printing driver's own line, printer-driver.ts freshCondition) — never a
// guess from counting tickets. A printer that cannot print (缺纸, 上盖打开, 故障, 脱机, no answer)
// gets no number issued, and the citizen reads why. Once issued, the ticket (number, category,
// people ahead, estimated wait, time, QR) is stored as a `queueTicket` document and its print job
// queued for the `ticketPrinter` driver, as intake queues its 受理回执 (issue-documents.ts).
// Known limit: the paper can run out between the look and the print; the job then waits on the
// driver (`waiting`, 缺纸) and prints once paper is back, like any other job.

/** The words of a dispenser with no ticket printer set: it cannot give paper, so it issues nothing. */
export const NO_TICKET_PRINTER_WORDS = '本机未配置取号打印机（设置 → 设备 → 取号打印机），不能取号，请联系工作人员';

/** The dispenser's look at its ticket printer: its words when it cannot print now. */
export interface DispenserPrinting {
  /** The printer's state read now (at most `waitMs` of the options). */
  state(): Promise<DispenserPrinter>;
  /**
   * Asks the printer now and throws when it cannot print.
   * @throws CounterError `unavailable` with the Chinese words the kiosk shows (缺纸 …).
   */
  ensureReady(): Promise<void>;
  /**
   * Stores the ticket as a `queueTicket` document, queues its print job on the ticket printer and
   * wakes the driver. A retried issue (the same issueId, answered already) is not printed twice.
   * Returns the job, or null when this issueId was printed already or the job could not be
   * stored (logged: the number is taken by then, so the citizen still gets it on screen).
   */
  print(issued: QueueIssueResult): PrintJob | null;
}

export interface DispenserPrintingOptions {
  /** How long a fresh look may take before the printer counts as not answering (ms); default 4000. */
  waitMs?: number;
}

/** What the kiosk says of a printer that cannot print, from a report and condition; null: it can. */
export function dispenserPrinterWords(report: StatusReport, condition: PrinterCondition | null, fresh: boolean): string | null {
  const stopped = (why: string): string => `取号机${why}，暂停取号，请联系工作人员`;
  if (report.state === 'not_configured') return NO_TICKET_PRINTER_WORDS;
  if (condition !== null && !conditionAllowsPrinting(condition)) {
    const words = conditionWords(condition);
    return stopped(condition.paper === 'end' ? words : `打印机${words.replace(/^打印机/, '')}`);
  }
  if (report.state !== 'connected') return stopped(`打印机未就绪（${report.detail ?? '未连接'}）`);
  // Connected, but no look ended in time: the printer did not answer DLE EOT now.
  if (!fresh) return stopped('打印机无应答');
  // condition null and connected: a transport that cannot report (device file, OS queue); it prints.
  return null;
}

/**
 * The dispenser's printing over the `ticketPrinter` driver (`driver` null: none built, counted
 * as not configured).
 */
export function dispenserPrinting(ctx: CoreContext, driver: () => PrinterDriver | null, options: DispenserPrintingOptions = {}): DispenserPrinting {
  const waitMs = options.waitMs ?? 4000;
  /** issueIds already printed in this run (a retried touch must not give two papers). */
  const printed = new Set<string>();

  const look = async (): Promise<DispenserPrinter> => {
    const d = driver();
    const at = ctx.clock.now().toISOString();
    if (d === null || !d.configured()) return { ready: false, words: NO_TICKET_PRINTER_WORDS, condition: null, checkedAt: at };
    const { fresh, report, condition } = await d.freshCondition(waitMs);
    const words = dispenserPrinterWords(report, condition, fresh);
    return { ready: words === null, words, condition: condition === null ? null : conditionWords(condition), checkedAt: ctx.clock.now().toISOString() };
  };

  return {
    state: look,
    async ensureReady() {
      const seen = await look();
      if (!seen.ready) {
        ctx.log.info('dispenser issued nothing: ticket printer cannot print', { words: seen.words });
        throw new CounterError('unavailable', seen.words ?? NO_TICKET_PRINTER_WORDS);
      }
    },
    print(issued) {
      try {
        return queueTicketJob(issued);
      } catch (err) {
        ctx.log.error('queue ticket issued but not queued for printing', { number: issued.ticket.number, error: err instanceof Error ? err.message : String(err) });
        return null;
      }
    },
  };

  /** The ticket's document and job, stored in one transaction; throws when they cannot be. */
  function queueTicketJob(issued: QueueIssueResult): PrintJob | null {
    if (printed.has(issued.issueId)) return null;
    const d = driver();
    const printer = d?.printerConfig() ?? null;
    // The printer was removed from the settings between the look and now.
    if (!d || !printer) throw new Error('no ticket printer configured');
    const { config } = ctx;
    const ticket = issued.ticket;
    const doc = buildQueueTicket({
      window: {
        hallCode: config.hall.code,
        hallName: config.hall.name,
        hallCreditCode: config.hall.creditCode ?? null,
        windowNumber: config.window.number,
        windowName: config.window.name,
      },
      staff: null,
      issuedAt: ticket.issuedAt,
      timeZone: ctx.window.timeZone,
      printing: config.printing,
      ticketNumber: ticket.number,
      categoryName: issued.categoryName,
      peopleAhead: issued.ahead,
      estimatedWaitMinutes: issued.estimate ? issued.estimate.minutes : null,
      // The kiosk shows the same words from the same facts (ticketWaitWords).
      queueMode: issued.mode,
      // ASCII (issue 14): hall, service day, number — a 号票凭证 the staff can read, not an address.
      qrPayload: `QT:${config.hall.code}:${ticket.serviceDay}:${ticket.number}`,
    });
    const jobId = newId();
    ctx.db
      .transaction(() => {
        const stored = insertDocument(ctx.db, {
          id: newId(),
          caseId: null,
          kind: 'queueTicket',
          title: ticket.number,
          label: DOCUMENT_KIND_LABELS.queueTicket,
          documentNumber: null,
          content: JSON.stringify(doc),
          profile: printerProfile(printer),
          issuedAt: ticket.issuedAt,
          staffId: null,
          eventId: null,
          hallCode: ctx.window.hallCode,
          windowNumber: ctx.window.windowNumber,
        });
        insertPrintJob(ctx.db, { id: jobId, documentId: stored.id, caseId: null, printer: 'ticketPrinter', reprint: false, reprintOf: null, staffId: null, at: ctx.clock.now().toISOString() });
      })
      .immediate();
    printed.add(issued.issueId);
    d.wake();
    const job = loadPrintJob(ctx.db, jobId);
    if (job) ctx.emit({ name: 'printing.jobChanged', payload: job });
    ctx.log.info('queue ticket queued for printing', { number: ticket.number, jobId });
    return job;
  }
}
