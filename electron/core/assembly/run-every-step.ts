/**
 * Runs every closing step whatever fails on the way (a failing disk makes `PRAGMA optimize`
 * throw, and the database must still be closed and the folder's lock released after it): each
 * step in its own try, each failure reported, in order. Returns the failed steps' names; never
 * throws (a throwing `onFailure` is swallowed too, so the next step still runs).
 */
export async function runEveryStep(
  steps: ReadonlyArray<readonly [name: string, step: () => unknown]>,
  onFailure: (name: string, err: unknown) => void,
): Promise<string[]> {
  const failed: string[] = [];
  for (const [name, step] of steps) {
    try {
      await step();
    } catch (err) {
      failed.push(name);
      try {
        onFailure(name, err);
      } catch {
        // Reporting must not stop the next step either.
      }
    }
  }
  return failed;
}
