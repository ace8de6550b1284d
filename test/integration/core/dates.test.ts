import Database from 'better-sqlite3';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Clock } from '../../../electron/core/clock';
import { createCore, openStaffAdmin, silentLogger } from '../../../electron/core';
import { makeTempDir, writeConfig } from '../../support/browser-shell-process';
import { createTestCore, JQ_WINDOW_12, RESOURCES_DIR, STAFF, type TestCore } from '../../support/core-fixture';
import { FOOD_LICENCE, SOLE_TRADER, intakeArgs } from '../../support/intake-args';

// 税务登记信息确认 and 发票领用: 即办件 with a legal limit of 0 working days (due the day accepted).
const TAX_CONFIRMATION = '11330102MB1672159L100110200102501';
const INVOICE_COLLECTION = '11330102MB1672159L1001102002026';

function clockAt(iso: string): Clock {
  let t = new Date(iso).getTime();
  return { now: () => new Date((t += 1)) };
}

let t: TestCore | null = null;
afterEach(async () => {
  await t?.close();
  t = null;
});

async function start(at: string): Promise<TestCore> {
  t = await createTestCore({ clock: clockAt(at) });
  await t.signIn();
  return t;
}

describe('intake.preview and 容缺', () => {
  it('says 容缺 is impossible for an item due the day it is accepted, and offers no date', async () => {
    const t = await start('2026-02-13T02:00:00Z');
    for (const itemCode of [TAX_CONFIRMATION, INVOICE_COLLECTION]) {
      const preview = await t.call('intake.preview', { itemCode });
      expect(preview.legalDueDate).toBe('2026-02-13');
      expect(preview.deferral).toEqual({ possible: false, reason: '该事项法定办结日即受理当日，不能容缺受理，请一次性告知补正' });
      expect(preview.defaultDeferralDueDate).toBeNull();
    }
  });

  it('offers a working day within the limit where 容缺 is possible', async () => {
    // Friday before the Spring Festival: 5 working days are 02-14 (make-up Saturday), 24, 25, 26, 27.
    const t = await start('2026-02-13T02:00:00Z');
    const food = await t.call('intake.preview', { itemCode: FOOD_LICENCE.code });
    expect(food.deferral).toEqual({
      possible: true,
      defaultDueDate: '2026-02-27',
      defaultDueProvisional: false,
      latestDueDate: '2026-02-27',
      latestDueLabel: '承诺办结日',
    });
    // 即办件 with a legal limit of 3 working days: capped at the legal date.
    const sole = await t.call('intake.preview', { itemCode: SOLE_TRADER.code });
    expect(sole.deferral).toMatchObject({ possible: true, defaultDueDate: '2026-02-25', latestDueDate: '2026-02-25', latestDueLabel: '法定办结日' });
  });

  it('marks the default 容缺 date 暂定 when counting to it crosses an unpublished year', async () => {
    const t = await start('2026-12-28T02:00:00Z'); // Monday; 2027 is provisional in the shipped data
    const food = await t.call('intake.preview', { itemCode: FOOD_LICENCE.code });
    expect(food.deferral).toMatchObject({ possible: true, defaultDueDate: '2027-01-05', defaultDueProvisional: true });
    // Only three days on, still in 2026: certain.
    const sole = await t.call('intake.preview', { itemCode: SOLE_TRADER.code });
    expect(sole.deferral).toMatchObject({ possible: true, latestDueDate: '2026-12-31', defaultDueProvisional: false });
  });
});

describe('容缺 due dates', () => {
  it('refuses a Saturday, a Sunday or a holiday, and accepts a make-up Saturday', async () => {
    const t = await start('2026-02-13T02:00:00Z');
    const food = await t.call('catalog.getItem', { code: FOOD_LICENCE.code });
    const missing = { received: ['M1', 'M3', 'M4', 'M5'] };
    for (const dueDate of ['2026-02-15', '2026-02-16', '2026-02-21']) {
      const err = await t.fail('intake.submit', intakeArgs(FOOD_LICENCE, food.materials, missing, { kind: 'accept_with_deferral', deferrals: [{ materialId: 'M2', dueDate }] }));
      expect(err.fieldErrors).toEqual([{ path: 'decision.deferrals.0.dueDate', message: `补交期限应为工作日，${dueDate} 是休息日` }]);
    }
    const ok = await t.call(
      'intake.submit',
      intakeArgs(FOOD_LICENCE, food.materials, missing, { kind: 'accept_with_deferral', deferrals: [{ materialId: 'M2', dueDate: '2026-02-14' }] }),
    );
    expect(ok.deferrals[0]).toMatchObject({ dueDate: '2026-02-14', dueProvisional: false });
  });

  it('stores each deferral with its 暂定 mark, shows it in the timeline, and settles it when the schedule is published', async () => {
    let core = await start('2026-12-28T02:00:00Z');
    const food = await core.call('catalog.getItem', { code: FOOD_LICENCE.code });
    const c = await core.call(
      'intake.submit',
      intakeArgs(FOOD_LICENCE, food.materials, { received: ['M1', 'M3', 'M5'] }, {
        kind: 'accept_with_deferral',
        deferrals: [
          { materialId: 'M2', dueDate: '2026-12-30' },
          { materialId: 'M4', dueDate: '2027-01-04' },
        ],
      }),
    );
    expect(c.deferrals.map((d) => [d.materialId, d.dueProvisional])).toEqual([
      ['M2', false],
      ['M4', true],
    ]);
    const accepted = c.timeline.find((e) => e.type === 'case.accepted');
    expect(accepted?.lines).toContain(`容缺：${food.materials[3]?.name}，2027-01-04 前补交（暂定）`);
    expect(accepted?.lines).toContain(`容缺：${food.materials[1]?.name}，2026-12-30 前补交`);
    await core.close();

    // 2027's schedule is published, leaving 4 January a working day.
    const db = new Database(path.join(core.dataDir, 'counter.sqlite'));
    const official = {
      year: 2027,
      status: 'official',
      source: '测试用放假安排（非真实通知）',
      publishedOn: '2026-11-30',
      holidays: [{ name: '元旦', dates: ['2027-01-01'] }],
      makeUpWorkdays: [],
    };
    db.prepare("UPDATE calendar_years SET status = 'official', body = ? WHERE year = 2027").run(JSON.stringify(official));
    db.close();
    core = await core.reopen();
    t = core;
    await core.signIn();
    const after = await core.call('cases.get', { caseId: c.id });
    expect(after.deferrals.map((d) => [d.materialId, d.dueDate, d.dueProvisional])).toEqual([
      ['M2', '2026-12-30', false],
      ['M4', '2027-01-04', false],
    ]);
    const recomputed = after.timeline.filter((e) => e.type === 'case.deadlineRecomputed');
    expect(recomputed).toHaveLength(1);
    expect(recomputed[0]?.lines).toContain(`容缺材料“${food.materials[3]?.name}”补交期限已按正式安排确定`);
  });
});

describe('calendar.workingDays', () => {
  it('lists the hall’s working days: make-up Saturdays in, holidays and weekends out', async () => {
    const t = await start('2026-02-13T02:00:00Z');
    const festival = await t.call('calendar.workingDays', { from: '2026-02-13', to: '2026-02-27' });
    expect(festival).toEqual({
      workingDays: ['2026-02-13', '2026-02-14', '2026-02-24', '2026-02-25', '2026-02-26', '2026-02-27'],
      provisionalYears: [],
    });
    const newYear = await t.call('calendar.workingDays', { from: '2026-12-31', to: '2027-01-05' });
    expect(newYear).toEqual({ workingDays: ['2026-12-31', '2027-01-04', '2027-01-05'], provisionalYears: [2027] });
  });

  it('refuses a reversed or an over-long range with a message beside the field', async () => {
    const t = await start('2026-02-13T02:00:00Z');
    const reversed = await t.fail('calendar.workingDays', { from: '2026-03-01', to: '2026-02-28' });
    expect(reversed.code).toBe('invalid_arguments');
    expect(reversed.fieldErrors).toEqual([{ path: 'to', message: '结束日期不能早于开始日期' }]);
    const long = await t.fail('calendar.workingDays', { from: '2026-01-01', to: '2027-12-31' });
    expect(long.fieldErrors[0]?.message).toBe('日期范围不能超过 400 天');
    const unknownYear = await t.fail('calendar.workingDays', { from: '2010-01-01', to: '2010-01-31' });
    expect(unknownYear.code).toBe('invalid_arguments');
  });
});

describe('a calendar holding a notice that moves days of the previous December', () => {
  it('starts with the 2019 schedule as published and counts 2018-12-29 as a working day', async () => {
    // The shipped data plus the real 2018 and 2019 schedules (test/support/calendar).
    const resources = makeTempDir('resources');
    fs.cpSync(RESOURCES_DIR, resources, { recursive: true });
    const file = path.join(resources, 'calendar', 'cn-calendar.json');
    const shipped = JSON.parse(fs.readFileSync(file, 'utf8')) as { years: unknown[] };
    const fixture = JSON.parse(
      fs.readFileSync(path.join(__dirname, '..', '..', 'support', 'calendar', 'cn-calendar-2018-2019.json'), 'utf8'),
    ) as { years: unknown[] };
    shipped.years = [...fixture.years, ...shipped.years];
    fs.writeFileSync(file, JSON.stringify(shipped));

    const dataDir = makeTempDir('core');
    const admin = await openStaffAdmin(dataDir);
    await admin.add(STAFF.number, STAFF.name, STAFF.pin);
    admin.close();
    const core = await createCore({
      dataDir,
      configFile: writeConfig(dataDir, JQ_WINDOW_12),
      resourcesDir: resources,
      appVersion: 'test',
      logger: silentLogger,
      clock: clockAt('2026-02-13T02:00:00Z'),
    });
    try {
      expect((await core.invoke('session.signIn', { staffNumber: STAFF.number, pin: STAFF.pin })).ok).toBe(true);
      const days = await core.invoke('calendar.workingDays', { from: '2018-12-27', to: '2019-01-03' });
      expect(days).toEqual({
        ok: true,
        value: { workingDays: ['2018-12-27', '2018-12-28', '2018-12-29', '2019-01-02', '2019-01-03'], provisionalYears: [] },
      });
    } finally {
      await core.close();
    }
  });
});
