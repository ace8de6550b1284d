import { z } from 'zod';
import { EnvelopeSchema } from './envelope-schema';

/** The largest page a print call carries, characters (an A4 notice is tens of KB; a bound keeps a confused child from flooding main). */
export const MAX_PRINT_HTML_CHARS = 5_000_000;

/**
 * Messages between the Electron main process and the core's utility process. The main process
 * only relays; it validates these shapes because a crashed or confused child must not be able
 * to make it throw.
 */
/**
 * What the core asks main to print (its SystemPrintHost, electron/core/printing/transport/
 * system-print-host.ts): only main has Electron's webContents. `print`: a thermal page to an OS
 * printer queue; `printA4`: a notice to an OS printer; `pdfOf`: a notice as an A4 PDF.
 * `printerName` '' is the system's default printer. HTML is a complete, self-contained page.
 */
export const HostCallSchema = z.discriminatedUnion('method', [
  z.object({
    method: z.literal('print'),
    html: z.string().max(MAX_PRINT_HTML_CHARS),
    printerName: z.string().max(200),
    widthMm: z.union([z.literal(58), z.literal(80)]),
  }),
  z.object({ method: z.literal('printA4'), html: z.string().max(MAX_PRINT_HTML_CHARS), printerName: z.string().max(200) }),
  z.object({ method: z.literal('pdfOf'), html: z.string().max(MAX_PRINT_HTML_CHARS) }),
]);
export type HostCall = z.infer<typeof HostCallSchema>;

/**
 * main's answer to a HostCall: done (with the PDF as base64 for `pdfOf`), or why not, in words for
 * the clerk. `notSent` true: main knows the page never reached the OS print queue (no such
 * printer, the page did not load, an earlier page still printing); absent or false: it may have
 * (a time-out, a failure the spooler reported) — a receipt job then ends `unknown`, not `failed`.
 */
export const HostAnswerSchema = z.discriminatedUnion('ok', [
  z.object({ ok: z.literal(true), pdfBase64: z.string().optional() }),
  z.object({ ok: z.literal(false), message: z.string(), notSent: z.boolean().optional() }),
]);
export type HostAnswer = z.infer<typeof HostAnswerSchema>;

export const ToCoreMessageSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('invoke'), id: z.number().int(), method: z.string(), args: z.unknown() }),
  z.object({ kind: z.literal('shutdown') }),
  z.object({ kind: z.literal('hostAnswer'), id: z.number().int(), answer: HostAnswerSchema }),
]);
export type ToCoreMessage = z.infer<typeof ToCoreMessageSchema>;

export const FromCoreMessageSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('ready') }),
  z.object({ kind: z.literal('result'), id: z.number().int(), envelope: EnvelopeSchema }),
  z.object({ kind: z.literal('event'), name: z.string(), payload: z.unknown() }),
  z.object({ kind: z.literal('fatal'), message: z.string() }),
  z.object({ kind: z.literal('closed') }),
  /** The core asks main to print (HostCallSchema); main answers with `hostAnswer` and the same id. */
  z.object({ kind: z.literal('hostCall'), id: z.number().int(), call: HostCallSchema }),
]);
export type FromCoreMessage = z.infer<typeof FromCoreMessageSchema>;
