import { App as AntApp, Button } from 'antd';
import { useState } from 'react';
import { useNavigate } from 'react-router';
import { CASE_STATUS_LABELS, type CaseAction, type CaseDetail } from '../../../../../electron/contract';
import { useCounter } from '../../../api/hooks';
import { errorMessage } from '../../../shared/call-error';
import { CloseDialog } from './CloseDialog';
import { DecideDialog } from './DecideDialog';
import { DeliverDialog } from './DeliverDialog';
import { SupplementDialog } from './SupplementDialog';

/** The forward steps, most urgent first; the first one present is the primary button. */
const FORWARD: readonly CaseAction[] = ['decide_intake', 'supplement_materials', 'start_review', 'decide', 'deliver'];

function labelOf(action: CaseAction, detail: CaseDetail): string {
  switch (action) {
    case 'decide_intake':
      return '受理决定';
    case 'supplement_materials':
      return detail.status === 'correction_requested' ? '登记补正材料' : '补交容缺材料';
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
  start_review: '办件已进入审查',
  decide: '已作出决定',
  deliver: '已送达，办件办结',
  withdraw: '申请已撤回',
  terminate: '办件已终止',
};

type Dialog = 'supplement_materials' | 'decide' | 'deliver' | 'withdraw' | 'terminate';

/**
 * Exactly the actions the core allows for this case now (`allowedActions`), never a guess
 * from the status. 受理决定 and 补正 open the intake page, which owns the material checklist.
 */
export function CaseActions({ detail, onChange }: { detail: CaseDetail; onChange: (d: CaseDetail) => void }) {
  const client = useCounter();
  const navigate = useNavigate();
  const { message, modal } = AntApp.useApp();
  const [dialog, setDialog] = useState<Dialog | null>(null);

  const done = (action: Exclude<CaseAction, 'decide_intake'>) => (next: CaseDetail) => {
    setDialog(null);
    onChange(next);
    void message.success(`${DONE_MESSAGES[action]}（${next.caseNumber}，${CASE_STATUS_LABELS[next.status]}）`);
  };

  const startReview = () => {
    modal.confirm({
      title: '进入审查？',
      content: `${detail.caseNumber} 将转入审查阶段，由${detail.department}审查后作出决定。`,
      okText: '进入审查',
      cancelText: '取消',
      onOk: async () => {
        try {
          done('start_review')(await client.call('cases.startReview', { caseId: detail.id, expectedVersion: detail.version }));
        } catch (err) {
          void message.error(errorMessage(err));
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
      setDialog(action);
    }
  };

  const allowed = detail.allowedActions;
  const primary = FORWARD.find((a) => allowed.includes(a));

  return (
    <div className="case-actions" role="group" aria-label="办理操作">
      {allowed.map((action) => (
        <Button
          key={action}
          type={action === primary ? 'primary' : 'default'}
          danger={action === 'terminate'}
          onClick={() => run(action)}
        >
          {labelOf(action, detail)}
        </Button>
      ))}
      {dialog === 'supplement_materials' && (
        <SupplementDialog detail={detail} onDone={done('supplement_materials')} onClose={() => setDialog(null)} />
      )}
      {dialog === 'decide' && <DecideDialog detail={detail} onDone={done('decide')} onClose={() => setDialog(null)} />}
      {dialog === 'deliver' && <DeliverDialog detail={detail} onDone={done('deliver')} onClose={() => setDialog(null)} />}
      {(dialog === 'withdraw' || dialog === 'terminate') && (
        <CloseDialog kind={dialog} detail={detail} onDone={done(dialog)} onClose={() => setDialog(null)} />
      )}
    </div>
  );
}
