import type { ThermalBlock, ThermalDocument } from '../thermal/thermal-document';
import type { QueueTicketInputs } from './document-inputs';
import { hallDateTime } from './hall-time';
import { assertQrPayload } from './lookup-payload';

/**
 * A queue ticket (排队票, DOMAIN.md "Queue"): hall, the number large (size 2), the business
 * category, how many people are ahead, the estimated wait when known, the time, a QR and a
 * line asking to keep the ticket. Layout only: the dispenser comes with the queue issue.
 * Throws an Error when `qrPayload` is not printable ASCII (issue 14: QR payloads are ASCII).
 */
export function buildQueueTicket(inputs: QueueTicketInputs): ThermalDocument {
  assertQrPayload(inputs.qrPayload);
  if (!Number.isInteger(inputs.peopleAhead) || inputs.peopleAhead < 0) {
    throw new Error(`前面等候人数不合规：${inputs.peopleAhead}`);
  }
  const blocks: ThermalBlock[] = [
    { kind: 'text', text: inputs.window.hallName, align: 'center', bold: true },
    { kind: 'rule', style: 'thick' },
    { kind: 'text', text: inputs.categoryName, align: 'center' },
    { kind: 'feed', lines: 1 },
    { kind: 'text', text: inputs.ticketNumber, align: 'center', bold: true, size: 2 },
    { kind: 'feed', lines: 1 },
    { kind: 'text', text: `前面还有 ${inputs.peopleAhead} 人`, align: 'center', bold: true },
  ];
  if (inputs.estimatedWaitMinutes !== null) {
    const minutes = Math.max(1, Math.round(inputs.estimatedWaitMinutes));
    blocks.push({ kind: 'text', text: `预计等候约 ${minutes} 分钟`, align: 'center' });
  }
  blocks.push(
    { kind: 'rule', style: 'thin' },
    { kind: 'qr', payload: inputs.qrPayload, caption: '扫码查看叫号进度' },
    { kind: 'field', label: '取号时间', value: hallDateTime(inputs.issuedAt, inputs.timeZone) },
    { kind: 'text', text: '请保管好本票，留意叫号', align: 'center' },
    { kind: 'text', text: '过号请到咨询台重新取号', align: 'center' },
  );
  return { kind: 'queueTicket', title: inputs.ticketNumber, blocks };
}
