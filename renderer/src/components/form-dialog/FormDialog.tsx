import { Alert, App as AntApp, Form, Modal, type FormInstance } from 'antd';
import { useRef, useState, type ReactNode } from 'react';
import { splitCallError, showFieldErrors, type FieldName } from '../../shared/call-error';
import { confirmKeyDown, focusFirstField } from '../../shared/dialog-keys';

/** What the core's refusal makes of the dialog: words on top, and whether it is now stale (see `staleWords`). */
export interface FormDialogProps<V extends object, R> {
  title: string;
  okText: string;
  danger?: boolean;
  /** Pixels; default 520. */
  width?: number;
  form: FormInstance<V>;
  initialValues: V;
  /** Above the form, under the message on top: what the act does, what it is about. */
  intro?: ReactNode;
  /** A rule over several fields, checked after each field's own: its words on top, or null. */
  check?: (values: V) => string | null;
  /** Makes the call; resolves with what the caller is handed in `onDone`. */
  perform: (values: V) => Promise<R>;
  /** Where the core's `fieldErrors[].path` goes in this form; anything else goes on top. */
  fieldFor: (path: string) => FieldName | null;
  /**
   * The refusal means the thing moved on under the dialog (a version conflict, a step no longer
   * allowed): the words to show on top, or null for any other refusal. A stale dialog keeps what
   * was typed readable, can no longer be sent, its cancel button says `staleCancelText`, and
   * `onStale` is called (the page reads the thing again).
   */
  staleWords?: (err: unknown, general: string | null) => string | null;
  staleCancelText?: string;
  onStale?: () => void;
  /** Ask before closing once anything was typed (default true): a reason is a minute's work. */
  askBeforeDiscard?: boolean;
  onDone: (result: R) => void;
  onClose: () => void;
  children: ReactNode;
}

/**
 * The app's one shape of a dialog that sends a small form: a spinner on the button while the
 * core works (and a second Enter meanwhile sends nothing), the core's refusals beside the fields
 * they name and any other on top in its words (not twice), optionally a "stale" state when the
 * thing changed under it. Mounted only while open, so each opening starts from a clean form.
 * Keyboard as every dialog of the app: the cursor starts in the first field (or on the button
 * when there is none), Enter in a one-line field and Ctrl+Enter anywhere confirm, Esc closes,
 * asking first once something was typed.
 */
export function FormDialog<V extends object, R>({
  title,
  okText,
  danger,
  width,
  form,
  initialValues,
  intro,
  check,
  perform,
  fieldFor,
  staleWords,
  staleCancelText,
  onStale,
  askBeforeDiscard = true,
  onDone,
  onClose,
  children,
}: FormDialogProps<V, R>) {
  const [busy, setBusy] = useState(false);
  // Taken before the form is validated: a second Enter during validation must not send twice.
  const busyRef = useRef(false);
  const [general, setGeneral] = useState<string | null>(null);
  const [stale, setStale] = useState(false);
  const rootRef = useRef<HTMLDivElement>(null);
  const { modal } = AntApp.useApp();

  const requestClose = () => {
    if (busyRef.current) return;
    if (!askBeforeDiscard || stale || !form.isFieldsTouched()) {
      onClose();
      return;
    }
    modal.confirm({
      title: '放弃已填写的内容？',
      content: '关闭后，本对话框中填写的内容不会保存。',
      okText: '放弃并关闭',
      cancelText: '继续填写',
      okButtonProps: { danger: true },
      autoFocusButton: 'cancel',
      onOk: onClose,
    });
  };

  // The dialog focuses itself, then its first tab stop (the ×), when it opens: the cursor belongs
  // in the first field — unless it is already somewhere in the form; with no field (only a
  // question), on the button, so Enter answers it.
  const focusFirst = () => {
    const root = rootRef.current;
    if (!root) return;
    const active = document.activeElement;
    if (active instanceof HTMLElement && root.contains(active) && active.closest('form')) return;
    if (focusFirstField(root.querySelector('form'))) return;
    root.querySelector<HTMLButtonElement>('.ant-modal-footer .ant-btn-primary')?.focus();
  };

  const submit = async () => {
    if (busyRef.current || stale) return;
    busyRef.current = true;
    try {
      let values: V;
      try {
        values = await form.validateFields();
      } catch {
        return; // each field shows what is missing
      }
      const problem = check?.(values) ?? null;
      setGeneral(problem);
      if (problem) return;
      setBusy(true);
      let result: R;
      try {
        result = await perform(values);
      } catch (err) {
        const split = splitCallError(err, fieldFor);
        showFieldErrors(form, split.fields);
        const staleGeneral = staleWords?.(err, split.general) ?? null;
        if (staleGeneral !== null) {
          setStale(true);
          setGeneral(staleGeneral);
          onStale?.();
        } else {
          // A refusal about one field (工号 1001 已存在) is said beside it, not twice.
          const besideFields = new Set(split.fields.flatMap((f) => f.errors));
          setGeneral(split.general !== null && besideFields.has(split.general) ? null : split.general);
        }
        setBusy(false);
        return;
      }
      onDone(result);
    } finally {
      busyRef.current = false;
    }
  };

  return (
    <Modal
      open
      title={title}
      width={width ?? 520}
      okText={okText}
      cancelText={stale ? (staleCancelText ?? '关闭') : '取消'}
      okButtonProps={{ danger, loading: busy, disabled: stale }}
      cancelButtonProps={{ disabled: busy }}
      onOk={() => void submit()}
      onCancel={requestClose}
      mask={{ closable: false }}
      keyboard={!busy}
      afterOpenChange={(open) => {
        if (open) focusFirst();
      }}
      modalRender={(node) => (
        <div ref={rootRef} onKeyDownCapture={(e) => confirmKeyDown(e, () => void submit())}>
          {node}
        </div>
      )}
    >
      {general && <Alert type="error" showIcon title={general} className="form-top-alert" role="alert" />}
      {intro}
      <Form<V>
        form={form}
        layout="vertical"
        initialValues={initialValues as Record<string, unknown>}
        disabled={busy}
        onFinish={() => void submit()}
        requiredMark
      >
        {children}
      </Form>
    </Modal>
  );
}
