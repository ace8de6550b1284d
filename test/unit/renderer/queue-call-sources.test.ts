import { describe, expect, it } from 'vitest';
import type { QueueCall } from '../../../electron/contract';
import { sseCallSource, type SourceStatus } from '../../../renderer/src/pages/queue/call-sources';

// The hall screen's stream, against a stand-in for the browser's EventSource: the test plays
// the browser (opens, errors, gives up) and runs the source's timers by hand.
interface FakeSource {
  url: string;
  readyState: number;
  closed: boolean;
  onopen: ((e: Event) => void) | null;
  onerror: ((e: Event) => void) | null;
  listeners: Map<string, (e: MessageEvent) => void>;
}

function rig() {
  const opened: FakeSource[] = [];
  const timers: Array<{ run: () => void; ms: number; cleared: boolean }> = [];
  const heard: QueueCall[] = [];
  const statuses: SourceStatus[] = [];
  const source = sseCallSource('JQ', {
    open(url) {
      const fake: FakeSource = { url, readyState: 0, closed: false, onopen: null, onerror: null, listeners: new Map() };
      opened.push(fake);
      return {
        get readyState() {
          return fake.readyState;
        },
        set onopen(f: ((e: Event) => void) | null) {
          fake.onopen = f;
        },
        set onerror(f: ((e: Event) => void) | null) {
          fake.onerror = f;
        },
        addEventListener: (name: string, f: (e: MessageEvent) => void) => fake.listeners.set(name, f),
        close: () => {
          fake.closed = true;
          fake.readyState = 2;
        },
      } as unknown as EventSource;
    },
    setTimer(run, ms) {
      const timer = { run, ms, cleared: false };
      timers.push(timer);
      return timer;
    },
    clearTimer(t) {
      (t as { cleared: boolean }).cleared = true;
    },
  });
  const stop = source({ calls: (calls) => heard.push(...calls), status: (s) => statuses.push(s) });
  const last = () => opened[opened.length - 1]!;
  const send = (data: unknown) => last().listeners.get('call')?.({ data: JSON.stringify(data) } as MessageEvent);
  return { opened, timers, heard, statuses, stop, last, send };
}

const call = (seq: number, number = 'A001', hall = 'JQ') => ({ seq, hall, window: 12, number, recall: false, calledAt: '2026-12-01T01:00:00.000Z' });

describe("the hall screen's call stream", () => {
  it('opens the hall\'s stream and passes on each call that parses, for this hall only', () => {
    const r = rig();
    expect(r.last().url).toBe('/v1/queue/calls?hall=JQ');
    r.last().readyState = 1;
    r.last().onopen?.(new Event('open'));
    r.send(call(1));
    r.send(call(2, 'A002', 'XY'));
    r.send({ seq: 'three' });
    r.last().listeners.get('call')?.({ data: 'not json' } as MessageEvent);
    expect(r.heard.map((c) => c.seq)).toEqual([1]);
    expect(r.statuses).toEqual(['connecting', 'open']);
  });

  it('says the line is lost while the browser retries by itself, and opens none of its own', () => {
    const r = rig();
    r.last().onopen?.(new Event('open'));
    r.last().readyState = 0;
    r.last().onerror?.(new Event('error'));
    expect(r.statuses.at(-1)).toBe('lost');
    expect(r.opened).toHaveLength(1);
  });

  it('opens a new stream after the browser gave up, from the last call heard, waiting longer each time', () => {
    const r = rig();
    r.last().onopen?.(new Event('open'));
    r.send(call(7, 'A007'));
    for (const expected of [1_000, 2_000, 4_000]) {
      r.last().readyState = 2;
      r.last().onerror?.(new Event('error'));
      const retry = r.timers.filter((t) => !t.cleared).at(-1)!;
      expect(retry.ms).toBe(expected);
      retry.cleared = true;
      retry.run();
      expect(r.last().url).toBe('/v1/queue/calls?hall=JQ&lastEventId=7');
    }
    // Connected again: the next failure starts from the shortest wait.
    r.last().onopen?.(new Event('open'));
    r.last().readyState = 2;
    r.last().onerror?.(new Event('error'));
    expect(r.timers.filter((t) => !t.cleared).at(-1)!.ms).toBe(1_000);
  });

  it('stops for good when the screen closes', () => {
    const r = rig();
    r.stop();
    expect(r.last().closed).toBe(true);
    r.last().onerror?.(new Event('error'));
    expect(r.opened).toHaveLength(1);
  });
});
