import { Form, Select } from 'antd';
import { useEffect } from 'react';
import { DecideIntakeArgs, TEXT_LIMITS, remediesText, type ItemRejectionReason } from '../../../../../electron/contract';
import { LimitedTextArea } from '../../../components/LimitedText';
import { useCounter, useQuery } from '../../../api/hooks';
import { useWindowInfo } from '../../../app/frame-context';
import { callRule } from '../../../shared/schema-rule';
import { formatInstant } from '../../../shared/format';
import { ActionModal, type CaseDialogProps } from './ActionModal';

interface Values {
  reasonId: string | null;
  reason: string;
  legalBasis: string;
}

type Reason = ItemRejectionReason;

/**
 * What a 待补正 case is most often refused for: the applicant never came back. Each kind of
 * item has its own reason for it (the licence's cites the Administrative Licensing Law, 不动产
 * its 条例, the others the item's own law): the first of these the item offers.
 */
const USUAL_REASONS = ['incomplete-not-supplemented', 'real-estate-incomplete', 'general-incomplete-not-supplemented'];

/**
 * The fields after choosing preset `next`: a field still showing the previous preset's words
 * (or empty) takes the new one's; what the clerk wrote there themselves stays.
 */
export function fieldsForPreset(values: Values, previous: Reason | undefined, next: Reason | undefined): Values {
  const untouched = (current: string, preset: string | undefined) => current.trim() === '' || current === preset;
  return {
    reasonId: next?.id ?? null,
    reason: next && untouched(values.reason, previous?.text) ? next.text : values.reason,
    legalBasis: next && untouched(values.legalBasis, previous?.legalBasis) ? next.legalBasis : values.legalBasis,
  };
}

const FIELDS: Record<string, keyof Values> = {
  'decision.reasonId': 'reasonId',
  'decision.reason': 'reason',
  'decision.legalBasis': 'legalBasis',
};

/**
 * 不予受理 of a case waiting for 补正 whose applicant did not bring what the notice listed
 * (逾期未补正). The reason and its legal basis go on the 不予受理通知书.
 */
export function RejectIntakeDialog({ detail, onDone, onStale, onClose }: CaseDialogProps) {
  const client = useCounter();
  // The reasons that apply to the item version the case was received under, with the basis to print.
  const item = useQuery('catalog.getItem', { code: detail.itemCode, version: detail.itemVersion });
  const reasons = item.data?.rejectionReasons ?? [];
  const [form] = Form.useForm<Values>();
  const usual = USUAL_REASONS.map((id) => reasons.find((r) => r.id === id)).find((r) => r !== undefined);
  const { timeZone } = useWindowInfo();
  const told = detail.correction ? formatInstant(detail.correction.requestedAt, timeZone) : '';
  const toArgs = (v: Values) => ({
    caseId: detail.id,
    expectedVersion: detail.version,
    decision: { kind: 'reject' as const, reasonId: v.reasonId, reason: v.reason, legalBasis: v.legalBasis },
  });

  // The reasons may arrive after the dialog opened: the usual one then fills an untouched form.
  useEffect(() => {
    if (!usual) return;
    const values = form.getFieldsValue();
    if (values.reasonId == null && !values.reason?.trim() && !values.legalBasis?.trim()) {
      form.setFieldsValue({ reasonId: usual.id, reason: usual.text, legalBasis: usual.legalBasis });
    }
  }, [usual, form]);

  return (
    <ActionModal<Values>
      title="不予受理"
      okText="确认不予受理"
      danger
      width={640}
      form={form}
      initialValues={{ reasonId: usual?.id ?? null, reason: usual?.text ?? '', legalBasis: usual?.legalBasis ?? '' }}
      perform={(v) => client.call('cases.decideIntake', toArgs(v))}
      fieldFor={(path) => FIELDS[path] ?? null}
      onDone={onDone}
      onStale={onStale}
      onClose={onClose}
    >
      <p className="muted">
        {told ? `已于 ${told} 一次性告知补正。` : null}
        申请人未按告知补正的，作出不予受理决定，办件关闭，并出具不予受理通知书。
      </p>
      <Form.Item name="reasonId" label="常用理由">
        <Select
          allowClear
          loading={item.loading}
          placeholder="选择常用理由，填入理由和法律依据"
          options={reasons.map((r) => ({ value: r.id, label: r.text }))}
          onChange={(id: string | undefined) => {
            const values = form.getFieldsValue();
            const previous = reasons.find((r) => r.id === values.reasonId);
            form.setFieldsValue(fieldsForPreset(values, previous, reasons.find((r) => r.id === id)));
          }}
        />
      </Form.Item>
      <Form.Item name="reason" label="不予受理的理由" required rules={[callRule(DecideIntakeArgs, toArgs, 'decision.reason')]}>
        <LimitedTextArea rows={3} limit={TEXT_LIMITS.rejectReason} />
      </Form.Item>
      <Form.Item name="legalBasis" label="法律依据" required rules={[callRule(DecideIntakeArgs, toArgs, 'decision.legalBasis')]}>
        <LimitedTextArea rows={3} limit={TEXT_LIMITS.legalBasis} />
      </Form.Item>
      <p className="muted">不予受理通知书将告知申请人：{remediesText(detail.itemType)}</p>
    </ActionModal>
  );
}
