import { describe, expect, it } from 'vitest';
import { CounterError } from '../../../../../electron/contract/errors';
import { readStream } from '../../../../../electron/core/events/event-store';
import { actOnFollowUp, findFollowUpRow, openFollowUp } from '../../../../../electron/core/ratings/follow-ups/follow-up-store';
import { addRating, addStaff, followUpContext, ratingsDb } from './ratings-db';

const CLERK = { staffId: 'clerk-1', role: 'clerk' as const };
const LEAD = { staffId: 'lead-1', role: 'lead' as const };
const OTHER_LEAD = { staffId: 'lead-2', role: 'lead' as const };

function setUp() {
  const db = ratingsDb();
  addStaff(db, 'clerk-1', '王芳');
  addStaff(db, 'lead-1', '李娜', 'lead');
  addStaff(db, 'lead-2', '赵敏', 'lead');
  return db;
}

/** The CounterError a call throws (fails the test when it does not throw one). */
function refusal(call: () => unknown): CounterError {
  try {
    call();
  } catch (e) {
    if (e instanceof CounterError) return e;
    throw e;
  }
  throw new Error('expected a refusal');
}

describe('opening a 差评 follow-up', () => {
  it('counts its due date in working days from the hall date, over a weekend', () => {
    const db = setUp();
    // Friday 15 March 2019, 09:00 in the hall.
    addRating(db, { id: 'r1', satisfaction: 'dissatisfied', receivedAt: '2019-03-15T01:00:00.000Z', staffId: 'clerk-1' });
    const opened = openFollowUp(db, { rating: { id: 'r1', satisfaction: 'dissatisfied', staffId: 'clerk-1', receivedAt: '2019-03-15T01:00:00.000Z' } }, followUpContext('2019-03-15T01:00:00.000Z', 1));
    expect(opened?.dueDate).toBe('2019-03-18');
  });

  it('skips the National Day holiday and counts its make-up Saturdays (2019)', () => {
    const db = setUp();
    // 01:30 on Friday 27 September in Beijing is still the 26th in UTC: the hall's date counts.
    const receivedAt = '2019-09-26T17:30:00.000Z';
    addRating(db, { id: 'r1', satisfaction: 'very_dissatisfied', receivedAt, staffId: 'clerk-1' });
    addRating(db, { id: 'r2', satisfaction: 'very_dissatisfied', receivedAt, staffId: 'clerk-1' });
    const rating = (id: string) => ({ id, satisfaction: 'very_dissatisfied' as const, staffId: 'clerk-1', receivedAt });
    // Sun 29 Sep (worked), Mon 30, then 1–7 Oct off: the 5th working day is Thu 10 Oct.
    expect(openFollowUp(db, { rating: rating('r1') }, followUpContext(receivedAt, 5))?.dueDate).toBe('2019-10-10');
    // 15: … Fri 11, Sat 12 (worked), Mon 14 … Wed 23 Oct.
    expect(openFollowUp(db, { rating: rating('r2') }, followUpContext(receivedAt, 15))?.dueDate).toBe('2019-10-23');
  });

  it('opens nothing for a rating of 3–5, and once for a 差评 however often it is asked', () => {
    const db = setUp();
    const ctx = followUpContext('2019-03-15T01:00:00.000Z');
    addRating(db, { id: 'good', satisfaction: 'basically_satisfied', receivedAt: '2019-03-15T01:00:00.000Z', staffId: 'clerk-1' });
    expect(openFollowUp(db, { rating: { id: 'good', satisfaction: 'basically_satisfied', staffId: 'clerk-1', receivedAt: '2019-03-15T01:00:00.000Z' } }, ctx)).toBeNull();
    addRating(db, { id: 'bad', satisfaction: 'dissatisfied', receivedAt: '2019-03-15T01:00:00.000Z', staffId: 'clerk-1' });
    const rating = { id: 'bad', satisfaction: 'dissatisfied' as const, staffId: 'clerk-1', receivedAt: '2019-03-15T01:00:00.000Z' };
    const first = openFollowUp(db, { rating }, ctx);
    expect(openFollowUp(db, { rating }, ctx)).toEqual(first);
    expect(db.prepare('SELECT count(*) FROM follow_ups').pluck().get()).toBe(1);
    const events = readStream(db, 'rating', 'bad');
    expect(events.map((e) => [e.type, e.streamVersion])).toEqual([['rating.received', 1], ['rating.followUpOpened', 2]]);
    // 15 working days from Fri 15 March: 14 by Thu 4 April, then 清明 (Fri 5 April) is skipped.
    expect(events[1]?.payload).toMatchObject({ followUpId: first?.followUpId, dueDate: '2019-04-08', workingDays: 15 });
    expect(findFollowUpRow(db, first!.followUpId)).toMatchObject({ stage: 'verifying', version: 2, staff_id: 'clerk-1', excluded: 0 });
  });
});

function opened(db: ReturnType<typeof setUp>, staffId: string | null = 'clerk-1') {
  const receivedAt = '2019-03-15T01:00:00.000Z';
  addRating(db, { id: 'r1', satisfaction: 'very_dissatisfied', receivedAt, staffId });
  const ctx = followUpContext('2019-03-18T02:00:00.000Z');
  const { followUpId } = openFollowUp(db, { rating: { id: 'r1', satisfaction: 'very_dissatisfied', staffId, receivedAt } }, ctx)!;
  return { ctx, followUpId };
}

describe('acting on a follow-up', () => {
  it('takes it through 核实, 回访, 整改 to 办结, each step an event on the rating stream with the row moved along', () => {
    const db = setUp();
    const { ctx, followUpId } = opened(db);
    let row = actOnFollowUp(db, ctx, LEAD, { followUpId, version: 2 }, { action: 'verify', finding: '窗口人员解释不清' });
    expect(row).toMatchObject({ stage: 'revisiting', version: 3 });
    row = actOnFollowUp(db, ctx, LEAD, { followUpId, version: 3 }, { action: 'revisit', note: '已电话回访', verdict: null });
    row = actOnFollowUp(db, ctx, LEAD, { followUpId, version: 4 }, { action: 'rectify', measures: '组织业务培训' });
    expect(row).toMatchObject({ stage: 'rectifying', rectified_at: '2019-03-18T02:00:00.000Z' });
    row = actOnFollowUp(db, ctx, LEAD, { followUpId, version: 5 }, { action: 'close', verdict: 'satisfied', note: '' });
    expect(row).toMatchObject({ stage: 'closed', version: 6, verdict: 'satisfied', closed_at: '2019-03-18T02:00:00.000Z', excluded: 0 });
    expect(findFollowUpRow(db, followUpId)).toEqual(row);
    const events = readStream(db, 'rating', 'r1');
    expect(events.map((e) => e.type)).toEqual([
      'rating.received', 'rating.followUpOpened', 'rating.verified', 'rating.revisited', 'rating.rectified', 'rating.followUpClosed',
    ]);
    expect(events.slice(2).every((e) => e.staffId === 'lead-1')).toBe(true);
    // The rating itself is as it was stored.
    expect(db.prepare(`SELECT satisfaction FROM ratings WHERE id = 'r1'`).pluck().get()).toBe('very_dissatisfied');
  });

  it('refuses a stale version with words, and writes nothing', () => {
    const db = setUp();
    const { ctx, followUpId } = opened(db);
    actOnFollowUp(db, ctx, LEAD, { followUpId, version: 2 }, { action: 'verify', finding: '属实' });
    const e = refusal(() => actOnFollowUp(db, ctx, OTHER_LEAD, { followUpId, version: 2 }, { action: 'verify', finding: '属实' }));
    expect(e.code).toBe('conflict');
    expect(e.message).toBe('该差评回访刚被他人更新，请刷新后再操作');
    expect(readStream(db, 'rating', 'r1')).toHaveLength(3);
  });

  it('refuses an act out of order as illegal_transition, with the stage in words', () => {
    const db = setUp();
    const { ctx, followUpId } = opened(db);
    const e = refusal(() => actOnFollowUp(db, ctx, LEAD, { followUpId, version: 2 }, { action: 'close', verdict: 'satisfied', note: '' }));
    expect(e.code).toBe('illegal_transition');
    expect(e.message).toBe('该差评当前待核实，不能办结');
    expect(findFollowUpRow(db, followUpId)?.version).toBe(2);
  });

  it('lets only a 组长 act, and never on a rating of their own', () => {
    const db = setUp();
    const { ctx, followUpId } = opened(db, 'lead-1');
    const clerk = refusal(() => actOnFollowUp(db, ctx, CLERK, { followUpId, version: 2 }, { action: 'verify', finding: '属实' }));
    expect(clerk).toMatchObject({ code: 'forbidden', message: '只有组长可以处理差评回访' });
    const own = refusal(() => actOnFollowUp(db, ctx, LEAD, { followUpId, version: 2 }, { action: 'verify', finding: '属实' }));
    expect(own).toMatchObject({ code: 'forbidden', message: '这是对您本人的差评，请由其他组长核实处理' });
    expect(actOnFollowUp(db, ctx, OTHER_LEAD, { followUpId, version: 2 }, { action: 'verify', finding: '属实' }).stage).toBe('revisiting');
  });

  it('takes an appeal only from the rated staff member, once; upheld closes it and excludes the rating', () => {
    const db = setUp();
    const { ctx, followUpId } = opened(db);
    const notTheirs = refusal(() => actOnFollowUp(db, ctx, LEAD, { followUpId, version: 2 }, { action: 'appeal', reason: '误投' }));
    expect(notTheirs).toMatchObject({ code: 'forbidden', message: '只有被评价的工作人员本人可以申诉' });
    let row = actOnFollowUp(db, ctx, CLERK, { followUpId, version: 2 }, { action: 'appeal', reason: '群众误投币' });
    expect(row).toMatchObject({ stage: 'appealing', appealed_from: 'verifying' });
    // The appellant cannot decide their own appeal (the method table also keeps clerks out).
    expect(refusal(() => actOnFollowUp(db, ctx, CLERK, { followUpId, version: 3 }, { action: 'decideAppeal', upheld: true, note: '属实' })).code).toBe('forbidden');
    row = actOnFollowUp(db, ctx, LEAD, { followUpId, version: 3 }, { action: 'decideAppeal', upheld: true, note: '监控显示误投' });
    expect(row).toMatchObject({ stage: 'closed', excluded: 1, verdict: null });
    expect(readStream(db, 'rating', 'r1').at(-1)?.payload).toMatchObject({ upheld: true, stage: 'closed' });
  });

  it('sends a rejected appeal back to the stage it came from, and takes no second appeal', () => {
    const db = setUp();
    const { ctx, followUpId } = opened(db);
    actOnFollowUp(db, ctx, LEAD, { followUpId, version: 2 }, { action: 'verify', finding: '属实' });
    actOnFollowUp(db, ctx, CLERK, { followUpId, version: 3 }, { action: 'appeal', reason: '不认可' });
    const row = actOnFollowUp(db, ctx, LEAD, { followUpId, version: 4 }, { action: 'decideAppeal', upheld: false, note: '理由不成立' });
    expect(row).toMatchObject({ stage: 'revisiting', appealed_from: 'revisiting', excluded: 0, version: 5 });
    const again = refusal(() => actOnFollowUp(db, ctx, CLERK, { followUpId, version: 5 }, { action: 'appeal', reason: '再申诉' }));
    expect(again).toMatchObject({ code: 'illegal_transition', message: '该差评已申诉过一次，不能再次申诉' });
  });

  it('knows no follow-up by an unknown id', () => {
    const db = setUp();
    const { ctx } = opened(db);
    const e = refusal(() => actOnFollowUp(db, ctx, LEAD, { followUpId: '00000000-0000-4000-8000-000000000000', version: 2 }, { action: 'verify', finding: 'x' }));
    expect(e).toMatchObject({ code: 'not_found', message: '差评回访记录不存在' });
  });
});
