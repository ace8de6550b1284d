import { Alert, Button, Card, Table } from 'antd';
import type { SettingsHistoryEntry } from '../../../../electron/contract';
import type { Query } from '../../api/hooks';
import { errorMessage } from '../../shared/call-error';
import { formatInstant } from '../../shared/format';
import { describeSettingValue, settingLabel, type ItemNamer } from '../../components/settings-form/device-words';

const VIA_LABELS: { readonly [V in SettingsHistoryEntry['via']]: string } = {
  setup: '初始设置',
  settings: '设置页',
};

/** One row a change: entries with several changes repeat who and when, so each row reads alone. */
interface Row {
  key: string;
  at: string;
  who: string;
  via: string;
  path: string;
  from: unknown;
  to: unknown;
}

function rowsOf(entries: readonly SettingsHistoryEntry[]): Row[] {
  return entries.flatMap((e, i) =>
    e.changes.map((c) => ({
      key: `${i}:${c.path}`,
      at: e.at,
      who: e.staff ? `${e.staff.name}（${e.staff.staffNumber}）` : '—',
      via: VIA_LABELS[e.via],
      path: c.path,
      from: c.from,
      to: c.to,
    })),
  );
}

/**
 * 变更记录: every recorded change of the settings (settings.history), newest first; the items of
 * 另办事项 by name with `itemName`.
 */
export function SettingsHistoryCard({
  history,
  timeZone,
  itemName,
}: {
  history: Query<SettingsHistoryEntry[]>;
  timeZone: string;
  itemName?: ItemNamer;
}) {
  return (
    <Card
      title="变更记录"
      size="small"
      className="section-card settings-history"
      extra={
        <Button size="small" onClick={history.reload} loading={history.loading}>
          刷新
        </Button>
      }
    >
      {history.error && <Alert type="error" showIcon title={`无法读取变更记录：${errorMessage(history.error)}`} />}
      <Table<Row>
        size="small"
        rowKey="key"
        pagination={{ pageSize: 10, hideOnSinglePage: true }}
        dataSource={rowsOf(history.data ?? [])}
        locale={{ emptyText: history.loading ? '正在读取…' : '暂无变更记录' }}
        columns={[
          { title: '时间', dataIndex: 'at', width: 150, render: (v: string) => formatInstant(v, timeZone) },
          { title: '操作人', dataIndex: 'who', width: 150 },
          { title: '方式', dataIndex: 'via', width: 90 },
          { title: '设置项', dataIndex: 'path', width: 140, render: (v: string) => settingLabel(v) },
          {
            title: '原值 → 新值',
            key: 'change',
            render: (_: unknown, r) => (
              <span>
                <span className="setting-change-from">{describeSettingValue(r.path, r.from, itemName)}</span>
                {' → '}
                <span className="setting-change-to">{describeSettingValue(r.path, r.to, itemName)}</span>
              </span>
            ),
          },
        ]}
      />
    </Card>
  );
}
