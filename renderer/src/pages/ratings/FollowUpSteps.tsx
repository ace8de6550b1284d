import { Card, Timeline } from 'antd';
import { REMEDY_VERDICT_LABELS, type FollowUp, type FollowUpStep, type FollowUpStepKind } from '../../../../electron/contract/ratings';
import { useWindowInfo } from '../../app/frame-context';
import { formatInstant } from '../../shared/format';

const STEP_TITLES: { readonly [K in FollowUpStepKind]: string } = {
  opened: '收到差评，生成回访',
  verified: '核实',
  revisited: '回访',
  rectified: '整改',
  closed: '办结',
  appealed: '申诉',
  appealDecided: '申诉复核',
  dueRecomputed: '重算办结期限',
};

/** What the note is, for each step. */
const NOTE_LABELS: { readonly [K in FollowUpStepKind]: string } = {
  opened: '说明',
  verified: '核实情况',
  revisited: '回访情况',
  rectified: '整改措施',
  closed: '办结说明',
  appealed: '申诉理由',
  appealDecided: '复核意见',
  dueRecomputed: '调整',
};

/** Dots as on the case page's 办理过程: done in green, a problem in red, an appeal in orange. */
function colorOf(step: FollowUpStep): string {
  switch (step.kind) {
    case 'opened':
      return '#e5322d';
    case 'appealed':
      return '#d97706';
    case 'appealDecided':
      return step.upheld ? '#00a854' : '#d97706';
    case 'closed':
      return '#00a854';
    case 'dueRecomputed':
      // The system's, not a step of the work: grey, as on the case page.
      return 'gray';
    default:
      return '#1677ff';
  }
}

function titleOf(step: FollowUpStep): string {
  if (step.kind === 'appealDecided') return `${STEP_TITLES.appealDecided}：${step.upheld ? '申诉成立' : '申诉不成立'}`;
  return STEP_TITLES[step.kind];
}

/** 办理过程: every step of the follow-up in order, with who took it and when. */
export function FollowUpSteps({ followUp }: { followUp: FollowUp }) {
  const { timeZone } = useWindowInfo();
  return (
    <Card size="small" className="section-card timeline-card" title="办理过程" extra={<span className="muted">{followUp.steps.length} 步</span>}>
      <Timeline
        className="case-timeline follow-up-steps"
        items={followUp.steps.map((step, i) => ({
          key: `${step.kind}-${step.at}-${i}`,
          color: colorOf(step),
          content: (
            <div className="tl-entry" data-step={step.kind}>
              <div className="tl-head">
                <span className="tl-title">{titleOf(step)}</span>
                <time className="tl-time">{formatInstant(step.at, timeZone)}</time>
              </div>
              <ul className="tl-lines">
                {step.note.trim() !== '' && (
                  <li>
                    {NOTE_LABELS[step.kind]}：{step.note}
                  </li>
                )}
                {step.verdict && <li>群众评价：{REMEDY_VERDICT_LABELS[step.verdict]}</li>}
              </ul>
              <div className="tl-who">{step.staffName ? `经办人 ${step.staffName}` : '系统'}</div>
            </div>
          ),
        }))}
      />
    </Card>
  );
}
