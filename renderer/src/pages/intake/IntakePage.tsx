import { Alert, App, Button, ConfigProvider, type InputRef } from 'antd';
import { useEffect, useMemo, useRef, useState } from 'react';
import { useNavigate } from 'react-router';
import {
  DRAFT_DISCARD_MESSAGES,
  calendarDateIn,
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
import { IntakeActionBar } from '../../components/intake/IntakeActionBar';
import { Kbd, Section } from '../../components/intake/Section';
import {
  applicantCheck,
  applicantValue,
  isApplicantTouched,
  validateApplicant,
  type ApplicantDraft,
} from '../../components/intake/model/applicant-draft';
import {
  withDeferralOffer,
  effectiveDecision,
  emptyDecision,
  validateDecision,
  type DecisionContext,
  type DecisionDraft,
} from '../../components/intake/model/decision';
import { fieldKey, refreshShown, withField, withoutPrefix, type FieldErrors } from '../../components/intake/model/field-errors';
import { assess, validateReceipts, type ReceiptMap } from '../../components/intake/model/materials';
import { intakeArgs, pathContext, schemaErrors } from '../../components/intake/model/submit-args';
import { enterMovesOn, enterSkipsClosedSelect, focusFirstIn } from '../../components/intake/keyboard';
import { LeaveGuard } from '../../components/intake/useLeaveGuard';
import { useHallToday } from '../../components/intake/useHallToday';
import { useSession, useWindowInfo } from '../../app/frame-context';
import { alt, isCtrlEnter, isNextKey, isSlash, useHotkey } from '../../components/intake/useShortcuts';
import { formatTimeOfDay } from '../../shared/format';
import '../../components/intake/intake.css';
import { clearDraft, fromCoreDraft, loadDraft, newDraft, saveDraft, type IntakeDraft } from './intake-draft';
import { useCoreDraft } from './useCoreDraft';
import { useIntakeSubmit } from './useIntakeSubmit';
import { CounterTicket } from './counter-ticket';

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

  const [restored] = useState(() => {
    const stored = loadDraft(staffId);
    return stored && isDirty(stored.draft) ? stored : null;
  });
  const [draft, setDraftState] = useState<IntakeDraft>(() => restored?.draft ?? newDraft());
  const [showRestored, setShowRestored] = useState(restored !== null);
  /** When the restored draft was saved (ISO instant): the page's own copy's, or the core's. */
  const [restoredAt, setRestoredAt] = useState(restored?.savedAt ?? '');
  /** Why a stored draft could not be given back (it was discarded), shown once. */
  const [draftNote, setDraftNote] = useState<string | null>(null);
  const coreDraft = useCoreDraft(client);
  /** Whether the clerk changed the form since it opened: the core's copy must not overwrite that. */
  const touched = useRef(false);
  const rootRef = useRef<HTMLDivElement>(null);
  const { errors, setErrors, topError, show: showErrors, clear: clearErrors, submitting, busy, submit: send } = useIntakeSubmit(rootRef);
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

  /**
   * Every change is written through at once to the page's copy (a reload a second later must not
   * lose it) and, after a pause in typing, to the core's (a restart must not lose it).
   */
  function setDraft(update: (d: IntakeDraft) => IntakeDraft) {
    touched.current = true;
    setDraftState((d) => {
      const next = update(d);
      const nextDirty = isDirty(next);
      if (nextDirty) saveDraft(next, staffId);
      else clearDraft();
      coreDraft.changed(next, nextDirty);
      return next;
    });
  }

  // The core's copy, after a restart of the app (the page's own copy is gone then), or a newer
  // one than the page's. Read once when the form opens; nothing is sent to the core before that,
  // so the stored draft cannot be overwritten by an empty form.
  useEffect(() => {
    let live = true;
    const local = restored;
    const run = async () => {
      const stored = await client.call('drafts.get', {});
      if (!live) return;
      if (stored.discarded) setDraftNote(DRAFT_DISCARD_MESSAGES[stored.discarded]);
      const body = stored.draft;
      const savedAt = stored.savedAt ?? '';
      // The page's copy is at least as new (a reload): the core gets that one instead.
      if (body === null || (local !== null && local.savedAt !== '' && local.savedAt >= savedAt)) {
        if (local !== null && !touched.current) coreDraft.changed(local.draft, true);
        return;
      }
      if (touched.current) return;
      let detail: ItemDetail | null = null;
      if (body.item) {
        try {
          detail = await client.call('catalog.getItem', body.item);
        } catch {
          setDraftNote('草稿中的事项已停用或无法读取，请重新选择事项；申请人信息已恢复。');
        }
      }
      if (!live || touched.current) return;
      const next = fromCoreDraft(body, detail);
      saveDraft(next, staffId);
      setDraftState(next);
      setRestoredAt(savedAt);
      setShowRestored(true);
    };
    run()
      .catch(() => {
        // The core is unreachable for now: the page's copy is still there, and the next change
        // tries the core again.
      })
      .finally(() => {
        if (live) coreDraft.start();
      });
    return () => {
      live = false;
    };
    // Once per opening of the form: `restored` and the clerk are fixed for its lifetime.
  }, [client, coreDraft]);

  const offer = previewData?.deferral;
  const assessment = useMemo(
    () => (item ? withDeferralOffer(assess(item.materials, draft.receipts), offer) : null),
    [item, draft.receipts, offer],
  );
  const hallToday = previewData?.acceptanceDate ?? today;
  const decisionCtx: DecisionContext | null =
    item && assessment
      ? {
          assessment,
          draft: draft.decision,
          today: hallToday,
          promisedDueDate: previewData?.promisedDueDate ?? null,
          legalDueDate: previewData?.legalDueDate ?? null,
          promisedDueProvisional: previewData?.promisedDueProvisional ?? false,
          legalDueProvisional: previewData?.legalDueProvisional ?? false,
          defaultDeferralDueDate: previewData?.defaultDeferralDueDate ?? null,
          deferralOffer: previewData?.deferral ?? null,
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
    // The mobile number's rule follows the document type (international numbers for 港澳台 and
    // foreign documents), so a change of the id fields re-checks a mobile message already shown.
    const keys = key.endsWith('.idNumber') ? [key, key.replace(/idNumber$/, 'mobile')] : [key];
    setErrors((e) =>
      keys.reduce((shown, k) => {
        if (!(k in shown)) return shown;
        const check = applicantCheck(k, next, today);
        return withField(shown, k, check ? check(applicantValue(k, next)) : null);
      }, e),
    );
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

  function submit() {
    if (result) return;
    if (!item || !decisionCtx) {
      if (!busy.current) showErrors({ ...errors, [fieldKey.item]: noItemReason ?? '请先选择事项' }, '请先选择要受理的事项');
      return;
    }
    const args = intakeArgs(draft.clientRequestId, item, draft.applicant, draft.receipts, decisionCtx);
    const paths = pathContext(item.materials, decisionCtx);
    const schema = schemaErrors(args, paths);
    const local: FieldErrors = {
      ...validateApplicant(draft.applicant, today),
      ...validateReceipts(item.materials, draft.receipts),
      ...validateDecision(decisionCtx),
    };
    void send({
      problems: { fields: { ...schema.fields, ...local }, unplaced: schema.unplaced },
      refusal: (count) => `请修正标出的 ${count} 处问题后再提交`,
      call: () => {
        // The accept ends the core's copy in its own transaction; a save racing it is refused there.
        coreDraft.cancel();
        return client.call('intake.submit', args);
      },
      paths,
      // The same clientRequestId goes with the retry, so a case made before an answer was lost is not made twice.
      retrySafe: '填写的内容都还在，可直接重试，不会重复建件。',
      done: (detail) => {
        clearDraft();
        setDraftState(newDraft());
        clearErrors();
        setShowRestored(false);
        setResult(detail);
        later(() => nextRef.current?.focus());
      },
      failed: () => coreDraft.changed(draft, true),
    });
  }

  // ——— starting over ———

  function startNext() {
    setResult(null);
    clearErrors();
    later(focusSearch);
  }

  function startOver() {
    if (busy.current) return;
    const reset = () => {
      // An item still loading must not arrive in the emptied form.
      itemRequest.current += 1;
      setPendingItem(null);
      setItemError(null);
      clearDraft();
      coreDraft.discard();
      setDraftState(newDraft());
      clearErrors();
      setShowRestored(false);
      setDraftNote(null);
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
  useHotkey(isCtrlEnter, submit, { enabled: editing });
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
  // A draft from an earlier day says which day: "16:40" alone would read as today's.
  const restoredKnown = restoredAt !== '' && !Number.isNaN(Date.parse(restoredAt));
  const savedDay = restoredKnown ? calendarDateIn(timeZone, new Date(restoredAt)) : '';
  const savedOn = savedDay !== today ? `${Number(savedDay.slice(5, 7))}月${Number(savedDay.slice(8, 10))}日 ` : '';
  const savedAt = restoredKnown ? `${savedOn}${formatTimeOfDay(restoredAt, timeZone)}` : '';
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
      // Leaving a field is a natural pause: the core gets the form now, not after the debounce.
      onBlur={() => coreDraft.flush()}
    >
      <LeaveGuard
        when={dirty}
        title="本件尚未提交，确定离开？"
        content="填写的内容会保留为草稿，回到“受理”页面可继续办理。"
      />
      <header className="ik-page-head">
        <h1>受理办件</h1>
        <CounterTicket />
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

      {showRestored ? (
        <Alert
          className="ik-banner"
          type="info"
          showIcon
          title={`已恢复${savedAt ? ` ${savedAt} ` : ''}的草稿（未提交的受理内容），可继续办理。`}
          action={
            <Button size="small" onClick={startOver}>
              丢弃草稿
            </Button>
          }
          closable={{ onClose: () => setShowRestored(false) }}
        />
      ) : null}
      {draftNote ? (
        <Alert className="ik-banner" type="warning" showIcon title={draftNote} closable={{ onClose: () => setDraftNote(null) }} />
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
            applicant={draft.applicant} errors={errors} today={today} disabled={submitting}
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
            rejectionReasons={item?.rejectionReasons ?? []}
            itemType={item?.itemType ?? null}
            onChange={onDecisionChange}
            onBlurField={onDecisionBlur}
            onEnter={() => confirmRef.current?.focus()}
          />
        </Section>
      </ConfigProvider>

      <IntakeActionBar
        summary={
          <>
            {item ? (
              <span className="ik-actionbar-item">{item.name}</span>
            ) : (
              <span className={itemError || topError ? 'ik-text-error' : 'ik-muted'} id="ik-no-item">
                {noItemReason}
              </span>
            )}
            {applicantName.trim() ? <span className="ik-applicant-name">{applicantName}</span> : null}
          </>
        }
        // Without an item the reason beside the button says it better than the general line.
        error={item ? topError : null}
        label={submitting ? '正在提交…' : confirmLabel}
        onConfirm={submit}
        submitting={submitting}
        danger={kind === 'reject'}
        disabled={!item}
        describedBy={item ? undefined : 'ik-no-item'}
        confirmRef={confirmRef}
      />
    </div>
  );
}
