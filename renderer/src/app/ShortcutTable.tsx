import { Fragment } from 'react';
import { useLocation } from 'react-router';
import type { Role } from '../../../electron/contract';
import { INTAKE_SHORTCUTS } from '../components/intake/useShortcuts';
import { CASE_ACTION_SHORTCUTS } from '../pages/cases/actions/action-keys';
import { DOCUMENT_SHORTCUTS, PRINTING_SHORTCUTS } from '../pages/printing/print-keys';
import { RATING_SHORTCUTS } from '../components/rating-session/rating-keys';
import { QUEUE_PAGE_SHORTCUTS, QUEUE_SHORTCUTS } from '../pages/queue/queue-keys';
import { RATINGS_PAGE_SHORTCUTS } from '../pages/ratings/ratings-keys';
import { staffShortcuts } from '../pages/staff/staff-keys';
import { useSession } from './frame-context';
import { navItemsFor } from './nav';
import { mayCall } from './role-access';
import { navShortcuts, SHORTCUT_GROUPS, type ShortcutDoc, type ShortcutGroup } from './shortcuts';

const byTitle = (title: string): ShortcutGroup[] => SHORTCUT_GROUPS.filter((g) => g.title === title);

/**
 * Up to four columns of about the same height that fit a 1366×768 screen without scrolling:
 * the frame's keys with the dialogs', sign-in's and 人员's, the intake screens' own (受理 is the
 * busiest page), the case pages with their action keys, and the paper (receipt, notices,
 * preview: print-keys.ts). A role sees the keys of the
 * sections it may use (nav.tsx), so a 系统管理员's sheet has no intake keys. Every group of
 * SHORTCUT_GROUPS must appear in one column. Put together here rather than in shortcuts.tsx,
 * which the intake module imports.
 */
function columnsFor(role: Role | undefined, onQueuePage = false): ShortcutGroup[][] {
  const items = navItemsFor(role);
  const shows = (path: string) => items.some((n) => n.path === path);
  const global = byTitle('全局').map((g) => ({ ...g, shortcuts: [...navShortcuts(items), ...g.shortcuts] }));
  const cases = [
    ...byTitle('办件列表'),
    // The case page's own keys and its action keys (shown on the buttons) as one group.
    // 请评价 (Alt+K, case page and intake result) joins them as one line: a group of its own (a
    // heading more) pushed a 组长's sheet past 768 px.
    ...byTitle('办件详情').map((g) => ({
      ...g,
      shortcuts: [
        ...g.shortcuts,
        ...CASE_ACTION_SHORTCUTS.shortcuts,
        ...(role !== undefined && mayCall(role, 'ratings.requestRating') ? RATING_SHORTCUTS.shortcuts : []),
      ],
    })),
  ];
  const columns = [
    [...global, ...byTitle('对话框'), ...byTitle('登录与暂离')],
    shows('/intake') ? [INTAKE_SHORTCUTS] : [],
    shows('/cases') ? cases : [],
    // The receipt and notice keys (intake result, 文书, preview) in a column of their own: the
    // three above are full at 1366×768.
    shows('/printing') ? [PRINTING_SHORTCUTS, DOCUMENT_SHORTCUTS] : [],
  ].filter((c) => c.length > 0);
  if (shows('/ratings') && columns.length > 0) {
    // The 评价 page's keys (views, the follow-up list, Alt+U on a follow-up), under the shortest column.
    columns.reduce((a, b) => (rowsIn(b) < rowsIn(a) ? b : a)).push(RATINGS_PAGE_SHORTCUTS);
  }
  if (role !== undefined && shows('/staff')) {
    // 人员 goes where it keeps the columns even: beside 全局 for a 系统管理员, under the shortest for a 组长.
    if (columns.length === 1) columns.push([staffShortcuts(role)]);
    else columns.reduce((a, b) => (rowsIn(b) < rowsIn(a) ? b : a)).push(staffShortcuts(role));
  }
  if (role !== undefined && mayCall(role, 'settings.update')) {
    columns.reduce((a, b) => (rowsIn(b) < rowsIn(a) ? b : a)).push(SETTINGS_SHORTCUTS);
  }
  // The calling keys that work on every page (F3 叫号 …): one line of 全局, added after the groups
  // are placed so that they stay where they fit (a group of its own, or two lines, pushed a 组长's
  // sheet past 768 px). The 叫号 page's own keys (F8–F10) are on its buttons.
  if (shows('/queue') && onQueuePage) {
    // On 叫号 every calling key, as a group placed where the columns stay even (trial finding F1).
    if (columns.length === 0) columns.push([QUEUE_PAGE_SHORTCUTS]);
    else columns.reduce((a, b) => (rowsIn(b) < rowsIn(a) ? b : a)).push(QUEUE_PAGE_SHORTCUTS);
  } else if (shows('/queue')) {
    const globalGroup = columns[0]?.[0];
    if (globalGroup?.title === '全局') columns[0]![0] = { ...globalGroup, shortcuts: [...globalGroup.shortcuts.slice(0, 1), ...QUEUE_SHORTCUTS.shortcuts, ...globalGroup.shortcuts.slice(1)] };
  }
  return columns;
}

/** The 设置 page's own key, for whoever may save settings (the page's editor binds it). */
const SETTINGS_SHORTCUTS: ShortcutGroup = { title: '设置', shortcuts: [{ keys: ['Ctrl+S'], action: '保存设置' }] };

/**
 * The columns' widths: equal up to three; a fourth (the paper's short words) is narrower, so the
 * three before it keep the width they were laid out for and their lines do not wrap further.
 */
function gridColumns(count: number): string {
  return count <= 3 ? `repeat(${count}, minmax(0, 1fr))` : `repeat(${count - 1}, minmax(0, 1fr)) minmax(0, 0.75fr)`;
}

/** How tall a column is, in table rows and group headings. */
function rowsIn(groups: readonly ShortcutGroup[]): number {
  return groups.reduce((n, g) => n + 1 + g.shortcuts.length, 0);
}

/** `Ctrl+L` → Ctrl, L; the plus key itself (`+`, `Ctrl++`) is a key, not a joiner. */
function keysOf(combo: string): string[] {
  if (combo === '+') return ['+'];
  if (combo.endsWith('++')) return [...combo.slice(0, -2).split('+'), '+'];
  return combo.split('+');
}

export function Keys({ combo }: { combo: string }) {
  const parts = keysOf(combo);
  return (
    <span className="keys">
      {parts.map((k, i) => (
        <Fragment key={`${k}-${i}`}>
          {i > 0 && <span className="keys-plus">+</span>}
          <kbd>{k}</kbd>
        </Fragment>
      ))}
    </span>
  );
}

function KeyAlternatives({ doc }: { doc: ShortcutDoc }) {
  return (
    <>
      {doc.keys.map((combo, i) => (
        <Fragment key={combo}>
          {i > 0 && <span className="keys-or">{doc.separator ?? '或'}</span>}
          <Keys combo={combo} />
        </Fragment>
      ))}
    </>
  );
}

function Group({ group }: { group: ShortcutGroup }) {
  return (
    <section className="shortcut-group" aria-label={group.title}>
      <h4>{group.title}</h4>
      <table className="shortcut-table">
        <tbody>
          {group.shortcuts.map((doc) => (
            <tr key={`${doc.keys.join('|')}-${doc.action}`}>
              <td className="shortcut-keys">
                <KeyAlternatives doc={doc} />
              </td>
              <td>{doc.action}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

/**
 * The signed-in role's shortcuts, grouped, as plain tables (used by the F1 dialog and the
 * settings page).
 */
export function ShortcutTable() {
  const role = useSession().staff?.role;
  // Opened on 叫号: its calling keys in full (elsewhere the one line of the keys every page hears).
  const columns = columnsFor(role, useLocation().pathname.startsWith('/queue'));
  return (
    <div className="shortcut-columns" style={{ gridTemplateColumns: gridColumns(columns.length) }}>
      {columns.map((groups, i) => (
        <div key={i} className="shortcut-column">
          {groups.map((group) => (
            <Group key={group.title} group={group} />
          ))}
        </div>
      ))}
    </div>
  );
}
