import { App as AntApp, Button } from 'antd';
import { useState } from 'react';
import { useNavigate } from 'react-router';
import { CASE_ACTIONS, CASE_STATUS_LABELS, type CaseAction, type CaseDetail } from '../../../../../electron/contract';
import { useCounter } from '../../../api/hooks';
import { useHotkey } from '../../../app/shortcuts';
import { actionKey, CASE_ACTION_KEYS } from './action-keys';
import { errorMessage, isStaleCase } from '../../../shared/call-error';
import { CloseDialog } from './CloseDialog';
import { DecideDialog } from './DecideDialog';
import { DeliverDialog } from './DeliverDialog';
import { RejectIntakeDialog } from './RejectIntakeDialog';
import { OwnActionContext, type RunOwnAction } from './own-action';
import { SupplementDialog } from './SupplementDialog';

/** The forward steps, most urgent first; the first one present is the primary button. */
const FORWARD: readonly CaseAction[] = ['decide_intake', 'supplement_materials', 'start_review', 'decide', 'deliver'];

function labelOf(action: CaseAction, detail: CaseDetail): string {
  switch (action) {
    case 'decide_intake':
      return '受理决定';
    case 'supplement_materials':
      return detail.status === 'correction_requested' ? '登记补正材料' : '补交容缺材料';
    case 'reject_intake':
      return '不予受理';
    case 'start_review':
      return '进入审查';
    case 'decide':
      return '作出决定';
    case 'deliver':
      return '送达';
    case 'withdraw':
      return '撤回申请';
    case 'terminate':
      return '终止办理';
  }
}

const DONE_MESSAGES: Record<Exclude<CaseAction, 'decide_intake'>, string> = {
  supplement_materials: '已登记补交的材料',
  reject_intake: '已作出不予受理决定',
  start_review: '办件已进入审查',
  decide: '已作出决定',
  deliver: '已送达，办件办结',
  withdraw: '申请已撤回',
  terminate: '办件已终止',
};

type Dialog = 'supplement_materials' | 'reject_intake' | 'decide' | 'deliver' | 'withdraw' | 'terminate';

/**
 * A dialog works on the case as it was when it opened, and sends that version as
 * `expectedVersion`. The page behind it follows changes made elsewhere (case.changed); were the dialog to
 * follow, the clerk's decision would be sent as if made on a case they never saw.
 */
interface OpenDialog {
  kind: Dialog;
  detail: CaseDetail;
}

/**
 * Alt+<letter> for each action (action-keys.ts), live only while the core allows it and no
 * dialog is up. One hook per action, always in the same order, as hooks must be.
 */
function ActionHotkey({ action, enabled, run }: { action: CaseAction; enabled: boolean; run: (a: CaseAction) => void }) {
  useHotkey(actionKey(action), () => run(action), { enabled });
  return null;
}

/**
 * Exactly the actions the core allows for this case now (`allowedActions`), never a guess
 * from the status. 受理决定 and 补正 open the intake page, which owns the material checklist.
 */
export function CaseActions({
  detail,
  runOwnAction,
  onChange,
  onStale,
}: {
  detail: CaseDetail;
  /** Makes every call of an action here; the page shows its answer (own-action.ts). */
  runOwnAction: RunOwnAction;
  /** An action is done and its answer shown. */
  onChange: (d: CaseDetail) => void;
  /** The core said the case has changed: load it again. */
  onStale: () => void;
}) {
  const client = useCounter();
  const navigate = useNavigate();
  const { message, modal } = AntApp.useApp();
  const [dialog, setDialog] = useState<OpenDialog | null>(null);

  const done = (action: Exclude<CaseAction, 'decide_intake'>) => (next: CaseDetail) => {
    setDialog(null);
    onChange(next);
    // Most messages already name the new status (已作出决定 → 已决定); only a supplement may or
    // may not complete the case, so only there is the status worth repeating.
    const status = action === 'supplement_materials' ? `，${CASE_STATUS_LABELS[next.status]}` : '';
    void message.success(`${DONE_MESSAGES[action]}（${next.caseNumber}${status}）`);
  };

  const startReview = () => {
    const expectedVersion = detail.version;
    modal.confirm({
      title: '进入审查？',
      content: `${detail.caseNumber} 将转入审查阶段，由${detail.department}审查后作出决定。`,
      okText: '进入审查',
      cancelText: '取消',
      onOk: async () => {
        try {
          done('start_review')(await runOwnAction(() => client.call('cases.startReview', { caseId: detail.id, expectedVersion })));
        } catch (err) {
          void message.error(errorMessage(err));
          if (isStaleCase(err)) onStale();
        }
      },
    });
  };

  const run = (action: CaseAction) => {
    if (action === 'decide_intake' || (action === 'supplement_materials' && detail.status === 'correction_requested')) {
      void navigate(`/cases/${detail.id}/intake`);
    } else if (action === 'start_review') {
      startReview();
    } else {
      setDialog({ kind: action, detail });
    }
  };

  const close = () => setDialog(null);
  const allowed = detail.allowedActions;
  const primary = FORWARD.find((a) => allowed.includes(a));

  return (
    <OwnActionContext.Provider value={runOwnAction}>
      <div className="case-actions" role="group" aria-label="办理操作">
        {CASE_ACTIONS.map((action) => (
          <ActionHotkey key={action} action={action} enabled={allowed.includes(action) && dialog === null} run={run} />
        ))}
        {allowed.map((action) => (
          <Button
            key={action}
            type={action === primary ? 'primary' : 'default'}
            danger={action === 'terminate' || action === 'reject_intake'}
            onClick={() => run(action)}
            aria-keyshortcuts={CASE_ACTION_KEYS[action].label}
          >
            {labelOf(action, detail)}
            <kbd className="button-key" aria-hidden>
              {CASE_ACTION_KEYS[action].label}
            </kbd>
          </Button>
        ))}
        {dialog?.kind === 'supplement_materials' && (
          <SupplementDialog detail={dialog.detail} onDone={done('supplement_materials')} onStale={onStale} onClose={close} />
        )}
        {dialog?.kind === 'reject_intake' && (
          <RejectIntakeDialog detail={dialog.detail} onDone={done('reject_intake')} onStale={onStale} onClose={close} />
        )}
        {dialog?.kind === 'decide' && <DecideDialog detail={dialog.detail} onDone={done('decide')} onStale={onStale} onClose={close} />}
        {dialog?.kind === 'deliver' && <DeliverDialog detail={dialog.detail} onDone={done('deliver')} onStale={onStale} onClose={close} />}
        {(dialog?.kind === 'withdraw' || dialog?.kind === 'terminate') && (
          <CloseDialog kind={dialog.kind} detail={dialog.detail} onDone={done(dialog.kind)} onStale={onStale} onClose={close} />
        )}
      </div>
    </OwnActionContext.Provider>
  );
}
