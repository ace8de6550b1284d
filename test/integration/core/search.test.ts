import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Clock } from '../../../electron/core/clock';
import { residentIdNumber } from '../../support/identity-numbers';
import { createTestCore, type TestCore } from '../../support/core-fixture';
import { FOOD_LICENCE, SOLE_TRADER, intakeArgs, personApplicant } from '../../support/intake-args';

let t: TestCore;
const clock: Clock & { day(d: string): void } = (() => {
  let ms = new Date('2026-11-02T01:00:00Z').getTime();
  return { now: () => new Date((ms += 1000)), day: (d: string) => (ms = new Date(`${d}T01:00:00Z`).getTime()) };
})();

beforeAll(async () => {
  t = await createTestCore({ clock });
  await t.signIn();
  const sole = await t.call('catalog.getItem', { code: SOLE_TRADER.code });
  const food = await t.call('catalog.getItem', { code: FOOD_LICENCE.code });
  const people = [
    ['2026-11-02', '张三', 1, '13800000001', 'sole'],
    ['2026-11-02', '张三丰', 2, '13800000002', 'food'],
    ['2026-11-03', '李四', 3, '13800000003', 'sole'],
    ['2026-11-04', '欧阳娜娜', 4, '13800000004', 'food'],
    ['2026-11-05', '张伟', 5, '13800000005', 'food-correction'],
  ] as const;
  for (const [day, name, seq, mobile, kind] of people) {
    clock.day(day);
    const applicant = { ...personApplicant(name, seq), mobile };
    if (kind === 'sole') {
      await t.call('intake.submit', intakeArgs(SOLE_TRADER, sole.materials, { received: ['M1', 'M2', 'M3'] }, { kind: 'accept' }, { applicant }));
    } else if (kind === 'food') {
      await t.call('intake.submit', intakeArgs(FOOD_LICENCE, food.materials, { received: ['M1', 'M2', 'M3', 'M4', 'M5'] }, { kind: 'accept' }, { applicant }));
    } else {
      await t.call(
        'intake.submit',
        intakeArgs(FOOD_LICENCE, food.materials, { received: ['M2', 'M3', 'M4', 'M5'] }, { kind: 'request_correction', items: [{ materialId: 'M1', name: '申请书', instruction: '补交' }] }, { applicant }),
      );
    }
  }
});
afterAll(() => t.close());

const names = async (args: Parameters<TestCore['call']>[1]) =>
  (await t.call('cases.search', args as never)).rows.map((r) => r.applicantName);

describe('case search', () => {
  it('lists newest first', async () => {
    expect(await names({})).toEqual(['张伟', '欧阳娜娜', '李四', '张三丰', '张三']);
  });

  it('recognises what the clerk typed in the one box', async () => {
    expect(await names({ text: 'JQ-12-20261104' })).toEqual(['欧阳娜娜']);
    expect(await names({ text: 'jq-12-20261102-0002' })).toEqual(['张三丰']);
    expect(await names({ text: residentIdNumber('330102', '1985-06-15', 3) })).toEqual(['李四']);
    expect(await names({ text: '138 0000 0004' })).toEqual(['欧阳娜娜']);
    expect(await names({ text: '张三' })).toEqual(['张三丰', '张三']);
    expect(await names({ text: '欧阳' })).toEqual(['欧阳娜娜']);
  });

  it('filters by item, status and date range, combined', async () => {
    expect(await names({ itemCode: SOLE_TRADER.code })).toEqual(['李四', '张三']);
    expect(await names({ statuses: ['correction_requested'] })).toEqual(['张伟']);
    expect(await names({ fromDate: '2026-11-03', toDate: '2026-11-04' })).toEqual(['欧阳娜娜', '李四']);
    expect(await names({ applicantName: '张', statuses: ['accepted'], itemCode: FOOD_LICENCE.code })).toEqual(['张三丰']);
    expect(await names({ mobile: '+86 138-0000-0001' })).toEqual(['张三']);
  });

  it('pages with a cursor, without repeats or gaps', async () => {
    const first = await t.call('cases.search', { limit: 2 });
    expect(first.rows.map((r) => r.applicantName)).toEqual(['张伟', '欧阳娜娜']);
    const second = await t.call('cases.search', { limit: 2, cursor: first.nextCursor });
    expect(second.rows.map((r) => r.applicantName)).toEqual(['李四', '张三丰']);
    const third = await t.call('cases.search', { limit: 2, cursor: second.nextCursor });
    expect(third.rows.map((r) => r.applicantName)).toEqual(['张三']);
    expect(third.nextCursor).toBeNull();
  });

  it('masks id numbers in the list', async () => {
    const rows = (await t.call('cases.search', { text: '李四' })).rows;
    expect(rows[0]?.applicantIdMasked).toBe(`330102********${residentIdNumber('330102', '1985-06-15', 3).slice(-4)}`);
  });

  it('refuses a date range that ends before it starts, beside the field', async () => {
    const err = await t.fail('cases.search', { fromDate: '2026-11-05', toDate: '2026-11-01' });
    expect(err.fieldErrors).toEqual([{ path: 'toDate', message: '结束日期不能早于开始日期' }]);
  });
});
