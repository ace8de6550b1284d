import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { App, Button, DatePicker, Form, Radio, Select } from 'antd';
import dayjs from 'dayjs';
import type { KeyboardEvent, Ref } from 'react';
import {
  INTAKE_DECISION_LABELS,
  MATERIAL_FORM_LABELS,
  TEXT_LIMITS,
  remediesText,
  touchesProvisionalYear,
  type IntakeDecisionKind,
  type ItemRejectionReason,
  type ItemType,
} from '../../../../electron/contract';
import {
  DECISION_ORDER,
  blockedByMaterials,
  checkDeferralDate,
  deferralLimitOf,
  deferralClosedReason,
  correctionRows,
  deferralDate,
  disabledReason,
  effectiveDecision,
  instructionBasis,
  isAllowed,
  type DecisionContext,
  type DecisionDraft,
} from './model/decision';
import { fieldKey, type FieldErrors } from './model/field-errors';
import { isComposing } from './keyboard';
import { LimitedInput, LimitedTextArea } from '../LimitedText';
import { useWorkingDays } from './useWorkingDays';
import { ProvisionalTag } from '../../shared/case-tags';
import { weekdayOf } from '../../shared/format';
import { dateWithWeekday } from './labels';

const DESCRIPTIONS: Record<IntakeDecisionKind, string> = {
  accept: '材料齐全、符合法定形式，当场受理',
  accept_with_deferral: '非关键材料后补，约定补交期限后受理',
  request_correction: '一次性告知需补正的全部内容',
  reject: '写明理由和法律依据，告知救济途径',
};

type RejectionReason = ItemRejectionReason;

interface DecisionSectionProps {
  /** Null until an item is chosen. */
  ctx: DecisionContext | null;
  errors: FieldErrors;
  disabled: boolean;
  /**
   * The item's own stock reasons (ItemDetail.rejectionReasons): only those resting on a law that
   * governs the item's type, so 申请事项依法不需要取得行政许可 is never offered for a 公共服务.
   */
  rejectionReasons: readonly RejectionReason[];
  /** The item's type: the remedies told on the 不予受理通知书 follow it. Null until known. */
  itemType: ItemType | null;
  onChange: (next: DecisionDraft, key: string) => void;
  onBlurField?: (key: string) => void;
  /** Enter on the choice: go on to the confirm button. */
  onEnter?: () => void;
  ref?: Ref<HTMLDivElement>;
}

/**
 * The four outcomes of art. 32, open exactly as the shared rules allow, with what each one
 * needs: due dates for deferred materials, the complete correction list, or a reason and its
 * legal basis.
 */
export function DecisionSection({ ctx, errors, disabled, rejectionReasons, itemType, onChange, onBlurField, onEnter, ref }: DecisionSectionProps) {
  if (!ctx) {
    return (
      <div className="ik-decision" ref={ref}>
        <div className="ik-placeholder">选择事项并核对材料后，在此作出受理决定。</div>
      </div>
    );
  }
  const { assessment, draft } = ctx;
  const kind = effectiveDecision(assessment, draft);
  const suggested = draft.chosen === null || !isAllowed(assessment, draft.chosen);
  const general = errors[fieldKey.decision];
  // What every detail part is given: the messages beside its fields and how it reports edits.
  const fields = { errors, onChange, onBlurField };

  function onChoiceKeyDown(e: KeyboardEvent<HTMLDivElement>) {
    if (e.key === 'Enter' && !e.ctrlKey && !e.metaKey && !isComposing(e)) {
      e.preventDefault();
      onEnter?.();
    }
  }

  return (
    <div className="ik-decision" ref={ref} data-field={fieldKey.decision}>
      <Form layout="vertical" component={false} disabled={disabled}>
        <div onKeyDown={onChoiceKeyDown}>
          <Radio.Group
            className="ik-choices"
            value={kind}
            aria-label="受理决定"
            onChange={(e) => {
              const chosen = DECISION_ORDER.find((k) => k === e.target.value);
              if (chosen) onChange({ ...draft, chosen }, fieldKey.decision);
            }}
          >
            {DECISION_ORDER.map((k) => {
              // 容缺 closed by the deadline (due the day accepted) rather than by the materials.
              const closedByDeadline = k === 'accept_with_deferral' ? deferralClosedReason(ctx) : null;
              const reason = closedByDeadline ?? disabledReason(assessment, k);
              return (
                <Radio key={k} value={k} disabled={reason !== null} className={`ik-choice ik-choice-${k}`}>
                  <span className="ik-choice-title">
                    {INTAKE_DECISION_LABELS[k]}
                    {suggested && k === kind ? <span className="ik-choice-badge">建议</span> : null}
                  </span>
                  <span className={reason && (closedByDeadline || blockedByMaterials(assessment, k)) ? 'ik-choice-reason' : 'ik-choice-desc'}>
                    {reason ?? DESCRIPTIONS[k]}
                  </span>
                </Radio>
              );
            })}
          </Radio.Group>
        </div>
        {general ? (
          <div className="ik-text-error ik-decision-error" role="alert">
            {general}
          </div>
        ) : null}
        <div className="ik-decision-detail">
          {kind === 'accept' ? <AcceptDetail ctx={ctx} /> : null}
          {kind === 'accept_with_deferral' ? <DeferralDetail ctx={ctx} errors={errors} onChange={onChange} /> : null}
          {kind === 'request_correction' ? <CorrectionDetail ctx={ctx} {...fields} /> : null}
          {kind === 'reject' ? <RejectDetail draft={draft} reasons={rejectionReasons} itemType={itemType} {...fields} /> : null}
        </div>
      </Form>
    </div>
  );
}

function AcceptDetail({ ctx }: { ctx: DecisionContext }) {
  return (
    <p className="ik-decision-line">
      受理后出具受理通知书
      {ctx.promisedDueDate ? (
        <>
          ，承诺办结日 <b>{dateWithWeekday(ctx.promisedDueDate)}</b>
          {ctx.promisedDueProvisional ? <ProvisionalTag /> : null}
          {ctx.immediate ? '（即办件，当场办结）' : null}
        </>
      ) : null}
      。
    </p>
  );
}

function DeferralDetail({ ctx, errors, onChange }: { ctx: DecisionContext; errors: FieldErrors; onChange: DecisionSectionProps['onChange'] }) {
  const { assessment, draft } = ctx;
  const bound = deferralLimitOf(ctx);
  const limit = bound ? `，不晚于${bound.label} ${bound.date}` : '';
  const listError = errors[fieldKey.deferrals];
  // Only working days of the hall calendar can be picked: the applicant brings the material
  // to a window that is open (make-up Saturdays in, holidays out).
  const working = useWorkingDays(ctx.today, bound?.date ?? null);
  const provisional = (date: string): boolean =>
    date !== '' && working !== null && touchesProvisionalYear(working.provisionalYears, ctx.today, date);
  return (
    <div className="ik-deferrals">
      <p className="ik-decision-line">
        以下非关键材料容缺后补，申请人须在期限内的工作日补交（期限须晚于今天{limit}
        {bound?.provisional ? <ProvisionalTag /> : null}）：
      </p>
      {assessment.deferrable.map((a) => {
        const key = fieldKey.deferral(a.material.id);
        const value = deferralDate(ctx, a.material.id);
        const error = errors[key];
        return (
          <div className="ik-deferral-row" key={a.material.id} data-field={key}>
            <span className="ik-deferral-name">
              {a.material.name}
              <span className="ik-muted">（{a.problem ?? '未提交'}，应交{MATERIAL_FORM_LABELS[a.material.form]} {a.material.copies} 份）</span>
            </span>
            <label className="ik-deferral-label" htmlFor={`ik-deferral-${a.material.id}`}>
              补交期限
            </label>
            <DatePicker
              id={`ik-deferral-${a.material.id}`}
              value={value ? dayjs(value) : null}
              format="YYYY-MM-DD"
              allowClear={false}
              status={error ? 'error' : undefined}
              aria-label={`${a.material.name} 补交期限`}
              disabledDate={(d) => {
                const day = d.format('YYYY-MM-DD');
                return checkDeferralDate(day, ctx) !== null || (working !== null && !working.days.has(day));
              }}
              onChange={(d) =>
                onChange({ ...draft, deferralDates: { ...draft.deferralDates, [a.material.id]: d ? d.format('YYYY-MM-DD') : '' } }, key)
              }
            />
            <span className="ik-muted ik-deferral-weekday">
              {value ? weekdayOf(value) : ''}
              {provisional(value) ? <ProvisionalTag /> : null}
            </span>
            {error ? (
              <span className="ik-text-error" role="alert">
                {error}
              </span>
            ) : null}
          </div>
        );
      })}
      <div className="ik-text-error" data-field={fieldKey.deferrals}>
        {listError}
      </div>
    </div>
  );
}

interface CorrectionDetailProps {
  ctx: DecisionContext;
  errors: FieldErrors;
  onChange: DecisionSectionProps['onChange'];
  onBlurField: DecisionSectionProps['onBlurField'];
}

function CorrectionDetail({ ctx, errors, onChange, onBlurField }: CorrectionDetailProps) {
  const { assessment, draft } = ctx;
  const rows = correctionRows(assessment, draft);
  const byId = new Map(assessment.toSupplement.map((a) => [a.material.id, a]));
  const listError = errors[fieldKey.correction];

  function setInstruction(rowKey: string, materialId: string | null, text: string) {
    const key = fieldKey.correctionRow(rowKey, 'instruction');
    if (materialId !== null) {
      const a = byId.get(materialId);
      if (!a) return;
      onChange({ ...draft, instructions: { ...draft.instructions, [materialId]: { text, basis: instructionBasis(a) } } }, key);
    } else {
      onChange({ ...draft, extras: draft.extras.map((x) => (x.key === rowKey ? { ...x, instruction: text } : x)) }, key);
    }
  }
  function setExtraName(rowKey: string, name: string) {
    onChange({ ...draft, extras: draft.extras.map((x) => (x.key === rowKey ? { ...x, name } : x)) }, fieldKey.correctionRow(rowKey, 'name'));
  }
  function addExtra() {
    const key = `x:${crypto.randomUUID()}`;
    onChange({ ...draft, extras: [...draft.extras, { key, name: '', instruction: '' }] }, fieldKey.correction);
    requestAnimationFrame(() => document.getElementById(`ik-extra-${key}`)?.focus());
  }
  function removeExtra(rowKey: string) {
    onChange({ ...draft, extras: draft.extras.filter((x) => x.key !== rowKey) }, fieldKey.correction);
  }

  return (
    <div className="ik-correction">
      <p className="ik-decision-line">
        补正材料通知书将列明以下全部内容（一次性告知）。清单中的材料由材料核对结果生成，不能删除；补正要求可修改。
      </p>
      <div className="ik-correction-row ik-correction-head" aria-hidden="true">
        <span />
        <span>需补正的材料或事项</span>
        <span>补正要求（将印在通知书上）</span>
        <span />
      </div>
      <ol className="ik-correction-list" aria-label="补正清单">
        {rows.map((row, i) => {
          const nameKey = fieldKey.correctionRow(row.key, 'name');
          const instructionKey = fieldKey.correctionRow(row.key, 'instruction');
          const nameError = errors[nameKey];
          const instructionError = errors[instructionKey];
          return (
            <li key={row.key} className="ik-correction-row">
              <span className="ik-correction-index">{i + 1}</span>
              <div className="ik-correction-name" data-field={nameKey}>
                {row.fixed ? (
                  <span className="ik-correction-material">{row.name}</span>
                ) : (
                  <LimitedInput
                    id={`ik-extra-${row.key}`}
                    value={row.name}
                    placeholder="需补正的事项或材料"
                    limit={TEXT_LIMITS.correctionName}
                    status={nameError ? 'error' : undefined}
                    aria-label={`第 ${i + 1} 项 补正事项名称`}
                    onChange={(e) => setExtraName(row.key, e.target.value)}
                    onBlur={() => onBlurField?.(nameKey)}
                  />
                )}
                {nameError ? <div className="ik-text-error">{nameError}</div> : null}
              </div>
              <div className="ik-correction-instruction" data-field={instructionKey}>
                <LimitedInput
                  value={row.instruction}
                  limit={TEXT_LIMITS.correctionInstruction}
                  placeholder="补正要求"
                  status={instructionError ? 'error' : undefined}
                  aria-label={`${row.name || `第 ${i + 1} 项`} 补正要求`}
                  onChange={(e) => setInstruction(row.key, row.materialId, e.target.value)}
                  onBlur={() => onBlurField?.(instructionKey)}
                />
                {instructionError ? <div className="ik-text-error">{instructionError}</div> : null}
              </div>
              <div className="ik-correction-action">
                {row.fixed ? null : (
                  <Button type="text" size="small" icon={<DeleteOutlined />} aria-label="删除此项" onClick={() => removeExtra(row.key)} />
                )}
              </div>
            </li>
          );
        })}
      </ol>
      <div className="ik-text-error" data-field={fieldKey.correction}>
        {listError}
      </div>
      <Button icon={<PlusOutlined />} onClick={addExtra} className="ik-add-extra">
        添加其他补正事项
      </Button>
      <div data-field={fieldKey.note}>
        <Form.Item label="补正说明（可选）" validateStatus={errors[fieldKey.note] ? 'error' : undefined} help={errors[fieldKey.note]}>
          <LimitedTextArea
            value={draft.note}
            limit={TEXT_LIMITS.correctionNote}
            autoSize={{ minRows: 1, maxRows: 4 }}
            placeholder="如：补正材料可在工作日到本窗口提交，或通过网上办事大厅上传"
            onChange={(e) => onChange({ ...draft, note: e.target.value }, fieldKey.note)}
          />
        </Form.Item>
      </div>
    </div>
  );
}

interface RejectDetailProps {
  draft: DecisionDraft;
  errors: FieldErrors;
  reasons: readonly RejectionReason[];
  itemType: ItemType | null;
  onChange: DecisionSectionProps['onChange'];
  onBlurField: DecisionSectionProps['onBlurField'];
}

function RejectDetail({ draft, errors, reasons, itemType, onChange, onBlurField }: RejectDetailProps) {
  const { modal } = App.useApp();
  const reasonError = errors[fieldKey.rejectReason];
  const basisError = errors[fieldKey.rejectLegalBasis];

  /** A preset fills what is empty; text the clerk wrote is replaced only when they say so. */
  function pick(id: string | undefined) {
    const picked = reasons.find((r) => r.id === id);
    if (!picked) {
      onChange({ ...draft, rejectReasonId: null }, fieldKey.rejectReason);
      return;
    }
    // What the previous preset filled in, unchanged, is not the clerk's own writing.
    const previous = reasons.find((r) => r.id === draft.rejectReasonId);
    const ownReason = draft.rejectReason.trim() !== '' && draft.rejectReason !== previous?.text && draft.rejectReason !== picked.text;
    const ownBasis =
      draft.rejectLegalBasis.trim() !== '' && draft.rejectLegalBasis !== previous?.legalBasis && draft.rejectLegalBasis !== picked.legalBasis;
    const fill = (replace: boolean) =>
      onChange(
        {
          ...draft,
          rejectReasonId: picked.id,
          rejectReason: replace || !ownReason ? picked.text : draft.rejectReason,
          rejectLegalBasis: replace || !ownBasis ? picked.legalBasis : draft.rejectLegalBasis,
        },
        fieldKey.rejectReason,
      );
    if (!ownReason && !ownBasis) {
      fill(true);
      return;
    }
    const which = ownReason && ownBasis ? '理由和法律依据' : ownReason ? '理由' : '法律依据';
    modal.confirm({
      title: `用常用理由替换已填写的${which}？`,
      content: `“替换”用所选常用理由覆盖已填写的${which}；“保留”只填入空着的栏目。`,
      okText: '替换',
      cancelText: '保留',
      okButtonProps: { autoInsertSpace: false },
      cancelButtonProps: { autoInsertSpace: false },
      // Keeping is the default: a stray Enter must not throw away what the clerk wrote.
      autoFocusButton: 'cancel',
      onOk: () => fill(true),
      onCancel: () => fill(false),
    });
  }

  return (
    <div className="ik-reject">
      <Form.Item label="常用理由" className="ik-reject-preset">
        <Select
          value={draft.rejectReasonId}
          allowClear
          showSearch={{ optionFilterProp: 'label' }}
          placeholder="选择常用理由，填入理由和法律依据；也可直接在下方填写"
          options={reasons.map((r) => ({ value: r.id, label: r.text }))}
          optionRender={(option) => <span className="ik-reason-option">{option.label}</span>}
          onChange={pick}
        />
      </Form.Item>
      <div className="ik-grid">
        <div className="ik-field ik-span-7" data-field={fieldKey.rejectReason}>
          <Form.Item label="不予受理的理由" required validateStatus={reasonError ? 'error' : undefined} help={reasonError}>
            <LimitedTextArea
              value={draft.rejectReason}
              limit={TEXT_LIMITS.rejectReason}
              autoSize={{ minRows: 2, maxRows: 5 }}
              onChange={(e) => onChange({ ...draft, rejectReason: e.target.value }, fieldKey.rejectReason)}
              onBlur={() => onBlurField?.(fieldKey.rejectReason)}
            />
          </Form.Item>
        </div>
        <div className="ik-field ik-span-5" data-field={fieldKey.rejectLegalBasis}>
          <Form.Item label="法律依据" required validateStatus={basisError ? 'error' : undefined} help={basisError}>
            <LimitedTextArea
              value={draft.rejectLegalBasis}
              limit={TEXT_LIMITS.legalBasis}
              autoSize={{ minRows: 2, maxRows: 5 }}
              onChange={(e) => onChange({ ...draft, rejectLegalBasis: e.target.value }, fieldKey.rejectLegalBasis)}
              onBlur={() => onBlurField?.(fieldKey.rejectLegalBasis)}
            />
          </Form.Item>
        </div>
      </div>
      <p className="ik-muted ik-remedies">不予受理通知书将告知申请人：{remediesText(itemType)}</p>
    </div>
  );
}
