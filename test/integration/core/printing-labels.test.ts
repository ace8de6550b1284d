import Database from 'better-sqlite3';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { fixedClock } from '../../../electron/core/clock';
import { createTestCore, JQ_WINDOW_12, type TestCore } from '../../support/core-fixture';
import { FOOD_LICENCE, intakeArgs } from '../../support/intake-args';

// A document goes by the name it was issued under: the refusal of a 行政给付 item is a
// 不予给付决定书 on its page, so in the documents list, the 补打 toast and the case's timeline too.

const MONDAY = '2026-11-30T02:00:00.000Z';
/** 失业保险金申领 (itemType payment, resources/catalog/default-catalog.json). */
const UNEMPLOYMENT_BENEFIT = { code: '11330102MB1859036U0500512001009', version: 1 };

let t: TestCore | null = null;
afterEach(async () => {
  await t?.close();
  t = null;
});

async function refuse(item: { code: string; version: number }, received?: string[]) {
  t = await createTestCore({ clock: fixedClock(MONDAY, 1000), config: JQ_WINDOW_12 });
  await t.signIn();
  const found = await t.call('catalog.getItem', { code: item.code });
  const accepted = await t.call('intake.submit', intakeArgs(item, found.materials, { received: received ?? found.materials.map((m) => m.id) }, { kind: 'accept' }));
  await t.call('cases.startReview', { caseId: accepted.id });
  await t.call('cases.decide', { caseId: accepted.id, outcome: 'refused', reason: '不符合条件', legalBasis: '《失业保险条例》第十五条' });
  return { t, caseId: accepted.id };
}

describe('documents are named as issued', () => {
  it('a refused 给付 item: the list and the 补打 on the timeline say 不予给付决定书, never 许可', async () => {
    const { t, caseId } = await refuse(UNEMPLOYMENT_BENEFIT);
    const docs = await t.call('printing.documents', { caseId });
    expect(docs.map((d) => d.label)).toEqual(['受理回执', '受理通知书', '不予给付决定书']);
    const refusal = docs[2];
    expect(refusal).toMatchObject({ kind: 'refusalDecision', sent: true });
    expect((await t.call('printing.document', { documentId: refusal?.id ?? '' })).label).toBe('不予给付决定书');

    const reprint = await t.call('printing.reprint', { documentId: refusal?.id ?? '' });
    expect(reprint.document.label).toBe('不予给付决定书');
    const detail = await t.call('cases.get', { caseId });
    expect(detail.timeline.at(-1)?.title).toBe('补打 不予给付决定书');
    expect(JSON.stringify(detail.timeline)).not.toContain('许可');

    // The name is kept with the document as issued (a later catalog change cannot rename it).
    const db = new Database(path.join(t.dataDir, 'counter.sqlite'), { readonly: true });
    try {
      expect(db.prepare('SELECT label FROM issued_documents WHERE id = ?').pluck().get(refusal?.id)).toBe('不予给付决定书');
      const payload = JSON.parse(db.prepare("SELECT payload FROM events WHERE type = 'case.documentReprinted'").pluck().get() as string) as { documentLabel?: string };
      expect(payload.documentLabel).toBe('不予给付决定书');
    } finally {
      db.close();
    }
  });

  it('a refused licence keeps 不予许可决定书', async () => {
    const { t, caseId } = await refuse(FOOD_LICENCE, ['M1', 'M2', 'M3', 'M4', 'M5']);
    const docs = await t.call('printing.documents', { caseId });
    expect(docs.at(-1)?.label).toBe('不予许可决定书');
  });
});
