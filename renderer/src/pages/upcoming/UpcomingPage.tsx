import { BarChartOutlined, NotificationOutlined } from '@ant-design/icons';
import type { ReactNode } from 'react';

type Section = 'queue' | 'stats';

const SECTIONS: Record<Section, { title: string; icon: ReactNode; summary: string; points: string[] }> = {
  queue: {
    title: '叫号',
    icon: <NotificationOutlined />,
    summary: '排队叫号（取号、叫号、重呼、过号、转移）将在后续版本提供。',
    points: [
      '按本窗口服务的业务类别叫下一号，优先呼叫绿色通道与预约号',
      '重呼、过号、暂停叫号，把号转移到其他窗口或类别',
      '叫号信息同步到大厅显示屏与语音播报',
    ],
  },
  stats: {
    title: '统计',
    icon: <BarChartOutlined />,
    summary: '统计（办件量、按时办结率、满意率）将在后续版本提供。',
    points: [
      '按窗口、工作人员、部门统计办件量与按时办结率',
      '红黄牌预警：临近期限与超期的办件',
      '满意率与优秀窗口评比数据',
    ],
  },
};

/**
 * The sections later issues fill in. They say plainly what will be here rather than showing
 * made-up numbers a manager might take for real.
 */
export function UpcomingPage({ section }: { section: Section }) {
  const s = SECTIONS[section];
  return (
    <div className="page upcoming-page">
      <h2 className="page-title">{s.title}</h2>
      <div className="upcoming-box">
        <div className="upcoming-icon" aria-hidden>
          {s.icon}
        </div>
        <p className="upcoming-summary">{s.summary}</p>
        <div className="upcoming-points">
          <div className="muted">届时将包括：</div>
          <ul>
            {s.points.map((p) => (
              <li key={p}>{p}</li>
            ))}
          </ul>
        </div>
      </div>
    </div>
  );
}
