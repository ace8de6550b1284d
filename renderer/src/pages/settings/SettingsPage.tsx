import { Card } from 'antd';
import { useEffect, useRef } from 'react';
import { useSession } from '../../app/frame-context';
import { mayCall } from '../../app/role-access';
import { ShortcutTable } from '../../app/ShortcutTable';
import { ClockCard } from './ClockCard';
import { DeviceHealthCard, RuntimeCard, WindowInfoCard } from './RunningCards';
import { SyncCard } from './SyncCard';
import { SettingsEditor } from './SettingsEditor';
import './settings.css';

/**
 * 设置. Everyone sees the hall's date and clock and how this window runs; the 系统管理员 (who
 * may call settings.update) changes the settings here, the others read them.
 */
export function SettingsPage() {
  const session = useSession();
  const role = session.staff?.role;
  const mayEdit = role !== undefined && mayCall(role, 'settings.update');
  const heading = useRef<HTMLHeadingElement>(null);
  // The page opens with the cursor on its heading, not in a field: page keys (Ctrl+S) work at
  // once, and nothing rarely changed (the hall code) is one stray keystroke from an edit.
  useEffect(() => heading.current?.focus({ preventScroll: true }), []);

  return (
    <div className="page settings-page">
      <h2 className="page-title" ref={heading} tabIndex={-1}>
        设置
      </h2>
      {mayEdit ? (
        <p className="muted page-lead">修改后按 Ctrl+S 保存；每项修改都记入下方的变更记录。</p>
      ) : (
        <p className="muted page-lead">以下信息只读。修改设置请联系系统管理员。</p>
      )}

      <ClockCard />
      {mayEdit ? <SettingsEditor /> : <WindowInfoCard />}
      <RuntimeCard />
      <DeviceHealthCard />
      <SyncCard mayAdminister={role !== undefined && mayCall(role, 'sync.enrol')} />

      <Card title="快捷键" size="small" className="section-card">
        <ShortcutTable />
      </Card>
    </div>
  );
}
