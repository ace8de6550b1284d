import type { LevelTone } from './rating-words';

/**
 * Five small bars, the first `step` of them filled (5 非常满意 … 1 非常不满意): the level at a
 * glance beside its name. Decorative — the name is always written next to it.
 */
export function RatingScale({ step, tone }: { step: number; tone: LevelTone }) {
  return (
    <span className={`rating-scale rating-tone-${tone}`} aria-hidden="true" data-step={step}>
      {[1, 2, 3, 4, 5].map((i) => (
        <span key={i} className={i <= step ? 'rating-scale-on' : 'rating-scale-off'} />
      ))}
    </span>
  );
}
