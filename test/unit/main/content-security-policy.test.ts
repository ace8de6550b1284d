import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { APP_CONTENT_SECURITY_POLICY } from '../../../electron/shell-shared/static-assets';

function directives(policy: string): Map<string, string> {
  return new Map(
    policy
      .split(';')
      .map((d) => d.trim())
      .filter(Boolean)
      .map((d) => {
        const [name = '', ...values] = d.split(/\s+/);
        return [name, values.sort().join(' ')];
      }),
  );
}

describe('the content security policy', () => {
  const html = fs.readFileSync(path.join(__dirname, '..', '..', '..', 'renderer', 'index.html'), 'utf8');
  const meta = /http-equiv="Content-Security-Policy"\s+content="([^"]+)"/.exec(html)?.[1] ?? '';

  it('is the same in the page and in the shells’ header (but for frame-ancestors, which only a header can carry)', () => {
    const header = directives(APP_CONTENT_SECURITY_POLICY);
    header.delete('frame-ancestors');
    expect(directives(meta)).toEqual(header);
  });

  it('allows no script but our own and no connection but to our own origin', () => {
    const policy = directives(APP_CONTENT_SECURITY_POLICY);
    expect(policy.get('script-src')).toBe("'self'");
    expect(policy.get('connect-src')).toBe("'self'");
    expect(policy.get('default-src')).toBe("'none'");
    expect(policy.get('object-src')).toBe("'none'");
    // No frames (frame-src falls back to default-src), no form posts, no <base> tricks, not framable.
    expect(policy.has('frame-src')).toBe(false);
    expect(policy.get('form-action')).toBe("'none'");
    expect(policy.get('base-uri')).toBe("'none'");
    expect(policy.get('frame-ancestors')).toBe("'none'");
    expect(APP_CONTENT_SECURITY_POLICY).not.toMatch(/unsafe-eval|unsafe-inline[^;]*script|\*/);
  });
});
