import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { CatalogFile, CodeTableFile, RejectionReasonsFile } from '../../../../electron/core/catalog/catalog-file-schema';
import { CASE_TYPES } from '../../../../electron/contract/catalog';
import { ITEM_TYPE_LABELS, ITEM_TYPES, type ItemType } from '../../../../electron/contract/item-types';
import { reasonsForItem } from '../../../../electron/core/catalog/rejection-reasons';
import {
  loadCatalogFile,
  loadCodeTableFile,
  loadRejectionReasonsFile,
} from '../../../../electron/core/catalog/catalog-file-schema';

function readResource(relative: string): unknown {
  const path = fileURLToPath(new URL(`../../../../resources/${relative}`, import.meta.url));
  return JSON.parse(readFileSync(path, 'utf8')) as unknown;
}

const catalog: CatalogFile = loadCatalogFile(readResource('catalog/default-catalog.json'));
const reasons: RejectionReasonsFile = loadRejectionReasonsFile(readResource('intake/rejection-reasons.json'));
const certificateTypes: CodeTableFile = loadCodeTableFile(readResource('code-tables/certificate-types.json'));

describe('default catalog', () => {
  it('is a district hall catalog of at least 24 items over at least 6 departments', () => {
    expect(catalog.format).toBe(1);
    expect(catalog.catalogVersion).toBe('2026-11-01');
    expect(catalog.items.length).toBeGreaterThanOrEqual(24);
    expect(new Set(catalog.items.map((item) => item.department)).size).toBeGreaterThanOrEqual(6);
  });

  it('covers every case type, with at least two 即办件', () => {
    const caseTypes = new Set(catalog.items.map((item) => item.caseType));
    for (const caseType of CASE_TYPES) expect(caseTypes, caseType).toContain(caseType);
    expect(catalog.items.filter((item) => item.caseType === 'immediate').length).toBeGreaterThanOrEqual(2);
  });

  it('gives every item 3–8 materials and at least one key material', () => {
    for (const item of catalog.items) {
      expect(item.materials.length, item.name).toBeGreaterThanOrEqual(3);
      expect(item.materials.length, item.name).toBeLessThanOrEqual(8);
      expect(item.materials.some((material) => material.key), item.name).toBe(true);
    }
  });

  it('allows 容缺受理 on at least half the items (a required non-key material)', () => {
    const deferrable = catalog.items.filter((item) => item.materials.some((m) => m.required && !m.key));
    expect(deferrable.length * 2).toBeGreaterThanOrEqual(catalog.items.length);
  });

  it('mixes required and optional materials', () => {
    const all = catalog.items.flatMap((item) => item.materials);
    expect(all.some((m) => !m.required)).toBe(true);
    expect(all.some((m) => m.required && m.key)).toBe(true);
  });

  it('uses item codes of realistic length (31–33 characters)', () => {
    for (const item of catalog.items) {
      expect(item.code.length, item.name).toBeGreaterThanOrEqual(31);
      expect(item.code.length, item.name).toBeLessThanOrEqual(33);
    }
  });
});

describe('rejection reasons', () => {
  it('lists 6–14 reasons, each with a legal basis', () => {
    expect(reasons.reasons.length).toBeGreaterThanOrEqual(6);
    expect(reasons.reasons.length).toBeLessThanOrEqual(14);
    const ids = reasons.reasons.map((reason) => reason.id);
    expect(ids).toContain('not-required');
    expect(ids).toContain('not-competent');
    const notCompetent = reasons.reasons.find((reason) => reason.id === 'not-competent');
    expect(notCompetent?.legalBasis).toBe('《中华人民共和国行政许可法》第三十二条第一款第（二）项');
  });
});

describe('item types of the default catalog', () => {
  const typeOf = new Map(catalog.items.map((item) => [item.name, item.itemType]));

  it('gives every item a type of GB/T 39046-2020 A.1, by its stored name', () => {
    for (const item of catalog.items) expect(ITEM_TYPES, item.name).toContain(item.itemType);
  });

  it('types the items as the provincial lists do: services are not licences', () => {
    expect(typeOf.get('社会保障卡申领')).toBe('public_service');
    expect(typeOf.get('居住证申领')).toBe('public_service');
    expect(typeOf.get('不动产登记资料查询')).toBe('public_service');
    expect(typeOf.get('国有建设用地使用权及房屋所有权首次登记')).toBe('confirmation');
    expect(typeOf.get('失业保险金申领')).toBe('payment');
    expect(typeOf.get('最低生活保障申请')).toBe('payment');
    expect(typeOf.get('食品经营许可')).toBe('licensing');
    expect(typeOf.get('发票领用')).toBe('other');
  });

  it('has licences, confirmations, payments and public services to decide on', () => {
    const types = new Set(catalog.items.map((item) => item.itemType));
    for (const type of ['licensing', 'confirmation', 'payment', 'public_service', 'other'] as const) expect(types, type).toContain(type);
  });

  it('offers every item at least one stock 不予受理 reason, and never one citing a law not its own', () => {
    for (const item of catalog.items) {
      const offered = reasonsForItem(reasons.reasons, item);
      expect(offered.length, item.name).toBeGreaterThanOrEqual(1);
      for (const reason of offered) {
        // The Administrative Licensing Law governs licences only (its art. 2), in text and in basis.
        if (item.itemType !== 'licensing') expect(`${reason.text} ${reason.legalBasis}`, `${item.name}: ${reason.id}`).not.toMatch(/行政许可/);
        expect(reason.legalBasis.trim(), `${item.name}: ${reason.id}`).not.toBe('');
      }
    }
  });

  it('names only items of the catalog in a sector reason, each of a type the reason is for', () => {
    const byCode = new Map(catalog.items.map((item) => [item.code, item]));
    for (const reason of reasons.reasons) {
      for (const code of reason.itemCodes ?? []) {
        const item = byCode.get(code);
        expect(item, `${reason.id}: ${code}`).toBeDefined();
        expect(reason.itemTypes, `${reason.id}: ${code}`).toContain(item?.itemType);
      }
    }
  });
});

describe('item type code table', () => {
  const itemTypes: CodeTableFile = loadCodeTableFile(readResource('code-tables/item-types.json'));

  it('has exactly the stored names, each with its label and a two-digit code', () => {
    expect(itemTypes.table).toBe('item-type');
    expect(itemTypes.entries.map((e) => e.key)).toEqual([...ITEM_TYPES]);
    for (const entry of itemTypes.entries) {
      expect(entry.name, entry.key).toBe(ITEM_TYPE_LABELS[entry.key as ItemType]);
      expect(entry.code, entry.key).toMatch(/^\d{2}$/);
    }
    expect(itemTypes.entries.find((e) => e.key === 'licensing')?.code).toBe('01');
    expect(itemTypes.entries.find((e) => e.key === 'public_service')?.code).toBe('20');
  });

  it('says which codes were not verified', () => {
    expect(itemTypes.note).toMatch(/未/);
  });
});

describe('certificate type code table', () => {
  it('has every key the app stores and the national codes for the common certificates', () => {
    expect(certificateTypes.table).toBe('certificate-type');
    const codeOf = new Map(certificateTypes.entries.map((entry) => [entry.key, entry.code]));
    for (const key of [
      'resident_id_card',
      'hmt_residence_permit',
      'hk_macao_permit',
      'taiwan_permit',
      'passport',
      'foreign_permanent_residence',
      'unified_social_credit_code',
    ]) {
      expect(codeOf.has(key), key).toBe(true);
    }
    expect(codeOf.get('resident_id_card')).toBe('111');
    expect(codeOf.get('passport')).toBe('414');
    expect(codeOf.get('taiwan_permit')).toBe('511');
    expect(codeOf.get('hk_macao_permit')).toBe('516');
    expect(codeOf.get('foreign_permanent_residence')).toBe('553');
  });

  it('says which codes were not verified', () => {
    expect(certificateTypes.note).toMatch(/未/);
  });
});
