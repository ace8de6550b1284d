import Database from 'better-sqlite3';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { ItemDetail } from '../../../electron/contract';
import { fixedClock } from '../../../electron/core/clock';
import { loadCaseEvents } from '../../../electron/core/cases/case-repository';
import { createTestCore, type TestCore } from '../../support/core-fixture';
import { residentIdNumber, unifiedSocialCreditCode } from '../../support/identity-numbers';
import { FOOD_LICENCE, intakeArgs, personApplicant } from '../../support/intake-args';

const AT = '2026-02-13T02:00:00.000Z';
const COMPLETE = { received: ['M1', 'M2', 'M3', 'M4', 'M5'] };

let t: TestCore | null = null;
afterEach(async () => {
  await t?.close();
  t = null;
});

async function start(): Promise<{ t: TestCore; food: ItemDetail }> {
  t = await createTestCore({ clock: fixedClock(AT, 1000) });
  await t.signIn();
  const food = await t.call('catalog.getItem', { code: FOOD_LICENCE.code });
  return { t, food };
}

/** The same number with another check character, as a code issued before its standard settled. */
function withWrongCheck(valid: string): string {
  return valid.slice(0, 17) + (valid.endsWith('0') ? '1' : '0');
}

const VALID_CODE = unifiedSocialCreditCode('91330102MA2H0T109');
const PRE_STANDARD_CODE = withWrongCheck(VALID_CODE);

function organisation(creditCode: string, confirmed?: boolean) {
  return {
    kind: 'organisation' as const,
    name: '杭州某某科技有限公司',
    creditCode,
    legalRepresentative: '王芳',
    contactName: '李明',
    mobile: '13812345678',
    address: '',
    ...(confirmed === undefined ? {} : { creditCodeChecksumConfirmed: confirmed }),
  };
}

describe('numbers whose check character is wrong, confirmed by the clerk against the original', () => {
  it('refuses a pre-standard credit code without confirmation: a typed error at the field, no case made', async () => {
    const { t, food } = await start();
    for (const confirmed of [undefined, false]) {
      const err = await t.fail('intake.submit', intakeArgs(FOOD_LICENCE, food.materials, COMPLETE, { kind: 'accept' }, { applicant: organisation(PRE_STANDARD_CODE, confirmed) }));
      expect(err.code).toBe('invalid_arguments');
      expect(err.fieldErrors).toEqual([
        { path: 'applicant.creditCode', message: '统一社会信用代码校验位不正确，请核对最后一位', reason: 'checksum_unconfirmed' },
      ]);
    }
    expect((await t.call('cases.search', {})).rows).toHaveLength(0);
  });

  it('accepts it with confirmation and records on the case which field, who and when', async () => {
    const { t, food } = await start();
    const detail = await t.call(
      'intake.submit',
      intakeArgs(FOOD_LICENCE, food.materials, COMPLETE, { kind: 'accept' }, { applicant: organisation(PRE_STANDARD_CODE, true) }),
    );
    expect(detail.status).toBe('accepted');
    expect(detail.receivedAt.slice(0, 10)).toBe(AT.slice(0, 10));
    expect(detail.applicant.kind === 'organisation' && detail.applicant.creditCode).toBe(PRE_STANDARD_CODE);
    expect(detail.checksumOverrides).toEqual([
      // Confirmed when the case was received (the clock of the core, not of the form).
      { field: 'applicant.creditCode', fieldLabel: '统一社会信用代码', confirmedAt: detail.receivedAt, staffNumber: '1001', staffName: '王芳' },
    ]);
    expect(detail.timeline[0]?.lines).toContain('统一社会信用代码校验位不符，经办人已核对原件确认');

    // Stored in the received event itself (what sync pushes upstream), and read back the same.
    const db = new Database(path.join(t.dataDir, 'counter.sqlite'), { readonly: true });
    try {
      const received = loadCaseEvents(db, detail.id)[0];
      expect(received?.type).toBe('case.received');
      const payload = received?.type === 'case.received' ? received.payload : null;
      expect(payload?.checksumOverrides).toEqual([
        { field: 'applicant.creditCode', document: 'unified_social_credit_code', number: PRE_STANDARD_CODE, confirmedBy: received?.staffId, confirmedAt: received?.occurredAt },
      ]);
    } finally {
      db.close();
    }
    expect((await t.call('cases.get', { caseId: detail.id })).checksumOverrides).toHaveLength(1);
  });

  it('records nothing when the confirmation was not needed', async () => {
    const { t, food } = await start();
    const detail = await t.call(
      'intake.submit',
      intakeArgs(FOOD_LICENCE, food.materials, COMPLETE, { kind: 'accept' }, { applicant: organisation(VALID_CODE, true) }),
    );
    expect(detail.checksumOverrides).toEqual([]);
  });

  it('the same for the resident ID numbers of applicant and agent, each confirmed on its own', async () => {
    const { t, food } = await start();
    const wrongId = withWrongCheck(residentIdNumber('330102', '1985-06-15', 7));
    const agent = { name: '张伟', idType: 'resident_id_card' as const, idNumber: wrongId, mobile: '13912345678' };
    const applicant = { ...personApplicant(), idNumber: wrongId, idNumberChecksumConfirmed: true };

    const refused = await t.fail('intake.submit', intakeArgs(FOOD_LICENCE, food.materials, COMPLETE, { kind: 'accept' }, { applicant, agent }));
    expect(refused.fieldErrors).toEqual([{ path: 'agent.idNumber', message: '身份证号校验位不正确，请核对最后一位', reason: 'checksum_unconfirmed' }]);

    const detail = await t.call(
      'intake.submit',
      intakeArgs(FOOD_LICENCE, food.materials, COMPLETE, { kind: 'accept' }, { applicant, agent: { ...agent, idNumberChecksumConfirmed: true } }),
    );
    expect(detail.checksumOverrides.map((o) => [o.field, o.fieldLabel, o.staffName])).toEqual([
      ['applicant.idNumber', '申请人证件号码', '王芳'],
      ['agent.idNumber', '代办人证件号码', '王芳'],
    ]);
  });

  it('never accepts a format error, confirmed or not', async () => {
    const { t, food } = await start();
    const err = await t.fail(
      'intake.submit',
      intakeArgs(FOOD_LICENCE, food.materials, COMPLETE, { kind: 'accept' }, { applicant: organisation(PRE_STANDARD_CODE.slice(0, 17), true) }),
    );
    expect(err.fieldErrors).toEqual([{ path: 'applicant.creditCode', message: '统一社会信用代码应为18位，当前为17位' }]);
  });
});

describe('international mobile numbers through the core', () => {
  it('serves a Hong Kong resident with a Hong Kong number, stored as E.164', async () => {
    const { t, food } = await start();
    const applicant = { ...personApplicant('陈大文'), idType: 'hk_macao_permit' as const, idNumber: 'H12345678', mobile: '+852 9123 4567' };
    const detail = await t.call('intake.submit', intakeArgs(FOOD_LICENCE, food.materials, COMPLETE, { kind: 'accept' }, { applicant }));
    expect(detail.applicant.mobile).toBe('+85291234567');
  });

  it('keeps the mainland rule for a resident ID holder', async () => {
    const { t, food } = await start();
    const applicant = { ...personApplicant(), mobile: '+852 9123 4567' };
    const err = await t.fail('intake.submit', intakeArgs(FOOD_LICENCE, food.materials, COMPLETE, { kind: 'accept' }, { applicant }));
    expect(err.fieldErrors.map((f) => f.path)).toEqual(['applicant.mobile']);
  });
});
