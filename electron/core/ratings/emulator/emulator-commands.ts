import type { DeviceFault } from '../../../contract/ratings';
import { BUS_KEY } from '../protocol/legacy-bus-frame';

/**
 * The emulator's commands (stdin of `npm run emulate:rating`, and the virtual device's control
 * channel in tests). `coin` names a slot by its 1-based number as printed on the device, or by
 * its level (非常满意 / very_satisfied …), resolved against the device's slots by the emulator.
 */
export type EmulatorCommand =
  | { name: 'coin'; target: string }
  | { name: 'fault'; fault: DeviceFault }
  | { name: 'clear' }
  | { name: 'unplug'; newLink: string | null }
  | { name: 'plug'; newLink: string | null }
  | { name: 'garbage'; count: number }
  | { name: 'mute' }
  | { name: 'unmute' }
  | { name: 'drop'; rate: number }
  | { name: 'key'; code: number; digit: number | null }
  | { name: 'status' }
  | { name: 'help' }
  | { name: 'quit' };

const FAULT_COMMANDS: { readonly [word: string]: DeviceFault } = { jam: 'coin_jam', full: 'box_full', cover: 'cover_opened', sensor: 'sensor_fault' };
const KEY_COMMANDS: { readonly [word: string]: number } = {
  next: BUS_KEY.CALL_NEXT,
  recall: BUS_KEY.RECALL,
  rate: BUS_KEY.ASK_RATING,
  pause: BUS_KEY.PAUSE,
  transfer: BUS_KEY.TRANSFER,
};

/** The help text (`help`). */
export const EMULATOR_HELP = `命令（每行一条）：
  coin N        投币到第 N 个投币口（从 1 数，与机身印的一致），或写等级：coin 非常满意 / coin very_satisfied
  jam           投币口卡币（故障，v1 报 FAULT 事件）
  full          币箱已满
  cover         机盖被打开
  sensor        传感器故障
  clear         排除全部故障
  unplug        拔出（应用一侧的串口消失；--pty 时删除虚拟串口对）
  plug          插回（可写新路径：plug /tmp/新链接，模拟换了 USB 口）
  garbage [N]   向主机发送 N 个随机干扰字节（默认 16）
  mute          不再应答（v1 不响应请求；旧总线不再推送）
  unmute        恢复应答
  drop P        以概率 P（0–1）随机丢弃应答（动作照做，应答丢失）
  key K         旧总线呼叫器按键：next 呼叫下一位、recall 重呼、rate 请求评价、pause 暂停、transfer 转移，或数字 0–9（选择）
  status        显示状态
  help          显示本帮助
  quit          退出`;

/**
 * Parses one command line. @returns the command, or an Error whose message (Chinese) says what is
 * wrong; null for an empty line.
 */
export function parseEmulatorCommand(line: string): EmulatorCommand | Error | null {
  const words = line.trim().split(/\s+/).filter(Boolean);
  const [head, arg, ...rest] = words;
  if (head === undefined) return null;
  const name = head.toLowerCase();
  const noArg = (command: EmulatorCommand): EmulatorCommand | Error => (arg === undefined ? command : new Error(`“${name}”不带参数`));
  if (rest.length > 0) return new Error(`参数太多：“${line.trim()}”`);
  const fault = FAULT_COMMANDS[name];
  if (fault) return noArg({ name: 'fault', fault });
  switch (name) {
    case 'coin':
      return arg === undefined ? new Error('请写投币口：coin 1 … coin 5，或等级名') : { name: 'coin', target: arg };
    case 'clear':
    case 'mute':
    case 'unmute':
    case 'status':
    case 'help':
    case 'quit':
      return noArg({ name });
    case 'unplug':
      return { name: 'unplug', newLink: arg ?? null };
    case 'plug':
      return { name: 'plug', newLink: arg ?? null };
    case 'garbage': {
      const count = arg === undefined ? 16 : Number(arg);
      return Number.isInteger(count) && count >= 1 && count <= 4096 ? { name: 'garbage', count } : new Error(`garbage 的字节数应为 1–4096 的整数，而不是“${arg}”`);
    }
    case 'drop': {
      const rate = Number(arg);
      return arg !== undefined && Number.isFinite(rate) && rate >= 0 && rate <= 1 ? { name: 'drop', rate } : new Error(`drop 的概率应为 0–1 之间的数，而不是“${arg ?? ''}”`);
    }
    case 'key': {
      if (arg === undefined) return new Error('请写按键：next、recall、rate、pause、transfer 或数字 0–9');
      const code = KEY_COMMANDS[arg.toLowerCase()];
      if (code !== undefined) return { name: 'key', code, digit: null };
      if (/^[0-9]$/.test(arg)) return { name: 'key', code: BUS_KEY.SELECT, digit: Number(arg) };
      return new Error(`未知按键“${arg}”`);
    }
    default:
      return new Error(`未知命令“${head}”，输入 help 查看命令`);
  }
}
