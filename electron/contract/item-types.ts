import type { DecisionOutcome } from './cases';

/**
 * 事项类型 (DOMAIN.md "itemType"): the kinds of government service item of GB/T 39046-2020,
 * table A.1, in the standard's order. Stored by these English names (in the catalog, in a
 * case's item snapshot and in its decision); the standard's codes are applied only at export
 * (resources/code-tables/item-types.json).
 *
 * The type decides the words of a decision: 准予许可 / 不予许可 belong to a licence
 * (《中华人民共和国行政许可法》第三十八条) and to nothing else.
 */
export const ITEM_TYPES = [
  'licensing',
  'penalty',
  'coercion',
  'levy',
  'payment',
  'inspection',
  'confirmation',
  'reward',
  'adjudication',
  'other',
  'public_service',
] as const;
export type ItemType = (typeof ITEM_TYPES)[number];

export const ITEM_TYPE_LABELS: Record<ItemType, string> = {
  licensing: '行政许可',
  penalty: '行政处罚',
  coercion: '行政强制',
  levy: '行政征收',
  payment: '行政给付',
  inspection: '行政检查',
  confirmation: '行政确认',
  reward: '行政奖励',
  adjudication: '行政裁决',
  other: '其他行政权力',
  public_service: '公共服务',
};

/** Whether `value` is one of ITEM_TYPES (the English names stored in catalogs, snapshots and decisions). */
export function isItemType(value: unknown): value is ItemType {
  return typeof value === 'string' && (ITEM_TYPES as readonly string[]).includes(value);
}

/** What a decision on an item of one type is called, on screen and on paper. */
export interface DecisionWords {
  /** The outcome `approved`, e.g. 准予许可. */
  approved: string;
  /** The outcome `refused`, e.g. 不予许可. */
  refused: string;
  /** The written refusal handed to the applicant (DOMAIN.md: 不予许可决定书 for a licence only). */
  refusalDocument: string;
  /** Heading of the decision on the case page. */
  decisionTitle: string;
}

const WORDS: Record<ItemType, DecisionWords> = {
  licensing: { approved: '准予许可', refused: '不予许可', refusalDocument: '不予许可决定书', decisionTitle: '审批决定' },
  // 《行政处罚法》第五十七条 uses 不予行政处罚; nobody applies for a penalty, but a catalog lists them.
  penalty: { approved: '作出处罚', refused: '不予处罚', refusalDocument: '不予行政处罚决定书', decisionTitle: '处罚决定' },
  coercion: { approved: '实施强制', refused: '不予实施强制', refusalDocument: '不予实施行政强制决定书', decisionTitle: '强制决定' },
  levy: { approved: '予以征收', refused: '不予征收', refusalDocument: '不予征收决定书', decisionTitle: '征收决定' },
  payment: { approved: '准予给付', refused: '不予给付', refusalDocument: '不予给付决定书', decisionTitle: '给付决定' },
  inspection: { approved: '检查通过', refused: '检查不通过', refusalDocument: '检查不通过决定书', decisionTitle: '检查结论' },
  confirmation: { approved: '予以确认', refused: '不予确认', refusalDocument: '不予确认决定书', decisionTitle: '确认决定' },
  reward: { approved: '予以奖励', refused: '不予奖励', refusalDocument: '不予奖励决定书', decisionTitle: '奖励决定' },
  // A refused application for adjudication is dismissed (驳回), it is not "not adjudicated".
  adjudication: { approved: '作出裁决', refused: '驳回申请', refusalDocument: '驳回行政裁决申请决定书', decisionTitle: '裁决决定' },
  other: { approved: '准予办理', refused: '不予办理', refusalDocument: '不予办理决定书', decisionTitle: '办理决定' },
  // Not 办结: in the case lifecycle 办结 is delivery (送达), which comes after the decision.
  public_service: { approved: '予以办理', refused: '不予办理', refusalDocument: '不予办理告知书', decisionTitle: '办理结果' },
};

/**
 * Words for a case whose item type cannot be known (a case recorded before items carried a
 * type, whose catalog row is not at hand): true of every kind of item, licence or not.
 */
const UNKNOWN_TYPE_WORDS: DecisionWords = {
  approved: '予以办理',
  refused: '不予办理',
  refusalDocument: '不予办理决定书',
  decisionTitle: '办理决定',
};

/** The decision words for an item of `type`; null: the type is unknown (see UNKNOWN_TYPE_WORDS). */
export function decisionWords(type: ItemType | null | undefined): DecisionWords {
  return type ? WORDS[type] : UNKNOWN_TYPE_WORDS;
}

/** The label of a stored outcome (approved / refused) for an item of `type`, e.g. 准予给付. */
export function decisionOutcomeLabel(outcome: DecisionOutcome, type: ItemType | null | undefined): string {
  const words = decisionWords(type);
  return outcome === 'approved' ? words.approved : words.refused;
}

/**
 * The remedies a refusal tells the applicant (DOMAIN.md). An administrative act may be
 * challenged by 行政复议 within 60 days (《中华人民共和国行政复议法》第二十条) or 行政诉讼 within
 * 6 months (《中华人民共和国行政诉讼法》第四十六条). A public service is often delivered by a
 * service body rather than by an administrative act, so the periods are not promised there:
 * the applicant is told where to object, and that review or litigation lies where the law gives it.
 */
export function remediesText(type: ItemType | null | undefined): string {
  if (type === 'public_service') {
    return '有异议的，可以向本中心或者主管部门提出，也可以拨打 12345 政务服务便民热线反映；依法属于行政复议或者行政诉讼受案范围的，可以依法申请行政复议或者提起行政诉讼。';
  }
  return '可以自收到之日起 60 日内依法申请行政复议，或者 6 个月内依法提起行政诉讼。';
}
