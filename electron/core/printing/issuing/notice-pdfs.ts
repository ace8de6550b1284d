import fs from 'node:fs';
import path from 'node:path';
import type { Logger } from '../../logging/logger';
import { hallYear } from '../documents/hall-time';
import type { SystemPrintHost } from '../transport/system-print-host';
import type { StoredDocument } from './document-store';

/**
 * Where the PDF of an issued notice is kept: `<dataDir>/notices/<hall year>/<文书编号>.pdf` (the
 * number is unique per hall and year, and its characters are all allowed in file names:
 * capitals, digits, `-`, CJK, 〔〕).
 */
export function noticePdfPath(dataDir: string, doc: Pick<StoredDocument, 'documentNumber' | 'id' | 'issuedAt'>, timeZone: string): string {
  // The hall's year, as in the 文书编号 (a notice issued at 00:30 on 1 January is next year's).
  return path.join(dataDir, 'notices', String(hallYear(doc.issuedAt, timeZone)), `${doc.documentNumber ?? doc.id}.pdf`);
}

/**
 * Keeps a PDF of each issued A4 notice in the data folder (issue 14: "a PDF of each issued notice
 * kept in the data folder"), made by the desktop shell's Chromium after the case committed. The
 * stored HTML stays the record (hashed); the PDF is a convenience copy, so a failure is logged,
 * never shown to the clerk, and a 补打 never depends on it. Without a host (browser shell,
 * tests) nothing is written.
 */
export async function keepNoticePdfs(
  host: Pick<SystemPrintHost, 'pdfOf'> | null,
  dataDir: string,
  docs: readonly StoredDocument[],
  timeZone: string,
  log: Logger,
): Promise<void> {
  if (!host) return;
  for (const doc of docs) {
    if (doc.medium !== 'a4') continue;
    const file = noticePdfPath(dataDir, doc, timeZone);
    try {
      const pdf = await host.pdfOf(doc.content);
      await fs.promises.mkdir(path.dirname(file), { recursive: true, mode: 0o700 });
      // Personal data: readable by the owner only, like the database (DESIGN.md, Data rules).
      // Written beside it and renamed, so the folder never shows a half-written PDF (a crash, or
      // someone opening it while it is written).
      const partial = `${file}.${process.pid}.partial`;
      await fs.promises.writeFile(partial, pdf, { mode: 0o600 });
      await fs.promises.rename(partial, file);
    } catch (err) {
      log.warn('notice pdf not kept', { documentId: doc.id, error: err instanceof Error ? err.message : String(err) });
    }
  }
}
