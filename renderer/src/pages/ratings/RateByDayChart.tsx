import type { RatingSummaryRow } from '../../../../electron/contract/ratings';
import { labelStep } from './bars';
import { daysOf, type DateRange } from './period';
import { formatRate } from '../../shared/rating-words';
import { useWidth } from './useWidth';

const HEIGHT = 180;
const TOP = 18;
const BOTTOM = 22;
const LEFT = 44;
const RIGHT = 8;

/**
 * 满意率 by day, one bar a day of the period (0–100 %, the value written above it where there is
 * room); a day without ratings has no bar and reads `—`, so a quiet day is not taken for a bad
 * one. Hand-drawn SVG (bars.ts says why).
 */
export function RateByDayChart({ rows, range }: { rows: readonly RatingSummaryRow[]; range: DateRange }) {
  const [ref, width] = useWidth<HTMLDivElement>(800);
  const days = daysOf(range);
  // The core keys a day row by its date; its label is accepted too, in case it is the date as well.
  const byDay = new Map([...rows.map((r) => [r.label, r] as const), ...rows.map((r) => [r.key, r] as const)]);
  const plot = Math.max(60, width - LEFT - RIGHT);
  const slot = plot / Math.max(1, days.length);
  const barW = Math.max(2, Math.min(36, slot * 0.7));
  const step = labelStep(days.length, Math.floor(plot / 44));
  const valueFits = slot >= 34;
  const inner = HEIGHT - TOP - BOTTOM;
  const yOf = (rate: number) => TOP + inner * (1 - rate);
  return (
    <div ref={ref} className="rate-by-day">
      <svg
        width={width}
        height={HEIGHT}
        role="img"
        aria-label={`每日满意率：${days.map((d) => `${d} ${formatRate(byDay.get(d)?.satisfactionRate ?? null)}`).join('，')}`}
      >
        {[0, 0.5, 1].map((t) => (
          <g key={t}>
            <line x1={LEFT} x2={LEFT + plot} y1={yOf(t)} y2={yOf(t)} className="axis-line" />
            <text x={LEFT - 6} y={yOf(t)} textAnchor="end" dominantBaseline="central" className="axis-text">
              {t * 100}%
            </text>
          </g>
        ))}
        {days.map((day, i) => {
          const row = byDay.get(day);
          const rate = row?.satisfactionRate ?? null;
          const cx = LEFT + slot * i + slot / 2;
          return (
            <g key={day} data-day={day}>
              {rate !== null && (
                <rect x={cx - barW / 2} y={yOf(rate)} width={barW} height={inner * rate} className="rate-bar">
                  <title>{`${day}：满意率 ${formatRate(rate)}（${row?.total ?? 0} 个评价）`}</title>
                </rect>
              )}
              {(valueFits || rate === null) && slot >= 18 && (
                <text x={cx} y={rate === null ? yOf(0) - 8 : yOf(rate) - 6} textAnchor="middle" className={rate === null ? 'axis-text' : 'rate-value'}>
                  {rate === null ? '—' : formatRate(rate)}
                </text>
              )}
              {i % step === 0 && (
                <text x={cx} y={HEIGHT - 6} textAnchor="middle" className="axis-text">
                  {day.slice(5)}
                </text>
              )}
            </g>
          );
        })}
      </svg>
    </div>
  );
}
