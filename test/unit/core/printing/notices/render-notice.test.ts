import { describe, expect, it } from 'vitest';
import type { CaseState } from '../../../../../electron/core/cases/case-state';
import { NOTICE_KINDS } from '../../../../../electron/core/printing/notices/document-number';
import { canRenderNotice, noticeTitle, renderNotice } from '../../../../../electron/core/printing/notices/render-notice';
import { markNoticeReprint } from '../../../../../electron/core/printing/notices/reprint-mark';
import {
  acceptedCase,
  APPLICANT_ID,
  caseInputs,
  correctionCase,
  CREDIT_CODE,
  FOOD_LICENCE,
  ORGANISATION,
  RARE_NAME,
} from '../documents/document-fixtures';

/** The page's text as a reader sees it: tags dropped, entities decoded, blanks removed. */
function visibleText(html: string): string {
  const body = html.slice(html.indexOf('<body>'));
  return body
    .replace(/<[^>]+>/g, '')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, '');
}

const rejected = (overrides: Partial<CaseState> = {}): CaseState =>
  acceptedCase({
    status: 'rejected',
    acceptedAt: null,
    acceptanceDate: null,
    promisedDueDate: null,
    deferrals: [],
    rejection: { reasonId: null, reason: '申请事项不属于本机关职权范围。', legalBasis: '《中华人民共和国行政许可法》第三十二条第一款第（二）项', rejectedAt: '2026-11-30T02:00:00Z' },
    ...overrides,
  });

const decided = (outcome: 'approved' | 'refused', itemType: CaseState['item']['itemType'] = 'licensing'): CaseState =>
  acceptedCase({
    status: 'decided',
    deferrals: [],
    item: { ...FOOD_LICENCE, itemType },
    decision: { outcome, itemType, reason: outcome === 'refused' ? '场所不符合要求' : '', legalBasis: outcome === 'refused' ? '《中华人民共和国食品安全法》第三十三条' : '', decidedAt: '2026-12-03T08:00:00Z' },
  });

const CORRECTION_ITEMS = [
  { materialId: 'M1', name: '食品经营许可申请书', instruction: '第3页缺申请人签字' },
  { materialId: null, name: '经营场所租赁合同', instruction: '请提交租赁合同复印件 1 份' },
];

describe('A4 notices (HTML)', () => {
  it('is a complete A4 page: doctype, charset, @page A4, the Chinese fonts by name and the app’s rare-character fonts at /fonts/', () => {
    const html = renderNotice('acceptanceNotice', caseInputs(acceptedCase()));
    expect(html.startsWith('<!DOCTYPE html>')).toBe(true);
    expect(html).toContain('<meta charset="utf-8">');
    expect(html).toMatch(/@page \{ size: A4; margin: [^}]+\}/);
    expect(html).toContain(`'SimSun', 'Songti SC', 'Noto Serif CJK SC', 'Noto Sans CJK SC', 'Counter Rare Han', sans-serif`);
    for (const font of ['/fonts/CounterHanExtA.ttf', '/fonts/HanaMinB.ttf', '/fonts/BabelStoneHan-ExtGH.ttf']) expect(html).toContain(`url('${font}')`);
    // Self-contained: nothing from elsewhere, no script.
    expect(html).not.toMatch(/<script|<link|https?:\/\/(?!zwfw\.example)/);
  });

  it('every notice: issuer, title, number, applicant as stored, case number, item, the hall’s date and the seal place', () => {
    const cases: Record<(typeof NOTICE_KINDS)[number], CaseState> = {
      acceptanceNotice: acceptedCase(),
      correctionNotice: correctionCase(CORRECTION_ITEMS),
      rejectionNotice: rejected(),
      refusalDecision: decided('refused'),
      completionNotice: decided('approved'),
    };
    for (const kind of NOTICE_KINDS) {
      const text = visibleText(renderNotice(kind, caseInputs(cases[kind], { documentNumber: `HX-7X〔2026〕0042号`, issuedAt: '2026-11-30T17:30:00Z' })));
      expect(text, kind).toContain('杭州市西湖区政务服务中心');
      expect(text, kind).toContain(noticeTitle(kind, cases[kind]));
      expect(text, kind).toContain('HX-7X〔2026〕0042号');
      expect(text, kind).toContain(`${RARE_NAME}：`);
      expect(text, kind).toContain('HX-7-20261130-0001');
      expect(text, kind).toContain('食品经营许可');
      expect(text, kind).toContain('（盖章）');
      // 17:30 UTC on the 30th is already 1 December in the hall.
      expect(text, kind).toContain('2026年12月1日');
      expect(text, kind).toContain('330106********1232');
      expect(text, kind).not.toContain(APPLICANT_ID);
    }
  });

  it('escapes every value: a name like <script> is text, not markup', () => {
    const evil = acceptedCase({ applicant: { ...acceptedCase().applicant, name: '<script>alert("x")</script>&' } as CaseState['applicant'] });
    const html = renderNotice('acceptanceNotice', caseInputs(evil, { documentNumber: 'A<b>' }));
    expect(html).not.toContain('<script>');
    expect(html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&amp;');
    expect(html).toContain('A&lt;b&gt;');
    const reason = rejected({ rejection: { reasonId: null, reason: '<img src=x onerror=alert(1)>', legalBasis: '"依据"', rejectedAt: '2026-11-30T02:00:00Z' } });
    const rejectedHtml = renderNotice('rejectionNotice', caseInputs(reason));
    expect(rejectedHtml).not.toContain('<img');
    expect(rejectedHtml).toContain('&lt;img src=x onerror=alert(1)&gt;');
  });

  it('受理通知书: materials received with form and copies, 容缺 with due dates, promised date 暂定, fee, collection, progress', () => {
    const text = visibleText(renderNotice('acceptanceNotice', caseInputs(acceptedCase())));
    expect(text).toContain('1食品经营许可申请书原件1');
    expect(text).toContain('3与食品经营相适应的主要设备设施、经营布局、操作流程等文件原件2');
    expect(text).toContain('1食品安全管理人员名单及培训考核合格证明2027年1月5日前（暂定）');
    expect(text).toContain('2027年1月6日前（暂定）（5个工作日，受理当日不计）');
    expect(text).toContain('决定予以容缺受理');
    expect(text).toContain('不收费');
    expect(text).toContain('办结后凭本回执到本窗口领取，或申请邮寄送达');
    expect(text).toContain('https://zwfw.example.gov.cn/progress?case=HX-7-20261130-0001');
    const firm = visibleText(
      renderNotice('acceptanceNotice', caseInputs(acceptedCase({ deferrals: [], promisedDueDate: '2026-12-07', promisedDueProvisional: false, receipts: acceptedCase().receipts.map((r) => (r.materialId === 'M5' ? { ...r, received: true, form: 'copy', copies: 1 } : r)) }))),
    );
    expect(firm).toContain('决定予以受理');
    expect(firm).not.toContain('暂定');
    expect(firm).not.toContain('容缺');
    expect(firm).toContain('5食品安全管理人员名单及培训考核合格证明复印件1');
  });

  it('补正材料通知书: exactly the correction items, numbered, with their instructions and the note — one go (一次性告知)', () => {
    const html = renderNotice('correctionNotice', caseInputs(correctionCase(CORRECTION_ITEMS, '复印件须注明与原件一致')));
    const text = visibleText(html);
    expect(text).toContain('一次性告知');
    expect(text).toContain('第三十二条第一款第（四）项');
    expect(text).toContain('（共2项）');
    expect(text).toContain('1食品经营许可申请书第3页缺申请人签字');
    expect(text).toContain('2经营场所租赁合同请提交租赁合同复印件1份');
    expect(text).toContain('其他说明：复印件须注明与原件一致。');
    expect(html.match(/<td class="seq">/g)).toHaveLength(2);
    // Materials received or not on the list are not named.
    for (const other of FOOD_LICENCE.materials.slice(1)) expect(text).not.toContain(other.name);
  });

  it('不予受理通知书 and the refusal: reason, basis and the remedies with their periods', () => {
    const rejection = visibleText(renderNotice('rejectionNotice', caseInputs(rejected())));
    expect(rejection).toContain('理由：申请事项不属于本机关职权范围。');
    expect(rejection).not.toContain('范围。。');
    expect(rejection).toContain('依据：《中华人民共和国行政许可法》第三十二条第一款第（二）项。');
    expect(rejection).toContain('自收到本通知书之日起60日内依法申请行政复议，或者自收到本通知书之日起6个月内依法向人民法院提起行政诉讼');

    const refusal = visibleText(renderNotice('refusalDecision', caseInputs(decided('refused'))));
    expect(refusal).toContain('不予许可决定书');
    expect(refusal).toContain('决定不予许可');
    expect(refusal).toContain('理由：场所不符合要求。');
    expect(refusal).toContain('自收到本决定书之日起60日内依法申请行政复议');
    expect(refusal).toContain('6个月内依法向人民法院提起行政诉讼');
  });

  it('the words follow the item type: 不予许可 only on a licence; the Licensing Law cited only there', () => {
    const payment = decided('refused', 'payment');
    expect(noticeTitle('refusalDecision', payment)).toBe('不予给付决定书');
    const text = visibleText(renderNotice('refusalDecision', caseInputs(payment)));
    expect(text).toContain('不予给付决定书');
    expect(text).toContain('决定不予给付');
    expect(text).not.toContain('许可决定');
    const accepted = visibleText(renderNotice('acceptanceNotice', caseInputs(acceptedCase({ item: { ...FOOD_LICENCE, itemType: 'confirmation' } }))));
    expect(accepted).not.toContain('行政许可法');
    const publicService = visibleText(renderNotice('rejectionNotice', caseInputs(rejected({ item: { ...FOOD_LICENCE, itemType: 'public_service' } }))));
    expect(publicService).toContain('12345');
    expect(publicService).not.toContain('60日内');
  });

  it('办结通知书: the result is ready, the decision words, where and how to collect', () => {
    const text = visibleText(renderNotice('completionNotice', caseInputs(decided('approved'))));
    expect(text).toContain('已于2026年12月3日办理完毕，决定准予许可，办理结果可以领取');
    expect(text).toContain('领取地点：杭州市西湖区政务服务中心7号窗口综合受理。');
    expect(text).toContain('领取方式：办结后凭本回执到本窗口领取，或申请邮寄送达。');
  });

  it('an organisation: its name as addressee, the credit code masked', () => {
    const text = visibleText(renderNotice('acceptanceNotice', caseInputs(acceptedCase({ applicant: ORGANISATION }))));
    expect(text).toContain('杭州西溪食品有限公司：');
    expect(text).toContain(`${CREDIT_CODE.slice(0, 6)}********${CREDIT_CODE.slice(-4)}`);
    expect(text).not.toContain(CREDIT_CODE);
    expect(text).toContain('联系人赵敏');
  });

  it('addresses a person as 你 and an organisation as 贵单位, never 你（单位）, on every notice', () => {
    const cases: Array<[Parameters<typeof renderNotice>[0], CaseState]> = [
      ['acceptanceNotice', acceptedCase()],
      ['correctionNotice', correctionCase(CORRECTION_ITEMS)],
      ['rejectionNotice', rejected()],
      ['refusalDecision', decided('refused')],
      ['completionNotice', decided('approved')],
    ];
    for (const [kind, c] of cases) {
      const person = visibleText(renderNotice(kind, caseInputs(c)));
      const firm = visibleText(renderNotice(kind, caseInputs({ ...c, applicant: ORGANISATION })));
      expect(person, kind).toContain('你于2026年');
      expect(person, kind).not.toContain('单位');
      expect(firm, kind).toContain('贵单位于2026年');
      expect(`${person}${firm}`, kind).not.toContain('你（单位）');
    }
    const correction = visibleText(renderNotice('correctionNotice', caseInputs(correctionCase(CORRECTION_ITEMS))));
    expect(correction).toContain('现一次性告知你需要补正的全部内容');
    expect(visibleText(renderNotice('rejectionNotice', caseInputs({ ...rejected(), applicant: ORGANISATION })))).toContain('贵单位如不服本决定');
  });

  it('refuses a notice the case does not support, or without a number', () => {
    const accepted = acceptedCase();
    expect(canRenderNotice('correctionNotice', accepted)).toBe(false);
    expect(() => renderNotice('correctionNotice', caseInputs(accepted))).toThrow(/补正/);
    expect(() => renderNotice('rejectionNotice', caseInputs(accepted))).toThrow(/不予受理/);
    expect(() => renderNotice('refusalDecision', caseInputs(decided('approved')))).toThrow();
    expect(() => renderNotice('completionNotice', caseInputs(accepted))).toThrow(/尚未作出决定/);
    expect(() => renderNotice('acceptanceNotice', caseInputs(rejected()))).toThrow(/未受理/);
    expect(() => renderNotice('acceptanceNotice', caseInputs(accepted, { documentNumber: null }))).toThrow(/文书编号/);
    expect(canRenderNotice('acceptanceNotice', accepted)).toBe(true);
    expect(canRenderNotice('refusalDecision', decided('refused'))).toBe(true);
  });

  it('a 补打 marks the stored page at the top and changes nothing else', () => {
    const issued = renderNotice('rejectionNotice', caseInputs(rejected()));
    const reprint = markNoticeReprint(issued, { at: '2026-12-02 10:15' });
    expect(visibleText(reprint).startsWith('【补打】2026-12-0210:15杭州市西湖区政务服务中心')).toBe(true);
    expect(reprint.replace(/<div class="reprint-mark"[^>]*>[^<]*<\/div>/, '')).toBe(issued.replace('<!--reprint-mark-->', ''));
    // A page stored without the slot still gets the mark right after <body>.
    expect(markNoticeReprint('<html><body><p>x</p></body></html>', { at: '$& 1' })).toContain('<body><div class="reprint-mark"');
  });
});
