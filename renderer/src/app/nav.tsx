import {
  BarChartOutlined,
  FileSearchOutlined,
  FormOutlined,
  NotificationOutlined,
  PrinterOutlined,
  SettingOutlined,
  StarOutlined,
  TeamOutlined,
} from '@ant-design/icons';
import type { ReactNode } from 'react';
import type { Role } from '../../../electron/contract';
import { sectionsFor, type VisibleSection } from './role-access';

export interface NavItem extends VisibleSection {
  icon: ReactNode;
}

const ICONS: Record<string, ReactNode> = {
  '/intake': <FormOutlined />,
  '/cases': <FileSearchOutlined />,
  '/printing': <PrinterOutlined />,
  '/queue': <NotificationOutlined />,
  '/ratings': <StarOutlined />,
  '/stats': <BarChartOutlined />,
  '/staff': <TeamOutlined />,
  '/settings': <SettingOutlined />,
};

/**
 * The sections `role` may use (role-access.ts), in the order a working day uses them; Alt+1 …
 * follow what is shown, so a 系统管理员's 人员 is Alt+1 and a clerk's 受理 is.
 */
export function navItemsFor(role: Role | undefined): NavItem[] {
  return sectionsFor(role).map((s) => ({ ...s, icon: ICONS[s.path] }));
}

/**
 * Where the app starts: the index route sends each role on to its own home (homePathFor), so
 * whoever signs in next lands where their work starts, not where the previous person was.
 */
export const HOME_PATH = '/';

/** The shown entry a path belongs to: /cases/… is under 办件. */
export function navItemFor(items: readonly NavItem[], pathname: string): NavItem | undefined {
  return items.find((n) => pathname === n.path || pathname.startsWith(`${n.path}/`));
}
