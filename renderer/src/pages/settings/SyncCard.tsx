/**
 * 上级平台同步 on the 设置 page (issue 16): the sync's state as the status bar has it (app.health:
 * online/offline, waiting records, a catch-up's progress, the last success and the last error in
 * words), what this window knows of its enrolment (sync.info), and for the 系统管理员 the
 * enrolment with the one-time code from the upstream's operator (sync.enrol, the message beside
 * the field) and 立即同步 (sync.now). Keyboard: Tab to the code, Enter registers; 立即同步 is the next stop.
 * Events the upstream will not take (parked streams, sync.info's `parked`) are said as “N 条无法上传”
 * with the reason, and 重试 (sync.retryParked) releases them for one more try.
 */
import { Alert, Button, Card, Descriptions, Form, Input, Progress, Space, Tag } from 'antd';
import { useEffect, useState } from 'react';
import { useCounter, useQuery } from '../../api/hooks';
import { useHealth, useWindowInfo } from '../../app/frame-context';
import { errorMessage, splitCallError } from '../../shared/call-error';
import { formatInstant } from '../../shared/format';
import { SYNC_STATE_COLORS, SYNC_STATE_LABELS } from '../../shared/health-labels';

/** This PC's clock against the server's at the last answer, in words; null within a minute. */
function clockWords(offsetMs: number | null): string | null {
  if (offsetMs === null || Math.abs(offsetMs) < 60_000) return null;
  const minutes = Math.round(Math.abs(offsetMs) / 60_000);
  return `本机时钟比上级平台${offsetMs > 0 ? '慢' : '快'} ${minutes} 分钟`;
}

export function SyncCard({ mayAdminister }: { mayAdminister: boolean }) {
  const info = useWindowInfo();
  const health = useHealth();
  const client = useCounter();
  const syncInfo = useQuery('sync.info', {});
  const [form] = Form.useForm<{ code: string }>();
  const [enrolling, setEnrolling] = useState(false);
  const [syncing, setSyncing] = useState(false);
  const [retrying, setRetrying] = useState(false);
  const [notice, setNotice] = useState<{ type: 'success' | 'info' | 'error'; text: string } | null>(null);
  const sync = health.sync;
  const configured = sync.state !== 'not_configured';
  const known = syncInfo.data;
  const { reload } = syncInfo;
  // The last push, pull and clock offset change with each round that succeeds.
  useEffect(() => reload(), [reload, sync.lastSuccessAt, sync.lastError]);

  const enrol = async ({ code }: { code: string }) => {
    setEnrolling(true);
    setNotice(null);
    try {
      const enrolment = await client.call('sync.enrol', { code });
      form.resetFields();
      setNotice({ type: 'success', text: `注册成功：本窗口已注册为 ${enrolment.hall} 大厅 ${enrolment.window} 号窗口，正在同步` });
      syncInfo.reload();
    } catch (err) {
      const split = splitCallError(err, (path) => (path === 'code' ? 'code' : null));
      form.setFields(split.fields.map((f) => ({ name: 'code', errors: f.errors })));
      if (split.fields.length === 0 && split.general) form.setFields([{ name: 'code', errors: [split.general] }]);
    } finally {
      setEnrolling(false);
    }
  };

  const syncNow = async () => {
    setSyncing(true);
    setNotice(null);
    try {
      // The answer comes once the round has started; its progress and outcome show above (app.health).
      await client.call('sync.now', {});
      setNotice({ type: 'info', text: '已开始同步：进度和结果见上方同步状态' });
      syncInfo.reload();
    } catch (err) {
      setNotice({ type: 'error', text: errorMessage(err) });
    } finally {
      setSyncing(false);
    }
  };

  const retryParked = async () => {
    setRetrying(true);
    setNotice(null);
    try {
      const { released } = await client.call('sync.retryParked', {});
      setNotice({ type: 'success', text: `已重新尝试上传 ${released} 条记录；仍无法上传的会再次列出` });
      syncInfo.reload();
    } catch (err) {
      setNotice({ type: 'error', text: errorMessage(err) });
    } finally {
      setRetrying(false);
    }
  };

  const enrolment = known?.enrolment ?? null;
  const parked = known?.parked ?? null;
  const clock = clockWords(known?.clockOffsetMs ?? null);
  return (
    <Card title="上级平台同步" size="small" className="section-card sync-card">
      <Descriptions
        bordered
        size="small"
        column={2}
        items={[
          {
            key: 'state',
            label: '状态',
            children: <Tag color={SYNC_STATE_COLORS[sync.state]}>{SYNC_STATE_LABELS[sync.state]}</Tag>,
          },
          { key: 'pending', label: '待同步', children: `${sync.pending} 条` },
          ...(parked
            ? [
                {
                  key: 'parked',
                  label: '无法上传',
                  span: 2,
                  children: (
                    <Space className="sync-parked" wrap>
                      <span>
                        {parked.count} 条无法上传：{parked.reason}
                      </span>
                      {mayAdminister && (
                        <Button size="small" onClick={() => void retryParked()} loading={retrying}>
                          重试
                        </Button>
                      )}
                    </Space>
                  ),
                },
              ]
            : []),
          ...(sync.progress
            ? [
                {
                  key: 'progress',
                  label: '上传进度',
                  span: 2,
                  children: (
                    <Space>
                      <Progress percent={sync.progress.total > 0 ? Math.floor((sync.progress.done / sync.progress.total) * 100) : 0} size="small" style={{ width: 200 }} />
                      <span>
                        正在上传 {sync.progress.done}/{sync.progress.total}
                      </span>
                    </Space>
                  ),
                },
              ]
            : []),
          ...(sync.detail ? [{ key: 'detail', label: '说明', span: 2, children: sync.detail }] : []),
          { key: 'success', label: '最近同步成功', children: sync.lastSuccessAt ? formatInstant(sync.lastSuccessAt, info.timeZone) : '尚未成功同步' },
          { key: 'error', label: '最近一次错误', children: sync.lastError ?? '无' },
          { key: 'url', label: '同步地址', span: 2, children: known?.url ?? <span className="muted">未设置（本窗口不向上级同步）</span> },
          {
            key: 'enrolment',
            label: '注册',
            span: 2,
            children: enrolment
              ? `已注册为 ${enrolment.hall} 大厅 ${enrolment.window} 号窗口（${formatInstant(enrolment.enrolledAt, info.timeZone)}）`
              : known?.tokenFromConfig
                ? '使用配置文件中的窗口注册令牌'
                : '未注册',
          },
          { key: 'push', label: '最近上传', children: formatInstant(known?.lastPushAt ?? null, info.timeZone) },
          { key: 'pull', label: '最近下发', children: formatInstant(known?.lastPullAt ?? null, info.timeZone) },
          ...(clock ? [{ key: 'clock', label: '本机时钟', span: 2, children: <span className="sync-clock-warning">{clock}，请校准本机时间</span> }] : []),
        ]}
      />
      {mayAdminister && configured && (
        <div className="sync-actions">
          <Form form={form} layout="inline" onFinish={(values) => void enrol(values)} requiredMark={false}>
            <Form.Item
              name="code"
              label="注册码"
              rules={[{ required: true, message: '请输入上级平台给出的注册码' }]}
              extra="由上级平台管理员用 enrol 命令生成，16 位，只能使用一次"
              // An inline form does not wrap a long message by itself.
              style={{ maxWidth: 640 }}
            >
              <Input placeholder="XXXX-XXXX-XXXX-XXXX" autoComplete="off" spellCheck={false} className="mono" style={{ width: 240 }} aria-label="注册码" />
            </Form.Item>
            <Form.Item>
              <Button htmlType="submit" loading={enrolling}>
                注册本窗口
              </Button>
            </Form.Item>
            <Form.Item>
              <Button type="primary" onClick={() => void syncNow()} loading={syncing}>
                立即同步
              </Button>
            </Form.Item>
          </Form>
        </div>
      )}
      {notice && <Alert className="sync-notice" type={notice.type} showIcon message={notice.text} role={notice.type === 'error' ? 'alert' : 'status'} />}
    </Card>
  );
}
