import { decisionWords } from '../../../contract/item-types';
import type { CaseState } from '../../cases/case-state';
import type { CaseDocumentInputs } from '../documents/document-inputs';
import { calendarDateChinese, hallDateChinese } from '../documents/hall-time';
import { html } from './html';
import { caseFacts, noticeItemType, remedies, sentence, you } from './notice-parts';
import type { NoticeContent } from './notice-content';

/**
 * The refusal's title follows the item type (item-types.ts): 不予许可决定书 only for a licence
 * (《行政许可法》第三十八条第二款), 不予给付决定书, 不予确认决定书 … for the others.
 */
export function refusalDecisionTitle(c: CaseState): string {
  return decisionWords(noticeItemType(c)).refusalDocument;
}

/**
 * 不予许可决定书 (and its equivalents by item type): after review, the refusal with its reason,
 * legal basis and the remedies. Throws an Error unless the case was decided `refused`.
 */
export function refusalDecision(inputs: CaseDocumentInputs): NoticeContent {
  const c = inputs.case;
  const d = c.decision;
  if (d === null || d.outcome !== 'refused') {
    throw new Error(`办件 ${c.caseNumber} 未作出不予决定，不能出具决定书`);
  }
  const words = decisionWords(noticeItemType(c));
  const accepted = c.acceptanceDate ? html`，于${calendarDateChinese(c.acceptanceDate)}依法受理` : '';
  const body = html`<p>${you(c)}于${calendarDateChinese(c.receivedDate)}提交的“${c.item.name}”申请${accepted}。经${c.item.department}审查，决定${words.refused}。</p>
<p>理由：${sentence(d.reason)}。</p>
<p>依据：${sentence(d.legalBasis)}。</p>`;
  return {
    title: words.refusalDocument,
    facts: caseFacts(inputs, [{ label: '决定日期', value: hallDateChinese(d.decidedAt, inputs.timeZone) }]),
    body,
    closing: remedies(c, '本决定书'),
  };
}
