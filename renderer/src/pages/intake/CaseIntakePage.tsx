import { ArrowLeftOutlined } from '@ant-design/icons';
import { Alert, App, Button, ConfigProvider, Skeleton, Tag } from 'antd';
import { useMemo, useRef, useState } from 'react';
import { useNavigate, useParams } from 'react-router';
import {
  CASE_STATUS_LABELS,
  CounterCallError,
  INTAKE_DECISION_LABELS,
  type CaseDetail,
  type Material,
  type MethodArgs,
} from '../../../../electron/contract';
import { useCounter, useQuery } from '../../api/hooks';
import { DecisionSection } from '../../components/intake/DecisionSection';
import { IntakeResult } from '../../components/intake/IntakeResult';
import { DueDates } from '../../components/intake/ItemCard';
import { MaterialChecklist, MaterialSummaryLine } from '../../components/intake/MaterialChecklist';
import { Kbd, Section } from '../../components/intake/Section';
import {
  assess,
  buildDecision,
  decisionSchemaErrors,
  effectiveDecision,
  emptyDecision,
  failureSummary,
  mapFieldErrors,
  pathContext,
  receiptsInOrder,
  refreshShown,
  validateDecision,
  validateReceipts,
  withField,
  type DecisionContext,
  type DecisionDraft,
  type FieldErrors,
  type ReceiptMap,
} from '../../components/intake/intake-model';
import { enterMovesOn, focusFirstError, focusFirstIn, messagesWithoutField } from '../../components/intake/keyboard';
import { useHallToday } from '../../components/intake/useHallToday';
import { LeaveGuard } from '../../components/intake/useLeaveGuard';
import { isCtrlEnter, useHotkey } from '../../components/intake/useShortcuts';
import '../../components/intake/intake.css';

/** The case's materials as the checklist knows them (the case keeps its own item version). */
function caseMaterials(detail: CaseDetail): Material[] {
  return detail.materials.map((m) => ({
    id: m.materialId,
    name: m.name,
    form: m.form,
    copies: m.copies,
    required: m.required,
    key: m.key,
    note: null,
  }));
}

const DEFECT_PREFIX = /^不符合要求[：:]?/;

function caseReceipts(detail: CaseDetail): ReceiptMap {
  const receipts: ReceiptMap = {};
  for (const m of detail.materials) {
    const received = m.receivedForm !== null;
    receipts[m.materialId] = {
      materialId: m.materialId,
      received,
      form: m.receivedForm,
      copies: m.receivedCopies,
      defective: m.status === 'defective',
      // The case view carries the defect only inside its problem text.
      defectNote: m.status === 'defective' ? (m.problem ?? '').replace(DEFECT_PREFIX, '') : '',
    };
  }
  return receipts;
}

/**
 * /cases/:caseId/intake — the intake steps on an existing case: taking in what the applicant
 * brought after a 一次性告知 (the case is then received again), and the intake decision on a
 * received case. Same checklist and decision parts as the intake page.
 */
export function CaseIntakePage() {
  const { caseId = '' } = useParams();
  const navigate = useNavigate();
  const loaded = useQuery('cases.get', caseId ? { caseId } : null);
  const [updated, setUpdated] = useState<CaseDetail | null>(null);
  const [result, setResult] = useState<CaseDetail | null>(null);
  const detail = updated ?? loaded.data;

  const back = () => navigate(`/cases/${caseId}`);
  // As on the case page itself: Esc goes back up one level (the leave guard still asks).
  useHotkey((e) => e.key === 'Escape' && !e.ctrlKey && !e.altKey && !e.metaKey, back);
  const reloadCase = () => {
    setUpdated(null);
    loaded.reload();
  };

  if (result) {
    return (
      <div className="ik-page">
        <IntakeResult detail={result} heading="受理决定已作出" onView={back} />
      </div>
    );
  }
  if (loaded.error && !detail) {
    return (
      <div className="ik-page">
        <Alert
          type="error"
          showIcon
          title={`办件读取失败：${loaded.error.message}`}
          action={
            <Button onClick={loaded.reload} autoInsertSpace={false}>
              重试
            </Button>
          }
        />
      </div>
    );
  }
  if (!detail) {
    return (
      <div className="ik-page">
        <Skeleton active paragraph={{ rows: 6 }} />
      </div>
    );
  }

  const head = (
    <header className="ik-case-head">
      <Button icon={<ArrowLeftOutlined />} onClick={back}>
        返回办件
      </Button>
      <span className="ik-case-number">{detail.caseNumber}</span>
      <Tag color="blue">{CASE_STATUS_LABELS[detail.status]}</Tag>
      <span>{detail.itemName}</span>
      <span>
        申请人 <span className="ik-applicant-name">{detail.applicant.name}</span>
      </span>
    </header>
  );

  if (detail.status === 'correction_requested') {
    return (
      <div className="ik-page">
        {head}
        <SupplementStep key={detail.id} detail={detail} onDone={setUpdated} onStale={reloadCase} />
      </div>
    );
  }
  if (detail.status === 'received') {
    return (
      <div className="ik-page">
        {head}
        {updated ? (
          <Alert className="ik-banner" type="success" showIcon title="补正材料已收，办件已重新收件，请作出受理决定。" />
        ) : null}
        <DecisionStep key={detail.id} detail={detail} onDone={setResult} onStale={reloadCase} />
      </div>
    );
  }
  return (
    <div className="ik-page">
      {head}
      <Alert
        type="info"
        showIcon
        title={`该办件当前为“${CASE_STATUS_LABELS[detail.status]}”，不在受理环节，无需在此操作。`}
        action={<Button onClick={back}>返回办件</Button>}
      />
    </div>
  );
}

interface StepProps {
  detail: CaseDetail;
  onDone: (detail: CaseDetail) => void;
  /** The case changed under us: load it again. */
  onStale: () => void;
}

function isCallError(err: unknown, ...codes: CounterCallError['code'][]): boolean {
  return err instanceof CounterCallError && codes.includes(err.code);
}

/** 补正: tick what the applicant brought; the case is then received again. */
function SupplementStep({ detail, onDone, onStale }: StepProps) {
  const client = useCounter();
  const materials = useMemo(() => caseMaterials(detail), [detail]);
  const [receipts, setReceipts] = useState<ReceiptMap>(() => caseReceipts(detail));
  const [touched, setTouched] = useState(false);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [topError, setTopError] = useState<string | null>(null);
  const [submitting, setSubmitting] = useState(false);
  const busy = useRef(false);
  const rootRef = useRef<HTMLDivElement>(null);
  const assessment = useMemo(() => assess(materials, receipts), [materials, receipts]);
  const told = useMemo(
    () => new Map((detail.correction?.items ?? []).flatMap((i) => (i.materialId ? [[i.materialId, i.instruction] as const] : []))),
    [detail.correction],
  );

  async function submit() {
    if (busy.current) return;
    const local = validateReceipts(materials, receipts);
    if (Object.keys(local).length > 0) {
      setErrors(local);
      setTopError('材料清单中有需要修正的地方，已标出');
      requestAnimationFrame(() => focusFirstError(rootRef.current, new Set(Object.keys(local))));
      return;
    }
    const args: MethodArgs<'cases.supplementMaterials'> = { caseId: detail.id, expectedVersion: detail.version, materials: receiptsInOrder(materials, receipts) };
    busy.current = true;
    setSubmitting(true);
    setTopError(null);
    try {
      const next = await client.call('cases.supplementMaterials', args);
      setTouched(false);
      onDone(next);
    } catch (err) {
      const mapped =
        err instanceof CounterCallError
          ? mapFieldErrors(err.fieldErrors, { materialIds: materials.map((m) => m.id), deferralIds: [], correctionKeys: [] })
          : { fields: {}, unplaced: [] };
      const top = failureSummary(err, mapped, '勾选的内容都还在，可直接重试。');
      const orphans = messagesWithoutField(rootRef.current, mapped.fields).filter((m) => !top.includes(m));
      setErrors(mapped.fields);
      setTopError([top, ...orphans].join('；'));
      if (isCallError(err, 'illegal_transition', 'conflict', 'not_found')) onStale();
    } finally {
      busy.current = false;
      setSubmitting(false);
    }
  }

  useHotkey(isCtrlEnter, () => void submit());

  return (
    <div ref={rootRef}>
      <LeaveGuard when={touched} title="补正材料尚未提交，确定离开？" content="离开后本次勾选的内容不会保存。" />
      {topError ? <Alert className="ik-banner" type="error" showIcon title={topError} role="alert" /> : null}
      <ConfigProvider componentDisabled={submitting}>
        <Section id="ik-told" number={1} title="已告知的补正内容">
          {detail.correction ? (
            <>
              <ol className="ik-told">
                {detail.correction.items.map((item, i) => (
                  <li key={`${item.materialId ?? 'extra'}-${i}`}>
                    <b>{item.name}</b>　<span className="ik-muted">{item.instruction}</span>
                  </li>
                ))}
              </ol>
              {detail.correction.note ? <p className="ik-muted">说明：{detail.correction.note}</p> : null}
            </>
          ) : (
            <div className="ik-placeholder">没有补正记录。</div>
          )}
        </Section>
        <Section id="ik-materials" number={2} title="收取补正材料" extra={<MaterialSummaryLine assessment={assessment} />}>
          <MaterialChecklist
            materials={materials}
            receipts={receipts}
            assessment={assessment}
            errors={errors}
            disabled={submitting}
            flagged={told}
            onChange={(next) => {
              setReceipts(next);
              setTouched(true);
              setErrors((e) => refreshShown(e, validateReceipts(materials, next), 'material.'));
            }}
          />
        </Section>
      </ConfigProvider>
      <footer className="ik-actionbar">
        <div className="ik-actionbar-summary">
          <span className="ik-muted">提交后办件重新收件，接着作出受理决定。</span>
          {topError ? <span className="ik-text-error ik-actionbar-error">{topError}</span> : null}
        </div>
        <span className="ik-actionbar-keys" aria-hidden="true">
          <Kbd>Ctrl</Kbd>+<Kbd>Enter</Kbd>
        </span>
        <Button type="primary" size="large" loading={submitting} onClick={() => void submit()} className="ik-confirm">
          确认补正材料已收
        </Button>
      </footer>
    </div>
  );
}

/** The intake decision on a received case, over the materials already recorded on it. */
function DecisionStep({ detail, onDone, onStale }: StepProps) {
  const client = useCounter();
  const { message } = App.useApp();
  const today = useHallToday();
  const referenceData = useQuery('intake.referenceData', {});
  const preview = useQuery('intake.preview', { itemCode: detail.itemCode, itemVersion: detail.itemVersion });
  const materials = useMemo(() => caseMaterials(detail), [detail]);
  const receipts = useMemo(() => caseReceipts(detail), [detail]);
  const assessment = useMemo(() => assess(materials, receipts), [materials, receipts]);
  const [draft, setDraft] = useState<DecisionDraft>(emptyDecision);
  const [touched, setTouched] = useState(false);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [topError, setTopError] = useState<string | null>(null);
  const [submitting, setSubmitting] = useState(false);
  const busy = useRef(false);
  const rootRef = useRef<HTMLDivElement>(null);
  const decisionRef = useRef<HTMLDivElement>(null);
  const confirmRef = useRef<HTMLButtonElement>(null);

  const ctx: DecisionContext = {
    assessment,
    draft,
    today: preview.data?.acceptanceDate ?? today,
    promisedDueDate: preview.data?.promisedDueDate ?? null,
    defaultDeferralDueDate: preview.data?.defaultDeferralDueDate ?? null,
    immediate: detail.caseType === 'immediate',
  };
  const kind = effectiveDecision(assessment, draft);

  async function submit() {
    if (busy.current) return;
    const decision = buildDecision(ctx);
    const paths = pathContext(materials, ctx);
    const schema = decisionSchemaErrors(decision, paths);
    const fields = { ...schema.fields, ...validateDecision(ctx) };
    if (Object.keys(fields).length + schema.unplaced.length > 0) {
      setErrors(fields);
      setTopError(['受理决定中有需要修正的地方，已标出', ...schema.unplaced].join('；'));
      requestAnimationFrame(() => focusFirstError(rootRef.current, new Set(Object.keys(fields))));
      return;
    }
    busy.current = true;
    setSubmitting(true);
    setTopError(null);
    try {
      const next = await client.call('cases.decideIntake', { caseId: detail.id, expectedVersion: detail.version, decision });
      setTouched(false);
      void message.success(`${INTAKE_DECISION_LABELS[kind]}：${next.caseNumber}`);
      onDone(next);
    } catch (err) {
      const mapped = err instanceof CounterCallError ? mapFieldErrors(err.fieldErrors, paths) : { fields: {}, unplaced: [] };
      const top = failureSummary(err, mapped, '填写的内容都还在，可直接重试。');
      const orphans = messagesWithoutField(rootRef.current, mapped.fields).filter((m) => !top.includes(m));
      setErrors(mapped.fields);
      setTopError([top, ...orphans].join('；'));
      // Decided meanwhile (another window, a doubled click): show the case as it now is.
      if (isCallError(err, 'illegal_transition', 'conflict', 'not_found')) onStale();
    } finally {
      busy.current = false;
      setSubmitting(false);
    }
  }

  useHotkey(isCtrlEnter, () => void submit());

  return (
    <div ref={rootRef} onKeyDown={(e) => enterMovesOn(e, rootRef.current)}>
      <LeaveGuard when={touched} title="受理决定尚未提交，确定离开？" content="离开后本次填写的内容不会保存。" />
      {topError ? <Alert className="ik-banner" type="error" showIcon title={topError} role="alert" /> : null}
      <ConfigProvider componentDisabled={submitting}>
        <Section id="ik-materials" number={1} title="已收材料" extra={<MaterialSummaryLine assessment={assessment} />}>
          <MaterialChecklist
            materials={materials}
            receipts={receipts}
            assessment={assessment}
            errors={errors}
            readOnly
            onDone={() => focusFirstIn(decisionRef.current)}
          />
          <div className="ik-case-due">
            <DueDates
              preview={preview.data}
              error={preview.error ? preview.error.message : null}
              immediate={detail.caseType === 'immediate'}
            />
          </div>
        </Section>
        <Section id="ik-decision" number={2} title="受理决定">
          <DecisionSection
            ref={decisionRef}
            ctx={ctx}
            errors={errors}
            disabled={submitting}
            rejectionReasons={referenceData.data?.rejectionReasons ?? []}
            onChange={(next) => {
              setDraft(next);
              setTouched(true);
              setErrors((e) => refreshShown(e, validateDecision({ ...ctx, draft: next }), 'decision'));
            }}
            onBlurField={(key) => setErrors((e) => withField(e, key, validateDecision(ctx)[key] ?? null))}
            onEnter={() => confirmRef.current?.focus()}
          />
        </Section>
      </ConfigProvider>
      <footer className="ik-actionbar">
        <div className="ik-actionbar-summary">
          <span className="ik-actionbar-item">{detail.itemName}</span>
          {topError ? <span className="ik-text-error ik-actionbar-error">{topError}</span> : null}
        </div>
        <span className="ik-actionbar-keys" aria-hidden="true">
          <Kbd>Ctrl</Kbd>+<Kbd>Enter</Kbd>
        </span>
        <Button
          ref={confirmRef}
          type="primary"
          size="large"
          danger={kind === 'reject'}
          loading={submitting}
          onClick={() => void submit()}
          className="ik-confirm"
        >
          {`确认${INTAKE_DECISION_LABELS[kind]}`}
        </Button>
      </footer>
    </div>
  );
}
