import { Alert, Form, Modal, type FormInstance } from 'antd';
import { useState, type ReactNode } from 'react';
import type { CaseDetail } from '../../../../../electron/contract';
import { splitCallError, type FieldName, showFieldErrors } from '../../../shared/call-error';

interface Props<V extends object> {
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
  onDone: (detail: CaseDetail) => void;
  onClose: () => void;
  children: ReactNode;
}

/**
 * One dialog shape for every case action: the form, a spinner on the button while the core
 * works, the core's messages beside the fields it names and its general message on top.
 * Mounted only while open, so each opening starts from a clean form.
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
  onClose,
  children,
}: Props<V>) {
  const [busy, setBusy] = useState(false);
  const [general, setGeneral] = useState<string | null>(null);

  const submit = async () => {
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
    try {
      onDone(await perform(values));
    } catch (err) {
      const split = splitCallError(err, fieldFor);
      showFieldErrors(form, split.fields);
      setGeneral(split.general);
      setBusy(false);
    }
  };

  return (
    <Modal
      open
      title={title}
      width={width ?? 560}
      okText={okText}
      cancelText="取消"
      okButtonProps={{ danger, loading: busy }}
      cancelButtonProps={{ disabled: busy }}
      onOk={() => void submit()}
      onCancel={() => {
        if (!busy) onClose();
      }}
      mask={{ closable: false }}
      keyboard={!busy}
    >
      {general && <Alert type="error" showIcon title={general} className="form-top-alert" />}
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
