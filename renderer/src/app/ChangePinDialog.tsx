import { App as AntApp, Alert, Form, Modal } from 'antd';
import { useRef, useState } from 'react';
import { useCounter } from '../api/hooks';
import { showFieldErrors } from '../shared/call-error';
import { confirmKeyDown, focusFirstField } from '../shared/dialog-keys';
import { changePinArgs, changePinErrors, type ChangePinValues } from './change-pin';
import { ChangePinFields } from './ChangePinFields';
import { useSetSession } from './frame-context';

/**
 * 修改密码 for the signed-in person, from the header's user menu: the current PIN and a new one
 * twice (`session.changePin`). Enter confirms, Esc cancels.
 */
export function ChangePinDialog({ open, onClose }: { open: boolean; onClose: () => void }) {
  const client = useCounter();
  const setSession = useSetSession();
  const { message } = AntApp.useApp();
  const [form] = Form.useForm<ChangePinValues>();
  const [busy, setBusy] = useState(false);
  const [general, setGeneral] = useState<string | null>(null);
  const bodyRef = useRef<HTMLDivElement>(null);

  const submit = async () => {
    let values: ChangePinValues;
    try {
      values = await form.validateFields();
    } catch {
      return;
    }
    setBusy(true);
    setGeneral(null);
    try {
      const session = await client.call('session.changePin', changePinArgs(values));
      setBusy(false);
      onClose();
      setSession(session);
      void message.success('密码已修改，下次登录请使用新密码');
    } catch (err) {
      const { general: top, fields } = changePinErrors(err);
      showFieldErrors(form, fields);
      setGeneral(top);
      setBusy(false);
      const first = fields[0];
      if (first) form.focusField(first.name);
    }
  };

  return (
    <Modal
      title="修改密码"
      open={open}
      onCancel={busy ? undefined : onClose}
      onOk={() => void submit()}
      okText="确定"
      cancelText="取消"
      confirmLoading={busy}
      // Kept mounted when closed, so the form can be emptied after it closes (afterClose).
      afterOpenChange={(visible) => {
        if (visible) focusFirstField(bodyRef.current);
      }}
      afterClose={() => {
        form.resetFields();
        setGeneral(null);
      }}
    >
      <div ref={bodyRef} onKeyDownCapture={(e) => confirmKeyDown(e, () => void submit())}>
        {general && <Alert type="error" showIcon title={general} className="form-top-alert" />}
        <Form<ChangePinValues> form={form} layout="vertical" requiredMark={false} disabled={busy} autoComplete="off">
          <ChangePinFields />
        </Form>
      </div>
    </Modal>
  );
}
