import type { SettingChange } from '../../../../electron/contract';
import { describeSettingValue, settingLabel } from '../../components/settings-form/device-words';

/** One change in words: `窗口名称：综合受理窗口 → 社保窗口`. */
export function SettingChangeText({ change }: { change: SettingChange }) {
  return (
    <span className="setting-change">
      <span className="setting-change-label">{settingLabel(change.path)}</span>
      {'：'}
      <span className="setting-change-from">{describeSettingValue(change.path, change.from)}</span>
      {' → '}
      <span className="setting-change-to">{describeSettingValue(change.path, change.to)}</span>
    </span>
  );
}

/** A list of changes, one a line. */
export function SettingChangeList({ changes }: { changes: readonly SettingChange[] }) {
  return (
    <ul className="setting-change-list">
      {changes.map((c) => (
        <li key={c.path}>
          <SettingChangeText change={c} />
        </li>
      ))}
    </ul>
  );
}
