import {
  BarChartOutlined,
  FileSearchOutlined,
  FormOutlined,
  NotificationOutlined,
  SettingOutlined,
  StarOutlined,
} from '@ant-design/icons';
import type { ReactNode } from 'react';

export interface NavItem {
  path: string;
  label: string;
  icon: ReactNode;
  /** Alt + this digit opens it. */
  digit: number;
}

/** The sections of the app in the order a clerk's day uses them; Alt+1 … Alt+6 follow it. */
export const NAV_ITEMS: readonly NavItem[] = [
  { path: '/intake', label: '受理', icon: <FormOutlined />, digit: 1 },
  { path: '/cases', label: '办件', icon: <FileSearchOutlined />, digit: 2 },
  { path: '/queue', label: '叫号', icon: <NotificationOutlined />, digit: 3 },
  { path: '/ratings', label: '评价', icon: <StarOutlined />, digit: 4 },
  { path: '/stats', label: '统计', icon: <BarChartOutlined />, digit: 5 },
  { path: '/settings', label: '设置', icon: <SettingOutlined />, digit: 6 },
];

export const HOME_PATH = '/intake';

/** The nav entry a path belongs to: /cases/… is under 办件. */
export function navItemFor(pathname: string): NavItem | undefined {
  return NAV_ITEMS.find((n) => pathname === n.path || pathname.startsWith(`${n.path}/`));
}
