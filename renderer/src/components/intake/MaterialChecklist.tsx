import { CheckOutlined } from '@ant-design/icons';
import { Checkbox, ConfigProvider, InputNumber, Tag, Tooltip, type ThemeConfig } from 'antd';
import { useRef, useState, type KeyboardEvent, type Ref } from 'react';
import {
  MATERIAL_FORM_LABELS,
  RECEIVED_FORM_LABELS,
  TEXT_LIMITS,
  emptyReceipt,
  type IntakeAssessment,
  type Material,
  type MaterialAssessment,
  type MaterialReceipt,
  type ReceivedForm,
} from '../../../../electron/contract';
import { fieldKey, type FieldErrors } from './model/field-errors';
import { RECEIVED_FORM_CYCLE, summarise, tickedReceipt, type ReceiptMap } from './model/materials';
import { isComposing } from './keyboard';
import { MATERIAL_STATUS_LABELS, materialStatusColour } from '../../shared/material-status';
import { Kbd } from './Section';
import { LimitedInput } from '../LimitedText';

interface MaterialChecklistProps {
  materials: readonly Material[];
  receipts: ReceiptMap;
  assessment: IntakeAssessment;
  errors: FieldErrors;
  disabled?: boolean;
  /** Shows what was recorded, without controls (a case awaiting its decision). */
  readOnly?: boolean;
  /** Material id → what the applicant was told to supplement, shown under the name. */
  flagged?: ReadonlyMap<string, string>;
  onChange?: (next: ReceiptMap, materialId: string) => void;
  /** Enter on a row: the clerk is done here. */
  onDone?: () => void;
  ref?: Ref<HTMLDivElement>;
}

// Ticks in the list are navy like the chosen form: a column of brand-red ticks reads as errors.
const CHECKLIST_THEME: ThemeConfig = { components: { Checkbox: { colorPrimary: '#1e3a8a', colorPrimaryHover: '#1e40af' } } };

export function MaterialStatusTag({ assessment: a }: { assessment: MaterialAssessment }) {
  const tag = (
    <Tag color={materialStatusColour(a.status, a.material.key)} className="ik-status-tag">
      {a.status === 'complete' ? <CheckOutlined /> : null} {MATERIAL_STATUS_LABELS[a.status]}
    </Tag>
  );
  return a.problem && a.status !== 'missing' ? <Tooltip title={a.problem}>{tag}</Tooltip> : tag;
}

/** "必需材料 5 项：已齐 3，关键缺 1，可容缺 1" — what decides which decisions are open. */
export function MaterialSummaryLine({ assessment }: { assessment: IntakeAssessment }) {
  const s = summarise(assessment);
  // Only non-key materials missing, yet 容缺 closed: the item is due the day it is accepted
  // (withDeferralOffer), so they are not "可容缺" here.
  const deferralClosed = s.blocking === 0 && !assessment.allowed.acceptWithDeferral;
  return (
    <span className="ik-summary" aria-live="polite">
      必需材料 {s.required} 项：已齐 <b className="ik-ok">{s.requiredComplete}</b>
      {s.blocking > 0 ? (
        <>
          ，关键缺 <b className="ik-bad">{s.blocking}</b>
        </>
      ) : null}
      {s.deferrable > 0 && deferralClosed ? (
        <>
          ，非关键缺 <b className="ik-bad">{s.deferrable}</b>（当日办结，不能容缺）
        </>
      ) : s.deferrable > 0 ? (
        <>
          ，可容缺 <b className="ik-warn">{s.deferrable}</b>
        </>
      ) : null}
      {s.optional > 0 ? (
        <span className="ik-muted ik-summary-optional">
          可选材料 {s.optional} 项：已收 {s.optionalReceived}
        </span>
      ) : null}
    </span>
  );
}

function FormToggle({ value, disabled, onChange }: { value: ReceivedForm | null; disabled: boolean; onChange: (form: ReceivedForm) => void }) {
  return (
    <div className="ik-form-toggle" role="radiogroup" aria-label="收取形式">
      {RECEIVED_FORM_CYCLE.map((form) => (
        <button
          key={form}
          type="button"
          role="radio"
          aria-checked={value === form}
          tabIndex={-1}
          disabled={disabled}
          className={value === form ? 'ik-form-option ik-form-option-on' : 'ik-form-option'}
          onClick={() => onChange(form)}
        >
          {RECEIVED_FORM_LABELS[form]}
        </button>
      ))}
    </div>
  );
}

/**
 * The materials of an item, one row each. A single Tab stop: ↑/↓ move between rows and the
 * row's own keys do the ticking, so a clerk holding the papers never reaches for the mouse
 * and Tab still leaves the list in one press.
 */
export function MaterialChecklist({
  materials,
  receipts,
  assessment,
  errors,
  disabled = false,
  readOnly = false,
  flagged,
  onChange,
  onDone,
  ref,
}: MaterialChecklistProps) {
  const [active, setActive] = useState(0);
  const rows = useRef<Array<HTMLDivElement | null>>([]);
  const notes = useRef<Array<HTMLInputElement | null>>([]);
  const editable = !readOnly && !disabled && onChange !== undefined;

  const receiptOf = (m: Material): MaterialReceipt => receipts[m.id] ?? emptyReceipt(m.id);
  const put = (m: Material, next: MaterialReceipt) => onChange?.({ ...receipts, [m.id]: next }, m.id);

  function toggle(m: Material) {
    const r = receiptOf(m);
    put(m, r.received ? emptyReceipt(m.id) : tickedReceipt(m, undefined));
  }
  function setForm(m: Material, form: ReceivedForm) {
    put(m, { ...tickedReceipt(m, receiptOf(m)), form });
  }
  function cycleForm(m: Material) {
    const r = receiptOf(m);
    if (!r.received) return put(m, tickedReceipt(m, undefined));
    const at = r.form === null ? -1 : RECEIVED_FORM_CYCLE.indexOf(r.form);
    setForm(m, RECEIVED_FORM_CYCLE[(at + 1) % RECEIVED_FORM_CYCLE.length] ?? 'original');
  }
  function setCopies(m: Material, copies: number) {
    put(m, { ...tickedReceipt(m, receiptOf(m)), copies: Math.min(99, Math.max(1, copies)) });
  }
  function setDefective(m: Material, defective: boolean, index: number) {
    put(m, { ...tickedReceipt(m, receiptOf(m)), defective, defectNote: defective ? receiptOf(m).defectNote : '' });
    // The note input appears with this render; focus it once it is there.
    if (defective) requestAnimationFrame(() => notes.current[index]?.focus());
  }
  function tickAll() {
    const next: ReceiptMap = { ...receipts };
    for (const m of materials) if (!receiptOf(m).received) next[m.id] = tickedReceipt(m, undefined);
    onChange?.(next, '*');
  }

  function moveTo(index: number) {
    const bounded = Math.min(Math.max(index, 0), materials.length - 1);
    setActive(bounded);
    rows.current[bounded]?.focus();
  }

  function onRowKeyDown(e: KeyboardEvent<HTMLDivElement>, m: Material, index: number) {
    // Keys typed into the note or the copies box belong to them.
    if (e.target !== e.currentTarget || e.ctrlKey || e.metaKey || e.altKey || isComposing(e)) return;
    const key = e.key;
    const act = (fn: () => void) => {
      e.preventDefault();
      fn();
    };
    switch (key) {
      case 'ArrowDown':
        return act(() => moveTo(index + 1));
      case 'ArrowUp':
        return act(() => moveTo(index - 1));
      case 'Home':
        return act(() => moveTo(0));
      case 'End':
        return act(() => moveTo(materials.length - 1));
      case 'Enter':
        return act(() => onDone?.());
      default:
        break;
    }
    if (!editable) return;
    const r = receiptOf(m);
    switch (key) {
      case ' ':
        return act(() => toggle(m));
      case 'f':
      case 'F':
        return act(() => cycleForm(m));
      case '+':
      case '=':
      case 'ArrowRight':
        return act(() => setCopies(m, r.received ? r.copies + 1 : Math.max(1, m.copies)));
      case '-':
      case 'ArrowLeft':
        return act(() => r.received && setCopies(m, r.copies - 1));
      case 'd':
      case 'D':
        return act(() => setDefective(m, !r.defective, index));
      case 'a':
      case 'A':
        return act(tickAll);
      default:
        return undefined;
    }
  }

  const safeActive = Math.min(active, Math.max(materials.length - 1, 0));

  return (
    <ConfigProvider theme={CHECKLIST_THEME}>
      <div className={readOnly ? 'ik-checklist ik-checklist-readonly' : 'ik-checklist'} ref={ref}>
        <div role="grid" aria-label="申请材料清单" aria-rowcount={materials.length + 1} aria-readonly={readOnly || undefined}>
          <div role="row" className="ik-m-row ik-m-head">
            <div role="columnheader">序号</div>
            <div role="columnheader">材料名称</div>
            <div role="columnheader">要求</div>
            <div role="columnheader">已收</div>
            <div role="columnheader">收取形式</div>
            <div role="columnheader">份数</div>
            <div role="columnheader">不符合要求</div>
            <div role="columnheader">状态</div>
          </div>
          {assessment.materials.map((a, index) => {
            const m = a.material;
            const r = a.receipt;
            const rowError = errors[fieldKey.material(m.id)];
            const noteError = errors[fieldKey.defectNote(m.id)];
            const told = flagged?.get(m.id);
            const className = [
              'ik-m-row',
              index === safeActive ? 'ik-m-active' : '',
              r.received ? 'ik-m-received' : '',
              a.status === 'complete' ? '' : `ik-m-${a.status}`,
            ].join(' ');
            return (
              <div
                key={m.id}
                role="row"
                aria-rowindex={index + 2}
                aria-selected={index === safeActive}
                aria-label={`${m.name}，${MATERIAL_STATUS_LABELS[a.status]}`}
                tabIndex={index === safeActive ? 0 : -1}
                className={className}
                data-field={fieldKey.material(m.id)}
                data-material-id={m.id}
                ref={(el) => {
                  rows.current[index] = el;
                }}
                onFocus={() => setActive(index)}
                onMouseDown={() => setActive(index)}
                onClick={(e) => {
                  // After a click on a tick box or a form button the row keeps the keyboard.
                  const t = e.target;
                  const typing = t instanceof HTMLInputElement && t.type !== 'checkbox';
                  if (!typing) rows.current[index]?.focus();
                }}
                onKeyDown={(e) => onRowKeyDown(e, m, index)}
              >
                <div role="gridcell" className="ik-m-index">
                  {index + 1}
                </div>
                <div role="gridcell" className="ik-m-name">
                  <div className="ik-m-title">
                    <span className="ik-m-title-text">{m.name}</span>
                    {m.required ? (
                      <Tag className="ik-m-tag" color="red" variant="outlined">
                        必需
                      </Tag>
                    ) : (
                      <Tag className="ik-m-tag">可选</Tag>
                    )}
                    {m.key ? (
                      <Tag className="ik-m-tag" color="volcano" variant="filled">
                        关键
                      </Tag>
                    ) : (
                      <Tag className="ik-m-tag" variant="filled">
                        非关键
                      </Tag>
                    )}
                  </div>
                  {m.note ? <div className="ik-m-note">{m.note}</div> : null}
                  {told ? <div className="ik-m-told">补正要求：{told}</div> : null}
                  {a.problem && a.status !== 'missing' && !(a.status === 'defective' && !readOnly) ? (
                    <div className="ik-m-problem">{a.problem}</div>
                  ) : null}
                  {rowError ? (
                    <div className="ik-text-error" role="alert">
                      {rowError}
                    </div>
                  ) : null}
                </div>
                <div role="gridcell" className="ik-m-required">
                  {MATERIAL_FORM_LABELS[m.form]}
                  <span className="ik-muted"> × {m.copies}</span>
                </div>
                {readOnly ? (
                  <>
                    <div role="gridcell" className="ik-m-check">
                      {r.received ? <CheckOutlined className="ik-ok" aria-label="已收" /> : <span className="ik-muted">—</span>}
                    </div>
                    <div role="gridcell">{r.received && r.form ? RECEIVED_FORM_LABELS[r.form] : ''}</div>
                    <div role="gridcell">{r.received ? `${r.copies} 份` : ''}</div>
                    <div role="gridcell" className="ik-m-defect-text">
                      {r.defective ? r.defectNote || '是' : ''}
                    </div>
                  </>
                ) : (
                  <>
                    <div role="gridcell" className="ik-m-check">
                      <Checkbox
                        tabIndex={-1}
                        checked={r.received}
                        disabled={!editable}
                        aria-label={`已收 ${m.name}`}
                        onChange={() => toggle(m)}
                      />
                    </div>
                    <div role="gridcell">
                      <FormToggle value={r.received ? r.form : null} disabled={!editable} onChange={(form) => setForm(m, form)} />
                    </div>
                    <div role="gridcell">
                      <InputNumber
                        size="small"
                        tabIndex={-1}
                        min={1}
                        max={99}
                        precision={0}
                        value={r.received ? r.copies : null}
                        disabled={!editable || !r.received}
                        aria-label={`${m.name} 份数`}
                        className="ik-m-copies"
                        onChange={(v) => typeof v === 'number' && setCopies(m, v)}
                        onKeyDown={(e) => {
                          if (e.key === 'Escape' || e.key === 'Enter') {
                            e.preventDefault();
                            rows.current[index]?.focus();
                          }
                        }}
                      />
                    </div>
                    <div role="gridcell">
                      <Checkbox
                        tabIndex={-1}
                        checked={r.defective}
                        disabled={!editable}
                        onChange={(e) => setDefective(m, e.target.checked, index)}
                      >
                        不符合
                      </Checkbox>
                    </div>
                  </>
                )}
                <div role="gridcell" className="ik-m-status">
                  <MaterialStatusTag assessment={a} />
                </div>
                {r.defective && !readOnly ? (
                  <div role="gridcell" className="ik-m-defect" data-field={fieldKey.defectNote(m.id)}>
                    <LimitedInput
                      size="small"
                      tabIndex={-1}
                      ref={(el) => {
                        notes.current[index] = el?.input ?? null;
                      }}
                      value={r.defectNote}
                      disabled={!editable}
                      limit={TEXT_LIMITS.defectNote}
                      status={noteError ? 'error' : undefined}
                      placeholder="说明存在的问题，如：未签字、已过期、复印件不清晰（回车返回清单）"
                      aria-label={`${m.name} 不符合要求的说明`}
                      onChange={(e) => put(m, { ...r, defectNote: e.target.value })}
                      onKeyDown={(e) => {
                        if (isComposing(e)) return;
                        if (e.key === 'Enter' || e.key === 'Escape') {
                          e.preventDefault();
                          rows.current[index]?.focus();
                        }
                      }}
                    />
                    {noteError ? <span className="ik-text-error">{noteError}</span> : null}
                  </div>
                ) : null}
              </div>
            );
          })}
        </div>
        {readOnly ? null : (
          <div className="ik-keys" aria-hidden="true">
            <span>
              <Kbd>↑</Kbd>
              <Kbd>↓</Kbd> 选择材料
            </span>
            <span>
              <Kbd>空格</Kbd> 已收
            </span>
            <span>
              <Kbd>F</Kbd> 切换形式
            </span>
            <span>
              <Kbd>+</Kbd>
              <Kbd>−</Kbd> 份数
            </span>
            <span>
              <Kbd>D</Kbd> 不符合要求
            </span>
            <span>
              <Kbd>A</Kbd> 全部已收
            </span>
            <span>
              <Kbd>Enter</Kbd> 到受理决定
            </span>
          </div>
        )}
      </div>
    </ConfigProvider>
  );
}
