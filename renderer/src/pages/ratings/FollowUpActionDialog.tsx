import { Form, Radio, Select } from 'antd';
import {
  AppealFollowUpArgs,
  CloseFollowUpArgs,
  DecideAppealArgs,
  REMEDY_VERDICTS,
  REMEDY_VERDICT_LABELS,
  RectifyFollowUpArgs,
  RevisitFollowUpArgs,
  VerifyFollowUpArgs,
  type FollowUp,
  type RemedyVerdict,
} from '../../../../electron/contract/ratings';
import { useCounter } from '../../api/hooks';
import { LimitedTextArea } from '../../components/LimitedText';
import { FormDialog } from '../../components/form-dialog/FormDialog';
import { isCallError, sameNameFields, type FieldName } from '../../shared/call-error';
import { callRule } from '../../shared/schema-rule';
import { FOLLOW_UP_ACTION_LABELS, type FollowUpAction } from './follow-up-actions';

/** The longest text of any follow-up step (the contract's requiredText(500) / boundedText(500)). */
const TEXT_LIMIT = 500;

interface Values {
  text: string;
  verdict: RemedyVerdict | null;
  upheld: boolean | null;
}

const EMPTY: Values = { text: '', verdict: null, upheld: null };

interface Props {
  action: FollowUpAction;
  /** The follow-up as it was when the dialog opened: its `version` goes with the call. */
  followUp: FollowUp;
  onDone: (followUp: FollowUp) => void;
  /** Someone else changed the follow-up first (`conflict`, or its stage no longer allows the step): the page reads it again. */
  onStale: () => void;
  onClose: () => void;
}

/** Each action's words, the field its text goes into, and its call. */
const SPECS = {
  verify: { title: '核实差评', textLabel: '核实情况', textField: 'finding', placeholder: '向被评价人和现场了解的情况，是否属实', lead: '核实差评反映的问题是否属实。' },
  revisit: { title: '回访群众', textLabel: '回访情况', textField: 'note', placeholder: '联系时间、方式和群众反映的问题', lead: '电话联系群众，了解不满意的原因。' },
  rectify: { title: '整改', textLabel: '整改措施', textField: 'measures', placeholder: '针对问题采取的措施及完成情况', lead: '记录针对差评问题采取的整改措施。' },
  close: { title: '办结回访', textLabel: '办结说明', textField: 'note', placeholder: '可不填', lead: '向群众反馈整改结果，记录群众对整改的评价后办结。' },
  appeal: { title: '申诉复核', textLabel: '申诉理由', textField: 'reason', placeholder: '认为评价不实或属恶意评价的理由与证据', lead: '对本人收到的差评提出申诉，由组长复核。每条回访只能申诉一次。' },
  decideAppeal: { title: '申诉复核', textLabel: '复核意见', textField: 'note', placeholder: '复核的依据与结论', lead: '申诉成立的评价保留，但不计入满意率；申诉不成立则回到申诉前的环节继续办理。' },
} as const satisfies Record<FollowUpAction, { title: string; textLabel: string; textField: string; placeholder: string; lead: string }>;

/**
 * The arguments of `action` for the form's values, exactly as sent, so the form's rules run the
 * contract's own schema on them (callRule) and say what the core would say, beside the field.
 */
function argsOf(action: FollowUpAction, f: FollowUp, v: Values): Record<string, unknown> {
  const base = { followUpId: f.id, version: f.version };
  switch (action) {
    case 'verify':
      return { ...base, finding: v.text };
    case 'revisit':
      return { ...base, note: v.text, verdict: v.verdict ?? null };
    case 'rectify':
      return { ...base, measures: v.text };
    case 'close':
      return { ...base, verdict: v.verdict ?? undefined, note: v.text ?? '' };
    case 'appeal':
      return { ...base, reason: v.text };
    case 'decideAppeal':
      return { ...base, upheld: v.upheld ?? undefined, note: v.text };
  }
}

const SCHEMAS = {
  verify: VerifyFollowUpArgs,
  revisit: RevisitFollowUpArgs,
  rectify: RectifyFollowUpArgs,
  close: CloseFollowUpArgs,
  appeal: AppealFollowUpArgs,
  decideAppeal: DecideAppealArgs,
} as const;

const METHODS = {
  verify: 'ratings.verify',
  revisit: 'ratings.revisit',
  rectify: 'ratings.rectify',
  close: 'ratings.close',
  appeal: 'ratings.appeal',
  decideAppeal: 'ratings.decideAppeal',
} as const;

/** The core's argument path → this form's field. */
function fieldFor(action: FollowUpAction): (path: string) => FieldName | null {
  const own = sameNameFields('verdict', 'upheld');
  return (path) => (path === SPECS[action].textField ? 'text' : own(path));
}

/**
 * One follow-up step as a small form: required fields say so beside themselves in the
 * contract's words, the follow-up's `version` goes with the call, and a `conflict` (someone
 * else took a step first) keeps what was typed readable, reloads the page behind, and says why
 * the step was not taken. Keyboard as every dialog of the app: the cursor starts in the first
 * field, Ctrl+Enter (or Enter in a one-line field) confirms, Esc cancels.
 */
export function FollowUpActionDialog({ action, followUp, onDone, onStale, onClose }: Props) {
  const client = useCounter();
  const [form] = Form.useForm<Values>();
  const spec = SPECS[action];
  const schema = SCHEMAS[action];
  const toArgs = (v: Values) => argsOf(action, followUp, v);
  const textRequired = action !== 'close';

  return (
    <FormDialog<Values, FollowUp>
      title={spec.title}
      width={560}
      okText={`确认${FOLLOW_UP_ACTION_LABELS[action]}`}
      form={form}
      initialValues={EMPTY}
      intro={<p className="muted">{spec.lead}</p>}
      // The arguments were checked by the same schema the core runs (callRule): sent as built.
      perform={async (values) => (await client.call(METHODS[action], toArgs({ ...EMPTY, ...values }) as never)) as FollowUp}
      fieldFor={fieldFor(action)}
      staleWords={(err, general) =>
        isCallError(err, 'conflict')
          ? '本对话框打开后，这条回访已有新的办理记录，页面已显示最新内容。请关闭本对话框，核对后再操作。'
          : isCallError(err, 'illegal_transition', 'not_found')
            ? `${general ?? '这条回访已有变化'}（页面已显示最新内容，请核对）`
            : null
      }
      onStale={onStale}
      onDone={onDone}
      onClose={onClose}
    >
        {action === 'decideAppeal' && (
          <Form.Item name="upheld" label="复核结论" required rules={[callRule(schema, toArgs, 'upheld')]}>
            <Radio.Group
              options={[
                { value: true, label: '申诉成立（评价保留，不计入满意率）' },
                { value: false, label: '申诉不成立' },
              ]}
            />
          </Form.Item>
        )}
        {/* 办结: the applicant's verdict is what it asks for first; 回访: what was said, then their view, optional. */}
        {action === 'close' && (
          <Form.Item name="verdict" label="群众对整改的评价" required rules={[callRule(schema, toArgs, 'verdict')]}>
            <Radio.Group options={REMEDY_VERDICTS.map((v) => ({ value: v, label: REMEDY_VERDICT_LABELS[v] }))} />
          </Form.Item>
        )}
        <Form.Item name="text" label={spec.textLabel} required={textRequired} rules={[callRule(schema, toArgs, spec.textField)]}>
          <LimitedTextArea rows={3} limit={TEXT_LIMIT} placeholder={spec.placeholder} />
        </Form.Item>
        {action === 'revisit' && (
          <Form.Item name="verdict" label="群众意见（可不选）" rules={[callRule(schema, toArgs, 'verdict')]}>
            <Select
              allowClear
              placeholder="回访时群众的意见"
              options={REMEDY_VERDICTS.map((v) => ({ value: v, label: REMEDY_VERDICT_LABELS[v] }))}
            />
          </Form.Item>
        )}
    </FormDialog>
  );
}
