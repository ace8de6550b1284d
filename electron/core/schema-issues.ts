import type { z } from 'zod';

/** A path the way one looks it up in the JSON: `items[3].materials[0].id`. */
export function issuePath(path: ReadonlyArray<PropertyKey>): string {
  const text = path.map((key, i) => (typeof key === 'number' ? `[${key}]` : `${i === 0 ? '' : '.'}${String(key)}`)).join('');
  return text === '' ? '(root)' : text;
}

/** Every issue of a failed parse on one line, each naming its field. */
export function describeIssues(issues: readonly z.core.$ZodIssue[]): string {
  return issues.map((issue) => `${issuePath(issue.path)}: ${issue.message}`).join('; ');
}
