import { describe, expect, it } from 'vitest';
import type { IntakeDecision } from '../../../../electron/contract/cases';
import type { Material } from '../../../../electron/contract/catalog';
import { CounterError } from '../../../../electron/contract/errors';
import type { MaterialReceipt } from '../../../../electron/contract/rules/material-assessment';
import type { ItemSnapshot } from '../../../../electron/core/cases/case-state';
import type { DeferralDays } from '../../../../electron/core/cases/deferral-days';
import { intakeDecisionEvent, normaliseReceipts, type DueDates } from '../../../../electron/core/cases/intake-rules';

const KEY: Material = { id: 'id-card', name: '身份证', form: 'original', copies: 1, required: true, key: true, note: null };
const FORM: Material = { id: 'form', name: '申请表', form: 'original', copies: 1, required: true, key: false, note: null };
const PROXY: Material = { id: 'proxy', name: '委托书', form: 'copy', copies: 2, required: true, key: false, note: null };
const PHOTO: Material = { id: 'photo', name: '照片', form: 'original', copies: 1, required: false, key: false, note: null };

const ITEM: ItemSnapshot = {
  code: 'ITEM-1',
  version: 1,
  name: '测试事项',
  department: '测试局',
  caseType: 'promised',
  legalDays: 20,
  promisedDays: 5,
  materials: [KEY, FORM, PROXY, PHOTO],
};

const DUE: DueDates = { promisedDueDate: '2026-03-09', legalDueDate: '2026-03-30', promisedDueProvisional: false, legalDueProvisional: true };
const ACCEPTED_ON = '2026-03-02';
/** Weekends are rest days; 2026-03-06 counts as crossing an unpublished (暂定) schedule. */
const DAYS: DeferralDays = {
  isWorkingDay: (date) => ![0, 6].includes(new Date(`${date}T00:00:00Z`).getUTCDay()),
  touchesProvisional: (_from, to) => to >= '2026-03-06',
};

const got = (m: Material, over: Partial<MaterialReceipt> = {}): MaterialReceipt => ({
  materialId: m.id,
  received: true,
  form: m.form === 'original_and_copy' ? 'both' : m.form,
  copies: m.copies,
  defective: false,
  defectNote: '',
  ...over,
});
const none = (m: Material): MaterialReceipt => ({ materialId: m.id, received: false, form: null, copies: 0, defective: false, defectNote: '' });
const ALL = [got(KEY), got(FORM), got(PROXY), none(PHOTO)];

function decide(receipts: MaterialReceipt[], decision: IntakeDecision, earlier: { items: Array<{ materialId: string | null }> } | null = null, item = ITEM) {
  return intakeDecisionEvent(item, receipts, decision, ACCEPTED_ON, DUE, earlier, DAYS);
}

function refusal(run: () => unknown): CounterError {
  try {
    run();
  } catch (err) {
    expect(err).toBeInstanceOf(CounterError);
    return err as CounterError;
  }
  throw new Error('expected the decision to be refused');
}

const correction = (...ids: Array<string | null>): IntakeDecision => ({
  kind: 'request_correction',
  items: ids.map((id) => ({ materialId: id, name: id ?? '其他', instruction: '请补交' })),
  note: '',
});

describe('accept', () => {
  it('records the acceptance with its due dates when every required material is complete', () => {
    expect(decide(ALL, { kind: 'accept' })).toEqual({
      type: 'case.accepted',
      payload: { acceptanceDate: ACCEPTED_ON, ...DUE, deferrals: [] },
    });
  });

  it('is refused with a key material missing, naming it, and with a non-key one missing, offering 容缺', () => {
    const key = refusal(() => decide([none(KEY), got(FORM), got(PROXY)], { kind: 'accept' }));
    expect(key.code).toBe('rule_violation');
    expect(key.message).toBe('关键材料“身份证”未齐全，不能受理，请一次性告知补正');
    const nonKey = refusal(() => decide([got(KEY), none(FORM), got(PROXY, { copies: 1 })], { kind: 'accept' }));
    expect(nonKey.message).toBe('材料“申请表”、“委托书”未齐全，请选择容缺受理或一次性告知补正');
  });
});

describe('accept with deferral (容缺受理)', () => {
  const short = [got(KEY), none(FORM), got(PROXY, { form: 'original' }), none(PHOTO)];

  it('records each deferred material with its name, due date and 暂定 mark', () => {
    const event = decide(short, {
      kind: 'accept_with_deferral',
      deferrals: [
        { materialId: 'form', dueDate: '2026-03-05' },
        { materialId: 'proxy', dueDate: '2026-03-09' },
      ],
    });
    expect(event).toEqual({
      type: 'case.accepted',
      payload: {
        acceptanceDate: ACCEPTED_ON,
        ...DUE,
        deferrals: [
          { materialId: 'form', name: '申请表', dueDate: '2026-03-05', dueProvisional: false },
          { materialId: 'proxy', name: '委托书', dueDate: '2026-03-09', dueProvisional: true },
        ],
      },
    });
  });

  it('is refused with a key material missing, or with nothing to defer', () => {
    expect(refusal(() => decide([none(KEY), none(FORM), got(PROXY)], { kind: 'accept_with_deferral', deferrals: [{ materialId: 'form', dueDate: '2026-03-05' }] })).message).toBe(
      '关键材料“身份证”未齐全，不能容缺受理',
    );
    expect(refusal(() => decide(ALL, { kind: 'accept_with_deferral', deferrals: [{ materialId: 'form', dueDate: '2026-03-05' }] })).message).toBe('材料已齐全，请直接受理');
  });

  it('says beside each deferral what is wrong with it, and which short material has no due date', () => {
    const err = refusal(() =>
      decide(short, {
        kind: 'accept_with_deferral',
        deferrals: [
          { materialId: 'id-card', dueDate: '2026-03-05' }, // complete, so not deferrable
          { materialId: 'form', dueDate: '2026-03-02' }, // the acceptance day itself
          { materialId: 'form', dueDate: '2026-03-07' }, // twice, and a Saturday
          { materialId: 'nope', dueDate: '2026-03-10' }, // not a material, and after the promised date
        ],
      }),
    );
    expect(err.message).toBe('该材料不属于可容缺的缺件');
    expect(err.fieldErrors).toEqual([
      { path: 'decision.deferrals.0.materialId', message: '该材料不属于可容缺的缺件' },
      { path: 'decision.deferrals.1.dueDate', message: '补交期限应晚于受理日' },
      { path: 'decision.deferrals.2.materialId', message: '同一材料只能容缺一次' },
      { path: 'decision.deferrals.2.dueDate', message: '补交期限应为工作日，2026-03-07 是休息日' },
      { path: 'decision.deferrals.3.materialId', message: '该材料不属于可容缺的缺件' },
      { path: 'decision.deferrals.3.dueDate', message: '补交期限不能晚于承诺办结日 2026-03-09' },
      { path: 'decision.deferrals', message: '请为“委托书”设定补交期限' },
    ]);
  });

  it('holds a 即办件 to its legal due date', () => {
    const immediate = { ...ITEM, caseType: 'immediate' as const };
    const err = refusal(() => decide(short, { kind: 'accept_with_deferral', deferrals: [{ materialId: 'form', dueDate: '2026-03-31' }, { materialId: 'proxy', dueDate: '2026-03-30' }] }, null, immediate));
    // DUE's legal date is provisional, and the message says so as every other place does.
    expect(err.fieldErrors).toEqual([{ path: 'decision.deferrals.0.dueDate', message: '补交期限不能晚于法定办结日 2026-03-30（暂定）' }]);
  });
});

describe('request correction (一次性告知补正)', () => {
  const short = [got(KEY, { defective: true, defectNote: '过期' }), none(FORM), got(PROXY), none(PHOTO)];

  it('records the notice when it lists every material to supplement, and may add an unlisted thing', () => {
    expect(decide(short, correction('id-card', 'form', null))).toEqual({
      type: 'case.correctionRequested',
      payload: { items: (correction('id-card', 'form', null) as Extract<IntakeDecision, { kind: 'request_correction' }>).items, note: '' },
    });
  });

  it('is refused when nothing is missing', () => {
    expect(refusal(() => decide(ALL, correction(null))).message).toBe('材料已齐全，无需补正；如材料存在问题，请在清单中标记“不符合要求”并说明');
  });

  it('refuses a notice that leaves something out, lists a complete, unknown or repeated material', () => {
    const err = refusal(() => decide(short, correction('id-card', 'proxy', 'nope', 'id-card')));
    expect(err.fieldErrors).toEqual([
      { path: 'decision.items.1.materialId', message: '该材料已齐全，无需补正' },
      { path: 'decision.items.2.materialId', message: '该材料不属于本事项' },
      { path: 'decision.items.3.materialId', message: '同一材料重复列出' },
      { path: 'decision.items', message: '一次性告知须列明全部需补正的材料，尚缺“申请表”' },
    ]);
    expect(err.message).toBe('该材料已齐全，无需补正');
  });

  it('after an earlier notice, may not ask for what that notice did not list, unless it must be listed now', () => {
    const again = [got(KEY), none(FORM), got(PROXY), none(PHOTO)];
    // The photo is optional (so never must be listed) and was not on the first notice.
    const err = refusal(() => decide(again, correction('form', 'photo'), { items: [{ materialId: 'form' }, { materialId: null }] }));
    expect(err.fieldErrors).toEqual([{ path: 'decision.items.1.materialId', message: '上次补正告知书未列此材料，不能再次要求补正' }]);
    // Listed the first time: may be asked for again.
    expect(decide(again, correction('form', 'photo'), { items: [{ materialId: 'form' }, { materialId: 'photo' }] }).type).toBe('case.correctionRequested');
    // Not listed the first time but incomplete now (a case from before notices bound later ones).
    expect(decide(again, correction('form'), { items: [{ materialId: 'id-card' }] }).type).toBe('case.correctionRequested');
  });
});

describe('reject', () => {
  it('is always open and records reason and legal basis', () => {
    expect(decide([], { kind: 'reject', reasonId: 'r1', reason: '不属于本机关职权范围', legalBasis: '《行政许可法》第三十二条' })).toEqual({
      type: 'case.rejected',
      payload: { reasonId: 'r1', reason: '不属于本机关职权范围', legalBasis: '《行政许可法》第三十二条' },
    });
  });
});

describe('normaliseReceipts', () => {
  it('returns one receipt per material in the item’s order, unticked where none was sent', () => {
    expect(normaliseReceipts(ITEM, [got(PROXY), got(KEY)], 'materials')).toEqual([got(KEY), none(FORM), got(PROXY), none(PHOTO)]);
  });

  it('refuses unknown and repeated materials, at their place in the list', () => {
    let err: unknown;
    try {
      normaliseReceipts(ITEM, [got(KEY), { ...got(KEY), materialId: 'nope' }, got(KEY)], 'materials');
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(CounterError);
    expect((err as CounterError).code).toBe('invalid_arguments');
    expect((err as CounterError).message).toBe('该材料不属于本事项');
    expect((err as CounterError).fieldErrors).toEqual([
      { path: 'materials.1.materialId', message: '该材料不属于本事项' },
      { path: 'materials.2.materialId', message: '同一材料重复提交' },
    ]);
  });
});
