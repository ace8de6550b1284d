import Database from 'better-sqlite3';
import { createHash } from 'node:crypto';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { fixedClock } from '../../../electron/core/clock';
import { DAMAGED_THERMAL_WORDS } from '../../../electron/core/printing/thermal/thermal-document-schema';
import { createTestCore, JQ_WINDOW_12, type TestCore } from '../../support/core-fixture';
import { FOOD_LICENCE, intakeArgs } from '../../support/intake-args';

// A stored receipt row that no longer reads as a ThermalDocument (a damaged file, a hand edit,
// an older build's shape) — hash and all consistent, so only its shape is wrong.

let t: TestCore | null = null;
afterEach(async () => {
  await t?.close();
  t = null;
});

describe('a damaged stored thermal document', () => {
  it('is refused with words (internal), and the window keeps working', async () => {
    t = await createTestCore({ clock: fixedClock('2026-11-30T02:00:00.000Z', 1000), config: JQ_WINDOW_12 });
    await t.signIn();
    const food = await t.call('catalog.getItem', { code: FOOD_LICENCE.code });
    const accepted = await t.call('intake.submit', intakeArgs(FOOD_LICENCE, food.materials, { received: ['M1', 'M2', 'M3', 'M4', 'M5'] }, { kind: 'accept' }));
    const [receipt] = await t.call('printing.documents', { caseId: accepted.id });

    const content = JSON.stringify({ kind: 'acceptanceReceipt', title: accepted.caseNumber, blocks: [{ kind: 'qr' }] });
    const db = new Database(path.join(t.dataDir, 'counter.sqlite'));
    try {
      db.prepare('UPDATE issued_documents SET content = ?, sha256 = ? WHERE id = ?').run(content, createHash('sha256').update(content, 'utf8').digest('hex'), receipt?.id);
    } finally {
      db.close();
    }
    const shown = await t.fail('printing.document', { documentId: receipt?.id ?? '' });
    expect([shown.code, shown.message]).toEqual(['internal', DAMAGED_THERMAL_WORDS]);
    // The list still shows it (its content is not read there), and the case is there as it was.
    expect((await t.call('printing.documents', { caseId: accepted.id })).map((d) => d.kind)).toEqual(['acceptanceReceipt', 'acceptanceNotice']);
    expect((await t.call('cases.get', { caseId: accepted.id })).status).toBe('accepted');

    const again = new Database(path.join(t.dataDir, 'counter.sqlite'));
    try {
      again.prepare('UPDATE issued_documents SET profile = ? WHERE id = ?').run('{"columns":40}', receipt?.id);
    } finally {
      again.close();
    }
    const listed = await t.fail('printing.documents', { caseId: accepted.id });
    expect([listed.code, listed.message]).toEqual(['internal', DAMAGED_THERMAL_WORDS]);
    expect((await t.call('cases.get', { caseId: accepted.id })).status).toBe('accepted');
  });
});
