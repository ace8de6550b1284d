import { DOCUMENT_KIND_LABELS } from '../../../contract/printing';
import type { CaseDocumentInputs } from '../documents/document-inputs';
import { calendarDateChinese } from '../documents/hall-time';
import { html } from './html';
import { caseFacts, remedies, sentence, you } from './notice-parts';
import type { NoticeContent } from './notice-content';

/**
 * 不予受理通知书 (《行政许可法》第三十二条第一款; DOMAIN.md): the reason, its legal basis and the
 * remedies (复议 60 days, 诉讼 6 months). Throws an Error for a case that was not rejected.
 */
export function rejectionNotice(inputs: CaseDocumentInputs): NoticeContent {
  const c = inputs.case;
  const r = c.rejection;
  if (r === null) throw new Error(`办件 ${c.caseNumber} 未作不予受理决定，不能出具不予受理通知书`);
  const body = html`<p>${you(c)}于${calendarDateChinese(c.receivedDate)}提交的“${c.item.name}”申请，经审查，决定不予受理。</p>
<p>理由：${sentence(r.reason)}。</p>
<p>依据：${sentence(r.legalBasis)}。</p>`;
  return { title: DOCUMENT_KIND_LABELS.rejectionNotice, facts: caseFacts(inputs), body, closing: remedies(c, '本通知书') };
}
