import { Alert, App as AntApp, Form, Modal, type FormInstance } from 'antd';
import { useRef, useState, type ReactNode } from 'react';
import type { CaseDetail } from '../../../../../electron/contract';
import { isStaleCase, isVersionConflict, splitCallError, type FieldName, showFieldErrors } from '../../../shared/call-error';
import { confirmKeyDown, focusFirstField } from '../../../shared/dialog-keys';
import { useRunOwnAction } from './own-action';

/** What every case dialog is given by CaseActions. */
export interface CaseDialogProps {
  /** The case as it was when the dialog opened (its version goes with the call). */
  detail: CaseDetail;
  onDone: (detail: CaseDetail) => void;
  /** The core said the case has changed since: the page loads it again. */
  onStale: () => void;
  onClose: () => void;
}

interface Props<V extends object> extends Omit<CaseDialogProps, 'detail'> {
  title: string;
  okText: string;
  danger?: boolean;
  width?: number;
  form: FormInstance<V>;
  initialValues: V;
  /** Makes the call; resolves with the case as it now stands. */
  perform: (values: V) => Promise<CaseDetail>;
  /** A check the form's rules cannot express (e.g. "tick at least one"); returns the message. */
  check?: (values: V) => string | null;
  /** Where the core's `fieldErrors[].path` goes in this form. */
  fieldFor: (path: string) => FieldName | null;
  children: ReactNode;
}

/**
 * One dialog shape for every case action: the form, a spinner on the button while the core
 * works, the core's messages beside the fields it names and its general message on top.
 * Mounted only while open, so each opening starts from a clean form. Keyboard: the cursor
 * starts in the first field, Enter in a one-line field and Ctrl+Enter anywhere confirm, Esc
 * cancels (see shared/dialog-keys.ts), asking first once anything was typed.
 */
export function ActionModal<V extends object>({
  title,
  okText,
  danger,
  width,
  form,
  initialValues,
  perform,
  check,
  fieldFor,
  onDone,
  onStale,
  onClose,
  children,
}: Props<V>) {
  const [busy, setBusy] = useState(false);
  // Taken before the form is validated: a second Enter during validation must not send twice.
  const busyRef = useRef(false);
  const [general, setGeneral] = useState<string | null>(null);
  // The case moved on under the dialog: what was typed stays readable, but sending it again
  // would only be refused again, so the clerk closes the dialog and looks at the case anew.
  const [stale, setStale] = useState(false);
  const rootRef = useRef<HTMLDivElement>(null);
  const { modal } = AntApp.useApp();
  const runOwnAction = useRunOwnAction();

  // Esc, × and 取消 are one key or click away from a reason the clerk spent a minute typing:
  // once anything was entered, closing asks first, with 继续填写 (keep the text) as the default.
  const requestClose = () => {
    if (busy) return;
    if (stale || !form.isFieldsTouched()) {
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

  // The dialog focuses itself, and then its first tab stop (the ×), when it opens; the cursor
  // belongs in the first field — unless the clerk has already put it somewhere in the form.
  const focusFirst = () => {
    const root = rootRef.current;
    const active = document.activeElement;
    if (!root || (active instanceof HTMLElement && root.contains(active) && active.closest('form'))) return;
    focusFirstField(root.querySelector('form'));
  };

  const submit = async () => {
    if (busyRef.current || stale) return;
    busyRef.current = true;
    try {
      let values: V;
      try {
        values = await form.validateFields();
      } catch {
        return; // the form shows what is missing
      }
      const problem = check?.(values) ?? null;
      setGeneral(problem);
      if (problem) return;
      setBusy(true);
      let next: CaseDetail;
      try {
        next = await runOwnAction(() => perform(values));
      } catch (err) {
        const split = splitCallError(err, fieldFor);
        showFieldErrors(form, split.fields);
        if (isStaleCase(err)) {
          setStale(true);
          // The core's own words ask for a refresh, which has just been done.
          setGeneral(
            isVersionConflict(err)
              ? '本对话框打开后，该办件已有新的办理记录，页面已显示最新内容。请返回办件，核对后再操作。'
              : `${split.general ?? '办件已有变化'}（页面已显示最新内容，请返回办件核对）`,
          );
          onStale();
        } else {
          setGeneral(split.general);
        }
        setBusy(false);
        return;
      }
      onDone(next);
    } finally {
      busyRef.current = false;
    }
  };

  return (
    <Modal
      open
      title={title}
      width={width ?? 560}
      okText={okText}
      cancelText={stale ? '返回办件' : '取消'}
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
