import { Tag, Tooltip } from 'antd';
import type { RatingAttribution, Satisfaction } from '../../../electron/contract/ratings';
import { ATTRIBUTION_HINTS, ATTRIBUTION_LABELS, SATISFACTION_COLORS, SATISFACTION_LABELS, SATISFACTION_TEXT_COLORS } from './rating-words';

/** A level by name, on its colour (the word carries the meaning; the colour repeats it). */
export function SatisfactionTag({ satisfaction, className }: { satisfaction: Satisfaction; className?: string }) {
  return (
    <Tag
      className={className ? `satisfaction-tag ${className}` : 'satisfaction-tag'}
      style={{ background: SATISFACTION_COLORS[satisfaction], color: SATISFACTION_TEXT_COLORS[satisfaction], borderColor: SATISFACTION_COLORS[satisfaction] }}
    >
      {SATISFACTION_LABELS[satisfaction]}
    </Tag>
  );
}

/** How a rating was tied to a service, in a word, its sentence on hover. */
export function AttributionWord({ attribution }: { attribution: RatingAttribution }) {
  return (
    <Tooltip title={ATTRIBUTION_HINTS[attribution]}>
      <span className={`attribution attribution-${attribution}`}>{ATTRIBUTION_LABELS[attribution]}</span>
    </Tooltip>
  );
}
