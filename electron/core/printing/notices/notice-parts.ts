import { applicantIdNumber } from '../../../contract/applicant';
import { remediesText, type ItemType } from '../../../contract/item-types';
import { maskIdNumber, maskMobile } from '../../../contract/validation';
import type { CaseState } from '../../cases/case-state';
import { agentLines } from '../documents/case-parties';
import type { CaseDocumentInputs } from '../documents/document-inputs';
import { calendarDateChinese, hallDateChinese } from '../documents/hall-time';
import { windowLine } from '../documents/thermal-words';
import { html, type SafeHtml } from './html';
import type { NoticeFact } from './notice-layout';

/**
 * The item type the case's words follow: the decision's own, else the snapshot's. Null for a
 * case stored before snapshots carried a type (the caller may fill `case.item.itemType` from
 * the catalog row first, see caseItemType): then the words are those true of every item.
 */
export function noticeItemType(c: CaseState): ItemType | null {
  return c.decision?.itemType ?? c.item.itemType ?? null;
}

/** Only a licence's notices cite the Administrative Licensing Law (it governs nothing else). */
export function isLicence(c: CaseState): boolean {
  return noticeItemType(c) === 'licensing';
}

/**
 * How the notice addresses the applicant: `你` to a person, `贵单位` to an organisation. The
 * standard 格式文本 print `你（单位）` to be struck through by hand; a rendered notice knows which
 * it is, and a private person should not be called 单位.
 */
export function you(c: Pick<CaseState, 'applicant'>): string {
  return c.applicant.kind === 'organisation' ? '贵单位' : '你';
}

/** The case's facts under the title: numbers masked as on every paper (DESIGN.md "Data rules"). */
export function caseFacts(inputs: CaseDocumentInputs, extra: NoticeFact[] = []): NoticeFact[] {
  const c = inputs.case;
  const a = c.applicant;
  const facts: NoticeFact[] = [
    { label: '办件编号', value: c.caseNumber },
    { label: '收件日期', value: calendarDateChinese(c.receivedDate) },
    { label: '申请事项', value: c.item.name, wide: true },
  ];
  if (a.kind === 'person') {
    facts.push({ label: '申请人', value: a.name }, { label: '证件号码', value: maskIdNumber(a.idNumber) });
  } else {
    facts.push(
      { label: '申请单位', value: a.name, wide: true },
      { label: '信用代码', value: maskIdNumber(applicantIdNumber(a)) },
      { label: '联系人', value: a.contactName },
    );
  }
  if (a.mobile) facts.push({ label: '联系电话', value: maskMobile(a.mobile) });
  facts.push({ label: '承办部门', value: c.item.department });
  facts.push(...extra);
  if (c.agent) {
    const [name, id] = agentLines(c.agent);
    facts.push({ label: '代办人', value: `${name?.value ?? ''}（${id?.value ?? ''}）`, wide: true });
  }
  return facts;
}

/** `受理窗口：12号窗口 综合受理　经办人：A012 张敏`. */
export function issuedByLine(inputs: CaseDocumentInputs): string {
  const staff = inputs.staff ? `　经办人：${inputs.staff.number} ${inputs.staff.name}` : '';
  return `窗口：${windowLine(inputs.window)}${staff}`;
}

/** The notice's date, the hall's, `2026年11月30日`. */
export function noticeDate(inputs: CaseDocumentInputs): string {
  return hallDateChinese(inputs.issuedAt, inputs.timeZone);
}

/** A reason or basis as typed, without its own closing full stop (the sentence adds one). */
export function sentence(text: string): string {
  return text.trim().replace(/[。．.；;，,]+$/u, '');
}

/**
 * The remedies on a refusal (DOMAIN.md; 《行政复议法》第二十条: 60 days, 《行政诉讼法》第四十六条:
 * 6 months, both from the day the applicant receives the paper), in the standard wording of
 * the 格式文本, naming the paper (`本通知书`, `本决定书`). A public service is often not an
 * administrative act: its paper says where to object instead (remediesText).
 */
export function remedies(c: CaseState, paper: string): SafeHtml {
  const type = noticeItemType(c);
  if (type === 'public_service') return html`<p>${remediesText(type)}</p>`;
  return html`<p>${you(c)}如不服本决定，可以自收到${paper}之日起60日内依法申请行政复议，或者自收到${paper}之日起6个月内依法向人民法院提起行政诉讼。</p>`;
}

/** `一、` `二、` … for the numbered headings of a notice's body. */
export function chineseOrdinal(n: number): string {
  const digits = ['零', '一', '二', '三', '四', '五', '六', '七', '八', '九', '十'];
  if (n <= 10) return `${digits[n] ?? n}、`;
  if (n < 20) return `十${digits[n - 10] ?? ''}、`;
  return `${n}、`;
}

/** Numbered `h2` headings in order of appearance. */
export function headingCounter(): (title: string) => SafeHtml {
  let n = 0;
  return (title) => {
    n += 1;
    return html`<h2>${chineseOrdinal(n)}${title}</h2>`;
  };
}
