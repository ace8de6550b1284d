import { describe, expect, it } from 'vitest';
import type { CatalogItemInput } from '../../../../electron/core/catalog/catalog-file-schema';
import {
  CatalogFileSchema,
  CatalogItemSchema,
  CodeTableFileSchema,
  RejectionReasonsFileSchema,
  loadCatalogFile,
} from '../../../../electron/core/catalog/catalog-file-schema';

function validItem(overrides: Partial<CatalogItemInput> = {}): CatalogItemInput {
  return {
    code: '11330102MB170512570100018001001',
    name: '个体工商户设立登记',
    department: '区市场监督管理局',
    itemType: 'licensing',
    caseType: 'immediate',
    legalDays: 3,
    promisedDays: 0,
    fee: { amountYuan: 0, description: '不收费' },
    visits: 1,
    conditions: '有经营能力的公民。',
    basis: '《促进个体工商户发展条例》',
    materials: [
      { id: 'M1', name: '个体工商户登记（备案）申请书', form: 'original', copies: 1, required: true, key: true },
      { id: 'M2', name: '经营场所使用相关文件', form: 'copy', copies: 1, required: true, key: false, note: '可承诺' },
    ],
    ...overrides,
  };
}

function fileWith(...items: unknown[]): unknown {
  return { format: 1, catalogVersion: '2026-11-01', source: '测试', items };
}

/** The paths of all issues, written as in the JSON, e.g. "items.1.code". */
function issuePaths(result: { success: boolean; error?: { issues: ReadonlyArray<{ path: PropertyKey[] }> } }): string[] {
  return (result.error?.issues ?? []).map((issue) => issue.path.map(String).join('.'));
}

describe('CatalogItemSchema', () => {
  it('accepts a well-formed item', () => {
    expect(CatalogItemSchema.safeParse(validItem()).success).toBe(true);
  });

  it('rejects promisedDays above legalDays, naming promisedDays', () => {
    const result = CatalogItemSchema.safeParse(validItem({ caseType: 'promised', legalDays: 3, promisedDays: 5 }));
    expect(result.success).toBe(false);
    expect(issuePaths(result)).toEqual(['promisedDays']);
  });

  it('rejects an immediate item with a promised limit', () => {
    const result = CatalogItemSchema.safeParse(validItem({ caseType: 'immediate', legalDays: 3, promisedDays: 1 }));
    expect(issuePaths(result)).toEqual(['promisedDays']);
  });

  it('rejects a duplicate material id, naming the second one', () => {
    const materials = [
      { id: 'M1', name: '申请书', form: 'original', copies: 1, required: true, key: true },
      { id: 'M1', name: '身份证', form: 'copy', copies: 1, required: true, key: true },
    ] as const;
    const result = CatalogItemSchema.safeParse(validItem({ materials: [...materials] }));
    expect(issuePaths(result)).toEqual(['materials.1.id']);
  });

  it.each([
    ['no materials', { materials: [] }, 'materials'],
    ['an empty name', { name: '  ' }, 'name'],
    ['a code that is too short', { code: '113301' }, 'code'],
    ['a code with other characters', { code: '11330102MB1705125701/0018001001' }, 'code'],
    ['an unknown case type', { caseType: 'urgent' }, 'caseType'],
    ['an unknown item type', { itemType: 'permit' }, 'itemType'],
    // Only the standard's exact Chinese names are read; anything near them is not guessed at.
    ['an item type by a shortened Chinese name', { itemType: '许可' }, 'itemType'],
    ['an item type by a Chinese name with a space', { itemType: '行政 许可' }, 'itemType'],
    ['three visits', { visits: 3 }, 'visits'],
    ['fractional days', { legalDays: 2.5 }, 'legalDays'],
    ['a negative fee', { fee: { amountYuan: -1, description: '—' } }, 'fee.amountYuan'],
    ['an unknown field', { promisdDays: 1 }, ''],
  ])('rejects %s, naming the field', (_label, overrides, path) => {
    const result = CatalogItemSchema.safeParse({ ...validItem(), ...overrides });
    expect(result.success).toBe(false);
    expect(issuePaths(result)).toContain(path);
  });

  it.each([
    ['行政许可', 'licensing'],
    ['行政确认', 'confirmation'],
    ['行政给付', 'payment'],
    ['公共服务', 'public_service'],
    ['其他行政权力', 'other'],
  ])('reads the standard Chinese item type %s as %s, as catalogs carried it before', (label, stored) => {
    const result = CatalogItemSchema.safeParse({ ...validItem(), itemType: label });
    expect(result.success && result.data.itemType).toBe(stored);
  });

  it.each([
    ['0 copies', 0],
    ['21 copies', 21],
  ])('rejects %s of a material', (_label, copies) => {
    const item = validItem();
    const materials = item.materials.map((m, i) => (i === 0 ? { ...m, copies } : m));
    const result = CatalogItemSchema.safeParse({ ...item, materials });
    expect(issuePaths(result)).toEqual(['materials.0.copies']);
  });

  it('accepts 20 copies', () => {
    const item = validItem();
    const materials = item.materials.map((m) => ({ ...m, copies: 20 }));
    expect(CatalogItemSchema.safeParse({ ...item, materials }).success).toBe(true);
  });
});

describe('CatalogFileSchema', () => {
  it('rejects a duplicate item code, naming the second item', () => {
    const result = CatalogFileSchema.safeParse(fileWith(validItem(), validItem({ name: '另一个事项' })));
    expect(result.success).toBe(false);
    expect(issuePaths(result)).toEqual(['items.1.code']);
  });

  it('names the item and field of a nested error', () => {
    const bad = validItem({ caseType: 'promised', legalDays: 3, promisedDays: 4, code: '11330102MB170512570100018001002' });
    const result = CatalogFileSchema.safeParse(fileWith(validItem(), bad));
    expect(issuePaths(result)).toEqual(['items.1.promisedDays']);
  });

  it('loadCatalogFile throws a message with the JSON path', () => {
    expect(() => loadCatalogFile(fileWith(validItem(), validItem()))).toThrow(/items\[1\]\.code/);
    expect(() => loadCatalogFile({ format: 2 })).toThrow(/format/);
  });
});

describe('RejectionReasonsFileSchema', () => {
  const reason = {
    id: 'not-required',
    itemTypes: ['licensing'],
    text: '申请事项依法不需要取得行政许可',
    legalBasis: '《中华人民共和国行政许可法》第三十二条',
  };

  it('rejects a reason without a legal basis and a duplicate id', () => {
    expect(RejectionReasonsFileSchema.safeParse({ format: 1, reasons: [reason] }).success).toBe(true);
    const missing = RejectionReasonsFileSchema.safeParse({ format: 1, reasons: [{ ...reason, legalBasis: '' }] });
    expect(issuePaths(missing)).toEqual(['reasons.0.legalBasis']);
    const duplicate = RejectionReasonsFileSchema.safeParse({ format: 1, reasons: [reason, reason] });
    expect(issuePaths(duplicate)).toEqual(['reasons.1.id']);
  });

  it('requires the item types a reason applies to, by their stored names', () => {
    const { itemTypes: _omitted, ...untyped } = reason;
    expect(issuePaths(RejectionReasonsFileSchema.safeParse({ format: 1, reasons: [untyped] }))).toEqual(['reasons.0.itemTypes']);
    const none = RejectionReasonsFileSchema.safeParse({ format: 1, reasons: [{ ...reason, itemTypes: [] }] });
    expect(issuePaths(none)).toEqual(['reasons.0.itemTypes']);
    const chinese = RejectionReasonsFileSchema.safeParse({ format: 1, reasons: [{ ...reason, itemTypes: ['行政许可'] }] });
    expect(issuePaths(chinese)).toEqual(['reasons.0.itemTypes.0']);
    const twice = RejectionReasonsFileSchema.safeParse({ format: 1, reasons: [{ ...reason, itemTypes: ['licensing', 'licensing'] }] });
    expect(issuePaths(twice)).toEqual(['reasons.0.itemTypes']);
  });

  it('takes the basis either as written or from the item, never both and never neither', () => {
    const { legalBasis: _basis, ...withoutBasis } = reason;
    const fromItem = { ...withoutBasis, itemTypes: ['public_service'], legalBasisFromItem: true };
    expect(RejectionReasonsFileSchema.safeParse({ format: 1, reasons: [fromItem] }).success).toBe(true);
    const both = RejectionReasonsFileSchema.safeParse({ format: 1, reasons: [{ ...reason, legalBasisFromItem: true }] });
    expect(issuePaths(both)).toEqual(['reasons.0.legalBasis']);
    const neither = RejectionReasonsFileSchema.safeParse({ format: 1, reasons: [withoutBasis] });
    expect(issuePaths(neither)).toEqual(['reasons.0.legalBasis']);
  });
});

describe('CodeTableFileSchema', () => {
  it('rejects a duplicate key but allows a shared fallback code', () => {
    const entries = [
      { key: 'resident_id_card', name: '居民身份证', code: '111' },
      { key: 'other', name: '其他证件', code: '990' },
      { key: 'unified_social_credit_code', name: '统一社会信用代码', code: '990' },
    ];
    expect(CodeTableFileSchema.safeParse({ format: 1, table: 'certificate-type', entries }).success).toBe(true);
    const duplicate = CodeTableFileSchema.safeParse({ format: 1, table: 'certificate-type', entries: [...entries, entries[0]] });
    expect(issuePaths(duplicate)).toEqual(['entries.3.key']);
  });
});
