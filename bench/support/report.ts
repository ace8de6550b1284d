/** A plain-text table for people, then (by the caller) one JSON line for machines. */
export function table(headers: readonly string[], rows: ReadonlyArray<ReadonlyArray<string | number>>): string {
  const cells = [headers, ...rows].map((r) => r.map(String));
  const width = (i: number) => Math.max(...cells.map((r) => displayWidth(r[i] ?? '')));
  const line = (r: readonly string[]) => r.map((c, i) => c + ' '.repeat(width(i) - displayWidth(c))).join('  ');
  return [line(cells[0] ?? []), line(headers.map((_, i) => '-'.repeat(width(i)))), ...cells.slice(1).map(line)].join('\n');
}

/** CJK characters take two columns in a terminal. */
function displayWidth(s: string): number {
  let w = 0;
  for (const ch of s) w += /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]|[\u{20000}-\u{3fffd}]/u.test(ch) ? 2 : 1;
  return w;
}

export interface BenchResult {
  bench: string;
  figures: Record<string, number>;
  targets: Record<string, string>;
  met: boolean;
}

export function printResult(result: BenchResult): void {
  process.stdout.write(`${JSON.stringify(result)}\n`);
}
