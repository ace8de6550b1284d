import { afterEach, describe, expect, it } from 'vitest';
import type { ItemDetail } from '../../../electron/contract';
import { fixedClock } from '../../../electron/core/clock';
import { foldCase } from '../../../electron/core/cases/case-lifecycle';
import { loadCaseEvents, loadCaseState } from '../../../electron/core/cases/case-repository';
import Database from 'better-sqlite3';
import path from 'node:path';
import { createTestCore, type TestCore } from '../../support/core-fixture';
import { FOOD_LICENCE, SOLE_TRADER, intakeArgs, personApplicant } from '../../support/intake-args';

// 10:00 in the hall on Friday 2026-02-13, the last working day before the Spring Festival break.
const FRIDAY_BEFORE_SPRING_FESTIVAL = '2026-02-13T02:00:00.000Z';

let t: TestCore | null = null;
afterEach(async () => {
  await t?.close();
  t = null;
});

async function start(at = FRIDAY_BEFORE_SPRING_FESTIVAL): Promise<{ t: TestCore; food: ItemDetail; sole: ItemDetail }> {
  t = await createTestCore({ clock: fixedClock(at, 1000) });
  await t.signIn();
  const food = await t.call('catalog.getItem', { code: FOOD_LICENCE.code });
  const sole = await t.call('catalog.getItem', { code: SOLE_TRADER.code });
  return { t, food, sole };
}

describe('intake at the window', () => {
  it('refuses every staff call before sign-in, and runs nothing', async () => {
    t = await createTestCore();
    const food = FOOD_LICENCE;
    const err = await t.fail('intake.submit', intakeArgs(food, [], { received: [] }, { kind: 'accept' }));
    expect(err.code).toBe('not_signed_in');
    const search = await t.fail('cases.search', {});
    expect(search.code).toBe('not_signed_in');
  });

  it('accepts a complete application: number, due dates on the Chinese calendar, events and projection agree', async () => {
    const { t, food } = await start();
    const detail = await t.call(
      'intake.submit',
      intakeArgs(FOOD_LICENCE, food.materials, { received: ['M1', 'M2', 'M3', 'M4', 'M5'] }, { kind: 'accept' }),
    );
    expect(detail.caseNumber).toBe('JQ-12-20260213-0001');
    expect(detail.status).toBe('accepted');
    // 5 working days: 02-14 is a make-up Saturday, 02-15..23 the festival, then 24, 25, 26, 27.
    expect(detail.promisedDueDate).toBe('2026-02-27');
    expect(detail.legalDueDate).toBe('2026-03-05');
    expect(detail.promisedDueProvisional).toBe(false);
    expect(detail.legalDueProvisional).toBe(false);
    expect(detail.timeline.map((e) => e.type)).toEqual(['case.received', 'case.accepted']);
    expect(detail.timeline[0]?.staffName).toBe('王芳');
    expect(detail.timeline[0]?.windowNumber).toBe(12);
    expect(detail.allowedActions).toEqual(['start_review', 'withdraw', 'terminate']);

    const db = new Database(path.join(t.dataDir, 'counter.sqlite'), { readonly: true });
    try {
      const stored = loadCaseState(db, detail.id);
      expect(foldCase(detail.id, loadCaseEvents(db, detail.id))).toEqual(stored);
      const outbox = db.prepare('SELECT count(*) AS n FROM outbox o JOIN events e ON e.seq = o.event_seq WHERE e.stream_id = ?').get(detail.id) as { n: number };
      expect(outbox.n).toBe(2);
    } finally {
      db.close();
    }
  });

  it('accepts under 容缺 only with a due date for each deferred non-key material', async () => {
    const { t, food } = await start();
    const missingNonKey = { received: ['M1', 'M3', 'M4', 'M5'] };
    const noDates = await t.fail(
      'intake.submit',
      intakeArgs(FOOD_LICENCE, food.materials, missingNonKey, { kind: 'accept_with_deferral', deferrals: [{ materialId: 'M4', dueDate: '2026-02-25' }] }),
    );
    expect(noDates.code).toBe('rule_violation');
    expect(noDates.fieldErrors.some((f) => f.path === 'decision.deferrals.0.materialId')).toBe(true);

    const detail = await t.call(
      'intake.submit',
      intakeArgs(FOOD_LICENCE, food.materials, missingNonKey, {
        kind: 'accept_with_deferral',
        deferrals: [{ materialId: 'M2', dueDate: '2026-02-25' }],
      }),
    );
    expect(detail.status).toBe('accepted');
    expect(detail.deferrals).toEqual([
      { materialId: 'M2', name: food.materials[1]?.name, dueDate: '2026-02-25', dueProvisional: false, supplementedAt: null },
    ]);
    expect(detail.timeline[1]?.title).toBe('容缺受理');
    expect(detail.allowedActions).toContain('supplement_materials');

    const late = await t.fail(
      'intake.submit',
      intakeArgs(FOOD_LICENCE, food.materials, missingNonKey, {
        kind: 'accept_with_deferral',
        deferrals: [{ materialId: 'M2', dueDate: '2026-03-31' }],
      }),
    );
    expect(late.fieldErrors[0]?.message).toContain('承诺办结日');
  });

  it('never accepts with a key material missing, not even under 容缺', async () => {
    const { t, food } = await start();
    const keyMissing = { received: ['M2', 'M3', 'M4', 'M5'] };
    for (const decision of [{ kind: 'accept' as const }, { kind: 'accept_with_deferral' as const, deferrals: [{ materialId: 'M1', dueDate: '2026-02-25' }] }]) {
      const err = await t.fail('intake.submit', intakeArgs(FOOD_LICENCE, food.materials, keyMissing, decision));
      expect(err.code).toBe('rule_violation');
      expect(err.message).toContain(food.materials[0]?.name);
    }
    const defectiveKey = await t.fail(
      'intake.submit',
      intakeArgs(FOOD_LICENCE, food.materials, { received: ['M2', 'M3', 'M4', 'M5'], defective: { M1: '申请书未签字' } }, { kind: 'accept' }),
    );
    expect(defectiveKey.code).toBe('rule_violation');
    const listed = await t.call('cases.search', {});
    expect(listed.rows).toHaveLength(0);
  });

  it('requires the correction notice to list everything to supplement at once (一次性告知)', async () => {
    const { t, food } = await start();
    const spec = { received: ['M3', 'M5'], defective: { M4: '健康证明已过期' } };
    const partial = await t.fail(
      'intake.submit',
      intakeArgs(FOOD_LICENCE, food.materials, spec, {
        kind: 'request_correction',
        items: [{ materialId: 'M1', name: '申请书', instruction: '请补交' }],
      }),
    );
    expect(partial.code).toBe('rule_violation');
    expect(partial.message).toContain('一次性告知');

    const items = ['M1', 'M2', 'M4'].map((id) => ({ materialId: id, name: food.materials.find((m) => m.id === id)?.name ?? id, instruction: '请补交原件' }));
    const detail = await t.call(
      'intake.submit',
      intakeArgs(FOOD_LICENCE, food.materials, spec, { kind: 'request_correction', items, note: '补齐后到 12 号窗口' }),
    );
    expect(detail.status).toBe('correction_requested');
    expect(detail.caseNumber).toBe('JQ-12-20260213-0001');
    expect(detail.correction?.items).toHaveLength(3);
    expect(detail.allowedActions).toEqual(['supplement_materials', 'reject_intake', 'withdraw', 'terminate']);

    // Supplementing reopens the flow: the case is received again and can now be accepted.
    const received = await t.call('cases.supplementMaterials', {
      caseId: detail.id,
      materials: ['M1', 'M2', 'M4'].map((id) => ({ materialId: id, received: true, form: id === 'M2' ? 'copy' : 'original', copies: 1 })),
    });
    expect(received.status).toBe('received');
    const accepted = await t.call('cases.decideIntake', { caseId: detail.id, decision: { kind: 'accept' } });
    expect(accepted.status).toBe('accepted');
    expect(accepted.timeline.map((e) => e.type)).toEqual(['case.received', 'case.correctionRequested', 'case.materialsSupplemented', 'case.accepted']);
  });

  it('holds a 补正 case to its one notice: only what it listed is brought, asked again, or refused over', async () => {
    const { t, food } = await start();
    const name = (id: string) => food.materials.find((m) => m.id === id)?.name ?? id;
    const notice = (ids: string[]) => ids.map((id) => ({ materialId: id, name: name(id), instruction: '请补交' }));
    const spec = { received: ['M3', 'M5'], defective: { M4: '健康证明已过期' } };
    const asked = await t.call('intake.submit', intakeArgs(FOOD_LICENCE, food.materials, spec, { kind: 'request_correction', items: notice(['M1', 'M2', 'M4']) }));

    // M3 was complete and not on the notice: it cannot be changed now.
    const unlisted = await t.fail('cases.supplementMaterials', {
      caseId: asked.id,
      materials: [{ materialId: 'M3', received: true, form: 'original', copies: 1, defective: true, defectNote: '照片模糊' }],
    });
    expect(unlisted.code).toBe('illegal_transition');
    expect(unlisted.message).toContain(name('M3'));

    // The applicant brings M1 and M2; M4 is still the expired one.
    const back = await t.call('cases.supplementMaterials', {
      caseId: asked.id,
      materials: [
        { materialId: 'M1', received: true, form: 'original', copies: 1 },
        { materialId: 'M2', received: true, form: 'copy', copies: 1 },
      ],
    });
    expect(back.status).toBe('received');
    const complete = await t.fail('cases.decideIntake', { caseId: asked.id, decision: { kind: 'request_correction', items: notice(['M4', 'M3']) } });
    expect(complete.fieldErrors).toEqual([{ path: 'decision.items.1.materialId', message: '该材料已齐全，无需补正' }]);
    const newDemand = await t.fail('cases.decideIntake', { caseId: asked.id, decision: { kind: 'request_correction', items: notice(['M4', 'M6']) } });
    expect(newDemand.fieldErrors).toEqual([{ path: 'decision.items.1.materialId', message: '上次补正告知书未列此材料，不能再次要求补正' }]);
    const again = await t.call('cases.decideIntake', { caseId: asked.id, decision: { kind: 'request_correction', items: notice(['M4']) } });
    expect(again.status).toBe('correction_requested');

    // 逾期未补正: the applicant never comes back. Accepting is not possible; refusing is.
    const accept = await t.fail('cases.decideIntake', { caseId: asked.id, decision: { kind: 'accept' } });
    expect(accept.code).toBe('illegal_transition');
    expect(accept.message).toBe('办件当前状态为“待补正”，不能受理');
    const refused = await t.call('cases.decideIntake', {
      caseId: asked.id,
      decision: { kind: 'reject', reasonId: 'incomplete-not-supplemented', reason: '申请人逾期未补正', legalBasis: '《中华人民共和国行政许可法》第三十二条' },
    });
    expect(refused.status).toBe('rejected');
    expect(refused.closedAt).not.toBeNull();
    expect(refused.allowedActions).toEqual([]);
    expect(refused.timeline.map((e) => e.type)).toEqual([
      'case.received',
      'case.correctionRequested',
      'case.materialsSupplemented',
      'case.correctionRequested',
      'case.rejected',
    ]);
  });

  it('keeps a deferred material of a 即办件 within its legal time limit, and a same-day item out of 容缺', async () => {
    const { t, sole } = await start();
    const noPremises = { received: ['M1', 'M2'] };
    // Accepted on Friday 2026-02-13; 3 legal working days: 02-14 (make-up Saturday), 02-24, 02-25.
    const late = await t.fail(
      'intake.submit',
      intakeArgs(SOLE_TRADER, sole.materials, noPremises, { kind: 'accept_with_deferral', deferrals: [{ materialId: 'M3', dueDate: '2099-12-31' }] }),
    );
    expect(late.fieldErrors).toEqual([{ path: 'decision.deferrals.0.dueDate', message: '补交期限不能晚于法定办结日 2026-02-25' }]);
    const preview = await t.call('intake.preview', { itemCode: SOLE_TRADER.code });
    expect(preview.deferral).toMatchObject({ possible: true, latestDueDate: preview.legalDueDate, latestDueLabel: '法定办结日' });
    expect(preview.defaultDeferralDueDate !== null && preview.defaultDeferralDueDate <= preview.legalDueDate).toBe(true);
    const ok = await t.call(
      'intake.submit',
      intakeArgs(SOLE_TRADER, sole.materials, noPremises, { kind: 'accept_with_deferral', deferrals: [{ materialId: 'M3', dueDate: '2026-02-25' }] }),
    );
    expect(ok.status).toBe('accepted');
    // 即办件: decided at the window, never sent into review.
    expect(ok.allowedActions).not.toContain('start_review');
    const review = await t.fail('cases.startReview', { caseId: ok.id });
    expect(review.code).toBe('illegal_transition');

    // 税务登记信息确认 has a legal limit of 0 days: due the day it is accepted, nothing can wait.
    const tax = await t.call('catalog.getItem', { code: '11330102MB1672159L100110200102501' });
    const sameDay = await t.fail(
      'intake.submit',
      intakeArgs({ code: tax.code, version: tax.version }, tax.materials, { received: ['M2', 'M3'] }, {
        kind: 'accept_with_deferral',
        deferrals: [{ materialId: 'M1', dueDate: '2026-02-24' }],
      }),
    );
    expect(sameDay.fieldErrors[0]?.message).toBe('该事项法定办结日即受理当日，不能容缺受理，请一次性告知补正');
  });

  it('records a refusal to accept with its reason and legal basis, from the list or typed', async () => {
    const { t, food } = await start();
    const unknown = await t.fail(
      'intake.submit',
      intakeArgs(FOOD_LICENCE, food.materials, { received: [] }, { kind: 'reject', reasonId: 'made-up', reason: '不属于本机关', legalBasis: '第三十二条' }),
    );
    expect(unknown.fieldErrors).toEqual([{ path: 'decision.reasonId', message: '不予受理理由不在理由清单中' }]);
    const typed = await t.call(
      'intake.submit',
      intakeArgs(FOOD_LICENCE, food.materials, { received: [] }, { kind: 'reject', reasonId: null, reason: '申请人不具备经营资格', legalBasis: '《食品经营许可和备案管理办法》第十二条' }),
    );
    expect(typed.rejection?.reason).toBe('申请人不具备经营资格');
    const detail = await t.call(
      'intake.submit',
      intakeArgs(FOOD_LICENCE, food.materials, { received: [] }, {
        kind: 'reject',
        reasonId: 'not-competent',
        reason: '申请事项依法不属于本行政机关职权范围',
        legalBasis: '《中华人民共和国行政许可法》第三十二条第一款第（二）项',
      }),
    );
    expect(detail.status).toBe('rejected');
    expect(detail.rejection?.legalBasis).toContain('第三十二条');
    expect(detail.allowedActions).toEqual([]);
    expect(detail.closedAt).not.toBeNull();
  });

  it('makes one case of a repeated submit with the same clientRequestId', async () => {
    const { t, sole } = await start();
    const args = intakeArgs(SOLE_TRADER, sole.materials, { received: ['M1', 'M2', 'M3'] }, { kind: 'accept' });
    const first = await t.call('intake.submit', args);
    const again = await t.call('intake.submit', args);
    expect(again.id).toBe(first.id);
    expect(again.caseNumber).toBe('JQ-12-20260213-0001');
    const next = await t.call('intake.submit', { ...args, clientRequestId: crypto.randomUUID() });
    expect(next.caseNumber).toBe('JQ-12-20260213-0002');
    // The same form id with other content (a name corrected after a lost answer) is refused,
    // rather than quietly answered with the first case.
    const changed = await t.fail('intake.submit', { ...args, applicant: personApplicant('李四') });
    expect(changed.code).toBe('conflict');
    expect(changed.details.caseId).toBe(first.id);
  });

  it('stores names with characters outside GBK and the BMP exactly', async () => {
    const { t, sole } = await start();
    const name = '𠮷䶮';
    const detail = await t.call(
      'intake.submit',
      intakeArgs(SOLE_TRADER, sole.materials, { received: ['M1', 'M2', 'M3'] }, { kind: 'accept' }, { applicant: personApplicant(name) }),
    );
    expect(detail.applicantName).toBe(name);
    const found = await t.call('cases.search', { text: '𠮷' });
    expect(found.rows.map((r) => r.applicantName)).toEqual([name]);
    // A prefix range that stopped at U+FFFF would miss names that continue beyond the BMP.
    const byFirstChar = await t.call('cases.search', { applicantName: '𠮷' });
    expect(byFirstChar.rows).toHaveLength(1);
  });

  it('refuses an applicant with an invalid id number, saying so beside the field', async () => {
    const { t, sole } = await start();
    const bad = { ...personApplicant(), idNumber: '110105194912310021' };
    const err = await t.fail('intake.submit', intakeArgs(SOLE_TRADER, sole.materials, { received: ['M1', 'M2', 'M3'] }, { kind: 'accept' }, { applicant: bad }));
    expect(err.code).toBe('invalid_arguments');
    // Only the check character is wrong: the clerk may confirm it against the card (checksum-override.test.ts).
    expect(err.fieldErrors).toEqual([{ path: 'applicant.idNumber', message: expect.stringContaining('校验'), reason: 'checksum_unconfirmed' }]);
  });

  it('completes a 即办件 at the window: decided and delivered the same day', async () => {
    const { t, sole } = await start();
    const accepted = await t.call('intake.submit', intakeArgs(SOLE_TRADER, sole.materials, { received: ['M1', 'M2', 'M3'] }, { kind: 'accept' }));
    expect(accepted.promisedDueDate).toBe('2026-02-13');
    expect(accepted.allowedActions).toContain('decide');
    const decided = await t.call('cases.decide', { caseId: accepted.id, outcome: 'approved' });
    const delivered = await t.call('cases.deliver', { caseId: decided.id, method: 'window', recipientName: '张三' });
    expect(delivered.status).toBe('delivered');
    expect(delivered.closedAt).not.toBeNull();
  });

  it('walks a 承诺件 through review, refusal and delivery by post; illegal steps are refused with a typed error', async () => {
    const { t, food } = await start();
    const c = await t.call('intake.submit', intakeArgs(FOOD_LICENCE, food.materials, { received: ['M1', 'M2', 'M3', 'M4', 'M5'] }, { kind: 'accept' }));
    const early = await t.fail('cases.decide', { caseId: c.id, outcome: 'approved' });
    expect(early.code).toBe('illegal_transition');
    const deliverEarly = await t.fail('cases.deliver', { caseId: c.id, method: 'window', recipientName: '张三' });
    expect(deliverEarly.code).toBe('illegal_transition');
    await t.call('cases.startReview', { caseId: c.id });
    const refusedWithoutReason = await t.fail('cases.decide', { caseId: c.id, outcome: 'refused' });
    expect(refusedWithoutReason.fieldErrors.map((f) => f.path).sort()).toEqual(['legalBasis', 'reason']);
    await t.call('cases.decide', { caseId: c.id, outcome: 'refused', reason: '经营场所不符合要求', legalBasis: '《食品经营许可和备案管理办法》第十二条' });
    const noAddress = await t.fail('cases.deliver', { caseId: c.id, method: 'post', trackingNumber: 'SF1234567890' });
    expect(noAddress.fieldErrors.map((f) => f.path)).toEqual(['address']);
    const posted = await t.call('cases.deliver', { caseId: c.id, method: 'post', address: '杭州市上城区解放路 1 号', trackingNumber: 'SF1234567890' });
    expect(posted.status).toBe('delivered');
    expect(posted.delivery?.trackingNumber).toBe('SF1234567890');
    const afterClose = await t.fail('cases.withdraw', { caseId: c.id, reason: '申请人要求' });
    expect(afterClose.code).toBe('illegal_transition');
  });

  it('does not approve a 容缺 case until the deferred materials are in', async () => {
    const { t, food } = await start();
    const c = await t.call(
      'intake.submit',
      intakeArgs(FOOD_LICENCE, food.materials, { received: ['M1', 'M3', 'M4', 'M5'] }, { kind: 'accept_with_deferral', deferrals: [{ materialId: 'M2', dueDate: '2026-02-26' }] }),
    );
    await t.call('cases.startReview', { caseId: c.id });
    const blocked = await t.fail('cases.decide', { caseId: c.id, outcome: 'approved' });
    expect(blocked.code).toBe('illegal_transition');
    expect(blocked.message).toContain('容缺');
    const supplemented = await t.call('cases.supplementMaterials', { caseId: c.id, materials: [{ materialId: 'M2', received: true, form: 'copy', copies: 1 }] });
    expect(supplemented.deferrals[0]?.supplementedAt).not.toBeNull();
    expect(supplemented.status).toBe('in_review');
    const approved = await t.call('cases.decide', { caseId: c.id, outcome: 'approved' });
    expect(approved.status).toBe('decided');
  });

  it('withdraws and terminates open cases only', async () => {
    const { t, food } = await start();
    const a = await t.call('intake.submit', intakeArgs(FOOD_LICENCE, food.materials, { received: ['M1', 'M2', 'M3', 'M4', 'M5'] }, { kind: 'accept' }));
    const withdrawn = await t.call('cases.withdraw', { caseId: a.id, reason: '申请人书面申请撤回' });
    expect(withdrawn.status).toBe('withdrawn');
    const b = await t.call('intake.submit', intakeArgs(FOOD_LICENCE, food.materials, { received: [] }, { kind: 'request_correction', items: ['M1', 'M2', 'M3', 'M4', 'M5'].map((id) => ({ materialId: id, name: id, instruction: '补交' })) }));
    const terminated = await t.call('cases.terminate', { caseId: b.id, reason: '逾期未补正' });
    expect(terminated.status).toBe('terminated');
    const again = await t.fail('cases.terminate', { caseId: b.id, reason: '重复' });
    expect(again.code).toBe('illegal_transition');
  });
});

describe('changing a case the clerk is looking at', () => {
  it('refuses a change based on a version that is no longer current, and applies one that is', async () => {
    const { t, food } = await start();
    const c = await t.call('intake.submit', intakeArgs(FOOD_LICENCE, food.materials, { received: ['M1', 'M2', 'M3', 'M4', 'M5'] }, { kind: 'accept' }));
    expect(c.version).toBe(2);
    const reviewed = await t.call('cases.startReview', { caseId: c.id, expectedVersion: c.version });
    expect(reviewed.version).toBe(3);
    // A second tab still showing version 2 tries to withdraw: the clerk must see the review first.
    const stale = await t.fail('cases.withdraw', { caseId: c.id, expectedVersion: c.version, reason: '申请人撤回' });
    expect(stale.code).toBe('conflict');
    expect(stale.message).toContain('请刷新');
    expect((await t.call('cases.get', { caseId: c.id })).status).toBe('in_review');
  });

  it('shows the receipt of each material as recorded, defects and notes included', async () => {
    const { t, food } = await start();
    const c = await t.call(
      'intake.submit',
      intakeArgs(FOOD_LICENCE, food.materials, { received: ['M2', 'M3', 'M4', 'M5'], defective: { M1: '申请书未签字' } }, {
        kind: 'request_correction',
        items: [{ materialId: 'M1', name: '申请书', instruction: '请法定代表人签字后重新提交' }],
      }),
    );
    const m1 = c.materials.find((m) => m.materialId === 'M1');
    expect(m1).toMatchObject({ received: true, defective: true, defectNote: '申请书未签字', status: 'defective' });
    expect(c.materials.find((m) => m.materialId === 'M6')).toMatchObject({ received: false, required: false, status: 'optional' });
  });
});
