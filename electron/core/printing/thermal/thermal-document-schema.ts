import { z } from 'zod';
import { CounterError } from '../../../contract/errors';
import type { PrinterProfile } from '../printer-profile';
import type { ThermalBlock, ThermalDocument } from './thermal-document';

/**
 * The stored ThermalDocument (thermal-document.ts) as it must read back from the database: the
 * row is a trust boundary (a damaged file, a hand edit, an older build's shape), so what is
 * rendered for the printer or the preview is checked here first, never cast.
 */
const ThermalBlockSchema = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('text'),
    text: z.string(),
    align: z.enum(['left', 'center', 'right']).optional(),
    bold: z.boolean().optional(),
    size: z.union([z.literal(1), z.literal(2)]).optional(),
  }),
  z.object({ kind: z.literal('field'), label: z.string(), value: z.string(), bold: z.boolean().optional() }),
  z.object({ kind: z.literal('pair'), left: z.string(), right: z.string(), bold: z.boolean().optional() }),
  z.object({ kind: z.literal('rule'), style: z.enum(['thin', 'thick']).optional() }),
  z.object({ kind: z.literal('qr'), payload: z.string().min(1), caption: z.string().optional(), moduleSize: z.number().int().min(1).max(16).optional() }),
  z.object({ kind: z.literal('feed'), lines: z.number().int().min(0).max(50) }),
  z.object({ kind: z.literal('ruler') }),
]) satisfies z.ZodType<ThermalBlock>;

export const ThermalDocumentSchema = z.object({
  kind: z.enum(['acceptanceReceipt', 'queueTicket', 'testPage']),
  title: z.string(),
  blocks: z.array(ThermalBlockSchema),
}) satisfies z.ZodType<ThermalDocument>;

/** A stored printer profile (printer-profile.ts), the width a thermal document was laid out for. */
export const PrinterProfileSchema = z.object({
  columns: z.union([z.literal(32), z.literal(48)]),
  dotsPerLine: z.union([z.literal(384), z.literal(576)]),
  encoding: z.enum(['gbk', 'gb18030']),
  qrMode: z.enum(['native', 'raster']),
}) satisfies z.ZodType<PrinterProfile>;

/** What the clerk reads when a kept thermal document cannot be read back. */
export const DAMAGED_THERMAL_WORDS = '单据存档已损坏，无法预览或打印，请联系技术人员（详见日志）';

function damaged(documentId: string, what: string, detail: string): CounterError {
  return new CounterError('internal', DAMAGED_THERMAL_WORDS, { details: { documentId, what, detail } });
}

/**
 * The ThermalDocument stored as `content` (JSON) of document `documentId`.
 * @throws CounterError `internal` (DAMAGED_THERMAL_WORDS; details name the document and the fault)
 *   when it is not JSON or not a ThermalDocument.
 */
export function parseStoredThermal(documentId: string, content: string): ThermalDocument {
  let json: unknown;
  try {
    json = JSON.parse(content);
  } catch (err) {
    throw damaged(documentId, 'content', err instanceof Error ? err.message : String(err));
  }
  const parsed = ThermalDocumentSchema.safeParse(json);
  if (!parsed.success) throw damaged(documentId, 'content', z.prettifyError(parsed.error));
  return parsed.data;
}

/**
 * The PrinterProfile stored with document `documentId` (JSON), or null when none was stored.
 * @throws CounterError `internal` (DAMAGED_THERMAL_WORDS) when it is not JSON or not a profile.
 */
export function parseStoredProfile(documentId: string, profile: string | null): PrinterProfile | null {
  if (profile === null) return null;
  let json: unknown;
  try {
    json = JSON.parse(profile);
  } catch (err) {
    throw damaged(documentId, 'profile', err instanceof Error ? err.message : String(err));
  }
  const parsed = PrinterProfileSchema.safeParse(json);
  if (!parsed.success) throw damaged(documentId, 'profile', z.prettifyError(parsed.error));
  return parsed.data;
}
