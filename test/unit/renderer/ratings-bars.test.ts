import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SATISFACTIONS } from '../../../electron/contract/ratings';
import { barSegments, labelFits, labelStep, wholePercents } from '../../../renderer/src/pages/ratings/bars';
import { formatRate } from '../../../renderer/src/shared/rating-words';

const counts = (vs: number, s: number, bs: number, d: number, vd: number) => ({
  very_satisfied: vs,
  satisfied: s,
  basically_satisfied: bs,
  dissatisfied: d,
  very_dissatisfied: vd,
});

describe('the stacked bar of the five levels', () => {
  it('gives each level its share of the bar, best first, side by side', () => {
    const segs = barSegments(counts(6, 2, 1, 0, 1));
    expect(segs.map((s) => s.satisfaction)).toEqual([...SATISFACTIONS]);
    expect(segs.map((s) => s.width)).toEqual([0.6, 0.2, 0.1, 0, 0.1]);
    expect(segs.map((s) => s.x)).toEqual([0, 0.6, 0.8, 0.9, 0.9]);
    expect(segs.map((s) => s.percent)).toEqual([60, 20, 10, 0, 10]);
  });

  it('draws nothing for a row without ratings', () => {
    expect(barSegments(counts(0, 0, 0, 0, 0)).every((s) => s.width === 0 && s.percent === 0)).toBe(true);
  });

  it('fills the bar exactly, and its whole percents add up to 100', () => {
    const count = fc.nat({ max: 1000 });
    fc.assert(
      fc.property(count, count, count, count, count, (a, b, c, d, e) => {
        fc.pre(a + b + c + d + e > 0);
        const segs = barSegments(counts(a, b, c, d, e));
        const last = segs[segs.length - 1]!;
        expect(last.x + last.width).toBeCloseTo(1, 9);
        expect(segs.reduce((n, s) => n + s.percent, 0)).toBe(100);
        for (const s of segs) expect(s.width).toBeGreaterThanOrEqual(0);
      }),
    );
  });

  it('rounds thirds to 34 + 33 + 33, not 33 three times', () => {
    expect(wholePercents([1, 1, 1])).toEqual([34, 33, 33]);
    expect(wholePercents([0, 0])).toEqual([0, 0]);
  });

  it('writes a count in its segment only where it fits', () => {
    expect(labelFits(30, 2)).toBe(true);
    expect(labelFits(14, 2)).toBe(false);
  });

  it('thins the day labels of a long period so they do not overlap', () => {
    expect(labelStep(7, 20)).toBe(1);
    expect(labelStep(31, 10)).toBe(4);
    expect(labelStep(0, 10)).toBe(1);
  });
});

describe('满意率 as written', () => {
  it('is a percent with one decimal, whole numbers without, and — when nothing was rated', () => {
    expect(formatRate(29 / 30)).toBe('96.7%');
    expect(formatRate(1)).toBe('100%');
    expect(formatRate(0)).toBe('0%');
    expect(formatRate(0.5)).toBe('50%');
    expect(formatRate(null)).toBe('—');
  });
});
