import type { Pool } from 'pg';
import { authenticate, type EnrolledDevice } from '../enrolment/enrolment';
import { sha256Hex } from '../enrolment/secrets';

/** How long a token found live is trusted without asking the database again, in ms. */
export const LIVE_TOKEN_TTL_MS = 30_000;

/** The most token hashes remembered (a province's windows fit; the oldest entry goes first). */
const MAX_ENTRIES = 20_000;

/**
 * The token hashes found live lately (a small LRU with a TTL), for the check before a push's body
 * is read (app.ts): an unknown or revoked token is answered 401 before the server parses up to
 * 4 MB of JSON for it, while a window pushing every few seconds costs no extra round trip.
 * Only a gate: the push itself still checks the token in its insert (store-batch.ts
 * storeBatchForToken), so a token revoked within the TTL still stores nothing.
 */
export class LiveTokens {
  private readonly entries = new Map<string, { owner: EnrolledDevice; until: number }>();

  constructor(
    private readonly pool: Pool,
    private readonly now: () => number = Date.now,
  ) {}

  /** The token's window when it is live (remembered, or looked up by its SHA-256), else null. Throws the database's error. */
  async ownerOf(token: string): Promise<EnrolledDevice | null> {
    const hash = sha256Hex(token);
    const known = this.entries.get(hash);
    const at = this.now();
    if (known !== undefined && known.until > at) {
      // Most recently used last: Map keeps insertion order, so the first key is the one to drop.
      this.entries.delete(hash);
      this.entries.set(hash, known);
      return known.owner;
    }
    this.entries.delete(hash);
    const owner = await authenticate(this.pool, token);
    if (owner === null) return null;
    this.entries.set(hash, { owner, until: at + LIVE_TOKEN_TTL_MS });
    if (this.entries.size > MAX_ENTRIES) {
      const oldest = this.entries.keys().next();
      if (!oldest.done) this.entries.delete(oldest.value);
    }
    return owner;
  }
}
