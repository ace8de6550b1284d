// Which database errors mean "try the transaction again": it lost a race, not a fault.

function codeOf(err: unknown): unknown {
  return (err as { code?: unknown } | null)?.code;
}

/** A unique constraint refused the row (23505): another request inserted it first. */
export function isUniqueViolation(err: unknown): boolean {
  return codeOf(err) === '23505';
}

/** A serialization failure or deadlock (40001, 40P01): PostgreSQL asks for a retry. */
export function isRetryable(err: unknown): boolean {
  const code = codeOf(err);
  return code === '40001' || code === '40P01' || code === '23505';
}
