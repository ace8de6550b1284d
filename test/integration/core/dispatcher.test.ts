import Database from 'better-sqlite3';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { methods } from '../../../electron/contract';
import { createTestCore, type TestCore } from '../../support/core-fixture';
import { FOOD_LICENCE, intakeArgs } from '../../support/intake-args';

let t: TestCore | null = null;
afterEach(async () => {
  await t?.close();
  t = null;
});

function eventCount(dataDir: string): number {
  const db = new Database(path.join(dataDir, 'counter.sqlite'), { readonly: true });
  try {
    return (db.prepare('SELECT count(*) AS n FROM events').get() as { n: number }).n;
  } finally {
    db.close();
  }
}

describe('the dispatcher', () => {
  it('answers an unknown method with a typed error', async () => {
    t = await createTestCore();
    const envelope = await t.raw('cases.drop', {});
    expect(envelope).toEqual({ ok: false, error: { code: 'unknown_method', message: '未知的调用：cases.drop' } });
    const proto = await t.raw('__proto__', {});
    expect(proto.ok).toBe(false);
  });

  it('refuses bad arguments field by field and executes nothing', async () => {
    t = await createTestCore();
    await t.signIn();
    const before = eventCount(t.dataDir);
    const args = intakeArgs(FOOD_LICENCE, [], { received: [] }, { kind: 'accept' }, {
      applicant: { kind: 'person', name: '', idType: 'resident_id_card', idNumber: '123', mobile: '12345', address: '' },
    });
    const err = await t.fail('intake.submit', { ...args, clientRequestId: 'not-a-uuid', surprise: true });
    expect(err.code).toBe('invalid_arguments');
    const paths = err.fieldErrors.map((f) => f.path);
    expect(paths).toEqual(expect.arrayContaining(['clientRequestId', 'applicant.name', 'applicant.mobile', '']));
    expect(err.fieldErrors.find((f) => f.path === 'applicant.name')?.message).toBe('请输入姓名');
    expect(eventCount(t.dataDir)).toBe(before);
  });

  it('treats missing arguments as an empty object and validates them', async () => {
    t = await createTestCore();
    const err = await t.fail('session.signIn', undefined);
    expect(err.code).toBe('invalid_arguments');
    expect(err.fieldErrors.map((f) => f.path).sort()).toEqual(['pin', 'staffNumber']);
  });

  it('has a handler for every contract method whose result matches the contract', async () => {
    t = await createTestCore();
    await t.signIn();
    const publicCalls = ['app.windowInfo', 'app.health', 'session.current'] as const;
    for (const m of publicCalls) {
      const envelope = await t.raw(m, {});
      expect(envelope.ok).toBe(true);
      if (envelope.ok) expect(methods[m].result.safeParse(envelope.value).success).toBe(true);
    }
    const search = await t.raw('catalog.search', { query: 'gtgs' });
    expect(search.ok && methods['catalog.search'].result.safeParse(search.value).success).toBe(true);
    const ref = await t.raw('intake.referenceData', {});
    expect(ref.ok && methods['intake.referenceData'].result.safeParse(ref.value).success).toBe(true);
    for (const name of Object.keys(methods) as Array<keyof typeof methods>) {
      // A staff method is called by someone whose role may (roles.test.ts has the others' answer).
      const role = methods[name].roles[0];
      if (role !== undefined && (await t.call('session.current', {})).staff?.role !== role) await t.signInAs(role);
      const envelope = await t.raw(name, { definitelyNotAnArgument: 1 });
      // Every method exists (no unknown_method) and its schema refuses a stray field before anything runs.
      expect(envelope.ok ? 'ok' : envelope.error.code).toBe('invalid_arguments');
    }
  });
});
