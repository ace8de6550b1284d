import { DOCUMENT_KIND_LABELS } from '../../../contract/printing';
import { NO_FEE } from '../documents/acceptance-receipt';
import { deferredMaterials, receivedMaterials } from '../documents/case-materials';
import type { CaseDocumentInputs } from '../documents/document-inputs';
import { calendarDateChinese } from '../documents/hall-time';
import { receiptLookupPayload } from '../documents/lookup-payload';
import { windowLine } from '../documents/thermal-words';
import { html } from './html';
import type { NoticeContent } from './notice-content';
import { caseFacts, headingCounter, isLicence, sentence, you } from './notice-parts';

const PROVISIONAL = '（暂定）';

/**
 * 受理通知书 (DOMAIN.md Notices; 《行政许可法》第三十二条第一款第（五）项 for a licence): the case
 * accepted, the materials received and those deferred under 容缺 with their due dates, the
 * promised completion date (暂定 where a provisional year touches it), fee, how to collect the
 * result and how to check progress. Throws an Error for a case never accepted.
 */
export function acceptanceNotice(inputs: CaseDocumentInputs): NoticeContent {
  const c = inputs.case;
  if (c.acceptedAt === null || c.acceptanceDate === null || c.promisedDueDate === null) {
    throw new Error(`办件 ${c.caseNumber} 未受理，不能出具受理通知书`);
  }
  const received = receivedMaterials(c);
  const deferred = deferredMaterials(c);
  const heading = headingCounter();
  const basis = isLicence(c) ? '根据《中华人民共和国行政许可法》第三十二条第一款第（五）项的规定，' : '';
  const decision =
    deferred.length > 0
      ? html`<p>${you(c)}于${calendarDateChinese(c.receivedDate)}提交的“${c.item.name}”申请，经审查，除下列容缺材料外，申请材料齐全、符合法定形式。${basis}决定予以容缺受理。</p>`
      : html`<p>${you(c)}于${calendarDateChinese(c.receivedDate)}提交的“${c.item.name}”申请，经审查，申请材料齐全、符合法定形式。${basis}决定予以受理。</p>`;

  const receivedTable = html`${heading('已收取的申请材料')}
<table class="list"><colgroup><col class="seq"><col><col class="form"><col class="copies"></colgroup>
<thead><tr><th>序号</th><th>材料名称</th><th>形式</th><th>份数</th></tr></thead><tbody>
${received.length === 0 ? html`<tr><td class="seq">—</td><td colspan="3">无</td></tr>` : ''}
${received.map((m, i) => html`<tr><td class="seq">${i + 1}</td><td>${m.name}</td><td>${m.form}</td><td class="seq">${m.copies}</td></tr>`)}
</tbody></table>`;

  const deferredPart =
    deferred.length === 0
      ? ''
      : html`${heading('容缺材料（请在期限内补交）')}
<table class="list"><colgroup><col class="seq"><col><col class="due"></colgroup>
<thead><tr><th>序号</th><th>材料名称</th><th>补交期限</th></tr></thead><tbody>
${deferred.map(
  (d, i) => html`<tr><td class="seq">${i + 1}</td><td>${d.name}</td><td>${calendarDateChinese(d.dueDate)}前${d.provisional ? PROVISIONAL : ''}</td></tr>`,
)}
</tbody></table>
<p>请在补交期限前补齐上述材料。容缺材料补齐前，不作出办理决定。</p>`;

  const promised =
    c.item.caseType === 'immediate'
      ? html`即办件，当日办结`
      : html`${calendarDateChinese(c.promisedDueDate)}前${c.promisedDueProvisional ? PROVISIONAL : ''}（${c.item.promisedDays}个工作日，受理当日不计）`;
  const anyProvisional = c.promisedDueProvisional || deferred.some((d) => d.provisional);
  const provisionalNote = anyProvisional
    ? html`<span class="note">注：标“暂定”的日期，其所在年度的法定节假日安排尚未公布，公布后按正式安排重新计算，如有变化另行告知。</span>`
    : '';
  const fee = inputs.feeDescription?.trim() || NO_FEE;
  const collection = inputs.printing.collectionNote.trim();
  const lookup = inputs.printing.lookupUrl ? receiptLookupPayload(c.caseNumber, inputs.printing) : null;
  const where = `${inputs.window.hallName}${windowLine(inputs.window)}`;
  const progress = lookup
    ? html`凭办件编号到${where}查询；或访问 <span class="url">${lookup}</span>，或扫描受理回执上的二维码查询`
    : html`凭办件编号到${where}查询，或扫描受理回执上的二维码查询`;
  const terms = html`${heading('办理时限及结果领取')}
<table class="list terms"><colgroup><col class="term"><col></colgroup><tbody>
<tr><th>承诺办结</th><td>${promised}${provisionalNote}</td></tr>
<tr><th>收费</th><td>${sentence(fee)}</td></tr>
${collection ? html`<tr><th>结果领取</th><td>${sentence(collection)}</td></tr>` : ''}
<tr><th>进度查询</th><td>${progress}</td></tr>
</tbody></table>`;

  return {
    title: DOCUMENT_KIND_LABELS.acceptanceNotice,
    facts: caseFacts(inputs, [{ label: '受理日期', value: calendarDateChinese(c.acceptanceDate) }]),
    body: html`${decision}
${receivedTable}
${deferredPart}
${terms}`,
    closing: html`<p>特此通知。</p>`,
  };
}
