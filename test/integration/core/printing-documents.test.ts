import Database from 'better-sqlite3';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { deflateRawSync, inflateRawSync } from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import type { AnyCoreEvent } from '../../../electron/contract/events';
import { fixedClock } from '../../../electron/core/clock';
import { openStaffAdmin, silentLogger } from '../../../electron/core';
import { coreCapabilities, createCoreWith } from '../../../electron/core/create-core';
import { makeTempDir, writeConfig } from '../../support/browser-shell-process';
import { createTestCore, JQ_WINDOW_12, RESOURCES_DIR, STAFF, type TestCore } from '../../support/core-fixture';
import { FOOD_LICENCE, SOLE_TRADER, intakeArgs } from '../../support/intake-args';
import { REPRINT_SLOT } from '../../../electron/core/printing/notices/notice-layout';

// 10:00 in the hall on Monday 2026-11-30.
const MONDAY = '2026-11-30T02:00:00.000Z';

let t: TestCore | null = null;
afterEach(async () => {
  await t?.close();
  t = null;
});

async function start(config = JQ_WINDOW_12): Promise<TestCore> {
  t = await createTestCore({ clock: fixedClock(MONDAY, 1000), config });
  await t.signIn();
  return t;
}

const sha256 = (text: string): string => createHash('sha256').update(text, 'utf8').digest('hex');

describe('documents issued by the case events that need them (no printer configured)', () => {
  it('an accepted case has its 受理回执 and 受理通知书 stored as issued, with a 文书编号, and no print job without a printer', async () => {
    const t = await start();
    const food = await t.call('catalog.getItem', { code: FOOD_LICENCE.code });
    const accepted = await t.call('intake.submit', intakeArgs(FOOD_LICENCE, food.materials, { received: ['M1', 'M2', 'M3', 'M4', 'M5'] }, { kind: 'accept' }));
    const docs = await t.call('printing.documents', { caseId: accepted.id });
    expect(docs.map((d) => [d.kind, d.medium])).toEqual([
      ['acceptanceReceipt', 'thermal'],
      ['acceptanceNotice', 'a4'],
    ]);
    expect(docs[0]?.documentNumber).toBeNull();
    expect(docs[1]?.documentNumber).toBe('JQ-12受〔2026〕0001号');
    expect(docs.every((d) => d.lastJob === null && d.reprints === 0)).toBe(true);
    expect(await t.call('printing.listJobs', {})).toEqual([]);

    const receipt = await t.call('printing.document', { documentId: docs[0]?.id ?? '' });
    expect(receipt.lines?.join('\n')).toContain(accepted.caseNumber);
    expect(receipt.columns).toBe(48);
    const notice = await t.call('printing.document', { documentId: docs[1]?.id ?? '' });
    expect(notice.html).toContain('JQ-12受〔2026〕0001号');
    expect(sha256(notice.html ?? '')).toBe(notice.sha256);

    // A second accepted case takes the next number of the same series.
    const second = await t.call('intake.submit', intakeArgs(FOOD_LICENCE, food.materials, { received: ['M1', 'M2', 'M3', 'M4', 'M5'] }, { kind: 'accept' }));
    const again = await t.call('printing.documents', { caseId: second.id });
    expect(again[1]?.documentNumber).toBe('JQ-12受〔2026〕0002号');
  });

  it('a rejected intake issues its 不予受理通知书; 补打 reproduces it exactly, marked 补打, and the case timeline shows 补打', async () => {
    const t = await start();
    const food = await t.call('catalog.getItem', { code: FOOD_LICENCE.code });
    const events: AnyCoreEvent[] = [];
    t.core.subscribe((e) => events.push(e));
    const rejected = await t.call(
      'intake.submit',
      intakeArgs(FOOD_LICENCE, food.materials, { received: [] }, { kind: 'reject', reasonId: null, reason: '申请人不具备经营资格', legalBasis: '《食品经营许可和备案管理办法》第十二条' }),
    );
    const [notice] = await t.call('printing.documents', { caseId: rejected.id });
    expect(notice?.kind).toBe('rejectionNotice');
    expect(notice?.documentNumber).toBe('JQ-12不受〔2026〕0001号');
    const original = await t.call('printing.document', { documentId: notice?.id ?? '' });
    expect(original.html).toContain('申请人不具备经营资格');
    expect(original.html).not.toContain('补打');

    const reprint = await t.call('printing.reprint', { documentId: notice?.id ?? '' });
    // A4: printed by the shell from the preview; no thermal job.
    expect(reprint.job).toBeNull();
    // The hash reported is that of the content as it was served before the 补打 (computed here).
    expect(reprint.document.sha256).toBe(sha256(original.html ?? ''));
    expect(reprint.document.reprints).toBe(1);
    const marked = await t.call('printing.document', { documentId: notice?.id ?? '', reprint: true });
    expect(marked.html).toContain('补打');
    // The 补打 copy is the issued page plus its banner and nothing else: without the banner it hashes as issued.
    const unmarked = (marked.html ?? '').replace(/<div class="reprint-mark"[^>]*>【补打】[^<]*<\/div>/, REPRINT_SLOT);
    expect(unmarked).not.toBe(marked.html);
    expect(sha256(unmarked)).toBe(marked.sha256);
    // The stored content is untouched by the 补打 preview.
    expect((await t.call('printing.document', { documentId: notice?.id ?? '' })).html).toBe(original.html);

    const after = await t.call('cases.get', { caseId: rejected.id });
    const last = after.timeline.at(-1);
    expect(last?.type).toBe('case.documentReprinted');
    expect(last?.title).toBe('补打 不予受理通知书');
    expect(last?.lines).toEqual(['文书编号 JQ-12不受〔2026〕0001号']);
    expect(last?.staffName).toBe('王芳');
    expect(after.version).toBe(rejected.version + 1);
    expect(after.status).toBe('rejected');
    expect(events.some((e) => e.name === 'case.changed' && e.payload.caseId === rejected.id && e.payload.version === after.version)).toBe(true);
  });

  it('a kept document changed since it was issued is neither previewed nor reprinted: 文书存档校验失败, logged', async () => {
    const lines: string[] = [];
    const logger = { debug: () => undefined, info: () => undefined, warn: () => undefined, error: (message: string, fields?: Record<string, unknown>) => lines.push(`${message} ${JSON.stringify(fields)}`) };
    t = await createTestCore({ clock: fixedClock(MONDAY, 1000), logger });
    await t.signIn();
    const food = await t.call('catalog.getItem', { code: FOOD_LICENCE.code });
    const accepted = await t.call('intake.submit', intakeArgs(FOOD_LICENCE, food.materials, { received: ['M1', 'M2', 'M3', 'M4', 'M5'] }, { kind: 'accept' }));
    const [receipt, notice] = await t.call('printing.documents', { caseId: accepted.id });
    // The as-issued copies are served before the change.
    await t.call('printing.document', { documentId: notice?.id ?? '' });
    const db = new Database(path.join(t.dataDir, 'counter.sqlite'));
    try {
      // A hand edit of the kept bytes (stored compressed, migration 0011): unpacked, changed, packed again.
      for (const id of [notice?.id, receipt?.id]) {
        const kept = db.prepare('SELECT content FROM issued_documents WHERE id = ?').pluck().get(id) as Buffer;
        const edited = inflateRawSync(kept).toString('utf8').replaceAll('受理', '受 理');
        db.prepare('UPDATE issued_documents SET content = ? WHERE id = ?').run(deflateRawSync(Buffer.from(edited, 'utf8')), id);
      }
    } finally {
      db.close();
    }
    for (const id of [notice?.id ?? '', receipt?.id ?? '']) {
      const preview = await t.fail('printing.document', { documentId: id });
      expect(preview.code).toBe('internal');
      expect(preview.message).toContain('文书存档校验失败');
    }
    const reprint = await t.fail('printing.reprint', { documentId: notice?.id ?? '' });
    expect(reprint.message).toContain('文书存档校验失败');
    expect((await t.call('cases.get', { caseId: accepted.id })).timeline.some((e) => e.type === 'case.documentReprinted')).toBe(false);
    expect(lines.filter((l) => l.startsWith('issued document fails its hash check'))).toHaveLength(3);
  });

  it('a correction request issues the 补正材料通知书 listing what to bring; an approved 即办件 its 办结通知书', async () => {
    const t = await start();
    const food = await t.call('catalog.getItem', { code: FOOD_LICENCE.code });
    const items = [
      { materialId: 'M1', name: food.materials[0]?.name ?? 'M1', instruction: '请提交原件' },
      { materialId: null, name: '场所平面图', instruction: '标明操作间' },
    ];
    const correction = await t.call('intake.submit', intakeArgs(FOOD_LICENCE, food.materials, { received: ['M2', 'M3', 'M4', 'M5'] }, { kind: 'request_correction', items, note: '' }));
    const [notice] = await t.call('printing.documents', { caseId: correction.id });
    expect(notice?.kind).toBe('correctionNotice');
    const html = (await t.call('printing.document', { documentId: notice?.id ?? '' })).html ?? '';
    expect(html).toContain('场所平面图');
    expect(html).toContain('标明操作间');

    const sole = await t.call('catalog.getItem', { code: SOLE_TRADER.code });
    const immediate = await t.call('intake.submit', intakeArgs(SOLE_TRADER, sole.materials, { received: sole.materials.map((m) => m.id) }, { kind: 'accept' }));
    const decided = await t.call('cases.decide', { caseId: immediate.id, outcome: 'approved', reason: '', legalBasis: '' });
    expect(decided.status).toBe('decided');
    const kinds = (await t.call('printing.documents', { caseId: immediate.id })).map((d) => d.kind);
    expect(kinds).toEqual(['acceptanceReceipt', 'acceptanceNotice', 'completionNotice']);
  });

  it('a refused 行政给付 decision issues its 不予给付决定书 with the reason, the basis and the remedies', async () => {
    const t = await start();
    const benefit = { code: '11330102MB1859036U0500512001009', version: 1 };
    const item = await t.call('catalog.getItem', { code: benefit.code });
    const accepted = await t.call('intake.submit', intakeArgs(benefit, item.materials, { received: item.materials.map((m) => m.id) }, { kind: 'accept' }));
    await t.call('cases.startReview', { caseId: accepted.id });
    const decided = await t.call('cases.decide', { caseId: accepted.id, outcome: 'refused', reason: '申请人在领取失业保险金期间已重新就业', legalBasis: '《失业保险条例》第十五条' });
    expect(decided.status).toBe('decided');
    const documents = await t.call('printing.documents', { caseId: accepted.id });
    expect(documents.map((d) => d.kind)).toEqual(['acceptanceReceipt', 'acceptanceNotice', 'refusalDecision']);
    const refusal = documents[2];
    expect(refusal?.documentNumber).toMatch(/^JQ-12/);
    const html = (await t.call('printing.document', { documentId: refusal?.id ?? '' })).html ?? '';
    expect(html).toContain('不予给付决定书');
    expect(html).not.toContain('不予许可决定书');
    expect(html).toContain('申请人在领取失业保险金期间已重新就业');
    expect(html).toContain('《失业保险条例》第十五条');
    expect(html).toContain('60');
    // Named as its page is, in lists and on the timeline: never 不予许可 for a 给付.
    expect(refusal?.label).toBe('不予给付决定书');
    await t.call('printing.reprint', { documentId: refusal?.id ?? '' });
    const timeline = (await t.call('cases.get', { caseId: accepted.id })).timeline;
    expect(timeline.at(-1)?.title).toBe('补打 不予给付决定书');
  });

  it('a repeated submit issues nothing new: one case, one receipt, one notice number', async () => {
    const t = await start();
    const food = await t.call('catalog.getItem', { code: FOOD_LICENCE.code });
    const args = intakeArgs(FOOD_LICENCE, food.materials, { received: ['M1', 'M2', 'M3', 'M4', 'M5'] }, { kind: 'accept' });
    await t.call('intake.submit', args);
    // The same request id with other content is refused: no second case, no second document.
    const refused = await t.fail('intake.submit', { ...args, applicant: { ...args.applicant, name: '李四' } });
    expect(refused.code).toBe('conflict');
    // The 受理通知书 is issued right after the case's commit, on the next turn of the event loop.
    await new Promise((resolve) => setImmediate(resolve));
    const db = new Database(path.join(t.dataDir, 'counter.sqlite'), { readonly: true });
    try {
      expect(db.prepare('SELECT kind FROM issued_documents ORDER BY seq').pluck().all()).toEqual(['acceptanceReceipt', 'acceptanceNotice']);
      expect(db.prepare('SELECT last_seq FROM document_number_sequences').pluck().all()).toEqual([1]);
    } finally {
      db.close();
    }
  });

  it('refuses to reprint a receipt with no receipt printer, and names an unknown document', async () => {
    const t = await start();
    const food = await t.call('catalog.getItem', { code: FOOD_LICENCE.code });
    const accepted = await t.call('intake.submit', intakeArgs(FOOD_LICENCE, food.materials, { received: ['M1', 'M2', 'M3', 'M4', 'M5'] }, { kind: 'accept' }));
    const [receipt] = await t.call('printing.documents', { caseId: accepted.id });
    const err = await t.fail('printing.reprint', { documentId: receipt?.id ?? '' });
    expect(err.code).toBe('unavailable');
    expect(err.message).toContain('未配置回执打印机');
    const missing = await t.fail('printing.document', { documentId: '01900000-0000-7000-8000-000000000000' });
    expect(missing.code).toBe('not_found');
    expect(missing.message).toBe('文书不存在');
  });

  it('an OS-queue receipt printer in the browser shell cannot print: the job fails with why, the case is accepted, the status bar says it', async () => {
    const t = await start({ ...JQ_WINDOW_12, devices: { receiptPrinter: { type: 'system', printerName: 'XP-80', paperWidthMm: 80 } } });
    const food = await t.call('catalog.getItem', { code: FOOD_LICENCE.code });
    const accepted = await t.call('intake.submit', intakeArgs(FOOD_LICENCE, food.materials, { received: ['M1', 'M2', 'M3', 'M4', 'M5'] }, { kind: 'accept' }));
    expect(accepted.status).toBe('accepted');
    const deadline = Date.now() + 10_000;
    let job = (await t.call('printing.listJobs', { caseId: accepted.id }))[0];
    while (job?.state !== 'failed' && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 50));
      job = (await t.call('printing.listJobs', { caseId: accepted.id }))[0];
    }
    expect(job?.state).toBe('failed');
    expect(job?.reason).toContain('浏览器模式下不能使用系统打印队列');
    expect(job?.attempts).toBe(0);
    const health = (await t.call('app.health', {})).devices.find((d) => d.id === 'receiptPrinter');
    expect(health).toMatchObject({ state: 'error', condition: null });
    expect(health?.detail).toContain('浏览器模式下不能使用系统打印队列');
    // 重新打印 puts it back in the queue (it was certainly not printed); 作废 ends it with the clerk's words.
    expect((await t.call('printing.retry', { jobId: job?.id ?? '' })).state).toBe('queued');
    const discarded = await t.call('printing.discard', { jobId: job?.id ?? '', reason: '改用窗口打印机' });
    expect(discarded).toMatchObject({ state: 'discarded', reason: '改用窗口打印机' });
    const again = await t.fail('printing.discard', { jobId: job?.id ?? '', reason: '' });
    expect(again.code).toBe('illegal_transition');
    expect(again.message).toContain('已作废');
  });

  it('in the desktop shell, keeps a PDF of each issued notice in the data folder, readable by its owner only', async () => {
    const dataDir = makeTempDir('printing-pdf');
    const configFile = writeConfig(dataDir, JQ_WINDOW_12);
    const admin = await openStaffAdmin(dataDir);
    await admin.add(STAFF.number, STAFF.name, STAFF.pin);
    admin.close();
    const made: string[] = [];
    // The Electron host's Chromium is not in this test: its printToPDF is played by a function
    // that says which page it was given, which is what the core is responsible for.
    const core = await createCoreWith(
      {
        dataDir,
        configFile,
        resourcesDir: RESOURCES_DIR,
        appVersion: 'test',
        logger: silentLogger,
        healthIntervalMs: 60_000,
        clock: fixedClock(MONDAY, 1000),
        systemPrintHost: {
          print: () => Promise.reject(new Error('不用于此测试')),
          printA4: () => Promise.reject(new Error('不用于此测试')),
          pdfOf: async (html) => {
            made.push(html);
            return new TextEncoder().encode(`%PDF-1.7 ${sha256(html)}`);
          },
        },
      },
      coreCapabilities,
    );
    try {
      const call = async (method: string, args: unknown): Promise<unknown> => {
        const envelope = await core.invoke(method, args);
        if (!envelope.ok) throw new Error(envelope.error.message);
        return envelope.value;
      };
      await call('session.signIn', { staffNumber: STAFF.number, pin: STAFF.pin });
      const food = (await call('catalog.getItem', { code: FOOD_LICENCE.code })) as { materials: Array<{ id: string; form: string; copies: number }> };
      await call('intake.submit', intakeArgs(FOOD_LICENCE, food.materials, { received: [] }, { kind: 'reject', reasonId: null, reason: '申请人不具备经营资格', legalBasis: '第十二条' }));
      const file = path.join(dataDir, 'notices', '2026', 'JQ-12不受〔2026〕0001号.pdf');
      const deadline = Date.now() + 5000;
      while (!fs.existsSync(file) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
      expect(made).toHaveLength(1);
      expect(fs.readFileSync(file, 'utf8')).toBe(`%PDF-1.7 ${sha256(made[0] ?? '')}`);
      expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    } finally {
      await core.close();
    }
  });
});
