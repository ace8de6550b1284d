import { Alert, Form, Modal } from 'antd';
import { useRef, useState } from 'react';
import { DiscardPrintJobArgs, type PrintJob } from '../../../../electron/contract';
import { useCounter } from '../../api/hooks';
import { LimitedTextArea } from '../../components/LimitedText';
import { errorMessage } from '../../shared/call-error';
import { confirmKeyDown, focusFirstField } from '../../shared/dialog-keys';
import { callRule } from '../../shared/schema-rule';
import { jobStateText, jobTitle } from './print-job-words';

/** The reason's length limit, as the contract's DiscardPrintJobArgs has it. */
const REASON_LIMIT = 200;

interface Values {
  reason: string;
}

/**
 * 作废 a print job, saying why: the reason stays with the job (and is what the next clerk
 * reads in 打印任务). Enter in the field or Ctrl+Enter confirms, Esc cancels.
 */
export function DiscardJobDialog({ job, onDone, onClose }: { job: PrintJob; onDone: (job: PrintJob) => void; onClose: () => void }) {
  const client = useCounter();
  const [form] = Form.useForm<Values>();
  const [busy, setBusy] = useState(false);
  const busyRef = useRef(false);
  const [general, setGeneral] = useState<string | null>(null);
  const rootRef = useRef<HTMLDivElement>(null);
  const toArgs = (v: Values) => ({ jobId: job.id, reason: v.reason ?? '' });

  const submit = async () => {
    if (busyRef.current) return;
    busyRef.current = true;
    try {
      let values: Values;
      try {
        values = await form.validateFields();
      } catch {
        return;
      }
      setBusy(true);
      try {
        onDone(await client.call('printing.discard', toArgs(values)));
      } catch (err) {
        setGeneral(errorMessage(err));
        setBusy(false);
      }
    } finally {
      busyRef.current = false;
    }
  };

  return (
    <Modal
      open
      title="作废打印任务"
      okText="确认作废"
      cancelText="取消"
      okButtonProps={{ danger: true, loading: busy }}
      cancelButtonProps={{ disabled: busy }}
      onOk={() => void submit()}
      onCancel={() => !busy && onClose()}
      mask={{ closable: false }}
      keyboard={!busy}
      afterOpenChange={(open) => {
        if (open) focusFirstField(rootRef.current?.querySelector('form'));
      }}
      modalRender={(node) => (
        <div ref={rootRef} onKeyDownCapture={(e) => confirmKeyDown(e, () => void submit())}>
          {node}
        </div>
      )}
    >
      {general && <Alert type="error" showIcon title={general} className="form-top-alert" role="alert" />}
      <p>
        {jobTitle(job)}
        <br />
        <span className="muted">当前状态：{jobStateText(job)}</span>
      </p>
      <p className="muted">
        作废后本任务不再打印。{job.state === 'unknown' ? '已经打印出来的，请点“确认已打印”，不要作废。' : '如申请人仍需要这份文书，可以随后再打印。'}
      </p>
      <Form<Values> form={form} layout="vertical" initialValues={{ reason: '' }} disabled={busy} requiredMark>
        <Form.Item
          name="reason"
          label="作废原因"
          required
          rules={[
            { required: true, whitespace: true, message: '请填写作废原因' },
            callRule(DiscardPrintJobArgs, toArgs, 'reason'),
          ]}
        >
          <LimitedTextArea autoFocus rows={2} limit={REASON_LIMIT} placeholder="例如：申请人不需要回执；改交受理通知书" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
