import type { Envelope } from './envelope';
import { CounterCallError } from './errors';
import type { EventName, EventPayload } from './events';
import type { MethodArgs, MethodName, MethodResult } from './methods';

/**
 * How calls travel: Electron IPC through the preload bridge, or HTTP + WebSocket to the
 * browser shell. Both carry the same envelopes, so the UI never knows which it uses.
 */
export interface Transport {
  invoke(method: string, args: unknown): Promise<Envelope>;
  /** Listener gets every core event; returns the unsubscribe function. */
  subscribe(listener: (name: string, payload: unknown) => void): () => void;
}

/** The one object the preload exposes on `window.counter`: a transport by itself. */
export type CounterBridge = Transport;

export interface CounterClient {
  call<M extends MethodName>(method: M, args: MethodArgs<M>): Promise<MethodResult<M>>;
  on<E extends EventName>(name: E, listener: (payload: EventPayload<E>) => void): () => void;
}

export function createClient(transport: Transport): CounterClient {
  return {
    async call(method, args) {
      const envelope = await transport.invoke(method, args);
      if (!envelope.ok) throw new CounterCallError(envelope.error);
      // The core is the trusted side of this boundary and answers with the method's result type.
      return envelope.value as MethodResult<typeof method>;
    },
    on(name, listener) {
      return transport.subscribe((eventName, payload) => {
        // Payloads come from the core, which emits them typed by the same event table.
        if (eventName === name) listener(payload as EventPayload<typeof name>);
      });
    },
  };
}
