import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { HostAnswer, HostCall, ToCoreMessage } from '../../../electron/contract/host-protocol';
import { CoreHost, HOST_CALL_FAILED_WORDS, type CoreChild, type HostLog } from '../../../electron/main/core-host';

class RecordingChild implements CoreChild {
  readonly sent: ToCoreMessage[] = [];
  private listener: ((message: unknown) => void) | null = null;
  private exitListener: ((code: number) => void) | null = null;
  postMessage(message: ToCoreMessage): void {
    this.sent.push(message);
  }
  kill(): void {}
  onMessage(listener: (message: unknown) => void): void {
    this.listener = listener;
  }
  onExit(listener: (code: number) => void): void {
    this.exitListener = listener;
  }
  emit(message: unknown): void {
    this.listener?.(message);
  }
  exit(code: number): void {
    this.exitListener?.(code);
  }
  answers(): Array<Extract<ToCoreMessage, { kind: 'hostAnswer' }>> {
    return this.sent.filter((m): m is Extract<ToCoreMessage, { kind: 'hostAnswer' }> => m.kind === 'hostAnswer');
  }
}

const log: HostLog = { info: () => undefined, warn: () => undefined, error: () => undefined };

function hostWith(onHostCall?: (call: HostCall) => Promise<HostAnswer>) {
  const children: RecordingChild[] = [];
  const host = new CoreHost({
    spawn: () => {
      const child = new RecordingChild();
      children.push(child);
      return child;
    },
    onEvent: () => undefined,
    onState: () => undefined,
    log,
    ...(onHostCall ? { onHostCall } : {}),
  });
  host.start();
  return { host, children };
}

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

describe('the core asking main to print', () => {
  it('relays a call to main’s printer and answers the child with the same id', async () => {
    const calls: HostCall[] = [];
    const { children } = hostWith(async (call) => {
      calls.push(call);
      return call.method === 'pdfOf' ? { ok: true, pdfBase64: 'JVBERi0=' } : { ok: false, message: '找不到打印机“XP-80”' };
    });
    const child = children[0]!;
    child.emit({ kind: 'ready' });
    child.emit({ kind: 'hostCall', id: 7, call: { method: 'print', html: '<p>回执</p>', printerName: 'XP-80', widthMm: 80 } });
    child.emit({ kind: 'hostCall', id: 8, call: { method: 'pdfOf', html: '<p>通知书</p>' } });
    await vi.runAllTimersAsync();
    expect(calls.map((c) => c.method)).toEqual(['print', 'pdfOf']);
    expect(child.answers()).toEqual([
      { kind: 'hostAnswer', id: 7, answer: { ok: false, message: '找不到打印机“XP-80”' } },
      { kind: 'hostAnswer', id: 8, answer: { ok: true, pdfBase64: 'JVBERi0=' } },
    ]);
  });

  it('a malformed call (a width no printer has) is not run', async () => {
    const calls: HostCall[] = [];
    const { children } = hostWith(async (call) => {
      calls.push(call);
      return { ok: true };
    });
    children[0]!.emit({ kind: 'hostCall', id: 1, call: { method: 'print', html: 'x', printerName: '', widthMm: 76 } });
    await vi.runAllTimersAsync();
    expect(calls).toEqual([]);
    expect(children[0]!.answers()).toEqual([]);
  });

  it('a printer that throws, or no printer at all, is answered with words', async () => {
    const failing = hostWith(async () => {
      throw new Error('boom');
    });
    failing.children[0]!.emit({ kind: 'hostCall', id: 3, call: { method: 'printA4', html: 'x', printerName: '' } });
    const none = hostWith();
    none.children[0]!.emit({ kind: 'hostCall', id: 4, call: { method: 'printA4', html: 'x', printerName: '' } });
    await vi.runAllTimersAsync();
    expect(failing.children[0]!.answers()).toEqual([{ kind: 'hostAnswer', id: 3, answer: { ok: false, message: HOST_CALL_FAILED_WORDS } }]);
    expect(none.children[0]!.answers()[0]?.answer.ok).toBe(false);
  });

  it('an answer for a core that has since died goes nowhere', async () => {
    let finish: (answer: HostAnswer) => void = () => undefined;
    const { children } = hostWith(() => new Promise((resolve) => (finish = resolve)));
    const first = children[0]!;
    first.emit({ kind: 'ready' });
    first.emit({ kind: 'hostCall', id: 1, call: { method: 'pdfOf', html: 'x' } });
    await vi.advanceTimersByTimeAsync(0);
    first.exit(1);
    finish({ ok: true, pdfBase64: '' });
    await vi.advanceTimersByTimeAsync(0);
    expect(first.answers()).toEqual([]);
  });
});
