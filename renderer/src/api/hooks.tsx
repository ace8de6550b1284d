import { createContext, useCallback, useContext, useEffect, useRef, useState, type ReactNode } from 'react';
import type { CounterCallError, CounterClient, EventName, EventPayload, MethodArgs, MethodName, MethodResult } from '../../../electron/contract';
import type { Connection } from './counter-client';
import type { ConnectionState } from './transports';

const ConnectionContext = createContext<Connection | null>(null);

export function CounterProvider({ connection, children }: { connection: Connection; children: ReactNode }) {
  return <ConnectionContext.Provider value={connection}>{children}</ConnectionContext.Provider>;
}

export function useConnection(): Connection {
  const connection = useContext(ConnectionContext);
  if (!connection) throw new Error('CounterProvider missing');
  return connection;
}

export function useCounter(): CounterClient {
  return useConnection().client;
}

export function useShell(): 'electron' | 'browser' {
  return useConnection().shell;
}

/** Runs `listener` when any call was refused for want of an active session. */
export function useSessionRefused(listener: () => void): void {
  const { onSessionRefused } = useConnection();
  const latest = useRef(listener);
  latest.current = listener;
  useEffect(() => onSessionRefused(() => latest.current()), [onSessionRefused]);
}

export function useConnectionState(): ConnectionState {
  const { transport } = useConnection();
  const [state, setState] = useState(transport.connection());
  useEffect(() => transport.onConnection(setState), [transport]);
  return state;
}

/** Runs `listener` for each core event of that name while the component is mounted. */
export function useCoreEvent<E extends EventName>(name: E, listener: (payload: EventPayload<E>) => void): void {
  const client = useCounter();
  const latest = useRef(listener);
  latest.current = listener;
  useEffect(() => client.on(name, (payload) => latest.current(payload)), [client, name]);
}

export interface Query<T> {
  data: T | undefined;
  error: CounterCallError | Error | undefined;
  loading: boolean;
  reload: () => void;
}

interface Answer<T> {
  /** The arguments (as JSON) and the reload it answers. */
  key: string;
  generation: number;
  data: T | undefined;
  error: CounterCallError | Error | undefined;
}

/**
 * Calls a method when mounted and whenever `args` (compared as JSON) change. Data and error are
 * given only for the current arguments: while item B loads, item A's answer must not be shown as
 * B's. A reload of the same arguments keeps the previous answer on screen until the new one comes.
 */
export function useQuery<M extends MethodName>(method: M, args: MethodArgs<M> | null): Query<MethodResult<M>> {
  const client = useCounter();
  const [answer, setAnswer] = useState<Answer<MethodResult<M>>>();
  const [generation, setGeneration] = useState(0);
  const key = args === null ? null : JSON.stringify(args);
  useEffect(() => {
    if (key === null) return;
    let live = true;
    client.call(method, JSON.parse(key) as MethodArgs<M>).then(
      (data) => {
        if (live) setAnswer({ key, generation, data, error: undefined });
      },
      (err: unknown) => {
        if (!live) return;
        const error = err instanceof Error ? err : new Error(String(err));
        setAnswer((previous) => ({ key, generation, data: previous?.key === key ? previous.data : undefined, error }));
      },
    );
    return () => {
      live = false;
    };
  }, [client, method, key, generation]);
  const reload = useCallback(() => setGeneration((g) => g + 1), []);
  const current = key !== null && answer?.key === key ? answer : undefined;
  return {
    data: current?.data,
    error: current?.error,
    loading: key !== null && current?.generation !== generation,
    reload,
  };
}
