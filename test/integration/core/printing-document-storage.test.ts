import Database from 'better-sqlite3';
import { createHash } from 'node:crypto';
import path from 'node:path';
import { inflateRawSync } from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import { createTestCore, type TestCore } from '../../support/core-fixture';
import { FOOD_LICENCE, intakeArgs, personApplicant } from '../../support/intake-args';

let t: TestCore | null = null;
afterEach(async () => {
  await t?.close();
  t = null;
});

const sha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');

describe('issued notices stored with their stylesheet once', () => {
  it('gives back each notice exactly as issued (its hash holds), while the stylesheet is stored once for all of them', async () => {
    t = await createTestCore();
    await t.signIn();
    const food = await t.call('catalog.getItem', { code: FOOD_LICENCE.code });
    const notices: string[] = [];
    for (let i = 1; i <= 3; i++) {
      const accepted = await t.call('intake.submit', intakeArgs(FOOD_LICENCE, food.materials, { received: food.materials.map((m) => m.id) }, { kind: 'accept' }, { applicant: personApplicant(`王${"甲乙丙"[i - 1]}`, i) }));
      const docs = await t.call('printing.documents', { caseId: accepted.id });
      const notice = docs.find((d) => d.kind === 'acceptanceNotice');
      const html = (await t.call('printing.document', { documentId: notice?.id ?? '' })).html ?? '';
      expect(html).toMatch(/<style>[^<]{1000,}<\/style>/);
      expect(html).toContain(`王${"甲乙丙"[i - 1]}`);
      notices.push(html);
    }
    const dataDir = t.dataDir;
    await t.close();
    t = null;

    const db = new Database(path.join(dataDir, 'counter.sqlite'), { readonly: true });
    try {
      expect(db.prepare('SELECT count(*) FROM document_stylesheets').pluck().get()).toBe(1);
      // Receipts too are kept compressed, and read back as issued (the preview above went through it).
      const receipts = db.prepare(`SELECT content FROM issued_documents WHERE kind = 'acceptanceReceipt'`).pluck().all() as Buffer[];
      expect(receipts).toHaveLength(3);
      for (const r of receipts) expect(inflateRawSync(r).toString('utf8')).toContain('受理回执');
      const rows = db.prepare(`SELECT content, sha256, stylesheet FROM issued_documents WHERE kind = 'acceptanceNotice' ORDER BY seq`).all() as Array<{ content: Buffer; sha256: string; stylesheet: number | null }>;
      expect(rows).toHaveLength(3);
      rows.forEach((row, i) => {
        // The row holds the notice without its stylesheet, far smaller; the hash is of the whole notice.
        expect(row.stylesheet).not.toBeNull();
        // Compressed bytes (raw DEFLATE) of the notice without its stylesheet: a quarter of it or less.
        expect(Buffer.isBuffer(row.content)).toBe(true);
        expect(inflateRawSync(row.content).toString('utf8')).toContain('<style></style>');
        expect(row.content.length).toBeLessThan(Buffer.byteLength(notices[i] ?? '') / 4);
        expect(row.sha256).toBe(sha256(notices[i] ?? ''));
      });
    } finally {
      db.close();
    }
  });
});

describe('a kept document whose bytes were damaged', () => {
  it('is refused with words, never shown as garbage', async () => {
    t = await createTestCore();
    await t.signIn();
    const food = await t.call('catalog.getItem', { code: FOOD_LICENCE.code });
    const accepted = await t.call('intake.submit', intakeArgs(FOOD_LICENCE, food.materials, { received: food.materials.map((m) => m.id) }, { kind: 'accept' }, { applicant: personApplicant('王甲', 1) }));
    const [receipt] = await t.call('printing.documents', { caseId: accepted.id });
    const dataDir = t.dataDir;
    await t.close();
    const db = new Database(path.join(dataDir, 'counter.sqlite'));
    db.prepare('UPDATE issued_documents SET content = ? WHERE id = ?').run(Buffer.from([1, 2, 3, 4, 5]), receipt?.id);
    db.close();
    t = await createTestCore({ dataDir });
    await t.signIn();
    const error = await t.fail('printing.document', { documentId: receipt?.id });
    expect(error.message).toContain('文书存档已损坏');
  });
});
