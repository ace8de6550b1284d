import { describe, expect, it } from 'vitest';
import { caseItemType, type ItemVersionLookup } from '../../../../electron/core/cases/case-item-type';
import type { ItemSnapshot } from '../../../../electron/core/cases/case-state';

const SNAPSHOT: ItemSnapshot = {
  code: '11330102MB1859036U2000508001007',
  version: 2,
  name: '社会保障卡申领',
  department: '区人力资源和社会保障局',
  caseType: 'immediate',
  legalDays: 5,
  promisedDays: 0,
  materials: [],
};

/** A catalog holding one stored row per (code, version), as the case's foreign key guarantees. */
function catalogWith(rows: Record<string, ItemSnapshot>): ItemVersionLookup & { asked: string[] } {
  const asked: string[] = [];
  return {
    asked,
    itemVersion(code, version) {
      asked.push(`${code}@${version}`);
      const snapshot = rows[`${code}@${version}`];
      return snapshot ? { snapshot } : null;
    },
  };
}

describe('caseItemType', () => {
  it('takes the type the case keeps in its snapshot, without asking the catalog', () => {
    const catalog = catalogWith({});
    expect(caseItemType({ ...SNAPSHOT, itemType: 'public_service' }, catalog)).toBe('public_service');
    expect(catalog.asked).toEqual([]);
  });

  it('reads a snapshot stored before types from the very item version the case points at', () => {
    const catalog = catalogWith({
      [`${SNAPSHOT.code}@1`]: { ...SNAPSHOT, version: 1, itemType: 'licensing' },
      [`${SNAPSHOT.code}@2`]: { ...SNAPSHOT, itemType: 'public_service' },
    });
    expect(caseItemType(SNAPSHOT, catalog)).toBe('public_service');
    expect(catalog.asked).toEqual([`${SNAPSHOT.code}@2`]);
  });

  it('never guesses: null when neither the snapshot nor the catalog knows', () => {
    expect(caseItemType(SNAPSHOT, catalogWith({}))).toBeNull();
    expect(caseItemType(SNAPSHOT, catalogWith({ [`${SNAPSHOT.code}@2`]: SNAPSHOT }))).toBeNull();
  });
});
