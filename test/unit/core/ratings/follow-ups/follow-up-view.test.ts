import { describe, expect, it } from 'vitest';
import { FollowUpListSchema } from '../../../../../electron/contract/ratings';
import { actOnFollowUp, openFollowUp } from '../../../../../electron/core/ratings/follow-ups/follow-up-store';
import { listFollowUps, loadFollowUp } from '../../../../../electron/core/ratings/follow-ups/follow-up-view';
import { addCase, addRating, addStaff, followUpContext, ratingsDb } from './ratings-db';

const CLERK_ID = '0190f1c2-0000-7000-8000-0000000000c1';
const LEAD_ID = '0190f1c2-0000-7000-8000-0000000000d1';
const LEAD = { staffId: LEAD_ID, role: 'lead' as const };
/** A rating id (RatingSchema wants a UUID). */
const rid = (n: number): string => `0190f1c2-0000-7000-8000-${String(n).padStart(12, '0')}`;
const CASE_ID = '0190f1c2-0000-7000-8000-000000000001';

function setUp() {
  const db = ratingsDb();
  addStaff(db, CLERK_ID, '王芳');
  addStaff(db, LEAD_ID, '李娜', 'lead');
  addCase(db, {
    id: CASE_ID,
    caseNumber: 'JQ-12-20190301-0001',
    itemCode: 'ITEM-FOOD',
    itemName: '食品经营许可',
    staffId: CLERK_ID,
    applicant: { kind: 'person', name: '张三', mobile: '13812345678' },
  });
  return db;
}

/** A 差评 received at `receivedAt` (an instant) with its follow-up opened (15 working days). */
function badRating(db: ReturnType<typeof setUp>, id: string, receivedAt: string, caseId: string | null = null): string {
  addRating(db, { id, satisfaction: 'dissatisfied', receivedAt, staffId: CLERK_ID, caseId });
  return openFollowUp(db, { rating: { id, satisfaction: 'dissatisfied', staffId: CLERK_ID, receivedAt } }, followUpContext(receivedAt))!.followUpId;
}

describe('follow-ups as the 评价 page shows them', () => {
  it('lists the open ones overdue first, then by due date; closed ones latest first', () => {
    const db = setUp();
    const late = badRating(db, rid(101), '2019-03-01T02:00:00.000Z'); // due 2019-03-22
    const soon = badRating(db, rid(102), '2019-05-20T02:00:00.000Z'); // due in June
    const later = badRating(db, rid(103), '2019-05-27T02:00:00.000Z');
    const lateToo = badRating(db, rid(104), '2019-04-01T02:00:00.000Z'); // due in April
    const viewer = { today: '2019-05-31', fullContact: true };

    const open = listFollowUps(db, 'open', viewer);
    expect(FollowUpListSchema.parse(open)).toEqual(open);
    expect(open.map((f) => [f.id, f.overdue])).toEqual([
      [late, true],
      [lateToo, true],
      [soon, false],
      [later, false],
    ]);
    expect(open.map((f) => f.dueDate)).toEqual([...open.map((f) => f.dueDate)].sort());

    // Close two, the second one later.
    for (const [id, minute] of [[soon, '01'], [late, '02']] as const) {
      const at = followUpContext(`2019-06-01T02:${minute}:00.000Z`);
      let v = 2;
      actOnFollowUp(db, at, LEAD, { followUpId: id, version: v++ }, { action: 'verify', finding: '属实' });
      actOnFollowUp(db, at, LEAD, { followUpId: id, version: v++ }, { action: 'revisit', note: '已回访', verdict: 'satisfied' });
      actOnFollowUp(db, at, LEAD, { followUpId: id, version: v++ }, { action: 'rectify', measures: '培训' });
      actOnFollowUp(db, at, LEAD, { followUpId: id, version: v++ }, { action: 'close', verdict: 'satisfied', note: '' });
    }
    expect(listFollowUps(db, 'closed', viewer).map((f) => [f.id, f.stage, f.overdue])).toEqual([
      [late, 'closed', false],
      [soon, 'closed', false],
    ]);
    expect(listFollowUps(db, 'open', viewer).map((f) => f.id)).toEqual([lateToo, later]);
    expect(listFollowUps(db, 'all', viewer).map((f) => f.id)).toEqual([lateToo, later, late, soon]);
  });

  it('gives the applicant to call back: the mobile in full for a lead, masked for anyone else', () => {
    const db = setUp();
    const id = badRating(db, rid(105), '2019-03-15T01:00:00.000Z', CASE_ID);
    const lead = loadFollowUp(db, id, { today: '2019-03-15', fullContact: true });
    expect(lead?.contact).toEqual({ name: '张三', mobile: '13812345678' });
    expect(loadFollowUp(db, id, { today: '2019-03-15', fullContact: false })?.contact).toEqual({ name: '张三', mobile: '138****5678' });
    expect(lead?.rating).toMatchObject({ caseNumber: 'JQ-12-20190301-0001', itemCode: 'ITEM-FOOD', itemName: '食品经营许可', staffName: '王芳', followUpId: id, excluded: false });
    const noCase = badRating(db, rid(106), '2019-03-15T01:00:00.000Z');
    expect(loadFollowUp(db, noCase, { today: '2019-03-15', fullContact: true })?.contact).toBeNull();
    expect(loadFollowUp(db, '00000000-0000-4000-8000-000000000000', { today: '2019-03-15', fullContact: true })).toBeNull();
  });

  it('reaches an organisation through its 联系人', () => {
    const db = setUp();
    addCase(db, {
      id: '0190f1c2-0000-7000-8000-000000000002',
      caseNumber: 'JQ-12-20190301-0002',
      itemCode: 'ITEM-FOOD',
      itemName: '食品经营许可',
      staffId: CLERK_ID,
      applicant: { kind: 'organisation', name: '金桥食品有限公司', contactName: '李四', mobile: '13900001111' },
    });
    const id = badRating(db, rid(105), '2019-03-15T01:00:00.000Z', '0190f1c2-0000-7000-8000-000000000002');
    expect(loadFollowUp(db, id, { today: '2019-03-15', fullContact: true })?.contact).toEqual({ name: '李四（金桥食品有限公司）', mobile: '13900001111' });
  });

  it('shows every step with who did it, what they wrote and the verdict, in order', () => {
    const db = setUp();
    const id = badRating(db, rid(105), '2019-03-15T01:00:00.000Z', CASE_ID);
    const ctx = followUpContext('2019-03-18T02:00:00.000Z');
    actOnFollowUp(db, ctx, LEAD, { followUpId: id, version: 2 }, { action: 'verify', finding: '等候时间过长属实' });
    actOnFollowUp(db, ctx, { staffId: CLERK_ID, role: 'clerk' }, { followUpId: id, version: 3 }, { action: 'appeal', reason: '当日系统故障' });
    actOnFollowUp(db, ctx, LEAD, { followUpId: id, version: 4 }, { action: 'decideAppeal', upheld: false, note: '不属于免责情形' });
    actOnFollowUp(db, ctx, LEAD, { followUpId: id, version: 5 }, { action: 'revisit', note: '群众表示理解', verdict: 'basically_satisfied' });
    const f = loadFollowUp(db, id, { today: '2019-03-18', fullContact: true })!;
    expect(f.stage).toBe('rectifying');
    expect(f.version).toBe(6);
    expect(f.steps.map((s) => [s.kind, s.staffName, s.note, s.verdict, s.upheld])).toEqual([
      ['opened', null, '', null, null],
      ['verified', '李娜', '等候时间过长属实', null, null],
      ['appealed', '王芳', '当日系统故障', null, null],
      ['appealDecided', '李娜', '不属于免责情形', null, false],
      ['revisited', '李娜', '群众表示理解', 'basically_satisfied', null],
    ]);
  });
});
