import { Tooltip } from 'antd';
import type { ReactNode } from 'react';
import type { DeviceHealth, DeviceState, Health, SyncState } from '../../../electron/contract';
import { useConnectionState, useShell } from '../api/hooks';
import { formatCalendarDate, formatInstant } from '../shared/format';
import { DEVICE_STATE_LABELS, SYNC_STATE_LABELS, printerConditionLevel, printerConditionWords, ratingFlagWords, ratingRemedies } from '../shared/health-labels';
import { useHealth, useWindowInfo } from './frame-context';
import { PcDateWarning } from './PcDateWarning';
import { PrintAttentionItem } from './PrintAttentionItem';
import { DispenserStatusItem } from '../pages/queue/DispenserStatusItem';
import './status-bar.css';

type Tone = 'ok' | 'bad' | 'warn' | 'idle' | 'busy';

const DEVICE_TONES: Record<DeviceState, Tone> = { connected: 'ok', offline: 'bad', error: 'bad', not_configured: 'idle' };
const SYNC_TONES: Record<SyncState, Tone> = { online: 'ok', offline: 'bad', error: 'bad', not_configured: 'idle' };

function Item({ label, value, tone, tip, extra }: { label: string; value: string; tone: Tone; tip: ReactNode; extra?: ReactNode }) {
  return (
    <Tooltip title={tip} placement="topLeft">
      {/* Focusable so the tooltip (endpoint, detail) is reachable from the keyboard too. */}
      <span className={`status-item status-${tone}`} tabIndex={0}>
        <span className="status-dot" aria-hidden />
        {label} {value}
        {extra}
      </span>
    </Tooltip>
  );
}

/**
 * A device as the bar shows it: its state (已连接, 离线 …), or, for a printer that reports a
 * condition (缺纸, 纸将尽, 上盖打开, 脱机), that condition by name — what the clerk has to do
 * something about — red when it cannot print, amber when it soon will not. The rating device
 * connected with a fault bit set says it after its state (已连接 币箱已满·卡币), amber: it still
 * answers, but coins may not reach the count. (Offline, its last bits are stale and not shown.)
 */
export function deviceDisplay(d: DeviceHealth): { value: string; tone: Tone } {
  const faults = d.state === 'connected' ? ratingFlagWords(d.ratingFlags) : [];
  if (faults.length > 0) return { value: `${DEVICE_STATE_LABELS[d.state]} ${faults.join('·')}`, tone: 'warn' };
  const words = d.state === 'not_configured' ? [] : printerConditionWords(d.condition);
  if (words.length === 0) return { value: DEVICE_STATE_LABELS[d.state], tone: DEVICE_TONES[d.state] };
  return { value: words.join('·'), tone: printerConditionLevel(d.condition) === 'warning' ? 'warn' : 'bad' };
}

function deviceTip(d: DeviceHealth, timeZone: string): ReactNode {
  if (d.state === 'not_configured') return `${d.label}未在配置文件中设置`;
  const words = printerConditionWords(d.condition);
  return (
    <div className="status-tip">
      {words.length > 0 && <div>状态：{DEVICE_STATE_LABELS[d.state]}</div>}
      {d.state === 'connected' && ratingFlagWords(d.ratingFlags).length > 0 && (
        <div>评价器报告：{ratingFlagWords(d.ratingFlags).join('、')}</div>
      )}
      <div>连接位置：{d.endpoint ?? '—'}</div>
      {d.detail && <div>说明：{d.detail}</div>}
      {ratingRemedies(d).map((remedy) => (
        <div key={remedy} className="status-remedy">
          处理办法：{remedy}
        </div>
      ))}
      <div>状态自 {formatInstant(d.since, timeZone)}</div>
    </div>
  );
}

function syncTip(sync: Health['sync'], timeZone: string): ReactNode {
  if (sync.state === 'not_configured') {
    return `未配置上级同步服务；办件只保存在本机${sync.pending > 0 ? `（${sync.pending} 条记录待配置后上传）` : ''}`;
  }
  return (
    <div className="status-tip">
      <div>同步地址：{sync.endpoint ?? '—'}</div>
      <div>待上传记录：{sync.pending} 条</div>
      {sync.progress && (
        <div>
          正在上传：{sync.progress.done}/{sync.progress.total}
        </div>
      )}
      {sync.detail && <div>说明：{sync.detail}</div>}
      <div>最近同步成功：{sync.lastSuccessAt ? formatInstant(sync.lastSuccessAt, timeZone) : '尚未成功同步'}</div>
      {sync.lastError && sync.lastError !== sync.detail && <div>最近一次错误：{sync.lastError}</div>}
    </div>
  );
}

/** The words beside the sync state: the catch-up's progress while it runs, else what waits. */
function syncExtra(sync: Health['sync']): ReactNode {
  if (sync.state === 'not_configured') return null;
  if (sync.progress) {
    return (
      <span className="status-pending">
        正在上传 {sync.progress.done}/{sync.progress.total}
      </span>
    );
  }
  return sync.pending > 0 ? <span className="status-pending">待同步 {sync.pending} 条</span> : null;
}

/** The browser shell's event socket; Electron IPC has no connection to lose, so it shows nothing. */
function ConnectionItem() {
  const shell = useShell();
  const state = useConnectionState();
  if (shell !== 'browser') return null;
  if (state === 'refused') {
    return (
      <span className="status-item status-bad status-alarm" role="alert">
        <span className="status-dot" aria-hidden />
        访问令牌无效：请用本机服务启动时显示的地址重新打开
      </span>
    );
  }
  if (state === 'lost') {
    return (
      <span className="status-item status-bad status-alarm" role="alert">
        <span className="status-dot" aria-hidden />
        与本机服务连接中断
      </span>
    );
  }
  return (
    <Item
      label="本机服务"
      value={state === 'open' ? '已连接' : '连接中'}
      tone={state === 'open' ? 'ok' : 'busy'}
      tip="浏览器模式：界面通过本机回环地址与本机服务通信"
    />
  );
}

export function StatusBar() {
  const health = useHealth();
  const info = useWindowInfo();
  return (
    <footer className="status-bar" aria-label="状态栏">
      <div className="status-left">
        <Item
          label="数据库"
          value={health.database.state === 'ok' ? '正常' : '故障'}
          tone={health.database.state === 'ok' ? 'ok' : 'bad'}
          tip={health.database.detail ?? `本机数据库，结构版本 ${health.database.schemaVersion}`}
        />
        <Item
          label="同步"
          value={SYNC_STATE_LABELS[health.sync.state]}
          tone={SYNC_TONES[health.sync.state]}
          tip={syncTip(health.sync, info.timeZone)}
          extra={syncExtra(health.sync)}
        />
        {health.devices.map((d) => {
          const shown = deviceDisplay(d);
          return <Item key={d.id} label={d.label} value={shown.value} tone={shown.tone} tip={deviceTip(d, info.timeZone)} />;
        })}
        <PrintAttentionItem />
        <DispenserStatusItem />
        <ConnectionItem />
      </div>
      <div className="status-right">
        <PcDateWarning />
        <span className="status-item">版本 {info.appVersion}</span>
        <span className="status-item status-date">{formatCalendarDate(info.today, true)}</span>
      </div>
    </footer>
  );
}
