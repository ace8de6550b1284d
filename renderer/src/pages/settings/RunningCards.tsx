/**
 * The 设置 page's read-only cards: what this window is (as running), where its data lives, the
 * devices' state (the sync's is SyncCard.tsx). Shown to every role; the 系统管理员's editable form is beside them.
 */
import { Card, Descriptions, Table, Tag, Typography } from 'antd';
import type { DeviceHealth } from '../../../../electron/contract';
import { useShell } from '../../api/hooks';
import { useHealth, useWindowInfo, windowLabel } from '../../app/frame-context';
import { formatInstant } from '../../shared/format';
import { ItemNames } from './ItemNames';
import {
  DEVICE_STATE_COLORS,
  DEVICE_STATE_LABELS,
  printerConditionLevel,
  printerConditionWords,
  ratingFlagWords,
} from '../../shared/health-labels';

/** Paths are long and are what IT staff copy into a ticket or a terminal. */
function Path({ value }: { value: string | null }) {
  if (!value) return <span className="muted">—</span>;
  return (
      <Typography.Text copyable className="mono">
        {value}
      </Typography.Text>
  );
}

/** 窗口 as running (app.windowInfo): for those who may not change it. */
export function WindowInfoCard() {
  const info = useWindowInfo();
  return (
    <Card title="窗口" size="small" className="section-card">
      <Descriptions
        bordered
        size="small"
        column={2}
        items={[
          { key: 'hall', label: '大厅', children: `${info.hallName}（代码 ${info.hallCode}）` },
          {
            key: 'window',
            label: '窗口',
            children: `${windowLabel(info)}${info.windowName ? ` · ${info.windowName}` : ''}`,
          },
          {
            key: 'departments',
            label: '服务部门',
            span: 2,
            children:
              info.departments.length > 0 ? (
                info.departments.map((d) => <Tag key={d}>{d}</Tag>)
              ) : (
                <span>全部部门（综合窗口）</span>
              ),
          },
          {
            key: 'items',
            label: '另办事项',
            span: 2,
            children: <ItemNames codes={info.itemCodes ?? []} />,
          },
          { key: 'tz', label: '时区', children: info.timeZone },
          { key: 'today', label: '本机业务日期', children: info.today },
        ]}
      />
    </Card>
  );
}

/** 运行环境: the config file, the version, the data folder and the database. */
export function RuntimeCard() {
  const info = useWindowInfo();
  const health = useHealth();
  const shell = useShell();
  return (
    <Card title="运行环境" size="small" className="section-card">
      <Descriptions
        bordered
        size="small"
        column={1}
        items={[
          {
            key: 'config',
            label: '配置',
            children: info.demoConfig ? (
              <Tag color="warning">演示配置（未指定配置文件）</Tag>
            ) : (
              <Path value={info.configFile ?? ''} />
            ),
          },
          { key: 'version', label: '程序版本', children: info.appVersion },
          {
            key: 'shell',
            label: '运行方式',
            children: shell === 'electron' ? '桌面程序（Electron）' : '浏览器模式（本机服务 + 浏览器）',
          },
          { key: 'dataDir', label: '数据目录', children: <Path value={info.dataDir} /> },
          { key: 'db', label: '数据库文件', children: <Path value={info.databasePath} /> },
          {
            key: 'dbState',
            label: '数据库状态',
            children: (
              <span>
                {health.database.state === 'ok' ? <Tag color="success">正常</Tag> : <Tag color="error">故障</Tag>}
                结构版本 {health.database.schemaVersion}
                {health.database.detail && <span className="muted"> · {health.database.detail}</span>}
              </span>
            ),
          },
        ]}
      />
    </Card>
  );
}

/** 外接设备: each device's state now (app.health). */
export function DeviceHealthCard() {
  const info = useWindowInfo();
  const health = useHealth();
  return (
    <Card title="外接设备" size="small" className="section-card">
      <Table<DeviceHealth>
        size="small"
        rowKey="id"
        pagination={false}
        dataSource={health.devices}
        columns={[
          { title: '设备', dataIndex: 'label', width: 140 },
          {
            title: '状态',
            dataIndex: 'state',
            width: 200,
            // A printer's condition by name (缺纸, 纸将尽 …) where it reports one: what to act on.
            render: (_: unknown, d) => {
              const words = printerConditionWords(d.condition);
              // The rating device's fault bits (币箱已满 …) beside its state: it still answers.
              const faults = d.state === 'connected' ? ratingFlagWords(d.ratingFlags) : [];
              if (faults.length > 0) {
                return [
                  <Tag key="state" color={DEVICE_STATE_COLORS[d.state]}>
                    {DEVICE_STATE_LABELS[d.state]}
                  </Tag>,
                  ...faults.map((w) => (
                    <Tag key={w} color="warning">
                      {w}
                    </Tag>
                  )),
                ];
              }
              if (words.length === 0) return <Tag color={DEVICE_STATE_COLORS[d.state]}>{DEVICE_STATE_LABELS[d.state]}</Tag>;
              const color = printerConditionLevel(d.condition) === 'warning' ? 'warning' : 'error';
              return words.map((w) => (
                <Tag key={w} color={color}>
                  {w}
                </Tag>
              ));
            },
          },
          { title: '连接位置', dataIndex: 'endpoint', render: (_: unknown, d) => <Path value={d.endpoint} /> },
          {
            title: '说明',
            dataIndex: 'detail',
            render: (_: unknown, d) =>
              d.detail ?? (d.state === 'not_configured' ? <span className="muted">配置文件中未设置</span> : '—'),
          },
          {
            title: '状态时间',
            dataIndex: 'since',
            width: 150,
            render: (_: unknown, d) => formatInstant(d.since, info.timeZone),
          },
        ]}
      />
    </Card>
  );
}
