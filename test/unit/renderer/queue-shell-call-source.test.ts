import { describe, expect, it } from 'vitest';
import type { QueueCall, QueueCalls } from '../../../electron/contract';
import type { ConnectionState } from '../../../renderer/src/api/transports';
import { shellCallSource, type ShellConnection, type SourceStatus } from '../../../renderer/src/pages/queue/call-sources';

// The hall screen of the app in `role: display` (browser shell source; trial 27 F7, F12): the
// hall server's stream as the PC tells it (`queue.calls` → `stream`) is the screen's status even
// while the socket to the PC is up, and the calls the hall's board held when the PC first
// connected are shown, never spoken — also when they arrive on a later read (after the stream
// connected, told by `queue.modeChanged`).

const at = '2026-12-01T02:00:00.000Z';
const c = (seq: number, window: number, number: string): QueueCall => ({ seq, hall: 'JQ', window, number, recall: false, calledAt: at });

function rig() {
  let answer: QueueCalls = { mode: 'local', calls: [], windows: [], stream: { state: 'connecting', shownBefore: null } };
  const listeners = new Map<string, (payload: unknown) => void>();
  const connection = {
    client: {
      call: () => Promise.resolve(answer),
      on: (name: string, listener: (payload: unknown) => void) => {
        listeners.set(name, listener);
        return () => listeners.delete(name);
      },
    },
    transport: { connection: (): ConnectionState => 'open', onConnection: () => () => undefined },
  } as unknown as ShellConnection;
  const statuses: SourceStatus[] = [];
  const shown: Array<{ seqs: number[]; backlog: boolean }> = [];
  const stop = shellCallSource(connection)({
    calls: (calls, backlog) => shown.push({ seqs: calls.map((x) => x.seq), backlog }),
    status: (s) => statuses.push(s),
  });
  return {
    statuses,
    shown,
    stop,
    /** The PC's answer changes and it tells `queue.modeChanged`. */
    async tell(next: QueueCalls) {
      answer = next;
      listeners.get('queue.modeChanged')?.({});
      await new Promise((r) => setTimeout(r, 0));
    },
    emit: (name: string, payload: unknown) => listeners.get(name)?.(payload),
  };
}

describe('the role-display screen through the browser shell', () => {
  it("shows the hall board unspoken, says 'lost' when the PC's stream is lost though its socket is up, and clears it on reconnect", async () => {
    const r = rig();
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(r.statuses.at(-1)).toBe('connecting');
    // The stream connected; its board held seq 1–3, window 3's last call is older than the list.
    await r.tell({
      mode: 'hall',
      calls: [c(3, 12, 'A003'), c(2, 12, 'A002')],
      windows: [
        { window: 3, last: c(1, 3, 'A001') },
        { window: 12, last: c(3, 12, 'A003') },
      ],
      stream: { state: 'open', shownBefore: 3 },
    });
    expect(r.statuses.at(-1)).toBe('open');
    // Nothing of the board is spoken (backlog), though this is not the first read.
    expect(r.shown.filter((s) => !s.backlog).flatMap((s) => s.seqs)).toEqual([]);
    expect(r.shown.filter((s) => s.backlog).flatMap((s) => s.seqs).sort()).toEqual([1, 2, 3]);

    // A call after connecting is spoken.
    r.emit('queue.called', c(4, 3, 'A004'));
    expect(r.shown.at(-1)).toEqual({ seqs: [4], backlog: false });

    // The hall server stops: the PC says its stream is lost; the socket to the PC is still open.
    await r.tell({ mode: 'local', calls: [c(4, 3, 'A004'), c(3, 12, 'A003')], windows: [], stream: { state: 'lost', shownBefore: 3 } });
    expect(r.statuses.at(-1)).toBe('lost');
    await r.tell({ mode: 'hall', calls: [c(4, 3, 'A004'), c(3, 12, 'A003')], windows: [], stream: { state: 'open', shownBefore: 3 } });
    expect(r.statuses.at(-1)).toBe('open');
    r.stop();
  });
});
