import { Button, Form, Input, InputNumber, Modal, Radio, Select, type InputRef } from 'antd';
import { useEffect, useRef, useState } from 'react';
import { PAUSE_REASONS, type QueuePanel, type QueueRefusal, type WindowAction } from '../../../../electron/contract';
import { useQuery } from '../../api/hooks';
import { confirmKeyDown } from '../../shared/dialog-keys';

// The 叫号 page's two dialogs with a field (F9 暂停, F10 转移). Keyboard as every form dialog
// (shared/dialog-keys.ts, the F1 sheet's 对话框 group): the cursor starts in the field, Enter in
// it confirms, Ctrl+Enter confirms from anywhere in the dialog, Esc closes. A keyboard-only clerk
// types F9 午休 Enter, or F10 3 Enter (trial findings F14, F18).

/** The longest pause reason the hall display has room for. */
const REASON_MAX = 20;

/**
 * 暂停 with a reason: typed (at most REASON_MAX characters) or one of PAUSE_REASONS picked from the
 * buttons under the field. The field opens holding the first reason, selected, so F9 Enter pauses
 * with it and typing replaces it. No drop-down: one used to cover the 暂停 button.
 */
export function PauseDialog({ open, onClose, onPause }: { open: boolean; onClose: () => void; onPause: (reason: string) => void }) {
  const [reason, setReason] = useState<string>(PAUSE_REASONS[0]);
  const inputRef = useRef<InputRef>(null);
  useEffect(() => {
    if (open) setReason(PAUSE_REASONS[0]);
  }, [open]);
  const ok = reason.trim().length > 0 && reason.trim().length <= REASON_MAX;
  const confirm = () => {
    if (ok) onPause(reason.trim());
  };
  const focusField = () => inputRef.current?.focus({ cursor: 'all' });
  return (
    <Modal
      open={open}
      title="暂停叫号"
      okText="暂停"
      cancelText="取消"
      onCancel={onClose}
      okButtonProps={{ disabled: !ok }}
      onOk={confirm}
      afterOpenChange={(opened) => opened && focusField()}
      modalRender={(node) => <div onKeyDownCapture={(e) => confirmKeyDown(e, confirm)}>{node}</div>}
      destroyOnHidden
    >
      <p id="queue-pause-label">暂停原因（显示在大厅显示屏上）：</p>
      <Input
        ref={inputRef}
        autoFocus
        aria-labelledby="queue-pause-label"
        value={reason}
        onChange={(e) => setReason(e.target.value)}
        onFocus={(e) => e.target.select()}
        maxLength={REASON_MAX}
        placeholder="输入原因，或点下面的常用原因"
      />
      <div className="queue-pause-reasons" aria-label="常用原因">
        {PAUSE_REASONS.map((r) => (
          <Button
            key={r}
            size="small"
            type={r === reason ? 'primary' : 'default'}
            onClick={() => {
              setReason(r);
              focusField();
            }}
          >
            {r}
          </Button>
        ))}
      </div>
      <p className="muted">Enter 暂停，Esc 取消。</p>
    </Modal>
  );
}

/** The refusals about the transfer's target: said beside its field, the dialog kept open to correct it. */
export const TRANSFER_TARGET_REFUSALS: readonly QueueRefusal[] = ['transferToSelf', 'unknownWindow', 'unknownCategory'];

/**
 * 转移 the ticket at the counter to another window or another category, keeping its place. The
 * cursor starts in the window number. `onTransfer` presses and answers the words of a refusal
 * about the target (shown under the field, the dialog stays open) or null (the dialog closes).
 */
export function TransferDialog({
  open,
  panel,
  onClose,
  onTransfer,
}: {
  open: boolean;
  panel: QueuePanel;
  onClose: () => void;
  onTransfer: (action: WindowAction) => Promise<string | null>;
}) {
  const [to, setTo] = useState<'window' | 'category'>('window');
  const [windowNumber, setWindowNumber] = useState<number>();
  const [letter, setLetter] = useState<string>();
  const [refusal, setRefusal] = useState<string | null>(null);
  const [sending, setSending] = useState(false);
  const rootRef = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!open) return;
    setTo('window');
    setWindowNumber(undefined);
    setLetter(undefined);
    setRefusal(null);
  }, [open]);
  const target = to === 'window' ? (windowNumber !== undefined ? { window: windowNumber } : null) : letter !== undefined ? { category: letter } : null;
  // The hall's categories with their names (the dispenser's list is public and the same rules').
  const categories = useQuery('queue.dispenserState', open ? {} : null).data?.categories ?? panel.waiting;
  const confirm = () => {
    if (target === null) {
      setRefusal(to === 'window' ? '请输入窗口号' : '请选择业务类别');
      return;
    }
    if (target && 'window' in target && target.window === panel.window) {
      setRefusal('不能转移到本窗口');
      return;
    }
    if (sending) return;
    setSending(true);
    onTransfer({ kind: 'transfer', to: target })
      .then(setRefusal)
      .finally(() => setSending(false));
  };
  const focusField = () => rootRef.current?.querySelector<HTMLElement>(to === 'window' ? '.queue-transfer-window input' : '.queue-transfer-category input')?.focus();
  useEffect(() => {
    // The other kind chosen: the cursor goes to its field.
    if (open) focusField();
  }, [to]);
  return (
    <Modal
      open={open}
      title={`转移 ${panel.current?.number ?? ''}`}
      okText="转移"
      cancelText="取消"
      onCancel={onClose}
      okButtonProps={{ loading: sending }}
      onOk={confirm}
      afterOpenChange={(opened) => opened && focusField()}
      modalRender={(node) => (
        <div ref={rootRef} onKeyDownCapture={(e) => confirmKeyDown(e, confirm)}>
          {node}
        </div>
      )}
      destroyOnHidden
    >
      <p className="muted">转移后该号按原取号时间回到队列，不需重新取号。</p>
      <Radio.Group value={to} onChange={(e) => { setTo(e.target.value as 'window' | 'category'); setRefusal(null); }} style={{ marginBottom: 12 }}>
        <Radio value="window">转到窗口</Radio>
        <Radio value="category">转到业务类别</Radio>
      </Radio.Group>
      <Form.Item validateStatus={refusal ? 'error' : ''} help={refusal ?? undefined} style={{ marginBottom: 0 }}>
        {to === 'window' ? (
          <div className="queue-transfer-window">
          <InputNumber
            autoFocus
            aria-label="转到的窗口号"
            style={{ width: '100%' }}
            min={1}
            max={999}
            precision={0}
            placeholder="窗口号"
            addonAfter="号窗口"
            value={windowNumber}
            onChange={(v) => {
              setWindowNumber(v ?? undefined);
              setRefusal(null);
            }}
          />
          </div>
        ) : (
          <div className="queue-transfer-category">
          <Select
            aria-label="转到的业务类别"
            style={{ width: '100%' }}
            placeholder="业务类别"
            value={letter}
            onChange={(v: string) => {
              setLetter(v);
              setRefusal(null);
            }}
            options={categories.map((c) => ({ value: c.letter, label: `${c.letter} ${c.name}` }))}
          />
          </div>
        )}
      </Form.Item>
      <p className="muted" style={{ marginTop: 8 }}>Enter 转移，Esc 取消。</p>
    </Modal>
  );
}
