import { Tabs } from 'antd';
import { useSearchParams } from 'react-router';
import { keys, useHotkey } from '../../app/shortcuts';
import { FiguresView } from './FiguresView';
import { FollowUpsView } from './FollowUpsView';
import { RatingListView } from './RatingListView';
import './ratings.css';

const TABS = [
  { key: 'figures', label: '评价统计', digit: '1' },
  { key: 'list', label: '评价记录', digit: '2' },
  { key: 'follow-ups', label: '差评回访', digit: '3' },
] as const;
type TabKey = (typeof TABS)[number]['key'];

function isTab(value: string | null): value is TabKey {
  return TABS.some((t) => t.key === value);
}

/** `/ratings?tab=follow-ups`: the address of one of the page's views (the follow-up page links back to it). */
export function ratingsPath(tab: TabKey): string {
  return tab === 'figures' ? '/ratings' : `/ratings?tab=${tab}`;
}

/**
 * 评价: the window's figures (counts by level, 满意率, pictures), the ratings themselves, and
 * the 差评 follow-ups by due date. The view is in the address (?tab=), so the follow-up page's
 * 返回 and the browser's back button come back to it; each view stays mounted once opened, so
 * going between them keeps what was chosen.
 */
export function RatingsPage() {
  const [params, setParams] = useSearchParams();
  const asked = params.get('tab');
  const tab: TabKey = isTab(asked) ? asked : 'figures';
  const open = (key: TabKey) => setParams(key === 'figures' ? {} : { tab: key }, { replace: true });
  const tabOfKey = (e: KeyboardEvent) => TABS.find((t) => keys.plain(t.digit)(e));
  useHotkey(
    (e) => tabOfKey(e) !== undefined,
    (e) => {
      const t = tabOfKey(e);
      if (t) open(t.key);
    },
  );
  return (
    <div className="page ratings-page">
      <div className="page-head">
        <h2 className="page-title">评价</h2>
      </div>
      <Tabs
        activeKey={tab}
        onChange={(key) => {
          if (isTab(key)) open(key);
        }}
        items={TABS.map((t) => ({
          key: t.key,
          label: (
            <span>
              {t.label} <kbd className="tab-key">{t.digit}</kbd>
            </span>
          ),
          children: t.key === 'figures' ? <FiguresView /> : t.key === 'list' ? <RatingListView /> : <FollowUpsView active={tab === 'follow-ups'} />,
        }))}
      />
    </div>
  );
}
