import { Card, Timeline } from 'antd';
import type { CaseDetail, TimelineEntry } from '../../../../electron/contract';
import { useWindowInfo } from '../../app/frame-context';
import { formatInstant } from '../../shared/format';

const DOT = { good: '#00a854', bad: '#e5322d', wait: '#d97706', closed: '#a8adb5', step: '#1677ff' } as const;

/**
 * The dot says how the case went: good in green, bad in red, waiting on the applicant in
 * orange, closed in grey, other steps in blue. Written as colours, because antd's named
 * "blue" follows the primary colour, which here is the hall's red.
 */
function colorOf(entry: TimelineEntry, detail: CaseDetail): string {
  switch (entry.type) {
    case 'case.accepted':
    case 'case.delivered':
      return DOT.good;
    case 'case.rejected':
      return DOT.bad;
    case 'case.decided':
      return detail.decision?.outcome === 'refused' ? DOT.bad : DOT.good;
    case 'case.correctionRequested':
    case 'case.deadlineRecomputed':
      return DOT.wait;
    case 'case.withdrawn':
    case 'case.terminated':
      return DOT.closed;
    default:
      return DOT.step;
  }
}

/**
 * 办理过程: every step in order, who did it at which window and when. This is what a hall
 * manager reads when a citizen asks "what happened to my application".
 */
export function CaseTimeline({ detail }: { detail: CaseDetail }) {
  const { timeZone } = useWindowInfo();
  return (
    <Card size="small" className="section-card timeline-card" title="办理过程" extra={<span className="muted">{detail.timeline.length} 步</span>}>
      <Timeline
        className="case-timeline"
        items={detail.timeline.map((e) => ({
          key: e.eventId,
          color: colorOf(e, detail),
          content: (
            <div className="tl-entry">
              <div className="tl-head">
                <span className="tl-title">{e.title}</span>
                <time className="tl-time">{formatInstant(e.at, timeZone)}</time>
              </div>
              {e.lines.length > 0 && (
                <ul className="tl-lines">
                  {e.lines.map((line, i) => (
                    <li key={i}>{line}</li>
                  ))}
                </ul>
              )}
              <div className="tl-who">
                经办人 {e.staffName || '—'}
                {e.staffNumber && `（${e.staffNumber}）`} · {e.windowNumber}号窗口
              </div>
            </div>
          ),
        }))}
      />
    </Card>
  );
}
