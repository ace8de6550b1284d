import { SKIPPED_TICKET_WORDS, ticketWaitWords } from '../../../contract/queue';
import type { ThermalBlock, ThermalDocument } from '../thermal/thermal-document';
import type { QueueTicketInputs } from './document-inputs';
import { hallDateTime } from './hall-time';
import { assertQrPayload } from './lookup-payload';

/** The QR's caption: it holds the ticket's hall, day and number, no address a phone could open. */
export const QUEUE_TICKET_QR_CAPTION = '号票凭证';

/**
 * A queue ticket (排队票, DOMAIN.md "Queue"): hall, the number large (size 2), the business
 * category, the wait in the kiosk's own words (contract/queue/ticket-words.ts: people ahead and
 * minutes, or that the hall's server is away), the time, a QR captioned 号票凭证 (its payload is the
 * ticket's hall, day and number, not a web address) and what to keep and do if skipped.
 * Throws an Error when `qrPayload` is not printable ASCII (issue 14: QR payloads are ASCII).
 */
export function buildQueueTicket(inputs: QueueTicketInputs): ThermalDocument {
  assertQrPayload(inputs.qrPayload);
  if (!Number.isInteger(inputs.peopleAhead) || inputs.peopleAhead < 0) {
    throw new Error(`前面等候人数不合规：${inputs.peopleAhead}`);
  }
  const wait = ticketWaitWords({ ahead: inputs.peopleAhead, waitMinutes: inputs.estimatedWaitMinutes, mode: inputs.queueMode });
  const blocks: ThermalBlock[] = [
    { kind: 'text', text: inputs.window.hallName, align: 'center', bold: true },
    { kind: 'rule', style: 'thick' },
    { kind: 'text', text: inputs.categoryName, align: 'center' },
    { kind: 'feed', lines: 1 },
    { kind: 'text', text: inputs.ticketNumber, align: 'center', bold: true, size: 2 },
    { kind: 'feed', lines: 1 },
    { kind: 'text', text: wait.ahead, align: 'center', bold: true },
  ];
  if (wait.wait !== null) blocks.push({ kind: 'text', text: wait.wait, align: 'center' });
  blocks.push(
    { kind: 'rule', style: 'thin' },
    { kind: 'qr', payload: inputs.qrPayload, caption: QUEUE_TICKET_QR_CAPTION },
    { kind: 'field', label: '取号时间', value: hallDateTime(inputs.issuedAt, inputs.timeZone) },
    { kind: 'text', text: '请保管好本票，留意叫号', align: 'center' },
    { kind: 'text', text: SKIPPED_TICKET_WORDS, align: 'center' },
  );
  return { kind: 'queueTicket', title: inputs.ticketNumber, blocks };
}
