import { createClient, type CounterBridge, type CounterClient } from '../../../electron/contract';
import { httpTransport, ipcTransport, type ObservableTransport } from './transports';

declare global {
  interface Window {
    counter?: CounterBridge;
  }
}

const TOKEN_KEY = 'counter.accessToken';

/**
 * The token arrives once in the URL the shell printed; it is kept for this tab only
 * (sessionStorage, so a reload works) and removed from the address bar.
 */
function takeAccessToken(): string {
  const url = new URL(window.location.href);
  const fromUrl = url.searchParams.get('token');
  if (fromUrl) {
    sessionStorage.setItem(TOKEN_KEY, fromUrl);
    url.searchParams.delete('token');
    window.history.replaceState(null, '', url.toString());
    return fromUrl;
  }
  return sessionStorage.getItem(TOKEN_KEY) ?? '';
}

export interface Connection {
  client: CounterClient;
  transport: ObservableTransport;
  shell: 'electron' | 'browser';
  /**
   * Called whenever any call is refused because nobody is signed in or the window is paused:
   * the UI's idea of the session is stale (the core restarted, another tab signed out), and
   * one place can put it right instead of every page.
   */
  onSessionRefused(listener: () => void): () => void;
}

const SESSION_REFUSALS = new Set(['not_signed_in', 'session_paused']);

function watchSession(transport: ObservableTransport, listeners: Set<() => void>): ObservableTransport {
  return {
    ...transport,
    async invoke(method, args) {
      const envelope = await transport.invoke(method, args);
      if (!envelope.ok && SESSION_REFUSALS.has(envelope.error.code)) for (const l of listeners) l();
      return envelope;
    },
  };
}

export function connect(): Connection {
  const listeners = new Set<() => void>();
  const onSessionRefused = (listener: () => void) => {
    listeners.add(listener);
    return () => listeners.delete(listener);
  };
  const shell = window.counter ? 'electron' : 'browser';
  const raw = window.counter ? ipcTransport(window.counter) : httpTransport(window.location.origin, takeAccessToken());
  const transport = watchSession(raw, listeners);
  return { client: createClient(transport), transport, shell, onSessionRefused };
}
