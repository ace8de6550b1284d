import { DOCUMENT_KIND_LABELS } from '../../../contract/printing';
import type { CaseDocumentInputs } from '../documents/document-inputs';
import { calendarDateChinese, hallDateChinese } from '../documents/hall-time';
import { windowLine } from '../documents/thermal-words';
import { html } from './html';
import { caseFacts, isLicence, sentence, you } from './notice-parts';
import type { NoticeContent } from './notice-content';

/**
 * 补正材料通知书 (一次性告知书): 《行政许可法》第三十二条第一款第（四）项 — materials incomplete or
 * not in the legal form are told at once and in one go. It lists exactly the case's correction
 * items (each with its instruction), one numbered row each, and nothing else: what is not on
 * it cannot be asked for later. Throws an Error for a case with no correction request.
 */
export function correctionNotice(inputs: CaseDocumentInputs): NoticeContent {
  const c = inputs.case;
  const correction = c.correction;
  if (correction === null || correction.items.length === 0) {
    throw new Error(`办件 ${c.caseNumber} 没有补正告知内容，不能出具补正材料通知书`);
  }
  const basis = isLicence(c) ? '根据《中华人民共和国行政许可法》第三十二条第一款第（四）项的规定，' : '';
  const note = correction.note.trim();
  const body = html`<p>${you(c)}于${calendarDateChinese(c.receivedDate)}提交的“${c.item.name}”申请，经审查，申请材料不齐全或者不符合法定形式。${basis}现一次性告知${you(c)}需要补正的全部内容如下（共${correction.items.length}项）：</p>
<table class="list"><colgroup><col class="seq"><col class="what"><col></colgroup>
<thead><tr><th>序号</th><th>需补正的材料</th><th>补正要求</th></tr></thead><tbody>
${correction.items.map((item, i) => html`<tr><td class="seq">${i + 1}</td><td>${item.name}</td><td>${item.instruction}</td></tr>`)}
</tbody></table>
${note ? html`<p><span class="lead">其他说明：</span>${sentence(note)}。</p>` : ''}`;
  const closing = html`<p>请按上述要求一次性补正全部材料后，持本通知书到${inputs.window.hallName}${windowLine(inputs.window)}提交。补正的材料齐全、符合法定形式的，予以受理。</p>`;
  return {
    title: DOCUMENT_KIND_LABELS.correctionNotice,
    facts: caseFacts(inputs, [{ label: '告知日期', value: hallDateChinese(correction.requestedAt, inputs.timeZone) }]),
    body,
    closing,
  };
}
