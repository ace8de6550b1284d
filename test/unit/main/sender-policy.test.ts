import { describe, expect, it } from 'vitest';

import { isTrustedSender } from '../../../electron/main/sender-policy';

describe('isTrustedSender', () => {
  it('accepts the app page in the top frame', () => {
    expect(isTrustedSender({ url: 'app://counter/index.html', isTopFrame: true })).toBe(true);
    expect(isTrustedSender({ url: 'app://counter/index.html#/intake', isTopFrame: true })).toBe(true);
  });

  it('refuses a destroyed or unknown frame', () => {
    expect(isTrustedSender(null)).toBe(false);
  });

  it('refuses a subframe, even one showing our own page', () => {
    expect(isTrustedSender({ url: 'app://counter/index.html', isTopFrame: false })).toBe(false);
  });

  it.each([
    'https://example.com/',
    'file:///opt/counter/dist/renderer/index.html',
    'app://evil/index.html',
    'app://counter:9/index.html',
    'about:blank',
    'data:text/html,hi',
    '',
  ])('refuses a top frame showing %s', (url) => {
    expect(isTrustedSender({ url, isTopFrame: true })).toBe(false);
  });

  it('refuses malformed sender descriptions', () => {
    // What main could hand over if a frame's properties are read while it is torn down.
    const broken = [{ url: undefined, isTopFrame: true }, { url: 'app://counter/', isTopFrame: 'yes' }];
    for (const sender of broken) {
      expect(isTrustedSender(sender as unknown as { url: string; isTopFrame: boolean })).toBe(false);
    }
  });
});
