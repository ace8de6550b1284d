import { DOCUMENT_KIND_LABELS } from '../../../contract/printing';
import { decisionWords } from '../../../contract/item-types';
import type { CaseDocumentInputs } from '../documents/document-inputs';
import { calendarDateChinese, hallDateChinese } from '../documents/hall-time';
import { windowLine } from '../documents/thermal-words';
import { html } from './html';
import { caseFacts, noticeItemType, sentence, you } from './notice-parts';
import type { NoticeContent } from './notice-content';

/**
 * 办结/领证通知 (DOMAIN.md Notices): the result is ready, and how to collect it. Throws an
 * Error for a case not yet decided (there is no result to collect).
 */
export function completionNotice(inputs: CaseDocumentInputs): NoticeContent {
  const c = inputs.case;
  const d = c.decision;
  if (d === null) throw new Error(`办件 ${c.caseNumber} 尚未作出决定，不能出具办结通知书`);
  const words = decisionWords(noticeItemType(c));
  const decidedOn = hallDateChinese(d.decidedAt, inputs.timeZone);
  const outcome =
    d.outcome === 'approved'
      ? html`已于${decidedOn}办理完毕，决定${words.approved}`
      : html`已于${decidedOn}作出${words.refused}的决定（详见${words.refusalDocument}）`;
  const note = inputs.printing.collectionNote.trim();
  const body = html`<p>${you(c)}于${calendarDateChinese(c.receivedDate)}提交的“${c.item.name}”申请（办件编号<span class="code">${c.caseNumber}</span>），${outcome}，办理结果可以领取。</p>
<p>领取地点：${inputs.window.hallName}${windowLine(inputs.window)}。</p>
${note ? html`<p>领取方式：${sentence(note)}。</p>` : ''}
<p>领取时请携带本通知书、受理回执及申请人有效身份证件；委托他人领取的，还须携带授权委托书及受托人有效身份证件。</p>`;
  const closing = html`<p>特此通知。</p>`;
  return {
    title: DOCUMENT_KIND_LABELS.completionNotice,
    facts: caseFacts(inputs, [{ label: '决定日期', value: decidedOn }]),
    body,
    closing,
  };
}
