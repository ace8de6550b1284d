/**
 * What the receipt's progress-lookup QR code holds (config.json `printing.lookupUrl`, config.ts):
 * the address with the case number appended (URL-encoded), or the case number alone when no
 * address is set — the rule of the core's receiptLookupPayload (core/printing/documents/
 * lookup-payload.ts), which the renderer may not import. Shown beside the field so IT sees the
 * payload before a citizen scans it. Pure.
 */

/** A case number of this window as it will look (`JQ-12-20261130-0001`), for the example. */
export function exampleCaseNumber(hallCode: string, windowNumber: number | null, today: string): string {
  const code = hallCode.trim() || 'JQ';
  const number = typeof windowNumber === 'number' && Number.isInteger(windowNumber) && windowNumber > 0 ? windowNumber : 1;
  return `${code}-${number}-${today.replaceAll('-', '')}-0001`;
}

/** The QR payload for `caseNumber` under `lookupUrl` ('' or null: the case number alone). */
export function lookupPayload(lookupUrl: string | null, caseNumber: string): string {
  const url = (lookupUrl ?? '').trim();
  return url === '' ? caseNumber : `${url}${encodeURIComponent(caseNumber)}`;
}
