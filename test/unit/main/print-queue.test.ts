import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { resolveAppAsset } from '../../../electron/main/navigation-policy';
import { createPrintQueue, PrintFailure } from '../../../electron/main/print-queue';
import { pageLoadOptions } from '../../../electron/main/system-print-options';
import { html } from '../../../electron/core/printing/notices/html';
import { noticePage } from '../../../electron/core/printing/notices/notice-layout';

afterEach(() => {
  vi.useRealTimers();
});

/** A print whose end the test decides. */
function heldPrint() {
  let finish!: () => void;
  let fail!: (err: Error) => void;
  const done = new Promise<string>((resolve, reject) => {
    finish = () => resolve('printed');
    fail = reject;
  });
  return { done, finish, fail };
}

describe('main prints one page at a time (print-queue.ts)', () => {
  it('a print answered as timed out may still print: the next starts only at its real end', async () => {
    vi.useFakeTimers();
    const inTurn = createPrintQueue({ workTimeoutMs: 60_000, waitTimeoutMs: 90_000 });
    const first = heldPrint();
    const started: string[] = [];
    const a = inTurn(() => {
      started.push('a');
      return first.done;
    }).catch((err: unknown) => err);
    const b = inTurn(async () => {
      started.push('b');
      return 'b printed';
    });
    await vi.advanceTimersByTimeAsync(60_001);
    const late = await a;
    expect(late).toBeInstanceOf(PrintFailure);
    expect(late).toMatchObject({ notSent: false, message: '打印 60 秒未完成，可能仍在打印，请查看打印机' });
    // The first page is still with the spooler: the second has not started.
    expect(started).toEqual(['a']);
    first.finish();
    await expect(b).resolves.toBe('b printed');
    expect(started).toEqual(['a', 'b']);
  });

  it('a print kept waiting behind one that never ends gives up unstarted, saying it was not sent', async () => {
    vi.useFakeTimers();
    const inTurn = createPrintQueue({ workTimeoutMs: 60_000, waitTimeoutMs: 90_000 });
    const stuck = heldPrint();
    const started: string[] = [];
    void inTurn(() => stuck.done).catch(() => undefined);
    const waiting = inTurn(async () => {
      started.push('waiting');
    }).catch((err: unknown) => err);
    await vi.advanceTimersByTimeAsync(90_001);
    expect(await waiting).toMatchObject({ notSent: true, message: '上一张仍在打印，90 秒未完成，本张未打印，请稍后重试' });
    expect(started).toEqual([]);
    // Once the stuck page ends, later pages print again, in order.
    stuck.finish();
    await expect(inTurn(async () => 'next')).resolves.toBe('next');
  });

  it('a failed print passes its failure on and lets the next one go', async () => {
    const inTurn = createPrintQueue({ workTimeoutMs: 60_000, waitTimeoutMs: 90_000 });
    const failed = inTurn(async () => {
      throw new PrintFailure('找不到打印机“XP-80”', true);
    });
    await expect(failed).rejects.toMatchObject({ notSent: true });
    await expect(inTurn(async () => 'ok')).resolves.toBe('ok');
  });
});

describe('a notice page loaded for printing or its PDF', () => {
  it('is based at the app’s origin, so its url(/fonts/…) fonts resolve to the shipped font files', () => {
    const options = pageLoadOptions();
    expect(options.baseURLForDataURL).toBe('app://counter/');
    const fontsDir = path.resolve(import.meta.dirname, '../../../resources/fonts');
    const roots = { rendererDir: '/nonexistent/renderer', fontsDir };
    const page = noticePage({
      issuer: '金桥区政务服务中心',
      title: '受理通知书',
      documentNumber: 'JQ-12受〔2026〕0001号',
      facts: [],
      addressee: '王𠮷',
      body: html`<p>王𠮷</p>`,
      closing: html`<p></p>`,
      date: '2026年11月30日',
      receiptLine: false,
      issuedBy: '',
    });
    // Every font the notice asks for by URL (the rare-character fallbacks).
    const fontUrls = [...page.matchAll(/url\('([^']+)'\)/g)].map((m) => m[1] ?? '');
    expect(fontUrls.length).toBeGreaterThanOrEqual(3);
    for (const url of fontUrls) {
      const resolved = new URL(url, options.baseURLForDataURL).toString();
      const file = resolveAppAsset(resolved, roots);
      expect(file, `${url} → ${resolved}`).not.toBeNull();
      expect(fs.existsSync(file ?? '')).toBe(true);
    }
  });
});
