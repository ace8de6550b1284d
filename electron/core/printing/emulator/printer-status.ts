/**
 * The state a virtual printer is in, as its front panel and sensors would tell: paper (ok, near
 * end, out), cover, online switch, and — for tests of the things that go wrong on a line —
 * whether it is plugged in, whether it answers status requests at all and how late.
 */
export interface VirtualPrinterState {
  paper: 'ok' | 'near' | 'out';
  coverOpen: boolean;
  /** The printer's own online/offline (an error or the panel's switch); cover and paper out also take it offline. */
  online: boolean;
  /** false after `unplug`: the line is closed (serial) or refuses connections (TCP). */
  plugged: boolean;
  /** false after `mute`: bytes are taken but `DLE EOT` goes unanswered. */
  answering: boolean;
  /** Answers go out this late (ms): a late answer is what makes a stale status byte. */
  replyDelayMs: number;
}

export const INITIAL_STATE: VirtualPrinterState = { paper: 'ok', coverOpen: false, online: true, plugged: true, answering: true, replyDelayMs: 0 };

/** Whether the printer prints what it receives now (else it holds it until it can, as a real one does with its buffer). */
export function canPrint(state: VirtualPrinterState): boolean {
  return state.online && !state.coverOpen && state.paper !== 'out';
}

/**
 * The printer's answer byte to `DLE EOT n` (Epson ESC/POS reference, "Transmit real-time
 * status"): every answer has bits 1 and 4 set and bits 0 and 7 clear, which is how a reader tells
 * a status byte from noise.
 * - n 1 printer status: bit 3 offline;
 * - n 2 offline cause: bit 2 cover open, bit 5 printing stopped by paper end, bit 6 error;
 * - n 3 error cause: no error is emulated;
 * - n 4 roll paper sensor: bits 2–3 near end, bits 5–6 paper end (a roll at its end is also near it).
 * Null for requests a receipt printer of this kind does not answer (n 7, 8 …).
 */
export function realTimeStatus(n: number, state: VirtualPrinterState): number | null {
  const base = 0x12;
  switch (n) {
    case 1:
      return base | (canPrint(state) ? 0 : 0x08);
    case 2:
      return base | (state.coverOpen ? 0x04 : 0) | (state.paper === 'out' ? 0x20 : 0) | (!state.online ? 0x40 : 0);
    case 3:
      return base;
    case 4:
      return base | (state.paper !== 'ok' ? 0x0c : 0) | (state.paper === 'out' ? 0x60 : 0);
    default:
      return null;
  }
}

/** The answer to `GS r 1` (transmit paper sensor status): bits 0–1 near end, bits 2–3 paper end. */
export function transmittedStatus(n: number, state: VirtualPrinterState): number | null {
  if (n !== 1 && n !== 49) return n === 2 || n === 50 ? 0x00 : null;
  return (state.paper !== 'ok' ? 0x03 : 0) | (state.paper === 'out' ? 0x0c : 0);
}

/** What the stdin and `set` commands can say. */
export const VIRTUAL_PRINTER_COMMANDS = [
  'paper out',
  'paper near',
  'paper back',
  'cover open',
  'cover close',
  'offline',
  'online',
  'unplug',
  'plug',
  'mute',
  'unmute',
] as const;
export type VirtualPrinterCommand = (typeof VIRTUAL_PRINTER_COMMANDS)[number] | `delay ${number}`;

/** Reads one typed command (spaces and case forgiven); null when it is none of them. */
export function parseCommand(text: string): VirtualPrinterCommand | null {
  const t = text.trim().toLowerCase().replace(/\s+/g, ' ');
  if ((VIRTUAL_PRINTER_COMMANDS as readonly string[]).includes(t)) return t as VirtualPrinterCommand;
  const delay = /^delay (\d{1,6})$/.exec(t);
  if (delay) return `delay ${Number(delay[1])}`;
  return null;
}

/** The state after a command (`unplug` / `plug` only flip `plugged`: the caller closes and opens the line). */
export function applyCommand(state: VirtualPrinterState, command: VirtualPrinterCommand): VirtualPrinterState {
  switch (command) {
    case 'paper out':
      return { ...state, paper: 'out' };
    case 'paper near':
      return { ...state, paper: 'near' };
    case 'paper back':
      return { ...state, paper: 'ok' };
    case 'cover open':
      return { ...state, coverOpen: true };
    case 'cover close':
      return { ...state, coverOpen: false };
    case 'offline':
      return { ...state, online: false };
    case 'online':
      return { ...state, online: true };
    case 'unplug':
      return { ...state, plugged: false };
    case 'plug':
      return { ...state, plugged: true };
    case 'mute':
      return { ...state, answering: false };
    case 'unmute':
      return { ...state, answering: true };
    default:
      return { ...state, replyDelayMs: Number(command.slice('delay '.length)) };
  }
}

/** The state in words, for the emulator's console: `纸张正常，上盖关闭，联机`. */
export function describeState(state: VirtualPrinterState): string {
  const paper = { ok: '纸张正常', near: '纸将尽', out: '缺纸' }[state.paper];
  const parts = [paper, state.coverOpen ? '上盖打开' : '上盖关闭', state.online ? '联机' : '脱机'];
  if (!state.plugged) parts.push('已拔出');
  if (!state.answering) parts.push('不应答状态查询');
  if (state.replyDelayMs > 0) parts.push(`应答延迟 ${state.replyDelayMs} 毫秒`);
  return parts.join('，');
}
