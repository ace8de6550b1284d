import Database from 'better-sqlite3';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Clock } from '../../../electron/core/clock';
import { makeTempDir } from '../../support/browser-shell-process';
import { createTestCore, RESOURCES_DIR, type TestCore } from '../../support/core-fixture';
import { FOOD_LICENCE, SOLE_TRADER, intakeArgs } from '../../support/intake-args';

function clockAt(iso: string): Clock & { set(iso: string): void } {
  let t = new Date(iso).getTime();
  return { now: () => new Date((t += 1)), set: (next) => (t = new Date(next).getTime()) };
}

let t: TestCore | null = null;
afterEach(async () => {
  await t?.close();
  t = null;
});

describe('case numbers across restarts and days', () => {
  it('continues the day’s sequence after a restart and starts again at 0001 the next day (hall time)', async () => {
    const clock = clockAt('2026-11-23T01:00:00Z');
    t = await createTestCore({ clock });
    await t.signIn();
    const sole = await t.call('catalog.getItem', { code: SOLE_TRADER.code });
    const accept = async () =>
      (await t!.call('intake.submit', intakeArgs(SOLE_TRADER, sole.materials, { received: ['M1', 'M2', 'M3'] }, { kind: 'accept' }))).caseNumber;
    expect(await accept()).toBe('JQ-12-20261123-0001');
    expect(await accept()).toBe('JQ-12-20261123-0002');
    t = await t.reopen();
    await t.signIn();
    expect(await accept()).toBe('JQ-12-20261123-0003');
    // 16:30 UTC is 00:30 on the 24th in the hall: a new day there, whatever the PC's zone says.
    clock.set('2026-11-23T16:30:00Z');
    expect(await accept()).toBe('JQ-12-20261124-0001');
  });
});

describe('deadlines on the Chinese calendar', () => {
  it('marks a deadline that reaches into an unpublished year as provisional, and recomputes it when the official schedule arrives', async () => {
    const clock = clockAt('2026-12-28T02:00:00Z'); // Monday 28 December 2026, 10:00 in the hall
    t = await createTestCore({ clock });
    await t.signIn();
    const food = await t.call('catalog.getItem', { code: FOOD_LICENCE.code });
    const preview = await t.call('intake.preview', { itemCode: FOOD_LICENCE.code });
    expect(preview).toMatchObject({ acceptanceDate: '2026-12-28', promisedDueDate: '2027-01-05', promisedDueProvisional: true, legalDueProvisional: true });
    const c = await t.call('intake.submit', intakeArgs(FOOD_LICENCE, food.materials, { received: ['M1', 'M2', 'M3', 'M4', 'M5'] }, { kind: 'accept' }));
    // 29, 30, 31 December; 1 January is 元旦 by the statutory rules; then 4 and 5 January.
    expect(c.promisedDueDate).toBe('2027-01-05');
    expect(c.promisedDueProvisional).toBe(true);
    expect(c.legalDueProvisional).toBe(true);

    // The next release (or, later, the upstream) brings 2027's official schedule. This one is a
    // test fixture, not a real notice: it gives 4 January off so the deadline must move.
    const resources = makeTempDir('resources');
    fs.cpSync(RESOURCES_DIR, resources, { recursive: true });
    const calendarFile = path.join(resources, 'calendar', 'cn-calendar.json');
    const calendar = JSON.parse(fs.readFileSync(calendarFile, 'utf8')) as { years: Array<Record<string, unknown>> };
    calendar.years = calendar.years.filter((y) => y.year !== 2027);
    calendar.years.push({
      year: 2027,
      status: 'official',
      source: '测试用放假安排（非真实通知）',
      publishedOn: '2026-11-30',
      holidays: [{ name: '元旦', dates: ['2027-01-01', '2027-01-02', '2027-01-03', '2027-01-04'] }],
      makeUpWorkdays: [],
    });
    fs.writeFileSync(calendarFile, JSON.stringify(calendar));

    await t.close();
    const { createCore, silentLogger } = await import('../../../electron/core');
    const core = await createCore({
      dataDir: t.dataDir,
      configFile: path.join(t.dataDir, 'config.json'),
      resourcesDir: resources,
      appVersion: 'test',
      logger: silentLogger,
      clock,
    });
    t = null;
    try {
      await core.invoke('session.signIn', { staffNumber: '1001', pin: '246810' });
      const after = await core.invoke('cases.get', { caseId: c.id });
      expect(after.ok).toBe(true);
      if (!after.ok) return;
      const detail = after.value as typeof c;
      expect(detail.promisedDueDate).toBe('2027-01-06');
      expect(detail.promisedDueProvisional).toBe(false);
      expect(detail.legalDueProvisional).toBe(false);
      const last = detail.timeline[detail.timeline.length - 1];
      expect(last?.type).toBe('case.deadlineRecomputed');
      expect(last?.staffName).toBe('系统');
      expect(last?.lines.join(' ')).toContain('2027-01-05 → 2027-01-06');
    } finally {
      await core.close();
    }
  });

  it('finishes recomputing at the next start when the process died after the new schedule was stored', async () => {
    const clock = clockAt('2026-12-28T02:00:00Z');
    t = await createTestCore({ clock });
    await t.signIn();
    const food = await t.call('catalog.getItem', { code: FOOD_LICENCE.code });
    const c = await t.call('intake.submit', intakeArgs(FOOD_LICENCE, food.materials, { received: ['M1', 'M2', 'M3', 'M4', 'M5'] }, { kind: 'accept' }));
    expect(c.promisedDueDate).toBe('2027-01-05');
    await t.close();

    // The schedule is in the store, but the recompute never ran (the process was killed first).
    const db = new Database(path.join(t.dataDir, 'counter.sqlite'));
    const official = { year: 2027, status: 'official', source: '测试用放假安排（非真实通知）', publishedOn: '2026-11-30', holidays: [{ name: '元旦', dates: ['2027-01-01', '2027-01-02', '2027-01-03', '2027-01-04'] }], makeUpWorkdays: [] };
    db.prepare("UPDATE calendar_years SET status = 'official', body = ? WHERE year = 2027").run(JSON.stringify(official));
    db.close();

    t = await t.reopen();
    await t.signIn();
    const after = await t.call('cases.get', { caseId: c.id });
    expect(after.promisedDueDate).toBe('2027-01-06');
    expect(after.promisedDueProvisional).toBe(false);
    // And only once: a further start finds nothing left to do.
    t = await t.reopen();
    await t.signIn();
    expect((await t.call('cases.get', { caseId: c.id })).timeline.filter((e) => e.type === 'case.deadlineRecomputed')).toHaveLength(1);
  });
});
