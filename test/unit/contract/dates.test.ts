import { describe, expect, it } from 'vitest';
import { calendarDateIn } from '../../../electron/contract';

describe('the hall’s calendar date', () => {
  it('follows the hall’s zone, not the PC’s, across midnight', () => {
    expect(calendarDateIn('Asia/Shanghai', new Date('2026-11-23T15:59:59.999Z'))).toBe('2026-11-23');
    expect(calendarDateIn('Asia/Shanghai', new Date('2026-11-23T16:00:00.000Z'))).toBe('2026-11-24');
    expect(calendarDateIn('UTC', new Date('2026-11-23T16:00:00.000Z'))).toBe('2026-11-23');
    // Asked again in the same minute, and back and forth between zones.
    expect(calendarDateIn('Asia/Shanghai', new Date('2026-11-23T16:00:30.000Z'))).toBe('2026-11-24');
    expect(calendarDateIn('Asia/Shanghai', new Date('2026-11-23T15:59:30.000Z'))).toBe('2026-11-23');
  });
});
