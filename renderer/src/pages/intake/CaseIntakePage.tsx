import { ArrowLeftOutlined } from '@ant-design/icons';
import { Alert, App, Button, ConfigProvider, Skeleton, Tag } from 'antd';
import { useMemo, useRef, useState } from 'react';
import { useNavigate, useParams } from 'react-router';
import { CASE_STATUS_LABELS, INTAKE_DECISION_LABELS, type CaseDetail, type Material } from '../../../../electron/contract';
import { useCounter, useQuery } from '../../api/hooks';
import { DecisionSection } from '../../components/intake/DecisionSection';
import { IntakeResult } from '../../components/intake/IntakeResult';
import { DueDates } from '../../components/intake/ItemCard';
import { MaterialChecklist, MaterialSummaryLine } from '../../components/intake/MaterialChecklist';
import { IntakeActionBar } from '../../components/intake/IntakeActionBar';
import { Section } from '../../components/intake/Section';
import {
  buildDecision,
  effectiveDecision,
  emptyDecision,
  validateDecision,
  withDeferralOffer,
  type DecisionContext,
  type DecisionDraft,
} from '../../components/intake/model/decision';
import { refreshShown, withField } from '../../components/intake/model/field-errors';
import { assess, receiptsInOrder, validateReceipts, type ReceiptMap } from '../../components/intake/model/materials';
import { pathContext } from '../../components/intake/model/submit-args';
import { enterMovesOn, focusFirstIn } from '../../components/intake/keyboard';
import { useHallToday } from '../../components/intake/useHallToday';
import { LeaveGuard } from '../../components/intake/useLeaveGuard';
import { isCtrlEnter, useHotkey } from '../../components/intake/useShortcuts';
import { errorMessage, isStaleCase, isVersionConflict } from '../../shared/call-error';
import { useIntakeSubmit } from './useIntakeSubmit';
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
    note: m.note,
  }));
}

/** The receipts recorded on the case, as the checklist starts from them. */
function caseReceipts(detail: CaseDetail): ReceiptMap {
  const receipts: ReceiptMap = {};
  for (const m of detail.materials) {
    receipts[m.materialId] = {
      materialId: m.materialId,
      received: m.received,
      form: m.receivedForm,
      copies: m.receivedCopies,
      defective: m.defective,
      defectNote: m.defectNote,
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
  // Another case is another page: nothing typed or learned about this one may carry over.
  return <CaseIntake key={caseId} caseId={caseId} />;
}

function CaseIntake({ caseId }: { caseId: string }) {
  const client = useCounter();
  const navigate = useNavigate();
  const loaded = useQuery('cases.get', caseId ? { caseId } : null);
  // The case as last learned after the first load: returned by our own 补正, or read again after
  // the core refused a step because the case had moved on.
  const [latest, setLatest] = useState<CaseDetail | null>(null);
  const [supplemented, setSupplemented] = useState(false);
  const [reloadError, setReloadError] = useState<string | null>(null);
  const [result, setResult] = useState<CaseDetail | null>(null);
  const reloadTicket = useRef(0);
  const detail = latest ?? loaded.data;

  const back = () => navigate(`/cases/${caseId}`);
  // As on the case page itself: Esc goes back up one level (the leave guard still asks).
  useHotkey((e) => e.key === 'Escape' && !e.ctrlKey && !e.altKey && !e.metaKey, back);
  // The case on screen stays until the new one arrives, so a step still in the same state keeps
  // what the clerk typed and only takes the case's new version.
  const reloadCase = async () => {
    const my = ++reloadTicket.current;
    try {
      const fresh = await client.call('cases.get', { caseId });
      if (my !== reloadTicket.current) return;
      setLatest(fresh);
      setReloadError(null);
    } catch (err) {
      if (my === reloadTicket.current) setReloadError(`办件重新读取失败：${errorMessage(err)}`);
    }
  };
  const onSupplemented = (next: CaseDetail) => {
    setLatest(next);
    setSupplemented(true);
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
  const stale = reloadError ? (
    <Alert
      className="ik-banner"
      type="warning"
      showIcon
      title={reloadError}
      action={
        <Button size="small" onClick={() => void reloadCase()}>
          重试
        </Button>
      }
    />
  ) : null;

  if (detail.status === 'correction_requested') {
    return (
      <div className="ik-page">
        {head}
        {stale}
        <SupplementStep key={detail.id} detail={detail} onDone={onSupplemented} onStale={() => void reloadCase()} />
      </div>
    );
  }
  if (detail.status === 'received') {
    return (
      <div className="ik-page">
        {head}
        {stale}
        {supplemented ? (
          <Alert className="ik-banner" type="success" showIcon title="补正材料已收，办件已重新收件，请作出受理决定。" />
        ) : null}
        <DecisionStep key={detail.id} detail={detail} onDone={setResult} onStale={() => void reloadCase()} />
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
  /** The case changed under us: load it again (the step stays mounted while it is in the same state). */
  onStale: () => void;
}

/**
 * After a refused step whose case moved on meanwhile (another window, a doubled click): the page
 * reads it again; when it is still at this step the clerk's entries stay, checked against the new
 * version. A conflict is told in its own words, since the core's ask for a refresh is already met.
 */
function whenStale(err: unknown, onStale: () => void, setTopError: (message: string) => void): void {
  if (!isStaleCase(err)) return;
  onStale();
  if (isVersionConflict(err)) setTopError('该办件已有新的办理记录，已重新读取。填写的内容都还在，请核对后再提交。');
}

/** 补正: tick what the applicant brought; the case is then received again. */
function SupplementStep({ detail, onDone, onStale }: StepProps) {
  const client = useCounter();
  const told = useMemo(
    () => new Map((detail.correction?.items ?? []).flatMap((i) => (i.materialId ? [[i.materialId, i.instruction] as const] : []))),
    [detail.correction],
  );
  // Only what the notice listed is brought now (一次性告知); the rest stays as recorded.
  const materials = useMemo(() => caseMaterials(detail).filter((m) => told.has(m.id)), [detail, told]);
  const [receipts, setReceipts] = useState<ReceiptMap>(() => caseReceipts(detail));
  const [touched, setTouched] = useState(false);
  const rootRef = useRef<HTMLDivElement>(null);
  const { errors, setErrors, topError, setTopError, submitting, submit: send } = useIntakeSubmit(rootRef);
  const assessment = useMemo(() => assess(materials, receipts), [materials, receipts]);

  const submit = () =>
    void send({
      problems: { fields: validateReceipts(materials, receipts), unplaced: [] },
      refusal: () => '材料清单中有需要修正的地方，已标出',
      call: () =>
        client.call('cases.supplementMaterials', {
          caseId: detail.id,
          expectedVersion: detail.version,
          materials: receiptsInOrder(materials, receipts),
        }),
      paths: { materialIds: materials.map((m) => m.id), deferralIds: [], correctionKeys: [] },
      retrySafe: '勾选的内容都还在，可直接重试。',
      done: (next) => {
        setTouched(false);
        onDone(next);
      },
      failed: (err) => whenStale(err, onStale, setTopError),
    });

  useHotkey(isCtrlEnter, submit);

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
            materials={materials} receipts={receipts} assessment={assessment} errors={errors}
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
      <IntakeActionBar
        summary={<span className="ik-muted">提交后办件重新收件，接着作出受理决定。</span>}
        error={topError}
        label="确认补正材料已收"
        onConfirm={submit}
        submitting={submitting}
      />
    </div>
  );
}

/** The intake decision on a received case, over the materials already recorded on it. */
function DecisionStep({ detail, onDone, onStale }: StepProps) {
  const client = useCounter();
  const { message } = App.useApp();
  const today = useHallToday();
  // The item version the case was received under: its own stock 不予受理 reasons.
  const item = useQuery('catalog.getItem', { code: detail.itemCode, version: detail.itemVersion });
  const preview = useQuery('intake.preview', { itemCode: detail.itemCode, itemVersion: detail.itemVersion });
  const materials = useMemo(() => caseMaterials(detail), [detail]);
  const receipts = useMemo(() => caseReceipts(detail), [detail]);
  const offer = preview.data?.deferral;
  const assessment = useMemo(() => withDeferralOffer(assess(materials, receipts), offer), [materials, receipts, offer]);
  const [draft, setDraft] = useState<DecisionDraft>(emptyDecision);
  const [touched, setTouched] = useState(false);
  const rootRef = useRef<HTMLDivElement>(null);
  const { errors, setErrors, topError, setTopError, submitting, submit: send } = useIntakeSubmit(rootRef);
  const decisionRef = useRef<HTMLDivElement>(null);
  const confirmRef = useRef<HTMLButtonElement>(null);

  const ctx: DecisionContext = {
    assessment,
    draft,
    today: preview.data?.acceptanceDate ?? today,
    promisedDueDate: preview.data?.promisedDueDate ?? null,
    legalDueDate: preview.data?.legalDueDate ?? null,
    promisedDueProvisional: preview.data?.promisedDueProvisional ?? false,
    legalDueProvisional: preview.data?.legalDueProvisional ?? false,
    defaultDeferralDueDate: preview.data?.defaultDeferralDueDate ?? null,
    deferralOffer: preview.data?.deferral ?? null,
    immediate: detail.caseType === 'immediate',
  };
  const kind = effectiveDecision(assessment, draft);

  const submit = () => {
    const decision = buildDecision(ctx);
    void send({
      problems: { fields: validateDecision(ctx), unplaced: [] },
      refusal: () => '受理决定中有需要修正的地方，已标出',
      call: () => client.call('cases.decideIntake', { caseId: detail.id, expectedVersion: detail.version, decision }),
      paths: pathContext(materials, ctx),
      retrySafe: '填写的内容都还在，可直接重试。',
      done: (next) => {
        setTouched(false);
        void message.success(`${INTAKE_DECISION_LABELS[kind]}：${next.caseNumber}`);
        onDone(next);
      },
      failed: (err) => whenStale(err, onStale, setTopError),
    });
  };

  useHotkey(isCtrlEnter, submit);

  return (
    <div ref={rootRef} onKeyDown={(e) => enterMovesOn(e, rootRef.current)}>
      <LeaveGuard when={touched} title="受理决定尚未提交，确定离开？" content="离开后本次填写的内容不会保存。" />
      {topError ? <Alert className="ik-banner" type="error" showIcon title={topError} role="alert" /> : null}
      <ConfigProvider componentDisabled={submitting}>
        <Section id="ik-materials" number={1} title="已收材料" extra={<MaterialSummaryLine assessment={assessment} />}>
          <MaterialChecklist
            materials={materials} receipts={receipts} assessment={assessment} errors={errors}
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
            rejectionReasons={item.data?.rejectionReasons ?? []}
            itemType={detail.itemType}
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
      <IntakeActionBar
        summary={<span className="ik-actionbar-item">{detail.itemName}</span>}
        error={topError}
        label={`确认${INTAKE_DECISION_LABELS[kind]}`}
        onConfirm={submit}
        submitting={submitting}
        danger={kind === 'reject'}
        confirmRef={confirmRef}
      />
    </div>
  );
}
