import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FOLLOW_UP_STAGES, type FollowUpStage } from '../../../../../electron/contract/ratings';
import {
  FOLLOW_UP_ACTIONS,
  followUpTransition,
  type FollowUpAction,
  type FollowUpPosition,
} from '../../../../../electron/core/ratings/follow-ups/follow-up-stages';

const OPEN: readonly FollowUpStage[] = ['verifying', 'revisiting', 'rectifying'];
const APPEALED_FROM: ReadonlyArray<FollowUpStage | null> = [null, ...OPEN];

/** Every position a stored follow-up can be in (appealing only with where it came from). */
function everyPosition(): FollowUpPosition[] {
  const out: FollowUpPosition[] = [];
  for (const stage of FOLLOW_UP_STAGES) {
    for (const appealedFrom of APPEALED_FROM) {
      if (stage === 'appealing' && appealedFrom === null) continue;
      for (const rectified of [false, true]) out.push({ stage, appealedFrom, rectified });
    }
  }
  return out;
}

/** The rules written out independently of the machine: where each allowed act leads, else null. */
function expected(from: FollowUpPosition, action: FollowUpAction, upheld: boolean): FollowUpPosition | null {
  const { stage, appealedFrom, rectified } = from;
  if (action === 'verify' && stage === 'verifying') return { ...from, stage: 'revisiting' };
  if (action === 'revisit' && stage === 'revisiting') return { ...from, stage: 'rectifying' };
  if (action === 'rectify' && stage === 'rectifying') return { ...from, rectified: true };
  if (action === 'close' && stage === 'rectifying' && rectified) return { ...from, stage: 'closed' };
  if (action === 'appeal' && OPEN.includes(stage) && appealedFrom === null) return { stage: 'appealing', appealedFrom: stage, rectified };
  if (action === 'decideAppeal' && stage === 'appealing') return { ...from, stage: upheld ? 'closed' : appealedFrom! };
  return null;
}

describe('the follow-up stage machine', () => {
  const cases = everyPosition().flatMap((from) =>
    FOLLOW_UP_ACTIONS.flatMap((action) => [false, true].map((upheld) => ({ from, action, upheld }))),
  );

  it('covers every stage, act and decision', () => {
    // 5 stages × 4 appeal origins × 2 rectified (appealing without an origin left out) × 6 acts × 2.
    expect(cases).toHaveLength((5 * 4 - 1) * 2 * 6 * 2);
  });

  it.each(cases)('$action from $from.stage (appealed from $from.appealedFrom, rectified $from.rectified, upheld $upheld)', ({ from, action, upheld }) => {
    const want = expected(from, action, upheld);
    const got = followUpTransition(from, action, upheld);
    if (want === null) {
      expect(got.ok).toBe(false);
      // The refusal is said in Chinese, for the lead.
      if (!got.ok) expect(got.message).toMatch(/[\u4e00-\u9fff]/);
    } else {
      expect(got).toEqual({ ok: true, next: want });
    }
  });

  it('says why: closed, under appeal, appealed before, no measures yet', () => {
    const at = (stage: FollowUpStage, appealedFrom: FollowUpStage | null = null, rectified = false): FollowUpPosition => ({ stage, appealedFrom, rectified });
    const words = (p: FollowUpPosition, a: FollowUpAction): string => {
      const t = followUpTransition(p, a);
      return t.ok ? '' : t.message;
    };
    expect(words(at('closed'), 'verify')).toBe('该差评回访已办结，不能再核实');
    expect(words(at('appealing', 'revisiting'), 'revisit')).toBe('该差评正在申诉复核中，复核前不能回访');
    expect(words(at('appealing', 'revisiting'), 'appeal')).toBe('该差评已在申诉复核中，请等待组长复核');
    expect(words(at('rectifying', 'verifying'), 'appeal')).toBe('该差评已申诉过一次，不能再次申诉');
    expect(words(at('rectifying'), 'close')).toBe('尚未记录整改措施，不能办结');
    expect(words(at('verifying'), 'rectify')).toBe('该差评当前待核实，不能整改');
  });

  it('never reopens a closed follow-up, and allows at most one appeal, whatever the acts tried', () => {
    const act = fc.record({ action: fc.constantFrom(...FOLLOW_UP_ACTIONS), upheld: fc.boolean() });
    fc.assert(
      fc.property(fc.array(act, { maxLength: 40 }), (acts) => {
        let position: FollowUpPosition = { stage: 'verifying', appealedFrom: null, rectified: false };
        let appeals = 0;
        let closed = false;
        for (const { action, upheld } of acts) {
          const t = followUpTransition(position, action, upheld);
          if (!t.ok) continue;
          if (closed) return false;
          if (action === 'appeal') appeals += 1;
          position = t.next;
          closed = position.stage === 'closed';
        }
        return appeals <= 1;
      }),
    );
  });
});
