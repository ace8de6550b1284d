import type { Access } from './access';
import { failure, type Envelope } from './envelope';
import { eventAccess } from './event-access';
import { isMethodName, methods, type MethodSpec } from './methods';

// What a hall screen on another PC may do, read from the access levels of the method and event
// tables: the browser shell keeps no list of its own.

/** A caller on another PC (a hall screen) may make this call: the method's access is `display`. */
export function displayMayCall(method: string): boolean {
  return isMethodName(method) && methods[method].access === 'display';
}

/** A hall screen on another PC may hear this event: the event's access is `display`. */
export function displayMayHear(event: string): boolean {
  if (!Object.prototype.hasOwnProperty.call(eventAccess, event)) return false;
  const access: Access = eventAccess[event as keyof typeof eventAccess];
  return access === 'display';
}

/**
 * A `display` method's answer as a hall screen may see it: a result passed through the method's
 * `displayResult` schema when it has one (which keeps only the fields it names), a failure as it
 * is. Any other method's answer is refused outright, should a caller forget displayMayCall.
 */
export function asSeenByDisplay(method: string, envelope: Envelope): Envelope {
  if (!isMethodName(method) || methods[method].access !== 'display') {
    return failure('unauthorized', '从其他计算机只能读取窗口信息与设备状态');
  }
  if (!envelope.ok) return envelope;
  const spec: MethodSpec = methods[method];
  if (spec.displayResult === undefined) return envelope;
  const seen = spec.displayResult.safeParse(envelope.value);
  // The core answered with something its own result schema does not describe: nothing of it leaves.
  return seen.success ? { ok: true, value: seen.data } : failure('internal', '本机服务内部错误，本次操作未完成');
}
