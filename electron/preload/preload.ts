import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';

import type { CounterBridge } from '../contract/client';
import { failure, type Envelope } from '../contract/envelope';
import { EVENT_CHANNEL, INVOKE_CHANNEL, MAX_METHOD_LENGTH } from '../contract/ipc';

// A sandboxed preload may only require 'electron': esbuild bundles these two dependency-free
// contract files into preload.cjs (test/unit/architecture/preload-bundle.test.ts checks it).

/**
 * The whole surface the page gets: two functions. No ipcRenderer, no event objects (an
 * IpcRendererEvent leads back to ipcRenderer and its `sender`), no way to pick a channel.
 */
const bridge: CounterBridge = {
  invoke(method: string, args: unknown): Promise<Envelope> {
    if (typeof method !== 'string' || method.length === 0 || method.length > MAX_METHOD_LENGTH) {
      return Promise.resolve(failure('unknown_method', '未知的操作'));
    }
    // ipcRenderer.invoke rejects when the arguments cannot be cloned (a function, a DOM node);
    // the contract says failures are envelopes, so that becomes one too.
    return ipcRenderer
      .invoke(INVOKE_CHANNEL, method, args)
      .then((envelope: Envelope) => envelope)
      .catch(() => failure('invalid_arguments', '参数无法发送给核心服务'));
  },

  subscribe(listener: (name: string, payload: unknown) => void): () => void {
    if (typeof listener !== 'function') return () => {};
    const wrapped = (_event: IpcRendererEvent, name: unknown, payload: unknown): void => {
      if (typeof name !== 'string') return;
      try {
        listener(name, payload);
      } catch (error) {
        // One failing page listener must not stop the others from getting the event.
        console.error('counter event listener failed', error);
      }
    };
    ipcRenderer.on(EVENT_CHANNEL, wrapped);
    let subscribed = true;
    return () => {
      if (!subscribed) return;
      subscribed = false;
      ipcRenderer.removeListener(EVENT_CHANNEL, wrapped);
    };
  },
};

contextBridge.exposeInMainWorld('counter', bridge);
