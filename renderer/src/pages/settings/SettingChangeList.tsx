import type { SettingChange } from '../../../../electron/contract';
import { describeSettingValue, settingLabel, type ItemNamer } from '../../components/settings-form/device-words';

/** One change in words: `窗口名称：综合受理窗口 → 社保窗口`; items by name with `itemName`. */
export function SettingChangeText({ change, itemName }: { change: SettingChange; itemName?: ItemNamer }) {
  return (
    <span className="setting-change">
      <span className="setting-change-label">{settingLabel(change.path)}</span>
      {'：'}
      <span className="setting-change-from">{describeSettingValue(change.path, change.from, itemName)}</span>
      {' → '}
      <span className="setting-change-to">{describeSettingValue(change.path, change.to, itemName)}</span>
    </span>
  );
}

/** A list of changes, one a line. */
export function SettingChangeList({ changes, itemName }: { changes: readonly SettingChange[]; itemName?: ItemNamer }) {
  return (
    <ul className="setting-change-list">
      {changes.map((c) => (
        <li key={c.path}>
          <SettingChangeText change={c} itemName={itemName} />
        </li>
      ))}
    </ul>
  );
}
