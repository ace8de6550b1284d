import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { CounterError } from '../../../../electron/contract/errors';
import { ITEM_TYPES, type ItemType } from '../../../../electron/contract/item-types';
import { loadRejectionReasonsFile, type RejectionReason } from '../../../../electron/core/catalog/catalog-file-schema';
import {
  reasonApplies,
  reasonLegalBasis,
  reasonsForItem,
  rejectionReasonProblem,
} from '../../../../electron/core/catalog/rejection-reasons';

const shipped = loadRejectionReasonsFile(
  JSON.parse(readFileSync(fileURLToPath(new URL('../../../../resources/intake/rejection-reasons.json', import.meta.url)), 'utf8')) as unknown,
).reasons;

const REAL_ESTATE = '11330102MB1926470R0700603001011';
const RESIDENCE_PERMIT = { code: '11330102MB1907341U070100400102401', name: '居住证申领', itemType: 'public_service' as const, basis: '《居住证暂行条例》第二条、第九条' };
const FOOD_LICENCE = { code: '11330102MB170512570100117001005', name: '食品经营许可', itemType: 'licensing' as const, basis: '《中华人民共和国食品安全法》第三十五条' };

function item(itemType: ItemType | null, code = '11330102MB0000000000000000000001') {
  return { code, name: '测试事项', itemType, basis: '《测试条例》第一条' };
}

const licensingReason: RejectionReason = {
  id: 'not-required',
  itemTypes: ['licensing'],
  text: '申请事项依法不需要取得行政许可',
  legalBasis: '《中华人民共和国行政许可法》第三十二条第一款第（一）项',
};
const ownLawReason: RejectionReason = {
  id: 'general-not-competent',
  itemTypes: ['payment', 'confirmation', 'public_service'],
  text: '申请事项不属于本机关（单位）职责范围',
  legalBasisFromItem: true,
};
const sectorReason: RejectionReason = {
  id: 'real-estate-out-of-scope',
  itemTypes: ['confirmation'],
  itemCodes: [REAL_ESTATE],
  text: '申请登记的不动产不属于本机构登记范围',
  legalBasis: '《不动产登记暂行条例》第十七条第一款第（四）项',
};

describe('which stock reason applies to which item', () => {
  it.each(ITEM_TYPES)('a licence reason applies to %s only if it is a licence', (type) => {
    expect(reasonApplies(licensingReason, item(type))).toBe(type === 'licensing');
  });

  it.each(ITEM_TYPES)('a reason for several types applies to %s exactly when listed', (type) => {
    expect(reasonApplies(ownLawReason, item(type))).toBe(ownLawReason.itemTypes.includes(type));
  });

  it('limits a sector reason to its items, even among items of its type', () => {
    expect(reasonApplies(sectorReason, item('confirmation', REAL_ESTATE))).toBe(true);
    expect(reasonApplies(sectorReason, item('confirmation'))).toBe(false);
    expect(reasonApplies(sectorReason, item('public_service', REAL_ESTATE))).toBe(false);
  });

  it('offers no stock reason for an item of unknown type', () => {
    for (const reason of [licensingReason, ownLawReason, sectorReason]) expect(reasonApplies(reason, item(null, REAL_ESTATE))).toBe(false);
  });

  it('prints the item’s own 设定依据 where the reason rests on it, and its own basis otherwise', () => {
    expect(reasonLegalBasis(ownLawReason, RESIDENCE_PERMIT)).toBe('《居住证暂行条例》第二条、第九条');
    expect(reasonLegalBasis(licensingReason, RESIDENCE_PERMIT)).toBe('《中华人民共和国行政许可法》第三十二条第一款第（一）项');
  });
});

describe('the shipped reasons', () => {
  it('never offer 申请事项依法不需要取得行政许可 for 居住证申领, and give it a reason on its own law', () => {
    const offered = reasonsForItem(shipped, RESIDENCE_PERMIT);
    expect(offered.map((r) => r.text)).not.toContain('申请事项依法不需要取得行政许可');
    expect(offered.map((r) => r.id)).toEqual(['general-not-competent', 'general-incomplete-not-supplemented', 'general-not-eligible']);
    for (const r of offered) expect(r.legalBasis).toBe('《居住证暂行条例》第二条、第九条');
  });

  it('offer a licence every Administrative Licensing Law reason and nothing else', () => {
    const offered = reasonsForItem(shipped, FOOD_LICENCE);
    expect(offered.map((r) => r.id)).toContain('not-required');
    expect(offered.map((r) => r.id)).toContain('incomplete-not-supplemented');
    for (const r of offered) expect(r.legalBasis).toMatch(/《中华人民共和国行政许可法》/);
  });

  it('offer a 不动产 registration its 条例’s reasons as well as the general ones', () => {
    const ids = reasonsForItem(shipped, { ...item('confirmation', REAL_ESTATE), name: '国有建设用地使用权及房屋所有权首次登记' }).map((r) => r.id);
    expect(ids).toEqual(expect.arrayContaining(['real-estate-out-of-scope', 'real-estate-incomplete', 'general-incomplete-not-supplemented']));
    expect(ids).not.toContain('not-required');
  });

  it.each(ITEM_TYPES.filter((t) => t !== 'licensing'))('cite the Administrative Licensing Law for no %s item', (type) => {
    for (const r of reasonsForItem(shipped, item(type))) expect(`${r.text}${r.legalBasis}`).not.toMatch(/行政许可/);
  });
});

describe('rejectionReasonProblem', () => {
  it('refuses a licence reason for a public service as a typed error on decision.reasonId', () => {
    const problem = rejectionReasonProblem(shipped, 'not-required', RESIDENCE_PERMIT);
    expect(problem).toBeInstanceOf(CounterError);
    expect(problem?.code).toBe('invalid_arguments');
    expect(problem?.fieldErrors).toEqual([{ path: 'decision.reasonId', message: expect.stringMatching(/不适用于“居住证申领”（公共服务）/) as unknown }]);
    expect(problem?.details).toEqual({ reasonId: 'not-required', itemType: 'public_service' });
  });

  it('refuses a reason of another law for a licence too', () => {
    expect(rejectionReasonProblem(shipped, 'general-not-eligible', FOOD_LICENCE)?.code).toBe('invalid_arguments');
  });

  it('refuses an unknown id, and lets through a fitting one or none at all', () => {
    expect(rejectionReasonProblem(shipped, 'no-such-reason', FOOD_LICENCE)?.message).toBe('不予受理理由不在理由清单中');
    expect(rejectionReasonProblem(shipped, 'not-required', FOOD_LICENCE)).toBeNull();
    expect(rejectionReasonProblem(shipped, 'general-not-eligible', RESIDENCE_PERMIT)).toBeNull();
    expect(rejectionReasonProblem(shipped, null, RESIDENCE_PERMIT)).toBeNull();
  });

  it('refuses every stock reason for an item whose type is unknown, saying so', () => {
    const problem = rejectionReasonProblem(shipped, 'general-not-eligible', { ...RESIDENCE_PERMIT, itemType: null });
    expect(problem?.message).toMatch(/事项类型不明/);
  });
});
