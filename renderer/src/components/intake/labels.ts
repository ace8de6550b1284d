import { CASE_STATUS_LABELS, type CaseDetail, type ItemSearchHit } from '../../../../electron/contract';
import { weekdayOf } from '../../shared/format';

export const MATCHED_BY_LABELS: Record<ItemSearchHit['matchedBy'], string> = {
  code: '事项编码',
  name: '名称',
  initials: '拼音首字母',
  pinyin: '全拼',
  department: '部门',
};

export function visitsLabel(visits: number): string {
  if (visits === 0) return '零跑动';
  if (visits === 1) return '最多跑一次';
  return `跑动 ${visits} 次`;
}

export function promisedLabel(item: { caseType: string; promisedDays: number }): string {
  return item.caseType === 'immediate' ? '即办' : `承诺 ${item.promisedDays} 个工作日`;
}

/** 2026-11-24（周二）: the weekday is what the applicant plans the next trip by. */
export function dateWithWeekday(iso: string): string {
  const weekday = weekdayOf(iso);
  return weekday ? `${iso}（${weekday}）` : iso;
}

/** The status as the clerk says it: an acceptance with deferred materials is 容缺受理. */
export function resultStatusLabel(detail: Pick<CaseDetail, 'status' | 'deferrals'>): string {
  switch (detail.status) {
    case 'accepted':
      return detail.deferrals.length > 0 ? '容缺受理' : '已受理';
    case 'correction_requested':
      return '待补正';
    case 'rejected':
      return '不予受理';
    case 'received':
      return '已收件，待受理决定';
    default:
      return CASE_STATUS_LABELS[detail.status];
  }
}
