import { Alert, App as AntApp, Form, Modal, type FormInstance } from 'antd';
import { useRef, useState, type ReactNode } from 'react';
import type { StaffMember } from '../../../../electron/contract';
import { splitCallError, showFieldErrors, type FieldName } from '../../shared/call-error';
import { confirmKeyDown, focusFirstField } from '../../shared/dialog-keys';

interface Props<V extends object> {
  title: string;
  okText: string;
  danger?: boolean;
  form: FormInstance<V>;
  initialValues: V;
  /** Makes the call; resolves with the account as it now stands. */
  perform: (values: V) => Promise<StaffMember>;
  /** Where the core's `fieldErrors[].path` goes in this form; anything else goes on top. */
  fieldFor: (path: string) => FieldName | null;
  onDone: (member: StaffMember) => void;
  onClose: () => void;
  children: ReactNode;
}

/**
 * One dialog shape for every act on a staff account: the form (possibly only a question), a
 * spinner on the button while the core works, the core's refusals beside the fields they name
 * (a taken 工号, a trivial PIN) and any other (oneself, the last 系统管理员) on top, in its words.
 * Mounted only while open. Keyboard: the cursor starts in the first field (or on the button
 * when there is none), Enter in a one-line field and Ctrl+Enter anywhere confirm, Esc closes,
 * asking first once something was typed.
 */
export function StaffDialog<V extends object>({
  title,
  okText,
  danger,
  form,
  initialValues,
  perform,
  fieldFor,
  onDone,
  onClose,
  children,
}: Props<V>) {
  const [busy, setBusy] = useState(false);
  // Taken before the form is validated: a second Enter during validation must not send twice.
  const busyRef = useRef(false);
  const [general, setGeneral] = useState<string | null>(null);
  const rootRef = useRef<HTMLDivElement>(null);
  const { modal } = AntApp.useApp();

  // A PIN typed twice is a minute's work: once anything was entered, closing asks first.
  const requestClose = () => {
    if (busyRef.current) return;
    if (!form.isFieldsTouched()) {
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

  const focusFirst = () => {
    const root = rootRef.current;
    if (!root) return;
    const active = document.activeElement;
    if (active instanceof HTMLElement && root.contains(active) && active.closest('form')) return;
    if (focusFirstField(root.querySelector('form'))) return;
    // Only a question (停用, 解锁): Enter answers it.
    root.querySelector<HTMLButtonElement>('.ant-modal-footer .ant-btn-primary')?.focus();
  };

  const submit = async () => {
    if (busyRef.current) return;
    busyRef.current = true;
    try {
      let values: V;
      try {
        values = await form.validateFields();
      } catch {
        return; // the form shows what is missing
      }
      setGeneral(null);
      setBusy(true);
      let member: StaffMember;
      try {
        member = await perform(values);
      } catch (err) {
        const split = splitCallError(err, fieldFor);
        showFieldErrors(form, split.fields);
        // A refusal about one field (工号 1001 已存在) is said beside it, not twice.
        const besideFields = new Set(split.fields.flatMap((f) => f.errors));
        setGeneral(split.general !== null && besideFields.has(split.general) ? null : split.general);
        setBusy(false);
        return;
      }
      onDone(member);
    } finally {
      busyRef.current = false;
    }
  };

  return (
    <Modal
      open
      title={title}
      width={520}
      okText={okText}
      cancelText="取消"
      okButtonProps={{ danger, loading: busy }}
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
