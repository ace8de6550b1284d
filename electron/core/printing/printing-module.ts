import { isDeepStrictEqual } from 'node:util';
import { CounterError } from '../../contract/errors';
import {
  DOCUMENT_KIND_LABELS,
  PRINT_JOB_STATE_LABELS,
  PRINTER_IDS,
  PRINTER_LABELS,
  type IssuedDocument,
  type IssuedDocumentSummary,
  type PrintJob,
  type PrinterId,
} from '../../contract/printing';
import type { BackgroundService, CapabilityModule, CaseChange, CoreContext, HandlerSlice, LiveSettings } from '../assembly/capability-module';
import type { CaseChangeBus } from '../assembly/case-change-bus';
import type { CasesModule } from '../cases/cases-module';
import { loadItemVersion } from '../catalog/catalog-store';
import type { CounterConfig, PrinterConfig } from '../config/config-schema';
import { newId } from '../ids/new-id';
import type { IssuingWindow } from './documents/document-inputs';
import { hallDateTime } from './documents/hall-time';
import { buildTestPage } from './documents/test-page';
import { caseDocuments, insertDocument, loadDocument, reprintCount, type StoredDocument } from './issuing/document-store';
import { issueCaseDocuments, type IssuingContext, type IssuedByChange } from './issuing/issue-documents';
import { issueOwedNotices, type OwedNoticesIssued } from './issuing/issue-owed-notices';
import { keepNoticePdfs } from './issuing/notice-pdfs';
import { verifiedDocument } from './issuing/verified-document';
import { CONFIRMED_PRINTED, documentSent, insertPrintJob, listPrintJobs, loadPrintJob, moveJob, settleInterruptedJobs } from './jobs/job-store';
import { DEFAULT_DRIVER_TIMING, PrinterDriver, type DriverTiming } from './jobs/printer-driver';
import { markNoticeReprint } from './notices/reprint-mark';
import { printerProfile, type PrinterProfile } from './printer-profile';
import type { GlyphSource } from './thermal/glyph-source';
import { renderThermal, thermalPreviewLines, thermalPreviewPaper, type RenderOptions } from './thermal/render-thermal';
import type { ReprintMark, ThermalDocument } from './thermal/thermal-document';
import { parseStoredThermal } from './thermal/thermal-document-schema';
import { conditionWords, NO_STATUS_WORDS } from './transport/status-bytes';
import type { PrinterTransport } from './transport/printer-transport';
import type { SystemPrintHost } from './transport/system-print-host';
import { thermalHtml } from './transport/thermal-html';

/** What the printing module is built from besides the shared context. */
export interface PrintingDeps {
  /** The bus the case commands publish to (a 补打 is recorded on the case in its own case write). */
  caseChanges: CaseChangeBus;
  /** Records `case.documentReprinted` (the cases module's command). */
  cases: Pick<CasesModule, 'recordDocumentReprint'>;
  /** The transport of a configured printer (X's transportFor, given the host's deps). */
  transportFor(config: PrinterConfig): PrinterTransport;
  /** Raster glyphs for characters the printer's font lacks (T's font glyph source). */
  glyphs: GlyphSource;
  /** Rare characters the app's own fonts carry, shown on the test page. */
  rareCharacters: readonly string[];
  /** Driver timing (tests shorten it). */
  timing?: Partial<DriverTiming>;
  /**
   * The desktop shell's Chromium: it keeps a PDF of each issued notice and prints A4 notices
   * (`printing.printNotice`); null elsewhere (the browser shell prints the preview itself).
   */
  pdfHost?: Pick<SystemPrintHost, 'pdfOf' | 'printA4'> | null;
}

/** What the clerk reads when 打印 of an A4 notice reaches a core without the desktop shell's printing. */
export const BROWSER_PRINTS_NOTICE_WORDS = '浏览器模式下由浏览器打印：请在预览页按“打印”，在浏览器的打印对话框中选择 A4 打印机';

/** The paper width a thermal document is previewed at when neither it nor a printer says (80 mm). */
const DEFAULT_PROFILE: PrinterProfile = printerProfile({ paperWidthMm: 80, encoding: 'gbk', qrMode: 'native' });

const PRINTER_OF_KIND = { acceptanceReceipt: 'receiptPrinter', queueTicket: 'ticketPrinter' } as const;

function notFound(what: string): CounterError {
  return new CounterError('not_found', what);
}

/**
 * Printing as a capability module (issue 14): documents issued by the case events that need them
 * (an `inTransaction` case subscriber: what was issued is stored with the case, content and hash,
 * in the case's own transaction), print jobs as durable rows sent by one driver per printer (its
 * status source under the device's id: `receiptPrinter`, `ticketPrinter`), and `printing.*`.
 *
 * At start, before any driver runs, jobs a stopped program left behind are settled: `sending` →
 * `unknown`, `queued`/`waiting` → `failed`, each with the reason; none is replayed by itself.
 *
 * Live settings: `devices.receiptPrinter`, `devices.ticketPrinter` (the driver reopens on the new
 * settings) and `printing` (the next document and job follow it).
 */
export function printingModule(ctx: CoreContext, deps: PrintingDeps): CapabilityModule {
  const { db, log } = ctx;
  const timing: DriverTiming = { ...DEFAULT_DRIVER_TIMING, ...deps.timing };
  let config: CounterConfig = ctx.config;
  const at = (): string => ctx.clock.now().toISOString();

  const settled = settleInterruptedJobs(db, at());
  if (settled.length > 0) log.warn('print jobs left by a stopped program', { count: settled.length, ids: settled.map((j) => j.id) });

  const jobChanged = (job: PrintJob): void => ctx.emit({ name: 'printing.jobChanged', payload: job });

  /** The stored thermal document of a job, as its printer gets it. */
  // Parsed through its schema (a damaged row: CounterError `internal` with words, logged with the fault).
  const thermalOf = (doc: StoredDocument): ThermalDocument => {
    try {
      return parseStoredThermal(doc.id, doc.content);
    } catch (err) {
      if (err instanceof CounterError) log.error('stored thermal document cannot be read', { documentId: doc.id, kind: doc.kind, ...err.details });
      throw err;
    }
  };
  const reprintMarkAt = (iso: string): ReprintMark => ({ at: hallDateTime(iso, ctx.window.timeZone) });

  const render = (job: PrintJob, printer: PrinterConfig, transport: PrinterTransport): Uint8Array => {
    const stored = loadDocument(db, job.documentId);
    if (!stored || stored.medium !== 'thermal') throw new Error(`print job ${job.id} has no thermal document`);
    const doc = verifiedDocument(stored, log);
    const options: RenderOptions = job.reprint ? { reprint: reprintMarkAt(job.createdAt) } : {};
    if (transport.accepts === 'html') {
      return new TextEncoder().encode(thermalHtml(thermalOf(doc), { widthMm: printer.paperWidthMm, reprint: options.reprint ?? null }));
    }
    return renderThermal(thermalOf(doc), printerProfile(printer), deps.glyphs, options);
  };

  const drivers = new Map<PrinterId, PrinterDriver>(
    PRINTER_IDS.map((id) => [
      id,
      new PrinterDriver({ id, db, clock: ctx.clock, log, timing, transportFor: deps.transportFor, render, jobChanged }, config.devices[id]),
    ]),
  );
  const driver = (id: PrinterId): PrinterDriver => drivers.get(id) as PrinterDriver;

  const feeCache = new Map<string, string | null>();
  const window = (): IssuingWindow => ({
    hallCode: config.hall.code,
    hallName: config.hall.name,
    hallCreditCode: config.hall.creditCode ?? null,
    windowNumber: config.window.number,
    windowName: config.window.name,
  });
  const issuing: IssuingContext = {
    get window() {
      return window();
    },
    timeZone: ctx.window.timeZone,
    log,
    settings: () => ({ printing: config.printing, receiptPrinter: config.devices.receiptPrinter }),
    feeDescription(code, version) {
      const key = `${code}\u0000${version}`;
      if (!feeCache.has(key)) feeCache.set(key, loadItemVersion(db, code, version)?.item.fee.description ?? null);
      return feeCache.get(key) ?? null;
    },
  };

  /** What each change issued, told to the UI (jobs) and kept as PDFs (notices) once it has committed. */
  const issuedBy = new WeakMap<CaseChange, IssuedByChange>();

  // The A4 notices case events owe are issued right after the commit (issue-owed-notices.ts),
  // before any read of a case's documents, and at start for any a crash left owed.
  const noticesFailed = new Set<string>();
  let owedPass: NodeJS.Immediate | null = null;
  let closing = false;
  const issueOwed = (caseId?: string): void => {
    if (closing) return;
    let issued: OwedNoticesIssued;
    try {
      issued = issueOwedNotices(issuing, db, { ...(caseId === undefined ? {} : { caseId }), skip: noticesFailed });
    } catch (err) {
      // The store cannot be written (full disk, damaged): the notices stay owed for the next pass.
      log.warn('owed notices not issued', { error: err instanceof Error ? err.message : String(err) });
      return;
    }
    for (const { notice, error } of issued.failed) {
      noticesFailed.add(notice.eventId);
      log.error('notice cannot be issued; left owed until the next start', { caseId: notice.caseId, eventId: notice.eventId, error });
    }
    if (issued.documents.length > 0) void keepNoticePdfs(deps.pdfHost ?? null, ctx.places.dataDir, issued.documents, ctx.window.timeZone, log);
  };
  const owedNoticesService: BackgroundService = {
    name: 'printing.owedNotices',
    start() {
      closing = false;
    },
    stop() {
      closing = true;
      if (owedPass) clearImmediate(owedPass);
      owedPass = null;
    },
  };
  /** After the clerk's answer has gone: setImmediate runs once the call's reply is posted. */
  const scheduleOwed = (): void => {
    if (owedPass || closing) return;
    owedPass = setImmediate(() => {
      owedPass = null;
      issueOwed();
    });
  };

  const summary = (doc: StoredDocument): IssuedDocumentSummary => ({
    id: doc.id,
    kind: doc.kind,
    label: doc.label,
    medium: doc.medium,
    documentNumber: doc.documentNumber,
    caseId: doc.caseId,
    issuedAt: doc.issuedAt,
    staffId: doc.staffId,
    sha256: doc.sha256,
    reprints: reprintCount(db, doc.caseId, doc.id),
    sent: doc.medium === 'a4' || documentSent(db, doc.id),
    lastJob: listPrintJobs(db, { documentId: doc.id, limit: 1 })[0] ?? null,
  });

  const requireDocument = (id: string): StoredDocument => {
    const doc = loadDocument(db, id);
    if (!doc) throw notFound('文书不存在');
    // Served, previewed or reprinted only as issued (its hash checked).
    return verifiedDocument(doc, log);
  };
  const requireJob = (id: string): PrintJob => {
    const job = loadPrintJob(db, id);
    if (!job) throw notFound('打印任务不存在');
    return job;
  };
  const requirePrinter = (id: PrinterId): PrinterDriver => {
    const d = driver(id);
    if (!d.configured()) throw new CounterError('unavailable', `未配置${PRINTER_LABELS[id]}，请在“设置”中配置后再打印`);
    return d;
  };
  /** A 补打 of a thermal document that was never on paper: its first copy is printing.print. */
  const neverPrinted = (doc: StoredDocument): CounterError =>
    new CounterError('illegal_transition', `该${doc.label}还没有打印过：请用“打印${doc.label}”，第一次打印不标补打`, {
      details: { documentId: doc.id },
    });
  const illegal = (job: PrintJob, action: string): CounterError =>
    new CounterError('illegal_transition', `打印任务当前为“${PRINT_JOB_STATE_LABELS[job.state]}”，不能${action}`, {
      details: { from: job.state },
    });

  const liveSettings: LiveSettings = {
    paths: ['devices.receiptPrinter', 'devices.ticketPrinter', 'printing'],
    async apply(next) {
      const before = config;
      config = next;
      for (const id of PRINTER_IDS) {
        if (isDeepStrictEqual(before.devices[id] ?? null, next.devices[id] ?? null)) continue;
        await driver(id).reconfigure(next.devices[id]);
        log.info('device reconfigured', { id, endpoint: driver(id).status().endpoint });
      }
    },
  };

  return {
    name: 'printing',
    handlers: {
      'printing.listJobs': (args) => listPrintJobs(db, { states: args.states, caseId: args.caseId, printer: args.printer, limit: args.limit }),
      'printing.retry': (args) => {
        const job = requireJob(args.jobId);
        if (job.state !== 'failed' && job.state !== 'waiting') throw illegal(job, '重新打印（结果不明的任务可能已打印，请用补打）');
        const d = requirePrinter(job.printer);
        const after = job.state === 'failed' ? moveJob(db, job.id, ['failed'], { state: 'queued', reason: null, at: at() }) : job;
        if (!after) throw illegal(requireJob(args.jobId), '重新打印');
        if (after !== job) jobChanged(after);
        d.wake();
        return after;
      },
      'printing.confirmPrinted': (args) => {
        // Only the clerk can tell whether an interrupted job reached the paper; never sent again.
        const job = requireJob(args.jobId);
        const after = moveJob(db, job.id, ['unknown'], { state: 'printed', reason: CONFIRMED_PRINTED, at: at() });
        if (!after) throw illegal(job, '确认已打印（只有结果不明的任务需要确认）');
        jobChanged(after);
        return after;
      },
      'printing.discard': (args) => {
        const job = requireJob(args.jobId);
        const reason = args.reason.trim() || '经办人作废';
        const after = moveJob(db, job.id, ['queued', 'waiting', 'failed', 'unknown'], { state: 'discarded', reason, at: at() });
        if (!after) throw illegal(job, '作废');
        jobChanged(after);
        return after;
      },
      'printing.reprint': (args, call) => {
        const doc = requireDocument(args.documentId);
        const printerId = doc.kind === 'acceptanceReceipt' || doc.kind === 'queueTicket' ? PRINTER_OF_KIND[doc.kind] : null;
        const last = listPrintJobs(db, { documentId: doc.id, limit: 1 })[0] ?? null;
        const thermalPrinter: PrinterId | null = doc.medium === 'thermal' ? (printerId ?? last?.printer ?? 'receiptPrinter') : null;
        if (thermalPrinter) requirePrinter(thermalPrinter);
        if (last && (last.state === 'queued' || last.state === 'waiting' || last.state === 'sending')) {
          throw new CounterError('illegal_transition', `该${doc.label}尚在打印队列中（${PRINT_JOB_STATE_LABELS[last.state]}），不必补打；如需重新打印，请先作废该任务`, {
            details: { from: last.state, jobId: last.id },
          });
        }
        const now = at();
        const changed: PrintJob[] = [];
        const write = (): PrintJob | null => {
          let job: PrintJob | null = null;
          if (thermalPrinter) {
            // The first paper is never marked 补打 nor recorded as one (printing.print); read in the write.
            if (!documentSent(db, doc.id)) throw neverPrinted(doc);
            const jobId = newId();
            insertPrintJob(db, { id: jobId, documentId: doc.id, caseId: doc.caseId, printer: thermalPrinter, reprint: true, reprintOf: last?.id ?? null, staffId: call.staff.staffId, at: now });
            if (last && (last.state === 'failed' || last.state === 'unknown')) {
              const replaced = moveJob(db, last.id, ['failed', 'unknown'], { state: 'discarded', reason: '已补打', at: now });
              if (replaced) changed.push(replaced);
            }
            job = loadPrintJob(db, jobId);
            if (job) changed.push(job);
          }
          if (doc.caseId) {
            deps.cases.recordDocumentReprint(doc.caseId, call.staff.staffId, {
              documentId: doc.id,
              documentKind: doc.kind,
              documentLabel: doc.label,
              documentNumber: doc.documentNumber,
              jobId: job?.id ?? null,
            });
          }
          return job;
        };
        // On a case, the job and the 补打 event commit together (the event's case write opens it).
        const job = doc.caseId ? deps.caseChanges.run(write) : db.transaction(write).immediate();
        for (const j of changed) jobChanged(j);
        if (thermalPrinter) driver(thermalPrinter).wake();
        log.info('document reprinted', { documentId: doc.id, kind: doc.kind, jobId: job?.id ?? null, staffId: call.staff.staffId });
        return { document: summary(doc), job };
      },
      'printing.print': (args, call) => {
        const doc = requireDocument(args.documentId);
        if (doc.medium !== 'thermal') throw new CounterError('rule_violation', `${doc.label}是 A4 通知书，请在预览中打印`);
        const last = listPrintJobs(db, { documentId: doc.id, limit: 1 })[0] ?? null;
        const printerId: PrinterId = doc.kind === 'acceptanceReceipt' || doc.kind === 'queueTicket' ? PRINTER_OF_KIND[doc.kind] : (last?.printer ?? 'receiptPrinter');
        const d = requirePrinter(printerId);
        const now = at();
        const changed: PrintJob[] = [];
        const jobId = newId();
        db.transaction(() => {
          if (documentSent(db, doc.id)) {
            throw new CounterError('illegal_transition', `该${doc.label}已打印过（或可能已打印），再打印请用补打（纸上标“补打”，记入办件）`, {
              details: { documentId: doc.id },
            });
          }
          const active = listPrintJobs(db, { documentId: doc.id, states: ['queued', 'waiting', 'sending'], limit: 1 })[0];
          if (active) {
            throw new CounterError('illegal_transition', `该${doc.label}已在打印队列中（${PRINT_JOB_STATE_LABELS[active.state]}），不必再打印`, {
              details: { from: active.state, jobId: active.id },
            });
          }
          insertPrintJob(db, { id: jobId, documentId: doc.id, caseId: doc.caseId, printer: printerId, reprint: false, reprintOf: null, staffId: call.staff.staffId, at: now });
          // Its failed jobs (certainly not on paper) are replaced by this one, not left for the clerk to decide.
          for (const failed of listPrintJobs(db, { documentId: doc.id, states: ['failed'], limit: 500 })) {
            const replaced = moveJob(db, failed.id, ['failed'], { state: 'discarded', reason: '已重新打印', at: now });
            if (replaced) changed.push(replaced);
          }
        }).immediate();
        const job = requireJob(jobId);
        for (const j of [...changed, job]) jobChanged(j);
        d.wake();
        log.info('document printed first', { documentId: doc.id, kind: doc.kind, jobId, staffId: call.staff.staffId });
        return job;
      },
      'printing.documents': (args) => {
        issueOwed(args.caseId);
        return caseDocuments(db, args.caseId).map(summary);
      },
      'printing.printNotice': async (args) => {
        const doc = requireDocument(args.documentId);
        if (doc.medium !== 'a4') {
          const how = documentSent(db, doc.id) ? '请用补打' : `请用“打印${doc.label}”`;
          throw new CounterError('rule_violation', `${doc.label}是热敏纸单据，不经 A4 打印机打印（${how}）`);
        }
        const host = deps.pdfHost ?? null;
        if (host === null) throw new CounterError('unavailable', BROWSER_PRINTS_NOTICE_WORDS);
        // The stored page as issued; the 补打 copy only marked (never re-rendered).
        const html = args.reprint ? markNoticeReprint(doc.content, reprintMarkAt(at())) : doc.content;
        const printerName = config.printing.a4PrinterName;
        try {
          await host.printA4(html, { printerName });
        } catch (err) {
          const words = err instanceof Error && err.message.length > 0 ? err.message : 'A4 打印机无法打印';
          log.warn('notice not printed', { documentId: doc.id, kind: doc.kind, printerName, reason: words });
          throw new CounterError('unavailable', `${doc.label}未打印：${words}`);
        }
        log.info('notice printed', { documentId: doc.id, kind: doc.kind, reprint: args.reprint, printerName });
        return { printed: true as const };
      },
      'printing.document': (args) => {
        const doc = requireDocument(args.documentId);
        const mark = args.reprint ? reprintMarkAt(at()) : null;
        const base = summary(doc);
        if (doc.medium === 'a4') {
          const result: IssuedDocument = { ...base, html: mark ? markNoticeReprint(doc.content, mark) : doc.content, lines: null, columns: null, paper: null };
          return result;
        }
        const profile = doc.profile ?? (config.devices.receiptPrinter ? printerProfile(config.devices.receiptPrinter) : DEFAULT_PROFILE);
        const thermal = thermalOf(doc);
        const options = mark ? { reprint: mark } : {};
        const lines = thermalPreviewLines(thermal, profile, options);
        return { ...base, html: null, lines, columns: profile.columns, paper: thermalPreviewPaper(thermal, profile, options) };
      },
      'printing.testPrint': (args, call) => {
        const d = requirePrinter(args.printer);
        const printer = d.printerConfig() as PrinterConfig;
        const condition = d.lastCondition();
        const report = d.status();
        const words =
          condition !== null
            ? conditionWords(condition)
            : report.state === 'connected'
              ? (report.detail ?? NO_STATUS_WORDS)
              : `无法读取状态（${report.detail ?? '未连接'}）`;
        const now = at();
        const page = buildTestPage({
          window: window(),
          staff: { number: call.staff.staffNumber, name: call.staff.name },
          issuedAt: now,
          timeZone: ctx.window.timeZone,
          printing: config.printing,
          printerLabel: PRINTER_LABELS[args.printer],
          endpoint: report.endpoint ?? '',
          conditionWords: words,
          paperWidthMm: printer.paperWidthMm,
          encoding: printer.encoding,
          rareCharacters: [...deps.rareCharacters],
        });
        const jobId = newId();
        db.transaction(() => {
          const doc = insertDocument(db, {
            id: newId(),
            caseId: null,
            kind: 'testPage',
            title: page.title,
            label: DOCUMENT_KIND_LABELS.testPage,
            documentNumber: null,
            content: JSON.stringify(page),
            profile: printerProfile(printer),
            issuedAt: now,
            staffId: call.staff.staffId,
            eventId: null,
            hallCode: ctx.window.hallCode,
            windowNumber: ctx.window.windowNumber,
          });
          insertPrintJob(db, { id: jobId, documentId: doc.id, caseId: null, printer: args.printer, reprint: false, reprintOf: null, staffId: call.staff.staffId, at: now });
        }).immediate();
        const job = requireJob(jobId);
        jobChanged(job);
        d.wake();
        return job;
      },
    } satisfies HandlerSlice,
    readsOnDamagedStore: ['printing.listJobs', 'printing.documents', 'printing.document'],
    services: [...drivers.values(), owedNoticesService],
    afterStart() {
      issueOwed();
    },
    statusSources: [...drivers.values()],
    liveSettings,
    caseSubscriptions: {
      inTransaction(change, txDb) {
        const issued = issueCaseDocuments(issuing, change, txDb);
        if (issued.documents.length > 0 || issued.noticesOwed > 0) issuedBy.set(change, issued);
      },
      afterCommit(change) {
        const issued = issuedBy.get(change);
        if (!issued) return;
        if (issued.noticesOwed > 0) scheduleOwed();
        if (issued.jobIds.length > 0) {
          // Woken first: the receipt's first byte should leave as soon as possible after the commit.
          driver('receiptPrinter').wake();
          for (const id of issued.jobIds) {
            const job = loadPrintJob(db, id);
            if (job) jobChanged(job);
          }
        }
        void keepNoticePdfs(deps.pdfHost ?? null, ctx.places.dataDir, issued.documents, ctx.window.timeZone, log);
      },
    },
  };
}
