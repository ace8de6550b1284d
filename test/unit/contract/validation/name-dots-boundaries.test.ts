/**
 * Name-dot folding boundaries (issue 11 §8: each case once let a changed rule through mutation
 * testing): a full stop is a dot only with a Han character on BOTH sides, and a search part is
 * never one that starts with a dot.
 */
import { describe, expect, it } from 'vitest';
import { foldNameDots, nameTails } from '../../../../electron/contract/validation/name-dots';

describe('foldNameDots', () => {
  it('a full stop with a Han character after it but a Latin letter before stays a full stop', () => {
    expect(foldNameDots('A.张')).toEqual({ value: 'A.张', replaced: [] });
    expect(foldNameDots('张.A')).toEqual({ value: '张.A', replaced: [] });
    expect(foldNameDots('阿.张')).toEqual({ value: '阿·张', replaced: ['.'] });
  });
});

describe('nameTails', () => {
  it('leaves out the empty part between two dots', () => {
    expect(nameTails('阿··热合曼')).toEqual(['热合曼']);
  });
});
