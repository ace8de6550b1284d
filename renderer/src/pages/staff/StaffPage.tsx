import { PlusOutlined, SearchOutlined } from '@ant-design/icons';
import { Alert, App as AntApp, Button, Input, Table, Tag, Tooltip, type InputRef } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useEffect, useMemo, useRef, useState, type KeyboardEvent as ReactKeyboardEvent } from 'react';
import { ROLE_LABELS, type StaffMember } from '../../../../electron/contract';
import { useQuery } from '../../api/hooks';
import { useOnReconnect, useSession, useWindowInfo } from '../../app/frame-context';
import { mayCall } from '../../app/role-access';
import { keys, useHotkey } from '../../app/shortcuts';
import { errorMessage } from '../../shared/call-error';
import { AddStaffDialog } from './AddStaffDialog';
import { ConfirmActDialog, type ConfirmAct } from './ConfirmActDialog';
import { ResetPinDialog } from './ResetPinDialog';
import { SetRoleDialog } from './SetRoleDialog';
import { isAddKey } from './staff-keys';
import { actsOn, matchesFilter, ownRowRefusal, standingOf, type StaffAct, type Viewer } from './staff-rows';
import './staff.css';

/** Which dialog is open, on whose account. */
type OpenDialog =
  | { kind: 'add' }
  | { kind: 'resetPin' | 'setRole'; member: StaffMember }
  | { kind: 'confirm'; act: ConfirmAct; member: StaffMember };

const STANDING_COLORS = { active: 'green', disabled: 'default', locked: 'red' } as const;

/** Re-reads the clock so a lock's end passes on screen without a reload. */
function useNow(intervalMs: number): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), intervalMs);
    return () => clearInterval(timer);
  }, [intervalMs]);
  return now;
}

/** What a row's button says for an act. */
function actLabel(act: StaffAct, member: StaffMember): string {
  switch (act) {
    case 'unlock':
      return '解锁';
    case 'resetPin':
      return '重置密码';
    case 'setRole':
      return '修改角色';
    case 'setActive':
      return member.active ? '停用' : '启用';
  }
}

/**
 * 人员: the window's staff accounts. The 系统管理员 adds them, disables and enables them, changes
 * their role, resets a PIN and lifts a lock; a 组长 sees the list and unlocks or resets the PIN
 * of a 窗口工作人员. Each offers only what the role may call (staff-rows.ts); the core decides,
 * and its refusals show in the dialog. Keyboard: / to the filter, ↓ into the list, ↑/↓ between
 * rows, Tab to a row's buttons, N to 新增人员 anywhere on the page but in a text field.
 */
export function StaffPage() {
  const session = useSession();
  const info = useWindowInfo();
  const { message } = AntApp.useApp();
  const list = useQuery('staff.list', {});
  // The event socket came back (the core may have restarted meanwhile): read the list again.
  useOnReconnect(list.reload);
  const now = useNow(30_000);
  const [filter, setFilter] = useState('');
  const [dialog, setDialog] = useState<OpenDialog | null>(null);
  const filterRef = useRef<InputRef>(null);
  const tableRef = useRef<HTMLDivElement>(null);
  // The row to put the focus back on when a dialog closes (its id), so the keyboard goes on from there.
  const returnTo = useRef<string | null>(null);

  const viewer: Viewer | null = session.staff ? { id: session.staff.id, role: session.staff.role } : null;
  const mayAdd = viewer !== null && mayCall(viewer.role, 'staff.add');
  const rows = useMemo(() => (list.data ?? []).filter((m) => matchesFilter(m, filter)), [list.data, filter]);

  useEffect(() => {
    filterRef.current?.focus();
  }, []);

  useHotkey(keys.plain('/'), () => filterRef.current?.focus({ cursor: 'all' }));
  // The button shows an N badge, so N works wherever the focus is on the page, except in a field
  // (the filter box takes an N as a letter) or behind an open dialog (useHotkey checks both).
  useHotkey(isAddKey, () => openDialog({ kind: 'add' }), { enabled: mayAdd });

  const rowElements = () => Array.from(tableRef.current?.querySelectorAll<HTMLElement>('tbody tr[data-staff-id]') ?? []);
  const focusRow = (index: number) => rowElements()[index]?.focus();

  const openDialog = (next: OpenDialog) => {
    const active = document.activeElement;
    returnTo.current = active instanceof HTMLElement ? (active.closest<HTMLElement>('tr[data-staff-id]')?.dataset['staffId'] ?? null) : null;
    setDialog(next);
  };

  /** Puts the cursor on the row of `id` if it is shown; false if not (yet). */
  const focusStaffRow = (id: string | null): boolean => {
    const row = id ? rowElements().find((r) => r.dataset['staffId'] === id) : undefined;
    row?.focus();
    return row !== undefined;
  };

  const closeDialog = () => {
    setDialog(null);
    const id = returnTo.current;
    // After the dialog's own focus handling: put the cursor back on the row it was opened from.
    setTimeout(() => {
      if (!focusStaffRow(id) && rowElements().length > 0) focusRow(0);
    }, 0);
  };

  // A changed account is read again with the list; the cursor goes to its row once it is there
  // (a new account's row only exists after the reload).
  const focusAfterReload = useRef<string | null>(null);
  useEffect(() => {
    if (focusAfterReload.current !== null && focusStaffRow(focusAfterReload.current)) focusAfterReload.current = null;
  }, [list.data]);

  const done = (text: string) => (member: StaffMember) => {
    void message.success(text.replace('{who}', `${member.name}（${member.staffNumber}）`));
    setDialog(null);
    focusAfterReload.current = member.id;
    list.reload();
  };

  const onTableKeyDown = (e: ReactKeyboardEvent<HTMLDivElement>) => {
    if (e.nativeEvent.isComposing) return;
    const items = rowElements();
    const index = items.findIndex((r) => r.contains(document.activeElement));
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      if (items.length === 0) return;
      e.preventDefault();
      const next = index < 0 ? 0 : Math.min(items.length - 1, Math.max(0, index + (e.key === 'ArrowDown' ? 1 : -1)));
      items[next]?.focus();
    }
  };

  const startAct = (act: StaffAct, member: StaffMember) => {
    if (act === 'resetPin' || act === 'setRole') openDialog({ kind: act, member });
    else if (act === 'unlock') openDialog({ kind: 'confirm', act: 'unlock', member });
    else openDialog({ kind: 'confirm', act: member.active ? 'disable' : 'enable', member });
  };

  const columns: ColumnsType<StaffMember> = [
    { title: '工号', dataIndex: 'staffNumber', width: 120, render: (v: string) => <span className="mono">{v}</span> },
    {
      title: '姓名',
      dataIndex: 'name',
      width: 160,
      render: (v: string, m) => (
        <span className="staff-name">
          {v}
          {m.id === viewer?.id && <Tag className="staff-self-tag">本人</Tag>}
        </span>
      ),
    },
    { title: '角色', dataIndex: 'role', width: 130, render: (_: unknown, m) => ROLE_LABELS[m.role] },
    {
      title: '状态',
      key: 'standing',
      width: 220,
      render: (_: unknown, m) => {
        const standing = standingOf(m, now, info.timeZone);
        return (
          <span className="staff-standing">
            <Tag color={STANDING_COLORS[standing.kind]}>{standing.label}</Tag>
            {m.pinChangeRequired && m.active && <Tag color="orange">待改密</Tag>}
          </span>
        );
      },
    },
    {
      title: '操作',
      key: 'acts',
      render: (_: unknown, m) => {
        const acts = viewer ? actsOn(viewer, m, now) : [];
        if (acts.length === 0) return <span className="muted">—</span>;
        return (
          <span className="staff-acts">
            {acts.map((act) => {
              const refusal = viewer ? ownRowRefusal(viewer, m, act) : null;
              const button = (
                <Button
                  key={act}
                  size="small"
                  danger={act === 'setActive' && m.active}
                  disabled={refusal !== null}
                  onClick={() => startAct(act, m)}
                >
                  {actLabel(act, m)}
                </Button>
              );
              return refusal === null ? button : <Tooltip key={act} title={refusal}>{button}</Tooltip>;
            })}
          </span>
        );
      },
    },
  ];

  const closed = () => closeDialog();

  return (
    <div className="page staff-page">
      <div className="page-head">
        <h2 className="page-title">人员</h2>
        {mayAdd && (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => openDialog({ kind: 'add' })} aria-keyshortcuts="N">
            新增人员
            <kbd className="button-key" aria-hidden>
              N
            </kbd>
          </Button>
        )}
      </div>
      <p className="muted page-lead">
        {mayAdd
          ? '本窗口的工作人员账号。新增的账号和重置过的密码，本人首次登录时须修改密码。'
          : '本窗口的工作人员账号。组长可为窗口工作人员解除登录锁定、重置密码；其他账号变动请联系系统管理员。'}
      </p>
      <Input
        ref={filterRef}
        className="staff-filter"
        allowClear
        prefix={<SearchOutlined />}
        aria-label="筛选人员"
        placeholder="按工号、姓名或角色筛选（按 / 定位到此，↓ 进入列表）"
        value={filter}
        onChange={(e) => setFilter(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === 'ArrowDown' && rows.length > 0) {
            e.preventDefault();
            focusRow(0);
          }
        }}
      />
      {list.error && (
        <Alert
          type="error"
          showIcon
          className="page-alert"
          role="alert"
          title={`人员列表读取失败：${errorMessage(list.error)}`}
          action={
            <Button size="small" onClick={list.reload}>
              重试
            </Button>
          }
        />
      )}
      <div ref={tableRef} onKeyDown={onTableKeyDown}>
        <Table<StaffMember>
          className="staff-table"
          aria-label="人员列表"
          size="small"
          rowKey="id"
          columns={columns}
          dataSource={rows}
          pagination={false}
          loading={list.loading && list.data === undefined}
          locale={{ emptyText: filter.trim() ? '没有符合条件的人员' : '暂无人员' }}
          // Each row takes the focus (↑/↓, N); data-staff-id finds it again after a dialog.
          onRow={(m) => ({ tabIndex: 0, ...{ 'data-staff-id': m.id } })}
        />
      </div>
      {list.data && (
        <div className="muted staff-count">
          共 {list.data.length} 人{filter.trim() ? `，显示 ${rows.length} 人` : ''}
        </div>
      )}

      {dialog?.kind === 'add' && <AddStaffDialog onDone={done('已新增 {who}')} onClose={closed} />}
      {dialog?.kind === 'resetPin' && (
        <ResetPinDialog member={dialog.member} onDone={done('已重置 {who} 的密码')} onClose={closed} />
      )}
      {dialog?.kind === 'setRole' && (
        <SetRoleDialog member={dialog.member} onDone={done('已修改 {who} 的角色')} onClose={closed} />
      )}
      {dialog?.kind === 'confirm' && (
        <ConfirmActDialog
          act={dialog.act}
          member={dialog.member}
          timeZone={info.timeZone}
          onDone={done(
            { disable: '已停用 {who}', enable: '已启用 {who}', unlock: '已解锁 {who}' }[dialog.act],
          )}
          onClose={closed}
        />
      )}
    </div>
  );
}
