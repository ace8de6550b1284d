import { describe, expect, it } from 'vitest';
import {
  callSentence,
  chineseNumeral,
  EMPTY_ANNOUNCEMENTS,
  hear,
  lastHeardSeq,
  remember,
  spokenSentence,
  takeNext,
  type AnnouncementQueue,
  type HeardCall,
} from '../../../renderer/src/pages/queue/announcements';

function call(seq: number, number: string, window: number, recall = false): HeardCall {
  return { seq, number, window, recall };
}

/** Everything the queue would speak, in order, draining it. */
function drain(queue: AnnouncementQueue): string[] {
  const out: string[] = [];
  let q = queue;
  for (let taken = takeNext(q); taken !== null; taken = takeNext(q)) {
    out.push(taken.next.text);
    q = taken.rest;
  }
  return out;
}

describe('the sentence the hall hears', () => {
  it('reads 请 A012 号到 12 号窗口办理 on screen, and 再次呼叫 before a recall', () => {
    expect(callSentence({ number: 'A012', window: 12, recall: false })).toBe('请 A012 号到 12 号窗口办理');
    expect(callSentence({ number: 'A012', window: 12, recall: true })).toBe('再次呼叫，请 A012 号到 12 号窗口办理');
  });

  it('gives the speech engine the ticket digit by digit and the window as a number', () => {
    expect(spokenSentence({ number: 'A012', window: 12, recall: false })).toBe('请A零一二号到十二号窗口办理');
    expect(spokenSentence({ number: 'B1005', window: 3, recall: true })).toBe('再次呼叫，请B一零零五号到三号窗口办理');
  });

  it('says window numbers as a hall does', () => {
    expect([1, 10, 11, 20, 101, 110, 999, 1005].map(chineseNumeral)).toEqual(['一', '十', '十一', '二十', '一百零一', '一百一十', '九百九十九', '一千零五']);
  });
});

describe('the announcement queue', () => {
  it('speaks every call of a batch that arrived together, in seq order, none skipped', () => {
    const q = hear(EMPTY_ANNOUNCEMENTS, [call(3, 'A003', 2), call(1, 'A001', 12), call(2, 'B001', 5)]);
    expect(drain(q)).toEqual(['请 A001 号到 12 号窗口办理', '请 B001 号到 5 号窗口办理', '请 A003 号到 2 号窗口办理']);
  });

  it('speaks a recall again after the first call of the same ticket', () => {
    let q = hear(EMPTY_ANNOUNCEMENTS, [call(1, 'A012', 12)]);
    const first = takeNext(q);
    q = first!.rest;
    q = hear(q, [call(2, 'A012', 12, true)]);
    expect([first!.next.text, ...drain(q)]).toEqual(['请 A012 号到 12 号窗口办理', '再次呼叫，请 A012 号到 12 号窗口办理']);
  });

  it('never speaks the same seq twice when a reconnect replays calls already spoken', () => {
    let q = hear(EMPTY_ANNOUNCEMENTS, [call(1, 'A001', 1), call(2, 'A002', 2)]);
    const spoken = drain(q);
    q = { pending: [], heard: q.heard };
    // The source reconnected and sent 2 again (the last one it was sure of), then the new 3.
    q = hear(q, [call(2, 'A002', 2), call(3, 'A003', 3)]);
    expect([...spoken, ...drain(q)]).toEqual(['请 A001 号到 1 号窗口办理', '请 A002 号到 2 号窗口办理', '请 A003 号到 3 号窗口办理']);
  });

  it('keeps a late call that was never heard in its place among those still waiting', () => {
    let q = hear(EMPTY_ANNOUNCEMENTS, [call(5, 'A005', 1), call(7, 'A007', 1)]);
    q = hear(q, [call(6, 'A006', 2)]);
    expect(drain(q)).toEqual(['请 A005 号到 1 号窗口办理', '请 A006 号到 2 号窗口办理', '请 A007 号到 1 号窗口办理']);
  });

  it('tells the last seq heard, for resuming the source after it', () => {
    expect(lastHeardSeq(EMPTY_ANNOUNCEMENTS)).toBeNull();
    expect(lastHeardSeq(hear(EMPTY_ANNOUNCEMENTS, [call(9, 'A009', 1), call(4, 'A004', 1)]))).toBe(9);
  });

  it('still refuses a replayed call after a long day of calls', () => {
    let q = EMPTY_ANNOUNCEMENTS;
    for (let seq = 1; seq <= 2_500; seq++) q = { pending: [], heard: hear(q, [call(seq, 'A001', 1)]).heard };
    expect(hear(q, [call(10, 'A010', 1), call(2_400, 'A400', 1)]).pending).toEqual([]);
    expect(hear(q, [call(2_501, 'A501', 1)]).pending.map((a) => a.seq)).toEqual([2_501]);
  });
});

describe('a display that starts while the hall is already calling', () => {
  it('does not speak the calls it found on the board, nor their replay, but speaks what comes after', () => {
    let q = remember(EMPTY_ANNOUNCEMENTS, [call(40, 'A040', 1), call(41, 'A041', 2)]);
    expect(q.pending).toEqual([]);
    q = hear(q, [call(41, 'A041', 2), call(42, 'A042', 3)]);
    expect(drain(q)).toEqual(['请 A042 号到 3 号窗口办理']);
  });
});
