import {
  FOLLOW_UP_ACTION_LABELS,
  FOLLOW_UP_ACTION_STAGE,
  FOLLOW_UP_STAGE_LABELS,
  type FollowUpAction,
  type FollowUpStage,
} from '../../../contract/ratings';

/**
 * The acts on a 差评's follow-up, their words and the stage each is done in are the contract's
 * (contract/ratings.ts FOLLOW_UP_ACTIONS, shared with the window); re-exported here for the core.
 */
export { FOLLOW_UP_ACTIONS, FOLLOW_UP_ACTION_LABELS, type FollowUpAction } from '../../../contract/ratings';

/** What the machine needs to know of a follow-up (all of it kept in the `follow_ups` row). */
export interface FollowUpPosition {
  stage: FollowUpStage;
  /** The stage an appeal was lodged from; non-null once appealed (kept after the decision). */
  appealedFrom: FollowUpStage | null;
  /** Whether at least one 整改 step is recorded (办结 needs the measures first). */
  rectified: boolean;
}

/** The outcome of an act: the position after it, or the Chinese words for the clerk when refused. */
export type Transition = { ok: true; next: FollowUpPosition } | { ok: false; message: string };

function refuse(message: string): Transition {
  return { ok: false, message };
}

/**
 * Where an act takes a follow-up, or why it may not (`illegal_transition`). Pure: who may act is
 * checked elsewhere (follow-up-rules.ts); this is only "which act from which stage".
 * - verify: 待核实 → 待回访; revisit: 待回访 → 整改中; rectify: 整改中 → 整改中 (measures may be
 *   recorded more than once); close: 整改中 → 已办结, only once measures are recorded.
 * - appeal: from 待核实 / 待回访 / 整改中 → 申诉复核中, once per follow-up (DOMAIN.md: a wrongful
 *   or malicious rating can be appealed; the decision stands).
 * - decideAppeal: 申诉复核中 → 已办结 when upheld (the rating is then excluded from 满意率),
 *   back to the stage it was appealed from when rejected.
 */
export function followUpTransition(from: FollowUpPosition, action: FollowUpAction, upheld = false): Transition {
  const label = FOLLOW_UP_ACTION_LABELS[action];
  if (from.stage === 'closed') return refuse(`该差评回访已办结，不能再${label}`);
  if (action === 'appeal') {
    if (from.stage === 'appealing') return refuse('该差评已在申诉复核中，请等待组长复核');
    if (from.appealedFrom !== null) return refuse('该差评已申诉过一次，不能再次申诉');
    return { ok: true, next: { ...from, stage: 'appealing', appealedFrom: from.stage } };
  }
  const needed = FOLLOW_UP_ACTION_STAGE[action];
  if (from.stage !== needed) {
    if (from.stage === 'appealing') return refuse(`该差评正在申诉复核中，复核前不能${label}`);
    return refuse(`该差评当前${FOLLOW_UP_STAGE_LABELS[from.stage]}，不能${label}`);
  }
  switch (action) {
    case 'verify':
      return { ok: true, next: { ...from, stage: 'revisiting' } };
    case 'revisit':
      return { ok: true, next: { ...from, stage: 'rectifying' } };
    case 'rectify':
      return { ok: true, next: { ...from, rectified: true } };
    case 'close':
      if (!from.rectified) return refuse('尚未记录整改措施，不能办结');
      return { ok: true, next: { ...from, stage: 'closed' } };
    case 'decideAppeal': {
      // appealedFrom is set whenever the stage is appealing (only `appeal` leads there).
      const back = from.appealedFrom ?? 'verifying';
      return { ok: true, next: { ...from, stage: upheld ? 'closed' : back } };
    }
  }
}
