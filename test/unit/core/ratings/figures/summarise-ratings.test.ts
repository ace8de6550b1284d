import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { RatingSummarySchema, SATISFACTIONS, type Satisfaction } from '../../../../../electron/contract/ratings';
import { summariseRatings, summaryRow } from '../../../../../electron/core/ratings/figures/summarise-ratings';
import { actOnFollowUp, openFollowUp } from '../../../../../electron/core/ratings/follow-ups/follow-up-store';
import { addCase, addRating, addStaff, followUpContext, ratingsDb } from '../follow-ups/ratings-db';

const WANG = '0190f1c2-0000-7000-8000-0000000000c1';
const LIU = '0190f1c2-0000-7000-8000-0000000000c2';
const LEAD = '0190f1c2-0000-7000-8000-0000000000d1';
const CASE_FOOD = '0190f1c2-0000-7000-8000-00000000ca01';
const CASE_HEALTH = '0190f1c2-0000-7000-8000-00000000ca02';

interface Given {
  id: string;
  s: Satisfaction;
  at: string;
  staff: string | null;
  caseId?: string;
  window?: number;
}

/**
 * A known set: window 12 (王芳, 刘洋) and window 13; two items through cases; two hall days
 * (2019-03-14 and -15, one rating at 23:30 on the 14th in Beijing, which is the 14th in UTC too,
 * one at 00:30 on the 15th, which is still the 14th in UTC).
 */
const GIVEN: Given[] = [
  { id: 'a1', s: 'very_satisfied', at: '2019-03-14T02:00:00.000Z', staff: WANG, caseId: CASE_FOOD },
  { id: 'a2', s: 'satisfied', at: '2019-03-14T15:30:00.000Z', staff: WANG, caseId: CASE_FOOD },
  { id: 'a3', s: 'very_dissatisfied', at: '2019-03-14T16:30:00.000Z', staff: WANG, caseId: CASE_HEALTH },
  { id: 'a4', s: 'basically_satisfied', at: '2019-03-15T03:00:00.000Z', staff: LIU },
  { id: 'a5', s: 'dissatisfied', at: '2019-03-15T04:00:00.000Z', staff: LIU, caseId: CASE_HEALTH },
  { id: 'a6', s: 'very_satisfied', at: '2019-03-15T05:00:00.000Z', staff: null, window: 13 },
  // Outside the range asked for (the 16th in Beijing).
  { id: 'a7', s: 'very_dissatisfied', at: '2019-03-15T16:10:00.000Z', staff: WANG },
];

function setUp() {
  const db = ratingsDb();
  addStaff(db, WANG, '王芳');
  addStaff(db, LIU, '刘洋');
  addStaff(db, LEAD, '李娜', 'lead');
  addCase(db, { id: CASE_FOOD, caseNumber: 'JQ-12-1', itemCode: 'FOOD', itemName: '食品经营许可', staffId: WANG, applicant: { kind: 'person', name: '甲', mobile: '13800001111' } });
  addCase(db, { id: CASE_HEALTH, caseNumber: 'JQ-12-2', itemCode: 'HEALTH', itemName: '公共场所卫生许可', staffId: WANG, applicant: { kind: 'person', name: '乙', mobile: '13800002222' } });
  for (const g of GIVEN) addRating(db, { id: g.id, satisfaction: g.s, receivedAt: g.at, staffId: g.staff, caseId: g.caseId ?? null, windowNumber: g.window ?? 12 });
  return db;
}

/** a5 (刘洋's 不满意) appealed by 刘洋 and upheld by the lead: kept, but out of 满意率. */
function upholdAppealOnA5(db: ReturnType<typeof setUp>): void {
  const ctx = followUpContext('2019-03-15T06:00:00.000Z');
  const { followUpId } = openFollowUp(db, { rating: { id: 'a5', satisfaction: 'dissatisfied', staffId: LIU, receivedAt: '2019-03-15T04:00:00.000Z' } }, ctx)!;
  actOnFollowUp(db, ctx, { staffId: LIU, role: 'clerk' }, { followUpId, version: 2 }, { action: 'appeal', reason: '误投' });
  actOnFollowUp(db, ctx, { staffId: LEAD, role: 'lead' }, { followUpId, version: 3 }, { action: 'decideAppeal', upheld: true, note: '监控证实误投' });
}

const range = { from: '2019-03-14', to: '2019-03-15' };

describe('rating figures', () => {
  it('groups by hall day, every day of the range, in order', () => {
    const db = setUp();
    const { rows, all } = summariseRatings(db, { ...range, groupBy: 'day' });
    expect(RatingSummarySchema.parse({ rows, all })).toEqual({ rows, all });
    expect(rows.map((r) => [r.key, r.total])).toEqual([['2019-03-14', 2], ['2019-03-15', 4]]);
    expect(rows[0]?.counts).toEqual({ very_satisfied: 1, satisfied: 1, basically_satisfied: 0, dissatisfied: 0, very_dissatisfied: 0 });
    expect(all).toMatchObject({ key: 'all', label: '合计', total: 6, excluded: 0 });
    expect(all.satisfactionRate).toBeCloseTo(4 / 6);
    const week = summariseRatings(db, { from: '2019-03-11', to: '2019-03-17', groupBy: 'day' });
    expect(week.rows.map((r) => r.key)).toEqual(['2019-03-11', '2019-03-12', '2019-03-13', '2019-03-14', '2019-03-15', '2019-03-16', '2019-03-17']);
    expect(week.rows.map((r) => r.satisfactionRate)).toEqual([null, null, null, 1, 0.5, 0, null]);
  });

  it('groups by window, by staff member (nobody on duty apart) and by item (no case apart)', () => {
    const db = setUp();
    expect(summariseRatings(db, { ...range, groupBy: 'window' }).rows.map((r) => [r.key, r.label, r.total])).toEqual([
      ['12', '12号窗口', 5],
      ['13', '13号窗口', 1],
    ]);
    expect(summariseRatings(db, { ...range, groupBy: 'staff' }).rows.map((r) => [r.key, r.label, r.total, r.satisfactionRate])).toEqual([
      [WANG, '王芳', 3, 2 / 3],
      [LIU, '刘洋', 2, 0.5],
      ['none', '无人在岗', 1, 1],
    ]);
    expect(summariseRatings(db, { ...range, groupBy: 'item' }).rows.map((r) => [r.key, r.label, r.total])).toEqual([
      // Equal totals: by name in pinyin order (公 gōng before 食 shí).
      ['HEALTH', '公共场所卫生许可', 2],
      ['FOOD', '食品经营许可', 2],
      ['none', '未关联办件', 2],
    ]);
  });

  it('leaves a rating whose appeal was upheld out of 满意率 and its total, and counts it as excluded', () => {
    const db = setUp();
    upholdAppealOnA5(db);
    const { rows, all } = summariseRatings(db, { ...range, groupBy: 'staff' });
    expect(rows.find((r) => r.key === LIU)).toMatchObject({ total: 1, excluded: 1, satisfactionRate: 1 });
    expect(rows.find((r) => r.key === LIU)?.counts.dissatisfied).toBe(0);
    expect(all).toMatchObject({ total: 5, excluded: 1 });
    expect(all.satisfactionRate).toBeCloseTo(4 / 5);
  });

  it('uses the day index, never a scan of every rating', () => {
    const db = setUp();
    const plan = db
      .prepare(
        `EXPLAIN QUERY PLAN SELECT r.rated_date AS key, r.satisfaction, coalesce(f.excluded, 0), count(*)
         FROM ratings r LEFT JOIN follow_ups f ON f.rating_id = r.id WHERE r.rated_date BETWEEN ? AND ?
         GROUP BY r.rated_date, r.satisfaction, coalesce(f.excluded, 0)`,
      )
      .all(range.from, range.to) as Array<{ detail: string }>;
    expect(plan.map((p) => p.detail).join('\n')).toMatch(/ratings_by_day/);
  });

  it('counts always add up: levels sum to the total, the rate stays within 0..1 (property)', () => {
    const tally = fc.record({ satisfaction: fc.constantFrom(...SATISFACTIONS), excluded: fc.boolean(), count: fc.nat(1000) });
    fc.assert(
      fc.property(fc.array(tally, { maxLength: 30 }), (tallies) => {
        const row = summaryRow('k', 'k', tallies);
        const levels = SATISFACTIONS.reduce((n, s) => n + row.counts[s], 0);
        const everything = tallies.reduce((n, t) => n + t.count, 0);
        if (levels !== row.total || row.total + row.excluded !== everything) return false;
        if (row.total === 0) return row.satisfactionRate === null;
        return row.satisfactionRate !== null && row.satisfactionRate >= 0 && row.satisfactionRate <= 1;
      }),
    );
  });

  it('summed over any grouping, the rows give the all row (property over random ratings)', () => {
    const db = ratingsDb();
    addStaff(db, WANG, '王芳');
    addStaff(db, LIU, '刘洋');
    const rating = fc.record({
      s: fc.constantFrom(...SATISFACTIONS),
      day: fc.integer({ min: 1, max: 9 }),
      hour: fc.integer({ min: 0, max: 23 }),
      staff: fc.constantFrom(WANG, LIU, null),
      window: fc.constantFrom(12, 13),
    });
    let n = 0;
    fc.assert(
      fc.property(fc.array(rating, { maxLength: 25 }), fc.constantFrom('window' as const, 'staff' as const, 'item' as const, 'day' as const), (ratings, groupBy) => {
        db.exec('SAVEPOINT p');
        try {
          for (const r of ratings) {
            n += 1;
            addRating(db, { id: `p${n}`, satisfaction: r.s, receivedAt: `2019-03-0${r.day}T${String(r.hour).padStart(2, '0')}:00:00.000Z`, staffId: r.staff, windowNumber: r.window });
          }
          const { rows, all } = summariseRatings(db, { from: '2019-03-01', to: '2019-03-31', groupBy });
          const total = rows.reduce((t, r) => t + r.total, 0);
          const inRange = (db.prepare(`SELECT count(*) FROM ratings WHERE rated_date BETWEEN '2019-03-01' AND '2019-03-31'`).pluck().get() as number);
          return total === all.total && all.total === inRange && rows.every((r) => r.satisfactionRate === null || (r.satisfactionRate >= 0 && r.satisfactionRate <= 1));
        } finally {
          db.exec('ROLLBACK TO p; RELEASE p');
        }
      }),
      { numRuns: 40 },
    );
  });
});
