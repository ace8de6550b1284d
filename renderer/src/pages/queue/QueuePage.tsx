import { Alert, Button, Card, Empty, Modal, Result, Space, Table, Tag } from 'antd';
import { useCallback, useEffect, useRef, useState } from 'react';
import {
  NO_HALL_SERVER_WORDS,
  QUEUE_REFUSAL_WORDS,
  TICKET_STATE_WORDS,
  type QueuePanel,
  type QueuePressResult,
  type WindowAction,
} from '../../../../electron/contract';
import { useCoreEvent, useCounter, useQuery } from '../../api/hooks';
import { useWindowInfo } from '../../app/frame-context';
import { useHotkey } from '../../app/shortcuts';
import { errorMessage, isCallError } from '../../shared/call-error';
import { formatInstantShort } from '../../shared/format';
import { DispenserAlerts } from './DispenserAlerts';
import { HallRefusals } from './HallRefusals';
import { PauseDialog, TransferDialog, TRANSFER_TARGET_REFUSALS } from './queue-dialogs';
import { todayFiguresWords } from './today-figures';
import { chooseOptions, directAction, moveChoice, pressNote, transferDialogWords, whyNot } from './panel-actions';
import { isQueueKey, queueKeyFor, queueKeyOf, type QueueKeyAction } from './queue-keys';
import './queue.css';

/** What the panel says after a press, beside the buttons. */
interface Note {
  words: string;
  refused: boolean;
  /** A press whose answer was lost: 重试 sends it again with the same pressId (applied once). */
  retry?: { action: WindowAction; pressId: string };
}

type DialogKind = 'choose' | 'pause' | 'transfer' | null;

function newPressId(): string {
  return crypto.randomUUID();
}

/**
 * 叫号 at the window: the ticket at the counter, the calling keys (F3 叫号, F4 重呼, F7 过号,
 * F8 选号, F9 暂停/恢复, F10 转移: queue-keys.ts, in the F1 sheet), what waits per category and
 * the numbers this window skipped (recallable for the rest of the day). Each press carries a
 * pressId made here, so 重试 after a lost answer is applied once.
 */
export function QueuePage() {
  const client = useCounter();
  const info = useWindowInfo();
  const query = useQuery('queue.state', {});
  const [panel, setPanel] = useState<QueuePanel>();
  const [note, setNote] = useState<Note | null>(null);
  const [dialog, setDialog] = useState<DialogKind>(null);
  /** The ticket the 选号 chooser opens on (a number clicked in 等候人数), else its first. */
  const [chooseFirst, setChooseFirst] = useState<string>();
  const [busy, setBusy] = useState(false);
  const busyRef = useRef(false);

  useEffect(() => {
    if (query.data) setPanel(query.data);
  }, [query.data]);
  useCoreEvent('queue.changed', setPanel);
  // 当前没有等候的号 is the answer of a press to the line as it was: once a served line has someone
  // waiting again (a number taken, the server back), it no longer holds and goes (trial F13).
  useEffect(() => {
    if (note?.refused && note.words === QUEUE_REFUSAL_WORDS.queueEmpty && panel?.waiting.some((l) => panel.serves.includes(l.letter) && l.count > 0)) setNote(null);
  }, [panel, note]);

  const press = useCallback(
    async (action: WindowAction, pressId: string = newPressId()): Promise<QueuePressResult | 'busy' | null> => {
      // A key held down repeats: one press at a time ('busy': this one was not sent at all).
      if (busyRef.current) return 'busy';
      busyRef.current = true;
      setBusy(true);
      try {
        const result = await client.call('queue.press', { action, pressId });
        setPanel(result.panel);
        setNote(pressNote(result));
        return result;
      } catch (err) {
        // Lost on the way (the answer, or the call): the same pressId again cannot press twice.
        setNote({ words: errorMessage(err), refused: true, ...(isCallError(err, 'unavailable') ? { retry: { action, pressId } } : {}) });
        return null;
      } finally {
        busyRef.current = false;
        setBusy(false);
      }
    },
    [client],
  );

  const act = useCallback(
    (action: QueueKeyAction) => {
      if (!panel) return;
      const direct = directAction(panel, action);
      if (direct) {
        void press(direct);
        return;
      }
      if (action === 'pauseToggle') setDialog('pause');
      else if (action === 'choose' || action === 'transfer') {
        const why = whyNot(panel, action);
        if (why) setNote({ words: why, refused: true });
        else {
          if (action === 'choose') setChooseFirst(undefined);
          setDialog(action);
        }
      }
    },
    [panel, press],
  );

  useHotkey(isQueueKey, (e) => {
    const key = queueKeyFor(e);
    if (key) act(key.action);
  }, { whileTyping: true });

  if (query.error && !panel) {
    return (
      <div className="page queue-page">
        <Result status="warning" title="叫号不可用" subTitle={errorMessage(query.error)} extra={<Button onClick={query.reload}>重试</Button>} />
      </div>
    );
  }
  if (!panel) return <div className="page queue-page" aria-busy="true" />;

  const button = (action: QueueKeyAction, label: string, primary = false) => {
    const why = whyNot(panel, action);
    return (
      <Button
        key={action}
        size="large"
        type={primary ? 'primary' : 'default'}
        disabled={busy || (why !== null && action !== 'recall')}
        title={why ?? undefined}
        onClick={() => act(action)}
      >
        {label} <kbd className="queue-key">{queueKeyOf(action)}</kbd>
      </Button>
    );
  };

  return (
    <div className="page queue-page">
      <div className="page-head">
        <h2 className="page-title">叫号 · {panel.window} 号窗口</h2>
        <Space>
          {panel.mode.mode === 'hall' && <Tag color="green">大厅排队服务器</Tag>}
          {panel.mode.mode === 'local' && <Tag color="orange">本机号段</Tag>}
          {/* Local tickets and presses wait for the hall server — only where there is one. */}
          {panel.mode.unsentHistory > 0 && panel.mode.words !== NO_HALL_SERVER_WORDS && <Tag>待上传 {panel.mode.unsentHistory}</Tag>}
        </Space>
      </div>
      {panel.mode.words && <Alert className="queue-mode" type={panel.mode.mode === 'off' ? 'info' : 'warning'} showIcon message={panel.mode.words} />}
      <DispenserAlerts dispensers={panel.dispensers ?? []} />
      <HallRefusals notices={panel.hallRefusals ?? []} onPanel={setPanel} />
      {todayFiguresWords(panel.today) && (
        <div className="queue-today muted" aria-label="今日统计">
          {todayFiguresWords(panel.today)}
        </div>
      )}
      <div className="queue-columns">
        <Card className="queue-current" title="当前号">
          <div className="queue-current-number" aria-label="当前号">
            {panel.current ? panel.current.number : '—'}
          </div>
          <div className="queue-current-state">
            {panel.current ? (
              <>
                {TICKET_STATE_WORDS[panel.current.state]}
                {panel.current.calledAt && ` · ${formatInstantShort(panel.current.calledAt, info.timeZone, info.today)} 叫号`}
              </>
            ) : panel.paused ? (
              `暂停中：${panel.paused.reason}`
            ) : (
              '按 F3 叫下一号'
            )}
          </div>
          <div className="queue-buttons">
            {button('callNext', '叫号', true)}
            {button('recall', '重呼')}
            {button('skip', '过号')}
            {button('choose', '选号')}
            {panel.paused ? (
              <Button size="large" type="primary" danger disabled={busy} onClick={() => act('pauseToggle')}>
                恢复 <kbd className="queue-key">{queueKeyOf('pauseToggle')}</kbd>
              </Button>
            ) : (
              button('pauseToggle', '暂停')
            )}
            {button('transfer', '转移')}
            <Button size="large" disabled={busy || panel.current === null} onClick={() => void press({ kind: 'finish' })}>
              办结
            </Button>
          </div>
          {/* Beside the panel: the press's words, a refusal in the core's own words (QUEUE_REFUSAL_WORDS). */}
          <div className="queue-note" role="status" aria-live="polite">
            {note && (
              <Alert
                type={note.refused ? 'warning' : 'success'}
                showIcon
                message={note.words}
                action={
                  note.retry && (
                    <Button size="small" onClick={() => note.retry && void press(note.retry.action, note.retry.pressId)}>
                      重试
                    </Button>
                  )
                }
              />
            )}
          </div>
          {panel.paused && <Alert type="warning" showIcon message={`窗口暂停中（${panel.paused.reason}），按 F9 恢复`} />}
        </Card>
        <div className="queue-side">
          <Card title="等候人数" size="small">
            <WaitingTable
              panel={panel}
              onPick={
                busy || panel.paused !== null
                  ? undefined
                  : (ticketId) => {
                      setChooseFirst(ticketId);
                      setDialog('choose');
                    }
              }
            />
          </Card>
          <Card title="本窗口过号（可重呼）" size="small">
            <SkippedList panel={panel} timeZone={info.timeZone} today={info.today} onRecall={(ticketId) => void press({ kind: 'recall', ticketId })} busy={busy} />
          </Card>
        </div>
      </div>
      <ChooseDialog open={dialog === 'choose'} panel={panel} first={chooseFirst} onClose={() => setDialog(null)} onChoose={(action) => { setDialog(null); void press(action); }} />
      <PauseDialog open={dialog === 'pause'} onClose={() => setDialog(null)} onPause={(reason) => { setDialog(null); void press({ kind: 'pause', reason }); }} />
      <TransferDialog
        open={dialog === 'transfer'}
        panel={panel}
        onClose={() => setDialog(null)}
        onTransfer={async (action) => {
          // A refusal about the target is said beside its field, the dialog open to correct it.
          // Not sent (a press still on its way, review F5): said there too, the dialog open — not closed as if done.
          const words = transferDialogWords(await press(action), TRANSFER_TARGET_REFUSALS);
          if (words === null) setDialog(null);
          return words;
        }}
      />
    </div>
  );
}

/** What waits per category; a served category's numbers are buttons opening 选号 on that number. */
function WaitingTable({ panel, onPick }: { panel: QueuePanel; onPick: ((ticketId: string) => void) | undefined }) {
  return (
    <Table
      size="small"
      pagination={false}
      rowKey="letter"
      dataSource={panel.waiting}
      locale={{ emptyText: '没有等候的号' }}
      rowClassName={(line) => (panel.serves.includes(line.letter) ? 'queue-served' : '')}
      columns={[
        { title: '类别', key: 'name', render: (_, line) => `${line.letter} ${line.name}` },
        { title: '等候', dataIndex: 'count', align: 'right', render: (n: number) => `${n} 人` },
        {
          title: '接下来',
          key: 'next',
          render: (_, line) =>
            onPick && panel.serves.includes(line.letter) && line.nextTickets.length > 0 ? (
              <span className="queue-next-pick">
                {line.nextTickets.map((t) => (
                  <Button key={t.ticketId} size="small" type="link" title={`选号：${t.number}`} onClick={() => onPick(t.ticketId)}>
                    {t.number}
                  </Button>
                ))}
              </span>
            ) : (
              line.next.join('、') || '—'
            ),
        },
      ]}
    />
  );
}

function SkippedList({
  panel,
  timeZone,
  today,
  onRecall,
  busy,
}: {
  panel: QueuePanel;
  timeZone: string;
  today: string;
  onRecall: (ticketId: string) => void;
  busy: boolean;
}) {
  if (panel.skipped.length === 0) return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="今天没有过号" />;
  return (
    <ul className="queue-skipped">
      {panel.skipped.map((t) => (
        <li key={t.id}>
          <span className="queue-skipped-number">{t.number}</span>
          <span className="muted">{t.skippedAt ? `${formatInstantShort(t.skippedAt, timeZone, today)} 过号` : ''}</span>
          <Button size="small" disabled={busy || panel.paused !== null} onClick={() => onRecall(t.id)}>
            重呼
          </Button>
        </li>
      ))}
    </ul>
  );
}

const OPTION_STYLE = { padding: '4px 12px', border: '1px solid #d9d9d9', borderRadius: 6, cursor: 'pointer', fontSize: 16 } as const;
const CHOSEN_STYLE = { borderColor: '#1677ff', background: '#1677ff', color: '#fff' } as const;

/**
 * 选号: a waiting number of a served category (called out of turn, `callChosen`) or a number this
 * window skipped (recalled). Keyboard: ↑/↓ (or ←/→) choose, Enter calls, Esc closes; click
 * chooses, double click calls.
 */
function ChooseDialog({
  open,
  panel,
  first,
  onClose,
  onChoose,
}: {
  open: boolean;
  panel: QueuePanel;
  first: string | undefined;
  onClose: () => void;
  onChoose: (action: WindowAction) => void;
}) {
  const options = chooseOptions(panel);
  const [chosen, setChosen] = useState<string>();
  const listRef = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (open) setChosen(options.some((o) => o.ticketId === first) ? first : options[0]?.ticketId);
    // Only on opening: a panel change while open keeps the clerk's choice (a number called
    // elsewhere leaves the list, and 呼叫 is disabled until another is chosen).
  }, [open, first]);
  const picked = options.find((o) => o.ticketId === chosen);
  const callPicked = () => picked && onChoose(picked.action);
  // The keys are heard on the whole page while the chooser is open: a clerk types F8 ↓ ↓ Enter
  // faster than the dialog opens and takes the focus. Refs give the listener the present choice.
  const latest = useRef({ options, picked, onChoose });
  latest.current = { options, picked, onChoose };
  useEffect(() => {
    if (!open) return undefined;
    const onKey = (e: KeyboardEvent) => {
      const target = e.target instanceof HTMLElement ? e.target : null;
      if (target?.closest('input, textarea, select')) return;
      // Enter on the dialog's 取消 / 呼叫 is theirs. Anywhere else it calls: the dialog's focus trap
      // may put the focus on its ✕ on opening, and a page button behind it may still hold it.
      if (e.key === 'Enter' && target?.closest('.ant-modal-footer button')) return;
      const step = e.key === 'ArrowDown' || e.key === 'ArrowRight' ? 1 : e.key === 'ArrowUp' || e.key === 'ArrowLeft' ? -1 : 0;
      if (step !== 0) {
        e.preventDefault();
        setChosen((c) => moveChoice(latest.current.options, c, step));
      } else if (e.key === 'Enter' && !e.repeat) {
        e.preventDefault();
        const now = latest.current.picked;
        if (now) latest.current.onChoose(now.action);
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [open]);
  return (
    <Modal
      open={open}
      title="选号"
      okText="呼叫"
      cancelText="取消"
      onCancel={onClose}
      okButtonProps={{ disabled: picked === undefined }}
      onOk={callPicked}
      afterOpenChange={(opened) => opened && listRef.current?.focus()}
      destroyOnHidden
    >
      {options.length > 0 ? (
        <div
          ref={listRef}
          role="listbox"
          aria-label="可选的号"
          aria-activedescendant={picked ? `choose-${picked.ticketId}` : undefined}
          tabIndex={0}
          className="queue-choose"
        >
          {options.map((o) => (
            <div
              key={o.ticketId}
              id={`choose-${o.ticketId}`}
              role="option"
              aria-selected={o.ticketId === chosen}
              style={o.ticketId === chosen ? { ...OPTION_STYLE, ...CHOSEN_STYLE } : OPTION_STYLE}
              onClick={() => setChosen(o.ticketId)}
              onDoubleClick={() => onChoose(o.action)}
            >
              {o.label}
            </div>
          ))}
        </div>
      ) : (
        <p>{QUEUE_REFUSAL_WORDS.queueEmpty}</p>
      )}
      <p className="muted">↑ ↓ 选择，Enter 呼叫，Esc 取消。所选号码已被其他窗口叫走时，呼叫不会生效并会提示。</p>
    </Modal>
  );
}
