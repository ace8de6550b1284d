const LOOPBACK_NAMES = new Set(['127.0.0.1', 'localhost', '[::1]']);

export function isLoopbackAddress(host: string): boolean {
  return host === '127.0.0.1' || host === '::1' || host === 'localhost' || /^127\.\d+\.\d+\.\d+$/.test(host);
}

/**
 * Refuses requests whose Host header names another site: a page on the internet whose DNS
 * name is re-pointed at 127.0.0.1 (DNS rebinding) must not reach the API even with a token
 * it cannot have. With `--allow-remote` the Host is whatever the hall's network calls this PC.
 */
export function hostHeaderAllowed(hostHeader: string | undefined, port: number, allowRemote: boolean, boundHost = '127.0.0.1'): boolean {
  if (allowRemote) return true;
  if (!hostHeader) return false;
  const match = /^(\[[^\]]+\]|[^:]+)(?::(\d+))?$/.exec(hostHeader.trim().toLowerCase());
  if (!match) return false;
  const [, name, portText] = match;
  const bound = boundHost.includes(':') ? `[${boundHost}]` : boundHost;
  return name !== undefined && (LOOPBACK_NAMES.has(name) || name === bound) && Number(portText ?? '80') === port;
}

/** The socket's peer is this computer. */
export function isLoopbackPeer(address: string | undefined): boolean {
  if (!address) return false;
  const plain = address.startsWith('::ffff:') ? address.slice(7) : address;
  return plain === '::1' || /^127\.\d+\.\d+\.\d+$/.test(plain);
}

/**
 * What another computer may call when the shell listens beyond loopback (--allow-remote, for
 * a hall screen): the window's name and its health. Signing in, cases and personal data stay
 * with this PC, whoever holds the token.
 */
export const REMOTE_METHODS: ReadonlySet<string> = new Set(['app.windowInfo', 'app.health']);
export const REMOTE_EVENTS: ReadonlySet<string> = new Set(['health.changed']);

/** Window-info fields that say where this PC keeps its files (a user name, folders): not for the network. */
const LOCAL_ONLY_FIELDS = ['configFile', 'dataDir', 'databasePath'] as const;

/** An answer as another computer may see it: window info without this PC's file paths. */
export function forRemoteCaller<E>(method: string, envelope: E): E {
  if (method !== 'app.windowInfo' || typeof envelope !== 'object' || envelope === null) return envelope;
  const { value } = envelope as { value?: unknown };
  if (typeof value !== 'object' || value === null) return envelope;
  const trimmed: Record<string, unknown> = { ...(value as Record<string, unknown>) };
  for (const field of LOCAL_ONLY_FIELDS) delete trimmed[field];
  return { ...envelope, value: trimmed };
}
