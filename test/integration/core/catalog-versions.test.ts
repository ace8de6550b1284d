import Database from 'better-sqlite3';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadCatalogFile } from '../../../electron/core/catalog/catalog-file-schema';
import { importCatalog } from '../../../electron/core/catalog/catalog-store';
import { createTestCore, RESOURCES_DIR, type TestCore } from '../../support/core-fixture';
import { FOOD_LICENCE, intakeArgs } from '../../support/intake-args';

let t: TestCore | null = null;
afterEach(async () => {
  await t?.close();
  t = null;
});

/** What the upstream (or a release) sends when the province cuts a time limit and adds a material. */
function importRevisedCatalog(dataDir: string): void {
  const file = loadCatalogFile(JSON.parse(fs.readFileSync(path.join(RESOURCES_DIR, 'catalog', 'default-catalog.json'), 'utf8')));
  const revised = {
    ...file,
    catalogVersion: '2026-12-01',
    items: file.items
      .filter((i) => i.name !== '发票领用')
      .map((i) =>
        i.code === FOOD_LICENCE.code
          ? { ...i, promisedDays: 3, materials: [...i.materials, { id: 'M9', name: '食品安全自查制度文本', form: 'original' as const, copies: 1, required: true, key: false }] }
          : i,
      ),
  };
  const db = new Database(path.join(dataDir, 'counter.sqlite'));
  try {
    const result = db.transaction(() => importCatalog(db, revised, 'test', '2026-12-01T00:00:00Z'))();
    expect(result).toEqual({ added: 0, changed: 1, unchanged: file.items.length - 2, cancelled: 1 });
  } finally {
    db.close();
  }
}

describe('the versioned catalog', () => {
  it('keeps the version a case was accepted under when the item changes, and refuses intake against a stale version', async () => {
    t = await createTestCore({ clock: { now: () => new Date('2026-11-23T02:00:00Z') } });
    await t.signIn();
    const v1 = await t.call('catalog.getItem', { code: FOOD_LICENCE.code });
    expect(v1.version).toBe(1);
    const before = await t.call('intake.submit', intakeArgs(FOOD_LICENCE, v1.materials, { received: ['M1', 'M2', 'M3', 'M4', 'M5'] }, { kind: 'accept' }));

    await t.close();
    importRevisedCatalog(t.dataDir);
    t = await t.reopen();
    await t.signIn();

    const v2 = await t.call('catalog.getItem', { code: FOOD_LICENCE.code });
    expect(v2).toMatchObject({ version: 2, promisedDays: 3, catalogVersion: '2026-12-01' });
    expect(v2.materials.map((m) => m.id)).toContain('M9');
    expect((await t.call('catalog.getItem', { code: FOOD_LICENCE.code, version: 1 })).promisedDays).toBe(5);
    expect(await t.call('catalog.search', { query: '发票领用' })).toEqual([]);

    const old = await t.call('cases.get', { caseId: before.id });
    expect(old.itemVersion).toBe(1);
    expect(old.materials.map((m) => m.materialId)).not.toContain('M9');
    expect(old.promisedDueDate).toBe(before.promisedDueDate);

    const stale = await t.fail('intake.submit', intakeArgs(FOOD_LICENCE, v1.materials, { received: ['M1', 'M2', 'M3', 'M4', 'M5'] }, { kind: 'accept' }));
    expect(stale.code).toBe('conflict');
    expect(stale.message).toContain('重新选择事项');

    // Under the new version the new required material is part of the checklist.
    const incomplete = await t.fail(
      'intake.submit',
      intakeArgs({ code: FOOD_LICENCE.code, version: 2 }, v2.materials, { received: ['M1', 'M2', 'M3', 'M4', 'M5'] }, { kind: 'accept' }),
    );
    expect(incomplete.message).toContain('食品安全自查制度文本');
  });
});
