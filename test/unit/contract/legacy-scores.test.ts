/**
 * The legacy evaluator's score map (devices.ratingDevice.legacyScores, review of issue 15 #3):
 * a live setting, so it may not turn every coin into one level, nor leave out 差评 or 满意.
 */
import { describe, expect, it } from 'vitest';
import { DEFAULT_LEGACY_SCORES, LegacyScoreMapSchema } from '../../../electron/contract/config';

function refusal(map: Record<string, string>): Array<{ path: PropertyKey[]; message: string }> {
  const parsed = LegacyScoreMapSchema.safeParse(map);
  return parsed.success ? [] : parsed.error.issues.map((i) => ({ path: i.path, message: i.message }));
}

describe('the legacy score map', () => {
  it('takes the national 1–5 and a vendor’s own 0–4 numbering', () => {
    expect(LegacyScoreMapSchema.parse(DEFAULT_LEGACY_SCORES)).toEqual(DEFAULT_LEGACY_SCORES);
    expect(refusal({ '0': 'very_dissatisfied', '1': 'dissatisfied', '2': 'basically_satisfied', '3': 'satisfied', '4': 'very_satisfied' })).toEqual([]);
    // Three keys (好 / 中 / 差) are enough, when one-to-one with a 差评 and a 满意.
    expect(refusal({ '1': 'very_satisfied', '2': 'basically_satisfied', '3': 'very_dissatisfied' })).toEqual([]);
  });

  it('refuses two bytes for one level, beside the second byte', () => {
    expect(refusal({ '1': 'very_dissatisfied', '2': 'very_satisfied', '3': 'very_satisfied' })).toEqual([{ path: ['3'], message: '两个分值不能对应同一评价等级' }]);
  });

  it('refuses a map with no 差评 level or no 满意 level, so no setting can turn every coin into praise', () => {
    expect(refusal({ '1': 'very_satisfied', '2': 'satisfied', '3': 'basically_satisfied' })).toEqual([
      { path: [], message: '至少要有一个差评等级（不满意或非常不满意）' },
    ]);
    expect(refusal({ '1': 'very_dissatisfied', '2': 'dissatisfied' })).toEqual([{ path: [], message: '至少要有一个满意等级（基本满意、满意或非常满意）' }]);
    expect(refusal({ '1': 'very_satisfied', '2': 'very_satisfied', '3': 'very_satisfied' }).map((r) => r.message)).toEqual([
      '两个分值不能对应同一评价等级',
      '两个分值不能对应同一评价等级',
      '至少要有一个差评等级（不满意或非常不满意）',
    ]);
  });

  it('still names a bad byte and an empty map', () => {
    expect(refusal({})).toEqual([{ path: [], message: '至少要有一个分值' }]);
    expect(refusal({ '05': 'very_dissatisfied', '1': 'very_satisfied' })).toEqual([{ path: ['05'], message: '分值应为 0–255 的整数' }]);
  });
});
