import type { CSSProperties } from 'react';
import type { Satisfaction } from '../../../../electron/contract/ratings';
import { SATISFACTION_COLORS, scaleStep } from '../../shared/rating-words';

/**
 * Five small bars, the first `step` of them filled in the level's colour (5 非常满意 … 1 非常不满意;
 * shared/rating-words.ts): the level at a glance beside its name. Decorative — the name is
 * always written next to it.
 */
export function RatingScale({ satisfaction }: { satisfaction: Satisfaction }) {
  const step = scaleStep(satisfaction);
  const on: CSSProperties = { background: SATISFACTION_COLORS[satisfaction] };
  return (
    <span className="rating-scale" aria-hidden="true" data-step={step}>
      {[1, 2, 3, 4, 5].map((i) => (i <= step ? <span key={i} className="rating-scale-on" style={on} /> : <span key={i} className="rating-scale-off" />))}
    </span>
  );
}
