/**
 * The rules the case dialogs and the intake form check beside a field are the core's too: the
 * contract's schemas hold them with their words, so a call made without the form (another shell,
 * a script) is refused the same way, beside the same field.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { fixedClock } from '../../../electron/core/clock';
import { createTestCore, type TestCore } from '../../support/core-fixture';
import { FOOD_LICENCE, SOLE_TRADER, intakeArgs } from '../../support/intake-args';

let t: TestCore | null = null;
afterEach(async () => {
  await t?.close();
  t = null;
});

async function start(): Promise<TestCore> {
  t = await createTestCore({ clock: fixedClock('2026-02-13T02:00:00.000Z', 1000) });
  await t.signIn();
  return t;
}

describe('field rules the core enforces as the dialogs do', () => {
  it('refuses a delivery at the window without the name of who collected it, beside that field', async () => {
    const t = await start();
    const sole = await t.call('catalog.getItem', { code: SOLE_TRADER.code });
    const accepted = await t.call('intake.submit', intakeArgs(SOLE_TRADER, sole.materials, { received: ['M1', 'M2', 'M3'] }, { kind: 'accept' }));
    const decided = await t.call('cases.decide', { caseId: accepted.id, outcome: 'approved' });

    for (const recipientName of [undefined, '', ' \u3000 ']) {
      const err = await t.fail('cases.deliver', { caseId: decided.id, method: 'window', ...(recipientName === undefined ? {} : { recipientName }) });
      expect(err.code).toBe('invalid_arguments');
      expect(err.fieldErrors).toEqual([{ path: 'recipientName', message: '请填写领取人姓名' }]);
    }
    expect((await t.call('cases.get', { caseId: decided.id })).status).toBe('decided');

    // Posted, the name on the envelope is optional, as before.
    const posted = await t.call('cases.deliver', { caseId: decided.id, method: 'post', address: '杭州市上城区解放路 1 号', trackingNumber: 'SF1234567890' });
    expect(posted.status).toBe('delivered');
  });

  it('asks for the decision itself when none is sent', async () => {
    const t = await start();
    const sole = await t.call('catalog.getItem', { code: SOLE_TRADER.code });
    const accepted = await t.call('intake.submit', intakeArgs(SOLE_TRADER, sole.materials, { received: ['M1', 'M2', 'M3'] }, { kind: 'accept' }));
    const err = await t.fail('cases.decide', { caseId: accepted.id });
    expect(err.fieldErrors).toEqual([{ path: 'outcome', message: '请选择决定' }]);
  });

  it('asks for the due date of a deferred material when none was picked', async () => {
    const t = await start();
    const food = await t.call('catalog.getItem', { code: FOOD_LICENCE.code });
    const err = await t.fail(
      'intake.submit',
      intakeArgs(FOOD_LICENCE, food.materials, { received: ['M1', 'M3', 'M4', 'M5'] }, { kind: 'accept_with_deferral', deferrals: [{ materialId: 'M2', dueDate: '' }] }),
    );
    expect(err.fieldErrors).toEqual([{ path: 'decision.deferrals.0.dueDate', message: '请选择补交期限' }]);
  });
});
