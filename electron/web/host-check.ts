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
