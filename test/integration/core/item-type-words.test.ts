/**
 * The words fit the item (issue 11 §3), through the real core on a real SQLite file: the stock
 * 不予受理 reasons a decision may name follow the item's type, and a decision is stored as
 * approved/refused with the type that names it (准予许可 only for a licence).
 */
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import type { CaseDetail, ItemDetail } from '../../../electron/contract';
import { fixedClock } from '../../../electron/core/clock';
import { foldCase } from '../../../electron/core/cases/case-lifecycle';
import { loadCaseEvents, loadCaseState } from '../../../electron/core/cases/case-repository';
import { createTestCore, type TestCore } from '../../support/core-fixture';
import { FOOD_LICENCE, intakeArgs } from '../../support/intake-args';

const RESIDENCE_PERMIT = { code: '11330102MB1907341U070100400102401', version: 1 };
const SOCIAL_SECURITY_CARD = { code: '11330102MB1859036U2000508001007', version: 1 };
const UNEMPLOYMENT_BENEFIT = { code: '11330102MB1859036U0500512001009', version: 1 };
const REAL_ESTATE_FIRST = { code: '11330102MB1926470R0700603001011', version: 1 };

// A Wednesday in an officially scheduled year.
const AT = '2026-03-04T02:00:00.000Z';

let t: TestCore | null = null;
afterEach(async () => {
  await t?.close();
  t = null;
});

async function start(): Promise<TestCore> {
  t = await createTestCore({ clock: fixedClock(AT, 1000) });
  await t.signIn();
  return t;
}

function required(item: ItemDetail): string[] {
  return item.materials.filter((m) => m.required).map((m) => m.id);
}

function decidedTitle(detail: CaseDetail): string | undefined {
  return detail.timeline.find((e) => e.type === 'case.decided')?.title;
}

function readDb<T>(t: TestCore, read: (db: Database.Database) => T): T {
  const db = new Database(path.join(t.dataDir, 'counter.sqlite'), { readonly: true });
  try {
    return read(db);
  } finally {
    db.close();
  }
}

describe('stock 不予受理 reasons follow the item type', () => {
  it('offers 居住证申领 (公共服务) no Administrative Licensing Law reason, and its own law as the basis', async () => {
    const t = await start();
    const item = await t.call('catalog.getItem', { code: RESIDENCE_PERMIT.code });
    expect(item.itemType).toBe('public_service');
    expect(item.rejectionReasons.map((r) => r.text)).not.toContain('申请事项依法不需要取得行政许可');
    expect(item.rejectionReasons.length).toBeGreaterThan(0);
    for (const r of item.rejectionReasons) expect(r.legalBasis).toBe(item.basis);

    const licence = await t.call('catalog.getItem', { code: FOOD_LICENCE.code });
    expect(licence.rejectionReasons.map((r) => r.id)).toContain('not-required');
  });

  it('refuses a licensing reason for a public-service item with a typed error, and makes no case', async () => {
    const t = await start();
    const item = await t.call('catalog.getItem', { code: RESIDENCE_PERMIT.code });
    const err = await t.fail(
      'intake.submit',
      intakeArgs(RESIDENCE_PERMIT, item.materials, { received: [] }, {
        kind: 'reject',
        reasonId: 'not-required',
        reason: '申请事项依法不需要取得行政许可',
        legalBasis: '《中华人民共和国行政许可法》第三十二条第一款第（一）项',
      }),
    );
    expect(err.code).toBe('invalid_arguments');
    expect(err.fieldErrors).toEqual([{ path: 'decision.reasonId', message: expect.stringMatching(/不适用于“居住证申领”（公共服务）/) as unknown }]);
    expect((await t.call('cases.search', {})).rows).toEqual([]);
  });

  it('stores a fitting reason with the basis it was given', async () => {
    const t = await start();
    const item = await t.call('catalog.getItem', { code: RESIDENCE_PERMIT.code });
    const reason = item.rejectionReasons.find((r) => r.id === 'general-not-eligible');
    if (!reason) throw new Error('general-not-eligible is not offered for 居住证申领');
    const detail = await t.call(
      'intake.submit',
      intakeArgs(RESIDENCE_PERMIT, item.materials, { received: [] }, { kind: 'reject', reasonId: reason.id, reason: reason.text, legalBasis: reason.legalBasis }),
    );
    expect(detail.status).toBe('rejected');
    expect(detail.rejection).toMatchObject({ reason: '申请人不属于本事项规定的申请对象，依法不能提出本项申请', legalBasis: '《居住证暂行条例》第二条、第九条' });
  });

  it('refuses a licence reason after 补正 too, on a 不动产 registration (行政确认), and takes its 条例’s reason', async () => {
    const t = await start();
    const item = await t.call('catalog.getItem', { code: REAL_ESTATE_FIRST.code });
    const held = await t.call(
      'intake.submit',
      intakeArgs(REAL_ESTATE_FIRST, item.materials, { received: required(item).filter((id) => id !== 'M2') }, {
        kind: 'request_correction',
        items: [{ materialId: 'M2', name: '不动产权属来源证明材料', instruction: '请补交' }],
        note: '',
      }),
    );
    const licenceReason = await t.fail('cases.decideIntake', {
      caseId: held.id,
      decision: { kind: 'reject', reasonId: 'incomplete-not-supplemented', reason: '逾期未补正', legalBasis: '《中华人民共和国行政许可法》第三十二条第一款第（四）项' },
    });
    expect(licenceReason.code).toBe('invalid_arguments');
    expect(licenceReason.fieldErrors[0]?.path).toBe('decision.reasonId');
    const own = item.rejectionReasons.find((r) => r.id === 'real-estate-incomplete');
    if (!own) throw new Error('real-estate-incomplete is not offered for the 不动产 registration');
    const rejected = await t.call('cases.decideIntake', {
      caseId: held.id,
      decision: { kind: 'reject', reasonId: own.id, reason: own.text, legalBasis: own.legalBasis },
    });
    expect(rejected.rejection?.legalBasis).toBe('《不动产登记暂行条例》第十七条第一款第（三）项');
  });
});

describe('decisions are stored type-neutral with the type, and called as the type calls them', () => {
  it('a public service decided at once: 予以办理, never 准予许可', async () => {
    const t = await start();
    const item = await t.call('catalog.getItem', { code: SOCIAL_SECURITY_CARD.code });
    const accepted = await t.call('intake.submit', intakeArgs(SOCIAL_SECURITY_CARD, item.materials, { received: required(item) }, { kind: 'accept' }));
    const decided = await t.call('cases.decide', { caseId: accepted.id, outcome: 'approved' });
    expect(decided.itemType).toBe('public_service');
    expect(decidedTitle(decided)).toBe('作出决定：予以办理');
    expect(JSON.stringify(decided.timeline)).not.toMatch(/许可/);
    const payload = readDb(t, (db) => loadCaseEvents(db, accepted.id).find((e) => e.type === 'case.decided')?.payload);
    expect(payload).toEqual({ outcome: 'approved', itemType: 'public_service', reason: '', legalBasis: '' });
  });

  it('a 给付 item: 不予给付 on refusal, and approval refused in its words while a material is owed', async () => {
    const t = await start();
    const item = await t.call('catalog.getItem', { code: UNEMPLOYMENT_BENEFIT.code });
    const preview = await t.call('intake.preview', { itemCode: UNEMPLOYMENT_BENEFIT.code });
    const accepted = await t.call(
      'intake.submit',
      intakeArgs(UNEMPLOYMENT_BENEFIT, item.materials, { received: ['M1', 'M2', 'M3'] }, {
        kind: 'accept_with_deferral',
        deferrals: [{ materialId: 'M4', dueDate: preview.defaultDeferralDueDate ?? '' }],
      }),
    );
    await t.call('cases.startReview', { caseId: accepted.id });
    const early = await t.fail('cases.decide', { caseId: accepted.id, outcome: 'approved' });
    expect(early.message).toMatch(/不能准予给付$/);
    const refused = await t.call('cases.decide', {
      caseId: accepted.id,
      outcome: 'refused',
      reason: '申请人已重新就业',
      legalBasis: '《失业保险条例》第十五条第（一）项',
    });
    expect(refused.itemType).toBe('payment');
    expect(decidedTitle(refused)).toBe('作出决定：不予给付');
  });

  it('a licence keeps 准予许可', async () => {
    const t = await start();
    const item = await t.call('catalog.getItem', { code: FOOD_LICENCE.code });
    const accepted = await t.call('intake.submit', intakeArgs(FOOD_LICENCE, item.materials, { received: required(item) }, { kind: 'accept' }));
    await t.call('cases.startReview', { caseId: accepted.id });
    const decided = await t.call('cases.decide', { caseId: accepted.id, outcome: 'approved' });
    expect(decided.itemType).toBe('licensing');
    expect(decidedTitle(decided)).toBe('作出决定：准予许可');
  });

  it('names a case stored before snapshots carried a type by its catalog row, and replays it unchanged', async () => {
    let t = await start();
    const item = await t.call('catalog.getItem', { code: SOCIAL_SECURITY_CARD.code });
    const accepted = await t.call('intake.submit', intakeArgs(SOCIAL_SECURITY_CARD, item.materials, { received: required(item) }, { kind: 'accept' }));
    await t.call('cases.decide', { caseId: accepted.id, outcome: 'approved' });
    // What a build before item types stored: no type in the snapshot, none with the decision.
    // Events are append-only for the app; making such a history here needs the guard lifted.
    const db = new Database(path.join(t.dataDir, 'counter.sqlite'));
    try {
      db.exec('DROP TRIGGER events_are_append_only_update');
      db.prepare(
        `UPDATE events SET payload = json_remove(payload, '$.item.itemType') WHERE stream_id = ? AND type = 'case.received'`,
      ).run(accepted.id);
      db.prepare(`UPDATE events SET payload = json_remove(payload, '$.itemType') WHERE stream_id = ? AND type = 'case.decided'`).run(accepted.id);
      db.prepare(
        `UPDATE case_states SET state = json_remove(state, '$.item.itemType', '$.decision.itemType')
         WHERE case_seq = (SELECT seq FROM cases WHERE id = ?)`,
      ).run(accepted.id);
      db.exec(`CREATE TRIGGER events_are_append_only_update BEFORE UPDATE ON events
               BEGIN SELECT RAISE(ABORT, 'events are append-only'); END`);
    } finally {
      db.close();
    }
    t = await t.reopen();
    await t.signIn();
    const detail = await t.call('cases.get', { caseId: accepted.id });
    expect(detail.itemType).toBe('public_service');
    expect(decidedTitle(detail)).toBe('作出决定：予以办理');
    readDb(t, (db) => {
      const stored = loadCaseState(db, accepted.id);
      expect(stored?.item.itemType).toBeUndefined();
      expect(foldCase(accepted.id, loadCaseEvents(db, accepted.id))).toEqual(stored);
    });
  });
});
