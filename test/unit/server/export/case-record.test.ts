import { describe, expect, it } from 'vitest';
import { CaseElementsRecordSchema, caseElementsFromEvents } from '../../../../server/export/case-record';
import { ExportError } from '../../../../server/export/export-error';
import {
  ACCEPTED,
  AGENT_ID,
  APPLICANT_ID,
  COMPANY_CODE,
  FOOD_LICENCE_ITEM,
  HALL_CREDIT_CODE,
  STAFF_LEAD,
  STAFF_WANG,
  caseStream,
  nationalContext,
  received,
} from './export-fixtures';

const ctx = nationalContext();

describe('a case folded into its GB/T 39046-2020 case elements', () => {
  it('accepted → correction → supplemented → decided → delivered: every element and step, coded', () => {
    const c = caseStream();
    const r = c.event('case.received', received());
    c.event('case.correctionRequested', { items: [{ materialId: 'M2', name: '从业人员健康证明', instruction: '请提交原件复印件' }], note: '缺健康证明' });
    c.event('case.materialsSupplemented', {
      receipts: [{ materialId: 'M2', received: true, form: 'copy', copies: 1, defective: false, defectNote: '' }],
    });
    const accepted = c.event('case.accepted', ACCEPTED);
    c.event('case.reviewStarted', {});
    c.event('case.documentReprinted', { documentId: 'd1', documentKind: 'acceptanceNotice', documentNumber: 'JQ受〔2026〕7号', jobId: null });
    const decided = c.event('case.decided', { outcome: 'approved', itemType: 'licensing', reason: '', legalBasis: '《食品经营许可和备案管理办法》第十八条' });
    const delivered = c.event('case.delivered', { method: 'post', recipientName: '王秀英', address: '杭州市西湖区文三路 90 号', trackingNumber: 'SF1234567890' });

    const record = caseElementsFromEvents(c.events, ctx);

    expect(CaseElementsRecordSchema.parse(record)).toEqual(record);
    expect(record).toMatchObject({
      recordType: 'case',
      caseId: c.id,
      caseNumber: 'JQ-12-20261123-0007',
      hall: 'JQ',
      window: 12,
      item: { code: FOOD_LICENCE_ITEM.code, name: '食品经营许可（新办）', version: 3, department: '西湖区市场监督管理局', type: { code: '01', name: '行政许可' } },
      caseType: { code: '2', name: '承诺件' },
      channel: { code: '1', name: '窗口' },
      applicant: {
        type: { code: '1', name: '自然人' },
        name: '王秀英',
        certificateType: { code: '111', name: '居民身份证' },
        certificateNumber: APPLICANT_ID,
        mobile: '13912345678',
      },
      agent: { name: '李·阿依古丽', certificateType: { code: '111', name: '居民身份证' }, certificateNumber: AGENT_ID },
      acceptanceUnit: { name: '杭州市西湖区行政服务中心', creditCode: HALL_CREDIT_CODE, divisionCode: '330106' },
      clerk: STAFF_WANG,
      applicationTime: r.occurredAt,
      acceptanceTime: accepted.occurredAt,
      promisedDueDate: '2026-11-30',
      legalDueDate: '2026-12-21',
      status: 'delivered',
      result: { result: { code: '1' }, at: decided.occurredAt, legalBasis: '《食品经营许可和备案管理办法》第十八条', decidedBy: null },
      completion: { time: delivered.occurredAt, posted: true, trackingNumber: 'SF1234567890' },
      events: 8,
      version: 8,
    });
    // The reprint is not a processing step; every other event is, in order, with its code.
    expect(record.steps.map((s) => `${s.step.code} ${s.step.name}`)).toEqual([
      '01 收件',
      '02 一次性告知补正',
      '03 补交材料',
      '04 受理',
      '06 审查',
      '07 决定',
      '09 送达办结',
    ]);
    expect(record.steps[1]?.note).toBe('从业人员健康证明；缺健康证明');
  });

  it('a back office that reviews, decides and readies the result is named on its steps, with its own times', () => {
    const c = caseStream();
    c.event('case.received', received());
    c.event('case.accepted', ACCEPTED);
    const common = { changeId: 'x', decidedBy: '西湖区市场监督管理局 审批科 张伟' };
    c.event('case.backOfficeDecided', { step: 'reviewStarted', decidedAt: '2026-11-24T02:00:00.000Z', ...common }, { staff: null });
    c.event(
      'case.backOfficeDecided',
      { step: 'decided', outcome: 'refused', itemType: 'licensing', reason: '经营场所与住宅未有效隔离', legalBasis: '《食品安全法》第三十三条', decidedAt: '2026-11-26T03:00:00.000Z', ...common },
      { staff: null },
    );
    c.event('case.backOfficeDecided', { step: 'readyForPickup', decidedAt: '2026-11-26T05:00:00.000Z', ...common }, { staff: null });

    const record = caseElementsFromEvents(c.events, ctx);

    expect(record.status).toBe('decided');
    expect(record.result).toEqual({
      result: { code: '2', name: '不予（不予办理）' },
      at: '2026-11-26T03:00:00.000Z',
      reason: '经营场所与住宅未有效隔离',
      legalBasis: '《食品安全法》第三十三条',
      decidedBy: common.decidedBy,
    });
    expect(record.completion).toBeNull();
    expect(record.steps.slice(2).map((s) => [s.step.name, s.at, s.by, s.staff])).toEqual([
      ['审查', '2026-11-24T02:00:00.000Z', common.decidedBy, null],
      ['决定', '2026-11-26T03:00:00.000Z', common.decidedBy, null],
      ['制证待领取', '2026-11-26T05:00:00.000Z', common.decidedBy, null],
    ]);
  });

  it('a 不予受理 closes the case unaccepted, with its reason and basis as the result', () => {
    const c = caseStream();
    c.event('case.received', received({ agent: null }));
    const rejected = c.event('case.rejected', { reasonId: 'not_in_scope', reason: '申请事项不属于本机关职权范围', legalBasis: '《行政许可法》第三十二条第一款第（二）项' });

    const record = caseElementsFromEvents(c.events, ctx);

    expect(record.status).toBe('rejected');
    expect(record.acceptanceTime).toBeNull();
    expect(record.promisedDueDate).toBeNull();
    expect(record.agent).toBeNull();
    expect(record.result).toMatchObject({ result: { code: '3', name: '不予受理' }, reason: '申请事项不属于本机关职权范围' });
    expect(record.completion).toEqual({ time: rejected.occurredAt, posted: false, trackingNumber: '' });
    expect(record.steps.map((s) => s.step.name)).toEqual(['收件', '不予受理']);
  });

  it('a withdrawn organisation case: 法人, its credit code as the certificate, 撤回 as the result', () => {
    const c = caseStream();
    c.event(
      'case.received',
      received({
        applicant: {
          kind: 'organisation',
          name: '杭州西溪餐饮管理有限公司',
          creditCode: COMPANY_CODE,
          legalRepresentative: '陈建国',
          contactName: '赵丽',
          mobile: '13700002222',
          address: '',
        },
        agent: null,
      }),
    );
    c.event('case.accepted', ACCEPTED);
    c.event('case.withdrawn', { reason: '申请人主动撤回' }, { staff: STAFF_LEAD });

    const record = caseElementsFromEvents(c.events, ctx);

    expect(record.applicant).toEqual({
      type: { code: '2', name: '法人' },
      name: '杭州西溪餐饮管理有限公司',
      certificateType: { code: '990', name: '统一社会信用代码' },
      certificateNumber: COMPANY_CODE,
      mobile: '13700002222',
      address: '',
      legalRepresentative: '陈建国',
      contactName: '赵丽',
    });
    expect(record.status).toBe('withdrawn');
    expect(record.result).toMatchObject({ result: { code: '4', name: '撤回' }, reason: '申请人主动撤回' });
    expect(record.steps.at(-1)).toMatchObject({ step: { code: '10', name: '撤回' }, staff: STAFF_LEAD });
  });

  it('a back-office step the window could not record is no step of the case: the withdrawal stays its result', () => {
    const c = caseStream();
    c.event('case.received', received());
    c.event('case.accepted', ACCEPTED);
    const withdrawn = c.event('case.withdrawn', { reason: '申请人主动撤回' });
    const plain = caseElementsFromEvents(c.events, ctx);
    c.event(
      'case.backOfficeDecisionNotRecorded',
      { changeId: 'c1', step: 'decided', decidedAt: '2026-11-24T02:00:00.000Z', decidedBy: '市场监管局', reason: '办件当前状态为“已撤回”，不能记录后台决定' },
      { staff: null },
    );
    const noted = caseElementsFromEvents(c.events, ctx);
    expect(noted.steps).toEqual(plain.steps);
    expect(noted.result).toEqual(plain.result);
    expect(noted.result?.at).toBe(withdrawn.occurredAt);
  });

  it('takes the latest deadlines after a recompute (an official schedule replaced a provisional year)', () => {
    const c = caseStream();
    c.event('case.received', received());
    c.event('case.accepted', { ...ACCEPTED, promisedDueProvisional: true });
    c.event(
      'case.deadlineRecomputed',
      {
        promisedDueDate: '2026-12-01',
        legalDueDate: '2026-12-22',
        promisedDueProvisional: false,
        legalDueProvisional: false,
        previous: { promisedDueDate: '2026-11-30', legalDueDate: '2026-12-21', promisedDueProvisional: true, legalDueProvisional: false },
        calendarYears: [2026],
      },
      { staff: null },
    );

    const record = caseElementsFromEvents(c.events, ctx);

    expect(record).toMatchObject({ status: 'accepted', promisedDueDate: '2026-12-01', legalDueDate: '2026-12-22', promisedDueProvisional: false });
  });

  it('a snapshot without an item type takes it from the decision; with neither, the export names what is missing', () => {
    const { itemType: _dropped, ...untyped } = FOOD_LICENCE_ITEM;
    const decided = caseStream();
    decided.event('case.received', received({ item: untyped }));
    decided.event('case.accepted', ACCEPTED);
    decided.event('case.decided', { outcome: 'approved', itemType: 'confirmation', reason: '', legalBasis: '' });
    expect(caseElementsFromEvents(decided.events, ctx).item.type).toEqual({ code: '07', name: '行政确认' });

    const open = caseStream();
    open.event('case.received', received({ item: untyped }));
    expect(() => caseElementsFromEvents(open.events, ctx)).toThrow(/代码表“item-type”（national）没有“（未记录事项类型）”的代码/);
  });

  it('refuses a history it cannot read, naming the event, rather than exporting half a case', () => {
    const c = caseStream();
    c.event('case.received', received());
    const bad = c.event('case.accepted', { ...ACCEPTED, promisedDueDate: '30/11/2026' });
    let error: unknown;
    try {
      caseElementsFromEvents(c.events, ctx);
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(ExportError);
    expect((error as ExportError).code).toBe('bad_events');
    expect((error as ExportError).message).toContain(bad.id);
    expect((error as ExportError).message).toContain('promisedDueDate');

    const unknown = caseStream();
    unknown.event('case.received', received());
    unknown.events.push({ ...unknown.events[0]!, id: 'x', version: 2, type: 'case.teleported', payload: {} });
    expect(() => caseElementsFromEvents(unknown.events, ctx)).toThrow(/不认识的事件类型“case.teleported”/);

    const gap = caseStream();
    gap.event('case.received', received());
    gap.event('case.accepted', ACCEPTED);
    gap.events.splice(1, 0, { ...gap.events[1]!, version: 3 });
    expect(() => caseElementsFromEvents(gap.events, ctx)).toThrow(/事件不连续/);
  });
});
