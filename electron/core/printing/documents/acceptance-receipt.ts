import { CASE_STATUS_LABELS } from '../../../contract/cases';
import type { ThermalBlock, ThermalDocument } from '../thermal/thermal-document';
import { agentLines, applicantLines } from './case-parties';
import { deferredMaterials, receivedMaterials, receivedWords } from './case-materials';
import type { CaseDocumentInputs } from './document-inputs';
import { hallDateTime } from './hall-time';
import { receiptLookupPayload } from './lookup-payload';
import { provisionalMark, windowLine } from './thermal-words';

/** Caption of the receipt's QR when it opens the progress lookup (`printing.lookupUrl` set). */
export const QR_CAPTION_LOOKUP = '扫码查询办理进度';
/** Caption when no lookup address is configured: the QR holds the case number only. */
export const QR_CAPTION_CASE_NUMBER = '扫码读取办件编号';

/** What the QR does, truthfully: a lookup only where an address is configured. */
function qrCaption(lookupUrl: string | null): string {
  return lookupUrl ? QR_CAPTION_LOOKUP : QR_CAPTION_CASE_NUMBER;
}

/** Words on the receipt when the catalog gives no fee (most items cost nothing). */
export const NO_FEE = '不收费';

/**
 * The 受理回执 handed over when a case is accepted (issue 14, capability 4; DOMAIN.md Notices,
 * 受理通知书 (收件回执)): hall, window, the case number large, item, applicant (ID first 6 +
 * last 4, mobile masked), the materials received and those deferred under 容缺 with their due
 * dates, the promised completion date (暂定 where a provisional year touches it), fee, how the
 * result is collected, a QR for the progress lookup (the case number alone, captioned so, when
 * no lookup address is configured), staff and time.
 *
 * Width-independent: the renderer lays it out for 58 or 80 mm. Throws an Error for a case that
 * was never accepted (a receipt for a case not accepted would be a false paper: the caller's
 * bug). A 即办件 is accepted like any case and gets one, with 当日办结 as its time limit.
 */
export function buildAcceptanceReceipt(inputs: CaseDocumentInputs): ThermalDocument {
  const c = inputs.case;
  if (c.acceptedAt === null || c.promisedDueDate === null) {
    throw new Error(`办件 ${c.caseNumber} 未受理（${CASE_STATUS_LABELS[c.status]}），不能出具受理回执`);
  }
  const blocks: ThermalBlock[] = [
    { kind: 'text', text: inputs.window.hallName, align: 'center', bold: true },
    { kind: 'text', text: windowLine(inputs.window), align: 'center' },
    { kind: 'feed', lines: 1 },
    { kind: 'text', text: '受理回执', align: 'center', bold: true, size: 2 },
    { kind: 'rule', style: 'thick' },
    { kind: 'text', text: '办件编号', align: 'center' },
    // One block: the printer's width decides where (if at all) it breaks — after a hyphen (wrap.ts).
    { kind: 'text', text: c.caseNumber, align: 'center', bold: true, size: 2 },
    { kind: 'rule', style: 'thin' },
    { kind: 'field', label: '事项', value: c.item.name },
    ...applicantLines(c.applicant).map((l): ThermalBlock => ({ kind: 'field', label: l.label, value: l.value })),
    ...(c.agent ? agentLines(c.agent).map((l): ThermalBlock => ({ kind: 'field', label: l.label, value: l.value })) : []),
    { kind: 'field', label: '受理时间', value: hallDateTime(c.acceptedAt, inputs.timeZone) },
    { kind: 'rule', style: 'thin' },
  ];

  const received = receivedMaterials(c);
  blocks.push({ kind: 'text', text: `已收材料（${received.length} 项）`, bold: true });
  if (received.length === 0) blocks.push({ kind: 'text', text: '无' });
  received.forEach((m, i) => blocks.push({ kind: 'pair', left: `${i + 1}. ${m.name}`, right: receivedWords(m) }));

  const deferred = deferredMaterials(c);
  if (deferred.length > 0) {
    blocks.push({ kind: 'text', text: `容缺材料（${deferred.length} 项，请按期补交）`, bold: true });
    deferred.forEach((d, i) => {
      blocks.push({ kind: 'text', text: `${i + 1}. ${d.name}` });
      blocks.push({ kind: 'field', label: '补交期限', value: `${d.dueDate} 前${provisionalMark(d.provisional)}` });
    });
  }
  blocks.push({ kind: 'rule', style: 'thin' });

  if (c.item.caseType === 'immediate') {
    blocks.push({ kind: 'field', label: '承诺办结', value: `即办件，当日办结（${c.promisedDueDate}）` });
  } else {
    // Two short fields, not one long one: each fits a 58 mm line, the date is not split.
    blocks.push({ kind: 'field', label: '承诺时限', value: `${c.item.promisedDays} 个工作日` });
    blocks.push({ kind: 'field', label: '承诺办结', value: `${c.promisedDueDate} 前${provisionalMark(c.promisedDueProvisional)}`, bold: true });
  }
  blocks.push({ kind: 'field', label: '收费', value: inputs.feeDescription?.trim() || NO_FEE });
  if (inputs.printing.collectionNote) blocks.push({ kind: 'field', label: '领取方式', value: inputs.printing.collectionNote });
  if (c.promisedDueProvisional || deferred.some((d) => d.provisional)) {
    // Why a date says 暂定 (DOMAIN.md "Time"): the citizen must not take it as final.
    blocks.push({ kind: 'text', text: '注：标“暂定”的日期所在年度的节假日安排尚未公布，公布后以重新计算的日期为准。' });
  }
  blocks.push({ kind: 'rule', style: 'thin' });

  blocks.push({ kind: 'qr', payload: receiptLookupPayload(c.caseNumber, inputs.printing), caption: qrCaption(inputs.printing.lookupUrl) });
  if (inputs.staff) blocks.push({ kind: 'field', label: '经办人', value: `${inputs.staff.number} ${inputs.staff.name}` });
  blocks.push({ kind: 'field', label: '出具时间', value: hallDateTime(inputs.issuedAt, inputs.timeZone) });
  blocks.push({ kind: 'text', text: '请妥善保管本回执', align: 'center' });

  return { kind: 'acceptanceReceipt', title: c.caseNumber, blocks };
}
