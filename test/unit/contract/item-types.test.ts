import { describe, expect, it } from 'vitest';
import { DECISION_OUTCOMES } from '../../../electron/contract/cases';
import {
  ITEM_TYPE_LABELS,
  ITEM_TYPES,
  decisionOutcomeLabel,
  decisionWords,
  isItemType,
  remediesText,
  type ItemType,
} from '../../../electron/contract/item-types';

/** What each type's decision is called, approved then refused (DOMAIN.md "itemType"). */
const EXPECTED: Record<ItemType, [string, string]> = {
  licensing: ['准予许可', '不予许可'],
  penalty: ['作出处罚', '不予处罚'],
  coercion: ['实施强制', '不予实施强制'],
  levy: ['予以征收', '不予征收'],
  payment: ['准予给付', '不予给付'],
  inspection: ['检查通过', '检查不通过'],
  confirmation: ['予以确认', '不予确认'],
  reward: ['予以奖励', '不予奖励'],
  adjudication: ['作出裁决', '驳回申请'],
  other: ['准予办理', '不予办理'],
  public_service: ['予以办理', '不予办理'],
};

describe('decision words by item type', () => {
  it.each(ITEM_TYPES.flatMap((type) => DECISION_OUTCOMES.map((outcome) => [type, outcome] as const)))(
    '%s / %s has its own label',
    (type, outcome) => {
      const [approved, refused] = EXPECTED[type];
      expect(decisionOutcomeLabel(outcome, type)).toBe(outcome === 'approved' ? approved : refused);
    },
  );

  it('calls a decision 许可 only on a licence, its refusal included', () => {
    for (const type of ITEM_TYPES) {
      const words = decisionWords(type);
      const all = `${words.approved} ${words.refused} ${words.refusalDocument} ${words.decisionTitle}`;
      if (type === 'licensing') expect(all).toMatch(/许可/);
      else expect(all, type).not.toMatch(/许可/);
    }
    expect(decisionWords('licensing').refusalDocument).toBe('不予许可决定书');
  });

  it('never gives a public service the word 办结, which is delivery in the case lifecycle', () => {
    const words = decisionWords('public_service');
    expect(`${words.approved}${words.refused}`).not.toMatch(/办结/);
  });

  it('tells approval from refusal on every type', () => {
    for (const type of ITEM_TYPES) {
      const words = decisionWords(type);
      expect(words.approved, type).not.toBe(words.refused);
      expect(words.approved.length * words.refused.length * words.refusalDocument.length, type).toBeGreaterThan(0);
    }
  });

  it('uses words true of every item when the type is unknown', () => {
    for (const unknown of [null, undefined]) {
      expect(decisionOutcomeLabel('approved', unknown)).toBe('予以办理');
      expect(decisionOutcomeLabel('refused', unknown)).toBe('不予办理');
      expect(JSON.stringify(decisionWords(unknown))).not.toMatch(/许可/);
    }
  });

  it('labels every type in Chinese and recognises only the stored names', () => {
    expect(ITEM_TYPE_LABELS.public_service).toBe('公共服务');
    expect(ITEM_TYPE_LABELS.confirmation).toBe('行政确认');
    expect(new Set(Object.values(ITEM_TYPE_LABELS)).size).toBe(ITEM_TYPES.length);
    expect(isItemType('payment')).toBe(true);
    expect(isItemType('行政给付')).toBe(false);
    expect(isItemType(undefined)).toBe(false);
  });
});

describe('remedies by item type', () => {
  it.each(ITEM_TYPES.filter((t) => t !== 'public_service'))('%s: 复议 within 60 days or 诉讼 within 6 months', (type) => {
    const text = remediesText(type);
    expect(text).toMatch(/60 日内依法申请行政复议/);
    expect(text).toMatch(/6 个月内依法提起行政诉讼/);
  });

  it('public service: where to object, and review or litigation only where the law gives it', () => {
    const text = remediesText('public_service');
    expect(text).toMatch(/12345/);
    expect(text).toMatch(/依法属于行政复议或者行政诉讼受案范围的/);
    expect(text).not.toMatch(/60 日/);
  });
});
