import { randomUUID } from 'node:crypto';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import type { IntakeDraftBody } from '../../../electron/contract';
import { createCore, createLogger, openStaffAdmin } from '../../../electron/core';
import { fixedClock } from '../../../electron/core/clock';
import { makeTempDir, writeConfig } from '../../support/browser-shell-process';
import { JQ_WINDOW_12, RESOURCES_DIR, STAFF, createTestCore, type TestCore } from '../../support/core-fixture';
import { FOOD_LICENCE, intakeArgs } from '../../support/intake-args';

// Drafts on a real SQLite file through the dispatcher the UI uses: they belong to the clerk who
// typed them, survive a restart of the core, and end when their form becomes a case.

let t: TestCore | null = null;
afterEach(async () => {
  await t?.close();
  t = null;
});

const SECOND = { number: '1002', name: '李四', pin: '135790' };

/** A half-filled form as the page sends it: a rare-character name, an unfinished ID number. */
function draftBody(name = '王𡒄', overrides: Partial<IntakeDraftBody> = {}): IntakeDraftBody {
  return {
    clientRequestId: randomUUID(),
    query: '食品经营',
    item: { code: FOOD_LICENCE.code, version: FOOD_LICENCE.version },
    applicant: {
      kind: 'person',
      person: { name, idType: 'resident_id_card', idNumber: '3301021985', mobile: '138', address: '  解放路 1 号\n2 单元 ' },
      organisation: { name: '', creditCode: '', legalRepresentative: '', contactName: '', mobile: '', address: '' },
      hasAgent: false,
      agent: { name: '', idType: 'resident_id_card', idNumber: '', mobile: '' },
    },
    receipts: { M1: { materialId: 'M1', received: true, form: 'original', copies: 0, defective: false, defectNote: '' } },
    decision: { chosen: null, note: '', deferralDates: {}, instructions: {}, extras: [] },
    ...overrides,
  };
}

async function withSecondClerk(core: TestCore): Promise<void> {
  const admin = await openStaffAdmin(core.dataDir);
  await admin.add(SECOND.number, SECOND.name, SECOND.pin);
  admin.close();
}

function rawDb(core: TestCore): Database.Database {
  return new Database(path.join(core.dataDir, 'counter.sqlite'));
}

describe('intake drafts kept by the core', () => {
  it('gives the clerk back exactly what was typed after the core is closed and opened again', async () => {
    t = await createTestCore({ clock: fixedClock('2026-11-23T02:15:00.000Z', 1000) });
    await t.signIn();
    const body = draftBody();
    const saved = await t.call('drafts.save', { draft: body });
    expect(saved.saved).toBe(true);
    expect(saved.savedAt).toMatch(/^2026-11-23T02:15:\d\d\.\d{3}Z$/);

    t = await t.reopen();
    // A restart signs everybody out; the draft waits for its clerk.
    expect((await t.fail('drafts.get', {})).code).toBe('not_signed_in');
    await t.signIn();
    const back = await t.call('drafts.get', {});
    expect(back.discarded).toBeNull();
    expect(back.savedAt).toBe(saved.savedAt);
    // Kept as typed: the rare character, the spaces and the line break of the address.
    expect(back.draft).toEqual(body);
    expect(back.draft?.applicant.person.name).toBe('王𡒄');
  });

  it("never shows one clerk's draft to another, whatever the caller sends", async () => {
    t = await createTestCore();
    await withSecondClerk(t);
    await t.signIn();
    const first = draftBody('阿卜杜·艾尼');
    await t.call('drafts.save', { draft: first });
    await t.call('session.signOut', {});

    await t.signIn(SECOND.number, SECOND.pin);
    expect(await t.call('drafts.get', {})).toEqual({ draft: null, savedAt: null, discarded: null });
    // The clerk comes from the session: an id in the arguments is refused, not obeyed.
    const staffId = (await t.call('session.current', {})).staff?.id;
    expect((await t.fail('drafts.get', { staffId })).code).toBe('invalid_arguments');
    const second = draftBody('李𪚥');
    await t.call('drafts.save', { draft: second });
    // Discarding one's own draft leaves the other clerk's alone.
    expect(await t.call('drafts.discard', {})).toEqual({ discarded: true });
    expect(await t.call('drafts.discard', {})).toEqual({ discarded: false });
    await t.call('session.signOut', {});

    await t.signIn();
    expect((await t.call('drafts.get', {})).draft).toEqual(first);
  });

  it('ends the draft with the accept of its form, and a late save cannot bring it back', async () => {
    t = await createTestCore({ clock: fixedClock('2026-02-13T02:00:00.000Z', 1000) });
    await t.signIn();
    const food = await t.call('catalog.getItem', FOOD_LICENCE);
    const body = draftBody();
    await t.call('drafts.save', { draft: body });
    // The id in upper case is the same request (UUIDs compare case-insensitively).
    await t.call('intake.submit', {
      ...intakeArgs(FOOD_LICENCE, food.materials, { received: ['M1', 'M2', 'M3', 'M4', 'M5'] }, { kind: 'accept' }),
      clientRequestId: body.clientRequestId.toUpperCase(),
    });
    expect((await t.call('drafts.get', {})).draft).toBeNull();
    const late = await t.call('drafts.save', { draft: body });
    expect(late).toEqual({ saved: false, savedAt: null });
    expect((await t.call('drafts.get', {})).draft).toBeNull();

    // The next applicant's draft is not touched by a submit of another form.
    const next = draftBody('张三');
    await t.call('drafts.save', { draft: next });
    await t.call(
      'intake.submit',
      intakeArgs(FOOD_LICENCE, food.materials, { received: ['M1', 'M2', 'M3', 'M4', 'M5'] }, { kind: 'accept' }),
    );
    expect((await t.call('drafts.get', {})).draft).toEqual(next);
  });

  it('drops a draft whose case was made before the crash that kept its draft', async () => {
    t = await createTestCore({ clock: fixedClock('2026-02-13T02:00:00.000Z', 1000) });
    await t.signIn();
    const food = await t.call('catalog.getItem', FOOD_LICENCE);
    const args = intakeArgs(FOOD_LICENCE, food.materials, { received: ['M1', 'M2', 'M3', 'M4', 'M5'] }, { kind: 'accept' });
    await t.call('intake.submit', args);
    const staffId = (await t.call('session.current', {})).staff?.id ?? '';
    // As an older build (or a crash between two transactions) would have left it.
    const db = rawDb(t);
    db.prepare(`INSERT INTO intake_drafts VALUES (?, 12, ?, 1, ?, '2026-02-13T01:59:00.000Z')`).run(
      staffId,
      args.clientRequestId,
      JSON.stringify(draftBody('张三', { clientRequestId: args.clientRequestId })),
    );
    db.close();
    expect(await t.call('drafts.get', {})).toEqual({ draft: null, savedAt: null, discarded: null });
  });

  it.each([
    ['a body that is not JSON', 1, '{"clientRequestId":', 'unreadable'],
    ['a body that fails the schema', 1, JSON.stringify({ clientRequestId: 'nope', applicant: 3 }), 'unreadable'],
    ['a body of an older format', 0, JSON.stringify(draftBody()), 'outdated'],
  ] as const)('discards %s with a note instead of failing, once', async (_label, format, body, reason) => {
    t = await createTestCore();
    await t.signIn();
    await t.call('drafts.save', { draft: draftBody() });
    const db = rawDb(t);
    db.prepare('UPDATE intake_drafts SET format = ?, body = ?').run(format, body);
    db.close();
    expect(await t.call('drafts.get', {})).toEqual({ draft: null, savedAt: null, discarded: reason });
    expect(await t.call('drafts.get', {})).toEqual({ draft: null, savedAt: null, discarded: null });
    // The clerk can go on typing: the next save works.
    expect((await t.call('drafts.save', { draft: draftBody() })).saved).toBe(true);
  });

  it('refuses a draft that is not one, and keeps the stored one', async () => {
    t = await createTestCore();
    await t.signIn();
    const body = draftBody();
    await t.call('drafts.save', { draft: body });
    expect((await t.fail('drafts.save', { draft: { ...body, clientRequestId: 'x' } })).code).toBe('invalid_arguments');
    const huge = draftBody('张三', { query: 'x'.repeat(4001) });
    expect((await t.fail('drafts.save', { draft: huge })).code).toBe('invalid_arguments');
    const many = draftBody('张三', {
      receipts: Object.fromEntries(Array.from({ length: 3000 }, (_, i) => [`M${i}`, { received: true, defectNote: 'x'.repeat(100) }])),
    });
    expect((await t.fail('drafts.save', { draft: many })).code).toBe('invalid_arguments');
    expect((await t.call('drafts.get', {})).draft).toEqual(body);
  });

  it('writes nothing of a draft into the log, not even when it is discarded', async () => {
    const dataDir = makeTempDir('drafts-log');
    const admin = await openStaffAdmin(dataDir);
    await admin.add(STAFF.number, STAFF.name, STAFF.pin);
    admin.close();
    const lines: string[] = [];
    const core = await createCore({
      dataDir,
      configFile: writeConfig(dataDir, JQ_WINDOW_12),
      resourcesDir: RESOURCES_DIR,
      appVersion: 'test',
      logger: createLogger({ level: 'debug', write: (line) => lines.push(line) }),
      healthIntervalMs: 60_000,
    });
    try {
      const ok = async (method: string, args: unknown) => {
        const envelope = await core.invoke(method, args);
        expect(envelope.ok, method).toBe(true);
      };
      await ok('session.signIn', { staffNumber: STAFF.number, pin: STAFF.pin });
      const body = draftBody('欧阳𡒄', { query: '秘密事项查询词' });
      await ok('drafts.save', { draft: body });
      await ok('drafts.get', {});
      // Refused, and the refusal names no value either.
      expect((await core.invoke('drafts.save', { draft: { ...body, clientRequestId: '欧阳𡒄' } })).ok).toBe(false);
      const db = new Database(path.join(dataDir, 'counter.sqlite'));
      db.prepare(`UPDATE intake_drafts SET body = substr(body, 1, 60)`).run();
      db.close();
      await ok('drafts.get', {});
    } finally {
      await core.close();
    }
    const log = lines.join('\n');
    expect(log).toContain('intake draft discarded on read');
    // Neither a value nor the draft's structure (a JSON dump would show its keys).
    for (const secret of ['欧阳𡒄', '3301021985', '解放路', '秘密事项查询词', '"applicant"']) expect(log).not.toContain(secret);
  });
});
