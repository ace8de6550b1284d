import { describe, expect, it } from 'vitest';
import { OTHER_REFUSAL, QUEUE_REFUSAL_WORDS, QueuePressResponseSchema, refusalWords, WindowOutcomeSchema } from '../../../electron/contract/queue';
import { outcomeWords } from '../../../electron/core/queue/queue-module';

// A window reads a newer server's press answer leniently (review F6): a refusal word it does not
// know is a refusal, shown in the server's words if it gave any — not a malformed answer, which the
// window would take for the server unreachable and switch to local mode.

const TICKET = '0f8e4c1a-9b2d-4e6f-8a1c-3d5e7f9a1b2c';

describe("the window's read of a press answer", () => {
  it('reads a refusal word it does not know as a refusal, with the server\'s words', () => {
    const parsed = QueuePressResponseSchema.safeParse({ outcome: { kind: 'refused', window: 12, refusal: 'windowClosedForLunch', words: '该窗口午休中，不能转过去' } });
    expect(parsed.success).toBe(true);
    if (!parsed.success) return;
    expect(parsed.data.outcome).toEqual({ kind: 'refused', window: 12, refusal: OTHER_REFUSAL, words: '该窗口午休中，不能转过去' });
    expect(outcomeWords(parsed.data.outcome)).toBe('该窗口午休中，不能转过去');
  });

  it('says a refusal of its own words when the server gave none', () => {
    const parsed = QueuePressResponseSchema.parse({ outcome: { kind: 'refused', window: 12, refusal: 'someNewReason' } });
    expect(parsed.outcome).toEqual({ kind: 'refused', window: 12, refusal: OTHER_REFUSAL });
    expect(outcomeWords(parsed.outcome)).toBe(QUEUE_REFUSAL_WORDS.other);
    // Blank words are no words.
    const blank = QueuePressResponseSchema.parse({ outcome: { kind: 'refused', window: 12, refusal: 'someNewReason', words: '  ' } });
    expect(outcomeWords(blank.outcome)).toBe(QUEUE_REFUSAL_WORDS.other);
  });

  it('keeps a refusal it knows, in its own words, and ignores keys a newer server adds', () => {
    const parsed = QueuePressResponseSchema.parse({ outcome: { kind: 'refused', window: 12, refusal: 'unknownWindow', hint: 'x' }, serverVersion: '9.9' });
    expect(parsed).toEqual({ outcome: { kind: 'refused', window: 12, refusal: 'unknownWindow' } });
    expect(refusalWords(parsed.outcome.kind === 'refused' ? parsed.outcome : { refusal: 'queueEmpty' })).toBe(QUEUE_REFUSAL_WORDS.unknownWindow);
  });

  it('still refuses what is not a press answer at all', () => {
    expect(QueuePressResponseSchema.safeParse({ outcome: { kind: 'teleported', window: 12 } }).success).toBe(false);
    expect(QueuePressResponseSchema.safeParse({ outcome: { kind: 'refused', window: 0, refusal: 'queueEmpty' } }).success).toBe(false);
    expect(QueuePressResponseSchema.safeParse({ outcome: { kind: 'called', window: 12, ticketId: TICKET, number: 'A001', recall: false } }).success).toBe(false);
    expect(QueuePressResponseSchema.safeParse({}).success).toBe(false);
  });

  it('reads the other outcomes as strictly as before', () => {
    const called = { kind: 'called', window: 12, ticketId: TICKET, number: 'A001', recall: false, finished: null } as const;
    expect(QueuePressResponseSchema.parse({ outcome: called }).outcome).toEqual(WindowOutcomeSchema.parse(called));
  });
});
