/**
 * The length limits of the fields a clerk types into, in characters as people count them (code
 * points: 𠮷 is one). The UI's counters use these numbers and the contract's schemas refuse one
 * character more (test/unit/contract/text-limits.test.ts holds each pair together), so a text
 * the form accepts is never refused, or cut, by the core.
 */
export const TEXT_LIMITS = {
  personName: 50,
  organisationName: 100,
  address: 200,
  /** A sanity cap: each document's validator states the exact length it expects. */
  documentNumber: 40,
  mobile: 40,
  creditCode: 40,
  defectNote: 200,
  correctionName: 100,
  correctionInstruction: 300,
  correctionNote: 500,
  rejectReason: 500,
  legalBasis: 500,
  decisionReason: 500,
  closeReason: 500,
  recipientName: 50,
  deliveryAddress: 200,
  /** As typed, separators included; stored without them (at most 40). */
  trackingNumber: 80,
} as const;

export type TextLimitField = keyof typeof TEXT_LIMITS;
