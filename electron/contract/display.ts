import type { Access } from './access';
import { failure, type Envelope } from './envelope';
import { eventAccess, eventDisplayPayload } from './event-access';
import { isMethodName, methods, type MethodSpec } from './methods';

// What a hall screen on another PC may do, read from the access levels of the method and event
// tables: the browser shell keeps no list of its own.

/** What a caller on another PC is told when it asks for more than a hall screen may have. */
export const DISPLAY_ONLY_MESSAGE = '从其他计算机只能读取窗口信息、设备状态与叫号';

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
 * `displayResult` schema when it has one (which keeps only the fields it names, or rewrites them),
 * a failure as it is. Any other method's answer is refused outright, should a caller forget
 * displayMayCall.
 */
export function asSeenByDisplay(method: string, envelope: Envelope): Envelope {
  if (!isMethodName(method) || methods[method].access !== 'display') {
    return failure('unauthorized', DISPLAY_ONLY_MESSAGE);
  }
  if (!envelope.ok) return envelope;
  const spec: MethodSpec = methods[method];
  if (spec.displayResult === undefined) return envelope;
  const seen = spec.displayResult.safeParse(envelope.value);
  // The core answered with something its own result schema does not describe: nothing of it leaves.
  return seen.success ? { ok: true, value: seen.data } : failure('internal', '本机服务内部错误，本次操作未完成');
}

/**
 * An event's payload as a hall screen on another PC may hear it (eventDisplayPayload), or null
 * when it hears nothing: the event is not a `display` one, or its payload is not what the
 * contract describes (then nothing of it leaves, as with asSeenByDisplay).
 */
export function asHeardByDisplay(event: string, payload: unknown): { payload: unknown } | null {
  if (!displayMayHear(event)) return null;
  const schema = eventDisplayPayload[event as keyof typeof eventDisplayPayload];
  const heard = schema.safeParse(payload);
  return heard.success ? { payload: heard.data } : null;
}
