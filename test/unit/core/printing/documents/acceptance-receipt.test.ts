import { describe, expect, it } from 'vitest';
import { buildAcceptanceReceipt } from '../../../../../electron/core/printing/documents/acceptance-receipt';
import type { ThermalBlock } from '../../../../../electron/core/printing/thermal/thermal-document';
import {
  acceptedCase,
  AGENT_ID,
  APPLICANT_ID,
  caseInputs,
  correctionCase,
  CREDIT_CODE,
  FOOD_LICENCE,
  ORGANISATION,
  PRINTING,
  RARE_NAME,
} from './document-fixtures';
import { documentWords, everyString } from './thermal-text';

describe('受理回执 (acceptance receipt)', () => {
  it('says hall, window, title, the case number large, item and staff, time in the hall zone', () => {
    const doc = buildAcceptanceReceipt(caseInputs(acceptedCase()));
    const words = documentWords(doc);
    expect(doc.kind).toBe('acceptanceReceipt');
    expect(doc.title).toBe('HX-7-20261130-0001');
    expect(words[0]).toBe('杭州市西湖区政务服务中心');
    expect(words).toContain('7号窗口 综合受理');
    expect(words).toContain('受理回执');
    const big = doc.blocks.filter((b): b is Extract<ThermalBlock, { kind: 'text' }> => b.kind === 'text' && b.size === 2);
    // One block, whatever the paper: the layout breaks it (after a hyphen) only where the width needs it.
    expect(big.map((b) => b.text)).toEqual(['受理回执', 'HX-7-20261130-0001']);
    expect(words).toContain('事项：食品经营许可');
    expect(words).toContain('经办人：A012 张敏');
    // 01:31 UTC is 09:31 in Hangzhou.
    expect(words).toContain('受理时间：2026-11-30 09:31');
    expect(words).toContain('出具时间：2026-11-30 09:31');
  });

  it('prints the name exactly as stored (a character outside GBK included) and masks ID and mobile', () => {
    const doc = buildAcceptanceReceipt(caseInputs(acceptedCase()));
    const words = documentWords(doc);
    expect(words).toContain(`申请人：${RARE_NAME}`);
    expect(words).toContain('证件号码：330106********1232');
    expect(APPLICANT_ID).toBe('330106198804171232');
    expect(words).toContain('联系电话：139****2345');
    expect(everyString(doc)).not.toContain(APPLICANT_ID);
    expect(everyString(doc)).not.toContain('13957112345');
  });

  it('lists an agent masked the same way', () => {
    const c = acceptedCase({ agent: { name: '李木子', idType: 'resident_id_card', idNumber: AGENT_ID, mobile: '13700001234' } });
    const words = documentWords(buildAcceptanceReceipt(caseInputs(c)));
    expect(words).toContain('代办人：李木子');
    expect(words).toContain(`代办人证件：${AGENT_ID.slice(0, 6)}********${AGENT_ID.slice(-4)}`);
    expect(words).toContain('代办人电话：137****1234');
    expect(words.join('\n')).not.toContain(AGENT_ID);
  });

  it('an organisation: its name, the credit code masked first 6 + last 4, the contact', () => {
    const doc = buildAcceptanceReceipt(caseInputs(acceptedCase({ applicant: ORGANISATION })));
    const words = documentWords(doc);
    expect(words).toContain('申请单位：杭州西溪食品有限公司');
    expect(words).toContain(`统一社会信用代码：${CREDIT_CODE.slice(0, 6)}********${CREDIT_CODE.slice(-4)}`);
    expect(words).toContain('联系人：赵敏');
    expect(words).toContain('联系电话：138****9876');
    expect(everyString(doc)).not.toContain(CREDIT_CODE);
  });

  it('lists each material received with its form and copies, and the deferred ones under 容缺 with due dates marked 暂定', () => {
    const words = documentWords(buildAcceptanceReceipt(caseInputs(acceptedCase())));
    expect(words).toContain('已收材料（4 项）');
    expect(words).toContain('1. 食品经营许可申请书 原件 1 份');
    expect(words).toContain('2. 营业执照或者其他主体资格证明文件 复印件 1 份');
    expect(words).toContain(`3. ${FOOD_LICENCE.materials[2]!.name} 原件 2 份`);
    expect(words).toContain('容缺材料（1 项，请按期补交）');
    expect(words).toContain('1. 食品安全管理人员名单及培训考核合格证明');
    expect(words).toContain('补交期限：2027-01-05 前（暂定）');
    // The deferred material is not also listed as received; the optional one not handed in is not listed at all.
    expect(words.filter((w) => w.includes('食品安全管理人员名单'))).toHaveLength(1);
    expect(words.join('\n')).not.toContain('委托代理人身份证件');
  });

  it('a material handed in but defective and deferred is listed once, under 容缺', () => {
    const base = acceptedCase();
    const c = acceptedCase({
      receipts: base.receipts.map((r) => (r.materialId === 'M5' ? { ...r, received: true, form: 'copy', copies: 1, defective: true, defectNote: '已过期' } : r)),
    });
    const words = documentWords(buildAcceptanceReceipt(caseInputs(c)));
    expect(words.filter((w) => w.includes('食品安全管理人员名单'))).toEqual(['1. 食品安全管理人员名单及培训考核合格证明']);
  });

  it('the promised date with 暂定 only where provisional, and the note explaining it', () => {
    const provisional = documentWords(buildAcceptanceReceipt(caseInputs(acceptedCase())));
    expect(provisional).toContain('承诺时限：5 个工作日');
    expect(provisional).toContain('承诺办结：2027-01-06 前（暂定）');
    expect(provisional.some((w) => w.startsWith('注：标“暂定”'))).toBe(true);

    const firm = documentWords(
      buildAcceptanceReceipt(caseInputs(acceptedCase({ promisedDueDate: '2026-12-07', promisedDueProvisional: false, deferrals: [] }))),
    );
    expect(firm).toContain('承诺办结：2026-12-07 前');
    expect(firm.join('\n')).not.toContain('暂定');
    expect(firm.join('\n')).not.toContain('容缺');
  });

  it('a 即办件 that was accepted says 当日办结', () => {
    const c = acceptedCase({ item: { ...FOOD_LICENCE, caseType: 'immediate', promisedDays: 0 }, promisedDueDate: '2026-11-30', promisedDueProvisional: false, deferrals: [] });
    expect(documentWords(buildAcceptanceReceipt(caseInputs(c)))).toContain('承诺办结：即办件，当日办结（2026-11-30）');
  });

  it('fee from the catalog, 不收费 when none; how to collect from the settings', () => {
    expect(documentWords(buildAcceptanceReceipt(caseInputs(acceptedCase(), { feeDescription: '按件收取，每件 10 元' })))).toContain(
      '收费：按件收取，每件 10 元',
    );
    const words = documentWords(buildAcceptanceReceipt(caseInputs(acceptedCase(), { feeDescription: null })));
    expect(words).toContain('收费：不收费');
    expect(words).toContain('领取方式：办结后凭本回执到本窗口领取，或申请邮寄送达');
  });

  it('the QR holds the lookup address with the case number, or the case number alone: ASCII either way', () => {
    const qr = (printing = PRINTING) =>
      buildAcceptanceReceipt(caseInputs(acceptedCase(), { printing })).blocks.find((b) => b.kind === 'qr');
    const withUrl = qr();
    expect(withUrl).toMatchObject({ payload: 'https://zwfw.example.gov.cn/progress?case=HX-7-20261130-0001', caption: '扫码查询办理进度' });
    // Without a lookup address the QR holds only the case number: the caption says that, not 查询办理进度.
    expect(qr({ ...PRINTING, lookupUrl: null })).toMatchObject({ payload: 'HX-7-20261130-0001', caption: '扫码读取办件编号' });
    expect(withUrl && withUrl.kind === 'qr' && /^[\x21-\x7e]+$/.test(withUrl.payload)).toBe(true);
  });

  it('is refused for a case that was never accepted (the caller’s bug)', () => {
    const c = correctionCase([{ materialId: 'M1', name: '食品经营许可申请书', instruction: '请签字' }]);
    expect(() => buildAcceptanceReceipt(caseInputs(c))).toThrow(/未受理（待补正）/);
  });
});
