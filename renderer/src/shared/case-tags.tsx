import { Tag, Tooltip } from 'antd';
import {
  CASE_STATUS_LABELS,
  CASE_TYPE_LABELS,
  ITEM_TYPE_LABELS,
  type CaseStatus,
  type CaseType,
  type ItemType,
} from '../../../electron/contract';

/**
 * One colour per status, the same everywhere: open states in blues, waiting on the applicant
 * in orange, a negative end in red, a good end in green, closed by withdrawal in grey.
 */
export const CASE_STATUS_COLORS: Record<CaseStatus, string> = {
  received: 'blue',
  correction_requested: 'orange',
  rejected: 'red',
  accepted: 'cyan',
  in_review: 'geekblue',
  decided: 'purple',
  delivered: 'green',
  withdrawn: 'default',
  terminated: 'default',
};

export function CaseStatusTag({ status }: { status: CaseStatus }) {
  return (
    <Tag color={CASE_STATUS_COLORS[status]} className="case-status-tag">
      {CASE_STATUS_LABELS[status]}
    </Tag>
  );
}

export function CaseTypeTag({ caseType }: { caseType: CaseType }) {
  return (
    <Tag variant="outlined" className="case-type-tag">
      {CASE_TYPE_LABELS[caseType]}
    </Tag>
  );
}

/** 事项类型 (行政许可, 公共服务 …): it says what the decision will be called. */
export function ItemTypeTag({ itemType }: { itemType: ItemType }) {
  return (
    <Tag variant="outlined" className="item-type-tag" title="事项类型">
      {ITEM_TYPE_LABELS[itemType]}
    </Tag>
  );
}

/** A deadline counted over a year whose holiday schedule is not yet published (DOMAIN.md). */
export function ProvisionalTag() {
  return (
    <Tooltip title="该期限涉及尚未公布放假安排的年份，按法定节假日规则暂算；国务院公布安排后自动重算">
      <Tag color="warning" className="provisional-tag">
        暂定
      </Tag>
    </Tooltip>
  );
}
