import { describe, expect, it } from 'vitest';
import { INITIAL_STATE, applyCommand, canPrint, describeState, parseCommand, realTimeStatus, transmittedStatus, type VirtualPrinterState } from '../../../../../electron/core/printing/emulator/printer-status';

const state = (over: Partial<VirtualPrinterState>): VirtualPrinterState => ({ ...INITIAL_STATE, ...over });
const answers = (s: VirtualPrinterState) => [1, 2, 3, 4].map((n) => realTimeStatus(n, s));

describe('DLE EOT answers (Epson real-time status)', () => {
  it('a ready printer answers 0x12 to each request (bits 1 and 4 fixed)', () => {
    expect(answers(INITIAL_STATE)).toEqual([0x12, 0x12, 0x12, 0x12]);
  });

  it('paper near end: only the roll sensor says so, and it still prints', () => {
    expect(answers(state({ paper: 'near' }))).toEqual([0x12, 0x12, 0x12, 0x1e]);
    expect(canPrint(state({ paper: 'near' }))).toBe(true);
  });

  it('paper out: offline, stopped by paper end, both roll sensor bits', () => {
    expect(answers(state({ paper: 'out' }))).toEqual([0x1a, 0x32, 0x12, 0x7e]);
    expect(canPrint(state({ paper: 'out' }))).toBe(false);
  });

  it('cover open and the offline switch take it offline with their own cause bits', () => {
    expect(answers(state({ coverOpen: true }))).toEqual([0x1a, 0x16, 0x12, 0x12]);
    expect(answers(state({ online: false }))).toEqual([0x1a, 0x52, 0x12, 0x12]);
  });

  it('every answer has the fixed bits a reader checks (1 and 4 set, 0 and 7 clear)', () => {
    for (const paper of ['ok', 'near', 'out'] as const) {
      for (const coverOpen of [false, true]) {
        for (const online of [false, true]) {
          for (const byte of answers(state({ paper, coverOpen, online }))) expect((byte ?? 0) & 0x93).toBe(0x12);
        }
      }
    }
  });

  it('does not answer requests it does not know; GS r 1 reports the paper sensors', () => {
    expect(realTimeStatus(7, INITIAL_STATE)).toBeNull();
    expect([transmittedStatus(1, INITIAL_STATE), transmittedStatus(1, state({ paper: 'near' })), transmittedStatus(1, state({ paper: 'out' }))]).toEqual([0, 0x03, 0x0f]);
  });
});

describe('commands', () => {
  it('reads the typed commands, forgiving case and spaces, and refuses others', () => {
    expect(parseCommand('  Paper   OUT ')).toBe('paper out');
    expect(parseCommand('delay 800')).toBe('delay 800');
    expect(parseCommand('paper gone')).toBeNull();
    expect(parseCommand('delay soon')).toBeNull();
  });

  it('each command changes only its part of the state', () => {
    let s = INITIAL_STATE;
    s = applyCommand(s, 'paper out');
    s = applyCommand(s, 'cover open');
    s = applyCommand(s, 'mute');
    s = applyCommand(s, 'delay 250');
    expect(s).toEqual({ paper: 'out', coverOpen: true, online: true, plugged: true, answering: false, replyDelayMs: 250 });
    s = applyCommand(applyCommand(applyCommand(s, 'paper back'), 'cover close'), 'unplug');
    expect(s).toMatchObject({ paper: 'ok', coverOpen: false, plugged: false });
    expect(describeState(s)).toBe('纸张正常，上盖关闭，联机，已拔出，不应答状态查询，应答延迟 250 毫秒');
  });
});
