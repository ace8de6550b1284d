import { Form } from 'antd';
import { DiscardPrintJobArgs, type PrintJob } from '../../../../electron/contract';
import { useCounter } from '../../api/hooks';
import { LimitedTextArea } from '../../components/LimitedText';
import { FormDialog } from '../../components/form-dialog/FormDialog';
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
  const toArgs = (v: Values) => ({ jobId: job.id, reason: v.reason ?? '' });

  return (
    <FormDialog<Values, PrintJob>
      title="作废打印任务"
      okText="确认作废"
      danger
      form={form}
      initialValues={{ reason: '' }}
      intro={
        <>
          <p>
            {jobTitle(job)}
            <br />
            <span className="muted">当前状态：{jobStateText(job)}</span>
          </p>
          <p className="muted">
            作废后本任务不再打印。{job.state === 'unknown' ? '已经打印出来的，请点“确认已打印”，不要作废。' : '如申请人仍需要这份文书，可以随后再打印。'}
          </p>
        </>
      }
      perform={(values) => client.call('printing.discard', toArgs(values))}
      // One field, checked by the contract's own rule before the call: anything the core says goes on top.
      fieldFor={() => null}
      askBeforeDiscard={false}
      onDone={onDone}
      onClose={onClose}
    >
      <Form.Item
        name="reason"
        label="作废原因"
        required
        rules={[{ required: true, whitespace: true, message: '请填写作废原因' }, callRule(DiscardPrintJobArgs, toArgs, 'reason')]}
      >
        <LimitedTextArea autoFocus rows={2} limit={REASON_LIMIT} placeholder="例如：申请人不需要回执；改交受理通知书" />
      </Form.Item>
    </FormDialog>
  );
}
