import { QUEUE_REFUSAL_WORDS, type QueuePanel, type QueuePressResult, type WindowAction } from '../../../../electron/contract';
import type { QueueKeyAction } from './queue-keys';

// What the window's calling panel offers, from the panel the core sent: a button the press
// would only be refused for is disabled, with the refusal's own words as its reason, so the
// clerk learns why before pressing (the core still decides: a stale panel's press is refused
// with the same words).

/** Why an action cannot be taken now (the refusal's words), or null when it can. */
export function whyNot(panel: QueuePanel, action: QueueKeyAction): string | null {
  const paused = panel.paused !== null;
  switch (action) {
    case 'callNext':
      if (paused) return '窗口已暂停，请先恢复';
      return panel.waiting.some((l) => panel.serves.includes(l.letter) && l.count > 0) ? null : QUEUE_REFUSAL_WORDS.queueEmpty;
    case 'recall':
      return panel.current !== null || panel.skipped.length > 0 ? null : QUEUE_REFUSAL_WORDS.nothingToRecall;
    case 'skip':
      return panel.current?.state === 'called' ? null : QUEUE_REFUSAL_WORDS.nothingCalled;
    case 'choose':
      if (paused) return '窗口已暂停，请先恢复';
      return panel.skipped.length > 0 || panel.waiting.some((l) => l.count > 0) ? null : QUEUE_REFUSAL_WORDS.queueEmpty;
    case 'pauseToggle':
      return null;
    case 'transfer':
      return panel.current !== null ? null : QUEUE_REFUSAL_WORDS.nothingCalled;
  }
}

/** The action a direct key press sends (those that need a choice first open a dialog instead). */
export function directAction(panel: QueuePanel, action: QueueKeyAction): WindowAction | null {
  switch (action) {
    case 'callNext':
      return { kind: 'callNext' };
    case 'recall':
      return { kind: 'recall' };
    case 'skip':
      return { kind: 'skip' };
    case 'pauseToggle':
      // Pausing asks for a reason (a dialog); resuming does not.
      return panel.paused !== null ? { kind: 'resume' } : null;
    case 'choose':
    case 'transfer':
      return null;
  }
}

/** The sentence beside the panel after a press, and whether it was refused. */
export function pressNote(result: Pick<QueuePressResult, 'outcome' | 'words'>): { words: string; refused: boolean } {
  if (result.outcome.kind === 'refused') {
    return { words: result.words || QUEUE_REFUSAL_WORDS[result.outcome.refusal], refused: true };
  }
  return { words: result.words, refused: false };
}
