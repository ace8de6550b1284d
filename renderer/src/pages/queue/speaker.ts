import { EMPTY_ANNOUNCEMENTS, hear, remember, takeNext, type Announcement, type AnnouncementQueue, type HeardCall } from './announcements';

// The voice of the hall display: speaks the announcement queue (announcements.ts) one sentence at
// a time through the browser's speech synthesis. The next sentence starts only after the
// engine said the last one ended (`end`) or failed (`error`) — never two at once, never cut
// short — and a timeout moves on when the engine says nothing at all (an engine that hangs,
// a voice that was unloaded), so one stuck utterance never silences the hall for the day.

/** The parts of SpeechSynthesisUtterance the speaker uses. */
export interface UtteranceLike {
  lang: string;
  rate: number;
  voice: SpeechSynthesisVoice | null;
  onend: ((ev: SpeechSynthesisEvent) => unknown) | null;
  onerror: ((ev: SpeechSynthesisErrorEvent) => unknown) | null;
}

/** The parts of window.speechSynthesis the speaker uses. */
export interface SynthesisLike {
  speak(utterance: UtteranceLike): void;
  cancel(): void;
  getVoices(): SpeechSynthesisVoice[];
}

export interface SpeakerDeps {
  synthesis: SynthesisLike;
  utterance(text: string): UtteranceLike;
  setTimer(run: () => void, ms: number): unknown;
  clearTimer(timer: unknown): void;
}

/** What the display shows of its voice. */
export interface SpeakerState {
  /** Being spoken now (the screen highlights it), or null. */
  speaking: Announcement | null;
  /** How many wait behind it. */
  waiting: number;
  /**
   * The browser refused to speak (`not-allowed`: Chromium speaks only after the page was
   * clicked once, unless the kiosk was started with an autoplay policy that allows it): the
   * screen asks for one click; nothing is lost meanwhile.
   */
  blocked: boolean;
  /** The engine has no Chinese voice: sentences are still given to it, in its default voice. */
  noChineseVoice: boolean;
}

/**
 * How long one sentence may take before the speaker gives up on the engine's answer: a base for
 * the engine to start plus time per character (a 15-character sentence at rate 0.9 takes about
 * 4 s; this allows more than twice that).
 */
export function speechTimeoutMs(text: string): number {
  return 5_000 + 500 * [...text].length;
}

/** The speaking rate: a little slower than normal, for a large hall with echo. */
const RATE = 0.9;

/** The voice for zh-CN: a local one first (it answers at once), else any Chinese (Mandarin) one. */
export function chooseChineseVoice(voices: readonly SpeechSynthesisVoice[]): SpeechSynthesisVoice | null {
  const norm = (lang: string) => lang.replace('_', '-').toLowerCase();
  const mainland = voices.filter((v) => norm(v.lang) === 'zh-cn' || norm(v.lang) === 'cmn-cn' || norm(v.lang) === 'cmn-hans-cn');
  const chinese = mainland.length > 0 ? mainland : voices.filter((v) => /^(zh|cmn)(-|$)/.test(norm(v.lang)) && !/-(hk|yue)/.test(norm(v.lang)));
  return chinese.find((v) => v.localService) ?? chinese[0] ?? null;
}

export interface Speaker {
  /** Queue calls heard from the source (one or a batch); each seq is spoken once. */
  hear(calls: readonly HeardCall[]): void;
  /** Note calls as heard without speaking them (those on the board before the display started). */
  remember(calls: readonly HeardCall[]): void;
  /** After a click on the page: speaking is allowed now, go on with what waits. */
  unblock(): void;
  state(): SpeakerState;
  onChange(listener: (state: SpeakerState) => void): () => void;
  /** Stop speaking and forget the queue (the page is closing). */
  close(): void;
}

export function createSpeaker(deps: SpeakerDeps): Speaker {
  let queue: AnnouncementQueue = EMPTY_ANNOUNCEMENTS;
  let speaking: Announcement | null = null;
  let blocked = false;
  let noChineseVoice = false;
  let closed = false;
  // Each utterance's answer is taken only while it is the current one: cancel() after a timeout
  // makes the old utterance report `error` (interrupted), which must not end the next sentence.
  let current = 0;
  let timer: unknown = null;
  const listeners = new Set<(state: SpeakerState) => void>();

  const snapshot = (): SpeakerState => ({ speaking, waiting: queue.pending.length, blocked, noChineseVoice });
  const changed = () => {
    const state = snapshot();
    for (const l of listeners) l(state);
  };

  const finish = (token: number) => {
    if (token !== current || closed) return;
    current++;
    if (timer !== null) deps.clearTimer(timer);
    timer = null;
    speaking = null;
    next();
  };

  const next = () => {
    if (closed || speaking !== null || blocked) return changed();
    const taken = takeNext(queue);
    if (taken === null) return changed();
    queue = taken.rest;
    const announcement = taken.next;
    speaking = announcement;
    const token = ++current;
    const utterance = deps.utterance(announcement.spoken);
    utterance.lang = 'zh-CN';
    utterance.rate = RATE;
    const voice = chooseChineseVoice(deps.synthesis.getVoices());
    noChineseVoice = voice === null;
    utterance.voice = voice;
    utterance.onend = () => finish(token);
    utterance.onerror = (ev) => {
      if (token !== current || closed) return;
      if (ev.error === 'not-allowed') {
        // Not spoken: it goes back in front and waits for the click that allows speech.
        current++;
        if (timer !== null) deps.clearTimer(timer);
        timer = null;
        speaking = null;
        blocked = true;
        queue = { pending: [announcement, ...queue.pending], heard: queue.heard };
        return changed();
      }
      // Any other failure (no voice, engine busy, audio device gone): said is said, go on.
      finish(token);
    };
    timer = deps.setTimer(() => {
      if (token !== current) return;
      deps.synthesis.cancel();
      finish(token);
    }, speechTimeoutMs(announcement.spoken));
    changed();
    deps.synthesis.speak(utterance);
  };

  return {
    hear(calls) {
      if (closed) return;
      queue = hear(queue, calls);
      next();
    },
    remember(calls) {
      queue = remember(queue, calls);
    },
    unblock() {
      if (!blocked) return;
      blocked = false;
      next();
    },
    state: snapshot,
    onChange(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    close() {
      closed = true;
      current++;
      if (timer !== null) deps.clearTimer(timer);
      timer = null;
      listeners.clear();
      deps.synthesis.cancel();
    },
  };
}

/** The speaker over this browser's speech synthesis, or null where there is none. */
export function browserSpeaker(): Speaker | null {
  if (typeof window === 'undefined' || !('speechSynthesis' in window)) return null;
  const synthesis = window.speechSynthesis;
  return createSpeaker({
    synthesis: {
      speak: (u) => synthesis.speak(u as SpeechSynthesisUtterance), // made by `utterance` below
      cancel: () => synthesis.cancel(),
      getVoices: () => synthesis.getVoices(),
    },
    utterance: (text) => new SpeechSynthesisUtterance(text),
    setTimer: (run, ms) => window.setTimeout(run, ms),
    clearTimer: (t) => window.clearTimeout(t as number),
  });
}
