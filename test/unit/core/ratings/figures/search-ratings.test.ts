import { describe, expect, it } from 'vitest';
import { DeviceFaultListSchema, RatingSearchArgs, RatingSearchResultSchema } from '../../../../../electron/contract/ratings';
import { listDeviceFaults } from '../../../../../electron/core/ratings/figures/device-faults';
import { searchRatings } from '../../../../../electron/core/ratings/figures/search-ratings';
import { actOnFollowUp, openFollowUp } from '../../../../../electron/core/ratings/follow-ups/follow-up-store';
import { addCase, addRating, addStaff, followUpContext, ratingsDb } from '../follow-ups/ratings-db';

const WANG = '0190f1c2-0000-7000-8000-0000000000c1';
const LIU = '0190f1c2-0000-7000-8000-0000000000c2';
const LEAD = '0190f1c2-0000-7000-8000-0000000000d1';
const CASE_FOOD = '0190f1c2-0000-7000-8000-00000000ca01';
const rid = (n: number): string => `0190f1c2-0000-7000-8000-${String(n).padStart(12, '0')}`;

function setUp() {
  const db = ratingsDb();
  addStaff(db, WANG, '王芳');
  addStaff(db, LIU, '刘洋');
  addStaff(db, LEAD, '李娜', 'lead');
  addCase(db, { id: CASE_FOOD, caseNumber: 'JQ-12-20190314-0001', itemCode: 'FOOD', itemName: '食品经营许可', staffId: WANG, applicant: { kind: 'person', name: '甲', mobile: '13800001111' } });
  addRating(db, { id: rid(1), satisfaction: 'very_satisfied', receivedAt: '2019-03-14T02:00:00.000Z', staffId: WANG, caseId: CASE_FOOD });
  addRating(db, { id: rid(2), satisfaction: 'dissatisfied', receivedAt: '2019-03-14T16:30:00.000Z', staffId: WANG }); // the 15th in Beijing
  addRating(db, { id: rid(3), satisfaction: 'very_dissatisfied', receivedAt: '2019-03-16T03:00:00.000Z', staffId: LIU });
  addRating(db, { id: rid(4), satisfaction: 'satisfied', receivedAt: '2019-03-17T03:00:00.000Z', staffId: null, windowNumber: 13 });
  return db;
}

const search = (db: ReturnType<typeof setUp>, args: unknown) => searchRatings(db, RatingSearchArgs.parse(args));
const ids = (r: { ratings: Array<{ id: string }> }): string[] => r.ratings.map((x) => x.id);

describe('searching ratings', () => {
  it('lists them newest first with case number, item, staff name, as the contract shapes them', () => {
    const db = setUp();
    const found = search(db, {});
    expect(RatingSearchResultSchema.parse(found)).toEqual(found);
    expect(ids(found)).toEqual([rid(4), rid(3), rid(2), rid(1)]);
    expect(found.total).toBe(4);
    expect(found.ratings[3]).toMatchObject({
      caseId: CASE_FOOD,
      caseNumber: 'JQ-12-20190314-0001',
      itemCode: 'FOOD',
      itemName: '食品经营许可',
      staffName: '王芳',
      attribution: 'session',
      followUpId: null,
      excluded: false,
    });
    expect(found.ratings[0]).toMatchObject({ staffId: null, staffName: null, windowNumber: 13, caseNumber: null, attribution: 'nobody' });
  });

  it('filters by hall dates, levels, staff member, item and case; pages keep the total', () => {
    const db = setUp();
    // 16:30 UTC on the 14th is the 15th in the hall.
    expect(ids(search(db, { from: '2019-03-15', to: '2019-03-15' }))).toEqual([rid(2)]);
    expect(ids(search(db, { to: '2019-03-14' }))).toEqual([rid(1)]);
    expect(ids(search(db, { satisfactions: ['dissatisfied', 'very_dissatisfied'] }))).toEqual([rid(3), rid(2)]);
    expect(ids(search(db, { satisfactions: [] }))).toEqual([]);
    expect(ids(search(db, { staffId: WANG }))).toEqual([rid(2), rid(1)]);
    expect(search(db, { itemCode: 'FOOD' })).toMatchObject({ total: 1 });
    expect(ids(search(db, { caseId: CASE_FOOD.toUpperCase() }))).toEqual([rid(1)]);
    const page = search(db, { limit: 2, offset: 1 });
    expect(ids(page)).toEqual([rid(3), rid(2)]);
    expect(page.total).toBe(4);
  });

  it('marks a rating with its follow-up, and as excluded once its appeal was upheld', () => {
    const db = setUp();
    const ctx = followUpContext('2019-03-18T02:00:00.000Z');
    const { followUpId } = openFollowUp(db, { rating: { id: rid(3), satisfaction: 'very_dissatisfied', staffId: LIU, receivedAt: '2019-03-16T03:00:00.000Z' } }, ctx)!;
    expect(search(db, { staffId: LIU }).ratings[0]).toMatchObject({ followUpId, excluded: false });
    actOnFollowUp(db, ctx, { staffId: LIU, role: 'clerk' }, { followUpId, version: 2 }, { action: 'appeal', reason: '误投' });
    actOnFollowUp(db, ctx, { staffId: LEAD, role: 'lead' }, { followUpId, version: 3 }, { action: 'decideAppeal', upheld: true, note: '属实' });
    expect(search(db, { staffId: LIU }).ratings[0]).toMatchObject({ followUpId, excluded: true, satisfaction: 'very_dissatisfied' });
  });
});

describe('device faults', () => {
  it('lists the latest first, as many as asked', () => {
    const db = ratingsDb();
    const add = db.prepare(`INSERT INTO device_faults (id, fault_key, fault, at, device_serial) VALUES (?, ?, ?, ?, 'SN-1')`);
    add.run(rid(11), 'v1:SN-1:1', 'coin_jam', '2019-03-14T02:00:00.000Z');
    add.run(rid(12), 'v1:SN-1:2', 'box_full', '2019-03-14T03:00:00.000Z');
    add.run(rid(13), 'v1:SN-1:3', 'cover_opened', '2019-03-14T04:00:00.000Z');
    const faults = listDeviceFaults(db, 2);
    expect(DeviceFaultListSchema.parse(faults)).toEqual(faults);
    expect(faults).toEqual([
      { id: rid(13), fault: 'cover_opened', at: '2019-03-14T04:00:00.000Z', deviceSerial: 'SN-1' },
      { id: rid(12), fault: 'box_full', at: '2019-03-14T03:00:00.000Z', deviceSerial: 'SN-1' },
    ]);
  });
});
