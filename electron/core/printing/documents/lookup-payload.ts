import type { PrintingConfig } from '../../../contract/config';

/** Printable ASCII without space: what a QR's byte mode carries safely through every printer's QR command. */
const QR_SAFE = /^[\x21-\x7e]+$/;

/**
 * The progress-lookup QR's payload for a case: `printing.lookupUrl` with the case number
 * appended (URL-encoded), or the case number alone when no address is configured. Throws an
 * Error if the result is not printable ASCII (issue 14: printers' QR commands break on anything
 * else; the config schema and the case-number format both keep it ASCII, so this is a bug).
 */
export function receiptLookupPayload(caseNumber: string, printing: Pick<PrintingConfig, 'lookupUrl'>): string {
  const payload = printing.lookupUrl ? printing.lookupUrl + encodeURIComponent(caseNumber) : caseNumber;
  assertQrPayload(payload);
  return payload;
}

/** Throws an Error unless `payload` is non-empty printable ASCII (see receiptLookupPayload). */
export function assertQrPayload(payload: string): void {
  if (!QR_SAFE.test(payload)) throw new Error(`二维码内容只能是英文字母、数字和符号：${payload}`);
}
