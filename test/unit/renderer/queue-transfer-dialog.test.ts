import { describe, expect, it } from 'vitest';
import { OTHER_REFUSAL, QUEUE_REFUSAL_WORDS } from '../../../electron/contract';
import { PRESS_BUSY_WORDS, transferDialogWords } from '../../../renderer/src/pages/queue/panel-actions';
import { TRANSFER_TARGET_REFUSALS } from '../../../renderer/src/pages/queue/queue-dialogs';

// The 转移 dialog's fate after Enter (review F5): it closes only when the press was made and did
// not refuse the target; confirmed while an earlier press is still on its way (F3 then F10 3 Enter
// quickly), the press is not sent and the dialog says so and stays open — never closes as if done.

const TICKET = '0f8e4c1a-9b2d-4e6f-8a1c-3d5e7f9a1b2c';

describe('the 转移 dialog after its press', () => {
  it('stays open saying the earlier press is still on its way when the press was not sent', () => {
    expect(transferDialogWords('busy', TRANSFER_TARGET_REFUSALS)).toBe(PRESS_BUSY_WORDS);
    expect(PRESS_BUSY_WORDS).toBe('上一个操作尚未完成，请稍候再按');
  });

  it('closes once transferred', () => {
    expect(transferDialogWords({ outcome: { kind: 'transferred', window: 12, ticketId: TICKET, to: { window: 3 } }, words: '已转移到 3 号窗口' }, TRANSFER_TARGET_REFUSALS)).toBeNull();
  });

  it("stays open with a refusal about the target, or one this window does not know in the server's words", () => {
    expect(transferDialogWords({ outcome: { kind: 'refused', window: 12, refusal: 'unknownWindow' }, words: QUEUE_REFUSAL_WORDS.unknownWindow }, TRANSFER_TARGET_REFUSALS)).toBe(QUEUE_REFUSAL_WORDS.unknownWindow);
    expect(transferDialogWords({ outcome: { kind: 'refused', window: 12, refusal: OTHER_REFUSAL, words: '该窗口午休中' }, words: '该窗口午休中' }, TRANSFER_TARGET_REFUSALS)).toBe('该窗口午休中');
  });

  it('closes on a refusal not about the target (said beside the panel) and on a failed press', () => {
    expect(transferDialogWords({ outcome: { kind: 'refused', window: 12, refusal: 'nothingCalled' }, words: QUEUE_REFUSAL_WORDS.nothingCalled }, TRANSFER_TARGET_REFUSALS)).toBeNull();
    expect(transferDialogWords(null, TRANSFER_TARGET_REFUSALS)).toBeNull();
  });
});
