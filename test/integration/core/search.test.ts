import Database from 'better-sqlite3';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Clock } from '../../../electron/core/clock';
import { residentIdNumber, unifiedSocialCreditCode } from '../../support/identity-numbers';
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

describe('the search box finds what people type, however they type it', () => {
  let d: TestCore;
  const dayClock: Clock = (() => {
    let ms = new Date('2026-11-09T01:00:00Z').getTime();
    return { now: () => new Date((ms += 1000)) };
  })();
  const creditCode = unifiedSocialCreditCode('91330102MA2H0T109');
  // Each applicant holds another kind of document; the last is represented by an agent.
  const documents = [
    ['护照持有人', 'passport', 'EA1234567'],
    ['港澳通行证持有人', 'hk_macao_permit', 'H12345678'],
    ['台胞证持有人', 'taiwan_permit', '87654321'],
    ['旧版永居证持有人', 'foreign_permanent_residence', 'USA330619800123'],
    ['港澳台居住证持有人', 'hmt_residence_permit', residentIdNumber('810000', '1990-01-01', 5)],
  ] as const;
  const agentPassport = 'G23456789';

  const found = async (text: string) => (await d.call('cases.search', { text })).rows.map((r) => r.applicantName);

  beforeAll(async () => {
    d = await createTestCore({ clock: dayClock });
    await d.signIn();
    const sole = await d.call('catalog.getItem', { code: SOLE_TRADER.code });
    const submit = (overrides: Parameters<typeof intakeArgs>[4]) =>
      d.call('intake.submit', intakeArgs(SOLE_TRADER, sole.materials, { received: ['M1', 'M2', 'M3'] }, { kind: 'accept' }, overrides));
    await submit({
      applicant: {
        kind: 'organisation',
        name: '杭州某某科技有限公司',
        creditCode,
        legalRepresentative: '李四',
        contactName: '王五',
        mobile: '13900000009',
        address: '',
      },
    });
    for (const [i, [name, idType, idNumber]] of documents.entries()) {
      // The holder of a Hong Kong permit gives a Hong Kong mobile number.
      const mobile = idType === 'hk_macao_permit' ? '+852 9123 4567' : '13812345678';
      await submit({ applicant: { ...personApplicant(name, 20 + i), idType, idNumber, mobile } });
    }
    await submit({
      applicant: personApplicant('委托人', 30),
      agent: { name: '代办人', idType: 'passport', idNumber: agentPassport, mobile: '13900000010' },
    });
    // Typed with the katakana middle dot, and with a bullet (refused before).
    await submit({ applicant: personApplicant('阿卜杜\u30FB艾尼', 31) });
    await submit({ applicant: personApplicant('玉苏甫•艾买提\u2027托合提', 32) });
    await submit({ applicant: personApplicant('艾尼瓦尔', 33) });
  });
  afterAll(() => d.close());

  it('finds a credit code ending in a letter by the box, in any case and with spaces', async () => {
    expect(creditCode).toBe('91330102MA2H0T109Y');
    for (const text of [creditCode, creditCode.toLowerCase(), '9133 0102 MA2H 0T10 9Y', '９１３３０１０２ＭＡ２Ｈ０Ｔ１０９Ｙ']) {
      expect(await found(text), text).toEqual(['杭州某某科技有限公司']);
    }
    // The field in 更多条件 reads it the same way.
    expect((await d.call('cases.search', { idNumber: '9133 0102 ma2h 0t10 9y' })).rows.map((r) => r.applicantName)).toEqual(['杭州某某科技有限公司']);
  });

  it('finds every kind of identity document by its number', async () => {
    for (const [name, , idNumber] of documents) {
      expect(await found(idNumber), idNumber).toEqual([name]);
      expect(await found(idNumber.toLowerCase()), idNumber).toEqual([name]);
      expect(await found(idNumber.replace(/(.{4})/g, '$1 ')), idNumber).toEqual([name]);
    }
  });

  it('finds an international mobile number however it is written', async () => {
    for (const text of ['+852 9123 4567', '+85291234567', '00852 9123 4567']) expect(await found(text), text).toEqual(['港澳通行证持有人']);
  });

  it("finds a case by the agent's document too", async () => {
    expect(await found(agentPassport.toLowerCase())).toEqual(['委托人']);
    expect(await found('g2345 6789')).toEqual(['委托人']);
  });

  it('stores one middle dot and finds the name with any dot typed', async () => {
    expect(await found('阿卜杜·艾尼')).toEqual(['阿卜杜·艾尼']);
    for (const text of ['阿卜杜\u30FB艾尼', '阿卜杜•艾尼', '阿卜杜\u2027艾尼', '阿卜杜.艾尼', '阿卜杜']) {
      expect(await found(text), text).toEqual(['阿卜杜·艾尼']);
    }
    expect(await found('玉苏甫・艾买提')).toEqual(['玉苏甫·艾买提·托合提']);
  });

  it('finds a name by the start of any of its parts', async () => {
    expect(await found('艾尼')).toEqual(['艾尼瓦尔', '阿卜杜·艾尼']);
    expect(await found('艾买提')).toEqual(['玉苏甫·艾买提·托合提']);
    expect(await found('托合提')).toEqual(['玉苏甫·艾买提·托合提']);
    expect(await found('艾买提・托合')).toEqual(['玉苏甫·艾买提·托合提']);
    expect((await d.call('cases.search', { applicantName: '托合' })).rows.map((r) => r.applicantName)).toEqual(['玉苏甫·艾买提·托合提']);
  });

  it('finds cases stored with another dot before the search keys existed', async () => {
    // Bring the database back to how version 4 left it: the name stored with U+30FB as typed
    // (the fold of its events included), no search rows; opening it migrates.
    const file = path.join(d.dataDir, 'counter.sqlite');
    await d.close();
    const raw = new Database(file);
    raw.exec(`
      UPDATE cases SET applicant_name = '阿卜杜\u30FB艾尼' WHERE applicant_name = '阿卜杜·艾尼';
      UPDATE case_states SET state = replace(state, '阿卜杜·艾尼', '阿卜杜\u30FB艾尼');
      DROP TABLE case_name_tails;
      DROP TABLE case_extra_documents;
      ALTER TABLE staff DROP COLUMN role;
      ALTER TABLE staff DROP COLUMN pin_change_required;
      DROP TABLE follow_ups;
      DROP TABLE ratings;
      DROP TABLE rating_sessions;
      DROP TABLE device_faults;
      DROP TABLE print_jobs;
      DROP TABLE document_number_sequences;
      DROP TABLE issued_documents;
      DROP TABLE document_stylesheets;
      DROP TABLE notices_owed;
      DROP TABLE sync_state;
      DROP TABLE sync_applied_changes;
      DROP TABLE sync_tokens;
      DROP TABLE queue_tickets;
      DROP TABLE queue_presses;
      DROP TABLE queue_counters;
      DROP TABLE queue_windows;
      DROP TRIGGER outbox_parked_has_reason_update;
      DROP INDEX outbox_parked;
      DROP INDEX events_staff_by_time;
      ALTER TABLE outbox DROP COLUMN parked_at;
      ALTER TABLE outbox DROP COLUMN parked_reason;
      ALTER TABLE outbox DROP COLUMN as_stored;
      PRAGMA user_version = 4;
    `);
    raw.close();
    d = await createTestCore({ clock: dayClock, dataDir: d.dataDir });
    await d.signIn();
    for (const text of ['阿卜杜·艾尼', '阿卜杜\u30FB艾尼', '阿卜杜\u2022艾尼', '阿卜杜']) {
      expect(await found(text), text).toEqual(['阿卜杜\u30FB艾尼']);
    }
    expect(await found('艾尼')).toEqual(['艾尼瓦尔', '阿卜杜\u30FB艾尼']);
    expect(await found('托合提')).toEqual(['玉苏甫·艾买提·托合提']);
    expect(await found('g23456789')).toEqual(['委托人']);
  });
});
