import { useEffect, useMemo, useRef } from 'react';
import type { CounterClient } from '../../../../electron/contract';
import { toCoreDraft, type IntakeDraft } from './intake-draft';

/** Quiet time after the last change before the core is told: one save per pause in typing, not per key. */
export const CORE_DRAFT_DEBOUNCE_MS = 500;

export interface CoreDraftSync {
  /**
   * After every change of the form: the core gets it `CORE_DRAFT_DEBOUNCE_MS` after the last
   * one. `dirty` false (everything typed was cleared again): the core's copy is removed instead.
   */
  changed(draft: IntakeDraft, dirty: boolean): void;
  /** Sends at once whatever is waiting (a field left, the window hidden, the page left). */
  flush(): void;
  /** Forgets whatever is waiting: the form is being submitted (the accept ends the core's copy). */
  cancel(): void;
  /** The clerk threw the form away: nothing waiting is sent, and the core's copy is removed. */
  discard(): void;
  /** Until called, nothing is sent: the core's copy must be read before anything replaces it. */
  start(): void;
}

type Pending = { kind: 'save'; draft: IntakeDraft } | { kind: 'discard' };

/**
 * Keeps the core's copy of the intake draft up to date (see intake-draft.ts). Calls go one
 * after another, so a discard can never be overtaken by an older save. A failed save (core
 * restarting, window paused) is not retried on its own: the next change, blur or hide sends
 * the newest form again, and the page's sessionStorage copy holds it meanwhile. Nothing here
 * logs the draft: it holds ID numbers.
 */
export function useCoreDraft(client: CounterClient): CoreDraftSync {
  const pending = useRef<Pending | null>(null);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const chain = useRef<Promise<void>>(Promise.resolve());
  const started = useRef(false);

  const sync = useMemo<CoreDraftSync>(() => {
    const stopTimer = () => {
      if (timer.current !== null) clearTimeout(timer.current);
      timer.current = null;
    };
    const send = () => {
      stopTimer();
      const what = pending.current;
      if (!what || !started.current) return;
      pending.current = null;
      chain.current = chain.current.then(async () => {
        try {
          if (what.kind === 'save') await client.call('drafts.save', { draft: toCoreDraft(what.draft) });
          else await client.call('drafts.discard', {});
        } catch {
          // Kept for the next trigger unless something newer is already waiting.
          pending.current ??= what;
        }
      });
    };
    return {
      changed(draft, dirty) {
        pending.current = dirty ? { kind: 'save', draft } : { kind: 'discard' };
        stopTimer();
        timer.current = setTimeout(send, CORE_DRAFT_DEBOUNCE_MS);
      },
      flush: send,
      cancel() {
        stopTimer();
        pending.current = null;
      },
      discard() {
        pending.current = { kind: 'discard' };
        send();
      },
      start() {
        started.current = true;
        if (pending.current) {
          stopTimer();
          timer.current = setTimeout(send, CORE_DRAFT_DEBOUNCE_MS);
        }
      },
    };
  }, [client]);

  useEffect(() => {
    const onHidden = () => {
      if (document.visibilityState === 'hidden') sync.flush();
    };
    const onPageHide = () => sync.flush();
    document.addEventListener('visibilitychange', onHidden);
    window.addEventListener('pagehide', onPageHide);
    return () => {
      document.removeEventListener('visibilitychange', onHidden);
      window.removeEventListener('pagehide', onPageHide);
      // Leaving the page (another page, signing out): what is waiting goes now.
      sync.flush();
    };
  }, [sync]);

  return sync;
}
