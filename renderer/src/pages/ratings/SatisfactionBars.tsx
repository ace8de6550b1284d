import { SATISFACTIONS, type RatingSummaryRow } from '../../../../electron/contract/ratings';
import { barSegments, labelFits } from './bars';
import { formatRate, SATISFACTION_COLORS, SATISFACTION_LABELS, SATISFACTION_TEXT_COLORS } from '../../shared/rating-words';
import { useWidth } from './useWidth';

const ROW_HEIGHT = 26;
const BAR_HEIGHT = 18;
const LABEL_WIDTH = 150;
const TAIL_WIDTH = 120;

/** The legend: each level's colour beside its name (the picture is never read by colour alone). */
export function SatisfactionLegend() {
  return (
    <ul className="rating-legend" aria-label="图例">
      {SATISFACTIONS.map((s) => (
        <li key={s}>
          <span className="rating-legend-swatch" style={{ background: SATISFACTION_COLORS[s] }} aria-hidden />
          {SATISFACTION_LABELS[s]}
        </li>
      ))}
    </ul>
  );
}

/** A row label cut to fit its column (a long item name), the whole name in the tooltip. */
function shortLabel(label: string, max = 11): string {
  const chars = [...label];
  return chars.length > max ? `${chars.slice(0, max - 1).join('')}…` : label;
}

/**
 * One stacked bar per row: the five levels left (非常满意) to right (非常不满意), each as long as
 * its share, its count written in it where it fits; the row's total and 满意率 at the end.
 * Drawn by hand in SVG (see bars.ts for why); the whole picture has a text alternative.
 */
export function SatisfactionBars({ rows }: { rows: readonly RatingSummaryRow[] }) {
  const [ref, width] = useWidth<HTMLDivElement>(800);
  const barWidth = Math.max(120, width - LABEL_WIDTH - TAIL_WIDTH);
  const height = rows.length * ROW_HEIGHT + 4;
  return (
    <div ref={ref} className="satisfaction-bars">
      <svg
        width={width}
        height={height}
        role="img"
        aria-label={`各${rows.length}组评价构成：${rows
          .map((r) => `${r.label} ${SATISFACTIONS.map((s) => `${SATISFACTION_LABELS[s]}${r.counts[s]}`).join('，')}，满意率${formatRate(r.satisfactionRate)}`)
          .join('；')}`}
      >
        {rows.map((row, i) => {
          const y = i * ROW_HEIGHT + 2;
          const segments = barSegments(row.counts);
          return (
            <g key={row.key} data-row={row.label}>
              <text x={LABEL_WIDTH - 8} y={y + BAR_HEIGHT / 2} textAnchor="end" dominantBaseline="central" className="bar-label">
                <title>{row.label}</title>
                {shortLabel(row.label)}
              </text>
              {row.total === 0 ? (
                <rect x={LABEL_WIDTH} y={y} width={barWidth} height={BAR_HEIGHT} className="bar-empty" />
              ) : (
                segments
                  .filter((seg) => seg.count > 0)
                  .map((seg) => {
                    const x = LABEL_WIDTH + seg.x * barWidth;
                    const w = seg.width * barWidth;
                    const text = String(seg.count);
                    return (
                      <g key={seg.satisfaction} className="bar-segment" data-level={seg.satisfaction}>
                        <rect x={x} y={y} width={w} height={BAR_HEIGHT} fill={SATISFACTION_COLORS[seg.satisfaction]} stroke="#ffffff" strokeWidth={1}>
                          <title>{`${row.label}：${SATISFACTION_LABELS[seg.satisfaction]} ${seg.count} 个（${seg.percent}%）`}</title>
                        </rect>
                        {labelFits(w, text.length) && (
                          <text
                            x={x + w / 2}
                            y={y + BAR_HEIGHT / 2}
                            textAnchor="middle"
                            dominantBaseline="central"
                            fill={SATISFACTION_TEXT_COLORS[seg.satisfaction]}
                            className="bar-count"
                            aria-hidden
                          >
                            {text}
                          </text>
                        )}
                      </g>
                    );
                  })
              )}
              <text x={LABEL_WIDTH + barWidth + 8} y={y + BAR_HEIGHT / 2} dominantBaseline="central" className="bar-tail">
                {row.total === 0 ? '无评价' : `${row.total} 个 · ${formatRate(row.satisfactionRate)}`}
              </text>
            </g>
          );
        })}
      </svg>
    </div>
  );
}
