import { describe, expect, it } from 'vitest';
import type { HeardCall } from '../../../renderer/src/pages/queue/announcements';
import { chooseChineseVoice, createSpeaker, speechTimeoutMs, type UtteranceLike } from '../../../renderer/src/pages/queue/speaker';

// A speech engine that speaks nothing by itself: the test says when an utterance ends or fails,
// and runs the speaker's timers by hand. The speaker is judged by what it gives the engine.
function rig(voices: Array<Partial<SpeechSynthesisVoice>> = [{ lang: 'zh-CN', name: '普通话', localService: true }]) {
  const given: Array<UtteranceLike & { text: string }> = [];
  const timers = new Map<number, () => void>();
  let nextTimer = 1;
  let cancels = 0;
  const speaker = createSpeaker({
    synthesis: {
      speak: (u) => given.push(u as UtteranceLike & { text: string }),
      cancel: () => {
        cancels++;
        // A real engine reports the cancelled utterance as interrupted.
        given[given.length - 1]?.onerror?.({ error: 'interrupted' } as SpeechSynthesisErrorEvent);
      },
      getVoices: () => voices as SpeechSynthesisVoice[],
    },
    utterance: (text) => ({ text, lang: '', rate: 1, voice: null, onend: null, onerror: null }),
    setTimer: (run) => {
      timers.set(nextTimer, run);
      return nextTimer++;
    },
    clearTimer: (t) => timers.delete(t as number),
  });
  return {
    speaker,
    texts: () => given.map((u) => u.text),
    last: () => given[given.length - 1]!,
    end: () => given[given.length - 1]!.onend?.({} as SpeechSynthesisEvent),
    fail: (error: string) => given[given.length - 1]!.onerror?.({ error } as SpeechSynthesisErrorEvent),
    runTimers: () => {
      const pending = [...timers.values()];
      timers.clear();
      for (const run of pending) run();
    },
    cancels: () => cancels,
  };
}

const call = (seq: number, number: string, window: number, recall = false): HeardCall => ({ seq, number, window, recall });

describe('the hall display speaker', () => {
  it('speaks one sentence at a time and the next only after the engine says the last one ended', () => {
    const r = rig();
    r.speaker.hear([call(1, 'A001', 12), call(2, 'A002', 3)]);
    expect(r.texts()).toEqual(['请A零零一号到十二号窗口办理']);
    expect(r.speaker.state().waiting).toBe(1);
    r.end();
    expect(r.texts()).toEqual(['请A零零一号到十二号窗口办理', '请A零零二号到三号窗口办理']);
    r.end();
    expect(r.speaker.state().speaking).toBeNull();
  });

  it('moves on after an engine error, and after a timeout when the engine never answers', () => {
    const r = rig();
    r.speaker.hear([call(1, 'A001', 1), call(2, 'A002', 2), call(3, 'A003', 3)]);
    r.fail('synthesis-failed');
    expect(r.texts()).toHaveLength(2);
    // The engine hangs on A002: the timer cancels it and A003 is spoken.
    r.runTimers();
    expect(r.cancels()).toBe(1);
    expect(r.texts()).toEqual(['请A零零一号到一号窗口办理', '请A零零二号到二号窗口办理', '请A零零三号到三号窗口办理']);
    // The interrupted report of the cancelled A002 did not end A003.
    expect(r.speaker.state().speaking?.seq).toBe(3);
  });

  it('keeps a sentence the browser refused to speak until the page is clicked, losing none', () => {
    const r = rig();
    r.speaker.hear([call(1, 'A001', 1)]);
    r.fail('not-allowed');
    r.speaker.hear([call(2, 'A002', 2)]);
    expect(r.speaker.state()).toMatchObject({ blocked: true, speaking: null, waiting: 2 });
    expect(r.texts()).toHaveLength(1);
    r.speaker.unblock();
    r.end();
    expect(r.texts()).toEqual(['请A零零一号到一号窗口办理', '请A零零一号到一号窗口办理', '请A零零二号到二号窗口办理']);
  });

  it('speaks a call replayed after a reconnect only once', () => {
    const r = rig();
    r.speaker.hear([call(1, 'A001', 1)]);
    r.end();
    r.speaker.hear([call(1, 'A001', 1), call(2, 'A001', 1, true)]);
    r.end();
    expect(r.texts()).toEqual(['请A零零一号到一号窗口办理', '再次呼叫，请A零零一号到一号窗口办理']);
  });

  it('asks for a Chinese voice, and says so when the engine has none', () => {
    const r = rig([
      { lang: 'en-US', name: 'English', localService: true },
      { lang: 'zh-TW', name: '國語', localService: true },
      { lang: 'zh_CN', name: '普通话', localService: false },
    ]);
    r.speaker.hear([call(1, 'A001', 1)]);
    expect(r.last()).toMatchObject({ lang: 'zh-CN', voice: { name: '普通话' } });
    expect(r.speaker.state().noChineseVoice).toBe(false);
    const bare = rig([{ lang: 'en-US', name: 'English', localService: true }]);
    bare.speaker.hear([call(1, 'A001', 1)]);
    expect(bare.speaker.state().noChineseVoice).toBe(true);
    expect(chooseChineseVoice([{ lang: 'zh-HK', name: '粵語', localService: true } as SpeechSynthesisVoice])).toBeNull();
  });

  it('waits longer for a longer sentence', () => {
    expect(speechTimeoutMs('再次呼叫，请A零一二号到十二号窗口办理')).toBeGreaterThan(speechTimeoutMs('请A零一二号到十二号窗口办理'));
  });
});
