import { Tag } from 'antd';
import type { Satisfaction } from '../../../../electron/contract/ratings';
import { SATISFACTION_COLORS, SATISFACTION_LABELS, SATISFACTION_TEXT_COLORS } from './rating-words';

/** A level by name, in its picture colour (the word carries the meaning; the colour repeats it). */
export function SatisfactionTag({ satisfaction }: { satisfaction: Satisfaction }) {
  return (
    <Tag
      className="satisfaction-tag"
      style={{ background: SATISFACTION_COLORS[satisfaction], color: SATISFACTION_TEXT_COLORS[satisfaction], borderColor: SATISFACTION_COLORS[satisfaction] }}
    >
      {SATISFACTION_LABELS[satisfaction]}
    </Tag>
  );
}
