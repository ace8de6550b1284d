import { Alert, App, Button, ConfigProvider, type InputRef } from 'antd';
import { useEffect, useMemo, useRef, useState } from 'react';
import { useNavigate } from 'react-router';
import {
  INTAKE_DECISION_LABELS,
  type CaseDetail,
  type ItemDetail,
  type ItemSearchHit,
} from '../../../../electron/contract';
import { useCounter, useQuery } from '../../api/hooks';
import { ApplicantKindSwitch, ApplicantSection } from '../../components/intake/ApplicantSection';
import { DecisionSection } from '../../components/intake/DecisionSection';
import { IntakeResult } from '../../components/intake/IntakeResult';
import { ItemCard } from '../../components/intake/ItemCard';
import { ItemSearch } from '../../components/intake/ItemSearch';
import { MaterialChecklist, MaterialSummaryLine } from '../../components/intake/MaterialChecklist';
import { Kbd, Section } from '../../components/intake/Section';
import {
  applicantCheck,
  applicantValue,
  assess,
  effectiveDecision,
  emptyDecision,
  fieldKey,
  intakeArgs,
  isApplicantTouched,
  pathContext,
  refreshShown,
  schemaErrors,
  validateApplicant,
  validateDecision,
  validateReceipts,
  withField,
  withoutPrefix,
  type ApplicantDraft,
  type DecisionContext,
  type DecisionDraft,
  type FieldErrors,
  type ReceiptMap,
} from '../../components/intake/intake-model';
import { enterMovesOn, enterSkipsClosedSelect, focusFirstIn } from '../../components/intake/keyboard';
import { LeaveGuard } from '../../components/intake/useLeaveGuard';
import { useHallToday } from '../../components/intake/useHallToday';
import { useSubmitErrors } from '../../components/intake/useSubmitErrors';
import { useSession, useWindowInfo } from '../../app/frame-context';
import { alt, isCtrlEnter, isNextKey, isSlash, useHotkey } from '../../components/intake/useShortcuts';
import { formatTimeOfDay } from '../../shared/format';
import '../../components/intake/intake.css';
import { clearDraft, loadDraft, newDraft, saveDraft, type IntakeDraft } from './intake-draft';

function isDirty(d: IntakeDraft): boolean {
  return d.item !== null || isApplicantTouched(d.applicant) || Object.values(d.receipts).some((r) => r.received);
}

function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/**
 * 受理: the clerk's main screen. One page, four numbered parts filled top to bottom from the
 * keyboard; the decision offered is always the one the shared rules allow for the materials
 * ticked, and the submit carries one clientRequestId per form so a doubled Enter or a retry
 * after a lost answer can only ever make one case.
 */
export function IntakePage() {
  const client = useCounter();
  const navigate = useNavigate();
  const { modal } = App.useApp();
  const today = useHallToday();
  const { timeZone } = useWindowInfo();
  // The frame is mounted only while someone is signed in, so there is always a clerk here.
  const staffId = useSession().staff?.id ?? '';
  const referenceData = useQuery('intake.referenceData', {});

  const [restored] = useState(() => {
    const stored = loadDraft(staffId);
    return stored && isDirty(stored.draft) ? stored : null;
  });
  const [draft, setDraftState] = useState<IntakeDraft>(() => restored?.draft ?? newDraft());
  const [showRestored, setShowRestored] = useState(restored !== null);
  const rootRef = useRef<HTMLDivElement>(null);
  const { errors, setErrors, topError, setTopError, show: showErrors, showFailure, clear: clearErrors } = useSubmitErrors(rootRef);
  const [submitting, setSubmitting] = useState(false);
  const [result, setResult] = useState<CaseDetail | null>(null);
  const [pendingItem, setPendingItem] = useState<ItemSearchHit | null>(null);
  const [itemError, setItemError] = useState<string | null>(null);

  const searchRef = useRef<InputRef>(null);
  const firstFieldRef = useRef<InputRef>(null);
  const applicantRef = useRef<HTMLElement>(null);
  const checklistRef = useRef<HTMLDivElement>(null);
  const decisionRef = useRef<HTMLDivElement>(null);
  const confirmRef = useRef<HTMLButtonElement>(null);
  const nextRef = useRef<HTMLButtonElement>(null);
  const submittingRef = useRef(false);
  const itemRequest = useRef(0);

  // An item still loading, or one that failed to load, is no item at all: the draft may still
  // hold the previous one, and nothing may be checked or submitted against it meanwhile.
  const item = pendingItem || itemError ? null : draft.item;
  const preview = useQuery('intake.preview', item ? { itemCode: item.code } : null);
  const previewData = item && preview.data ? preview.data : undefined;
  // Dates are counted from the acceptance day: a form left open past midnight is counted anew.
  const reloadPreview = preview.reload;
  const previewDay = useRef(today);
  useEffect(() => {
    if (previewDay.current === today) return;
    previewDay.current = today;
    reloadPreview();
  }, [today, reloadPreview]);

  /** Every change is written through at once: a crash a second later must not lose it. */
  function setDraft(update: (d: IntakeDraft) => IntakeDraft) {
    setDraftState((d) => {
      const next = update(d);
      if (isDirty(next)) saveDraft(next, staffId);
      else clearDraft();
      return next;
    });
  }

  const assessment = useMemo(() => (item ? assess(item.materials, draft.receipts) : null), [item, draft.receipts]);
  const hallToday = previewData?.acceptanceDate ?? today;
  const decisionCtx: DecisionContext | null =
    item && assessment
      ? {
          assessment,
          draft: draft.decision,
          today: hallToday,
          promisedDueDate: previewData?.promisedDueDate ?? null,
          legalDueDate: previewData?.legalDueDate ?? null,
          defaultDeferralDueDate: previewData?.defaultDeferralDueDate ?? null,
          immediate: item.caseType === 'immediate',
        }
      : null;
  const kind = assessment ? effectiveDecision(assessment, draft.decision) : 'accept';
  const dirty = isDirty(draft);

  // ——— focus ———

  const focusSearch = () => {
    searchRef.current?.focus();
    searchRef.current?.select();
  };
  const later = (fn: () => void) => requestAnimationFrame(fn);

  // ——— 1 事项 ———

  async function chooseItem(hit: ItemSearchHit) {
    const current = draft.item;
    const same = current !== null && current.code === hit.code && current.version === hit.version;
    setErrors((e) => withField(e, fieldKey.item, null));
    setDraft((d) => ({ ...d, query: hit.name }));
    later(() => firstFieldRef.current?.focus());
    if (same) {
      // Back to the item the form was filled for: whatever was loading or failed instead is dropped.
      itemRequest.current += 1;
      setPendingItem(null);
      setItemError(null);
      return;
    }
    const request = (itemRequest.current += 1);
    setPendingItem(hit);
    setItemError(null);
    try {
      const detail: ItemDetail = await client.call('catalog.getItem', { code: hit.code, version: hit.version });
      if (request !== itemRequest.current) return;
      setDraft((d) => ({ ...d, item: detail, query: detail.name, receipts: {}, decision: emptyDecision() }));
      setErrors((e) => withoutPrefix(withoutPrefix(e, 'material.'), 'decision'));
    } catch (err) {
      if (request === itemRequest.current) setItemError(`事项详情读取失败：${errorText(err)}`);
    } finally {
      if (request === itemRequest.current) setPendingItem(null);
    }
  }

  // ——— 2 申请人 ———

  function onApplicantChange(next: ApplicantDraft, key: string) {
    const kindChanged = next.kind !== draft.applicant.kind;
    setDraft((d) => ({ ...d, applicant: next }));
    if (kindChanged) {
      setErrors((e) => withoutPrefix(e, 'applicant.'));
      return;
    }
    if (key === 'agent.hasAgent' && !next.hasAgent) {
      setErrors((e) => withoutPrefix(e, 'agent.'));
      return;
    }
    setErrors((e) => {
      if (!(key in e)) return e;
      const check = applicantCheck(key, next, today);
      return withField(e, key, check ? check(applicantValue(key, next)) : null);
    });
  }

  function onApplicantBlur(key: string) {
    const check = applicantCheck(key, draft.applicant, today);
    const value = applicantValue(key, draft.applicant);
    // Leaving a field untouched is not yet a mistake; submit will say what is missing.
    if (!(key in errors) && value.trim() === '') return;
    setErrors((e) => withField(e, key, check ? check(value) : null));
  }

  // ——— 3 材料 / 4 决定 ———

  function refreshAfter(receipts: ReceiptMap, decision: DecisionDraft) {
    if (!item || !decisionCtx) return;
    const ctx: DecisionContext = { ...decisionCtx, assessment: assess(item.materials, receipts), draft: decision };
    setErrors((e) =>
      refreshShown(refreshShown(e, validateReceipts(item.materials, receipts), 'material.'), validateDecision(ctx), 'decision'),
    );
  }

  function onReceiptsChange(receipts: ReceiptMap) {
    setDraft((d) => ({ ...d, receipts }));
    refreshAfter(receipts, draft.decision);
  }

  function onDecisionChange(decision: DecisionDraft) {
    setDraft((d) => ({ ...d, decision }));
    refreshAfter(draft.receipts, decision);
  }

  function onDecisionBlur(key: string) {
    if (!decisionCtx) return;
    const message = validateDecision(decisionCtx)[key] ?? null;
    setErrors((e) => withField(e, key, message));
  }

  // ——— submit ———

  /** Why there is no item to submit against, or null when there is one. */
  const noItemReason = item ? null : pendingItem ? '事项详情尚在读取，请稍候' : itemError ? '事项详情读取失败，请重新选择事项' : '请先选择事项';

  async function submit() {
    if (submittingRef.current || result) return;
    if (!item || !decisionCtx) {
      showErrors({ ...errors, [fieldKey.item]: noItemReason ?? '请先选择事项' }, '请先选择要受理的事项');
      return;
    }
    const args = intakeArgs(draft.clientRequestId, item, draft.applicant, draft.receipts, decisionCtx);
    const paths = pathContext(item.materials, decisionCtx);
    const local: FieldErrors = {
      ...validateApplicant(draft.applicant, today),
      ...validateReceipts(item.materials, draft.receipts),
      ...validateDecision(decisionCtx),
    };
    const schema = schemaErrors(args, paths);
    const fields = { ...schema.fields, ...local };
    const count = Object.keys(fields).length + schema.unplaced.length;
    if (count > 0) {
      showErrors(fields, [`请修正标出的 ${count} 处问题后再提交`, ...schema.unplaced].join('；'));
      return;
    }

    submittingRef.current = true;
    setSubmitting(true);
    setTopError(null);
    try {
      const detail = await client.call('intake.submit', args);
      clearDraft();
      setDraftState(newDraft());
      clearErrors();
      setShowRestored(false);
      setResult(detail);
      later(() => nextRef.current?.focus());
    } catch (err) {
      // The same clientRequestId goes with the retry, so a case made before an answer was lost is not made twice.
      showFailure(err, paths, '填写的内容都还在，可直接重试，不会重复建件。');
    } finally {
      submittingRef.current = false;
      setSubmitting(false);
    }
  }

  // ——— starting over ———

  function startNext() {
    setResult(null);
    clearErrors();
    later(focusSearch);
  }

  function startOver() {
    if (submittingRef.current) return;
    const reset = () => {
      // An item still loading must not arrive in the emptied form.
      itemRequest.current += 1;
      setPendingItem(null);
      setItemError(null);
      clearDraft();
      setDraftState(newDraft());
      clearErrors();
      setShowRestored(false);
      later(focusSearch);
    };
    if (!dirty) return reset();
    modal.confirm({
      title: '放弃本件，重新开始？',
      content: '已填写的申请人、材料和受理决定将被清空。',
      okText: '清空重来',
      okButtonProps: { danger: true },
      cancelText: '继续填写',
      autoFocusButton: 'cancel',
      onOk: reset,
    });
  }

  const editing = result === null;
  // The clerk's first move is always the item: the search has focus whenever the form opens.
  useEffect(() => {
    if (editing) focusSearch();
  }, [editing]);
  useHotkey(isCtrlEnter, () => void submit(), { enabled: editing });
  useHotkey((e) => isSlash(e) || alt('KeyS')(e), focusSearch, { enabled: editing });
  useHotkey(alt('KeyA'), () => focusFirstIn(applicantRef.current?.querySelector('.ik-grid')), { enabled: editing });
  useHotkey(alt('KeyM'), () => focusFirstIn(checklistRef.current), { enabled: editing });
  useHotkey(alt('KeyD'), () => focusFirstIn(decisionRef.current), { enabled: editing });
  useHotkey(isNextKey, () => (editing ? startOver() : startNext()));

  if (result) {
    return (
      <div className="ik-page" ref={rootRef}>
        <IntakeResult
          detail={result}
          onView={() => navigate(`/cases/${result.id}`)}
          onNext={startNext}
          primaryRef={nextRef}
        />
      </div>
    );
  }

  const confirmLabel = `确认${INTAKE_DECISION_LABELS[kind]}`;
  const savedAt = restored?.savedAt ? formatTimeOfDay(restored.savedAt, timeZone) : '';
  const applicantName = draft.applicant.kind === 'person' ? draft.applicant.person.name : draft.applicant.organisation.name;

  return (
    <div
      className="ik-page"
      ref={rootRef}
      onKeyDownCapture={(e) => {
        // Only the applicant's 证件类型: the rejection-reason list is opened on purpose.
        if (e.target instanceof Node && applicantRef.current?.contains(e.target)) enterSkipsClosedSelect(e, rootRef.current);
      }}
      onKeyDown={(e) => enterMovesOn(e, rootRef.current)}
    >
      <LeaveGuard
        when={dirty}
        title="本件尚未提交，确定离开？"
        content="填写的内容会保留为草稿，回到“受理”页面可继续办理。"
      />
      <header className="ik-page-head">
        <h1>受理办件</h1>
        <div className="ik-page-keys" aria-hidden="true">
          <span>
            <Kbd>/</Kbd> 搜索事项
          </span>
          <span>
            <Kbd>Ctrl</Kbd>+<Kbd>Enter</Kbd> 确认
          </span>
          <span>
            <Kbd>F2</Kbd> 重新开始
          </span>
        </div>
      </header>

      {showRestored && restored ? (
        <Alert
          className="ik-banner"
          type="info"
          showIcon
          title={`已恢复未提交的受理内容${savedAt ? `（${savedAt} 保存）` : ''}，可继续办理。`}
          action={
            <Button size="small" onClick={startOver}>
              清空重来
            </Button>
          }
          closable={{ onClose: () => setShowRestored(false) }}
        />
      ) : null}
      {topError ? <Alert className="ik-banner" type="error" showIcon title={topError} role="alert" /> : null}

      <ConfigProvider componentDisabled={submitting}>
        <Section id="ik-item" number={1} title="事项" shortcut="Alt+S">
          <div data-field={fieldKey.item}>
            <ItemSearch
              query={draft.query}
              onQueryChange={(query) => setDraft((d) => ({ ...d, query }))}
              onChoose={(hit) => void chooseItem(hit)}
              chosenName={pendingItem?.name ?? item?.name ?? null}
              disabled={submitting}
              status={errors[fieldKey.item] ? 'error' : undefined}
              inputRef={searchRef}
            />
            {errors[fieldKey.item] ? <div className="ik-text-error">{errors[fieldKey.item]}</div> : null}
          </div>
          {item || pendingItem || itemError ? (
            <ItemCard
              item={item}
              loading={pendingItem !== null}
              error={itemError}
              preview={previewData}
              previewError={preview.error ? preview.error.message : null}
            />
          ) : null}
        </Section>

        <Section
          id="ik-applicant"
          number={2}
          title="申请人"
          shortcut="Alt+A"
          ref={applicantRef}
          extra={<ApplicantKindSwitch applicant={draft.applicant} onChange={onApplicantChange} disabled={submitting} />}
        >
          <ApplicantSection
            applicant={draft.applicant}
            errors={errors}
            today={today}
            disabled={submitting}
            onChange={onApplicantChange}
            onBlurField={onApplicantBlur}
            firstFieldRef={firstFieldRef}
          />
        </Section>

        <Section
          id="ik-materials"
          number={3}
          title="材料清单"
          shortcut="Alt+M"
          extra={assessment ? <MaterialSummaryLine assessment={assessment} /> : null}
        >
          {item && assessment ? (
            <MaterialChecklist
              ref={checklistRef}
              materials={item.materials}
              receipts={draft.receipts}
              assessment={assessment}
              errors={errors}
              disabled={submitting}
              onChange={onReceiptsChange}
              onDone={() => focusFirstIn(decisionRef.current)}
            />
          ) : (
            <div className="ik-placeholder">选择事项后，在此逐项核对申请材料。</div>
          )}
        </Section>

        <Section id="ik-decision" number={4} title="受理决定" shortcut="Alt+D">
          <DecisionSection
            ref={decisionRef}
            ctx={decisionCtx}
            errors={errors}
            disabled={submitting}
            rejectionReasons={referenceData.data?.rejectionReasons ?? []}
            onChange={onDecisionChange}
            onBlurField={onDecisionBlur}
            onEnter={() => confirmRef.current?.focus()}
          />
        </Section>
      </ConfigProvider>

      <footer className="ik-actionbar">
        <div className="ik-actionbar-summary">
          {item ? (
            <span className="ik-actionbar-item">{item.name}</span>
          ) : (
            <span className={itemError || topError ? 'ik-text-error' : 'ik-muted'} id="ik-no-item">
              {noItemReason}
            </span>
          )}
          {applicantName.trim() ? <span className="ik-applicant-name">{applicantName}</span> : null}
          {/* Without an item the reason beside the button says it better than the general line. */}
          {topError && item ? (
            <span className="ik-text-error ik-actionbar-error" title={topError}>
              {topError}
            </span>
          ) : null}
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
          disabled={!item}
          aria-describedby={item ? undefined : 'ik-no-item'}
          onClick={() => void submit()}
          className="ik-confirm"
        >
          {submitting ? '正在提交…' : confirmLabel}
        </Button>
      </footer>
    </div>
  );
}
